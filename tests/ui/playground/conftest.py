"""Fixtures for the playground's tests: an app context with providers, and the panel.

`scripted_server` is a real HTTP server that can cut streams and stream slowly (see
scripted_chat_server.py); the engine tests add the local engine as "This computer".
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
from fine_tune_studio.core.settings import AppSettings
from tests.ui.playground.scripted_chat_server import ScriptedChatServer

T = TypeVar("T")
SCRIPTED_PROFILE_ID = "scripted"


@pytest.fixture(scope="session")
def scripted_server() -> Iterator[ScriptedChatServer]:
    server = ScriptedChatServer().start()
    yield server
    server.stop()


class _NoKeys:
    """Profiles in these tests need no key; a real keyring is tested by the providers room."""

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise AssertionError("the playground must not store keys")

    def delete_password(self, service: str, username: str) -> None:
        return None


def make_context(home: Path, profiles: list[ProviderProfile], engine_factory: Any = None) -> Any:
    from fine_tune_studio.services.keys import KeyStore
    from fine_tune_studio.services.settings_store import SettingsStore
    from fine_tune_studio.ui.context import AppContext

    settings = AppSettings(providers=profiles, active_provider_id=profiles[0].id)
    return AppContext(
        SettingsStore(home=home),
        settings=settings,
        key_store=KeyStore(backend=_NoKeys()),  # type: ignore[arg-type]
        engine_factory=engine_factory,
    )


def scripted_profile(server: ScriptedChatServer) -> ProviderProfile:
    return ProviderProfile(
        id=SCRIPTED_PROFILE_ID,
        kind=ProviderKind.OPENAI_COMPATIBLE,
        display_name="Scripted test server",
        base_url=server.base_url,
    )


@pytest.fixture
def scripted_context(
    qapp: Any, tmp_path: Path, scripted_server: ScriptedChatServer
) -> Iterator[Any]:
    context = make_context(tmp_path / "home", [scripted_profile(scripted_server)])
    yield context


@pytest.fixture
def panel(scripted_context: Any, qasync_loop: asyncio.AbstractEventLoop, qtbot: Any,
          tmp_path: Path) -> Iterator[Any]:
    from fine_tune_studio.ui.playground import PlaygroundPanel

    widget = PlaygroundPanel(scripted_context, library_dir=tmp_path / "conversations")
    # Not qtbot.addWidget: pytest-qt deletes those before fixtures tear down, and the
    # loop that runs shutdown() would then delete the panel under it (a flaky teardown).
    widget.resize(1200, 760)
    widget.show()
    yield widget
    qasync_loop.run_until_complete(widget.shutdown())
    qasync_loop.run_until_complete(scripted_context.registry.aclose())
    widget.close()
    widget.deleteLater()


def run(loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, T]) -> T:
    return loop.run_until_complete(asyncio.wait_for(coro, 120))


# -- the local engine with the session's fine-tuned airport model ---------------------------


@dataclass(frozen=True)
class TrainedAirportModel:
    base_model: str
    fine_tuned_model: str


@pytest.fixture(scope="session")
def trained_airport_model(trained_job: Any, engine_server: Any) -> TrainedAirportModel:
    """The engine tests' trained job (tests/support/engine_fixtures.py), trained once."""
    return TrainedAirportModel(engine_server.base_model, trained_job.job.fine_tuned_model)


class _RunningEngine:
    """The session's engine, handed to AppContext as if the app had started it."""

    def __init__(self, server: Any) -> None:
        self.base_url = server.base_url
        self.token = server.token

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None  # the session fixture owns the process


@pytest.fixture
def engine_context(
    trained_airport_model: TrainedAirportModel, qapp: Any, tmp_path: Path, engine_server: Any
) -> Iterator[Any]:
    # Depends on the trained model so its asyncio.run() happens before any qasync loop is
    # made current (asyncio.run resets the current loop when it ends).
    from fine_tune_studio.core.providers import local_engine_profile

    profile = local_engine_profile("This computer")
    yield make_context(tmp_path / "home", [profile], engine_factory=lambda: _RunningEngine(
        engine_server))


@pytest.fixture
def engine_panel(engine_context: Any, qasync_loop: asyncio.AbstractEventLoop, qtbot: Any,
                 tmp_path: Path) -> Iterator[Any]:
    from fine_tune_studio.ui.playground import PlaygroundPanel

    widget = PlaygroundPanel(engine_context, library_dir=tmp_path / "conversations")
    # Not qtbot.addWidget: pytest-qt deletes those before fixtures tear down, and the
    # loop that runs shutdown() would then delete the panel under it (a flaky teardown).
    widget.resize(1200, 760)
    widget.show()
    yield widget
    qasync_loop.run_until_complete(widget.shutdown())
    qasync_loop.run_until_complete(engine_context.registry.aclose())
    widget.close()
    widget.deleteLater()
