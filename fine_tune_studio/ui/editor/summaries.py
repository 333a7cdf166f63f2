"""What the editor keeps per line: a `LineSummary` from one core `check_line` call.

The editor keeps one small summary per physical line (keyed by the line's stable uid), so
the table, the filter, the problems panel and the summary never re-parse the file.

This module imports no Qt: `summarize_lines` runs in the spawned checker processes, which
should start in a fraction of a second and hold the tokenizer, not a GUI toolkit.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from fine_tune_studio.core import validation
from fine_tune_studio.core.issues import Issue

STATUS_PENDING = -1
STATUS_OK = 0
STATUS_WARNING = 1
STATUS_ERROR = 2


@dataclass(frozen=True, slots=True)
class LineSummary:
    status: int
    tokens: int  # -1 when unknown (invalid line)
    first_user: str
    issues: tuple[Issue, ...]
    fingerprint: bytes | None
    kind: str


def first_user_text(obj: Any) -> str:
    """The first user message, for the list (preference lines keep theirs under `input`)."""
    if not isinstance(obj, dict):
        return ""
    messages = obj.get("messages")
    if not isinstance(messages, list):
        inner = obj.get("input")
        messages = inner.get("messages") if isinstance(inner, dict) else None
    if not isinstance(messages, list):
        return ""
    for message in messages:
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, str):
                return content
            if isinstance(content, list):
                return " ".join(
                    str(part.get("text", "")) for part in content if isinstance(part, dict)
                )
    return ""


def quick_first_user(raw: bytes) -> str:
    """For rows shown before the background check reaches them: parse only, no rules."""
    try:
        return first_user_text(orjson.loads(raw))
    except orjson.JSONDecodeError:
        return raw[:200].decode("utf-8", errors="replace")


def summarize(raw: bytes, line_no: int, context: Any) -> LineSummary:
    check = validation.check_line(raw, line_no, context=context)
    status = STATUS_OK
    for issue in check.issues:
        if issue.is_error:
            status = STATUS_ERROR
            break
        status = STATUS_WARNING
    if check.kind in ("chat", "preference"):
        first = first_user_text(check.obj)
    elif check.kind == "blank":
        first = ""
    else:
        first = raw[:200].decode("utf-8", errors="replace")
    return LineSummary(
        status=status,
        tokens=check.tokens if check.tokens is not None else -1,
        first_user=first,
        issues=tuple(check.issues),
        fingerprint=check.fingerprint,
        kind=str(check.kind),
    )


def make_context(model: str) -> Any:
    return validation.CheckContext(model=model)


# On a thread beside the GUI: the tokenizer releases and re-takes the GIL on every call, and
# without a real pause (sleep(0) is not one) the GUI thread lost that race for 200+ ms.
THREAD_PAUSE_EVERY = 16
THREAD_PAUSE_S = 0.0002


def summarize_lines(
    raws: Sequence[bytes], first_line_no: int, model: str, *, beside_gui: bool = False
) -> list[LineSummary]:
    """Summaries of consecutive lines, the first being 1-based `first_line_no`.

    Line numbers only go into the issues' text; views renumber by position. `beside_gui`:
    running on a thread of the GUI process, so pause now and then to let the GUI in.
    """
    context = make_context(model)
    out: list[LineSummary] = []
    for offset, raw in enumerate(raws):
        out.append(summarize(raw, first_line_no + offset, context))
        if beside_gui and offset % THREAD_PAUSE_EVERY == THREAD_PAUSE_EVERY - 1:
            time.sleep(THREAD_PAUSE_S)
    return out
