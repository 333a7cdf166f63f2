"""The playground against a scripted real HTTP server: streaming, stop, failures, editing.

What a user would notice: text appearing while the model answers, "Stop" ending it (and
the server seeing the connection close), a cut-off reply kept with an explanation, a
retired model explained in words, an earlier question edited and resent.
"""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication

from fine_tune_studio.core.conversation import ModelRef, ReplyStatus
from tests.support.qt_fixtures import until
from tests.ui.playground.conftest import SCRIPTED_PROFILE_ID, run
from tests.ui.playground.scripted_chat_server import CUT_PARTS, RETIRED_MODEL


def ref(model: str) -> ModelRef:
    return ModelRef(provider_id=SCRIPTED_PROFILE_ID, model=model)


def ask(qtbot: Any, panel: Any, text: str) -> None:
    panel.input_edit.setFocus()
    panel.input_edit.clear()
    qtbot.keyClicks(panel.input_edit, text)
    qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)


def shown(column: Any) -> str:
    return column.transcript.toPlainText()


def test_each_column_streams_its_own_reply(panel: Any, qtbot: Any, qasync_loop: Any) -> None:
    panel.set_column_models([ref("echo-a"), ref("echo-b")])

    async def scenario() -> None:
        ask(qtbot, panel, "Can I bring pork jerky?")
        assert not panel.send_button.isEnabled()  # busy, but the window still responds
        await until(lambda: not panel.is_busy)

    run(qasync_loop, scenario())
    for column in panel.columns:
        assert "You said: Can I bring pork jerky?" in shown(column)
        assert column.stats.text()  # latency is shown
        assert "?" not in column.title_text()
    assert [c.title_text() for c in panel.columns] == ["echo-a", "echo-b"]
    assert panel.send_button.isEnabled()


def test_stop_ends_the_request_and_keeps_what_arrived(
    panel: Any, qtbot: Any, qasync_loop: Any, scripted_server: Any
) -> None:
    panel.set_column_models([ref("slow-a"), ref("echo-a")])
    before = len(scripted_server.slow_streams)

    async def scenario() -> None:
        ask(qtbot, panel, "Tell me everything")
        await until(lambda: "word word word" in shown(panel.columns[0]))
        assert panel.columns[0].stop_button.isEnabled()
        qtbot.mouseClick(panel.columns[0].stop_button, Qt.MouseButton.LeftButton)
        await until(lambda: not panel.is_busy)
        record = scripted_server.slow_streams[before]
        # The server sees the connection close: it stops producing words for nobody.
        await until(record.client_closed.is_set, timeout=10)

    run(qasync_loop, scenario())
    record = scripted_server.slow_streams[before]
    sent_at_stop = record.chunks_sent
    reply = panel.conversation.turns[0].replies[0]
    assert reply.status == ReplyStatus.STOPPED
    assert reply.text.startswith("word word word")
    assert "(stopped)" in shown(panel.columns[0])
    assert sent_at_stop < 1000  # it was stopped well before its minute of words

    async def later() -> None:
        await asyncio.sleep(0.3)

    run(qasync_loop, later())
    assert record.chunks_sent == sent_at_stop
    assert panel.conversation.turns[0].replies[1].status == ReplyStatus.DONE


def test_a_cut_stream_keeps_the_partial_reply_and_says_why(
    panel: Any, qtbot: Any, qasync_loop: Any
) -> None:
    panel.set_column_models([ref("cut-a"), ref("echo-a")])

    async def scenario() -> None:
        ask(qtbot, panel, "What is the rule?")
        await until(lambda: not panel.is_busy)

    run(qasync_loop, scenario())
    column = panel.columns[0]
    assert "".join(CUT_PARTS) in shown(column)
    assert "cut off" in shown(column)
    assert column.problem.isVisible()
    assert "connect" in column.problem.text().lower() or "cut" in column.problem.text().lower()
    reply = panel.conversation.turns[0].replies[0]
    assert reply.status == ReplyStatus.FAILED and reply.text == "".join(CUT_PARTS)
    # The other column is not affected by its neighbour's failure.
    assert "You said: What is the rule?" in shown(panel.columns[1])


def test_a_retired_model_is_explained_in_words(panel: Any, qtbot: Any, qasync_loop: Any) -> None:
    panel.set_column_models([ref(RETIRED_MODEL)])

    async def scenario() -> None:
        ask(qtbot, panel, "Hello")
        await until(lambda: not panel.is_busy)

    run(qasync_loop, scenario())
    column = panel.columns[0]
    assert column.problem.isVisible()
    words = column.problem.text()
    assert "Model not available" in words and "retired" in words
    assert "404" not in words.split("<small>")[0]  # the words come first, not the code
    assert panel.conversation.turns[0].replies[0].error_kind == "model_not_found"


def test_edit_an_earlier_question_and_resend(
    panel: Any, qtbot: Any, qasync_loop: Any, scripted_server: Any
) -> None:
    panel.set_column_models([ref("echo-a")])

    async def scenario() -> None:
        ask(qtbot, panel, "first question")
        await until(lambda: not panel.is_busy)
        ask(qtbot, panel, "second question")
        await until(lambda: not panel.is_busy)
        # The user clicks "edit" beside the first question in the transcript.
        panel.columns[0].transcript.anchorClicked.emit(QUrl("turn:0"))
        assert panel.input_edit.toPlainText() == "first question"
        assert panel.banner.isVisible()
        panel.input_edit.setPlainText("a better first question")
        qtbot.mouseClick(panel.send_button, Qt.MouseButton.LeftButton)
        await until(lambda: not panel.is_busy)

    run(qasync_loop, scenario())
    assert [t.user for t in panel.conversation.turns] == ["a better first question"]
    text = shown(panel.columns[0])
    assert "You said: a better first question" in text and "second question" not in text
    assert [m["role"] for m in scripted_server.requests[-1]["messages"]] == ["user"]


def test_regenerate_and_parameters_reach_the_provider(
    panel: Any, qtbot: Any, qasync_loop: Any, scripted_server: Any
) -> None:
    panel.set_column_models([ref("echo-a")])
    panel.params_bar.temperature.setValue(0.0)
    panel.params_bar.top_p.setValue(0.9)
    panel.params_bar.max_tokens.setValue(64)
    panel.params_bar.seed.setValue(7)
    panel.system_edit.setPlainText("Be brief.")

    async def scenario() -> None:
        ask(qtbot, panel, "hello")
        await until(lambda: not panel.is_busy)
        count = len(scripted_server.requests)
        qtbot.mouseClick(panel.columns[0].regenerate_button, Qt.MouseButton.LeftButton)
        await until(lambda: len(scripted_server.requests) > count and not panel.is_busy)

    run(qasync_loop, scenario())
    sent = scripted_server.requests[-1]
    assert sent["temperature"] == 0 and sent["top_p"] == 0.9
    assert sent["max_tokens"] == 64 and sent["seed"] == 7 and sent["stream"] is True
    assert sent["messages"][0] == {"role": "system", "content": "Be brief."}
    assert len(panel.conversation.turns) == 1
    assert shown(panel.columns[0]).count("You said: hello") == 1


def test_markdown_is_rendered_and_copied_as_plain_text(
    panel: Any, qtbot: Any, qasync_loop: Any
) -> None:
    panel.set_column_models([ref("echo-a")])

    async def scenario() -> None:
        ask(qtbot, panel, "**bold** and `code`")
        await until(lambda: not panel.is_busy)

    run(qasync_loop, scenario())
    column = panel.columns[0]
    assert "**" not in shown(column)  # rendered, not shown as source
    qtbot.mouseClick(column.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "You said: bold and code"
    column.transcript.selectAll()
    mime = column.transcript.createMimeDataFromSelection()
    assert not mime.hasHtml() and "bold and code" in mime.text()
