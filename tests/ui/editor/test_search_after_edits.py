"""Search stays right while the file changes under it, without rebuilding its index.

The session keeps a lowered copy of the whole file for fast search and checks lines
changed since then one by one; after any mix of edits, inserts, deletes, moves and
undos, its answers must equal those of a fresh session over the same text.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from fine_tune_studio.core.document import DatasetDocument
from fine_tune_studio.ui.editor.session import DocumentSession

WORDS = ["Taoyuan", "baggage", "行李", "Wi-Fi", "pork", "transit", "gate", "MRT"]


def example(rng: random.Random) -> str:
    question = " ".join(rng.choice(WORDS) for _ in range(3))
    answer = " ".join(rng.choice(WORDS) for _ in range(4))
    return json.dumps(
        {"messages": [{"role": "user", "content": question},
                      {"role": "assistant", "content": answer}]},
        ensure_ascii=rng.random() < 0.5,  # some lines \\u-escaped, as other tools write them
    )


def fresh_search(session: DocumentSession, needle: str) -> list[int]:
    other = DocumentSession()
    other.set_document(DatasetDocument.from_bytes(session.document.to_bytes()))
    try:
        return other.search(needle)
    finally:
        other.close()


@pytest.mark.parametrize("seed", range(6))
def test_search_after_random_changes_equals_a_fresh_search(qasync_loop: Any, seed: int) -> None:
    # qasync_loop: a session starts its whole-file check as a coroutine on the current loop.
    rng = random.Random(seed)
    session = DocumentSession()
    text = "\n".join(example(rng) for _ in range(60)) + "\n"
    session.set_document(DatasetDocument.from_bytes(text.encode("utf-8")))
    try:
        for step in range(40):
            needle = rng.choice([*WORDS, "taoYUAN", "content", "gate MRT"])
            assert session.search(needle) == fresh_search(session, needle), (step, needle)
            size = len(session)
            kind = rng.choice(["edit", "edits", "insert", "delete", "move", "restore"])
            if kind == "edit":
                session.set_text(rng.randrange(size), example(rng), check=False)
            elif kind == "edits":
                rows = rng.sample(range(size), 3)
                session.set_texts([(i, example(rng)) for i in rows])
            elif kind == "insert":
                session.insert(rng.randrange(size + 1), [example(rng), example(rng)])
            elif kind == "delete" and size > 10:
                removed = session.delete(rng.sample(range(size), 2))
                if rng.random() < 0.5:
                    session.restore(removed)  # what undo does
            elif kind == "move":
                rows = sorted(rng.sample(range(size), 2))
                to = rng.randrange(size - 1)
                moved = session.move(rows, to)
                if rng.random() < 0.5:
                    session.unmove(moved, rows)  # what undo does
    finally:
        session.close()
