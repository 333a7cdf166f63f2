"""The Evaluation panel driven as a user would: choose the test set and the models, run,
review blind with the keyboard, read the report; and the editor's Set aside as test set."""

from __future__ import annotations

import asyncio
import json
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from fine_tune_studio.core.eval_stats import Choice
from fine_tune_studio.ui.evaluation import panel as panel_module
from tests.support.qt_fixtures import until
from tests.support.test_files import AIRPORT_FAQ
from tests.ui.evaluation.conftest import ITEMS, PROFILE_ID, make_panel
from tests.ui.playground.conftest import run


def choose(panel: Any, rows: list[tuple[str, str, int]], test_set: Path) -> None:
    panel.use_test_set(test_set)
    for row in list(panel.setup.rows):
        panel.setup.remove_row(row)
    for provider, model, k in rows:
        panel.setup.add_row(provider, model, k)


def run_to_the_end(loop: asyncio.AbstractEventLoop, panel: Any) -> None:
    async def scenario() -> None:
        panel.setup.start.click()
        await until(lambda: panel.task is not None)
        await until(lambda: not panel.is_running, timeout=120)

    run(loop, scenario())


def test_a_run_fills_the_report_and_keyboard_votes_make_the_tallies(
    eval_panel: Any, qasync_loop: asyncio.AbstractEventLoop, qtbot: Any
) -> None:
    choose(eval_panel, [(PROFILE_ID, "oracle-tuned", 0), (PROFILE_ID, "echo-base", 0)],
           AIRPORT_FAQ)
    assert "24 test questions" in eval_panel.setup.leaks.text()
    run_to_the_end(qasync_loop, eval_panel)
    assert eval_panel.setup.bar.value() == 48
    assert "48 of 48 answers" in eval_panel.setup.progress_text.text()
    assert not eval_panel.setup.start.isEnabled()  # nothing left to continue

    eval_panel.tabs.setCurrentWidget(eval_panel.report)
    table = eval_panel.report.auto_table
    rows = {table.item(r, 0).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    assert rows == {"oracle-tuned": "100%", "echo-base": "0%"}

    # Review: one question at a time, names hidden, 1 / 2 / 3 and the arrows.
    review = eval_panel.review
    eval_panel.tabs.setCurrentWidget(review)
    qtbot.keyClicks(review.reviewer, "Amy")
    review.reviewer.editingFinished.emit()
    assert "oracle" not in review.first.currentText() + review.second.currentText()
    assert review.progress.text() == "1 of 24"
    assert not review.reference.isVisible()
    review.reference_button.click()
    assert review.reference.isVisible() and review.reference.toPlainText() == ITEMS[0].reference
    review.answer_a.setFocus()
    # Pick the oracle's side on 10 items, the other on 2, tie on 1; skip one with →.
    expected = {"wins": 0, "losses": 0, "ties": 0}
    for n in range(13):
        a_is_oracle = review.answer_a.toPlainText() == ITEMS[review.index].reference
        if n < 10:
            key, outcome = (Qt.Key.Key_1 if a_is_oracle else Qt.Key.Key_2), "wins"
        elif n < 12:
            key, outcome = (Qt.Key.Key_2 if a_is_oracle else Qt.Key.Key_1), "losses"
        else:
            key, outcome = Qt.Key.Key_3, "ties"
        qtbot.keyClick(review.answer_a, key)
        expected[outcome] += 1
    assert review.progress.text() == "14 of 24"
    qtbot.keyClick(review.answer_a, Qt.Key.Key_Right)
    assert review.progress.text() == "15 of 24"
    qtbot.keyClick(review.answer_a, Qt.Key.Key_Left)
    qtbot.keyClick(review.answer_a, Qt.Key.Key_Left)
    assert review.progress.text() == "13 of 24"
    assert "You called it a tie." in review.status.text()
    # Sides really vary per item, and each vote records them.
    votes = eval_panel.folder.votes()
    assert {v.left for v in votes} == {"oracle-tuned", "echo-base"}
    assert {v.choice for v in votes} == {Choice.A, Choice.B, Choice.TIE}

    eval_panel.tabs.setCurrentWidget(eval_panel.report)
    eval_panel.refresh_report()
    (tally,) = eval_panel.report.tallies()
    assert (tally.first, tally.wins, tally.losses, tally.ties) == (
        "oracle-tuned", expected["wins"], expected["losses"], expected["ties"])
    assert "oracle-tuned vs echo-base: 10 wins, 1 ties, 2 losses" in \
        eval_panel.report.tally_label.text()
    # A second reviewer's votes are kept apart.
    eval_panel.tabs.setCurrentWidget(review)
    review.reviewer.setText("Ben")
    review.index = 0
    review.show_item()
    qtbot.keyClick(review.answer_a, Qt.Key.Key_3)
    eval_panel.tabs.setCurrentWidget(eval_panel.report)
    assert set(eval_panel.report.data.reviewer_tallies()) == {"Amy", "Ben"}
    # The losses list names the items the chosen model lost, and opens them in the editor.
    eval_panel.report.loser_box.setCurrentIndex(eval_panel.report.loser_box.findData("oracle-tuned"))
    lost = eval_panel.report.lost_items()
    assert len(lost) == 2 and all("echo-base preferred" in why for _i, _t, why in lost)
    shown: list[tuple[str, int, str]] = []
    eval_panel.context.show_example_requested.connect(lambda *a: shown.append(a))
    eval_panel.report.losses.selectRow(0)
    eval_panel.report.open_button.click()
    assert shown == [(str(AIRPORT_FAQ.resolve()), lost[0][0].line - 1, "")]


def test_a_run_asks_off_the_gui_thread_and_the_open_report_follows_its_answers(
    eval_panel: Any, qasync_loop: asyncio.AbstractEventLoop, answer_server: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from fine_tune_studio.services.client import ProviderClient

    asked_on: list[int] = []
    chat = ProviderClient.chat

    async def noting_the_thread(self: ProviderClient, *args: Any, **kwargs: Any) -> Any:
        asked_on.append(threading.get_ident())
        return await chat(self, *args, **kwargs)

    monkeypatch.setattr(ProviderClient, "chat", noting_the_thread)
    answer_server.delay = 0.02  # answers keep coming for a while, out of order
    choose(eval_panel, [(PROFILE_ID, "oracle-tuned", 0), (PROFILE_ID, "echo-base", 0)],
           AIRPORT_FAQ)
    report = eval_panel.report
    eval_panel.tabs.setCurrentWidget(report)
    run_to_the_end(qasync_loop, eval_panel)
    assert len(asked_on) == 48 and threading.get_ident() not in asked_on

    def shown() -> tuple[list[list[str]], list[tuple[str, ...]]]:
        table = report.auto_table
        scores = [[table.item(r, c).text() for c in range(table.columnCount())]
                  for r in range(table.rowCount())]
        return scores, list(report.losses_model.rows)

    streamed = shown()
    assert streamed[0][1][:3] == ["echo-base", "24/24", "0%"]
    assert report.loser_box.currentData() == "echo-base"
    assert len(streamed[1]) == 24  # every echo differs from its reference, in file order
    eval_panel.refresh_report()  # built again from everything: the same report
    assert shown() == streamed


def test_the_review_tab_open_during_a_run_shows_answers_as_they_arrive(
    eval_panel: Any, qasync_loop: asyncio.AbstractEventLoop, answer_server: Any, qtbot: Any,
) -> None:
    # A reviewer names themselves and starts typing a note while the run is still asking.
    answer_server.delay = 0.05
    choose(eval_panel, [(PROFILE_ID, "oracle-tuned", 0), (PROFILE_ID, "echo-base", 0)],
           AIRPORT_FAQ)
    review = eval_panel.review

    async def scenario() -> None:
        eval_panel.setup.start.click()
        await until(lambda: eval_panel.folder is not None)
        eval_panel.tabs.setCurrentWidget(review)
        qtbot.keyClicks(review.reviewer, "Amy")
        review.reviewer.editingFinished.emit()
        qtbot.keyClicks(review.note, "check the bus times")
        await until(lambda: not eval_panel.is_running, timeout=120)

    run(qasync_loop, scenario())
    first = ITEMS[0]
    shown = {review.answer_a.toPlainText(), review.answer_b.toPlainText()}
    assert shown == {first.reference, f"You said: {first.question}"}
    assert review.note.text() == "check the bus times"  # not wiped by the answers coming in
    # Leaving the tab and coming back shows the same, without a reread of the run's files.
    eval_panel.tabs.setCurrentWidget(eval_panel.setup)
    eval_panel.tabs.setCurrentWidget(review)
    assert {review.answer_a.toPlainText(), review.answer_b.toPlainText()} == shown


def test_an_export_writes_html_csv_and_json(
    eval_panel: Any, qasync_loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    choose(eval_panel, [(PROFILE_ID, "oracle-tuned", 0), (PROFILE_ID, "echo-base", 0)],
           AIRPORT_FAQ)
    run_to_the_end(qasync_loop, eval_panel)
    written = eval_panel.export_to(tmp_path / "report.html")
    assert [p.name for p in written] == ["report.html", "report.items.csv", "report.votes.csv",
                                         "report.json"]
    data = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert len(data["items"]) == 24


def test_a_run_reopened_after_a_restart_continues_where_it_stopped(
    eval_context: Any, qasync_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path,
    answer_server: Any,
) -> None:
    panel = make_panel(eval_context, qtbot, tmp_path)
    choose(panel, [(PROFILE_ID, "oracle-tuned", 0), (PROFILE_ID, "echo-base", 0)], AIRPORT_FAQ)
    answer_server.delay = 0.05

    async def start_then_quit() -> None:
        panel.setup.concurrency.setValue(1)
        panel.setup.start.click()
        await until(lambda: panel.setup.bar.value() >= 5)
        panel.setup.pause.click()  # Pause shows as pressed, the run waits
        assert panel.runner.paused
        await panel.shutdown()  # the app quits mid-run
        await until(lambda: not panel.is_running)

    run(qasync_loop, start_then_quit())
    stored = len(panel.folder.answers()) if panel.folder else None
    folder = next((tmp_path / "runs").iterdir())
    answered = len([x for x in (folder / "answers.jsonl").read_text("utf-8").splitlines() if x])
    assert 5 <= answered < 48 and stored is None
    answer_server.asked.clear()
    answer_server.delay = 0.0

    reopened = make_panel(eval_context, qtbot, tmp_path)
    assert reopened.run_box.count() == 2
    reopened.run_box.setCurrentIndex(1)
    scored_on: set[int] = set()
    measure = panel_module.measure

    def noting_the_thread(answer: str, reference: str) -> tuple[bool, float]:
        scored_on.add(threading.get_ident())
        return measure(answer, reference)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(panel_module, "measure", noting_the_thread)
        opening = reopened.open_run(reopened.run_box.currentData())
        assert opening is not None
        assert reopened.setup.progress_text.text() == "Opening the run…"
        qasync_loop.run_until_complete(opening)
    # Read and scored in a worker thread: the GUI thread does not wait for the disk.
    assert scored_on and threading.get_ident() not in scored_on
    assert reopened.setup.start.text() == "Continue the run"
    assert reopened.setup.bar.value() == answered
    run_to_the_end(qasync_loop, reopened)
    assert len(answer_server.asked) == 48 - answered
    assert reopened.setup.bar.value() == 48
    run(qasync_loop, reopened.shutdown())


def test_set_aside_moves_examples_into_a_paired_test_set(
    eval_context: Any, qasync_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path
) -> None:
    from fine_tune_studio.ui.editor import EditorPanel
    from fine_tune_studio.ui.evaluation.pairs import test_set_for

    training = tmp_path / "airport.jsonl"
    shutil.copy(AIRPORT_FAQ, training)
    editor = EditorPanel(eval_context)
    qtbot.addWidget(editor)
    assert qasync_loop.run_until_complete(editor.open_path(training, ask=False))
    assert len(editor.session) == 24
    assert editor.set_aside_action.text() == "Set aside as test set…"
    editor.set_aside_action.trigger()
    from fine_tune_studio.ui.evaluation.set_aside_dialog import SetAsideDialog

    dialog = editor.findChild(SetAsideDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.by_count.setChecked(True)
    dialog.count.setValue(5)
    assert "5 examples move to airport.test.jsonl; 19 stay" in dialog.preview.text()
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    test_set = tmp_path / "airport.test.jsonl"
    assert len(test_set.read_text("utf-8").splitlines()) == 5
    assert len(editor.session) == 19
    qasync_loop.run_until_complete(  # saved
        until(lambda: len(training.read_text("utf-8").splitlines()) == 19)
    )
    assert test_set_for(training) == test_set.resolve()
    # The Evaluation panel finds the pair, and no question is in both files.
    panel = make_panel(eval_context, qtbot, tmp_path)
    panel.use_test_set(test_set)
    assert panel.setup.training.text() == str(training.resolve())
    assert panel.setup.leaks.text() == "5 test questions."
    # Undo brings the examples back into training: now both files ask them.
    editor.undo_stack.undo()
    assert qasync_loop.run_until_complete(editor.save())
    panel.use_test_set(test_set)
    assert "5 test questions are also in the training file" in panel.setup.leaks.text()
    run(qasync_loop, panel.shutdown())


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_fine_tune_beats_its_base_model_in_the_panel(
    engine_eval_context: Any, trained_job: Any, engine_server: Any,
    qasync_loop: asyncio.AbstractEventLoop, qtbot: Any, tmp_path: Path,
) -> None:
    panel = make_panel(engine_eval_context, qtbot, tmp_path)
    profile = engine_eval_context.registry.profiles[0].id
    tuned = trained_job.job.fine_tuned_model
    choose(panel, [(profile, engine_server.base_model, 0), (profile, tuned, 0)], AIRPORT_FAQ)
    panel.setup.max_tokens.setValue(200)
    run_to_the_end(qasync_loop, panel)
    panel.tabs.setCurrentWidget(panel.report)
    scores = {s.contestant: s for s in panel.report.data.auto_scores()}
    assert scores[tuned].exact_match >= 0.75
    assert scores[engine_server.base_model].exact_match <= 0.1
    run(qasync_loop, panel.shutdown())
    qasync_loop.run_until_complete(engine_eval_context.registry.aclose())
