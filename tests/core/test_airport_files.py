"""The shared airport files: the valid one is clean, every planted mistake is found where it is."""

from __future__ import annotations

import pytest

from fine_tune_studio.core.document import DatasetDocument
from fine_tune_studio.core.validation import Severity, validate_document, validate_path

from .helpers import MISTAKES_FILE, VALID_FILE


def test_valid_airport_file_has_no_errors() -> None:
    report = validate_document(DatasetDocument.open(VALID_FILE))
    assert not report.has_errors
    assert report.issues == []
    assert report.examples == report.valid_examples == 24
    # 24 examples: enough to start, fewer than the recommended 50.
    assert [(i.code, i.severity) for i in report.file_issues] == [
        ("insufficient_examples", Severity.WARNING)
    ]
    assert report.tokens.total > 0
    assert report.tokens.min <= report.tokens.p50 <= report.tokens.p90 <= report.tokens.max


EXPECTED = [
    (3, "unrecognized_role", "messages[2].role"),  # 客服 instead of assistant
    (5, "example_missing_assistant_message", "messages"),  # no answer
    (7, "truncated_line", ""),  # cut off
    (9, "empty_content", "messages[1].content"),  # empty question
    (11, "smart_quotes", ""),  # word-processor quotes
]


def test_each_mistake_is_found_at_its_line_with_its_code() -> None:
    report = validate_path(MISTAKES_FILE)
    found = [(i.line, i.code, i.path) for i in report.issues]
    assert found == EXPECTED
    assert report.examples == 12
    assert report.valid_examples == 7
    assert report.has_errors


@pytest.mark.parametrize(
    ("line", "words_en", "words_zh"),
    [
        (3, "assistant", "assistant"),
        (5, "no answer", "沒有回答"),
        (7, "cut off", "截斷"),
        (9, "question", "提問"),
        (11, "Word", "彎引號"),
    ],
)
def test_mistake_messages_speak_to_the_author(line: int, words_en: str, words_zh: str) -> None:
    report = validate_path(MISTAKES_FILE)
    (issue,) = [i for i in report.issues if i.line == line]
    assert issue.fix is not None
    assert words_en in issue.text("en")
    assert words_zh in issue.text("zh_TW")


def test_fixing_the_suggested_role_clears_the_error() -> None:
    doc = DatasetDocument.open(MISTAKES_FILE)
    doc.set_line_text(2, doc.line_text(2).replace('"客服"', '"assistant"'))
    report = validate_document(doc)
    assert 3 not in {i.line for i in report.issues}
