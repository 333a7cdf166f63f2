"""Fixtures for the jobs panel: an app context on the local engine (or a fake API server)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from fine_tune_studio.core.document import DatasetDocument
from fine_tune_studio.core.providers import ProviderKind, ProviderProfile, local_engine_profile
from fine_tune_studio.core.settings import AppSettings
from tests.support.test_files import AIRPORT_FAQ, AIRPORT_FAQ_WITH_MISTAKES

MISTAKES = AIRPORT_FAQ_WITH_MISTAKES


class _NoKeys:
    """Profiles here need no stored key (the engine's token comes from the engine)."""

    def get_password(self, service: str, username: str) -> str | None:
        return "sk-test-not-a-real-key"

    def set_password(self, service: str, username: str, password: str) -> None:
        return None

    def delete_password(self, service: str, username: str) -> None:
        return None


class RunningEngine:
    """The session's engine, handed to AppContext as if the app had started it."""

    def __init__(self, server: Any) -> None:
        self.base_url = server.base_url
        self.token = server.token

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None  # the session fixture owns the process


def make_context(home: Path, profiles: list[ProviderProfile], engine_factory: Any = None) -> Any:
    from fine_tune_studio.services.client import RetryPolicy
    from fine_tune_studio.services.keys import KeyStore
    from fine_tune_studio.services.settings_store import SettingsStore
    from fine_tune_studio.ui.context import AppContext

    settings = AppSettings(providers=profiles, active_provider_id=profiles[0].id)
    return AppContext(
        SettingsStore(home=home),
        settings=settings,
        key_store=KeyStore(backend=_NoKeys()),  # type: ignore[arg-type]
        engine_factory=engine_factory,
        client_options={"retry": RetryPolicy(max_attempts=1), "timeout": 60.0},
    )


@pytest.fixture
def engine_context(qapp: Any, tmp_path: Path, engine_server: Any) -> Iterator[Any]:
    context = make_context(
        tmp_path / "home",
        [local_engine_profile("This computer")],
        engine_factory=lambda: RunningEngine(engine_server),
    )
    context.set_dataset(DatasetDocument.open(AIRPORT_FAQ))
    yield context


@pytest.fixture
def fake_api_context(qapp: Any, tmp_path: Path, fault_server: Any) -> Iterator[Any]:
    profile = ProviderProfile(
        id="fake-openai",
        kind=ProviderKind.OPENAI_COMPATIBLE,
        display_name="Fake OpenAI",
        base_url=fault_server.base_url,
    )
    context = make_context(tmp_path / "home", [profile])
    context.set_dataset(DatasetDocument.open(AIRPORT_FAQ))
    yield context


@pytest.fixture
def make_panel(
    qasync_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path
) -> Iterator[Callable[..., Any]]:
    from fine_tune_studio.services.job_records_store import JobRecordStore
    from fine_tune_studio.ui.jobs.panel import JobsPanel

    made: list[Any] = []

    def make(context: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("record_store", JobRecordStore(tmp_path / "job_records.json"))
        kwargs.setdefault("poll_interval", 0.2)
        panel = JobsPanel(context, **kwargs)
        qtbot.addWidget(panel)
        panel.resize(1200, 860)
        panel.show()
        made.append((panel, context))
        return panel

    yield make
    for panel, context in made:
        panel.jobs.watcher.stop()
        if panel._wizard is not None:
            panel._wizard.close()
        qasync_loop.run_until_complete(context.shutdown())


@pytest.fixture
def shown_messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every QSystemTrayIcon.showMessage call (offscreen has no tray to look at)."""
    from PySide6.QtWidgets import QSystemTrayIcon

    calls: list[tuple[str, str]] = []
    original = QSystemTrayIcon.showMessage

    def record(self: QSystemTrayIcon, title: str, message: str, *args: Any) -> None:
        calls.append((title, message))
        original(self, title, message, *args)

    monkeypatch.setattr(QSystemTrayIcon, "showMessage", record)
    return calls
