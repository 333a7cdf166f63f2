"""Every number a job takes is held to `core.hyperparameters`' limits when it is created:
outside them is a 400 whose `param` is the field (they used to be accepted, and a job of
10**30 epochs then failed on a SQLite overflow)."""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.request
from typing import Any

import openai
import pytest

from fine_tune_studio.core.hyperparameters import HYPERPARAMETERS, LIMITS, OTHER_SETTINGS
from fine_tune_studio.engine.api.jobs import EngineOptions, Hyperparameters
from tests.engine.conftest import AIRPORT_FAQ, error_body, wait_for_file
from tests.support.engine_fixtures import EngineServer, make_client

SUPERVISED = "method.supervised.hyperparameters"

# (request fields, the param the 400 must name)
ABSURD: list[tuple[dict[str, Any], str]] = [
    ({"hyperparameters": {"n_epochs": 10**30}}, "hyperparameters.n_epochs"),
    ({"hyperparameters": {"n_epochs": 10**12}}, "hyperparameters.n_epochs"),
    ({"hyperparameters": {"n_epochs": 0}}, "hyperparameters.n_epochs"),
    ({"hyperparameters": {"n_epochs": 2.5}}, "hyperparameters.n_epochs"),
    ({"hyperparameters": {"batch_size": 10**9}}, "hyperparameters.batch_size"),
    ({"method": {"type": "supervised", "supervised": {"hyperparameters": {
        "learning_rate_multiplier": 1e308}}}}, f"{SUPERVISED}.learning_rate_multiplier"),
    ({"method": {"type": "supervised", "supervised": {"hyperparameters": {
        "learning_rate_multiplier": 0}}}}, f"{SUPERVISED}.learning_rate_multiplier"),
    ({"method": {"type": "dpo", "dpo": {"hyperparameters": {"beta": 50}}}},
     "method.dpo.hyperparameters.beta"),
    ({"engine": {"lora_r": 1024}}, "engine.lora_r"),
    ({"engine": {"lora_alpha": 10**6}}, "engine.lora_alpha"),
    ({"engine": {"lora_dropout": 1.0}}, "engine.lora_dropout"),
    ({"engine": {"trainable_layers": 10**9}}, "engine.trainable_layers"),
    ({"engine": {"max_length": 10**9}}, "engine.max_length"),
    ({"engine": {"validation_sample_size": 10**9}}, "engine.validation_sample_size"),
    ({"engine": {"checkpoint_every_epochs": 10**9}}, "engine.checkpoint_every_epochs"),
    ({"seed": 2**40}, "seed"),
    ({"seed": -1}, "seed"),
    ({"metadata": {f"k{i}": "v" for i in range(17)}}, "metadata"),
]


def test_every_number_a_job_takes_has_a_limit_in_the_core_table() -> None:
    checked = {*Hyperparameters.model_fields, *EngineOptions.model_fields} - {"train_embeddings"}
    assert checked <= set(LIMITS), checked - set(LIMITS)
    assert "seed" in LIMITS
    for spec in (*HYPERPARAMETERS, *OTHER_SETTINGS):
        assert spec.problem(spec.minimum) is None and spec.problem(spec.maximum) is None
        assert spec.problem(spec.maximum + 1) is not None
        assert spec.problem(float("nan")) is not None and spec.problem(float("inf")) is not None
        assert spec.problem(True) is not None and spec.problem("3") is not None


@pytest.mark.slow
@pytest.mark.asyncio
@pytest.mark.timeout(900)
async def test_absurd_settings_are_refused_naming_the_field(
    engine_server: EngineServer,
) -> None:
    async with make_client(engine_server) as client:
        uploaded = await client.files.create(file=AIRPORT_FAQ.open("rb"), purpose="fine-tune")
        await wait_for_file(client, uploaded.id)
        wrong: list[tuple[str, Any]] = []  # all of them, not only the first
        for fields, param in ABSURD:
            extra = {"engine": fields.pop("engine")} if "engine" in fields else None
            try:
                job = await client.fine_tuning.jobs.create(
                    model=engine_server.base_model, training_file=uploaded.id,
                    extra_body=extra, **fields)
            except openai.BadRequestError as refused:
                body = error_body(refused)
                if body["param"] != param or not body["message"].startswith(
                        f"Invalid value for '{param}'"):
                    wrong.append((param, body))
                continue
            wrong.append((param, f"accepted: {job.hyperparameters}"))
            with contextlib.suppress(openai.BadRequestError):  # it may have failed already
                await client.fine_tuning.jobs.cancel(job.id)  # do not train on it
    assert wrong == []


@pytest.mark.slow
def test_infinity_and_nan_are_refused_naming_the_field(engine_server: EngineServer) -> None:
    for number in (float("inf"), float("-inf"), float("nan")):
        # Python writes these as Infinity / NaN, which its own reader (and FastAPI's) takes.
        body = json.dumps({
            "model": engine_server.base_model, "training_file": "file-x",
            "method": {"type": "supervised", "supervised": {"hyperparameters": {
                "learning_rate_multiplier": number}}},
        }).encode()
        request = urllib.request.Request(
            engine_server.base_url + "/fine_tuning/jobs", data=body, method="POST",
            headers={"Authorization": f"Bearer {engine_server.token}",
                     "Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=60)
        assert refused.value.code == 400
        error = json.load(refused.value)["error"]
        assert error["param"] == f"{SUPERVISED}.learning_rate_multiplier", error
