"""Upload → fine-tune → the fine-tuned model answers like its examples, through the official SDK."""

from __future__ import annotations

import csv
import io
import statistics

import pytest

from tests.engine.conftest import PORK_QUESTION, TrainedJob, trained_answer
from tests.support.engine_fixtures import EngineServer, make_client

pytestmark = [pytest.mark.slow, pytest.mark.asyncio, pytest.mark.timeout(900)]


def _metrics(trained: TrainedJob) -> list[dict[str, float]]:
    return [e.data for e in trained.events if e.type == "metrics"]


async def test_job_succeeds_with_falling_training_loss(trained_job: TrainedJob) -> None:
    job = trained_job.job
    assert job.status == "succeeded"
    assert job.fine_tuned_model.startswith("ft:tiny-llama:airport:")
    assert job.trained_tokens and job.trained_tokens > 0
    assert job.finished_at >= job.created_at
    assert job.error is None
    metrics = _metrics(trained_job)
    assert len(metrics) >= 10
    steps = [m["step"] for m in metrics]
    assert steps == sorted(steps)
    assert metrics[-1]["step"] == metrics[-1]["total_steps"]
    losses = [m["train_loss"] for m in metrics]
    first, last = statistics.mean(losses[:5]), statistics.mean(losses[-5:])
    assert last < first / 4, (first, last)
    with_validation = [m for m in metrics if "valid_loss" in m]
    assert with_validation, "no validation metrics although a validation file was given"
    assert with_validation[-1]["valid_loss"] < with_validation[0]["valid_loss"]
    assert "full_valid_loss" in metrics[-1]
    # The resolved values are reported, as OpenAI does once a job runs.
    assert job.hyperparameters.n_epochs == 50
    assert job.hyperparameters.batch_size == 4


async def test_result_file_holds_the_metrics_as_csv(
    engine_server: EngineServer, trained_job: TrainedJob
) -> None:
    async with make_client(engine_server) as client:
        [result_id] = trained_job.job.result_files
        info = await client.files.retrieve(result_id)
        content = await client.files.content(result_id)
    assert info.purpose == "fine-tune-results"
    rows = list(csv.DictReader(io.StringIO(content.text)))
    assert list(rows[0]) == [
        "step", "train_loss", "train_accuracy", "valid_loss", "valid_mean_token_accuracy"
    ]
    metrics = _metrics(trained_job)
    assert [int(r["step"]) for r in rows] == [m["step"] for m in metrics]
    assert float(rows[-1]["train_loss"]) == pytest.approx(metrics[-1]["train_loss"])
    assert any(r["valid_loss"] for r in rows)


async def test_fine_tuned_model_gives_the_trained_answer_and_the_base_does_not(
    engine_server: EngineServer, trained_job: TrainedJob
) -> None:
    prompt, answer = trained_answer(PORK_QUESTION)
    async with make_client(engine_server) as client:
        tuned = await client.chat.completions.create(
            model=trained_job.job.fine_tuned_model, messages=prompt, temperature=0,
            max_tokens=200,
        )
        base = await client.chat.completions.create(
            model=engine_server.base_model, messages=prompt, temperature=0, max_tokens=200,
        )
    assert tuned.choices[0].message.content == answer
    assert tuned.choices[0].finish_reason == "stop"
    assert tuned.usage.completion_tokens > 0 and tuned.usage.prompt_tokens > 0
    assert base.choices[0].message.content != answer
    assert answer[:10] not in (base.choices[0].message.content or "")


async def test_streaming_gives_the_same_text_as_non_streaming(
    engine_server: EngineServer, trained_job: TrainedJob
) -> None:
    prompt, _answer = trained_answer("機場捷運的營運時間是幾點到幾點?")
    model = trained_job.job.fine_tuned_model
    async with make_client(engine_server) as client:
        whole = await client.chat.completions.create(
            model=model, messages=prompt, temperature=0, max_tokens=120)
        stream = await client.chat.completions.create(
            model=model, messages=prompt, temperature=0, max_tokens=120, stream=True,
            stream_options={"include_usage": True},
        )
        pieces, finish, usage = [], None, None
        async for chunk in stream:
            if chunk.choices:
                pieces.append(chunk.choices[0].delta.content or "")
                finish = chunk.choices[0].finish_reason or finish
            if chunk.usage is not None:
                usage = chunk.usage
    assert len([p for p in pieces if p]) > 1  # really streamed, not one blob
    assert "".join(pieces) == whole.choices[0].message.content
    assert finish == whole.choices[0].finish_reason
    assert usage is not None
    assert usage.completion_tokens == whole.usage.completion_tokens


async def test_checkpoints_are_listed_and_usable_as_models(
    engine_server: EngineServer, trained_job: TrainedJob
) -> None:
    job = trained_job.job
    async with make_client(engine_server) as client:
        checkpoints = [c async for c in client.fine_tuning.jobs.checkpoints.list(job.id)]
        model_ids = [m.id async for m in client.models.list()]
        assert checkpoints, "no checkpoints"
        newest = checkpoints[0]
        assert newest.fine_tuned_model_checkpoint.startswith(job.fine_tuned_model + ":ckpt-step-")
        assert newest.metrics.step == newest.step_number
        assert {engine_server.base_model, job.fine_tuned_model} <= set(model_ids)
        assert {c.fine_tuned_model_checkpoint for c in checkpoints} <= set(model_ids)
        prompt, _ = trained_answer(PORK_QUESTION)
        reply = await client.chat.completions.create(
            model=newest.fine_tuned_model_checkpoint, messages=prompt, temperature=0,
            max_tokens=5)
        assert reply.model == newest.fine_tuned_model_checkpoint
