"""Getting a model from the Hugging Face Hub into the models folder, for the app's "Get a
model" dialog and `fine-tune-studio models pull` alike. Qt-free, asyncio.

```python
downloader = ModelDownloader(LocalModels(models_dir), token=token)   # token: or HF_TOKEN
model = await downloader.pull("Qwen/Qwen2.5-0.5B-Instruct", progress=show)
```

The transfer runs in a spawned process (`services.hub_download_worker`), never in the
caller's: cancelling `pull` (task.cancel(), Ctrl-C) terminates that process, which really
stops the transfer, and what it fetched stays in `<models>/.downloads/<repo>--<revision>/`
for the next `pull` of the same model to continue from. Only a download that finished and
passed `core.model_folder.check_model_folder` is moved into the models folder, in one
rename, so a half model is never listed. `HF_ENDPOINT` (a mirror) and the token are
honoured; the token travels to the worker in its environment, not its command line.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import importlib.util
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from fine_tune_studio.core.i18n import LocalizedText
from fine_tune_studio.core.model_download import (
    HUB_PAGE,
    DownloadProblem,
    ProblemFacts,
    TransferMeter,
    problem_words,
)
from fine_tune_studio.core.model_names import default_model_name, parse_repo_id
from fine_tune_studio.services.errors import HeldSecret, scrub_secrets
from fine_tune_studio.services.local_models import (
    DOWNLOADS_DIR,
    LocalModel,
    LocalModels,
    LocalModelsError,
    ModelSource,
    remove_tree,
    staging_prefix,
)

log = logging.getLogger(__name__)

WORKER_MODULE = "fine_tune_studio.services.hub_download_worker"
# The Hugging Face token's name in the KeyStore (the OS keyring), beside provider keys.
HF_TOKEN_KEY = "huggingface-hub"
STOP_GRACE_SECONDS = 5.0
STDERR_TAIL_LINES = 30


class DownloadStage(StrEnum):
    CONNECTING = "connecting"  # asking the Hub what to fetch
    DOWNLOADING = "downloading"
    CHECKING = "checking"  # the folder check before it is installed


@dataclass(frozen=True)
class DownloadProgress:
    stage: DownloadStage
    done_bytes: int = 0
    total_bytes: int | None = None
    speed: float | None = None  # bytes per second, recent
    seconds_left: float | None = None
    file: str | None = None
    resumed_bytes: int = 0  # what earlier attempts had fetched already

    @property
    def fraction(self) -> float | None:
        if not self.total_bytes:
            return None
        return min(1.0, self.done_bytes / self.total_bytes)


class ModelDownloadError(Exception):
    """A download that did not finish, said for the user: `message` and `fix` in both
    languages, `kind` for code, `detail` the technical reason (secrets scrubbed)."""

    def __init__(self, kind: DownloadProblem, facts: ProblemFacts) -> None:
        self.kind = kind
        self.facts = facts
        self.message, self.fix = problem_words(kind, facts)
        super().__init__(self.message.en)

    @property
    def detail(self) -> str:
        return self.facts.detail

    def text(self, lang: str = "en") -> str:
        return f"{self.message.get(lang)}\n{self.fix.get(lang)}"


ProgressCallback = Callable[[DownloadProgress], None]


class ModelDownloader:
    def __init__(
        self,
        models: LocalModels,
        *,
        token: str | None = None,
        endpoint: str | None = None,
        env: Mapping[str, str] | None = None,
        python: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """token: a Hugging Face token (default: HF_TOKEN in the environment).
        endpoint: the Hub or a mirror (default: HF_ENDPOINT, else huggingface.co).
        env: the environment the worker starts from (default: this process's)."""
        self.models = models
        base_env = dict(os.environ if env is None else env)
        self._env = base_env
        self._token = token or base_env.get("HF_TOKEN") or None
        self._held = HeldSecret(self._token)  # masked in every scrubbed text and log
        self.endpoint = (endpoint or base_env.get("HF_ENDPOINT") or HUB_PAGE).rstrip("/")
        self._python = python or sys.executable
        self._clock = clock

    def default_revision(self, repo_id: str) -> tuple[str, str | None]:
        """(revision to ask for, fallback): the catalogue's pinned commit, falling back to
        the newest if that commit is gone; else the newest."""
        entry = self.models.catalogue.find(repo_id)
        if entry is not None:
            return entry.revision, "main"
        return "main", None

    async def pull(
        self,
        repo_id: str,
        *,
        revision: str | None = None,
        name: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> LocalModel:
        """Download `repo_id` into the models folder as `name` (default: the repo's own
        name) and return it. A model already downloaded from the same repo under that name
        is returned as it is. Raises ModelDownloadError, or LocalModelsError for a bad name."""
        ref = parse_repo_id(repo_id)  # RepoIdError (a ValueError) for a malformed id
        repo_id = ref.repo_id
        chosen = name or default_model_name(repo_id)
        existing = self.models.find(chosen)
        if existing is not None and (existing.repo_id or "").lower() == repo_id.lower():
            return existing
        self.models.check_name(chosen)  # LocalModelsError: bad or taken name
        asked, fallback = (revision or ref.revision, None)
        if asked is None:
            asked, fallback = self.default_revision(repo_id)
        staging = (self.models.models_dir / DOWNLOADS_DIR /
                   f"{staging_prefix(repo_id)}{asked.replace('/', '-')}")
        staging.mkdir(parents=True, exist_ok=True)
        facts = ProblemFacts(repo_id=repo_id, name=chosen, revision=asked,
                             endpoint=self.endpoint, had_token=self._token is not None,
                             folder=str(self.models.models_dir))
        if importlib.util.find_spec("huggingface_hub") is None:
            raise ModelDownloadError(DownloadProblem.UNKNOWN, _with(
                facts, detail="huggingface_hub is not installed; install the engine add-on: "
                'pip install "fine-tune-studio[engine]"'))
        report = progress or (lambda _p: None)
        report(DownloadProgress(DownloadStage.CONNECTING))
        commit = await self._run_worker(repo_id, asked, fallback, staging, facts, report)
        report(DownloadProgress(DownloadStage.CHECKING))
        from fine_tune_studio.core.model_folder import check_model_folder

        check = await asyncio.to_thread(check_model_folder, staging)
        if not check.ok:
            reason = "; ".join(p.text("en") for p in check.problems)
            raise ModelDownloadError(DownloadProblem.NOT_A_MODEL,
                                     _with(facts, detail=reason))
        source = (ModelSource.CATALOGUE if self.models.catalogue.find(repo_id)
                  else ModelSource.HUB)
        try:
            model = await asyncio.to_thread(
                self.models.install, staging, chosen, source=source, repo_id=repo_id,
                revision=commit)
        except LocalModelsError:
            raise
        except FileExistsError:
            raise ModelDownloadError(DownloadProblem.EXISTS, facts) from None
        # Other revisions of the same repo left unfinished are of no use any more.
        await asyncio.to_thread(self._drop_other_partials, repo_id)
        return model

    def _drop_other_partials(self, repo_id: str) -> None:
        root = self.models.models_dir / DOWNLOADS_DIR
        prefix = staging_prefix(repo_id).lower()
        with contextlib.suppress(OSError):
            for staged in root.iterdir():
                if staged.name.lower().startswith(prefix):
                    remove_tree(staged)
            root.rmdir()

    # -- the worker process ---------------------------------------------------------------

    def _worker_env(self) -> dict[str, str]:
        env = dict(self._env)
        env.pop("HF_TOKEN", None)
        if self._token:
            env["HF_TOKEN"] = self._token
        env["HF_ENDPOINT"] = self.endpoint
        env["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
        env["HF_HUB_DISABLE_TELEMETRY"] = "1"
        env["PYTHONUNBUFFERED"] = "1"
        return env

    async def _run_worker(self, repo_id: str, revision: str, fallback: str | None,
                          staging: Path, facts: ProblemFacts,
                          report: ProgressCallback) -> str:
        args = [self._python, "-m", WORKER_MODULE, "--repo", repo_id, "--revision", revision,
                "--dest", str(staging)]
        if fallback:
            args += ["--fallback-revision", fallback]
        process = await asyncio.create_subprocess_exec(
            *args, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, env=self._worker_env(),
        )
        stderr_tail: collections.deque[str] = collections.deque(maxlen=STDERR_TAIL_LINES)
        drain = asyncio.create_task(_drain(process.stderr, stderr_tail))
        reader = _EventReader(self._clock, report)
        try:
            assert process.stdout is not None
            async for raw in process.stdout:
                reader.feed(raw)
            await process.wait()
            await drain
        except BaseException:
            # Cancelled (or failed here): stop the transfer for real; partial files stay.
            await _stop(process)
            drain.cancel()
            raise
        if reader.error is not None:
            raise _error_from(reader.error, facts)
        if process.returncode != 0 or reader.commit is None:
            tail = scrub_secrets("\n".join(stderr_tail))[-2000:]
            log.warning("download worker exited with %s: %s", process.returncode, tail)
            raise ModelDownloadError(DownloadProblem.UNKNOWN, _with(
                facts, detail=f"the download process stopped (exit code "
                f"{process.returncode}). {tail.splitlines()[-1] if tail else ''}".strip()))
        return reader.commit


class _EventReader:
    """Turns the worker's JSON lines into DownloadProgress reports."""

    def __init__(self, clock: Callable[[], float], report: ProgressCallback) -> None:
        self._clock = clock
        self._report = report
        self._meter = TransferMeter()
        self.total: int | None = None
        self.resumed = 0
        self.file: str | None = None
        self.commit: str | None = None
        self.error: dict[str, Any] | None = None

    def feed(self, raw: bytes) -> None:
        try:
            event = json.loads(raw)
        except ValueError:
            return  # not ours (a library printing to stdout)
        if not isinstance(event, dict):
            return
        kind = event.get("event")
        if kind == "plan":
            self.total = int(event["total"])
            self.resumed = int(event["have"])
            self._progress(self.resumed)
        elif kind == "file":
            self.file = str(event["path"])
        elif kind == "progress":
            self._progress(int(event["done"]))
        elif kind == "done":
            self.commit = str(event["commit"])
        elif kind == "error":
            self.error = event
        elif kind == "fallback":
            log.info("the pinned revision %s is gone, downloading %s instead",
                     event.get("revision"), event.get("to"))

    def _progress(self, done: int) -> None:
        self._meter.add(self._clock(), done)
        self._report(DownloadProgress(
            DownloadStage.DOWNLOADING, done_bytes=done, total_bytes=self.total,
            speed=self._meter.speed(), seconds_left=self._meter.seconds_left(done, self.total),
            file=self.file, resumed_bytes=self.resumed,
        ))


def _error_from(event: dict[str, Any], facts: ProblemFacts) -> ModelDownloadError:
    try:
        kind = DownloadProblem(str(event.get("kind")))
    except ValueError:
        kind = DownloadProblem.UNKNOWN
    return ModelDownloadError(kind, _with(
        facts,
        detail=scrub_secrets(str(event.get("detail") or "")),
        had_token=bool(event.get("had_token", facts.had_token)),
        needed_bytes=int(event.get("needed_bytes") or 0),
        free_bytes=int(event.get("free_bytes") or 0),
        revision=str(event.get("revision") or facts.revision),
    ))


def _with(facts: ProblemFacts, **changes: Any) -> ProblemFacts:
    from dataclasses import replace

    return replace(facts, **changes)


async def _drain(stream: asyncio.StreamReader | None, tail: collections.deque[str]) -> None:
    if stream is None:
        return
    async for raw in stream:
        tail.append(raw.decode("utf-8", errors="replace").rstrip())


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        process.terminate()
    try:
        await asyncio.wait_for(asyncio.shield(process.wait()), STOP_GRACE_SECONDS)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()


def describe_progress(progress: DownloadProgress, lang: str = "en") -> LocalizedText:
    """One line for a terminal: "412.3 MB of 988.1 MB · 10.2 MB/s · about 1 min left"."""
    from fine_tune_studio.core.model_download import duration_words, format_bytes

    if progress.stage is DownloadStage.CONNECTING:
        return LocalizedText(en="Asking Hugging Face what to download…",
                             zh_TW="正在向 Hugging Face 查詢要下載的檔案……")
    if progress.stage is DownloadStage.CHECKING:
        return LocalizedText(en="Checking the downloaded model…", zh_TW="正在檢查下載的模型……")
    done = format_bytes(progress.done_bytes)
    total = format_bytes(progress.total_bytes) if progress.total_bytes is not None else "?"
    en = [f"{done} of {total}"]
    zh = [f"{done} / {total}"]
    if progress.speed:
        en.append(f"{format_bytes(progress.speed)}/s")
        zh.append(f"{format_bytes(progress.speed)}/秒")
    if progress.seconds_left is not None:
        left = duration_words(progress.seconds_left)
        en.append(f"{left.en} left")
        zh.append(f"剩下{left.zh_TW}")
    return LocalizedText(en=" · ".join(en), zh_TW=" · ".join(zh))
