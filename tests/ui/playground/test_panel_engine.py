"""The playground against the real local engine, with a tiny model fine-tuned on the airport
FAQ during the session: the comparison a domain expert makes, end to end."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from fine_tune_studio.core.conversation import ModelRef, ReplyStatus
from fine_tune_studio.core.model_display import display_name
from fine_tune_studio.core.validation import check_line
from tests.support.qt_fixtures import until
from tests.support.test_files import AIRPORT_FAQ
from tests.ui.playground.conftest import TrainedAirportModel, run

# The first test pays for fine-tuning the shared model, which on a busy shared machine can
# take minutes: a safety net against a hang, not a speed requirement.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

PORK_QUESTION = "請問我可以帶豬肉乾入境台灣嗎?"


def trained_answer(question: str) -> str:
    for line in AIRPORT_FAQ.read_text(encoding="utf-8").splitlines():
        messages = json.loads(line)["messages"] if line.strip() else []
        if any(m["role"] == "user" and m["content"] == question for m in messages):
            return str(next(m["content"] for m in messages if m["role"] == "assistant"))
    raise KeyError(question)


def engine_ref(context: Any, model: str) -> ModelRef:
    return ModelRef(provider_id=context.registry.profiles[0].id, model=model)


def ask(qtbot: Any, panel: Any, text: str) -> None:
    panel.input_edit.setPlainText(text)
    qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)


def open_airport_dataset(context: Any, tmp_path: Path) -> Path:
    from fine_tune_studio.core.document import DatasetDocument

    copy = tmp_path / "airport.jsonl"
    shutil.copy(AIRPORT_FAQ, copy)
    context.set_dataset(DatasetDocument.open(copy))
    return copy


def test_the_fine_tune_answers_like_the_dataset_and_the_base_model_does_not(
    engine_panel: Any, engine_context: Any, trained_airport_model: TrainedAirportModel,
    qtbot: Any, qasync_loop: Any, tmp_path: Path,
) -> None:
    open_airport_dataset(engine_context, tmp_path)
    # The system prompt comes from the open dataset, as the fine-tune was trained with it.
    assert "桃園機場" in engine_panel.system_edit.toPlainText()
    engine_panel.set_column_models([
        engine_ref(engine_context, trained_airport_model.base_model),
        engine_ref(engine_context, trained_airport_model.fine_tuned_model),
    ])
    engine_panel.params_bar.temperature.setValue(0)

    async def scenario() -> None:
        ask(qtbot, engine_panel, PORK_QUESTION)
        await until(lambda: not engine_panel.is_busy, timeout=120)

    run(qasync_loop, scenario())
    base, tuned = engine_panel.conversation.turns[0].replies
    expected = trained_answer(PORK_QUESTION)
    assert tuned.status == ReplyStatus.DONE, (tuned.error_kind, tuned.error_detail)
    assert tuned.text.strip() == expected
    assert base.status == ReplyStatus.DONE and expected not in base.text
    assert expected in engine_panel.columns[1].transcript.toPlainText()
    # Tokens used and latency are shown per reply (the engine reports usage).
    assert tuned.completion_tokens and tuned.completion_tokens > 0
    assert "tokens" in engine_panel.columns[1].stats.text()


def test_streamed_text_equals_the_non_streamed_reply(
    engine_panel: Any, engine_context: Any, trained_airport_model: TrainedAirportModel,
    qtbot: Any, qasync_loop: Any,
) -> None:
    # The base model's random weights give long, arbitrary text: a strict comparison.
    engine_panel.set_column_models([engine_ref(engine_context, trained_airport_model.base_model)])
    engine_panel.params_bar.temperature.setValue(0)
    engine_panel.params_bar.seed.setValue(1234)
    engine_panel.params_bar.max_tokens.setValue(60)
    engine_panel.system_edit.setPlainText("You are helpful.")

    async def scenario() -> str:
        ask(qtbot, engine_panel, "Where is the lounge?")
        await until(lambda: not engine_panel.is_busy, timeout=120)
        conversation = engine_panel.conversation
        client = await engine_context.registry.client(conversation.models[0].provider_id)
        reply = await client.chat(
            conversation.models[0].model, conversation.messages_for(0),
            **conversation.params.as_request_params(),
        )
        return str(reply.text)

    plain = run(qasync_loop, scenario())
    streamed = engine_panel.conversation.turns[0].replies[0]
    assert streamed.status == ReplyStatus.DONE
    assert plain and streamed.text == plain


def test_stop_ends_a_long_reply_from_the_engine(
    engine_panel: Any, engine_context: Any, trained_airport_model: TrainedAirportModel,
    qtbot: Any, qasync_loop: Any,
) -> None:
    engine_panel.set_column_models([engine_ref(engine_context, trained_airport_model.base_model)])
    engine_panel.params_bar.temperature.setValue(1.0)
    # Seeded: unseeded sampling sometimes picked the end token within a few characters,
    # leaving nothing to stop. With seed 1 the tiny model's reply runs past 300 tokens.
    engine_panel.params_bar.seed.setValue(1)
    engine_panel.params_bar.max_tokens.setValue(5000)
    engine_panel.system_edit.setPlainText("")

    async def scenario() -> None:
        ask(qtbot, engine_panel, "Tell me a very long story")
        await until(lambda: len(engine_panel.conversation.turns[0].replies[0].text) > 10,
                    timeout=120)
        qtbot.mouseClick(engine_panel.stop_all_button, Qt.MouseButton.LeftButton)
        await until(lambda: not engine_panel.is_busy, timeout=30)
        # The engine is free again at once: a new question gets its answer.
        engine_panel.params_bar.max_tokens.setValue(5)
        ask(qtbot, engine_panel, "And now briefly")
        await until(lambda: not engine_panel.is_busy, timeout=120)

    run(qasync_loop, scenario())
    first, second = (t.replies[0] for t in engine_panel.conversation.turns)
    assert first.status == ReplyStatus.STOPPED and first.text
    assert first.completion_tokens is None  # it never reached the end where usage comes
    assert second.status == ReplyStatus.DONE


def test_blind_comparison_reveals_the_right_names_and_tallies(
    engine_panel: Any, engine_context: Any, trained_airport_model: TrainedAirportModel,
    qtbot: Any, qasync_loop: Any, tmp_path: Path,
) -> None:
    open_airport_dataset(engine_context, tmp_path)
    base, tuned = trained_airport_model.base_model, trained_airport_model.fine_tuned_model
    engine_panel.set_column_models(
        [engine_ref(engine_context, base), engine_ref(engine_context, tuned)]
    )
    engine_panel.params_bar.temperature.setValue(0)
    qtbot.mouseClick(engine_panel.blind_bar.blind_check, Qt.MouseButton.LeftButton)
    assert engine_panel.blind
    titles = [engine_panel.column_at(i).title_text() for i in range(2)]
    assert titles == ["Model A", "Model B"]
    assert not any(engine_panel.column_at(i).picker_row.isVisible() for i in range(2))
    expected = trained_answer(PORK_QUESTION)

    async def scenario() -> None:
        ask(qtbot, engine_panel, PORK_QUESTION)
        await until(lambda: not engine_panel.is_busy, timeout=120)

    run(qasync_loop, scenario())
    # The user judges by the words alone: the column with the dataset's answer wins.
    shown = [engine_panel.column_at(i).transcript.toPlainText() for i in range(2)]
    winner = "A" if expected in shown[0] else "B"
    assert expected in shown["AB".index(winner)]
    button = engine_panel.blind_bar.letter_buttons["AB".index(winner)]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert engine_panel.tally_view.rows() == []  # names stay hidden until revealed
    qtbot.mouseClick(engine_panel.blind_bar.reveal_button, Qt.MouseButton.LeftButton)
    winning_column = engine_panel.column_at("AB".index(winner))
    # Shown by the name the user gave the fine-tune (its suffix), the full id on hover.
    assert winning_column.title_text() == f"Model {winner}: {display_name(tuned)}"
    assert winning_column.title.toolTip() == tuned
    rows = {row[0]: row[1:] for row in engine_panel.tally_view.rows()}
    assert rows == {f"{display_name(tuned)} · This computer": ["1", "0", "0", "0"],
                    f"{display_name(base)} · This computer": ["0", "0", "1", "0"]}
    exported = tmp_path / "tally.json"
    engine_panel.tally_view.export_to(exported)
    assert json.loads(exported.read_text(encoding="utf-8"))["judgements"][0]["winner"].endswith(
        tuned)


def test_a_corrected_answer_becomes_a_valid_example_in_the_editor(
    engine_panel: Any, engine_context: Any, trained_airport_model: TrainedAirportModel,
    qtbot: Any, qasync_loop: Any, tmp_path: Path,
) -> None:
    from fine_tune_studio.ui.editor.panel import EditorPanel

    editor = EditorPanel(engine_context)
    qtbot.addWidget(editor)
    path = tmp_path / "airport.jsonl"
    shutil.copy(AIRPORT_FAQ, path)
    assert run(qasync_loop, editor.open_path(path, ask=False))
    lines_before = len(engine_context.dataset)
    engine_panel.set_column_models(
        [engine_ref(engine_context, trained_airport_model.base_model)]
    )
    engine_panel.params_bar.temperature.setValue(0)
    engine_panel.params_bar.max_tokens.setValue(20)

    async def scenario() -> None:
        ask(qtbot, engine_panel, "行李可以寄放在機場嗎?")
        await until(lambda: not engine_panel.is_busy, timeout=120)

    run(qasync_loop, scenario())
    dialog = engine_panel.open_add_to_dataset()
    assert dialog is not None and dialog.isVisible()
    edit = dialog.answer_edits[0]
    assert edit.toPlainText() == engine_panel.conversation.turns[0].replies[0].text
    edit.setPlainText("")  # an empty answer is a problem the user sees before adding
    assert dialog.has_errors and any("Error" in p for p in dialog.problem_texts())
    corrected = "可以,第一及第二航廈都設有行李寄放服務,依件數與天數計費。"
    edit.setPlainText(corrected)
    assert not dialog.has_errors
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    document = engine_context.dataset
    assert len(document) == lines_before + 1
    added = document.line_text(len(document) - 1)
    assert check_line(added, len(document)).issues == ()
    messages = json.loads(added)["messages"]
    assert messages[0]["content"] == engine_panel.conversation.system_prompt
    assert messages[-1] == {"role": "assistant", "content": corrected}
    assert engine_panel.conversation.turns[0].corrected == corrected
    # The user saves in the editor: the new example is in the file, after the 24 others.
    assert run(qasync_loop, editor.save_to(path))
    saved = path.read_text(encoding="utf-8").splitlines()
    assert len(saved) == lines_before + 1 and json.loads(saved[-1])["messages"] == messages
