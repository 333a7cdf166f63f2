"""Small builders shared by the core tests."""

from __future__ import annotations

import json
from typing import Any

from tests.support.test_files import AIRPORT_FAQ, AIRPORT_FAQ_WITH_MISTAKES

VALID_FILE = AIRPORT_FAQ
MISTAKES_FILE = AIRPORT_FAQ_WITH_MISTAKES


def chat(*messages: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"messages": list(messages), **extra}


def msg(role: str, content: Any = "hi", **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"role": role}
    if content is not ...:
        out["content"] = content
    out.update(extra)
    return out


def qa(question: str = "Where is gate 5?", answer: str = "Turn left.") -> dict[str, Any]:
    return chat(msg("user", question), msg("assistant", answer))


def line(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def jsonl(objs: list[Any]) -> bytes:
    return "".join(line(o) + "\n" for o in objs).encode("utf-8")
