"""Fixtures for the Evaluation panel: an app context whose provider is a local answer server
(or the session's engine with the fine-tuned airport model), and the panel."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
from fine_tune_studio.core.test_sets import read_test_items
from tests.support.answer_server import AnswerServer
from tests.support.test_files import AIRPORT_FAQ
from tests.ui.playground.conftest import _RunningEngine, make_context

PROFILE_ID = "answers"
ITEMS = read_test_items(AIRPORT_FAQ.read_bytes().splitlines())[0]


@pytest.fixture
def answer_server() -> Iterator[AnswerServer]:
    server = AnswerServer({i.question: i.reference for i in ITEMS}).start()
    yield server
    server.stop()


@pytest.fixture
def eval_context(qapp: Any, ui_home: Path, answer_server: AnswerServer) -> Any:
    profile = ProviderProfile(id=PROFILE_ID, kind=ProviderKind.OPENAI_COMPATIBLE,
                              display_name="Answer server", base_url=answer_server.base_url)
    return make_context(ui_home, [profile])


def make_panel(context: Any, qtbot: Any, tmp_path: Path) -> Any:
    from fine_tune_studio.ui.evaluation import EvaluationPanel

    widget = EvaluationPanel(context, runs_dir=tmp_path / "runs")
    qtbot.addWidget(widget)
    widget.resize(1024, 700)
    widget.show()
    return widget


@pytest.fixture
def eval_panel(eval_context: Any, qasync_loop: asyncio.AbstractEventLoop, qtbot: Any,
               tmp_path: Path) -> Iterator[Any]:
    widget = make_panel(eval_context, qtbot, tmp_path)
    yield widget
    qasync_loop.run_until_complete(widget.shutdown())
    qasync_loop.run_until_complete(eval_context.registry.aclose())


@pytest.fixture
def engine_eval_context(trained_job: Any, engine_server: Any, qapp: Any, ui_home: Path) -> Any:
    # Depends on the trained job so its asyncio.run() happens before a qasync loop is current.
    from fine_tune_studio.core.providers import local_engine_profile

    return make_context(ui_home, [local_engine_profile("This computer")],
                        engine_factory=lambda: _RunningEngine(engine_server))
