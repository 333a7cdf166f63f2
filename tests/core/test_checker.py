"""Whole-file reports, the editor's incremental checker, and the parallel path agree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fine_tune_studio.core import parallel
from fine_tune_studio.core.document import DatasetDocument
from fine_tune_studio.core.validation import (
    DocumentChecker,
    Severity,
    check_line,
    validate_bytes,
    validate_path,
)

from .helpers import MISTAKES_FILE, VALID_FILE, chat, jsonl, line, msg, qa


def _distinct(n: int) -> list[dict]:
    return [qa(f"Question {i}?", f"Answer {i}.") for i in range(n)]


def test_duplicate_reported_once_on_the_later_line() -> None:
    data = jsonl([*_distinct(11), qa("Question 3?", "Answer 3.")])
    report = validate_bytes(data)
    dups = [(i.line, i.code) for i in report.issues]
    assert dups == [(12, "duplicate_example")]
    assert "line 4" in report.issues[0].message.en
    assert report.valid_examples == 12  # a duplicate is a warning, not an error


def test_blank_lines_keep_physical_line_numbers() -> None:
    data = b"\n" + jsonl([qa()]) + b"\n\n" + b"not json\n"
    report = validate_bytes(data)
    # Lines 3 and 4 are one run of the same problem: one issue covering both.
    assert [(i.line, i.end_line, i.code) for i in report.issues] == [
        (1, 1, "blank_line"),
        (3, 4, "blank_line"),
        (5, 5, "invalid_json"),
    ]
    assert [i.code for i in report.issues.on_line(4)] == ["blank_line"]
    assert report.warning_count == 3 and report.issues.warning_lines == 3
    assert report.examples == 2


def test_file_level_rules() -> None:
    assert [(i.code, i.severity) for i in validate_bytes(b"").file_issues] == [
        ("no_examples", Severity.ERROR)
    ]
    few = validate_bytes(jsonl(_distinct(9)))
    assert ("insufficient_examples", Severity.ERROR) in [
        (i.code, i.severity) for i in few.file_issues
    ]
    some = validate_bytes(jsonl(_distinct(49)))
    assert [(i.code, i.severity) for i in some.file_issues] == [
        ("insufficient_examples", Severity.WARNING)
    ]
    assert "50" in some.file_issues[0].message.en and "100" in some.file_issues[0].message.en
    enough = validate_bytes(jsonl(_distinct(50)))
    assert enough.file_issues == [] and not enough.has_errors
    pref = {
        "input": {"messages": [msg("user")]},
        "preferred_output": [msg("assistant", "a")],
        "non_preferred_output": [msg("assistant", "b")],
    }
    mixed = validate_bytes(jsonl([*_distinct(10), pref]))
    assert "mixed_formats" in [i.code for i in mixed.file_issues]
    bom = validate_bytes(b"\xef\xbb\xbf" + jsonl(_distinct(50)))
    assert [i.code for i in bom.file_issues] == ["byte_order_mark"]
    assert bom.issues == []


def test_report_numbers_follow_the_valid_examples() -> None:
    report = validate_bytes(jsonl(_distinct(20)))
    per_example = [check_line(line(o), 1).tokens for o in _distinct(20)]
    assert report.tokens.total == sum(per_example)  # type: ignore[arg-type]
    assert report.estimated_epochs == 5
    assert report.billed_tokens == report.tokens.total * 5
    assert report.estimated_cost_usd is not None and report.estimated_cost_usd > 0


_PARALLEL_CHILD = """
import sys
from pathlib import Path
from fine_tune_studio.core import parallel
from fine_tune_studio.core.validation import validate_bytes, validate_path

target = Path(sys.argv[1])
data = target.read_bytes()
serial = validate_bytes(data, workers=1)
assert parallel.worth_parallel(len(data), 2), "the worker-process path was not taken"
parallel.CHUNK_BYTES = 1000  # many small chunks, lines cut across reads
from_path = validate_path(target, workers=2)
parallel.CHUNK_BYTES = 1024 * 1024
in_memory = validate_bytes(data, workers=2)
for report in (from_path, in_memory):
    assert report.issues == serial.issues
    assert report.file_issues == serial.file_issues
    assert report.tokens == serial.tokens
    assert report.valid_examples == serial.valid_examples
print("same", len(serial.issues), serial.valid_examples)
"""


def test_parallel_path_gives_the_same_report(tmp_path: Path) -> None:
    # In a child process: this one may run servers in threads, and the parallel path
    # (rightly) refuses to fork a threaded process.
    objs = [*_distinct(300), chat(msg("user"), msg("客服")), qa("Question 7?", "Answer 7.")]
    data = b"\xef\xbb\xbf" + jsonl(objs) + b"\n{broken\n" + b'{"messages": []}'
    target = tmp_path / "f.jsonl"
    target.write_bytes(data)
    child = subprocess.run(
        [sys.executable, "-c", _PARALLEL_CHILD, str(target)],
        cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=240,
    )
    assert child.returncode == 0, child.stderr
    serial = validate_bytes(data, workers=1)
    assert child.stdout.split() == ["same", str(len(serial.issues)), str(serial.valid_examples)]
    assert len(serial.issues) >= 3  # the broken lines were found


def test_file_chunks_cover_every_line_once() -> None:
    import io

    data = b"a\nbb\n\nccc\r\nlong" + b"x" * 50 + b"\nlast"
    pieces = list(parallel.iter_file_chunks(io.BytesIO(data), chunk_bytes=4))
    assert b"".join(chunk for _, chunk in pieces) == data
    starts = [first for first, _ in pieces]
    assert starts[0] == 1 and starts == sorted(starts)


def test_checker_updates_one_line_and_tracks_duplicates() -> None:
    doc = DatasetDocument.from_bytes(jsonl([qa("A?"), qa("B?"), qa("C?")]))
    checker = DocumentChecker(doc)
    before = [checker.line_check(i) for i in range(3)]
    doc.set_line_object(2, qa("A?"))
    updated = checker.update_line(2)
    assert updated.fingerprint == before[0].fingerprint
    assert checker.line_check(0) is before[0] and checker.line_check(1) is before[1]
    assert checker.duplicates_of(0) == 1
    assert [i.code for i in checker.issues_for(2)] == ["duplicate_example"]
    assert checker.issues_for(0) == ()
    doc.set_line_text(2, '{"messages": [{"role": "客服", "content": "x"}]')
    checker.update_line(2)
    assert checker.duplicates_of(0) == 0
    assert [i.code for i in checker.issues_for(2)] == ["truncated_line"]
    assert checker.issues_for(2)[0].line == 3


def test_checker_reuses_results_after_moves() -> None:
    doc = DatasetDocument.open(MISTAKES_FILE)
    checker = DocumentChecker(doc)
    doc.move_lines([2], 0)  # the 客服 line becomes line 1
    checker.structure_changed()
    (issue,) = checker.line_check(0).issues
    assert (issue.code, issue.line) == ("unrecognized_role", 1)
    assert [i.line for i in checker.report().issues] == sorted(
        i.line for i in checker.report().issues
    )


def test_checker_report_equals_validate_path() -> None:
    for path in (VALID_FILE, MISTAKES_FILE):
        assert (
            DocumentChecker(DatasetDocument.open(path)).report().issues
            == validate_path(path).issues
        )


def test_example_model_is_built_on_demand() -> None:
    check = check_line(
        line(chat(msg("system", "s"), msg("user", "q"), msg("assistant", "a", weight=1))), 1
    )
    example = check.example
    assert example is not None
    assert example.messages[2].weight == 1  # type: ignore[union-attr]
    assert example.to_dict() == check.obj
    assert check_line(b"[1]", 1).example is None


def test_checker_gives_models_on_demand() -> None:
    doc = DatasetDocument.from_bytes(jsonl([qa("A?", "B.")]) + b"[]\n")
    checker = DocumentChecker(doc)
    example = checker.example(0)
    assert example is not None and example.messages[1].content == "B."  # type: ignore[union-attr]
    assert checker.example(1) is None


def test_ten_megabyte_line_is_counted_and_flagged() -> None:
    big = qa("字" * 3_500_000)
    report = validate_bytes(jsonl([big]), model="gpt-4o-mini-2024-07-18")
    (issue,) = [i for i in report.issues if i.code == "too_many_tokens"]
    assert issue.line == 1
    assert "3,500,0" in issue.message.en and "65,536" in issue.message.en
