"""Files of many short lines (blank, `{}`, a stray word) cost little: a run of one problem on
consecutive lines is one issue covering them, texts are shared, and the memory a line costs
stays a few bytes whatever the line holds. Measured with tracemalloc in this process, twice
the lines against once, in one run (no timings)."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from fine_tune_studio.commands.validate import render_text
from fine_tune_studio.core.document import DatasetDocument
from fine_tune_studio.core.validation import (
    DocumentChecker,
    check_line,
    validate_bytes,
    validate_path,
)

from .helpers import MISTAKES_FILE, VALID_FILE, jsonl, qa

LINES = 20_000


def _pairs(n: int) -> bytes:
    """Every example twice in a row: each second line is a duplicate of a different line."""
    return b"".join(b'{"a":%d}\n{"a":%d}\n' % (i, i) for i in range(n // 2))


SHORT_LINES: dict[str, Callable[[int], bytes]] = {
    "blank": lambda n: b"\n" * n,
    "spaces": lambda n: b"  \r\n" * n,
    "empty object": lambda n: b"{}\n" * n,
    "empty list": lambda n: b"[]\n" * n,
    "stray word": lambda n: b"x\n" * n,
    "blank and {} alternating": lambda n: b"\n{}\n" * (n // 2),
    "duplicate pairs": _pairs,
}


def _peak_bytes(work: Callable[[Any], Any], given: Any) -> int:
    """Peak memory allocated while `work(given)` runs (its input made before)."""
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        result = work(given)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    del result
    return peak - base


def _growth(make_input: Callable[[int], Any], work: Callable[[Any], Any]) -> tuple[float, float]:
    """(bytes per line at LINES lines, peak at 2×LINES / peak at LINES)."""
    peak_once = _peak_bytes(work, make_input(LINES))
    peak_twice = _peak_bytes(work, make_input(2 * LINES))
    # A fixed allowance for one-off costs (a shared text, a dictionary's first table).
    return peak_once / LINES, (peak_twice + 64_000) / (peak_once + 64_000)


@pytest.mark.parametrize("kind", list(SHORT_LINES))
def test_validate_memory_grows_by_a_few_bytes_a_line(kind: str) -> None:
    per_line, ratio = _growth(SHORT_LINES[kind], validate_bytes)
    # Distinct examples keep their fingerprints (as a file of real examples does).
    budget = 256 if kind == "duplicate pairs" else 64
    assert per_line < budget, f"{per_line:.0f} bytes a line"
    assert ratio < 2.5


@pytest.mark.parametrize("kind", ["blank", "empty object", "blank and {} alternating"])
def test_editor_checker_memory_grows_by_a_few_bytes_a_line(kind: str) -> None:
    def make(n: int) -> DatasetDocument:
        return DatasetDocument.from_bytes(SHORT_LINES[kind](n))

    per_line, ratio = _growth(make, DocumentChecker)
    assert per_line < 32, f"{per_line:.0f} bytes a line"
    assert ratio < 2.5


def test_line_results_the_editor_keeps_share_their_texts() -> None:
    # The editor keeps each line's issues; identical problems share one message object.
    for raw in (b"", b"{}", b"x", b"[1]"):
        first, second = check_line(raw, 1).issues, check_line(raw, 2).issues
        assert [i.message for i in first] == [i.message for i in second]
        assert all(a.message is b.message for a, b in zip(first, second, strict=True))

    def keep_issues(lines: list[bytes]) -> list[Any]:
        return [check_line(raw, i + 1).issues for i, raw in enumerate(lines)]

    per_line, ratio = _growth(lambda n: SHORT_LINES["empty object"](n).split(b"\n"), keep_issues)
    assert per_line < 320, f"{per_line:.0f} bytes a line"
    assert ratio < 2.5


def test_a_run_of_one_problem_is_one_issue_covering_its_lines() -> None:
    report = validate_bytes(b"\n" * 5000 + b"{}\n" * 3000 + jsonl([qa()]))
    assert [(i.line, i.end_line, i.code) for i in report.issues] == [
        (1, 5000, "blank_line"),
        (5001, 8000, "missing_messages_list"),
        (5002, 8000, "duplicate_example"),
    ]
    assert "line 5001" in report.issues[2].message.en
    # Every line is still addressable, and counted as if listed one by one.
    assert [i.code for i in report.issues.on_line(7000)] == [
        "missing_messages_list",
        "duplicate_example",
    ]
    assert report.examples == 3001 and report.valid_examples == 1
    assert (report.warning_count, report.error_count) == (5000 + 2999, 3000 + 1)
    text = render_text(report)
    assert "Examples: 3001 (1 without errors); 3001 errors, 7999 warnings" in text
    assert "[blank_line] — lines 1–5000" in text and "  lines 1–5000: This line is empty" in text
    assert "第 1–5000 行" in render_text(report, "zh_TW")
    entries = json.loads(b"".join(report.iter_json()))["issues"]
    assert [(e["line"], e["last_line"], e["code"]) for e in entries] == [
        (1, 5000, "blank_line"),
        (5001, 8000, "missing_messages_list"),
        (5002, 8000, "duplicate_example"),
    ]


def test_runs_do_not_join_across_a_line_without_the_problem() -> None:
    report = validate_bytes(b"\n\n" + jsonl([qa()]) + b"\n")
    assert [(i.line, i.end_line) for i in report.issues] == [(1, 2), (4, 4)]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(MISTAKES_FILE.read_bytes(), id="mistakes"),
        pytest.param(VALID_FILE.read_bytes(), id="valid"),
        pytest.param(b"\n{}\n" * 3000 + b'"\\ud800"\n', id="alternating"),
        pytest.param(b"", id="empty"),
    ],
)
def test_streamed_json_is_the_documented_json(data: bytes) -> None:
    report = validate_bytes(data, file='a "quoted"\n name.jsonl')
    for lang in ("en", "zh_TW"):
        whole = orjson.dumps(report.to_json_dict(lang), option=orjson.OPT_INDENT_2)
        assert b"".join(report.iter_json(lang, batch=7)) == whole


def test_checker_report_equals_validate_for_runs() -> None:
    data = b"\n" * 30 + b"{}\n" * 30 + jsonl([qa(), qa(), qa("B?")]) + b"\n{}\n" * 20
    doc = DatasetDocument.from_bytes(data)
    checker = DocumentChecker(doc)
    assert checker.report().issues == validate_bytes(data).issues
    assert [i.line for i in checker.issues_for(45)] == [46, 46]  # its own line number
    assert checker.duplicates_of(40) == 29 + 20


_CHUNKED_CHILD = """
import sys
from fine_tune_studio.core import parallel
from fine_tune_studio.core.validation import validate_bytes

data = sys.stdin.buffer.read()
serial = validate_bytes(data, workers=1)
chunked = parallel._run(
    parallel.iter_chunks(data, 97), model=serial.model, file=None, bom=False, workers=2
)
assert chunked.issues == serial.issues, (list(chunked.issues), list(serial.issues))
assert (chunked.examples, chunked.valid_examples) == (serial.examples, serial.valid_examples)
print("same", len(serial.issues))
"""


def test_worker_chunks_join_runs_that_cross_them() -> None:
    # In a child process: this one may run threads, and the parallel path refuses to fork.
    data = b"\n" * 500 + b"{}\n" * 400 + jsonl([qa()] * 50) + b"x\n" * 300
    child = subprocess.run(
        [sys.executable, "-c", _CHUNKED_CHILD],
        input=data,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        timeout=240,
    )
    assert child.returncode == 0, child.stderr.decode()
    assert child.stdout.split() == [b"same", b"5"]


def test_big_file_of_blank_lines_through_the_file_path(tmp_path: Path) -> None:
    target = tmp_path / "blank.jsonl"
    target.write_bytes(b"\n" * 300_000)
    report = validate_path(target, workers=1)
    (issue,) = report.issues
    assert (issue.line, issue.end_line, issue.code) == (1, 300_000, "blank_line")
    assert [i.code for i in report.file_issues] == ["no_examples"]
