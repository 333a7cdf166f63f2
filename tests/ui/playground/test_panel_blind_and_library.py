"""Blind judging, the session tally, saved conversations and exports (scripted server)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from fine_tune_studio.core.conversation import ModelRef
from fine_tune_studio.core.validation import check_line
from fine_tune_studio.ui.model_label import model_label
from tests.support.qt_fixtures import until
from tests.ui.playground.conftest import SCRIPTED_PROFILE_ID, run

A, B = "echo-a", "echo-b"


def ref(model: str) -> ModelRef:
    return ModelRef(provider_id=SCRIPTED_PROFILE_ID, model=model)


def ask(qtbot: Any, panel: Any, text: str) -> None:
    panel.input_edit.setPlainText(text)
    qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)


def answer(panel: Any, qtbot: Any, loop: Any, text: str) -> None:
    async def scenario() -> None:
        ask(qtbot, panel, text)
        await until(lambda: not panel.is_busy)

    run(loop, scenario())


def test_blind_rounds_hide_names_then_reveal_and_tally(
    panel: Any, qtbot: Any, qasync_loop: Any, tmp_path: Path
) -> None:
    panel.set_column_models([ref(A), ref(B)])
    qtbot.mouseClick(panel.blind_bar.blind_check, Qt.MouseButton.LeftButton)
    assert [panel.column_at(i).title_text() for i in range(2)] == ["Model A", "Model B"]
    hidden_text = " ".join(panel.column_at(i).toolTip() for i in range(2))
    assert A not in hidden_text and B not in hidden_text
    assert not panel.blind_bar.letter_buttons[0].isEnabled()  # nothing to judge yet

    answer(panel, qtbot, qasync_loop, "first")
    behind_a = panel.column_at(0).model_ref().model
    qtbot.mouseClick(panel.blind_bar.letter_buttons[0], Qt.MouseButton.LeftButton)  # A better
    assert "A is better" in panel.blind_bar.prompt.text()
    answer(panel, qtbot, qasync_loop, "second")
    qtbot.mouseClick(panel.blind_bar.tie_button, Qt.MouseButton.LeftButton)
    answer(panel, qtbot, qasync_loop, "third")
    qtbot.mouseClick(panel.blind_bar.both_bad_button, Qt.MouseButton.LeftButton)
    assert panel.tally_view.rows() == []
    assert panel.column_at(0).title_text() == "Model A"

    qtbot.mouseClick(panel.blind_bar.reveal_button, Qt.MouseButton.LeftButton)
    assert panel.column_at(0).title_text() == f"Model A: {behind_a}"
    other = B if behind_a == A else A
    assert panel.column_at(1).title_text() == f"Model B: {other}"
    assert not panel.blind_bar.letter_buttons[0].isVisible() or not (
        panel.blind_bar.letter_buttons[0].isEnabled())
    rows = {row[0]: row[1:] for row in panel.tally_view.rows()}
    assert rows == {
        f"{behind_a} · Scripted test server": ["1", "2", "0", "1"],
        f"{other} · Scripted test server": ["0", "2", "1", "1"],
    }
    # The winner of turn 1 is the reply chosen for the dataset.
    first_turn = panel.conversation.turns[0]
    assert panel.conversation.models[first_turn.chosen].model == behind_a

    # A second round: reshuffled, tallied on top of the first.
    qtbot.mouseClick(panel.blind_bar.next_round_button, Qt.MouseButton.LeftButton)
    assert panel.conversation.turns == []
    assert panel.column_at(0).title_text() == "Model A"
    answer(panel, qtbot, qasync_loop, "fourth")
    behind_b = panel.column_at(1).model_ref().model
    qtbot.mouseClick(panel.blind_bar.letter_buttons[1], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.blind_bar.reveal_button, Qt.MouseButton.LeftButton)
    wins = {row[0]: int(row[1]) for row in panel.tally_view.rows()}
    assert wins[f"{behind_b} · Scripted test server"] == (2 if behind_b == behind_a else 1)

    out = tmp_path / "tally.csv"
    panel.tally_view.export_to(out)
    exported = {r["model"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert set(exported) == {f"{SCRIPTED_PROFILE_ID}/{A}", f"{SCRIPTED_PROFILE_ID}/{B}"}
    assert sum(int(r["wins"]) for r in exported.values()) == 2
    assert sum(int(r["both_bad"]) for r in exported.values()) == 2


def test_blind_mode_needs_two_different_models(panel: Any, qtbot: Any) -> None:
    panel.set_column_models([ref(A), ref(A)])
    qtbot.mouseClick(panel.blind_bar.blind_check, Qt.MouseButton.LeftButton)
    assert not panel.blind and not panel.blind_bar.blind_check.isChecked()
    assert "two different models" in panel.status.text()


def test_conversations_are_saved_and_reopened(
    panel: Any, qtbot: Any, qasync_loop: Any, tmp_path: Path
) -> None:
    panel.set_column_models([ref(A), ref(B)])
    panel.system_edit.setPlainText("Answer as the help desk.")
    answer(panel, qtbot, qasync_loop, "Where is gate D5?")
    saved_id = panel.conversation.id
    assert (tmp_path / "conversations" / f"{saved_id}.json").is_file()
    assert panel.library_view.ids() == [saved_id]
    listed = panel.library_view.list.item(0)
    assert listed.text().endswith(f"{model_label(A)}, {model_label(B)}")
    assert listed.toolTip() == f"{A}\n{B}"  # the ids that were asked, on hover

    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    assert panel.conversation.turns == []
    assert "Where is gate D5?" not in panel.columns[0].transcript.toPlainText()

    panel.library_view.list.item(0).setSelected(True)
    qtbot.mouseClick(panel.library_view.open_button, Qt.MouseButton.LeftButton)
    assert panel.conversation.id == saved_id
    assert "You said: Where is gate D5?" in panel.columns[1].transcript.toPlainText()
    assert panel.system_edit.toPlainText() == "Answer as the help desk."
    # The conversation goes on where it stopped.
    answer(panel, qtbot, qasync_loop, "And gate D6?")
    assert len(panel.library.load(saved_id).turns) == 2


def test_export_jsonl_uses_the_chosen_answers(
    panel: Any, qtbot: Any, qasync_loop: Any, tmp_path: Path
) -> None:
    panel.set_column_models([ref(A), ref(B)])
    answer(panel, qtbot, qasync_loop, "chosen one")
    qtbot.mouseClick(panel.columns[1].choose_button, Qt.MouseButton.LeftButton)
    assert "chosen for the dataset" in panel.columns[1].transcript.toPlainText()
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    answer(panel, qtbot, qasync_loop, "never chosen")
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)

    out = tmp_path / "export.jsonl"
    written, skipped = panel.library_view.export_to(out)
    assert (written, skipped) == (1, ["never chosen"])
    assert "never chosen" in panel.status.text()
    [line] = out.read_text(encoding="utf-8").splitlines()
    assert check_line(line, 1).issues == ()
    assert json.loads(line)["messages"][-1]["content"] == "You said: chosen one"


def test_add_to_dataset_shows_problems_and_emits_a_valid_example(
    panel: Any, scripted_context: Any, qtbot: Any, qasync_loop: Any, tmp_path: Path
) -> None:
    from fine_tune_studio.core.document import DatasetDocument

    scripted_context.set_dataset(DatasetDocument([]))
    received: list[dict[str, Any]] = []
    scripted_context.add_example_requested.connect(received.append)
    panel.set_column_models([ref(A)])
    panel.system_edit.setPlainText("You are the help desk.")
    answer(panel, qtbot, qasync_loop, "first question")
    answer(panel, qtbot, qasync_loop, "second question")
    dialog = panel.open_add_to_dataset()
    assert dialog is not None
    assert [e.toPlainText() for e in dialog.answer_edits] == [
        "You said: first question", "You said: second question"]
    dialog.answer_edits[1].setPlainText("   ")
    assert dialog.has_errors
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    dialog.answer_edits[1].setPlainText("A corrected second answer.")
    assert dialog.problem_texts() == ["No problems found."]
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert len(received) == 1
    messages = received[0]["messages"]
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user", "assistant"]
    assert messages[-1]["content"] == "A corrected second answer."
    assert "Added" in panel.status.text()


def test_without_an_open_dataset_add_says_where_to_go(
    panel: Any, qtbot: Any, qasync_loop: Any
) -> None:
    panel.set_column_models([ref(A)])
    answer(panel, qtbot, qasync_loop, "hello")
    assert panel.open_add_to_dataset() is None
    assert "Examples" in panel.status.text()


def test_up_to_four_models_side_by_side(panel: Any, qtbot: Any, qasync_loop: Any) -> None:
    while panel.add_column_button.isEnabled():
        qtbot.mouseClick(panel.add_column_button, Qt.MouseButton.LeftButton)
    assert len(panel.columns) == 4
    panel.set_column_models([ref(m) for m in ("echo-a", "echo-b", "echo-c", "echo-d")])
    answer(panel, qtbot, qasync_loop, "four at once")
    assert all(
        "You said: four at once" in c.transcript.toPlainText() for c in panel.columns
    )
    qtbot.mouseClick(panel.columns[3].remove_button, Qt.MouseButton.LeftButton)
    assert len(panel.columns) == 3 and panel.add_column_button.isEnabled()


def test_conversations_live_in_the_app_data_folder(
    scripted_context: Any, qtbot: Any, qasync_loop: Any
) -> None:
    from fine_tune_studio.ui.playground import PlaygroundPanel

    widget = PlaygroundPanel(scripted_context)
    qtbot.addWidget(widget)
    assert widget.library.folder == scripted_context.settings_store.dirs.data / "playground"


def test_each_question_can_become_its_own_example(
    panel: Any, scripted_context: Any, qtbot: Any, qasync_loop: Any
) -> None:
    from fine_tune_studio.core.document import DatasetDocument

    scripted_context.set_dataset(DatasetDocument([]))
    received: list[dict[str, Any]] = []
    scripted_context.add_example_requested.connect(received.append)
    panel.set_column_models([ref(A)])
    panel.system_edit.setPlainText("You are the help desk.")
    for question in ("one", "two", "three"):
        answer(panel, qtbot, qasync_loop, question)
    dialog = panel.open_add_to_dataset()
    assert dialog is not None and dialog.separate_check.isVisibleTo(dialog)
    dialog.separate_check.setChecked(True)
    for number, edit in enumerate(dialog.answer_edits, start=1):
        edit.setPlainText(f"Corrected answer {number}.")
    dialog.answer_edits[2].setPlainText("")
    assert dialog.has_errors and any(p.startswith("Example 3") for p in dialog.problem_texts())
    dialog.answer_edits[2].setPlainText("Corrected answer 3.")
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.text() == "Add 3 examples"
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert [[m["content"] for m in e["messages"]] for e in received] == [
        ["You are the help desk.", q, f"Corrected answer {n}."]
        for n, q in enumerate(("one", "two", "three"), start=1)
    ]
    assert "3 new examples" in panel.status.text()


def test_a_large_dataset_still_gives_its_system_prompt_quickly_enough(
    panel: Any, scripted_context: Any
) -> None:
    from fine_tune_studio.core.document import DatasetDocument
    from fine_tune_studio.ui.playground.panel import SYSTEM_PROMPT_SAMPLE, dataset_lines

    usual = '{"messages":[{"role":"system","content":"usual"},{"role":"user","content":"q"}]}'
    rare = '{"messages":[{"role":"system","content":"rare"},{"role":"user","content":"q"}]}'
    lines = [rare if i % 10 == 0 else usual for i in range(30_000)]
    document = DatasetDocument.from_bytes(("\n".join(lines) + "\n").encode())
    assert len(dataset_lines(document)) <= SYSTEM_PROMPT_SAMPLE
    scripted_context.set_dataset(document)
    assert panel.system_edit.toPlainText() == "usual"
    # Once the user writes their own, a dataset change no longer overwrites it.
    panel.system_edit.setPlainText("mine")
    scripted_context.set_dataset(DatasetDocument.from_bytes(rare.encode() + b"\n"))
    assert panel.system_edit.toPlainText() == "mine"
    panel.from_dataset_button.click()
    assert panel.system_edit.toPlainText() == "rare"


def test_the_tally_is_there_after_a_restart_and_can_start_again(
    panel: Any, qtbot: Any, qasync_loop: Any, tmp_path: Path, scripted_context: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from fine_tune_studio.ui.playground import PlaygroundPanel

    panel.set_column_models([ref(A), ref(B)])
    qtbot.mouseClick(panel.blind_bar.blind_check, Qt.MouseButton.LeftButton)
    answer(panel, qtbot, qasync_loop, "first")
    qtbot.mouseClick(panel.blind_bar.letter_buttons[0], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.blind_bar.reveal_button, Qt.MouseButton.LeftButton)
    before = panel.tally_view.rows()
    assert before

    again = PlaygroundPanel(scripted_context, library_dir=tmp_path / "conversations")
    qtbot.addWidget(again)
    assert again.tally_view.rows() == before
    assert again.library_view  # the tally file is not listed as a conversation
    assert all(c.id for c in again.library.list())

    monkeypatch.setattr(
        "fine_tune_studio.ui.playground.tally_view.QMessageBox.question",
        lambda *_args, **_kwargs: QMessageBox.StandardButton.Yes,
    )
    qtbot.mouseClick(again.tally_view.clear_button, Qt.MouseButton.LeftButton)
    assert again.tally_view.rows() == []
    third = PlaygroundPanel(scripted_context, library_dir=tmp_path / "conversations")
    qtbot.addWidget(third)
    assert third.tally_view.rows() == []
    qasync_loop.run_until_complete(again.shutdown())
    qasync_loop.run_until_complete(third.shutdown())


def test_an_unreadable_tally_is_kept_aside_and_said(
    scripted_context: Any, qtbot: Any, qasync_loop: Any, tmp_path: Path
) -> None:
    from fine_tune_studio.ui.playground import PlaygroundPanel

    folder = tmp_path / "conversations"
    folder.mkdir()
    (folder / "tally.json").write_text("{not json", encoding="utf-8")
    widget = PlaygroundPanel(scripted_context, library_dir=folder)
    qtbot.addWidget(widget)
    assert widget.tally_view.rows() == []
    kept = list(folder.glob("tally.json.unreadable-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "{not json"
    assert kept[0].name in widget.status.text()
    qasync_loop.run_until_complete(widget.shutdown())


def test_a_tally_that_cannot_be_opened_is_left_untouched(
    scripted_context: Any, qtbot: Any, qasync_loop: Any, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from fine_tune_studio.core.conversation import ConversationLibrary
    from fine_tune_studio.ui.playground import PlaygroundPanel

    folder = tmp_path / "conversations"
    folder.mkdir()
    saved = folder / "tally.json"
    saved.write_text('{"judgements": []}', encoding="utf-8")

    def denied(_library: Any) -> Any:  # tests run as root: permissions cannot deny here
        raise PermissionError(13, "Permission denied", str(saved))

    monkeypatch.setattr(ConversationLibrary, "load_tally", denied)
    widget = PlaygroundPanel(scripted_context, library_dir=folder)
    qtbot.addWidget(widget)
    assert "Permission denied" in widget.status.text()
    assert "not saved" in widget.status.text()
    widget.tally_view.clear()  # a verdict change would save: it must not
    assert saved.read_text(encoding="utf-8") == '{"judgements": []}'
    qasync_loop.run_until_complete(widget.shutdown())
