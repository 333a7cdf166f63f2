"""Set-up for every UI test: the app's English, and garbage collected on the GUI thread,
as `ui.app` sets them up at start."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session", autouse=True)
def english_as_the_app_speaks_it(qapp: Any) -> Iterator[None]:
    """English plural forms ("3 models"), installed for the session as `ui.app` does.

    A test that switches language installs its own translators on top and removes them
    afterwards; this one stays underneath.
    """
    from fine_tune_studio.ui.i18n import LanguageSwitcher

    switcher = LanguageSwitcher()
    switcher.apply("en")
    assert switcher.loaded_files, "the English plural forms (*_en.qm) did not load"
    yield  # the switcher (and its translators) live until the session ends


@pytest.fixture(scope="session", autouse=True)
def garbage_collected_on_the_gui_thread(qapp: Any) -> Iterator[None]:
    """Cycle collection only on the main thread, as the app does (`ui.memory.install`):
    the engine, scripted servers and keyring probes run threads here, and a QObject freed
    by a collection in one of them left a dangling Qt timer that crashed a later test."""
    from fine_tune_studio.ui import memory

    memory.install()
    yield
    memory.uninstall()


@pytest.fixture(autouse=True)
def collect_after_each_test() -> Iterator[None]:
    """The timer only ticks while a test runs the event loop; collect between tests too
    (frozen documents included, as closing a document does)."""
    from fine_tune_studio.ui import memory

    yield
    memory.release_long_lived(at_once=True)
