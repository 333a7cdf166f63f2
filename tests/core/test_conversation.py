"""The playground conversation model: turns, per-column history, training lines, files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fine_tune_studio.core.conversation import (
    Conversation,
    ConversationLibrary,
    GenerationParams,
    MissingAnswer,
    ModelRef,
    ReplyStatus,
    export_jsonl,
    most_common_system_prompt,
)
from tests.support.test_files import DATA as TEST_DATA

DATA = TEST_DATA


def two_column_conversation() -> Conversation:
    conv = Conversation(system_prompt="You are the airport help desk.")
    conv.set_models([ModelRef(provider_id="local", model=m) for m in ("base", "ft")])
    turn = conv.add_user_turn("Can I bring pork jerky?")
    turn.replies[0].text, turn.replies[0].status = "Maybe.", ReplyStatus.DONE
    turn.replies[1].text, turn.replies[1].status = "No, meat products are banned.", ReplyStatus.DONE
    return conv


def test_each_column_sees_its_own_earlier_replies() -> None:
    conv = two_column_conversation()
    conv.add_user_turn("Why?")
    assert conv.messages_for(0) == [
        {"role": "system", "content": "You are the airport help desk."},
        {"role": "user", "content": "Can I bring pork jerky?"},
        {"role": "assistant", "content": "Maybe."},
        {"role": "user", "content": "Why?"},
    ]
    assert conv.messages_for(1)[2]["content"] == "No, meat products are banned."


def test_training_example_uses_the_chosen_or_corrected_answer() -> None:
    conv = two_column_conversation()
    with pytest.raises(MissingAnswer):
        conv.to_training_example()
    conv.turns[0].chosen = 1
    assert conv.to_training_example()["messages"][-1] == {
        "role": "assistant",
        "content": "No, meat products are banned.",
    }
    conv.turns[0].corrected = "No. All meat products are banned, even vacuum-packed."
    assert conv.to_training_example()["messages"][-1]["content"].endswith("vacuum-packed.")


def test_editing_an_earlier_question_drops_what_followed() -> None:
    conv = two_column_conversation()
    conv.add_user_turn("Why?")
    conv.edit_user_turn(0, "Can I bring beef jerky?")
    assert [t.user for t in conv.turns] == ["Can I bring beef jerky?"]
    assert all(r.text == "" for r in conv.turns[0].replies)


def test_regenerate_clears_one_column_and_its_choice() -> None:
    conv = two_column_conversation()
    conv.turns[0].chosen = 1
    conv.reset_reply(0, 1)
    assert conv.turns[0].replies[1].text == ""
    assert conv.turns[0].replies[0].text == "Maybe."
    assert conv.turns[0].chosen is None


def test_only_set_parameters_are_sent() -> None:
    assert GenerationParams(temperature=0).as_request_params() == {"temperature": 0, "top_p": 1.0}
    assert GenerationParams(max_tokens=50, seed=7).as_request_params()["seed"] == 7


def test_library_saves_reopens_and_lists_newest_first(tmp_path: Path) -> None:
    library = ConversationLibrary(tmp_path / "conversations")
    first = two_column_conversation()
    first.updated_at = "2026-01-01T00:00:00+00:00"
    second = two_column_conversation()
    second.title = "second"
    library.save(first)
    library.save(second)
    (library.folder / "garbage.json").write_text("{not json", encoding="utf-8")
    reopened = library.load(first.id)
    assert reopened == first
    assert [c.id for c in library.list()] == [second.id, first.id]
    library.delete(first.id)
    assert [c.id for c in library.list()] == [second.id]


def test_export_jsonl_writes_valid_chat_lines_and_names_what_it_skipped(tmp_path: Path) -> None:
    done = two_column_conversation()
    done.turns[0].chosen = 0
    unjudged = two_column_conversation()
    unjudged.title = "not chosen yet"
    path = tmp_path / "out.jsonl"
    written, skipped = export_jsonl([done, unjudged], path)
    assert (written, skipped) == (1, ["not chosen yet"])
    lines = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["messages"][1]["content"] == "Can I bring pork jerky?"


def test_most_common_system_prompt_of_the_airport_dataset() -> None:
    lines = (DATA / "airport-faq.zh-TW.jsonl").read_text(encoding="utf-8").splitlines()
    prompt = most_common_system_prompt(lines)
    assert prompt is not None and "桃園機場" in prompt
    mixed = [
        '{"messages":[{"role":"system","content":"a"},{"role":"user","content":"q"}]}',
        '{"messages":[{"role":"system","content":"b"},{"role":"user","content":"q"}]}',
        '{"messages":[{"role":"system","content":"b"},{"role":"user","content":"q"}]}',
        "{broken",
        "",
    ]
    assert most_common_system_prompt(mixed) == "b"
    assert most_common_system_prompt(["{broken"]) is None
