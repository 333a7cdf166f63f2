"""The playground against a scripted real HTTP server: streaming, stop, failures, editing.

What a user would notice: text appearing while the model answers, "Stop" ending it (and
the server seeing the connection close), a cut-off reply kept with an explanation, a
retired model explained in words, an earlier question edited and resent.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication

from fine_tune_studio.core.conversation import ModelRef, ReplyStatus
from tests.support.qt_fixtures import until
from tests.ui.playground.conftest import SCRIPTED_PROFILE_ID, run
from tests.ui.playground.scripted_chat_server import CUT_PARTS, RETIRED_MODEL, SMALL_CONTEXT


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
    reply = panel.conversation.turns[0].replies[0]
    assert reply.status == ReplyStatus.STOPPED
    assert reply.text.startswith("word word word")
    assert "(stopped)" in shown(panel.columns[0])
    # The server noticed the closed connection and ended its stream (it would otherwise
    # go on for a minute).
    assert record.ended_at is not None
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


def test_a_conversation_too_long_says_its_length_and_what_to_do(
    panel: Any, qtbot: Any, qasync_loop: Any
) -> None:
    panel.set_column_models([ref("small-a")])

    async def scenario() -> None:
        ask(qtbot, panel, "Where is the lost and found office? " * 20)
        await until(lambda: not panel.is_busy)

    run(qasync_loop, scenario())
    column = panel.columns[0]
    words = column.problem.text()
    assert "The conversation is too long for this model" in words
    # The provider stated only its limit; the app counts the conversation itself.
    assert "This conversation is about " in words
    assert f"the model takes at most {SMALL_CONTEXT:,}." in words
    assert "Start a new conversation, or remove earlier turns" in words
    assert "check the settings" not in words
    assert panel.conversation.turns[0].replies[0].error_kind == "context_too_long"


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


def test_html_in_a_reply_is_shown_as_written_not_interpreted(
    panel: Any, qtbot: Any, qasync_loop: Any
) -> None:
    panel.set_column_models([ref("echo-a")])

    async def scenario() -> None:
        ask(qtbot, panel, 'look <img src="http://example.invalid/x.png"> <b>here</b>')
        await until(lambda: not panel.is_busy)

    run(qasync_loop, scenario())
    assert '<img src="http://example.invalid/x.png"> <b>here</b>' in shown(panel.columns[0])


def test_ctrl_enter_sends(panel: Any, qtbot: Any, qasync_loop: Any) -> None:
    panel.set_column_models([ref("echo-a")])
    panel.activateWindow()
    panel.input_edit.setFocus()
    qtbot.waitUntil(panel.input_edit.hasFocus)
    qtbot.keyClicks(panel.input_edit, "sent from the keyboard")
    qtbot.keyClick(panel.input_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    async def scenario() -> None:
        await until(lambda: bool(panel.conversation.turns) and not panel.is_busy)

    run(qasync_loop, scenario())
    assert panel.conversation.turns[0].user == "sent from the keyboard"
    assert panel.input_edit.toPlainText() == ""


class _SlowStartingEngine:
    """Stands in for the engine launcher only: its start() waits until released, as a real
    first start (loading torch) does; the requests then go to the scripted server."""

    def __init__(self, base_url: str, release: Any) -> None:
        self.base_url = base_url
        self.token = "local-token-123456"
        self.release = release

    async def start(self) -> None:
        await self.release.wait()

    async def stop(self) -> None:
        return None


def test_stop_while_the_engine_is_still_starting_sends_nothing(
    qtbot: Any, qasync_loop: Any, tmp_path: Any, scripted_server: Any
) -> None:
    import asyncio

    from fine_tune_studio.core.providers import local_engine_profile
    from fine_tune_studio.ui.playground import PlaygroundPanel
    from tests.ui.playground.conftest import make_context

    release = asyncio.Event()
    profile = local_engine_profile("This computer")
    context = make_context(tmp_path / "home", [profile],
                           engine_factory=lambda: _SlowStartingEngine(
                               scripted_server.base_url, release))
    panel = PlaygroundPanel(context, library_dir=tmp_path / "lib")
    qtbot.addWidget(panel)
    panel.set_column_models([ModelRef(provider_id=profile.id, model="echo-a")])
    requests_before = len(scripted_server.requests)

    async def scenario() -> None:
        ask(qtbot, panel, "are you there?")
        await asyncio.sleep(0.1)
        assert panel.is_busy and panel.columns[0].stop_button.isEnabled()
        qtbot.mouseClick(panel.columns[0].stop_button, Qt.MouseButton.LeftButton)
        release.set()
        await until(lambda: not panel.is_busy)
        # Once started, the engine answers the next question normally.
        ask(qtbot, panel, "now?")
        await until(lambda: not panel.is_busy)

    run(qasync_loop, scenario())
    first, second = (t.replies[0] for t in panel.conversation.turns)
    assert first.status == ReplyStatus.STOPPED and first.text == ""
    assert second.status == ReplyStatus.DONE and second.text == "You said: now?"
    assert [r["messages"][-1]["content"] for r in scripted_server.requests[requests_before:]] \
        == ["now?"]
    assert second.completion_tokens == 7  # the local-engine profile asks for usage
    qasync_loop.run_until_complete(panel.shutdown())
    qasync_loop.run_until_complete(context.registry.aclose())


def test_the_model_list_comes_from_the_provider(panel: Any, qtbot: Any, qasync_loop: Any) -> None:
    column = panel.columns[0]
    qtbot.mouseClick(column.refresh_button, Qt.MouseButton.LeftButton)

    async def scenario() -> None:
        await until(lambda: column.model_box.count() > 0)

    run(qasync_loop, scenario())
    offered = [column.model_box.itemText(i) for i in range(column.model_box.count())]
    assert sorted(offered) == ["cut-a", "echo-a", "echo-b", "slow-a"]
