"""Small builders shared by the core tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
# Byte-identical copies, so a clone without the shared folder beside it still tests them.
LOCAL_DATA = Path(__file__).resolve().parent / "data"


def _data(name: str) -> Path:
    shared = SHARED_DATA / name
    return shared if shared.exists() else LOCAL_DATA / name


VALID_FILE = _data("airport-faq.zh-TW.jsonl")
MISTAKES_FILE = _data("airport-faq-with-mistakes.zh-TW.jsonl")


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
