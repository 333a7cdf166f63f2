"""Every rule fires where it should, with its code, path and both languages; valid data is quiet."""

from __future__ import annotations

from typing import Any

import pytest

from fine_tune_studio.core.validation import CheckContext, Severity, check_line

from .helpers import chat, line, msg, qa

CALL = {"id": "c1", "type": "function", "function": {"name": "weather", "arguments": '{"c":"TPE"}'}}
TOOLS = [{"type": "function", "function": {"name": "weather", "parameters": {"type": "object"}}}]


def codes(text: str | bytes, **ctx: Any) -> list[tuple[str, str]]:
    check = check_line(text, 3, context=CheckContext(**ctx) if ctx else None)
    assert all(i.line == 3 for i in check.issues)
    return [(i.code, i.path) for i in check.issues]


VALID: dict[str, Any] = {
    "plain": qa(),
    "system_and_name": chat(
        msg("system", "Be kind."), msg("user", "hi", name="amy"), msg("assistant")
    ),
    "developer": chat(msg("developer", "rules"), msg("user"), msg("assistant")),
    "weights": chat(
        msg("user"), msg("assistant", weight=0), msg("user"), msg("assistant", weight=1)
    ),
    "tool_round_trip": chat(
        msg("user", "Weather?"),
        msg("assistant", ..., tool_calls=[CALL]),
        msg("tool", '{"t":30}', tool_call_id="c1"),
        msg("assistant", "30 degrees."),
        tools=TOOLS,
        parallel_tool_calls=False,
    ),
    "ends_with_tool_call": chat(msg("user", "Weather?"), msg("assistant", None, tool_calls=[CALL])),
    "content_parts": chat(
        msg(
            "user",
            [{"type": "text", "text": "look"}, {"type": "image_url", "image_url": {"url": "x"}}],
        ),
        msg("assistant", [{"type": "text", "text": "A cat."}]),
    ),
    "preference": {
        "input": {"messages": [msg("user", "Hi")]},
        "preferred_output": [msg("assistant", "Hello! How can I help?")],
        "non_preferred_output": [msg("assistant", "What.")],
    },
}


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_modern_data_is_not_flagged(name: str) -> None:
    check = check_line(line(VALID[name]), 1)
    assert check.issues == ()
    assert check.kind == ("preference" if name == "preference" else "chat")
    assert check.example is not None
    assert check.tokens and check.tokens > 0


CASES: list[tuple[str, Any, str, str]] = [
    ("list", [1, 2], "data_type", ""),
    ("string", "hello", "data_type", ""),
    ("message_not_object", chat("hi", msg("assistant")), "data_type", "messages[0]"),
    ("no_messages", {"prompt": "x"}, "missing_messages_list", "messages"),
    ("empty_messages", {"messages": []}, "missing_messages_list", "messages"),
    ("renamed_messages", {"message": [msg("user")]}, "missing_messages_list", "messages"),
    (
        "no_role",
        chat({"content": "x"}, msg("assistant")),
        "message_missing_key",
        "messages[0].role",
    ),
    (
        "no_content",
        chat(msg("user", ...), msg("assistant")),
        "message_missing_key",
        "messages[0].content",
    ),
    (
        "tool_no_id",
        chat(msg("user"), msg("tool", "x"), msg("assistant")),
        "message_missing_key",
        "messages[1].tool_call_id",
    ),
    (
        "extra_key",
        chat(msg("user", text="x"), msg("assistant")),
        "message_unrecognized_key",
        "messages[0].text",
    ),
    (
        "weight_on_user_key",
        chat(msg("user", weight=1), msg("assistant")),
        "message_unrecognized_key",
        "messages[0].weight",
    ),
    ("bad_role", chat(msg("human"), msg("assistant")), "unrecognized_role", "messages[0].role"),
    (
        "null_content",
        chat(msg("user", None), msg("assistant")),
        "missing_content",
        "messages[0].content",
    ),
    (
        "number_content",
        chat(msg("user", 5), msg("assistant")),
        "missing_content",
        "messages[0].content",
    ),
    (
        "empty_parts",
        chat(msg("user", []), msg("assistant")),
        "missing_content",
        "messages[0].content",
    ),
    (
        "no_answer",
        chat(msg("system", "s"), msg("user")),
        "example_missing_assistant_message",
        "messages",
    ),
    (
        "empty_answer",
        chat(msg("user"), msg("assistant", "  ")),
        "empty_content",
        "messages[1].content",
    ),
    (
        "bad_part",
        chat(msg("system", [{"type": "image_url"}]), msg("user"), msg("assistant")),
        "invalid_content_part",
        "messages[0].content[0]",
    ),
    ("bad_name", chat(msg("user", name=7), msg("assistant")), "invalid_name", "messages[0].name"),
    (
        "weight_2",
        chat(msg("user"), msg("assistant", weight=2)),
        "invalid_weight",
        "messages[1].weight",
    ),
    (
        "weight_true",
        chat(msg("user"), msg("assistant", weight=True)),
        "invalid_weight",
        "messages[1].weight",
    ),
    (
        "all_weight_0",
        chat(msg("user"), msg("assistant", weight=0)),
        "no_trainable_message",
        "messages",
    ),
    (
        "ends_with_user",
        chat(msg("user"), msg("assistant"), msg("user")),
        "last_message_not_assistant",
        "messages[2]",
    ),
    (
        "function_role",
        chat(msg("user"), msg("function", "r", name="f"), msg("assistant")),
        "deprecated_role",
        "messages[1].role",
    ),
    ("unknown_example_key", {**qa(), "id": 3}, "example_unrecognized_key", "id"),
    ("functions", {**qa(), "functions": [{"name": "f"}]}, "deprecated_functions", "functions"),
    (
        "bad_call",
        chat(msg("user"), msg("assistant", None, tool_calls=[{"id": "x"}])),
        "invalid_tool_call",
        "messages[1].tool_calls[0]",
    ),
    (
        "calls_not_list",
        chat(msg("user"), msg("assistant", None, tool_calls={})),
        "invalid_tool_call",
        "messages[1].tool_calls",
    ),
    (
        "object_arguments",
        chat(
            msg("user"),
            msg(
                "assistant",
                None,
                tool_calls=[{**CALL, "function": {"name": "weather", "arguments": {"c": 1}}}],
            ),
        ),
        "invalid_tool_arguments",
        "messages[1].tool_calls[0].function.arguments",
    ),
    (
        "broken_arguments",
        chat(
            msg("user"),
            msg(
                "assistant",
                None,
                tool_calls=[{**CALL, "function": {"name": "weather", "arguments": "{c:"}}],
            ),
        ),
        "invalid_tool_arguments",
        "messages[1].tool_calls[0].function.arguments",
    ),
    (
        "duplicate_call_id",
        chat(msg("user"), msg("assistant", None, tool_calls=[CALL, CALL])),
        "duplicate_tool_call_id",
        "messages[1].tool_calls[1].id",
    ),
    (
        "result_without_call",
        chat(msg("user"), msg("tool", "x", tool_call_id="zz"), msg("assistant")),
        "tool_result_without_call",
        "messages[1].tool_call_id",
    ),
    (
        "call_without_result",
        chat(msg("user"), msg("assistant", None, tool_calls=[CALL]), msg("user"), msg("assistant")),
        "tool_call_without_result",
        "messages[1].tool_calls[0]",
    ),
    ("bad_tools", {**qa(), "tools": [{"type": "function"}]}, "invalid_tools", "tools[0]"),
    (
        "undeclared_tool",
        chat(
            msg("user"),
            msg("assistant", None, tool_calls=[CALL]),
            tools=[{"type": "function", "function": {"name": "other"}}],
        ),
        "undeclared_tool",
        "messages[1].tool_calls[0].function.name",
    ),
    (
        "parallel_off",
        chat(
            msg("user"),
            msg("assistant", None, tool_calls=[CALL, {**CALL, "id": "c2"}]),
            parallel_tool_calls=False,
        ),
        "parallel_tool_calls_conflict",
        "messages[1].tool_calls",
    ),
    (
        "parallel_not_bool",
        {**qa(), "parallel_tool_calls": "no"},
        "data_type",
        "parallel_tool_calls",
    ),
    (
        "two_preferred",
        {
            "input": {"messages": [msg("user")]},
            "preferred_output": [msg("assistant"), msg("assistant")],
            "non_preferred_output": [msg("assistant", "b")],
        },
        "invalid_preference_output",
        "preferred_output",
    ),
    (
        "same_preferred",
        {
            "input": {"messages": [msg("user")]},
            "preferred_output": [msg("assistant")],
            "non_preferred_output": [msg("assistant")],
        },
        "identical_preference_outputs",
        "non_preferred_output",
    ),
    (
        "no_input",
        {"preferred_output": [msg("assistant")], "non_preferred_output": [msg("assistant", "b")]},
        "missing_messages_list",
        "input.messages",
    ),
]


@pytest.mark.parametrize(("name", "obj", "code", "path"), CASES, ids=[c[0] for c in CASES])
def test_rule_reports_code_and_path(name: str, obj: Any, code: str, path: str) -> None:
    found = codes(line(obj))
    assert (code, path) in found, found


@pytest.mark.parametrize("name", [c[0] for c in CASES])
def test_every_issue_has_both_languages(name: str) -> None:
    obj = next(c[1] for c in CASES if c[0] == name)
    for issue in check_line(line(obj), 1).issues:
        assert issue.message.en and issue.message.zh_TW
        assert issue.message.en != issue.message.zh_TW
        if issue.fix is not None:
            assert issue.fix.en and issue.fix.zh_TW


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b'{"messages": [', "truncated_line"),
        (b'{"messages": [{"role": "user", "content": "cut', "truncated_line"),
        ("{“messages”: []}".encode(), "smart_quotes"),
        ('{"messages"： []}'.encode(), "fullwidth_punctuation"),
        (b"{'messages': []}", "invalid_json"),
        (b'{"a": 1} {"b": 2}', "invalid_json"),
        (b'{"a": NaN}', "invalid_json"),
        (b'{"messages": "\xff"}', "invalid_utf8"),
    ],
)
def test_unreadable_lines_are_explained(raw: bytes, code: str) -> None:
    check = check_line(raw, 9)
    assert check.kind == "invalid"
    assert [(i.code, i.line) for i in check.issues] == [(code, 9)]
    assert check.issues[0].fix is not None


def test_big5_text_is_recognised() -> None:
    raw = line(qa("請問洗手間在哪裡?")).encode("cp950")
    (issue,) = check_line(raw, 1).issues
    assert issue.code == "invalid_utf8"
    assert "Big5" in issue.message.en


def test_chinese_role_suggests_assistant_in_both_languages() -> None:
    check = check_line(line(chat(msg("user", "?"), msg("客服", "答"))), 4)
    (issue,) = check.issues
    assert (issue.code, issue.path, issue.severity) == (
        "unrecognized_role",
        "messages[1].role",
        Severity.ERROR,
    )
    assert issue.fix is not None
    assert '"assistant"' in issue.fix.en and "assistant" in issue.fix.zh_TW
    assert "客服" in issue.message.get("zh_TW")


def test_too_many_tokens_follows_the_model_limit() -> None:
    long = line(qa("word " * 20_000))
    assert ("too_many_tokens", "") in codes(long, model="gpt-3.5-turbo-0125")
    assert ("too_many_tokens", "") not in codes(long, model="gpt-4o-mini-2024-07-18")


def test_blank_line_is_a_warning_not_an_example() -> None:
    check = check_line(b"   ", 2)
    assert check.kind == "blank"
    assert [(i.code, i.severity) for i in check.issues] == [("blank_line", Severity.WARNING)]


def test_str_and_bytes_give_the_same_result() -> None:
    text = line(chat(msg("user"), msg("助理", "好")))
    assert check_line(text, 1).issues == check_line(text.encode(), 1).issues


def test_fingerprint_ignores_key_order_and_spacing() -> None:
    a = check_line(
        b'{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}', 1
    )
    b = check_line(
        b'{ "messages" : [ {"content":"a", "role":"user"}, {"content":"b","role":"assistant"} ] }',
        2,
    )
    c = check_line(
        b'{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"c"}]}', 3
    )
    assert a.fingerprint == b.fingerprint != c.fingerprint


def test_issue_json_shape() -> None:
    (issue,) = check_line(line(chat(msg("user"), msg("bot"))), 5).issues
    assert set(issue.to_json_dict()) == {
        "line",
        "last_line",
        "severity",
        "code",
        "diagnosis",
        "path",
        "message",
    }
    assert issue.to_json_dict()["last_line"] == 5
    assert "assistant" in issue.to_json_dict("zh_TW")["message"]


def test_every_catalogued_code_is_produced_by_some_input() -> None:
    from fine_tune_studio.core.rules import RULES
    from fine_tune_studio.core.validation import validate_bytes

    produced: set[str] = set()
    for _name, obj, _code, _path in CASES:
        produced.update(i.code for i in check_line(line(obj), 1).issues)
    pref = {
        "input": {"messages": [msg("user")]},
        "preferred_output": [msg("assistant", "a")],
        "non_preferred_output": [msg("assistant", "b")],
    }
    odd_lines = [
        line(qa()),
        line(qa()),
        "",
        "{“messages”: []}",
        '{"messages": [',
        '{"messages"： []}',
        "{'messages': []}",
        line(qa("word " * 20_000)),
        line(pref),
        '{"messages": [{"role": "user", "content": "\\ud800"}]}',
        '{"messages": [{"role": "user", "content": "a", "weight": ' + "9" * 5000 + "}]}",
    ]
    data = b"\xef\xbb\xbf" + "\n".join(odd_lines).encode() + b"\n\xff\n"
    report = validate_bytes(data, model="gpt-3.5-turbo-0125")
    produced.update(i.code for i in [*report.issues, *report.file_issues])
    produced.update(i.code for i in validate_bytes(b"").file_issues)
    assert set(RULES) - produced == set()


def test_precise_diagnoses_are_reported_under_the_documented_codes() -> None:
    # Scripts that filter on the cookbook's / the documented codes keep finding these lines.
    cases = {
        '{"messages": [{"role": "user", "content": "a"}': ("truncated_line", "invalid_json"),
        "{“messages”: []}": ("smart_quotes", "invalid_json"),
        '{"messages"： []}': ("fullwidth_punctuation", "invalid_json"),
        line(chat(msg("user", "  "), msg("assistant", "a"))): ("empty_content", "missing_content"),
    }
    for text, (diagnosis, code) in cases.items():
        (issue,) = check_line(text, 1).issues
        assert (issue.code, issue.reported_code) == (diagnosis, code)
        assert issue.to_json_dict()["code"] == code
        assert issue.to_json_dict()["diagnosis"] == diagnosis
    (role,) = check_line(line(chat(msg("user"), msg("bot"))), 5).issues
    assert role.to_json_dict()["code"] == role.to_json_dict()["diagnosis"] == "unrecognized_role"


def test_legacy_prompt_completion_gets_a_rewrite_hint() -> None:
    check = check_line(line({"prompt": "Hi", "completion": "Hello"}), 1)
    assert [i.code for i in check.issues] == ["missing_messages_list"]
    assert check.issues[0].fix is not None and "prompt/completion" in check.issues[0].fix.en
