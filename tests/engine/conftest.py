"""Helpers of the engine tests. The trained job they share (training is the slow part)
is `trained_job` in tests/support/engine_fixtures.py, shared with the playground tests.

Their modules raise pytest's per-test timeout to 900 s: the first test to use the shared
job pays for training it, which on a busy shared machine can take minutes."""

from __future__ import annotations

import json
from typing import Any

from tests.support.engine_fixtures import (  # noqa: F401  (re-exported for the tests here)
    AIRPORT_FAQ,
    TRAINING_HYPERPARAMETERS,
    TrainedJob,
    all_events,
    wait_for_file,
    wait_for_job,
)
from tests.support.test_files import AIRPORT_FAQ_WITH_MISTAKES

MISTAKES = AIRPORT_FAQ_WITH_MISTAKES
PORK_QUESTION = "請問我可以帶豬肉乾入境台灣嗎?"


def airport_examples() -> list[dict[str, Any]]:
    lines = AIRPORT_FAQ.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def trained_answer(question: str) -> tuple[list[Any], str]:
    """The prompt messages (system + question) and the trained answer for a question."""
    for example in airport_examples():
        messages = example["messages"]
        if any(m["role"] == "user" and m["content"] == question for m in messages):
            prompt = [m for m in messages if m["role"] != "assistant"]
            answer = next(m["content"] for m in messages if m["role"] == "assistant")
            return prompt, answer
    raise KeyError(question)


def error_body(error: Any) -> dict[str, Any]:
    """The `error` object of an OpenAI-shaped error the SDK raised."""
    body = error.body
    assert isinstance(body, dict), body
    return body
