"""Lines that parse as JSON into values no service takes: a lone surrogate escape ("\\ud800")
in a text, a role or a key, and numbers too long or too large to read. Each is a located
error (line, field path, what to do) everywhere the validator answers, and the line is kept
exactly as written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fine_tune_studio.cli import main
from fine_tune_studio.core.document import DatasetDocument
from fine_tune_studio.core.validation import DocumentChecker, check_line, validate_bytes

from .helpers import jsonl, qa

ANSWER = b'{"role":"assistant","content":"Turn left."}'
SURROGATE_IN_CONTENT = b'{"messages":[{"role":"user","content":"gate \\ud800 5?"},' + ANSWER + b"]}"
SURROGATE_IN_ROLE = b'{"messages":[{"role":"\\udc00","content":"gate 5?"},' + ANSWER + b"]}"
SURROGATE_IN_KEY = b'{"messages":[{"role":"user","content":"a","\\ud83dx":1},' + ANSWER + b"]}"
HUGE_INT = (
    b'{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b","weight":'
    + b"9" * 100_000
    + b"}]}"
)
HUGE_FLOAT = (
    b'{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b","weight":'
    + b"1e999}]}"
)

CASES = [
    pytest.param(SURROGATE_IN_CONTENT, "lone_surrogate", "messages[0].content", id="content"),
    pytest.param(SURROGATE_IN_ROLE, "lone_surrogate", "messages[0].role", id="role"),
    pytest.param(SURROGATE_IN_KEY, "lone_surrogate", "messages[0].\\ud83dx", id="key"),
    pytest.param(HUGE_INT, "huge_number", "messages[1].weight", id="100k-digit-int"),
    pytest.param(HUGE_FLOAT, "huge_number", "messages[1].weight", id="float-beyond-double"),
]


@pytest.mark.parametrize(("raw", "code", "path"), CASES)
def test_each_is_a_located_error_with_a_fix_in_both_languages(
    raw: bytes, code: str, path: str
) -> None:
    check = check_line(raw, 7)
    assert check.kind == "invalid" and check.has_errors
    (issue,) = check.issues
    assert (issue.line, issue.code, issue.reported_code, issue.path) == (
        7,
        code,
        "invalid_json",
        path,
    )
    assert issue.fix is not None
    for lang in ("en", "zh_TW"):
        words = issue.text(lang)
        words.encode("utf-8")  # printable anywhere: no half characters in our own words
        assert "\\u" in words or "digits" in words or "位數" in words or "1e999" in words
    assert "，" in issue.message.zh_TW  # Taiwan usage: full-width punctuation


def test_the_message_names_the_escape_and_where_it_is() -> None:
    (issue,) = check_line(SURROGATE_IN_CONTENT, 1).issues
    assert "\\ud800" in issue.message.en and "messages[0].content" in issue.message.en
    assert "\\ud800" in issue.message.zh_TW and "半個字元" in issue.message.zh_TW
    (number,) = check_line(HUGE_INT, 1).issues
    assert "100,000 digits" in number.message.en and "100,000 位數" in number.message.zh_TW


def test_many_places_on_one_line_are_listed_then_counted() -> None:
    raw = b"[" + b'"\\ud800",' * 30 + b"1]"
    issues = check_line(raw, 2).issues
    assert [i.path for i in issues[:3]] == ["[0]", "[1]", "[2]"]
    assert len(issues) == 11 and "20 more places" in issues[-1].message.en


@pytest.mark.parametrize(("raw", "code", "path"), CASES)
def test_the_file_is_validated_and_kept_byte_for_byte(raw: bytes, code: str, path: str) -> None:
    data = jsonl([qa()]) + raw + b"\n" + jsonl([qa("B?")])
    doc = DatasetDocument.from_bytes(data)
    assert doc.to_bytes() == data
    report = validate_bytes(data)
    assert [(i.line, i.code, i.path) for i in report.issues] == [(2, code, path)]
    assert report.examples == 3 and report.valid_examples == 2
    b"".join(report.iter_json("zh_TW")).decode("utf-8")


@pytest.mark.parametrize(("raw", "code", "path"), CASES)
def test_what_the_editor_opens_is_safe(raw: bytes, code: str, path: str) -> None:
    # The editor shows a line from its check: the issues and the (absent) example model.
    doc = DatasetDocument.from_bytes(raw + b"\n")
    checker = DocumentChecker(doc)
    assert checker.example(0) is None
    (issue,) = checker.issues_for(0)
    assert (issue.code, issue.path) == (code, path)
    text = doc.line_text(0)  # what the JSON tab shows, as written
    assert check_line(text, 1).issues == check_line(raw, 1).issues


@pytest.mark.parametrize(("raw", "code", "path"), CASES)
def test_cli_reports_instead_of_crashing(
    raw: bytes, code: str, path: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "odd.jsonl"
    target.write_bytes(raw + b"\n")
    assert main(["validate", str(target), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    (entry,) = report["issues"]
    assert (entry["line"], entry["code"], entry["diagnosis"], entry["path"]) == (
        1,
        "invalid_json",
        code,
        path,
    )
    assert main(["validate", str(target), "--lang", "zh_TW"]) == 1
    assert f"第 1 行 {path}" in capsys.readouterr().out


def test_an_undecodable_file_name_is_shown_not_raised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    target = tmp_path / os.fsdecode(b"\xff.jsonl")
    target.write_bytes(jsonl([qa()]))
    assert main(["validate", str(target), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["file"].endswith("\\udcff.jsonl")
