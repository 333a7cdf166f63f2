"""Big training files for the editor's process, memory and crash tests: the 24 airport
examples repeated, each copy's question numbered so that no two lines are the same."""

from __future__ import annotations

import json
from pathlib import Path

from tests.ui.editor.conftest import VALID


def write_examples(path: Path, count: int) -> Path:
    seeds = [json.loads(line) for line in VALID.read_text(encoding="utf-8").splitlines()]
    with path.open("w", encoding="utf-8") as handle:
        for number in range(count):
            example = seeds[number % len(seeds)]
            messages = [dict(message) for message in example["messages"]]
            question = next(m for m in messages if m["role"] == "user")
            question["content"] = f"{question['content']} (#{number})"
            handle.write(json.dumps({"messages": messages}, ensure_ascii=False) + "\n")
    return path
