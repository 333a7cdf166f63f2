"""The official SDK through Prism's proxy mode (docs/design-guide.md): Prism forwards each
request to the engine and answers 500 with the violations when a request or a response
breaks OpenAI's official spec. A second, independent contract check beside
test_engine_contract.py."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import openai
import pytest

from tests.engine.conftest import PORK_QUESTION, TrainedJob, trained_answer
from tests.engine.contract import SPEC_PATH
from tests.support.engine_fixtures import EngineServer

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

PRISM = Path(__file__).resolve().parents[2] / "tools" / "prism" / "node_modules" / ".bin" / "prism"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def prism_url(
    engine_server: EngineServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if not PRISM.exists():
        pytest.fail(f"Prism is not installed at {PRISM}: run scripts/setup.sh test")
    port = _free_port()
    log_path = tmp_path_factory.mktemp("prism") / "prism.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(PRISM), "proxy", str(SPEC_PATH), engine_server.base_url, "--errors",
             "--host", "127.0.0.1", "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while b"Prism is listening" not in log_path.read_bytes():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("Prism did not start:\n" + log_path.read_text(errors="replace")[-2000:])
            time.sleep(0.5)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.asyncio
async def test_sdk_calls_through_prism_find_no_violations(
    prism_url: str, engine_server: EngineServer, trained_job: TrainedJob
) -> None:
    job = trained_job.job
    prompt, answer = trained_answer(PORK_QUESTION)
    async with openai.AsyncOpenAI(base_url=prism_url, api_key=engine_server.token,
                                  max_retries=0, timeout=120) as client:
        # Any violation makes Prism answer 500, which the SDK raises as InternalServerError.
        files = await client.files.list()
        assert trained_job.training_file_id in [f.id for f in files.data]
        assert (await client.files.retrieve(trained_job.training_file_id)).status == "processed"
        assert (await client.fine_tuning.jobs.retrieve(job.id)).status == "succeeded"
        assert (await client.fine_tuning.jobs.list(limit=5)).data
        assert (await client.fine_tuning.jobs.list_events(job.id, limit=20)).data
        assert (await client.fine_tuning.jobs.checkpoints.list(job.id)).data
        assert job.fine_tuned_model in [m.id for m in (await client.models.list()).data]
        assert (await client.models.retrieve(job.fine_tuned_model)).id == job.fine_tuned_model
        reply = await client.chat.completions.create(
            model=job.fine_tuned_model, messages=prompt, temperature=0, max_tokens=200)
        assert reply.choices[0].message.content == answer
        with pytest.raises(openai.NotFoundError):
            await client.fine_tuning.jobs.retrieve("ftjob-doesnotexist")


@pytest.mark.asyncio
async def test_prism_would_catch_a_violation(
    prism_url: str, engine_server: EngineServer, trained_job: TrainedJob
) -> None:
    """The engine accepts more epochs than OpenAI (50): Prism must flag such a job, which
    shows the proxy really checks what the engine answers."""
    async with openai.AsyncOpenAI(base_url=engine_server.base_url, api_key=engine_server.token,
                                  max_retries=0) as direct:
        job = await direct.fine_tuning.jobs.create(
            model=engine_server.base_model, training_file=trained_job.training_file_id,
            hyperparameters={"n_epochs": 60})
        await direct.fine_tuning.jobs.cancel(job.id)
    async with openai.AsyncOpenAI(base_url=prism_url, api_key=engine_server.token,
                                  max_retries=0, timeout=60) as client:
        with pytest.raises(openai.InternalServerError) as flagged:
            await client.fine_tuning.jobs.retrieve(job.id)
    assert "n_epochs" in str(flagged.value.body)
