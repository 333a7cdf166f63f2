"""An evaluation run as data: who answers (contestants), with which settings, and the
records of what they answered. Qt-free; the runner (`services/evaluation.py`) does the work.

A contestant is a model on a provider profile, or a *prompt baseline*: a model given the
dataset's system prompt and k example conversations from the training file before each
question ("try cheap prompting first", as the article advises). The k examples are drawn
once, seeded, and saved with the run, so a resumed run asks exactly the same thing.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
from pydantic import BaseModel, Field

from fine_tune_studio.core.conversation import most_common_system_prompt
from fine_tune_studio.core.test_sets import TestItem, normalize_question, question_of

FORMAT_VERSION = 1
MIN_CONTESTANTS, MAX_CONTESTANTS = 2, 6
DEFAULT_FEW_SHOT = 3
DEFAULT_MAX_TOKENS = 256


def fewshot_name(model: str, k: int) -> str:
    return f"{model}+fewshot:{k}"


class RunParams(BaseModel):
    """The same fixed settings for every contestant, so answers differ by model only."""

    temperature: float = 0.0
    max_tokens: int = DEFAULT_MAX_TOKENS
    seed: int | None = None

    def request(self) -> dict[str, Any]:
        params: dict[str, Any] = {"temperature": self.temperature, "max_tokens": self.max_tokens}
        if self.seed is not None:
            params["seed"] = self.seed
        return params


class Contestant(BaseModel):
    name: str  # unique within a run; what the report shows once names are revealed
    provider_id: str
    model: str
    few_shot: int = 0  # > 0: a prompt baseline with this many examples
    system_prompt: str | None = None  # a baseline's system prompt (the dataset's)
    examples: list[list[dict[str, Any]]] = Field(default_factory=list)

    @property
    def is_baseline(self) -> bool:
        return self.few_shot > 0 or self.system_prompt is not None

    def messages_for(self, item: TestItem) -> list[dict[str, Any]]:
        """The request for one item. A fine-tune gets the test conversation as written; a
        baseline gets the system prompt and its examples first."""
        if not self.is_baseline:
            return [dict(m) for m in item.prompt]
        own_system = [m for m in item.prompt if m.get("role") == "system"]
        system = self.system_prompt
        if system is None and own_system:
            system = str(own_system[0].get("content", ""))
        messages: list[dict[str, Any]] = []
        if system:
            messages.append({"role": "system", "content": system})
        for example in self.examples:
            messages.extend(dict(m) for m in example)
        messages.extend(dict(m) for m in item.prompt if m.get("role") != "system")
        return messages

    def fingerprint(self, params: RunParams) -> str:
        """Changes when anything that shapes this contestant's answers changes, so a resume
        never mixes answers given under different settings."""
        data = orjson.dumps(
            {
                "model": self.model,
                "provider": self.provider_id,
                "system": self.system_prompt,
                "examples": self.examples,
                "params": params.model_dump(),
            },
            option=orjson.OPT_SORT_KEYS,
        )
        return hashlib.sha256(data).hexdigest()[:12]


def draw_examples(
    training_lines: Iterable[str | bytes], k: int, seed: int,
    avoid_questions: Iterable[str] = (),
) -> list[list[dict[str, Any]]]:
    """k example conversations (user/assistant turns, system left out) from the training
    file, drawn with `seed`, never one whose question is in the test set."""
    avoid = {normalize_question(q) for q in avoid_questions}
    candidates: list[list[dict[str, Any]]] = []
    for line in training_lines:
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("messages"), list):
            continue
        question = question_of(obj)
        if not question or normalize_question(question) in avoid:
            continue
        turns = [
            {"role": m["role"], "content": m["content"]}
            for m in obj["messages"]
            if isinstance(m, dict)
            and m.get("role") in ("user", "assistant")
            and isinstance(m.get("content"), str)
        ]
        if turns:
            candidates.append(turns)
    rng = random.Random(seed)
    return rng.sample(candidates, min(k, len(candidates)))


def prompt_baseline(
    model: str, provider_id: str, training_lines: Sequence[str | bytes], k: int, seed: int,
    avoid_questions: Iterable[str] = (),
) -> Contestant:
    texts = [
        ln.decode("utf-8", "replace") if isinstance(ln, bytes) else ln for ln in training_lines
    ]
    return Contestant(
        name=fewshot_name(model, k),
        provider_id=provider_id,
        model=model,
        few_shot=k,
        system_prompt=most_common_system_prompt(texts) or "",
        examples=draw_examples(texts, k, seed, avoid_questions),
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class RunSpec(BaseModel):
    """What a run is; saved as run.json in its folder when it starts."""

    format_version: int = FORMAT_VERSION
    id: str = Field(default_factory=lambda: uuid.uuid4().hex[:12])
    title: str = ""
    created_at: str = Field(default_factory=_now)
    test_set: str  # path of the test-set file
    training_file: str | None = None  # the file it pairs with (for "open in editor", few-shot)
    contestants: list[Contestant]
    params: RunParams = Field(default_factory=RunParams)
    seed: int = 0  # review sides and few-shot draws

    def check(self) -> None:
        names = [c.name for c in self.contestants]
        if not MIN_CONTESTANTS <= len(names) <= MAX_CONTESTANTS:
            raise ValueError(f"a run needs {MIN_CONTESTANTS} to {MAX_CONTESTANTS} contestants")
        if len(set(names)) != len(names):
            raise ValueError("contestant names must differ")

    def contestant(self, name: str) -> Contestant:
        return next(c for c in self.contestants if c.name == name)


class Answer(BaseModel):
    """One contestant's answer to one item: a line of answers.jsonl."""

    item: str
    contestant: str
    answer: str
    latency: float
    tokens: dict[str, int | None] = Field(default_factory=dict)  # prompt, completion
    params: str = ""  # the contestant's fingerprint when it answered

    def to_line(self) -> bytes:
        return json.dumps(self.model_dump(), ensure_ascii=False).encode("utf-8") + b"\n"


class Failure(BaseModel):
    """An answer that could not be had after the retries: a line of failures.jsonl."""

    item: str
    contestant: str
    error_kind: str
    detail: str = ""
    params: str = ""
    at: str = Field(default_factory=_now)

    def to_line(self) -> bytes:
        return json.dumps(self.model_dump(), ensure_ascii=False).encode("utf-8") + b"\n"


def answered_keys(answers: Iterable[Answer], spec: RunSpec) -> set[tuple[str, str]]:
    """(item, contestant) pairs already answered under the run's current settings."""
    prints = {c.name: c.fingerprint(spec.params) for c in spec.contestants}
    return {(a.item, a.contestant) for a in answers if prints.get(a.contestant) == a.params}


def answers_by_key(answers: Iterable[Answer]) -> Mapping[tuple[str, str], Answer]:
    return {(a.item, a.contestant): a for a in answers}
