"""The engine says where it trains and what its models need; a model that cannot fit the
device at all is refused when the job is created, with the reason."""

from __future__ import annotations

import json
import shutil
import struct
import urllib.request
from typing import Any

import openai
import pytest

from fine_tune_studio.core.training_memory import DeviceKind, EngineFacts
from tests.engine.conftest import AIRPORT_FAQ, error_body, wait_for_file
from tests.support.engine_fixtures import EngineServer, make_client

pytestmark = [pytest.mark.slow, pytest.mark.asyncio, pytest.mark.timeout(600)]


def _get_engine(server: EngineServer, token: str | None = None) -> Any:
    request = urllib.request.Request(
        server.base_url + "/engine",
        headers={"Authorization": f"Bearer {token or server.token}"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.load(response)


async def test_the_engine_reports_its_device_and_its_models_shapes(
    engine_server: EngineServer,
) -> None:
    answer = _get_engine(engine_server)
    facts = EngineFacts.from_dict(answer)
    assert answer["object"] == "engine" and facts is not None
    assert facts.device.kind is DeviceKind.CPU  # no GPU on the test machines
    assert facts.device.free_memory and facts.device.total_memory
    assert 0 < facts.device.free_memory <= facts.device.total_memory
    assert facts.device.cores == 1  # the tests' OMP_NUM_THREADS
    tiny = facts.shapes[engine_server.base_model]
    assert tiny is not None and tiny.hidden_size == 64 and tiny.num_layers == 2
    with pytest.raises(urllib.error.HTTPError) as refused:
        _get_engine(engine_server, token="not-the-token")
    assert refused.value.code == 401


def _giant_model(folder: Any) -> None:
    """A model folder whose headers claim 70 B parameters (no weights: the check reads the
    headers only, and it is refused before anything would load them)."""
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 8192,
        "intermediate_size": 28672, "num_hidden_layers": 80, "num_attention_heads": 64,
        "num_key_value_heads": 8, "vocab_size": 128256, "tie_word_embeddings": False,
    }), encoding="utf-8")
    header = json.dumps({"weights": {"dtype": "BF16", "shape": [70_000_000_000],
                                     "data_offsets": [0, 0]}}).encode()
    (folder / "model.safetensors").write_bytes(struct.pack("<Q", len(header)) + header)


async def test_a_model_too_big_for_the_device_is_refused_with_the_reason(
    engine_server: EngineServer,
) -> None:
    giant = engine_server.models_dir / "giant-70b"
    _giant_model(giant)
    try:
        async with make_client(engine_server) as client:
            uploaded = await client.files.create(
                file=("faq.jsonl", AIRPORT_FAQ.read_bytes()), purpose="fine-tune")
            await wait_for_file(client, uploaded.id)
            with pytest.raises(openai.BadRequestError) as refused:
                await client.fine_tuning.jobs.create(model="giant-70b",
                                                     training_file=uploaded.id)
            body = error_body(refused.value)
            assert (body["code"], body["param"]) == ("model_too_large", "model")
            assert "too big" in body["message"] and "its weights alone 261 GB" in body["message"]
            # The engine's own model trains as before.
            job = await client.fine_tuning.jobs.create(
                model=engine_server.base_model, training_file=uploaded.id,
                hyperparameters={"n_epochs": 1})
            await client.fine_tuning.jobs.cancel(job.id)
    finally:
        shutil.rmtree(giant, ignore_errors=True)
