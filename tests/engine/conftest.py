"""The engine tests share one trained job (training is the slow part).

Their modules raise pytest's per-test timeout to 900 s: the first test to use the shared
job pays for training it, which on a busy shared machine can take minutes."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.engine_fixtures import EngineServer, make_client

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
AIRPORT_FAQ = SHARED_DATA / "airport-faq.zh-TW.jsonl"
MISTAKES = SHARED_DATA / "airport-faq-with-mistakes.zh-TW.jsonl"
PORK_QUESTION = "請問我可以帶豬肉乾入境台灣嗎?"
TERMINAL = {"succeeded", "failed", "cancelled"}

# What GUIDE.md measured for the tiny model (LoRA r 16 on all linear layers, lr 1e-2):
# 300 optimizer steps make it give exact trained answers. 50 epochs of batch 4 are those
# 300 steps on 24 examples, and 50 is the most the official schema allows.
TRAINING_HYPERPARAMETERS: dict[str, Any] = {
    "n_epochs": 50,
    "batch_size": 4,
    # The trainer's base rate is 2e-4; a randomly initialised toy model needs 1e-2.
    "learning_rate_multiplier": 50,
}


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


async def wait_for_file(client: Any, file_id: str, timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        record = await client.files.retrieve(file_id)
        if record.status != "uploaded" or time.monotonic() > deadline:
            return record
        await asyncio.sleep(0.2)


async def wait_for_job(
    client: Any, job_id: str, statuses: set[str] = TERMINAL, timeout: float = 900
) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        job = await client.fine_tuning.jobs.retrieve(job_id)
        if job.status in statuses:
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} still {job.status} after {timeout} s")
        await asyncio.sleep(0.5)


async def all_events(client: Any, job_id: str) -> list[Any]:
    """Every event of a job, oldest first (the API pages newest first, like OpenAI)."""
    events = [e async for e in client.fine_tuning.jobs.list_events(job_id, limit=100)]
    return list(reversed(events))


def error_body(error: Any) -> dict[str, Any]:
    """The `error` object of an OpenAI-shaped error the SDK raised."""
    body = error.body
    assert isinstance(body, dict), body
    return body


@dataclass
class TrainedJob:
    job: Any
    events: list[Any]
    training_file_id: str


async def _train(server: EngineServer) -> TrainedJob:
    async with make_client(server) as client:
        with AIRPORT_FAQ.open("rb") as handle:
            uploaded = await client.files.create(file=handle, purpose="fine-tune")
        await wait_for_file(client, uploaded.id)
        job = await client.fine_tuning.jobs.create(
            model=server.base_model,
            training_file=uploaded.id,
            # Scoring the (memorised) training set is enough to see validation metrics flow.
            validation_file=uploaded.id,
            suffix="airport",
            seed=7,
            method={"type": "supervised",
                    "supervised": {"hyperparameters": TRAINING_HYPERPARAMETERS}},
            extra_body={"engine": {"lora_r": 16, "lora_alpha": 32}},
        )
        finished = await wait_for_job(client, job.id)
        return TrainedJob(finished, await all_events(client, job.id), uploaded.id)


@pytest.fixture(scope="session")
def trained_job(engine_server: EngineServer) -> TrainedJob:
    result = asyncio.run(_train(engine_server))
    assert result.job.status == "succeeded", (
        f"{result.job.error}\n" + "\n".join(e.message for e in result.events[-10:])
        + "\n" + engine_server.output_tail()
    )
    return result
