"""The queue, pause/resume and cancel of running jobs, and DPO training."""

from __future__ import annotations

import asyncio
import json

import openai
import pytest

from fine_tune_studio.core.metrics import PREFERENCE_METRICS
from tests.engine.conftest import (
    AIRPORT_FAQ,
    airport_examples,
    all_events,
    wait_for_file,
    wait_for_job,
)
from tests.support.engine_fixtures import EngineServer, make_client

pytestmark = [pytest.mark.slow, pytest.mark.asyncio, pytest.mark.timeout(900)]

LONG_JOB = {"n_epochs": 50, "batch_size": 1, "learning_rate_multiplier": 1}


async def _upload(client: openai.AsyncOpenAI, data: bytes, name: str) -> str:
    created = await client.files.create(file=(name, data), purpose="fine-tune")
    checked = await wait_for_file(client, created.id)
    assert checked.status == "processed", checked.status_details
    return created.id


async def _first_metrics(client: openai.AsyncOpenAI, job_id: str, timeout: float = 300) -> int:
    """Wait until the job has reported a training step; return how many it has reported."""
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        count = len([e for e in await all_events(client, job_id) if e.type == "metrics"])
        if count:
            return count
        await asyncio.sleep(0.5)
    raise AssertionError("no training step reported")


async def test_queue_pause_resume_and_cancel(engine_server: EngineServer) -> None:
    async with make_client(engine_server) as client:
        file_id = await _upload(client, AIRPORT_FAQ.read_bytes(), "faq.jsonl")
        method = {"type": "supervised", "supervised": {"hyperparameters": LONG_JOB}}
        first = await client.fine_tuning.jobs.create(
            model=engine_server.base_model, training_file=file_id, method=method)
        second = await client.fine_tuning.jobs.create(
            model=engine_server.base_model, training_file=file_id, method=method)
        await wait_for_job(client, first.id, {"running"}, timeout=600)
        await _first_metrics(client, first.id)
        running = await client.fine_tuning.jobs.retrieve(first.id)
        assert running.estimated_finish is not None
        assert running.estimated_finish >= running.created_at
        # One job at a time: the second waits in the queue, and can be cancelled there.
        assert (await client.fine_tuning.jobs.retrieve(second.id)).status == "queued"
        cancelled_queued = await client.fine_tuning.jobs.cancel(second.id)
        assert cancelled_queued.status == "cancelled"

        paused = await client.fine_tuning.jobs.pause(first.id)
        assert paused.status == "paused"
        await asyncio.sleep(1.0)  # lines already in the pipe may still arrive
        steps_paused = len([e for e in await all_events(client, first.id) if e.type == "metrics"])
        await asyncio.sleep(2.0)
        steps_later = len([e for e in await all_events(client, first.id) if e.type == "metrics"])
        assert steps_later == steps_paused, "training went on while paused"
        resumed = await client.fine_tuning.jobs.resume(first.id)
        assert resumed.status == "running"
        await asyncio.sleep(2.0)
        steps_resumed = len([e for e in await all_events(client, first.id)
                             if e.type == "metrics"])
        assert steps_resumed > steps_later, "training did not go on after resume"

        await client.fine_tuning.jobs.cancel(first.id)
        finished = await wait_for_job(client, first.id, timeout=120)
        assert finished.status == "cancelled"
        assert finished.fine_tuned_model is None
        with pytest.raises(openai.BadRequestError):
            await client.fine_tuning.jobs.cancel(first.id)
        with pytest.raises(openai.BadRequestError):
            await client.fine_tuning.jobs.pause(first.id)
        listed = [j.id async for j in client.fine_tuning.jobs.list(limit=1)]
        assert listed[0] == second.id  # newest first, paged by `after`
        page2 = await client.fine_tuning.jobs.list(limit=1, after=second.id)
        assert page2.data[0].id == first.id


def _preference_lines() -> bytes:
    lines = []
    for example in airport_examples()[:12]:
        messages = example["messages"]
        prompt = [m for m in messages if m["role"] != "assistant"]
        answer = next(m for m in messages if m["role"] == "assistant")
        lines.append(json.dumps({
            "input": {"messages": prompt},
            "preferred_output": [answer],
            "non_preferred_output": [{"role": "assistant", "content": "我不知道,請自己查。"}],
        }, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode()


async def test_dpo_job_runs_on_a_preference_file(engine_server: EngineServer) -> None:
    async with make_client(engine_server) as client:
        file_id = await _upload(client, _preference_lines(), "prefs.jsonl")
        job = await client.fine_tuning.jobs.create(
            model=engine_server.base_model, training_file=file_id, suffix="dpo",
            method={"type": "dpo", "dpo": {"hyperparameters": {
                "n_epochs": 2, "batch_size": 4, "beta": 0.2}}},
        )
        finished = await wait_for_job(client, job.id, timeout=600)
        assert finished.status == "succeeded", finished.error
        assert finished.method.type == "dpo"
        assert finished.method.dpo.hyperparameters.beta == 0.2
        metrics = [e for e in await all_events(client, job.id) if e.type == "metrics"]
        assert metrics and all("train_loss" in e.data for e in metrics)
        # Preference jobs also say how often and by how much the preferred reply wins.
        for name in PREFERENCE_METRICS:
            assert all(isinstance(e.data.get(name), float) for e in metrics), name
        reply = await client.chat.completions.create(
            model=finished.fine_tuned_model, max_tokens=5, temperature=0,
            messages=[{"role": "user", "content": "請問我可以帶豬肉乾入境台灣嗎?"}])
        assert reply.choices[0].message.role == "assistant"
        deleted = await client.models.delete(finished.fine_tuned_model)
        assert deleted.deleted is True
        assert finished.fine_tuned_model not in [m.id async for m in client.models.list()]
        with pytest.raises(openai.NotFoundError):
            await client.chat.completions.create(
                model=finished.fine_tuned_model, max_tokens=5,
                messages=[{"role": "user", "content": "hi"}])


async def test_a_chat_file_cannot_train_a_dpo_job(engine_server: EngineServer) -> None:
    async with make_client(engine_server) as client:
        file_id = await _upload(client, AIRPORT_FAQ.read_bytes(), "faq.jsonl")
        job = await client.fine_tuning.jobs.create(
            model=engine_server.base_model, training_file=file_id, method={"type": "dpo"})
        failed = await wait_for_job(client, job.id, timeout=60)
    assert failed.status == "failed"
    assert failed.error.param == "training_file"
    assert "preference" in failed.error.message
