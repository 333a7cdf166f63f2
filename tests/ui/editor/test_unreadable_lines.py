"""Opening a line with a lone surrogate escape or a 100,000-digit number: the form shows
the located error instead of raising, and saving leaves the line as it was written."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from tests.ui.editor.conftest import VALID

SURROGATE = (
    b'{"messages":[{"role":"user","content":"a\\ud800"},{"role":"assistant","content":"b"}]}'
)
HUGE = b'{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b","weight":'
HUGE += b"9" * 100_000 + b"}]}"


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        pytest.param(SURROGATE, ["messages[0].content", "\\ud800"], id="lone-surrogate"),
        pytest.param(HUGE, ["messages[1].weight", "100,000 digits"], id="huge-number"),
    ],
)
def test_the_form_shows_the_error_and_the_line_is_kept(
    make_editor: Any, tmp_path: Path, raw: bytes, words: list[str]
) -> None:
    data = VALID.read_bytes() + raw + b"\n"
    target = tmp_path / "odd.jsonl"
    target.write_bytes(data)
    errors: list[BaseException] = []
    panel = make_editor(target)
    line = data.count(b"\n") - 1
    hook, sys.excepthook = sys.excepthook, lambda *exc: errors.append(exc[1])
    try:
        assert panel.select_line(line)
    finally:
        sys.excepthook = hook
    assert errors == []
    form = panel.form
    shown = " ".join(
        [form.example_issues.text(), *(bubble.issue_label.text() for bubble in form.bubbles)]
    )
    assert all(word in shown for word in words), shown
    assert panel.document.to_bytes() == data
