"""Golden test sets: examples the model never trains on, kept in their own JSONL file.

A test-set line is an ordinary chat example: the conversation up to the question, and the
expected answer as the last assistant message (the reference). It may carry
`"tags": ["行李", ...]`, an app-only key used for the per-tag breakdown. Tags stay in the
file; every path that sends lines to a provider (`training_files.jsonl`, the exporter)
removes them with `strip_app_keys`, so an uploader never sees them.

The set-aside split and the leakage check are pure functions over line texts. Qt-free.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

TAGS_KEY = "tags"
# Keys the app keeps in a line for itself; never sent to a provider.
APP_ONLY_KEYS: frozenset[str] = frozenset({TAGS_KEY})
UNTAGGED = ""


def paired_test_set_path(train_path: Path) -> Path:
    """`airport.jsonl` -> `airport.test.jsonl`, next to it."""
    name = train_path.name
    stem = name[: -len(".jsonl")] if name.endswith(".jsonl") else train_path.stem
    return train_path.with_name(f"{stem}.test.jsonl")


def _as_bytes(line: str | bytes) -> bytes:
    return line.encode("utf-8") if isinstance(line, str) else line


def _parse(line: str | bytes) -> dict[str, Any] | None:
    raw = _as_bytes(line)
    if not raw.strip():
        return None
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    return obj if isinstance(obj, dict) else None


def strip_app_keys(line: bytes) -> bytes:
    """The line without app-only keys. Lines without them come back untouched (same bytes),
    so the common case costs one substring search and never re-serialises."""
    if b'"tags"' not in line:
        return line
    obj = _parse(line)
    if obj is None or not APP_ONLY_KEYS & obj.keys():
        return line
    for key in APP_ONLY_KEYS:
        obj.pop(key, None)
    return orjson.dumps(obj)  # non-ASCII stays readable (orjson writes UTF-8)


def tags_of(obj: Mapping[str, Any]) -> tuple[str, ...]:
    value = obj.get(TAGS_KEY)
    if not isinstance(value, list):
        return ()
    return tuple(dict.fromkeys(str(t).strip() for t in value if str(t).strip()))


# -- questions and answers --------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def normalize_question(text: str) -> str:
    """For comparing questions: width-folded (NFKC), whitespace collapsed, case folded."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts
        return "".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return ""


def split_reference(obj: Mapping[str, Any]) -> tuple[list[dict[str, Any]], str] | None:
    """(the prompt messages, the reference answer), or None when the line does not end in an
    assistant answer after a user question."""
    messages = obj.get("messages")
    if not isinstance(messages, list) or len(messages) < 2:
        return None
    last = messages[-1]
    if not isinstance(last, dict) or last.get("role") != "assistant":
        return None
    prompt = [m for m in messages[:-1] if isinstance(m, dict)]
    if not any(m.get("role") == "user" for m in prompt):
        return None
    return prompt, _text(last.get("content"))


def question_of(obj: Mapping[str, Any]) -> str | None:
    """The last user message before the reference answer (what the leakage check compares)."""
    split = split_reference(obj)
    if split is None:
        return None
    prompt, _ = split
    return next(_text(m.get("content")) for m in reversed(prompt) if m.get("role") == "user")


def prompt_id(prompt: Sequence[Mapping[str, Any]]) -> str:
    """A stable id of a prompt: the same conversation gets the same id in every run."""
    canonical = orjson.dumps(
        [{"role": m.get("role"), "content": _text(m.get("content"))} for m in prompt]
    )
    return hashlib.sha256(canonical).hexdigest()[:16]


@dataclass(frozen=True)
class TestItem:
    """One question of a test set."""

    __test__ = False  # not a pytest test class

    id: str
    line: int  # 1-based physical line in the test-set file
    prompt: tuple[dict[str, Any], ...]
    reference: str
    tags: tuple[str, ...]

    @property
    def question(self) -> str:
        return next(
            (_text(m.get("content")) for m in reversed(self.prompt) if m.get("role") == "user"),
            "",
        )


def read_test_items(lines: Iterable[str | bytes]) -> tuple[list[TestItem], list[int]]:
    """The usable items, and the 1-based lines that are not (no question or no reference).

    Two lines with the same prompt get ids `x` and `x-2`: both are kept and scored."""
    items: list[TestItem] = []
    unusable: list[int] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        raw = _as_bytes(line)
        if not raw.strip():
            continue
        obj = _parse(raw)
        split = split_reference(obj) if obj is not None else None
        if obj is None or split is None:
            unusable.append(number)
            continue
        prompt, reference = split
        base = prompt_id(prompt)
        seen[base] = seen.get(base, 0) + 1
        item_id = base if seen[base] == 1 else f"{base}-{seen[base]}"
        items.append(TestItem(item_id, number, tuple(prompt), reference, tags_of(obj)))
    return items, unusable


# -- setting examples aside --------------------------------------------------------------------


@dataclass(frozen=True)
class SetAside:
    """0-based line indices that stay for training and that move to the test set; both in
    file order. Lines that are not usable test items (blank, invalid, no answer) stay."""

    train: list[int]
    test: list[int]


def _allocate(sizes: Mapping[str, int], total: int) -> dict[str, int]:
    """Largest-remainder share of `total` among groups, proportional to their sizes."""
    population = sum(sizes.values())
    if population == 0 or total <= 0:
        return dict.fromkeys(sizes, 0)
    exact = {k: total * n / population for k, n in sizes.items()}
    chosen = {k: min(sizes[k], int(v)) for k, v in exact.items()}
    left = total - sum(chosen.values())
    # Ties broken by name so the same file and seed always give the same split.
    for key in sorted(exact, key=lambda k: (-(exact[k] - int(exact[k])), k)):
        if left <= 0:
            break
        if chosen[key] < sizes[key]:
            chosen[key] += 1
            left -= 1
    return chosen


def set_aside(
    lines: Sequence[str | bytes], *, count: int | None = None, share: float | None = None,
    seed: int = 42,
) -> SetAside:
    """Choose the test set: `count` examples, or `share` (0–1) of the usable ones, drawn with
    `seed` and stratified by tag (each tag combination gets its proportional share, so a
    rare topic is not left out of the test by chance). At least one example stays."""
    usable: list[int] = []
    groups: dict[str, list[int]] = defaultdict(list)
    for index, line in enumerate(lines):
        obj = _parse(line)
        if obj is None or split_reference(obj) is None:
            continue
        usable.append(index)
        groups["\x1f".join(sorted(tags_of(obj))) or UNTAGGED].append(index)
    if count is None:
        if share is None or not 0.0 <= share < 1.0:
            raise ValueError("give a count, or a share between 0 and 1")
        count = round(len(usable) * share)
    count = max(0, min(count, len(usable) - 1))
    quota = _allocate({k: len(v) for k, v in groups.items()}, count)
    rng = random.Random(seed)
    chosen: set[int] = set()
    for key in sorted(groups):
        members = list(groups[key])
        rng.shuffle(members)
        chosen.update(members[: quota[key]])
    return SetAside(
        train=[i for i in range(len(lines)) if i not in chosen], test=sorted(chosen)
    )


# -- leakage ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Leak:
    """A test question that is also in the training file (1-based lines in each)."""

    question: str
    train_line: int
    test_line: int


def find_leaks(train: Iterable[str | bytes], test: Iterable[str | bytes]) -> list[Leak]:
    """Every test question that a training example also asks (compared after width folding
    and whitespace), with both locations. A model that trained on the question would score
    its memory, not its skill."""
    train_questions: dict[str, int] = {}
    for number, line in enumerate(train, start=1):
        obj = _parse(line)
        question = question_of(obj) if obj is not None else None
        if question:
            train_questions.setdefault(normalize_question(question), number)
    leaks: list[Leak] = []
    for number, line in enumerate(test, start=1):
        obj = _parse(line)
        question = question_of(obj) if obj is not None else None
        if question and (found := train_questions.get(normalize_question(question))):
            leaks.append(Leak(question, found, number))
    return leaks
