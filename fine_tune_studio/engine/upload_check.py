"""Checks an uploaded training file with the core's rules (the same the editor shows)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from fine_tune_studio.core.schema import is_preference_object

MAX_LISTED_ISSUES = 50


@dataclass
class UploadVerdict:
    status: Literal["processed", "error"]
    details: str | None
    kind: str | None
    n_examples: int
    issues: list[dict[str, Any]] = field(default_factory=list)


def _example_kind(data: bytes) -> str | None:
    """chat or preference, from the first line that parses (the core flags mixed files)."""
    for raw in data.splitlines():
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw.decode("utf-8-sig", errors="replace"))
        except ValueError:
            continue
        if isinstance(obj, dict):
            return "preference" if is_preference_object(obj) else "chat"
    return None


def _located(issue: Any) -> str:
    text = issue.text("en")
    if issue.line is None:
        return text
    where = f"line {issue.line}"
    if issue.path:
        where += f", {issue.path}"
    return f"{where}: {text}"


def _issue_dict(issue: Any) -> dict[str, Any]:
    return {
        "line": issue.line,
        "severity": str(issue.severity),
        "code": issue.reported_code,
        "diagnosis": issue.code,
        "path": issue.path,
        "message": {"en": issue.text("en"), "zh_TW": issue.text("zh_TW")},
    }


def check_upload(data: bytes) -> UploadVerdict:
    from fine_tune_studio.core.validation import validate_bytes

    report = validate_bytes(data)
    every = [*report.file_issues, *report.issues]
    errors = [i for i in every if str(i.severity) == "error"]
    kind = _example_kind(data)
    issues = [_issue_dict(i) for i in every[:MAX_LISTED_ISSUES]]
    if not report.has_errors:
        return UploadVerdict("processed", None, kind, report.examples, issues)
    lines = [_located(i) for i in errors[:MAX_LISTED_ISSUES]]
    if len(errors) > MAX_LISTED_ISSUES:
        lines.append(f"... and {len(errors) - MAX_LISTED_ISSUES} more errors")
    return UploadVerdict("error", "\n".join(lines), kind, report.examples, issues)
