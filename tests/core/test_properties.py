"""Property tests: no input crashes the reader, and every reported line exists."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fine_tune_studio.core.document import DatasetDocument
from fine_tune_studio.core.validation import check_line, validate_bytes

JSONISH = st.lists(
    st.sampled_from(
        [
            b"{",
            b"}",
            b"[",
            b"]",
            b'"',
            b":",
            b",",
            b"\n",
            b"\r\n",
            b" ",
            b"\xef\xbb\xbf",
            b'"messages"',
            b'"role"',
            b'"user"',
            b'"assistant"',
            b'"content"',
            b"\xe2\x80\x9c",
            b"\xff",
            b"null",
            b"1",
            b'"tool_calls"',
            b'"weight"',
            b"\xe5\xae\xa2",
        ]
    ),
    max_size=60,
).map(b"".join)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.one_of(st.binary(max_size=400), JSONISH))
def test_any_bytes_round_trip_and_validate(data: bytes) -> None:
    doc = DatasetDocument.from_bytes(data)
    assert doc.to_bytes() == data
    report = validate_bytes(data)
    for issue in report.issues:
        assert issue.line is not None and 1 <= issue.line <= len(doc)
    assert report.examples <= len(doc)
    for i in range(len(doc)):
        doc.line_text(i)


@SETTINGS
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=10),
        lambda c: (
            st.lists(c, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "messages",
                        "role",
                        "content",
                        "tool_calls",
                        "weight",
                        "name",
                        "id",
                        "function",
                        "arguments",
                        "input",
                        "preferred_output",
                        "tool_call_id",
                        "tools",
                        "type",
                    ]
                ),
                c,
                max_size=5,
            )
        ),
        max_leaves=25,
    )
)
def test_any_json_value_is_checked_without_crashing(value: object) -> None:
    check = check_line(json.dumps(value, ensure_ascii=False), 4)
    assert all(issue.line == 4 for issue in check.issues)
    assert check.kind in ("chat", "preference", "invalid")
    if not check.has_errors and check.kind != "invalid":
        assert check.example is not None


@SETTINGS
@given(st.text(max_size=200))
def test_any_editor_text_is_checked_without_crashing(text: str) -> None:
    check = check_line(text, 2)
    assert all(issue.line == 2 for issue in check.issues)
    doc = DatasetDocument.from_bytes(b"{}\n")
    if "\n" not in text and "\r" not in text:
        doc.set_line_text(0, text)


def test_pathological_nesting_and_numbers_are_reported_not_raised() -> None:
    deep_valid = b'{"messages":' + b"[" * 300 + b"]" * 300 + b"}"
    deep_weight = (
        b'{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b","weight":'
        + b"[" * 2000
        + b"]" * 2000
        + b"}]}"
    )
    huge_int = (
        b'{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b","weight":'
        + b"9" * 40
        + b"}]}"
    )
    expectations = {
        b"[" * 100_000: "invalid_json",
        deep_valid: "example_missing_assistant_message",
        deep_weight: "invalid_json",
        huge_int: "invalid_weight",
    }
    for raw, code in expectations.items():
        assert code in [i.code for i in check_line(raw, 1).issues]


# ---------------------------------------------------------------------------------- odd values
# JSON text written directly, so that escapes reach the parser as a file has them.
ESCAPED_TEXT = st.lists(
    st.sampled_from(["a", "字", "\\ud800", "\\udc00", "\\ud83d\\ude00", '\\"', "\\\\", " "]),
    max_size=5,
).map(lambda parts: '"' + "".join(parts) + '"')
# Long digit runs are spelled out only when drawn (a strategy's repr stays short).
_DIGITS = {"MAX": "9" * 4300, "OVER": "9" * 4301, "NEG": "-" + "9" * 5000}
NUMBER = st.sampled_from(
    ["0", "1", "-3", "1.5", "9" * 30, "MAX", "OVER", "NEG", "1e999", "-1e400"]
).map(lambda n: _DIGITS.get(n, n))
KEY = st.sampled_from(['"messages"', '"role"', '"content"', '"weight"', '"name"']) | ESCAPED_TEXT
JSON_TEXT = st.recursive(
    ESCAPED_TEXT | NUMBER | st.sampled_from(["true", "false", "null"]),
    lambda inner: (
        st.lists(inner, max_size=3).map(lambda items: "[" + ",".join(items) + "]")
        | st.lists(st.tuples(KEY, inner), max_size=3).map(
            lambda pairs: "{" + ",".join(f"{k}:{v}" for k, v in pairs) + "}"
        )
    ),
    max_leaves=10,
)
CHAT_TEXT = st.builds(
    lambda role, text, weight: (
        f'{{"messages":[{{"role":{role},"content":{text}}},'
        f'{{"role":"assistant","content":"b","weight":{weight}}}]}}'
    ),
    ESCAPED_TEXT | st.just('"user"'),
    ESCAPED_TEXT,
    NUMBER,
)


@SETTINGS
@given(JSON_TEXT | CHAT_TEXT)
def test_surrogates_and_huge_numbers_are_located_not_raised(text: str) -> None:
    check = check_line(text.encode(), 3)
    assert all(issue.line == 3 for issue in check.issues)
    for issue in check.issues:
        issue.text("en").encode("utf-8")  # our words never carry half a character
        issue.text("zh_TW").encode("utf-8")
        issue.path.encode("utf-8")
    if check.kind in ("chat", "preference"):
        # What reached the rules and the tokenizer is plain JSON: whole characters, finite
        # numbers (a lone half or a 1e999 was stopped and located before).
        json.dumps(check.obj, ensure_ascii=False, allow_nan=False).encode("utf-8")
    if any(i.code in ("lone_surrogate", "huge_number") for i in check.issues):
        assert check.kind == "invalid"
        assert {i.reported_code for i in check.issues} == {"invalid_json"}


ODD_LINES = st.sampled_from(
    [
        b"",
        b"  ",
        b"{}",
        b"[]",
        b"x",
        b'"\\ud800"',
        b'{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]}',
        b'{"messages":[{"role":"user","content":"r"},{"role":"assistant","content":"a"}]}',
        b'{"messages":[{"role":"user","content":"q\\ud800"}]}',
        b'{"weight":1' + b"0" * 5000 + b"}",
    ]
) | JSON_TEXT.map(str.encode)
RUNS = st.lists(st.tuples(ODD_LINES, st.integers(1, 40)), max_size=12)


def _expanded(report: Any) -> list[tuple[int, str, str, str]]:
    out = []
    for issue in report.issues:
        for n in range(issue.line, issue.end_line + 1):
            out.append((n, issue.code, issue.path, issue.message.en))
    return sorted(out)


def _line_by_line(lines: list[bytes]) -> list[tuple[int, str, str, str]]:
    """What a report must say, from each line checked on its own plus duplicates."""
    out, seen = [], {}
    for n, raw in enumerate(lines, start=1):
        check = check_line(raw, n)
        out += [(n, i.code, i.path, i.message.en) for i in check.issues]
        if check.fingerprint is not None:
            first = seen.setdefault(check.fingerprint, n)
            if first != n:
                out.append(
                    (
                        n,
                        "duplicate_example",
                        "",
                        f"This example is the same as line {first}."
                        " Duplicates make the model weigh it more than the others.",
                    )
                )
    return sorted(out)


@SETTINGS
@given(RUNS)
def test_runs_of_lines_report_what_each_line_says(runs: list[tuple[bytes, int]]) -> None:
    lines = [raw for raw, count in runs for _ in range(count)]
    data = b"".join(raw + b"\n" for raw in lines)
    report = validate_bytes(data)
    assert _expanded(report) == _line_by_line(lines)
    assert report.examples == sum(1 for raw in lines if raw.strip())
    streamed = b"".join(report.iter_json("zh_TW", batch=3))
    assert json.loads(streamed) == report.to_json_dict("zh_TW")
