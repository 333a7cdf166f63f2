"""The download itself, in a process of its own:
`python -m fine_tune_studio.services.hub_download_worker --repo ID --revision REV --dest DIR`.

`services.model_download.ModelDownloader` starts it (the app and the CLI alike) and reads
what it says: one JSON object per line on stdout (`plan`, `progress`, `file`, `fallback`,
`done`, or `error` with a `DownloadProblem` kind). Stopping it is how a download is
cancelled: terminating a process stops the transfer for certain, and what it wrote stays
for the next attempt.

Everything goes through huggingface_hub: `HfApi.model_info` resolves the revision to a
commit, `HfApi.list_repo_tree` gives each file's size and checksum, and `http_get` fetches
each file. Why not `snapshot_download`: in huggingface_hub 2.x a download goes to a
temporary file of a unique name that is deleted when the download fails, so an interrupted
file starts again from zero (only a connection dropped *inside* one run resumes). Here each
file grows in `DEST/.partial/<file>.<id>.part`, and `http_get(resume_size=…)` asks the
server for the rest with a `Range` request, so a cancel, a lost connection or a restart
continues where it stopped. A finished file is checked against the Hub's sha256 (LFS) or
git blob id before it takes its place.

The token comes from the environment (HF_TOKEN), never from the command line; the mirror
from HF_ENDPOINT.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import hashlib
import json
import os
import shutil
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fine_tune_studio import __version__
from fine_tune_studio.core.model_catalogue import DISK_MARGIN_BYTES
from fine_tune_studio.core.model_download import DownloadProblem
from fine_tune_studio.core.model_folder import is_model_file

PARTIAL_DIR = ".partial"
LOCK_FILE = ".download.lock"
PROGRESS_EVERY_SECONDS = 0.1
HEARTBEAT_SECONDS = 1.0
# http_get hands over (and writes) what arrives in chunks of huggingface_hub's
# DOWNLOAD_CHUNK_SIZE, 10 MiB: progress would move in 10 MiB steps and a cancel would lose
# up to 10 MiB. This process only downloads, so it asks for smaller chunks.
CHUNK_BYTES = 256 * 1024

Emit = Callable[..., None]


class Failure(Exception):
    def __init__(self, kind: DownloadProblem, detail: str = "", **facts: Any) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail
        self.facts = facts


@dataclass(frozen=True)
class WantedFile:
    path: str
    size: int
    blob_id: str
    sha256: str | None  # LFS files; small files are checked by their git blob id

    @property
    def partial_name(self) -> str:
        # The id in the name: a partial file of another version is never continued.
        return f"{self.path}.{(self.sha256 or self.blob_id)[:16]}.part"


def make_emitter(stream: Any) -> Emit:
    lock = threading.Lock()  # the reporter thread writes too

    def emit(event: str, **fields: Any) -> None:
        line = json.dumps({"event": event, **fields}) + "\n"
        with lock:
            stream.write(line)
            stream.flush()

    return emit


class ByteCounter:
    """Stands in for tqdm in `http_get`: adds what arrives to the whole download's count.

    A thread reports the count every PROGRESS_EVERY_SECONDS when it changed, and at least
    every HEARTBEAT_SECONDS when it did not, so a stalled transfer shows as one (its speed
    falls) instead of leaving the last bytes unreported."""

    done = 0
    emit: Emit | None = None
    _lock = threading.Lock()
    _stop = threading.Event()
    _thread: threading.Thread | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass  # `initial` (a resumed file's bytes) is already in `done`

    def __enter__(self) -> ByteCounter:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def close(self) -> None:
        pass

    def update(self, n: float | None = 1) -> None:
        # Negative when the server ignored a Range request and the file starts again.
        ByteCounter.add(int(n or 0))

    @classmethod
    def add(cls, n: int) -> None:
        with cls._lock:
            cls.done += n

    @classmethod
    def start(cls, done: int, emit: Emit) -> None:
        cls.done, cls.emit = done, emit
        cls._thread = threading.Thread(target=cls._report_until_stopped, daemon=True)
        cls._thread.start()

    @classmethod
    def stop(cls) -> None:
        cls._stop.set()
        if cls._thread is not None:
            cls._thread.join()
        cls.report()

    @classmethod
    def _report_until_stopped(cls) -> None:
        sent, quiet = None, 0.0
        while not cls._stop.wait(PROGRESS_EVERY_SECONDS):
            quiet += PROGRESS_EVERY_SECONDS
            if cls.done != sent or quiet >= HEARTBEAT_SECONDS:
                sent, quiet = cls.done, 0.0
                cls.report()

    @classmethod
    def report(cls) -> None:
        if cls.emit is not None:
            cls.emit("progress", done=cls.done)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hub_download_worker")
    parser.add_argument("--repo", required=True)
    parser.add_argument("--revision", required=True)
    parser.add_argument("--fallback-revision", default=None)
    parser.add_argument("--dest", required=True, type=Path)
    args = parser.parse_args(argv)
    emit = make_emitter(sys.stdout)
    token = os.environ.get("HF_TOKEN") or None
    try:
        download(args.repo, args.revision, args.fallback_revision, args.dest, token, emit)
    except Failure as failure:
        emit("error", kind=failure.kind.value, detail=failure.detail, **failure.facts)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


def download(repo_id: str, revision: str, fallback: str | None, dest: Path,
             token: str | None, emit: Emit) -> None:
    from filelock import FileLock, Timeout

    dest.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(dest / LOCK_FILE))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise Failure(DownloadProblem.BUSY) from None
    try:
        with _hub_errors(token):
            commit, files = _plan(repo_id, revision, fallback, token, emit)
            _check_space(dest, files)
            have = sum(_present_bytes(dest, f) for f in files)
            emit("plan", commit=commit, total=sum(f.size for f in files), have=have,
                 files=[{"path": f.path, "size": f.size} for f in files])
            ByteCounter.start(have, emit)
            try:
                for wanted in sorted(files, key=lambda f: (f.size, f.path)):
                    _fetch(repo_id, commit, wanted, dest, token, emit)
            finally:
                ByteCounter.stop()
        with contextlib.suppress(OSError):
            (dest / PARTIAL_DIR).rmdir()
        emit("done", commit=commit)
    finally:
        lock.release()


def _plan(repo_id: str, revision: str, fallback: str | None, token: str | None,
          emit: Emit) -> tuple[str, list[WantedFile]]:
    from huggingface_hub import HfApi
    from huggingface_hub.errors import RepositoryNotFoundError, RevisionNotFoundError
    from huggingface_hub.hf_api import RepoFile

    api = HfApi(token=token, library_name="fine-tune-studio", library_version=__version__)
    try:
        info = api.model_info(repo_id, revision=revision)
    except RevisionNotFoundError:
        if not fallback or fallback == revision:
            raise Failure(DownloadProblem.REVISION_NOT_FOUND, revision=revision) from None
        # A pinned commit can vanish when a repo's history is rewritten: take the newest.
        emit("fallback", revision=revision, to=fallback)
        info = api.model_info(repo_id, revision=fallback)
    commit = info.sha or revision
    try:
        files = [
            WantedFile(entry.path, int(entry.size), entry.blob_id,
                       entry.lfs.sha256 if entry.lfs is not None else None)
            for entry in api.list_repo_tree(repo_id, revision=commit, recursive=True)
            if isinstance(entry, RepoFile) and is_model_file(entry.path)
        ]
    except RepositoryNotFoundError:
        if info.gated:  # the Hub hides a gated repo's files from those without access
            raise Failure(DownloadProblem.GATED, had_token=token is not None) from None
        raise
    names = {f.path for f in files}
    if "config.json" not in names:
        raise Failure(DownloadProblem.NOT_A_MODEL, "it has no config.json")
    if not names & {"model.safetensors", "model.safetensors.index.json"}:
        raise Failure(DownloadProblem.NOT_A_MODEL, "it has no safetensors weights")
    return commit, files


def _present_bytes(dest: Path, wanted: WantedFile) -> int:
    final = dest / wanted.path
    if final.is_file() and final.stat().st_size == wanted.size:
        return wanted.size
    partial = dest / PARTIAL_DIR / wanted.partial_name
    return min(partial.stat().st_size, wanted.size) if partial.is_file() else 0


def _check_space(dest: Path, files: list[WantedFile]) -> None:
    """Before a byte is fetched: the rest of the download must fit on the disk."""
    needed = sum(f.size - _present_bytes(dest, f) for f in files)
    free = shutil.disk_usage(dest).free
    if needed + DISK_MARGIN_BYTES > free:
        raise Failure(DownloadProblem.DISK_FULL, needed_bytes=needed, free_bytes=free,
                      folder=str(dest.parent.parent))


def _fetch(repo_id: str, commit: str, wanted: WantedFile, dest: Path, token: str | None,
           emit: Emit) -> None:
    from huggingface_hub import constants
    from huggingface_hub.file_download import hf_hub_url, http_get
    from huggingface_hub.utils import build_hf_headers

    constants.DOWNLOAD_CHUNK_SIZE = CHUNK_BYTES  # see CHUNK_BYTES

    final = dest / wanted.path
    if final.is_file() and final.stat().st_size == wanted.size:
        return
    partial = dest / PARTIAL_DIR / wanted.partial_name
    partial.parent.mkdir(parents=True, exist_ok=True)
    _drop_other_versions(partial, wanted)
    resume = partial.stat().st_size if partial.is_file() else 0
    if resume > wanted.size:  # cannot be ours: start this file again
        ByteCounter.add(-wanted.size)
        partial.unlink()
        resume = 0
    emit("file", path=wanted.path, size=wanted.size, resumed_from=resume)
    if resume < wanted.size:
        headers = build_hf_headers(token=token, library_name="fine-tune-studio",
                                   library_version=__version__)
        with partial.open("ab") as out:
            http_get(hf_hub_url(repo_id, wanted.path, revision=commit), out,
                     resume_size=resume, headers=headers, expected_size=wanted.size,
                     displayed_filename=wanted.path, tqdm_class=ByteCounter)  # type: ignore[arg-type]
            out.flush()
            os.fsync(out.fileno())
    if not _matches(partial, wanted):
        partial.unlink()
        ByteCounter.add(-wanted.size)
        raise Failure(DownloadProblem.DAMAGED, wanted.path)
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(partial, final)


def _drop_other_versions(partial: Path, wanted: WantedFile) -> None:
    for stale in partial.parent.glob(f"{Path(wanted.path).name}.*.part"):
        if stale.name != partial.name:
            stale.unlink(missing_ok=True)


def _matches(path: Path, wanted: WantedFile) -> bool:
    """The file is exactly the Hub's: sha256 for LFS files, the git blob id otherwise."""
    if path.stat().st_size != wanted.size:
        return False
    if wanted.sha256 is not None:
        digest = hashlib.sha256()
        expected = wanted.sha256
    else:
        digest = hashlib.sha1(usedforsecurity=False)
        digest.update(f"blob {wanted.size}\0".encode())
        expected = wanted.blob_id
    with path.open("rb") as stream:
        while chunk := stream.read(8 * 1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest() == expected


@contextlib.contextmanager
def _hub_errors(token: str | None) -> Any:
    """Turn huggingface_hub's and the network's exceptions into a DownloadProblem."""
    from huggingface_hub.errors import (
        GatedRepoError,
        HfHubHTTPError,
        OfflineModeIsEnabled,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    try:
        yield
    except Failure:
        raise
    except OfflineModeIsEnabled:
        raise Failure(DownloadProblem.OFFLINE) from None
    except GatedRepoError:
        raise Failure(DownloadProblem.GATED, had_token=token is not None) from None
    except RepositoryNotFoundError:
        raise Failure(DownloadProblem.NOT_FOUND) from None
    except RevisionNotFoundError:
        raise Failure(DownloadProblem.REVISION_NOT_FOUND) from None
    except HfHubHTTPError as error:
        status = error.response.status_code if error.response is not None else None
        if status == 401:
            raise Failure(DownloadProblem.BAD_TOKEN if token else DownloadProblem.GATED,
                          had_token=token is not None) from None
        if status == 403:
            raise Failure(DownloadProblem.GATED, had_token=token is not None) from None
        raise Failure(DownloadProblem.SERVER, f"HTTP {status}") from None
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise Failure(DownloadProblem.DISK_FULL, str(error)) from None
        if _is_network_error(error):
            raise Failure(DownloadProblem.NETWORK, _short(error)) from None
        raise Failure(DownloadProblem.UNKNOWN, _short(error)) from None
    except Exception as error:
        if _is_network_error(error):
            raise Failure(DownloadProblem.NETWORK, _short(error)) from None
        raise Failure(DownloadProblem.UNKNOWN, _short(error)) from None


def _is_network_error(error: BaseException) -> bool:
    try:
        import httpx2
    except ImportError:  # an older huggingface_hub on httpx or requests
        httpx2 = None  # type: ignore[assignment]
    if httpx2 is not None and isinstance(error, httpx2.TransportError):
        return True
    if isinstance(error, (ConnectionError, TimeoutError)):
        return True
    # http_get's own check when a connection ended early without an error.
    return "Consistency check failed" in str(error)


def _short(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:500]


if __name__ == "__main__":
    sys.exit(main())
