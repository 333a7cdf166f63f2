"""JobService without any UI: one awaited call launches a job, one async iterator follows it.

The happy path runs on the real local engine with the tiny model; the privacy stop and the
failures run against the fault server speaking OpenAI's protocol from "another computer".
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from fine_tune_studio.core.job_state import JobSettings
from fine_tune_studio.core.privacy import FindingKind, PrivacyChoice
from fine_tune_studio.core.providers import ProviderKind, ProviderProfile, local_engine_profile
from fine_tune_studio.core.training_files import ExamplesFile, check_examples
from fine_tune_studio.services.client import ProviderClient, RetryPolicy
from fine_tune_studio.services.errors import ServiceError
from fine_tune_studio.services.job_adapter import adapter_for
from fine_tune_studio.services.job_launch import (
    LaunchPlan,
    LaunchProgress,
    LaunchStage,
    NothingLeftToUpload,
    PrivacyFindings,
    ValidationMode,
)
from fine_tune_studio.services.job_records_store import JobRecordStore
from fine_tune_studio.services.job_watch import ProviderRef, job_key
from fine_tune_studio.services.jobs import JobService
from tests.support.engine_fixtures import EngineServer
from tests.support.service_fixtures import FaultServer, reply
from tests.support.test_files import AIRPORT_FAQ, AIRPORT_FAQ_WITH_MISTAKES

pytestmark = pytest.mark.asyncio

PHONE = "請撥 0912-345-678 找陳小姐"
EMAIL = "寄到 chen.mei@example.com"


def chat(question: str, answer: str) -> bytes:
    line = {"messages": [{"role": "user", "content": question},
                         {"role": "assistant", "content": answer}]}
    return json.dumps(line, ensure_ascii=False).encode()


def airport_lines() -> list[bytes]:
    return [line for line in AIRPORT_FAQ.read_bytes().splitlines() if line.strip()]


def examples(lines: list[bytes], name: str = "faq.jsonl", path: Path | None = None) -> ExamplesFile:
    return check_examples(b"\n".join(lines) + b"\n", name, path, model="gpt-4o-mini-2024-07-18")


class Listener:
    """Everything the service told its listener, by name."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    def _record(self, name: str, *args: Any) -> None:
        self.calls.append((name, args))

    def jobs_changed(self) -> None:
        self._record("jobs_changed")

    def job_updated(self, key: str) -> None:
        self._record("job_updated", key)

    def events_added(self, key: str, events: list[Any]) -> None:
        self._record("events_added", key, events)

    def metrics_added(self, key: str, points: list[Any]) -> None:
        self._record("metrics_added", key, points)

    def checkpoints_updated(self, key: str) -> None:
        self._record("checkpoints_updated", key)

    def job_finished(self, key: str) -> None:
        self._record("job_finished", key)

    def provider_error(self, provider_id: str, error: BaseException) -> None:
        self._record("provider_error", provider_id, error)

    def provider_ok(self, provider_id: str) -> None:
        self._record("provider_ok", provider_id)

    def records_not_saved(self, error: OSError) -> None:
        self._record("records_not_saved", error)


def make_service(client: ProviderClient, store: JobRecordStore) -> JobService:
    async def adapter(_provider_id: str) -> Any:
        return adapter_for(client)

    profile = client.profile
    return JobService(
        adapter, lambda: [ProviderRef(profile.id, profile.display_name)], store, Listener(),
        base_interval=0.2,
    )


class Reviewer:
    """Stands in for the user at the privacy dialog: records what was shown, answers."""

    def __init__(self, choice: PrivacyChoice) -> None:
        self.choice = choice
        self.shown: list[PrivacyFindings] = []

    async def __call__(self, findings: PrivacyFindings) -> PrivacyChoice:
        self.shown.append(findings)
        return self.choice


async def never_asked(findings: PrivacyFindings) -> PrivacyChoice:
    raise AssertionError(f"the privacy stop must not run here: {findings}")


# -- the whole way on this computer -----------------------------------------------------------


async def test_launch_then_follow_a_job_on_this_computer(
    engine_server: EngineServer, tmp_path: Path
) -> None:
    profile = local_engine_profile("This computer")
    client = ProviderClient(profile, api_key=engine_server.token, base_url=engine_server.base_url,
                            retry=RetryPolicy(max_attempts=1), timeout=120.0)
    store = JobRecordStore(tmp_path / "job_records.json")
    service = make_service(client, store)
    # Personal data stays here, so there is no stop for it on this computer.
    lines = [*airport_lines(), chat("緊急聯絡?", PHONE)]
    plan = LaunchPlan(
        provider_id=profile.id,
        settings=JobSettings(model=engine_server.base_model,
                             values={"n_epochs": 1, "batch_size": 8}, suffix="service", seed=3),
        training=examples(lines, "airport.jsonl", tmp_path / "airport.jsonl"),
        validation_mode=ValidationMode.SPLIT,
        split_fraction=0.1,
    )
    progress: list[LaunchProgress] = []
    try:
        launched = await service.launch(plan, review_privacy=never_asked, progress=progress.append)
        assert launched is not None and launched.excluded == 0

        stages = [p.stage for p in progress]
        assert LaunchStage.SCANNING not in stages
        assert [s for i, s in enumerate(stages) if i == 0 or stages[i - 1] != s] == [
            LaunchStage.UPLOADING_TRAINING, LaunchStage.PROCESSING,
            LaunchStage.UPLOADING_VALIDATION, LaunchStage.PROCESSING,
            LaunchStage.STARTING, LaunchStage.STARTED,
        ]
        uploads = [p for p in progress if p.stage is LaunchStage.UPLOADING_TRAINING and p.total]
        assert uploads[-1].sent == uploads[-1].total

        # The engine received every example once, split 15 + 10 as the wizard showed.
        sent = await client.retrieve_job(launched.job.id)
        assert sent.validation_file
        train = (await client.download_file(sent.training_file)).splitlines()
        valid = (await client.download_file(sent.validation_file)).splitlines()
        assert (len(train), len(valid)) == (15, 10)
        assert sorted(train + valid) == sorted(lines)

        # Which file started it is remembered, on disk.
        record = store.load().get(profile.id, launched.job.id)
        assert record is not None and record.dataset_name == "airport.jsonl"
        assert record.n_examples == 15 and record.base_model == engine_server.base_model
        assert job_key(profile.id, launched.job.id) in service.jobs

        updates = [u async for u in service.follow(profile.id, launched.job.id,
                                                  base_interval=0.2)]
    finally:
        await service.aclose()
        await client.aclose()
    final = updates[-1]
    assert final.finished and [u.finished for u in updates].count(True) == 1
    assert final.job.status == "succeeded" and final.job.fine_tuned_model
    steps = [p.step for u in updates for p in u.points]
    assert steps and steps == sorted(steps)
    # Every event once, in the order the engine wrote them.
    assert [e.id for u in updates for e in u.events] == list(
        dict.fromkeys(e.id for u in updates for e in u.events)
    )


# -- the privacy stop before another computer -------------------------------------------------


@pytest_asyncio.fixture
async def remote(fault_server: FaultServer, tmp_path: Path) -> AsyncIterator[
    Callable[[ProviderKind], tuple[JobService, JobRecordStore]]
]:
    clients: list[ProviderClient] = []
    services: list[JobService] = []

    def make(kind: ProviderKind = ProviderKind.OPENAI_COMPATIBLE) -> tuple[
        JobService, JobRecordStore
    ]:
        profile = ProviderProfile(id="elsewhere", kind=kind, display_name="Elsewhere",
                                  base_url=fault_server.base_url)
        client = ProviderClient(profile, api_key="sk-test-not-a-real-key",
                                retry=RetryPolicy(max_attempts=1))
        store = JobRecordStore(tmp_path / "job_records.json")
        clients.append(client)
        services.append(make_service(client, store))
        return services[-1], store

    yield make
    for service in services:
        await service.aclose()
    for client in clients:
        await client.aclose()


def planted_plan(mode: ValidationMode = ValidationMode.NONE, tmp_path: Path | None = None) -> (
    LaunchPlan
):
    lines = airport_lines()[:12]
    lines[3] = chat("客服電話?", PHONE)
    lines[8] = chat("怎麼聯絡?", EMAIL)
    validation = None
    if mode is ValidationMode.FILE:
        valid_lines = [*airport_lines()[12:23], chat("找誰?", PHONE)]
        validation = examples(valid_lines, "valid.jsonl")
    return LaunchPlan(
        provider_id="elsewhere",
        settings=JobSettings(model="gpt-4o-mini-2024-07-18"),
        training=examples(lines, "planted.jsonl"),
        validation_mode=mode,
        validation_file=validation,
    )


def uploaded(fault_server: FaultServer) -> list[bytes]:
    return [r.body for r in fault_server.seen("POST", "/v1/files")]


@pytest.mark.parametrize("kind", [ProviderKind.OPENAI_COMPATIBLE, ProviderKind.REMOTE_ENGINE])
async def test_going_back_to_fix_uploads_nothing(
    remote: Any, fault_server: FaultServer, kind: ProviderKind
) -> None:
    service, store = remote(kind)
    reviewer = Reviewer(PrivacyChoice.FIX)
    progress: list[LaunchProgress] = []
    result = await service.launch(planted_plan(), review_privacy=reviewer,
                                  progress=progress.append)
    assert result is None
    assert [(f.line, f.kind) for f in reviewer.shown[0].training] == [
        (4, FindingKind.phone), (9, FindingKind.email)
    ]
    assert [p.stage for p in progress] == [LaunchStage.SCANNING]
    assert uploaded(fault_server) == [] and not fault_server.seen("POST", "/v1/fine_tuning/jobs")
    assert not store.path.exists()


async def test_going_on_knowingly_uploads_everything(
    remote: Any, fault_server: FaultServer
) -> None:
    service, _store = remote()
    launched = await service.launch(planted_plan(), review_privacy=Reviewer(PrivacyChoice.GO_ON))
    assert launched is not None and launched.excluded == 0
    body = uploaded(fault_server)[0]
    assert PHONE.encode() in body and EMAIL.encode() in body


async def test_leaving_out_the_examples_with_personal_data(
    remote: Any, fault_server: FaultServer
) -> None:
    service, store = remote()
    plan = planted_plan(ValidationMode.FILE)
    reviewer = Reviewer(PrivacyChoice.EXCLUDE)
    launched = await service.launch(plan, review_privacy=reviewer)
    assert launched is not None and launched.excluded == 3
    assert [f.line for f in reviewer.shown[0].validation] == [12]
    training, validation = uploaded(fault_server)
    for body in (training, validation):
        assert PHONE.encode() not in body and EMAIL.encode() not in body
    assert training.count(b'"messages"') == 10 and validation.count(b'"messages"') == 11
    record = store.load().get("elsewhere", launched.job.id)
    assert record is not None and record.n_examples == 10


async def test_nothing_left_after_leaving_out_everything(
    remote: Any, fault_server: FaultServer
) -> None:
    service, _store = remote()
    lines = [chat(f"問題 {i}", f"請撥 0912-345-67{i}") for i in range(10)]
    plan = LaunchPlan("elsewhere", JobSettings(model="gpt-4o-mini-2024-07-18"), examples(lines))
    with pytest.raises(NothingLeftToUpload):
        await service.launch(plan, review_privacy=Reviewer(PrivacyChoice.EXCLUDE))
    assert uploaded(fault_server) == []


# -- failures --------------------------------------------------------------------------------


async def test_a_file_with_errors_never_leaves(remote: Any, fault_server: FaultServer) -> None:
    service, _store = remote()
    broken = check_examples(AIRPORT_FAQ_WITH_MISTAKES.read_bytes(), "mistakes.jsonl",
                            model="gpt-4o-mini-2024-07-18")
    plan = LaunchPlan("elsewhere", JobSettings(model="gpt-4o-mini-2024-07-18"), broken)
    with pytest.raises(ServiceError) as info:
        await service.launch(plan, review_privacy=never_asked)
    assert "mistakes.jsonl" in str(info.value)
    assert fault_server.requests == []


async def test_a_refused_upload_is_explained_and_starts_no_job(
    remote: Any, fault_server: FaultServer
) -> None:
    fault_server.on("POST", "/v1/files", reply(400, {"error": {
        "message": "File is too large for this organisation's storage quota.",
        "type": "invalid_request_error", "param": "file", "code": "quota_exceeded"}}))
    service, store = remote()
    plan = LaunchPlan("elsewhere", JobSettings(model="gpt-4o-mini-2024-07-18"),
                      examples(airport_lines()))
    with pytest.raises(ServiceError) as info:
        await service.launch(plan, review_privacy=never_asked)
    assert "storage quota" in (info.value.detail or "")
    assert not fault_server.seen("POST", "/v1/fine_tuning/jobs")
    assert not service.jobs and not store.path.exists()


async def test_following_a_job_that_fails_ends_with_the_reason(
    remote: Any, fault_server: FaultServer
) -> None:
    service, _store = remote()
    plan = LaunchPlan("elsewhere", JobSettings(model="gpt-4o-mini-2024-07-18"),
                      examples(airport_lines()))
    launched = await service.launch(plan, review_privacy=never_asked)
    assert launched is not None
    updates = service.follow("elsewhere", launched.job.id, base_interval=0.05)
    first = await anext(updates)
    assert first.job.status == "queued" and not first.finished
    fault_server.jobs[0].update(status="failed", finished_at=1_700_000_000, error={
        "code": "invalid_training_file", "message": "line 3 has no answer",
        "param": "training_file"})
    rest = [u async for u in updates]
    # This server keeps no events: the status and the reason still arrive.
    assert rest[-1].finished and rest[-1].job.status == "failed"
    assert rest[-1].job.failure is not None
    assert rest[-1].job.failure.message == "line 3 has no answer"
