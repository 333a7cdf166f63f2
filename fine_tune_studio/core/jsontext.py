"""JSON text of already-parsed values that never raises on odd data, and a lenient reader.

orjson refuses nesting deeper than 255 and integers beyond 64 bits, both of which a user's
file may contain; the standard library takes over there, and a value neither can write
(nesting past Python's recursion limit) yields None.
"""

from __future__ import annotations

import json
import math
import sys
from typing import Any

import orjson

# Python refuses to turn longer digit strings into int (a guard against quadratic time);
# the default, not the interpreter's current setting, so every process reads alike.
MAX_INT_DIGITS: int = sys.int_info.default_max_str_digits


class HugeNumber:
    """Stands for a number no reader takes, so the line can say where it is: an integer
    too long for Python, or a number beyond the largest double (it would read as inf)."""

    __slots__ = ("digits", "preview", "too_large")

    def __init__(self, text: str, *, too_large: bool = False) -> None:
        self.digits = sum(ch.isdigit() for ch in text[:100_000]) if too_large else len(text)
        if not too_large:
            self.digits -= text[0] in "+-"
        self.preview = text if len(text) <= 24 else text[:20] + "…"
        self.too_large = too_large

    def __repr__(self) -> str:
        return f"HugeNumber({self.preview!r}, {self.digits} digits)"


def read_int(text: str) -> int | HugeNumber:
    """json's `parse_int` that never raises: a HugeNumber for digits Python will not read."""
    digits = len(text) - (text[0] in "+-")
    if digits > MAX_INT_DIGITS:
        return HugeNumber(text)
    try:
        return int(text)
    except ValueError:  # the interpreter's limit was set lower than the default
        return HugeNumber(text)


def read_float(text: str) -> float | HugeNumber:
    """json's `parse_float` that marks numbers beyond the largest double (1e999)."""
    value = float(text)
    return HugeNumber(text, too_large=True) if math.isinf(value) else value


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def loads_lenient(text: str) -> Any:
    """json.loads that never raises on a long integer (it becomes a HugeNumber, as does a
    number too large for a double).

    Raises ValueError (JSONDecodeError included) for text that is not JSON, NaN/Infinity
    included, and RecursionError for nesting too deep to read.
    """
    return json.loads(
        text, parse_int=read_int, parse_float=read_float, parse_constant=_reject_constant
    )


def has_surrogate(text: str) -> bool:
    """Whether `text` holds half of a UTF-16 pair (which UTF-8 cannot store)."""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def visible(text: str) -> str:
    """`text` printable anywhere: halves of UTF-16 pairs are shown as \\udXXX escapes."""
    return text.encode("utf-8", errors="backslashreplace").decode("utf-8")


def compact_json(value: Any, *, sort_keys: bool = False) -> str | None:
    """Compact JSON, non-ASCII kept; None when the value cannot be written."""
    try:
        option = orjson.OPT_SORT_KEYS if sort_keys else None
        return orjson.dumps(value, option=option).decode("utf-8")
    except (TypeError, orjson.JSONEncodeError):
        pass
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys)
    except (RecursionError, ValueError, TypeError):
        return None


def canonical_bytes(value: Any) -> bytes | None:
    """Equal for values equal as JSON, whatever their key order (for duplicate detection)."""
    text = compact_json(value, sort_keys=True)
    return None if text is None else text.encode("utf-8", errors="surrogatepass")
