"""Checks an uploaded training file with the core's rules (the same the editor shows)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Literal

from fine_tune_studio.core.issues import Issue

MAX_LISTED_ISSUES = 50


@dataclass
class UploadVerdict:
    status: Literal["processed", "error"]
    details: str | None
    kind: str | None
    n_examples: int
    issues: list[dict[str, Any]] = field(default_factory=list)


def _example_kind(kinds: dict[str, int]) -> str | None:
    """chat or preference, from the first line that is an object (the core flags mixed
    files); the report already read every line, so no line is parsed twice."""
    return next((kind for kind in kinds if kind in ("chat", "preference")), None)


def _located(issue: Issue) -> str:
    text = issue.text("en")
    if issue.line is None:
        return text
    many = issue.line_count > 1
    where = f"lines {issue.line}-{issue.end_line}" if many else f"line {issue.line}"
    if issue.path:
        where += f", {issue.path}"
    return f"{where}: {text}"


def _issue_dict(issue: Issue) -> dict[str, Any]:
    return {
        "line": issue.line,
        "last_line": issue.end_line,
        "severity": str(issue.severity),
        "code": issue.reported_code,
        "diagnosis": issue.code,
        "path": issue.path,
        "message": {"en": issue.text("en"), "zh_TW": issue.text("zh_TW")},
    }


def check_upload(data: bytes) -> UploadVerdict:
    from fine_tune_studio.core.validation import validate_bytes

    report = validate_bytes(data)
    # Only the first issues are listed, so only they are built (a report may hold millions).
    every = itertools.chain(report.file_issues, report.issues)
    kind = _example_kind(report.kinds)
    issues = [_issue_dict(i) for i in itertools.islice(every, MAX_LISTED_ISSUES)]
    if not report.has_errors:
        return UploadVerdict("processed", None, kind, report.examples, issues)
    errors = (i for i in itertools.chain(report.file_issues, report.issues) if i.is_error)
    lines = [_located(i) for i in itertools.islice(errors, MAX_LISTED_ISSUES)]
    error_entries = sum(i.is_error for i in report.file_issues) + report.issues.error_runs
    if error_entries > MAX_LISTED_ISSUES:
        lines.append(f"... and {error_entries - MAX_LISTED_ISSUES} more errors")
    return UploadVerdict("error", "\n".join(lines), kind, report.examples, issues)
