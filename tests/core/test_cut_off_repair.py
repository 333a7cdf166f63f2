"""A line a copy-paste cut off gets its end back (quote, brackets) and nothing more."""

from __future__ import annotations

import json

import pytest

from fine_tune_studio.core.diagnose import close_cut_off_line
from fine_tune_studio.core.validation import check_line

WHOLE = '{"messages":[{"role":"user","content":"Wi-Fi?"},{"role":"assistant","content":"Free. "}]}'


@pytest.mark.parametrize(
    ("cut", "answer"),
    [
        pytest.param(WHOLE[:-2], "Free. ", id="brackets"),
        pytest.param(WHOLE[:-6], "Free", id="inside-the-answer"),
        pytest.param(WHOLE[:-4], "Free. ", id="spaces-inside-the-text-are-kept"),
        pytest.param(WHOLE[: WHOLE.index("Free")] + "Fr\\", "Fr", id="lone-backslash"),
        pytest.param(WHOLE[: WHOLE.index('"Free')], "", id="key-without-its-value"),
        pytest.param(WHOLE[:-2] + ", ", "Free. ", id="dangling-comma"),
    ],
)
def test_a_cut_off_line_is_closed_without_new_words(cut: str, answer: str) -> None:
    assert check_line(cut, 1).issues[0].code == "truncated_line"
    repaired = close_cut_off_line(cut)
    assert repaired is not None and repaired.startswith(cut.rstrip(", \\"))
    messages = json.loads(repaired)["messages"]
    assert messages[-1] == {"role": "assistant", "content": answer}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(WHOLE, id="nothing-missing"),
        pytest.param('{"messages":[{"role":"user"]}', id="mismatched-brackets"),
        pytest.param('{"messages":[{"ro', id="cut-inside-a-key"),
        pytest.param("not json at all", id="not-json"),
    ],
)
def test_no_repair_where_closing_is_not_enough(text: str) -> None:
    assert close_cut_off_line(text) is None
