"""JSON text of already-parsed values that never raises on odd data.

orjson refuses nesting deeper than 255 and integers beyond 64 bits, both of which a user's
file may contain; the standard library takes over there, and a value neither can write
(nesting past Python's recursion limit) yields None.
"""

from __future__ import annotations

import json
from typing import Any

import orjson


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
