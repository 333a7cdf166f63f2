"""Bringing a fine-tuned model's weights onto this computer.

Two steps, both resumable or repeatable:

- `download_archive`: GET the archive into a `.part` file, with progress; a dropped
  connection resumes where it stopped (`Range`, checked with `If-Range` against the
  ETag so a changed file starts over), also after the app restarted.
- `install_model_archive`: unpack it safely, check the result with the same check as every
  folder that enters the models folder (`core.model_folder.check_model_folder`), then
  install it through `LocalModels` (its model files only, with where it came from).

Qt-free; file work runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import bz2
import contextlib
import gzip
import json
import lzma
import os
import re
import shutil
import tarfile
import uuid
import zipfile
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import httpx2

from fine_tune_studio.core.model_folder import FolderProblem, check_model_folder
from fine_tune_studio.services.errors import ErrorKind, ServiceError, from_status
from fine_tune_studio.services.local_models import LocalModels, ModelSource

DownloadProgress = Callable[[int, int | None], None]  # bytes on disk, total if known
_RETRY_STATUS = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class DownloadSource:
    """Where the archive is and how to ask for it (headers hold the key: never log them)."""

    url: str
    params: Mapping[str, str]
    headers: Mapping[str, str]


class NotAModelFolder(Exception):
    """The archive does not hold a model the engine can load. `reason` is one of
    "unreadable" (not an archive we can open), "unsafe" (paths leaving the folder),
    "adapter_only" (a LoRA add-on without its base model) or "not_a_model" (the folder
    check's `problems` say which file and what to do)."""

    def __init__(
        self, reason: str, detail: str = "", problems: Sequence[FolderProblem] = ()
    ) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.problems = tuple(problems)


# -- download ---------------------------------------------------------------------------------


def _meta_path(part: Path) -> Path:
    return part.with_name(part.name + ".json")


def _read_meta(part: Path) -> dict[str, Any]:
    try:
        data = json.loads(_meta_path(part).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _total_from(response: httpx2.Response, have: int) -> int | None:
    if response.status_code == 206:
        match = re.search(r"/(\d+)\s*$", response.headers.get("content-range", ""))
        return int(match.group(1)) if match else None
    length = response.headers.get("content-length")
    return int(length) if length and length.isdigit() else None


async def download_archive(
    source: DownloadSource,
    part: Path,
    *,
    progress: DownloadProgress | None = None,
    attempts: int = 6,
    timeout: float = 60.0,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    transport: httpx2.AsyncBaseTransport | None = None,
) -> Path:
    """Download `source` into `part` (kept between tries and between runs); returns `part`
    once it holds the whole file. Raises ServiceError; the part file stays for next time."""
    part.parent.mkdir(parents=True, exist_ok=True)
    meta = _read_meta(part)
    failures = 0
    async with httpx2.AsyncClient(
        follow_redirects=True, timeout=httpx2.Timeout(timeout, connect=15.0), transport=transport
    ) as http:
        while True:
            have = part.stat().st_size if part.exists() else 0
            total = meta.get("total") if isinstance(meta.get("total"), int) else None
            if total is not None and have == total and have > 0:
                return part
            headers = dict(source.headers)
            if have:
                headers["Range"] = f"bytes={have}-"
                if isinstance(meta.get("etag"), str):
                    headers["If-Range"] = meta["etag"]
            try:
                done = await _one_request(http, source, headers, part, have, meta, progress)
            except ServiceError as error:
                failures += 1
                retry = error.kind in (ErrorKind.NETWORK, ErrorKind.TIMEOUT) or (
                    error.status in _RETRY_STATUS
                )
                if not retry or failures >= attempts:
                    raise
                wait = (
                    error.retry_after
                    if error.retry_after is not None
                    else min(8.0, 0.5 * 2**failures)
                )
                if wait > 60:
                    raise
                await sleep(wait)
                continue
            if done:
                return part
            failures += 1  # the body ended early without an error: resume
            if failures >= attempts:
                raise ServiceError(
                    ErrorKind.NETWORK,
                    "The download kept stopping before the end.",
                    operation="download_weights",
                )


async def _one_request(
    http: httpx2.AsyncClient,
    source: DownloadSource,
    headers: dict[str, str],
    part: Path,
    have: int,
    meta: dict[str, Any],
    progress: DownloadProgress | None,
) -> bool:
    """One GET; True when `part` is complete afterwards."""
    try:
        async with http.stream("GET", source.url, params=dict(source.params),
                               headers=headers) as response:
            status = response.status_code
            if status == 416 and have:
                # The server has nothing after what we hold: it is all here.
                meta["total"] = have
                _meta_path(part).write_text(json.dumps(meta), encoding="utf-8")
                return True
            if status >= 400:
                raw = await response.aread()
                try:
                    body: object = json.loads(raw)
                except ValueError:
                    body = raw.decode("utf-8", "replace")[:2000]
                raise from_status(status, body, response.headers,
                                  operation="download_weights")
            resuming = status == 206 and have > 0
            total = _total_from(response, have)
            meta.update(total=total, etag=response.headers.get("etag"))
            _meta_path(part).write_text(json.dumps(meta), encoding="utf-8")
            received = have if resuming else 0
            with part.open("ab" if resuming else "wb") as handle:
                # As they arrive (no re-chunking): what came before a cut is kept.
                async for chunk in response.aiter_bytes():
                    handle.write(chunk)
                    received += len(chunk)
                    if progress is not None:
                        progress(received, total)
            return total is None or received >= total
    except ServiceError:
        raise
    except asyncio.CancelledError:
        raise
    except httpx2.TimeoutException as exc:
        raise ServiceError(ErrorKind.TIMEOUT, operation="download_weights",
                           detail=type(exc).__name__) from None
    except (httpx2.TransportError, OSError) as exc:
        if isinstance(exc, OSError) and not isinstance(exc, ConnectionError):
            raise ServiceError(ErrorKind.UNKNOWN, "The download could not be saved.",
                               operation="download_weights",
                               detail=f"{type(exc).__name__}: {exc}") from None
        raise ServiceError(ErrorKind.NETWORK, operation="download_weights",
                           detail=f"{type(exc).__name__}: {exc}") from None


# -- unpack and check -------------------------------------------------------------------------

_WEIGHTS = re.compile(r"(?i)\.(safetensors|bin|pt|gguf)$")
_TOKENIZER_FILES = ("tokenizer.json", "tokenizer.model", "tokenizer_config.json")


def folder_name_for(model_name: str) -> str:
    """A folder name for a provider's model name ('me/Qwen3-8B-airport-1a2b' ->
    'me--Qwen3-8B-airport-1a2b'): one level, no ':' (the engine treats ':' as a
    fine-tune's name)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", model_name.replace("/", "--")).strip(".-")
    return cleaned or "model"


def _open_archive(path: Path, stack: contextlib.ExitStack) -> tuple[str, Any]:
    """(kind, archive) for a zip or a tar (plain or compressed), closed with `stack`."""
    with path.open("rb") as handle:
        magic = handle.read(6)
    if magic.startswith(b"PK"):
        return "zip", stack.enter_context(zipfile.ZipFile(path))
    raw: IO[bytes] = stack.enter_context(path.open("rb"))
    stream: Any
    if magic.startswith(b"\x28\xb5\x2f\xfd"):
        import zstandard

        stream = stack.enter_context(zstandard.ZstdDecompressor().stream_reader(raw))
    elif magic.startswith(b"\x1f\x8b"):
        stream = stack.enter_context(gzip.GzipFile(fileobj=raw, mode="rb"))
    elif magic.startswith(b"BZh"):
        stream = stack.enter_context(bz2.BZ2File(raw, "rb"))
    elif magic.startswith(b"\xfd7zXZ"):
        stream = stack.enter_context(lzma.LZMAFile(raw, "rb"))  # noqa: SIM115 - on the stack
    else:
        stream = raw
    # Streaming mode: the decompressors need not seek, and members come in order.
    return "tar", stack.enter_context(tarfile.open(fileobj=stream, mode="r|"))


def _extract(path: Path, into: Path) -> None:
    try:
        with contextlib.ExitStack() as stack:
            kind, archive = _open_archive(path, stack)
            if kind == "zip":
                root = into.resolve()
                for info in archive.infolist():
                    target = (into / info.filename).resolve()
                    if root not in (target, *target.parents):
                        raise NotAModelFolder("unsafe", info.filename)
                archive.extractall(into)
            else:
                # The "data" filter refuses absolute paths, '..', links leaving the folder
                # and device files: an archive cannot write outside the staging folder.
                archive.extractall(into, filter="data")
    except NotAModelFolder:
        raise
    except tarfile.FilterError as exc:
        raise NotAModelFolder("unsafe", str(exc)) from None
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise NotAModelFolder("unreadable", f"{type(exc).__name__}: {exc}") from None
    except Exception as exc:  # zstandard raises its own ZstdError for a broken stream
        raise NotAModelFolder("unreadable", f"{type(exc).__name__}: {exc}") from None


def _model_root(folder: Path) -> Path:
    """The folder holding the model files: the top, or the single folder inside it
    (archives often wrap everything in one), two levels at most."""
    current = folder
    for _ in range(3):
        names = {child.name for child in current.iterdir()}
        if "config.json" in names or "adapter_config.json" in names:
            return current
        children = [c for c in current.iterdir() if not c.name.startswith(".")]
        if len(children) == 1 and children[0].is_dir():
            current = children[0]
            continue
        break
    return current


def install_model_archive(archive: Path, models_dir: Path, name: str) -> Path:
    """Unpack `archive`, check it is a model folder the engine loads, and install it as
    `models_dir/<name>` (`name-2`, … when taken). Returns the new folder.

    Raises NotAModelFolder with a reason (the staging folder is removed); the archive is
    left as it is, so a second try needs no new download."""
    models = LocalModels(models_dir)
    models_dir.mkdir(parents=True, exist_ok=True)
    staging = models_dir / f".unpacking-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        _extract(archive, staging)
        root = _model_root(staging)
        if not (root / "config.json").exists() and (root / "adapter_config.json").exists():
            raise NotAModelFolder("adapter_only")
        check = check_model_folder(root)
        if not check.ok:
            raise NotAModelFolder("not_a_model", check.problems[0].text("en"), check.problems)
        # Only the files a model needs go in, as for a folder the user adds.
        kept = models_dir / f".installing-{uuid.uuid4().hex[:8]}"
        kept.mkdir()
        for relative in check.files:
            os.replace(root / relative, kept / relative)
        folder = folder_name_for(name)
        number = 2
        while (models_dir / folder).exists() or (models_dir / folder).is_symlink():
            folder = f"{folder_name_for(name)}-{number}"
            number += 1
        try:
            return models.install(kept, folder, source=ModelSource.PROVIDER, repo_id=name).path
        except BaseException:
            shutil.rmtree(kept, ignore_errors=True)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
