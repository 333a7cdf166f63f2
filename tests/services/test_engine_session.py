"""The service layer against the real local engine: a user's whole session, end to end.

The engine (tests/support/engine_fixtures.py) runs as a child process and fine-tunes the
tiny test model, so jobs really run, emit events, write result files and serve chat.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import fail

from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
from fine_tune_studio.services.client import ProviderClient
from fine_tune_studio.services.errors import ErrorKind, ServiceError
from fine_tune_studio.services.keys import KeyBackendStatus, KeyStore
from fine_tune_studio.services.providers import LocalEndpoint, ProviderRegistry, engine_endpoint
from fine_tune_studio.services.settings_store import AppDirs, SettingsStore
from tests.support.engine_fixtures import EngineServer
from tests.support.test_files import AIRPORT_FAQ

pytestmark = [pytest.mark.slow, pytest.mark.asyncio]

TERMINAL = {"succeeded", "failed", "cancelled"}
QUICK = {"n_epochs": 1, "batch_size": 8}


@pytest.fixture
def debug_log(app_home: Path) -> Iterator[Path]:
    """Everything at DEBUG level (ours, the SDK's, the HTTP client's) into the app's log folder."""
    path = AppDirs.default().log / "session.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield path
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()


async def wait_until(
    client: ProviderClient, job_id: str, statuses: set[str], timeout: float = 600
) -> str:
    deadline = time.monotonic() + timeout
    while True:
        job = await client.retrieve_job(job_id)
        if job.status in statuses:
            return job.status
        assert time.monotonic() < deadline, f"job still {job.status}"
        await asyncio.sleep(0.3)


async def test_scripted_session_works_and_leaves_no_key_on_disk(
    engine_server: EngineServer, app_home: Path, debug_log: Path
) -> None:
    dirs = AppDirs.default()
    store = SettingsStore(dirs)
    keys = KeyStore(backend=fail.Keyring(), plaintext_path=dirs.plaintext_keys_file)
    assert await keys.probe() is KeyBackendStatus.MEMORY_ONLY

    async def running_engine() -> LocalEndpoint:
        return engine_endpoint(engine_server.base_url, engine_server.token)

    registry = ProviderRegistry(store.load(), keys, save=store.save, local_endpoint=running_engine)

    # This computer: connection test lists the engine's models.
    local = registry.ensure_local_engine()
    local_models = await registry.test_connection(local.id)
    assert engine_server.base_model in [m.id for m in local_models]

    # A remote engine with a key typed by the user (here: the engine's token).
    profile = registry.add(
        ProviderProfile(
            kind=ProviderKind.REMOTE_ENGINE, display_name="GPU box", base_url=engine_server.base_url
        ),
        make_active=True,
    )
    await registry.set_key(profile.id, engine_server.token)
    models = await registry.test_connection()
    tiny = next(m for m in models if m.id == engine_server.base_model)
    assert tiny.fine_tunable and not tiny.is_fine_tuned

    client = await registry.client()
    progress: list[tuple[int, int]] = []
    uploaded = await client.upload_file(
        AIRPORT_FAQ.name, AIRPORT_FAQ.read_bytes(), progress=lambda s, t: progress.append((s, t))
    )
    assert progress[-1] == (AIRPORT_FAQ.stat().st_size,) * 2
    processed = await client.wait_for_file(uploaded.id, timeout=120, poll_interval=0.2)
    assert processed.status == "processed"

    job = await client.create_job(
        model=engine_server.base_model,
        training_file=uploaded.id,
        suffix="session",
        hyperparameters=QUICK,
    )

    # Follow events by cursor, as the jobs panel does, until the job ends.
    followed = []
    cursor = None
    deadline = time.monotonic() + 600
    while True:
        status = (await client.retrieve_job(job.id)).status
        page = await client.list_events(job.id, after=cursor)
        followed.extend(page.events)
        cursor = page.cursor
        if status in TERMINAL:
            break
        assert time.monotonic() < deadline, "job did not finish"
        await asyncio.sleep(0.5)
    assert status == "succeeded"
    everything = (await client.list_events(job.id)).events
    assert [e.id for e in followed] == [e.id for e in everything]  # none lost, none twice
    assert [e.created_at for e in everything] == sorted(e.created_at for e in everything)
    assert (await client.list_events(job.id, after=cursor)).events == []

    finished = await client.retrieve_job(job.id)
    assert finished.fine_tuned_model
    results = await client.download_file(finished.result_files[0])
    assert results.startswith(b"step")
    await client.list_checkpoints(job.id)
    assert [j.id for j in await client.list_jobs(limit=50)].count(job.id) == 1

    messages = [{"role": "user", "content": "請問桃園機場第二航廈幾點開門?"}]
    answer = await client.chat(finished.fine_tuned_model, messages, temperature=0, max_tokens=30)
    assert answer.text and answer.usage is not None
    stream = client.chat_stream(engine_server.base_model, messages, temperature=0, max_tokens=20)
    streamed = "".join([d.text async for d in stream])
    assert streamed == stream.text and stream.finish_reason in ("stop", "length")

    models_after = await client.list_models()
    assert any(m.id == finished.fine_tuned_model and m.is_fine_tuned for m in models_after)
    await registry.aclose()

    # The key may be anywhere in memory, but in no file the app wrote.
    token = engine_server.token.encode()
    files = [p for d in dirs.all() if d.exists() for p in d.rglob("*") if p.is_file()]
    assert store.path in files and debug_log in files
    assert debug_log.stat().st_size > 0
    leaks = [str(p) for p in files if token in p.read_bytes()]
    assert leaks == []


async def test_wrong_key_on_the_engine_is_an_authentication_error(
    engine_server: EngineServer,
) -> None:
    profile = ProviderProfile(
        kind=ProviderKind.REMOTE_ENGINE, display_name="GPU box", base_url=engine_server.base_url
    )
    client = ProviderClient(profile, api_key="not-the-engine-token-123456")
    with pytest.raises(ServiceError) as info:
        await client.list_models()
    await client.aclose()
    assert info.value.kind is ErrorKind.AUTHENTICATION and info.value.status == 401


async def test_unknown_model_on_the_engine_is_told_apart(engine_server: EngineServer) -> None:
    profile = ProviderProfile(
        kind=ProviderKind.REMOTE_ENGINE, display_name="GPU box", base_url=engine_server.base_url
    )
    client = ProviderClient(profile, api_key=engine_server.token)
    with pytest.raises(ServiceError) as info:
        await client.chat("no-such-model", [{"role": "user", "content": "hi"}])
    await client.aclose()
    assert info.value.kind is ErrorKind.MODEL_NOT_FOUND and "no-such-model" in (
        info.value.detail or ""
    )


async def test_pause_resume_and_cancel_a_running_engine_job(engine_server: EngineServer) -> None:
    profile = ProviderProfile(
        kind=ProviderKind.REMOTE_ENGINE, display_name="GPU box", base_url=engine_server.base_url
    )
    client = ProviderClient(profile, api_key=engine_server.token)
    uploaded = await client.upload_file(AIRPORT_FAQ.name, AIRPORT_FAQ.read_bytes())
    await client.wait_for_file(uploaded.id, timeout=120, poll_interval=0.2)
    job = await client.create_job(
        model=engine_server.base_model,
        training_file=uploaded.id,
        suffix="pausing",
        hyperparameters={"n_epochs": 50, "batch_size": 1},
    )
    try:
        await wait_until(client, job.id, {"running", *TERMINAL})
        paused = await client.pause_job(job.id)
        assert paused.status == "paused"
        resumed = await client.resume_job(job.id)
        assert resumed.status == "running"
    finally:
        await client.cancel_job(job.id)
        # The engine stops training at the next step, so "cancelled" arrives shortly after.
        final = await wait_until(client, job.id, TERMINAL, timeout=120)
        await client.aclose()
    assert final == "cancelled"

    again = ProviderClient(profile, api_key=engine_server.token)
    with pytest.raises(ServiceError) as info:
        await again.resume_job(job.id)  # nothing to resume any more: explained, with the field
    await again.aclose()
    assert info.value.kind is ErrorKind.INVALID_REQUEST and info.value.detail
