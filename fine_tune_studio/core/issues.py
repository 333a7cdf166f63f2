"""What a validation rule reports: a located, bilingual, fixable issue."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from fine_tune_studio.core.i18n import LocalizedText

FIX_PREFIX = LocalizedText(en="Fix: ", zh_TW="修正方式:")


class Severity(StrEnum):
    ERROR = "error"  # the provider would reject the file, or the example teaches nothing
    WARNING = "warning"  # accepted, but probably not what the author meant


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem. `line` is 1-based and physical (blank lines count); None for the file."""

    line: int | None
    severity: Severity
    code: str
    path: str
    message: LocalizedText
    fix: LocalizedText | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def reported_code(self) -> str:
        """The documented category the JSON report gives; `code` is the precise diagnosis."""
        # Imported here: rules imports Severity from this module.
        from fine_tune_studio.core.rules import reported_code

        return reported_code(self.code)

    def text(self, lang: str = "en", *, with_fix: bool = True) -> str:
        """The message, followed by the fix when there is one."""
        words = self.message.get(lang)
        if with_fix and self.fix is not None:
            words = f"{words} {FIX_PREFIX.get(lang)}{self.fix.get(lang)}"
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
            "severity": self.severity.value,
            "code": self.reported_code,
            "diagnosis": self.code,
            "path": self.path,
            "message": self.text(lang),
        }
