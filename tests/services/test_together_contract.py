"""Every request the Together adapter sends, checked against Together's published spec.

Prism (mock mode, tests/reference/together-openapi.yaml) answers 422 to a request that
breaks the spec and 401 to one without a key; the client turns those into ServiceError,
so "no ServiceError" means accepted. Prism's answers are the spec's examples, so they
also prove the adapter reads the shapes the spec promises.

What Prism cannot show is checked another way: the request bodies for every combination
of settings are validated with jsonschema against the operation's schema (no server),
and the streamed chat and the resumable download run against the fake Together server
(tests/services/test_together_jobs.py), which validates its traffic the same way.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from fine_tune_studio.core.hyperparameters import Method
from fine_tune_studio.core.job_state import JobAction, JobSettings
from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
from fine_tune_studio.services.client import RetryPolicy
from fine_tune_studio.services.errors import ErrorKind, ServiceError
from fine_tune_studio.services.together_client import TogetherClient
from fine_tune_studio.services.together_download import NotAModelFolder
from fine_tune_studio.services.together_jobs import (
    TogetherJobs,
    estimate_request,
    fine_tune_request,
    limits_of,
)
from tests.support.together_fake import limits_for, request_problems

KEY = "tgp_v1_prism-test-key-0123456789"
MODEL = "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference"
LIMITS = limits_of(MODEL, limits_for(MODEL))

SETTINGS: dict[str, JobSettings] = {
    "sft-auto": JobSettings(model=MODEL),
    "sft-lora-rank": JobSettings(model=MODEL, values={"lora_r": 16, "n_epochs": 3,
                                                      "batch_size": 16, "learning_rate": 2e-5}),
    "sft-lora-alpha-only": JobSettings(model=MODEL, values={"lora_alpha": 64}),
    "sft-full": JobSettings(model=MODEL, training_type="full", suffix="airport", seed=3),
    "dpo-lora": JobSettings(model=MODEL, method=Method.DPO, values={"beta": 0.2}),
    "dpo-full-auto": JobSettings(model=MODEL, method=Method.DPO, training_type="full"),
}


@pytest.mark.parametrize("case", list(SETTINGS))
@pytest.mark.parametrize("validation", [None, "file-valid"], ids=["no-valid", "valid"])
def test_request_bodies_fit_the_spec(case: str, validation: str | None) -> None:
    settings = SETTINGS[case]
    body = fine_tune_request(settings, "file-train", validation, LIMITS)
    assert request_problems("POST", "/fine-tunes", body) == []
    estimate = estimate_request(settings, "file-train", validation, LIMITS)
    assert request_problems("POST", "/fine-tunes/estimate-price", estimate) == []
    continued = fine_tune_request(settings, "file-train", validation, LIMITS,
                                  continue_from=("ft-1", MODEL))
    assert continued["from_checkpoint"] == "ft-1"
    assert request_problems("POST", "/fine-tunes", continued) == []


def test_the_schema_check_can_fail() -> None:
    # The quirk the adapter avoids: the spec's train_on_inputs takes no "auto".
    body = {"model": MODEL, "training_file": "f",
            "training_method": {"method": "sft", "train_on_inputs": "auto"}}
    assert request_problems("POST", "/fine-tunes", body)
    assert request_problems("POST", "/fine-tunes", {"model": MODEL})  # no training_file


@pytest_asyncio.fixture
async def adapter(together_prism: str) -> AsyncIterator[TogetherJobs]:
    profile = ProviderProfile(kind=ProviderKind.TOGETHER, display_name="Together (Prism)",
                              base_url=together_prism)
    client = TogetherClient(profile, api_key=KEY, retry=RetryPolicy(max_attempts=1))
    yield TogetherJobs(client)
    await client.aclose()


@pytest.mark.slow
@pytest.mark.asyncio
async def test_models_limits_and_files(adapter: TogetherJobs) -> None:
    client = adapter.client
    models = await client.test_connection()  # supported + limits + /models + /fine-tunes
    assert any(m.fine_tunable for m in models)
    limits = await adapter.training_limits("string")
    assert limits is not None
    uploaded = await adapter.upload_training_file(
        "airport.jsonl", b'{"messages": [{"role": "user", "content": "hi"}]}\n'
    )
    await adapter.wait_until_ready(uploaded)


@pytest.mark.slow
@pytest.mark.asyncio
@pytest.mark.parametrize("case", list(SETTINGS))
async def test_job_creation_and_price(adapter: TogetherJobs, case: str) -> None:
    settings = SETTINGS[case]
    job = await adapter.start_job(settings, "file-train", "file-valid")
    assert job.id and job.status
    estimate = await adapter.estimate_price(settings, "file-train", "file-valid")
    assert estimate is not None


@pytest.mark.slow
@pytest.mark.asyncio
async def test_following_and_cancelling(adapter: TogetherJobs) -> None:
    jobs = await adapter.list_jobs()
    assert jobs
    await adapter.get_job("ft-0123")
    page = await adapter.job_events("ft-0123")
    assert page.events and page.points  # events and metrics in the spec's shapes
    again = await adapter.job_events("ft-0123", after=page.cursor)
    assert not again.events and not again.points
    await adapter.job_checkpoints("ft-0123")
    await adapter.control_job("ft-0123", JobAction.CANCEL)


@pytest.mark.slow
@pytest.mark.asyncio
async def test_chat(adapter: TogetherJobs) -> None:
    await adapter.client.chat(MODEL, [{"role": "user", "content": "Hi"}], temperature=0.2,
                              max_tokens=64)
    # Prism validates a streamed request but cannot stream (it answers JSON): a 422 here
    # would mean the request broke the spec; "never finished" means it was accepted.
    with pytest.raises(ServiceError) as info:
        async for _ in adapter.client.chat_stream(MODEL, [{"role": "user", "content": "Hi"}]):
            pass
    assert info.value.kind is ErrorKind.NETWORK and info.value.status is None


@pytest.mark.slow
@pytest.mark.asyncio
async def test_weights_download_request(adapter: TogetherJobs, together_prism: str,
                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    # Prism's example job is "completed" and its download answers the word "string":
    # the request was accepted, and the app says plainly that it is not a model.
    async def completed(job_id: str) -> dict[str, Any]:
        return {"id": job_id, "status": "completed", "model_output_name": "me/model",
                "training_type": {"type": "Lora", "lora_r": 8, "lora_alpha": 16}}

    monkeypatch.setattr(adapter.client, "retrieve_fine_tune", completed)
    with pytest.raises(NotAModelFolder) as info:
        await adapter.download_weights("ft-0123", tmp_path / "models")
    assert info.value.reason == "unreadable"


@pytest.mark.slow
def test_prism_rejects_what_the_adapter_avoids(together_prism: str) -> None:
    def post(path: str, body: Any) -> int:
        request = urllib.request.Request(
            together_prism + path, data=json.dumps(body).encode(), method="POST",
            headers={"Authorization": "Bearer x", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as error:
            return int(error.code)

    auto = {"model": MODEL, "training_file": "f",
            "training_method": {"method": "sft", "train_on_inputs": "auto"}}
    assert post("/fine-tunes", auto) == 422
    lora_without_rank = {"training_file": "f", "training_type": {"type": "Lora"}}
    assert post("/fine-tunes/estimate-price", lora_without_rank) == 422
