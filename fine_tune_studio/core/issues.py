"""What a validation rule reports: a located, bilingual, fixable issue."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from fine_tune_studio.core.i18n import LocalizedText, join_sentences

FIX_PREFIX = LocalizedText(en="Fix: ", zh_TW="修正方式：")

# Identical texts share one object: a file of a million blank (or `{}`) lines reports the
# same words a million times, and each LocalizedText costs hundreds of bytes. Bounded, so
# texts that differ on every line (they name a key, a position) do not pile up here.
_SHARED_TEXTS: dict[tuple[str, str], LocalizedText] = {}
_SHARED_TEXTS_MAX = 4096


def shared_text(text: LocalizedText) -> LocalizedText:
    """One object for all equal texts (those seen recently)."""
    key = (text.en, text.zh_TW)
    found = _SHARED_TEXTS.get(key)
    if found is not None:
        return found
    if len(_SHARED_TEXTS) >= _SHARED_TEXTS_MAX:
        _SHARED_TEXTS.clear()
    _SHARED_TEXTS[key] = text
    return text


class Severity(StrEnum):
    ERROR = "error"  # the provider would reject the file, or the example teaches nothing
    WARNING = "warning"  # accepted, but probably not what the author meant


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem. `line` is 1-based and physical (blank lines count); None for the file.

    A report gives a run of the same problem on consecutive lines as one issue covering
    `line` to `last_line` (both included); `last_line` is None for a single line. `code` is
    the precise diagnosis; `reported_code` is the documented category the JSON report uses.
    """

    line: int | None
    severity: Severity
    code: str
    path: str
    message: LocalizedText
    fix: LocalizedText | None = None
    last_line: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", shared_text(self.message))
        if self.fix is not None:
            object.__setattr__(self, "fix", shared_text(self.fix))

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def end_line(self) -> int | None:
        """The last line this issue covers (its only line when it covers one)."""
        return self.line if self.last_line is None else self.last_line

    @property
    def line_count(self) -> int:
        """How many lines have this problem (1 for a file-level issue)."""
        if self.line is None or self.last_line is None:
            return 1
        return self.last_line - self.line + 1

    def covers(self, line: int) -> bool:
        return self.line is not None and self.line <= line <= (self.end_line or self.line)

    @property
    def reported_code(self) -> str:
        """The documented category the JSON report gives; `code` is the precise diagnosis."""
        # Imported here: rules imports Severity from this module.
        from fine_tune_studio.core.rules import reported_code

        return reported_code(self.code)

    def key(self) -> Hashable:
        """Equal for the same problem, wherever it is: everything but the lines."""
        fix = (self.fix.en, self.fix.zh_TW) if self.fix is not None else None
        return (self.code, self.severity, self.path, self.message.en, self.message.zh_TW, fix)

    def text(self, lang: str = "en", *, with_fix: bool = True) -> str:
        """The message, followed by the fix when there is one."""
        words = self.message.get(lang)
        if with_fix and self.fix is not None:
            words = join_sentences(words, f"{FIX_PREFIX.get(lang)}{self.fix.get(lang)}")
        return words

    def to_json_dict(self, lang: str = "en") -> dict[str, Any]:
        """The CLI's JSON shape: `code` in the documented vocabulary, `diagnosis` precise."""
        if self.line is None:
            return {
                "severity": self.severity.value,
                "code": self.reported_code,
                "diagnosis": self.code,
                "message": self.text(lang),
            }
        return {
            "line": self.line,
            "last_line": self.end_line,
            "severity": self.severity.value,
            "code": self.reported_code,
            "diagnosis": self.code,
            "path": self.path,
            "message": self.text(lang),
        }
