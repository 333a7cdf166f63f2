"""Together AI behind the app's job service: the whole loop and its faults, against the
scripted fake Together server (tests/support/together_fake.py), whose every answer and
every JSON request is checked against Together's published OpenAPI spec."""

from __future__ import annotations

import io
import tarfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from fine_tune_studio.core.hyperparameters import Method
from fine_tune_studio.core.job_state import SUCCEEDED, JobAction, JobSettings
from fine_tune_studio.core.metrics import Metric
from fine_tune_studio.core.model_folder import check_model_folder
from fine_tune_studio.core.privacy import PrivacyChoice
from fine_tune_studio.core.providers import TOGETHER_BASE_URL, ProviderKind, ProviderProfile
from fine_tune_studio.core.training_files import check_examples
from fine_tune_studio.core.training_limits import TrainingType
from fine_tune_studio.engine.model_registry import base_model_dirs
from fine_tune_studio.services.client import RetryPolicy
from fine_tune_studio.services.errors import ErrorKind, ServiceError
from fine_tune_studio.services.job_adapter import adapter_for
from fine_tune_studio.services.job_launch import (
    LaunchPlan,
    ValidationMode,
    launch_job,
    upload_plan,
)
from fine_tune_studio.services.job_watch import follow_job
from fine_tune_studio.services.local_models import LocalModels, ModelSource
from fine_tune_studio.services.providers import make_client
from fine_tune_studio.services.together_client import TogetherClient
from fine_tune_studio.services.together_download import NotAModelFolder, install_model_archive
from fine_tune_studio.services.together_jobs import TogetherJobs
from tests.support.service_fixtures import reply, reset
from tests.support.test_files import AIRPORT_FAQ
from tests.support.together_fake import BASE_MODEL, TogetherFake, error_body, model_archive

pytestmark = pytest.mark.asyncio

KEY = "tgp_v1_test-key-not-real-0123456789"


class Sleeps:
    """Records the waits a client asks for instead of waiting (no timing in tests)."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest_asyncio.fixture
async def client(together_fake: TogetherFake) -> AsyncIterator[TogetherClient]:
    profile = ProviderProfile(kind=ProviderKind.TOGETHER, display_name="Together AI",
                              base_url=together_fake.base_url)
    made = make_client(profile, api_key=KEY, sleep=Sleeps(), retry=RetryPolicy(base_delay=0))
    assert isinstance(made, TogetherClient)
    yield made
    await made.aclose()


def plan(validation: ValidationMode = ValidationMode.SPLIT, **values: Any) -> LaunchPlan:
    checked = check_examples(AIRPORT_FAQ.read_bytes(), AIRPORT_FAQ.name, AIRPORT_FAQ,
                             model=BASE_MODEL)
    settings = JobSettings(model=BASE_MODEL, values=values, suffix="airport", seed=7)
    return LaunchPlan("together", settings, checked, validation_mode=validation)


async def upload_anyway(_findings: Any) -> PrivacyChoice:
    return PrivacyChoice.UPLOAD


async def no_sleep(_seconds: float) -> None:
    return None


async def test_default_address_and_kind() -> None:
    profile = ProviderProfile(kind=ProviderKind.TOGETHER, display_name="Together AI")
    assert profile.effective_base_url() == TOGETHER_BASE_URL
    assert profile.needs_key


async def test_the_whole_loop(client: TogetherClient, together_fake: TogetherFake,
                              tmp_path: Path) -> None:
    adapter = adapter_for(client)
    assert isinstance(adapter, TogetherJobs)

    models = await client.test_connection()
    tunable = [m for m in models if m.fine_tunable]
    assert [m.id for m in tunable][:1] == [BASE_MODEL]
    assert tunable[0].training_types == ("lora", "full")  # from /fine-tunes/models/limits
    assert any(m.id.startswith("meta-llama/Llama-3.3") for m in models)  # chat models
    assert not any("bge" in m.id for m in models)  # embeddings are not chat models

    limits = await adapter.training_limits(BASE_MODEL)
    assert limits is not None
    assert limits.range_for("n_epochs", TrainingType.LORA, Method.SUPERVISED).maximum == 20
    assert limits.range_for("batch_size", TrainingType.FULL, Method.DPO).maximum == 8

    launch = plan(n_epochs=2, lora_r=16)
    uploaded = await upload_plan(adapter, launch, review_privacy=upload_anyway)
    assert uploaded is not None and uploaded.validation_id is not None
    estimate = await adapter.estimate_price(launch.settings, uploaded.training_id,
                                            uploaded.validation_id)
    assert estimate is not None and estimate.usd is not None and estimate.usd > 0
    assert estimate.allowed is True and estimate.train_tokens

    launched = await launch_job(adapter, launch, review_privacy=upload_anyway,
                                uploaded=uploaded)
    assert launched is not None
    # The files were sent once: the launch reused them.
    assert len(together_fake.seen("POST", "/v1/files/upload")) == 2
    sent = together_fake.seen("POST", "/v1/fine-tunes")[0].json()
    assert sent["training_type"] == {"type": "Lora", "lora_r": 16, "lora_alpha": 32}
    assert sent["n_epochs"] == 2 and sent["n_evals"] == 5 and sent["random_seed"] == 7
    assert sent["training_method"] == {"method": "sft", "train_on_inputs": False}

    statuses, points = [], []
    async for update in follow_job(adapter, launched.job.id, base_interval=0, sleep=no_sleep):
        statuses.append(update.job.status)
        points.extend(update.points)
    assert statuses[0] == "queued" and statuses[-1] == SUCCEEDED and "running" in statuses
    steps = [p.step for p in points]
    assert steps == sorted(set(steps)) and len(steps) == 12  # each step once, in order
    assert all(Metric.TRAIN_LOSS in p.values for p in points)
    assert any(Metric.VALID_LOSS in p.values for p in points)
    assert points[0].total_steps == 12

    job = await adapter.get_job(launched.job.id)
    assert job.fine_tuned_model and job.trained_tokens
    checkpoints = await adapter.job_checkpoints(job.id)
    assert [c.step for c in checkpoints] == [8]

    # Not served serverlessly yet: plain words, and where to start an endpoint.
    with pytest.raises(ServiceError) as info:
        await client.chat(job.fine_tuned_model, [{"role": "user", "content": "服務台在哪？"}])
    assert info.value.kind is ErrorKind.NEEDS_ENDPOINT
    assert "api.together.ai/models" in (info.value.detail or "")
    together_fake.serverless.add(job.fine_tuned_model)
    answer = await client.chat(job.fine_tuned_model,
                               [{"role": "user", "content": "服務台在哪？"}])
    assert "服務台" in answer.text
    streamed = client.chat_stream(job.fine_tuned_model, [{"role": "user", "content": "hi"}])
    async for _ in streamed:
        pass
    assert streamed.text == answer.text and streamed.usage is not None

    models_dir = tmp_path / "models"
    progress: list[tuple[int, int | None]] = []
    folder = await adapter.download_weights(job.id, models_dir,
                                            progress=lambda a, b: progress.append((a, b)))
    assert folder.parent == models_dir and ":" not in folder.name
    assert folder.name in base_model_dirs(models_dir)  # the engine lists it
    assert progress[-1][0] == progress[-1][1] == len(together_fake.archive)
    assert not list((models_dir / ".downloads").iterdir())  # nothing left behind
    assert together_fake.seen("GET", "/v1/finetune/download")[0].query.endswith(
        "checkpoint=merged")


async def test_cancel_and_no_pause(client: TogetherClient) -> None:
    adapter = adapter_for(client)
    launched = await launch_job(adapter, plan(ValidationMode.NONE),
                                review_privacy=upload_anyway)
    assert launched is not None
    cancelled = await adapter.control_job(launched.job.id, JobAction.CANCEL)
    assert cancelled.status == "cancelled"

    with pytest.raises(ServiceError) as info:
        await adapter.control_job(launched.job.id, JobAction.PAUSE)
    assert info.value.kind is ErrorKind.INVALID_REQUEST and "cancel" in info.value.message


async def test_a_dropped_download_resumes(client: TogetherClient, together_fake: TogetherFake,
                                          tmp_path: Path) -> None:
    adapter = adapter_for(client)
    launched = await launch_job(adapter, plan(ValidationMode.NONE),
                                review_privacy=upload_anyway)
    assert launched is not None
    async for _ in follow_job(adapter, launched.job.id, base_interval=0, sleep=no_sleep):
        pass
    together_fake.archive = model_archive("tar.gz") + b""  # any archive format
    together_fake.drop_download_after = len(together_fake.archive) // 2
    folder = await adapter.download_weights(launched.job.id, tmp_path / "models")
    assert folder.is_dir()
    ranges = together_fake.downloads
    assert ranges[0] == "" and ranges[1] == f"bytes={len(together_fake.archive) // 2}-"


async def test_download_resumes_after_the_app_stopped(
    client: TogetherClient, together_fake: TogetherFake, tmp_path: Path
) -> None:
    adapter = adapter_for(client)
    launched = await launch_job(adapter, plan(ValidationMode.NONE),
                                review_privacy=upload_anyway)
    assert launched is not None
    async for _ in follow_job(adapter, launched.job.id, base_interval=0, sleep=no_sleep):
        pass
    models = tmp_path / "models"
    # A part file and its ETag from an earlier run that was cut off.
    part = models / ".downloads" / f"{launched.job.id}.merged.part"
    part.parent.mkdir(parents=True)
    half = len(together_fake.archive) // 3
    part.write_bytes(together_fake.archive[:half])
    part.with_name(part.name + ".json").write_text(
        f'{{"total": {len(together_fake.archive)}, "etag": {together_fake.etag!r}}}'
        .replace("'", '"'))
    await adapter.download_weights(launched.job.id, models)
    assert together_fake.downloads == [f"bytes={half}-"]


@pytest.mark.parametrize(
    ("status", "body", "headers", "kind"),
    [
        (401, error_body("Invalid API key provided", code="invalid_api_key"), None,
         ErrorKind.AUTHENTICATION),
        (402, error_body("Credit limit exceeded. Add credits to continue."), None,
         ErrorKind.NO_CREDIT),
        (429, error_body("Rate limit exceeded", "rate_limit"), {"retry-after": "120"},
         ErrorKind.RATE_LIMIT),
    ],
    ids=["bad-key", "no-credit", "rate-limit-long-wait"],
)
async def test_refusals_become_error_kinds(
    client: TogetherClient, together_fake: TogetherFake, status: int, body: Any,
    headers: Any, kind: ErrorKind,
) -> None:
    together_fake.on("GET", "/v1/fine-tunes/models/supported", reply(status, body, headers))
    with pytest.raises(ServiceError) as info:
        await client.supported_models()
    assert info.value.kind is kind
    assert KEY not in str(info.value) and KEY not in repr(info.value)
    if status == 429:
        assert info.value.retry_after == 120  # too long to wait here: the UI says it


async def test_rate_limit_and_server_error_are_retried(
    client: TogetherClient, together_fake: TogetherFake
) -> None:
    together_fake.on("GET", "/v1/fine-tunes/models/supported",
                     reply(429, error_body("slow down"), {"retry-after": "2"}),
                     reply(500))
    assert await client.supported_models() == [BASE_MODEL, "meta-llama/Meta-Llama-3.1-8B-"
                                                            "Instruct-Reference"]
    assert client._sleep.waits[0] == 2  # type: ignore[attr-defined]


async def test_no_credit_on_job_creation(client: TogetherClient,
                                         together_fake: TogetherFake) -> None:
    together_fake.on("POST", "/v1/fine-tunes",
                     reply(402, error_body("Insufficient balance to start this job")))
    with pytest.raises(ServiceError) as info:
        await launch_job(adapter_for(client), plan(ValidationMode.NONE),
                         review_privacy=upload_anyway)
    assert info.value.kind is ErrorKind.NO_CREDIT
    assert together_fake.seen("POST", "/v1/fine-tunes") and not together_fake.fine_tunes


async def test_a_dropped_upload_fails_in_words_and_creates_nothing(
    client: TogetherClient, together_fake: TogetherFake
) -> None:
    together_fake.on("POST", "/v1/files/upload", reset())
    with pytest.raises(ServiceError) as info:
        await launch_job(adapter_for(client), plan(ValidationMode.NONE),
                         review_privacy=upload_anyway)
    assert info.value.kind is ErrorKind.NETWORK
    assert not together_fake.together_files and not together_fake.fine_tunes
    # Trying again works.
    assert await launch_job(adapter_for(client), plan(ValidationMode.NONE),
                            review_privacy=upload_anyway)


async def test_a_lost_answer_to_create_never_makes_two_jobs(
    client: TogetherClient, together_fake: TogetherFake
) -> None:
    from tests.support.service_fixtures import work_then_reset

    together_fake.on("POST", "/v1/fine-tunes", work_then_reset())
    launched = await launch_job(adapter_for(client), plan(ValidationMode.NONE),
                                review_privacy=upload_anyway)
    assert launched is not None
    assert len(together_fake.fine_tunes) == 1
    assert launched.job.id == together_fake.fine_tunes[0]["id"]


async def test_file_rejected_with_togethers_reason(client: TogetherClient) -> None:
    with pytest.raises(ServiceError) as info:
        await client.upload_training_file("bad.jsonl", b'{"messages": []}\n{oops\n')
    assert info.value.kind is ErrorKind.INVALID_REQUEST
    assert "line 2" in (info.value.detail or "")


async def test_a_model_together_does_not_fine_tune(client: TogetherClient) -> None:
    with pytest.raises(ServiceError) as info:
        await adapter_for(client).training_limits("openai/gpt-oss-120b")
    assert info.value.kind is ErrorKind.MODEL_NOT_FINE_TUNABLE


async def test_values_outside_togethers_limits_are_refused_not_clamped(
    client: TogetherClient, together_fake: TogetherFake
) -> None:
    with pytest.raises(ServiceError) as info:
        await launch_job(adapter_for(client), plan(ValidationMode.NONE, n_epochs=50),
                         review_privacy=upload_anyway)
    assert info.value.param == "n_epochs" and "between 1 and 20" in info.value.message
    assert not together_fake.seen("POST", "/v1/fine-tunes")


async def test_dpo_and_full_training_requests(client: TogetherClient,
                                              together_fake: TogetherFake) -> None:
    checked = check_examples(AIRPORT_FAQ.read_bytes(), AIRPORT_FAQ.name, AIRPORT_FAQ,
                             model=BASE_MODEL)
    settings = JobSettings(model=BASE_MODEL, method=Method.DPO, values={"beta": 0.2},
                           training_type="full")
    launched = await launch_job(adapter_for(client), LaunchPlan("together", settings, checked),
                                review_privacy=upload_anyway)
    assert launched is not None
    body = together_fake.seen("POST", "/v1/fine-tunes")[0].json()
    assert body["training_method"] == {"method": "dpo", "dpo_beta": 0.2}
    assert body["training_type"] == {"type": "Full"}
    assert launched.job.method == "dpo"


async def test_install_refuses_an_adapter_without_its_base(tmp_path: Path) -> None:
    archive = tmp_path / "a.tar.zst"
    archive.write_bytes(model_archive(adapter_only=True))
    with pytest.raises(NotAModelFolder) as info:
        install_model_archive(archive, tmp_path / "models", "me/adapter")
    assert info.value.reason == "adapter_only"
    assert not [p for p in (tmp_path / "models").iterdir() if not p.name.startswith(".")]


async def test_install_uses_the_models_folder_check_and_names_the_file(tmp_path: Path) -> None:
    archive = tmp_path / "a.tar.zst"
    archive.write_bytes(model_archive(chat_template=False))
    with pytest.raises(NotAModelFolder) as info:
        install_model_archive(archive, tmp_path / "models", "me/no-template")
    assert info.value.reason == "not_a_model"
    assert any(p.file == "tokenizer_config.json" for p in info.value.problems)
    assert "chat template" in " ".join(p.text("en") for p in info.value.problems).lower()
    assert not [p for p in (tmp_path / "models").iterdir() if not p.name.startswith(".")]


async def test_install_keeps_the_model_files_and_records_the_source(tmp_path: Path) -> None:
    archive = tmp_path / "a.tar.zst"
    archive.write_bytes(model_archive())
    folder = install_model_archive(archive, tmp_path / "models", "me/airport")
    listed = {m.name: m for m in LocalModels(tmp_path / "models").list()}
    assert folder.name in listed
    assert listed[folder.name].source is ModelSource.PROVIDER
    assert listed[folder.name].repo_id == "me/airport"
    assert check_model_folder(folder).ok


async def test_install_refuses_paths_that_leave_the_folder(tmp_path: Path) -> None:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w:gz") as tar:
        info = tarfile.TarInfo("../../escaped.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    archive = tmp_path / "evil.tar.gz"
    archive.write_bytes(raw.getvalue())
    with pytest.raises(NotAModelFolder) as caught:
        install_model_archive(archive, tmp_path / "models", "evil")
    assert caught.value.reason == "unsafe"
    assert not (tmp_path / "escaped.txt").exists()


async def test_install_refuses_what_is_not_an_archive(tmp_path: Path) -> None:
    archive = tmp_path / "x.part"
    archive.write_bytes(b"<html>Service unavailable</html>")
    with pytest.raises(NotAModelFolder) as caught:
        install_model_archive(archive, tmp_path / "models", "x")
    assert caught.value.reason == "unreadable"
