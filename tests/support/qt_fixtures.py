"""Shared pytest fixtures (qt_fixtures); see tests/conftest.py.

- `qasync_loop`: a `qasync.QEventLoop` over pytest-qt's `qapp`, set as the current event
  loop and closed afterwards. pytest-qt knows nothing about qasync, so a test drives async
  UI code with `qasync_loop.run_until_complete(scenario())`, where `scenario` clicks and
  types and `await until(...)`s what the user would see.
- `ui_home`: every folder the app writes to (settings, keys file, logs, caches) under
  tmp_path, through FINE_TUNE_STUDIO_HOME and the XDG variables platformdirs reads.
  (`app_home` and `memory_keyring` come from service_fixtures; pass the latter to
  `KeyStore(backend=...)`.)
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest


async def until(condition: Callable[[], object], timeout: float = 30.0, step: float = 0.02) -> None:
    """Let the event loop run until `condition()` is truthy; fail the test if it never is.

    The timeout is a safety net against a hung test, not a performance requirement.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {timeout} s: {condition}")
        await asyncio.sleep(step)


@pytest.fixture
def qasync_loop(qapp: object) -> Iterator[asyncio.AbstractEventLoop]:
    import qasync

    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        if not loop.is_closed():
            pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.wait(pending, timeout=10))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()
        asyncio.set_event_loop(None)


@pytest.fixture
def ui_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "app-home"
    home.mkdir()
    monkeypatch.setenv("FINE_TUNE_STUDIO_HOME", str(home))
    # Belt and braces: anything that asks platformdirs directly also lands under tmp_path.
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        folder = tmp_path / "xdg" / variable.lower()
        folder.mkdir(parents=True)
        monkeypatch.setenv(variable, str(folder))
    return home


@pytest.fixture
def make_ui_context(
    ui_home: Path, memory_keyring: Any, qasync_loop: asyncio.AbstractEventLoop
) -> Iterator[Callable[..., Any]]:
    """Builds `AppContext`s over the isolated home and the in-memory keyring, with the
    qasync loop already current (panels start tasks, e.g. the keyring probe, as they open).

    Each context gets a real LanguageSwitcher on the shared QApplication; the fixture puts
    the interface back to English afterwards so later tests see the source texts.
    """
    from fine_tune_studio.services.client import RetryPolicy
    from fine_tune_studio.services.keys import KeyStore
    from fine_tune_studio.services.settings_store import SettingsStore
    from fine_tune_studio.ui.context import AppContext
    from fine_tune_studio.ui.i18n import LanguageSwitcher

    switcher = LanguageSwitcher()
    made: list[Any] = []

    def make(**kwargs: Any) -> Any:
        store = kwargs.pop("settings_store", None) or SettingsStore()
        kwargs.setdefault(
            "key_store",
            KeyStore(backend=memory_keyring, plaintext_path=store.dirs.plaintext_keys_file),
        )
        kwargs.setdefault("language_switcher", switcher)
        # One attempt: a test of an error wants the error, not four retries of it.
        kwargs.setdefault("client_options", {"retry": RetryPolicy(max_attempts=1), "timeout": 30.0})
        kwargs.setdefault("engine_factory", None)
        context = AppContext(store, **kwargs)
        switcher.apply(context.effective_language)
        made.append(context)
        return context

    try:
        yield make
    finally:
        switcher.apply("en")


@contextlib.contextmanager
def this_computer_window(
    make_ui_context: Callable[..., Any], loop: asyncio.AbstractEventLoop,
    size: tuple[int, int], **context_options: Any,
) -> Iterator[Any]:
    """The app's main window over a context whose one provider is This computer, shown at
    `size`; afterwards its dialogs closed, its panels shut down, the window and the context
    ended as the app ends them. `context_options` go to `make_ui_context`."""
    from PySide6.QtWidgets import QApplication

    from fine_tune_studio.core.providers import local_engine_profile
    from fine_tune_studio.core.settings import AppSettings
    from fine_tune_studio.ui.main_window import MainWindow

    settings = AppSettings(providers=[local_engine_profile("This computer")])
    settings.active_provider_id = settings.providers[0].id
    context = make_ui_context(settings=settings, **context_options)
    window = MainWindow(context)
    window.resize(*size)
    window.show()
    editor: Any = window.panel_widgets["editor"]
    editor.auto_offer_recovery = False
    try:
        yield window
    finally:
        for widget in QApplication.topLevelWidgets():
            if widget is not window and widget.isVisible():
                widget.close()
        editor.undo_stack.setClean()
        loop.run_until_complete(window.shutdown_panels())
        window.close()
        loop.run_until_complete(context.shutdown())
        window.deleteLater()
