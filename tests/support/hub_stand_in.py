"""A local stand-in for the Hugging Face Hub, enough for huggingface_hub to download from.

It answers what huggingface_hub 2.x asks while fetching a model:

- `GET /api/models/{owner}/{name}/revision/{rev}` — the repo's info (`sha`, `gated`, files);
- `GET /api/models/{owner}/{name}/tree/{rev}?recursive=…` — each file with its size, git
  blob id and, for weights, the LFS sha256;
- `GET|HEAD /{owner}/{name}/resolve/{rev}/{path}` — the bytes, with `X-Repo-Commit`,
  `ETag`, `Content-Length`, `Accept-Ranges`, and `Range: bytes=N-` answered with 206.

Errors come the way the Hub sends them (status plus `X-Error-Code`): `RepoNotFound`,
`RevisionNotFound`, `GatedRepo` (401 without a token, 403 with one that has no access), and
401 "Invalid credentials in Authorization header" for a token the Hub does not know.

Faults, per file: `drop_after` closes the connection mid-body the first time a file is
served (a dropped connection); `hold_after` stops sending until `release()` (so a test can
cancel a download that is surely under way). `declared_sizes` makes the tree listing claim
another size (a model too big for the disk). Every request is recorded in `requests`.

Point huggingface_hub at it with `HF_ENDPOINT=stand_in.url` (and `HF_HUB_DISABLE_XET=1`).
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

LFS_SUFFIXES = (".safetensors", ".bin", ".pth", ".onnx", ".gguf", ".model")


@dataclass
class StandInRepo:
    repo_id: str
    commit: str
    files: dict[str, bytes]
    gated: bool = False
    revisions: set[str] = field(default_factory=lambda: {"main"})
    declared_sizes: dict[str, int] = field(default_factory=dict)

    def answers_to(self, revision: str) -> bool:
        return revision == self.commit or revision in self.revisions


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    range: str | None
    authorization: str | None


def blob_id(data: bytes) -> str:
    """git's id of a file's content (what the Hub lists as `oid`)."""
    return hashlib.sha1(f"blob {len(data)}\0".encode() + data, usedforsecurity=False).hexdigest()


def commit_for(text: str) -> str:
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


class HubStandIn:
    def __init__(self) -> None:
        self.repos: dict[str, StandInRepo] = {}
        self.tokens_with_access: set[str] = set()  # tokens that may read gated repos
        self.known_tokens: set[str] = set()  # tokens the Hub accepts at all
        self.drop_after: dict[str, int] = {}
        self.hold_after: dict[str, int] = {}
        self.requests: list[Request] = []
        self.body_bytes_sent: dict[str, int] = {}
        self.held = threading.Event()  # set once a held file reached its hold point
        self._release = threading.Event()
        self._dropped: set[str] = set()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def add_repo(self, repo_id: str, files: dict[str, bytes], **options: Any) -> StandInRepo:
        options.setdefault("commit", commit_for(repo_id))
        repo = StandInRepo(repo_id=repo_id, files=files, **options)
        self.repos[repo_id.lower()] = repo
        return repo

    def add_model_folder(self, repo_id: str, folder: Path, *,
                         extra: dict[str, bytes] | None = None, **options: Any) -> StandInRepo:
        files = {p.relative_to(folder).as_posix(): p.read_bytes()
                 for p in sorted(folder.rglob("*")) if p.is_file()}
        return self.add_repo(repo_id, {**files, **(extra or {})}, **options)

    def release(self) -> None:
        self._release.set()

    def resolved(self, filename: str | None = None) -> list[Request]:
        """The downloads of `filename` (default: of any file), in the order they came."""
        return [r for r in self.requests if "/resolve/" in r.path
                and (filename is None or r.path.endswith("/" + filename))]

    def start(self) -> HubStandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(10)

    # -- serving --------------------------------------------------------------------------

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_HEAD(self) -> None:
                stand_in._serve(self, body=False)

            def do_GET(self) -> None:
                stand_in._serve(self, body=True)

        return Handler

    def _serve(self, handler: BaseHTTPRequestHandler, *, body: bool) -> None:
        path = unquote(urlsplit(handler.path).path)
        with self._lock:
            self.requests.append(Request(handler.command, path, handler.headers.get("Range"),
                                         handler.headers.get("Authorization")))
        try:
            if match := re.fullmatch(r"/api/models/([^/]+/[^/]+)/revision/(.+)", path):
                self._info(handler, match[1], match[2])
            elif match := re.fullmatch(r"/api/models/([^/]+/[^/]+)/tree/([^/]+)", path):
                self._tree(handler, match[1], match[2])
            elif match := re.fullmatch(r"/([^/]+/[^/]+)/resolve/([^/]+)/(.+)", path):
                self._resolve(handler, match[1], match[2], match[3], body=body)
            else:
                self._error(handler, 404, "EntryNotFound", "no such endpoint")
        except (BrokenPipeError, ConnectionResetError):
            handler.close_connection = True

    def _repo(self, handler: BaseHTTPRequestHandler, repo_id: str,
              revision: str) -> StandInRepo | None:
        token = _bearer(handler)
        if token is not None and token not in self.known_tokens:
            self._error(handler, 401, None, "Invalid credentials in Authorization header")
            return None
        repo = self.repos.get(repo_id.lower())
        if repo is None:
            self._error(handler, 401 if token is None else 404, "RepoNotFound",
                        "Repository not found")
            return None
        if not repo.answers_to(revision):
            self._error(handler, 404, "RevisionNotFound", "Invalid rev id")
            return None
        return repo

    def _info(self, handler: BaseHTTPRequestHandler, repo_id: str, revision: str) -> None:
        repo = self._repo(handler, repo_id, revision)
        if repo is not None:
            self._json(handler, {
                "id": repo.repo_id, "modelId": repo.repo_id, "sha": repo.commit,
                "private": False, "disabled": False, "gated": "manual" if repo.gated else False,
                "siblings": [{"rfilename": name} for name in sorted(repo.files)],
            })

    def _tree(self, handler: BaseHTTPRequestHandler, repo_id: str, revision: str) -> None:
        repo = self._repo(handler, repo_id, revision)
        if repo is None:
            return
        entries = []
        for name, data in sorted(repo.files.items()):
            size = repo.declared_sizes.get(name, len(data))
            entry: dict[str, Any] = {"type": "file", "oid": blob_id(data), "size": size,
                                     "path": name}
            if name.endswith(LFS_SUFFIXES):
                entry["lfs"] = {"oid": hashlib.sha256(data).hexdigest(), "size": size,
                                "pointerSize": 134}
            entries.append(entry)
        self._json(handler, entries)

    def _resolve(self, handler: BaseHTTPRequestHandler, repo_id: str, revision: str,
                 name: str, *, body: bool) -> None:
        repo = self._repo(handler, repo_id, revision)
        if repo is None:
            return
        if repo.gated:
            token = _bearer(handler)
            if token not in self.tokens_with_access:
                self._error(handler, 401 if token is None else 403, "GatedRepo",
                            "Access to this model is restricted.")
                return
        data = repo.files.get(name)
        if data is None:
            self._error(handler, 404, "EntryNotFound", "Entry not found")
            return
        start = _range_start(handler.headers.get("Range"))
        if start is not None and start >= len(data):
            handler.send_response(416)
            handler.send_header("Content-Range", f"bytes */{len(data)}")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        lfs = name.endswith(LFS_SUFFIXES)
        part = data[start or 0:]
        handler.send_response(206 if start is not None else 200)
        handler.send_header("X-Repo-Commit", repo.commit)
        etag = hashlib.sha256(data).hexdigest() if lfs else blob_id(data)
        handler.send_header("ETag", f'"{etag}"')
        if lfs:
            handler.send_header("X-Linked-Etag", f'"{etag}"')
            handler.send_header("X-Linked-Size", str(len(data)))
        handler.send_header("Accept-Ranges", "bytes")
        handler.send_header("Content-Type", "application/octet-stream")
        handler.send_header("Content-Length", str(len(part)))
        if start is not None:
            handler.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        handler.end_headers()
        if body:
            self._send_body(handler, name, part, start or 0)

    def _send_body(self, handler: BaseHTTPRequestHandler, name: str, part: bytes,
                   offset: int) -> None:
        drop = self.drop_after.get(name)
        if drop is not None and name not in self._dropped and offset < drop:
            self._dropped.add(name)
            self._write(handler, name, part[:drop - offset])
            # Gone mid-body, as a lost connection is: no more bytes, no clean end.
            handler.connection.shutdown(socket.SHUT_RDWR)
            handler.close_connection = True
            return
        hold = self.hold_after.get(name)
        if hold is not None and offset < hold:
            self._write(handler, name, part[:hold - offset])
            handler.wfile.flush()
            self.held.set()
            self._release.wait()
            part = part[hold - offset:]
        self._write(handler, name, part)

    def _write(self, handler: BaseHTTPRequestHandler, name: str, data: bytes) -> None:
        handler.wfile.write(data)
        with self._lock:
            self.body_bytes_sent[name] = self.body_bytes_sent.get(name, 0) + len(data)

    def _json(self, handler: BaseHTTPRequestHandler, payload: object) -> None:
        data = json.dumps(payload).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(data)

    def _error(self, handler: BaseHTTPRequestHandler, status: int, code: str | None,
               message: str) -> None:
        data = json.dumps({"error": message}).encode()
        handler.send_response(status)
        if code is not None:
            handler.send_header("X-Error-Code", code)
        handler.send_header("X-Error-Message", message)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(data)


def _bearer(handler: BaseHTTPRequestHandler) -> str | None:
    value = handler.headers.get("Authorization") or ""
    return value.removeprefix("Bearer ").strip() or None


def _range_start(value: str | None) -> int | None:
    match = re.fullmatch(r"bytes=(\d+)-", value or "")
    return int(match[1]) if match else None


@pytest.fixture
def hub_stand_in(monkeypatch: pytest.MonkeyPatch) -> Iterator[HubStandIn]:
    """A running stand-in with HF_ENDPOINT pointing at it and downloads switched on."""
    stand_in = HubStandIn().start()
    monkeypatch.setenv("HF_ENDPOINT", stand_in.url)
    monkeypatch.setenv("HF_HUB_DISABLE_XET", "1")
    # huggingface_hub counts either as "offline".
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    monkeypatch.delenv("HF_TOKEN", raising=False)
    try:
        yield stand_in
    finally:
        stand_in.stop()
