"""Find personal data and secrets inside training examples before they leave the computer.

Pure functions over line texts, so the editor's export dialog and the upload path run the
same check. A finding names its 1-based physical line and the field path inside the
example (``messages[1].content``), so the UI can jump straight to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import orjson

from fine_tune_studio.core.i18n import LocalizedText


class PrivacyChoice(StrEnum):
    """What the user decided after seeing the findings."""

    GO_ON = "go_on"  # send (or export) everything, knowingly
    EXCLUDE = "exclude"  # leave out the examples that hold a finding
    FIX = "fix"  # stop and go back to the editor


class FindingKind(StrEnum):
    email = "email"
    phone = "phone"
    tw_national_id = "tw_national_id"
    credit_card = "credit_card"
    api_key = "api_key"


KIND_LABELS: dict[FindingKind, LocalizedText] = {
    FindingKind.email: LocalizedText(en="e-mail address", zh_TW="電子郵件地址"),
    FindingKind.phone: LocalizedText(en="phone number", zh_TW="電話號碼"),
    FindingKind.tw_national_id: LocalizedText(
        en="Taiwanese national ID number", zh_TW="身分證統一編號"
    ),
    FindingKind.credit_card: LocalizedText(en="credit card number", zh_TW="信用卡號"),
    FindingKind.api_key: LocalizedText(en="API key or access token", zh_TW="API 金鑰或存取權杖"),
}


@dataclass(frozen=True)
class Finding:
    line: int  # 1-based physical line
    path: str  # field inside the example; "" when the line is not valid JSON
    kind: FindingKind
    start: int  # character offsets inside the field's text
    end: int
    text: str

    @property
    def masked(self) -> str:
        """Enough of the value to recognise it in a report without repeating it whole."""
        if len(self.text) <= 4:
            return "*" * len(self.text)
        keep = 2 if len(self.text) < 10 else 4
        return self.text[:keep] + "…" + self.text[-2:]

    def describe(self, lang: str = "en") -> str:
        return KIND_LABELS[self.kind].get(lang)


_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)

# Keys are long random-looking tokens with a well-known prefix. Checked before phone and card
# numbers so the digits inside a key are not reported a second time.
_API_KEY = re.compile(
    r"(?<![A-Za-z0-9])(?:"
    r"sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}"
    r"|sk-ant-[A-Za-z0-9_-]{16,}"
    r"|gh[pousr]_[A-Za-z0-9]{30,}"
    r"|github_pat_[A-Za-z0-9_]{30,}"
    r"|AKIA[0-9A-Z]{16}"
    r"|AIza[0-9A-Za-z_-]{35}"
    r"|xox[abprs]-[A-Za-z0-9-]{10,}"
    r"|hf_[A-Za-z0-9]{30,}"
    r")"
)

_KEY_HINT = re.compile(r"sk-|gh[pousr]_|github_pat_|AKIA|AIza|xox[abprs]-|hf_")
_DIGIT = re.compile(r"\d")

# 13–19 digits, optionally grouped by spaces or dashes; Luhn decides.
_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d])")

# Taiwanese ID (letter + 1/2 for citizens, 8/9 for the new resident certificate + 8 digits).
_TW_ID = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][1289]\d{8}(?![0-9])")

_SEP = r"[-\s.]?"
_PHONE = re.compile(
    r"(?<![\d+])(?:"
    # Taiwanese mobile: 0912-345-678, 0912345678, +886 912 345 678, +886-9-1234-5678
    rf"(?:\+886{_SEP}|0)9\d{{2}}{_SEP}\d{{3}}{_SEP}\d{{3}}"
    rf"|\+886{_SEP}9{_SEP}\d{{4}}{_SEP}\d{{4}}"
    # toll-free 0800-000-123
    rf"|0800{_SEP}\d{{3}}{_SEP}\d{{3}}"
    # Taiwanese landline: 02-2345-6789, (02)2345-6789, 03-123-4567, +886-2-2345-6789
    rf"|(?:\+886{_SEP}\(?|\(0|0)[2-8]\)?{_SEP}\d{{3,4}}{_SEP}\d{{4}}"
    # other international numbers written with a + and 8 to 15 digits
    r"|\+[1-9]\d{0,2}(?:[-\s.]?\(?\d{1,4}\)?){2,5}"
    r")(?!\d)"
)

_ID_LETTER_CODES = {
    letter: code
    for letter, code in zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (
            10,
            11,
            12,
            13,
            14,
            15,
            16,
            17,
            34,
            18,
            19,
            20,
            21,
            22,
            35,
            23,
            24,
            25,
            26,
            27,
            28,
            29,
            32,
            30,
            31,
            33,
        ),
        strict=True,
    )
}


def is_valid_tw_national_id(value: str) -> bool:
    """The Ministry of the Interior's checksum (also used by the new resident certificates)."""
    if len(value) != 10 or not value[1:].isdigit():
        return False
    code = _ID_LETTER_CODES.get(value[0].upper())
    if code is None or value[1] not in "1289":
        return False
    weights = (8, 7, 6, 5, 4, 3, 2, 1, 1)
    total = code // 10 + (code % 10) * 9
    total += sum(int(d) * w for d, w in zip(value[1:], weights, strict=True))
    return total % 10 == 0


def luhn_ok(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _digit_count(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def scan_text(text: str) -> list[tuple[FindingKind, int, int]]:
    """All findings inside one piece of text as (kind, start, end), in text order."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[FindingKind, int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def add(kind: FindingKind, start: int, end: int) -> None:
        taken.append((start, end))
        found.append((kind, start, end))

    # Cheap tests first: most example text has no digits, no "@" and no key prefix.
    if _KEY_HINT.search(text):
        for match in _API_KEY.finditer(text):
            add(FindingKind.api_key, match.start(), match.end())
    if "@" in text:
        for match in _EMAIL.finditer(text):
            if free(match.start(), match.end()):
                add(FindingKind.email, match.start(), match.end())
    if not _DIGIT.search(text):
        found.sort(key=lambda item: item[1])
        return found
    for match in _TW_ID.finditer(text):
        if free(match.start(), match.end()) and is_valid_tw_national_id(match.group()):
            add(FindingKind.tw_national_id, match.start(), match.end())
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 13 <= len(digits) <= 19 and luhn_ok(digits) and free(match.start(), match.end()):
            add(FindingKind.credit_card, match.start(), match.end())
    for match in _PHONE.finditer(text):
        candidate = match.group().rstrip(" .-")
        end = match.start() + len(candidate)
        if 8 <= _digit_count(candidate) <= 15 and free(match.start(), end):
            add(FindingKind.phone, match.start(), end)
    found.sort(key=lambda item: item[1])
    return found


def _walk_strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk_strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk_strings(item, f"{path}[{index}]")


def scan_line(text: str, line_no: int) -> list[Finding]:
    """Findings in one physical line; a line that is not JSON is scanned as raw text."""
    if not text.strip():
        return []
    try:
        obj = orjson.loads(text)
    except orjson.JSONDecodeError:
        return [
            Finding(line_no, "", kind, start, end, text[start:end])
            for kind, start, end in scan_text(text)
        ]
    findings: list[Finding] = []
    for path, value in _walk_strings(obj, ""):
        # Role names and tool ids are structure, not content: "user" never holds a secret
        # but "arguments" (a JSON string) may.
        if path.endswith((".role", ".type", ".tool_call_id", ".id")):
            continue
        for kind, start, end in scan_text(value):
            findings.append(Finding(line_no, path, kind, start, end, value[start:end]))
    return findings


def scan_lines(lines: Iterable[str], *, first_line: int = 1) -> list[Finding]:
    """Findings in a whole file given as its line texts (the upload path calls this)."""
    findings: list[Finding] = []
    for offset, text in enumerate(lines):
        findings.extend(scan_line(text, first_line + offset))
    return findings


def scan_bytes(data: bytes) -> list[Finding]:
    text = data.decode("utf-8-sig", errors="replace")
    return scan_lines(text.splitlines())
