"""A scripted fake of Together AI's API, for the full loop and its faults (no test talks to
the real service, which costs money).

`TogetherFake` is a `FaultServer` (tests/support/service_fixtures.py): every request is
recorded, and `server.on(method, path, reply(...), reset(), ...)` makes the next matching
requests misbehave. Its own answers follow a script:

- files: `POST /v1/files/upload` keeps the file (processed at once unless told otherwise);
- jobs: each `GET /v1/fine-tunes/{id}` moves a job one step along pending → queued →
  running (metrics grow `metrics_per_poll` steps each time) → completed;
- `GET /v1/finetune/download` serves a model archive with ETag and `Range`, and can drop
  the connection part-way once (`drop_download_after`).

Contract: every JSON body it answers is validated against Together's OpenAPI spec
(tests/reference/together-openapi.yaml) with jsonschema before it leaves, and every JSON
request body against the operation's request schema; a violation answers 599 with the
reason (a test then fails loudly). `violations` lists them.
"""

from __future__ import annotations

import asyncio
import io
import json
import re
import tarfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import jsonschema
import pytest
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.support.service_fixtures import (
    FaultServer,
    Request,
    Responder,
    _abort,
    _run_server,
    write_response,
)
from tests.support.test_files import TOGETHER_SPEC

SPEC_URI = "urn:together-openapi"
BASE_MODEL = "Qwen/Qwen3-0.6B"
OTHER_BASE = "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference"
CHAT_MODEL = "meta-llama/Llama-3.3-70B-Instruct-Turbo"


# -- the spec as jsonschema -----------------------------------------------------------------


@cache
def spec() -> dict[str, Any]:
    with TOGETHER_SPEC.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return _with_nullable(loaded)  # type: ignore[no-any-return]


def _with_nullable(node: Any) -> Any:
    """Spec quirk: the document says OpenAPI 3.1 but still marks schemas `nullable: true`
    (3.0's keyword, which 3.1 and jsonschema ignore), so every streamed chunk's
    `finish_reason: null` would be refused. Read it as its authors meant: null allowed."""
    if isinstance(node, list):
        return [_with_nullable(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _with_nullable(value) for key, value in node.items()}
    if converted.pop("nullable", None) is True:
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


@cache
def _registry() -> Registry:
    resource = Resource.from_contents(spec(), default_specification=DRAFT202012)
    return Registry().with_resource(SPEC_URI, resource)


def _pointer(*parts: str) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def schema_problems(instance: Any, *pointer_parts: str) -> list[str]:
    """Why `instance` breaks the spec's schema at `#/<pointer_parts>` ([] when it fits)."""
    schema = {"$ref": f"{SPEC_URI}#/{_pointer(*pointer_parts)}"}
    validator = jsonschema.Draft202012Validator(schema, registry=_registry())
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(top)'}: {error.message}"
        for error in validator.iter_errors(instance)
    ]


def response_problems(method: str, path: str, status: int, body: Any) -> list[str]:
    operation = spec()["paths"][path][method.lower()]
    answer = operation["responses"].get(str(status))
    if answer is None:
        return [f"{method} {path} has no {status} answer in the spec"]
    if "application/json" not in answer.get("content", {}):
        return []
    return schema_problems(body, "paths", path, method.lower(), "responses", str(status),
                           "content", "application/json", "schema")


def request_problems(method: str, path: str, body: Any) -> list[str]:
    request = spec()["paths"][path][method.lower()].get("requestBody")
    if request is None or "application/json" not in request.get("content", {}):
        return []
    return schema_problems(body, "paths", path, method.lower(), "requestBody", "content",
                           "application/json", "schema")


# The spec's path templates, for finding which operation a request is.
_TEMPLATES: list[tuple[re.Pattern[str], str]] = [
    (re.compile("^/v1" + re.sub(r"\{[^}]+\}", "[^/]+", p) + "$"), p)
    for p in (
        "/files/upload", "/files/{id}", "/files", "/fine-tunes", "/fine-tunes/estimate-price",
        "/fine-tunes/{id}", "/fine-tunes/{id}/events", "/fine-tunes/{id}/checkpoints",
        "/fine-tunes/{id}/metrics", "/fine-tunes/{id}/cancel", "/fine-tunes/models/supported",
        "/fine-tunes/models/limits", "/finetune/download", "/models", "/chat/completions",
    )
]


def template_of(path: str) -> str | None:
    # Fixed paths first: /fine-tunes/models/limits also matches /fine-tunes/{id}/events's
    # shape-free cousins.
    for pattern, template in sorted(_TEMPLATES, key=lambda t: "{" in t[1]):
        if pattern.match(path):
            return template
    return None


# -- a model folder to serve --------------------------------------------------------------


def model_archive(
    kind: str = "tar.zst", *, adapter_only: bool = False, chat_template: bool = True
) -> bytes:
    """A small model folder (config, safetensors weights, tokenizer with a chat template)
    packed as Together packs it: a .tar.zst (or .tar.gz) with the files inside one folder."""
    import numpy as np
    import zstandard
    from safetensors.numpy import save

    files: dict[str, bytes]
    if adapter_only:
        files = {
            "adapter_config.json": json.dumps({"r": 8, "lora_alpha": 16}).encode(),
            "adapter_model.safetensors": save({"w": np.zeros((2, 2), dtype=np.float32)}),
        }
    else:
        config = {"architectures": ["LlamaForCausalLM"], "model_type": "llama",
                  "hidden_size": 8, "num_hidden_layers": 1, "vocab_size": 16}
        files = {
            "config.json": json.dumps(config).encode(),
            "model.safetensors": save({"embed": np.arange(64, dtype=np.float32).reshape(8, 8)}),
            "tokenizer.json": json.dumps({"version": "1.0", "model": {"type": "BPE"}}).encode(),
            "tokenizer_config.json": json.dumps(
                {"chat_template": "{% for m in messages %}{{ m['content'] }}{% endfor %}"}
                if chat_template else {}
            ).encode(),
        }
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(f"airport-model/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    if kind == "tar.gz":
        import gzip

        return gzip.compress(raw.getvalue())
    return zstandard.ZstdCompressor().compress(raw.getvalue())


# -- the fake -----------------------------------------------------------------------------


def _iso(moment: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(moment)) + "Z"


def error_body(message: str, kind: str = "invalid_request_error",
               code: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": None, "code": code}}


@dataclass
class TogetherFake(FaultServer):
    supported: list[str] = field(default_factory=lambda: [BASE_MODEL, OTHER_BASE])
    fine_tunes: list[dict[str, Any]] = field(default_factory=list)
    job_events: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    job_metrics: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    job_polls: dict[str, int] = field(default_factory=dict)
    together_files: dict[str, dict[str, Any]] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)
    metrics_per_poll: int = 4
    running_polls: int = 3  # how many reads a job stays running
    files_processed: bool = True
    archive: bytes = b""
    etag: str = '"weights-v1"'
    drop_download_after: int | None = None  # bytes; once
    downloads: list[str] = field(default_factory=list)  # Range headers seen ("" = none)
    serverless: set[str] = field(default_factory=set)  # fine-tunes chat answers for

    def reset_state(self) -> None:
        super().reset_state()
        with self._lock:
            self.fine_tunes.clear()
            self.job_events.clear()
            self.job_metrics.clear()
            self.job_polls.clear()
            self.together_files.clear()
            self.violations.clear()
            self.downloads.clear()
            self.serverless.clear()
            self.supported = [BASE_MODEL, OTHER_BASE]
            self.metrics_per_poll = 4
            self.running_polls = 3
            self.files_processed = True
            self.archive = model_archive()
            self.etag = '"weights-v1"'
            self.drop_download_after = None

    def _next_behaviour(self, method: str, path: str) -> Responder | None:
        found = super()._next_behaviour(method, path)
        if found is None and method == "GET" and path == "/v1/finetune/download":
            return self._download
        if found is None and method == "POST" and path == "/v1/chat/completions":
            return self._chat
        return found or self._answer

    async def _answer(self, request: Request, writer: asyncio.StreamWriter,
                      server: FaultServer) -> None:
        status, body = self.fake_api(request)
        if isinstance(body, list):  # write_response would take a list for SSE frames
            data = json.dumps(body).encode()
            writer.write(
                f"HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n"
                f"content-length: {len(data)}\r\nconnection: close\r\n\r\n".encode() + data
            )
            await writer.drain()
            return
        await write_response(writer, status, body)

    # -- answering --------------------------------------------------------------------

    def fake_api(self, request: Request) -> tuple[int, Any]:
        template = template_of(request.path)
        if template is None:
            return 404, error_body(f"unknown route {request.method} {request.path}")
        if not request.headers.get("authorization", "").startswith("Bearer "):
            return 401, error_body("Invalid API key provided", "invalid_api_key")
        if request.headers.get("content-type", "").startswith("application/json"):
            problems = request_problems(request.method, template, request.json())
            if problems:
                self.violations.extend(f"request {template}: {p}" for p in problems)
                return 599, {"spec_violation": problems}
        status, body = self._route(request, template)
        if status < 400 and isinstance(body, dict | list):
            problems = response_problems(request.method, template, status, body)
            if problems:
                self.violations.extend(f"response {template}: {p}" for p in problems)
                return 599, {"spec_violation": problems}
        return status, body

    def _route(self, request: Request, template: str) -> tuple[int, Any]:
        method, parts = request.method, request.path.split("/")
        if template == "/fine-tunes/models/supported":
            return 200, {"models": list(self.supported)}
        if template == "/fine-tunes/models/limits":
            name = _query(request).get("model_name", "")
            if name not in self.supported:
                return 404, {"message": f"Model {name} not found or not supported"}
            return 200, limits_for(name)
        if template == "/models":
            return 200, [
                {"id": CHAT_MODEL, "object": "model", "created": 1733443200, "type": "chat",
                 "display_name": "Llama 3.3 70B", "organization": "Meta"},
                {"id": BASE_MODEL, "object": "model", "created": 1745884800, "type": "chat"},
                {"id": "BAAI/bge-large-en-v1.5", "object": "model", "created": 1700000000,
                 "type": "embedding"},
            ]
        if template == "/files/upload":
            return self._upload(request)
        if template == "/files/{id}" and method == "GET":
            found = self.together_files.get(parts[3])
            return (200, found) if found else (404, error_body("No such file"))
        if template == "/fine-tunes" and method == "POST":
            return self._create(request.json())
        if template == "/fine-tunes" and method == "GET":
            return 200, {"data": [self._truncated(j) for j in self.fine_tunes]}
        if template == "/fine-tunes/estimate-price":
            body = request.json()
            lines = self.together_files.get(body.get("training_file"), {}).get("lines", 0)
            tokens = lines * 120 * int(body.get("n_epochs", 1))
            return 200, {"estimated_total_price": round(tokens * 0.48 / 1e6, 6),
                         "allowed_to_proceed": True, "user_limit": 25.0,
                         "estimated_train_token_count": tokens,
                         "estimated_eval_token_count": 0}
        job = self._job(parts[3]) if len(parts) > 3 else None
        if job is None:
            return 404, error_body(f"Fine-tune job {parts[3]} not found")
        if template == "/fine-tunes/{id}":
            self._advance(job)
            return 200, self._full(job)
        if template == "/fine-tunes/{id}/events":
            return 200, {"data": list(self.job_events[job["id"]])}
        if template == "/fine-tunes/{id}/metrics":
            return 200, {"metrics": list(self.job_metrics[job["id"]])}
        if template == "/fine-tunes/{id}/checkpoints":
            steps = [m["train/global_step"] for m in self.job_metrics[job["id"]]]
            marks = [s for s in steps if s % 8 == 0]
            return 200, {"data": [
                {"step": s, "created_at": _iso(job["_created"] + s),
                 "path": f"s3://bucket/{job['id']}/checkpoint-{s}",
                 "checkpoint_type": "Intermediate"} for s in marks
            ]}
        if template == "/fine-tunes/{id}/cancel":
            if job["status"] not in ("completed", "error", "cancelled"):
                job["status"] = "cancelled"
                self._event(job, "cancel_requested", "Cancel requested")
            return 200, self._truncated(job)
        return 404, error_body("unknown")

    # -- files ----------------------------------------------------------------------------

    def _upload(self, request: Request) -> tuple[int, Any]:
        fields = _multipart(request)
        missing = [n for n in ("purpose", "file_name", "file") if n not in fields]
        if missing:
            self.violations.append(f"request /files/upload: missing {missing}")
            return 599, {"spec_violation": missing}
        content = fields["file"]
        lines = [line for line in content.splitlines() if line.strip()]
        for number, line in enumerate(lines, 1):
            try:
                json.loads(line)
            except ValueError:
                return 400, error_body(f"Invalid JSON on line {number} of the training file")
        file_id = f"file-{uuid.uuid4()}"
        info = {"id": file_id, "object": "file", "created_at": int(time.time()),
                "filename": fields["file_name"].decode(), "bytes": len(content),
                "purpose": fields["purpose"].decode(), "Processed": self.files_processed,
                "FileType": "jsonl"}
        self.together_files[file_id] = {**info, "lines": len(lines)}
        return 200, info

    # -- jobs -----------------------------------------------------------------------------

    def _job(self, job_id: str) -> dict[str, Any] | None:
        return next((j for j in self.fine_tunes if j["id"] == job_id), None)

    def _create(self, body: dict[str, Any]) -> tuple[int, Any]:
        if body["model"] not in self.supported:
            return 400, error_body(f"Model {body['model']} is not supported for fine-tuning")
        if body["training_file"] not in self.together_files:
            return 400, error_body("training_file does not exist")
        now = time.time()
        job_id = f"ft-{uuid.uuid4()}"
        suffix = body.get("suffix") or "ft"
        job = {
            "id": job_id, "status": "pending", "model": body["model"],
            "training_file": body["training_file"],
            "model_output_name": f"tester/{body['model'].split('/')[-1]}-{suffix}-{job_id[3:9]}",
            "n_epochs": body.get("n_epochs", 1), "batch_size": body.get("batch_size", 8),
            "learning_rate": body.get("learning_rate", 1e-5),
            "training_method": body["training_method"],
            "training_type": body.get("training_type") or {"type": "Lora", "lora_r": 8,
                                                           "lora_alpha": 16},
            "_created": now, "_updated": now,
        }
        for key in ("validation_file", "suffix", "n_evals", "from_checkpoint"):
            if key in body:
                job[key] = body[key]
        if body.get("random_seed") is not None:
            job["random_seed"] = body["random_seed"]
        self.fine_tunes.insert(0, job)
        self.job_events[job_id] = []
        self.job_metrics[job_id] = []
        self._event(job, "job_pending", "Fine tune request created")
        return 200, self._truncated(job)

    def _event(self, job: dict[str, Any], kind: str, message: str, level: str = "info",
               step: int = 0) -> None:
        events = self.job_events[job["id"]]
        events.append({
            "object": "fine-tune-event", "created_at": _iso(time.time()), "level": level,
            "message": message, "type": kind, "param_count": 0, "token_count": 0,
            "total_steps": self.running_polls * self.metrics_per_poll, "wandb_url": "",
            "step": step, "checkpoint_path": "", "model_path": "", "training_offset": 0,
            "hash": f"h{len(events)}-{job['id'][-6:]}",
        })

    def _advance(self, job: dict[str, Any]) -> None:
        """One step of the script per read of the job."""
        status = job["status"]
        polls = self.job_polls.get(job["id"], 0) + 1
        self.job_polls[job["id"]] = polls
        job["_updated"] = time.time()
        if status == "pending":
            job["status"] = "queued"
            self._event(job, "job_start", "Job started")
        elif status == "queued":
            job["status"] = "running"
            self._event(job, "training_start", "Training started")
        elif status == "running":
            metrics = self.job_metrics[job["id"]]
            if len(metrics) >= self.running_polls * self.metrics_per_poll:
                job["status"] = "completed"
                job["token_count"] = 2316 * int(job.get("n_epochs") or 1)
                self._event(job, "training_complete", "Training completed")
                self._event(job, "job_complete", "Job finished")
                return
            for _ in range(self.metrics_per_poll):
                step = len(metrics) + 1
                point: dict[str, float] = {"train/loss": round(2.5 / step, 4),
                                           "train/learning_rate": 1e-5,
                                           "train/global_step": step}
                if job.get("validation_file") and step % 4 == 0:
                    point["eval/loss"] = round(2.8 / step, 4)
                metrics.append(point)
            self._event(job, "checkpoint_save", f"Reached step {len(metrics)}",
                        step=len(metrics))

    def _truncated(self, job: dict[str, Any]) -> dict[str, Any]:
        public = {k: v for k, v in job.items() if not k.startswith("_")}
        public["created_at"] = _iso(job["_created"])
        public["updated_at"] = _iso(job["_updated"])
        return public

    def _full(self, job: dict[str, Any]) -> dict[str, Any]:
        full = self._truncated(job)
        full["events"] = list(self.job_events[job["id"]])
        if job["status"] == "running":
            full["progress"] = {"estimate_available": True, "seconds_remaining": 90}
        return full

    # -- weights --------------------------------------------------------------------------

    async def _download(self, request: Request, writer: asyncio.StreamWriter,
                        server: FaultServer) -> None:
        query = _query(request)
        job = self._job(query.get("ft_id", ""))
        range_header = request.headers.get("range", "")
        self.downloads.append(range_header)
        if not request.headers.get("authorization", "").startswith("Bearer "):
            await write_response(writer, 401, error_body("Invalid API key provided"))
            return
        if job is None or job["status"] != "completed":
            await write_response(writer, 404, error_body("Fine-tune ID not found"))
            return
        if query.get("checkpoint") not in ("merged", "adapter", "model_output_path"):
            await write_response(writer, 400, error_body("checkpoint is required"))
            return
        data = self.archive
        start = 0
        match = re.match(r"bytes=(\d+)-$", range_header)
        if match and request.headers.get("if-range", self.etag) == self.etag:
            start = int(match.group(1))
        if start >= len(data) and start:
            await write_response(writer, 416, b"", {"content-range": f"bytes */{len(data)}"})
            return
        status = 206 if start else 200
        headers = (f"HTTP/1.1 {status} X\r\ncontent-type: application/x-zstd\r\n"
                   f"content-length: {len(data) - start}\r\netag: {self.etag}\r\n"
                   "accept-ranges: bytes\r\nconnection: close\r\n")
        if start:
            headers += f"content-range: bytes {start}-{len(data) - 1}/{len(data)}\r\n"
        writer.write((headers + "\r\n").encode())
        body = data[start:]
        cut = self.drop_download_after
        if cut is not None and start < cut:
            self.drop_download_after = None  # once
            writer.write(body[: cut - start])
            await writer.drain()
            await asyncio.sleep(0.05)
            _abort(writer)
            return
        writer.write(body)
        await writer.drain()

    # -- chat -----------------------------------------------------------------------------

    async def _chat(self, request: Request, writer: asyncio.StreamWriter,
                    server: FaultServer) -> None:
        body = request.json()
        problems = request_problems("POST", "/chat/completions", body)
        if problems:
            self.violations.extend(f"request /chat/completions: {p}" for p in problems)
            await write_response(writer, 599, {"spec_violation": problems})
            return
        model = body.get("model", "")
        tuned = {j["model_output_name"] for j in self.fine_tunes}
        if model in tuned and model not in self.serverless:
            await write_response(writer, 400, error_body(
                f"Unable to access non-serverless model {model}. Please visit "
                f"https://api.together.ai/models/{model} to create and start a new "
                "dedicated endpoint for the model.", code="model_not_available"))
            return
        text = "桃園機場第一航廈的服務台在入境大廳。" if model in tuned else "Hello there"
        if body.get("stream"):
            frames = []
            for chunk in together_chunks(model, text):
                problems = schema_problems(chunk, "components", "schemas",
                                           "ChatCompletionChunk")
                if problems:
                    self.violations.extend(f"response chunk: {p}" for p in problems)
                frames.append(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
            frames.append(b"data: [DONE]\n\n")
            await write_response(writer, 200, frames)
            return
        answer = together_completion(model, text)
        problems = response_problems("POST", "/chat/completions", 200, answer)
        if problems:
            self.violations.extend(f"response /chat/completions: {p}" for p in problems)
            await write_response(writer, 599, {"spec_violation": problems})
            return
        await write_response(writer, 200, answer)


def together_completion(model: str, text: str) -> dict[str, Any]:
    return {
        "id": "chat-1", "object": "chat.completion", "created": int(time.time()),
        "model": model, "prompt": [],
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": text}}],
        "usage": {"prompt_tokens": 12, "completion_tokens": 9, "total_tokens": 21},
    }


def together_chunks(model: str, text: str) -> Iterator[dict[str, Any]]:
    pieces = [text[i:i + 6] for i in range(0, len(text), 6)]
    for piece in pieces:
        yield {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": model,
               "choices": [{"index": 0, "finish_reason": None,
                            "delta": {"role": "assistant", "content": piece}}]}
    yield {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": model,
           "choices": [{"index": 0, "finish_reason": "stop",
                        "delta": {"role": "assistant", "content": ""}}],
           "usage": {"prompt_tokens": 12, "completion_tokens": len(pieces),
                     "total_tokens": 12 + len(pieces)}}


def limits_for(name: str) -> dict[str, Any]:
    return {
        "model_name": name,
        "full_training": {"max_batch_size": 16, "max_batch_size_dpo": 8, "min_batch_size": 8},
        "lora_training": {"max_batch_size": 32, "max_batch_size_dpo": 16, "min_batch_size": 8,
                          "max_rank": 64, "target_modules": ["q_proj", "v_proj"]},
        "max_num_epochs": 20, "max_num_evals": 10,
        "max_learning_rate": 1.0, "min_learning_rate": 1e-8,
        "supports_vision": False, "supports_tools": True, "supports_reasoning": False,
        "merge_output_lora": True,
    }


def _query(request: Request) -> dict[str, str]:
    from urllib.parse import parse_qsl

    return dict(parse_qsl(request.query))


def _multipart(request: Request) -> dict[str, bytes]:
    """name -> value of a multipart/form-data body (enough for the upload's four fields)."""
    match = re.search(r"boundary=\"?([^\";]+)", request.headers.get("content-type", ""))
    if not match:
        return {}
    boundary = b"--" + match.group(1).encode()
    fields: dict[str, bytes] = {}
    for part in request.body.split(boundary):
        head, _, value = part.partition(b"\r\n\r\n")
        name = re.search(rb'name="([^"]+)"', head)
        if name:
            fields[name.group(1).decode()] = value.removesuffix(b"\r\n")
    return fields


# -- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _together_session() -> Iterator[TogetherFake]:
    import threading

    server = TogetherFake()
    server.reset_state()
    ready, stop = threading.Event(), threading.Event()
    thread = threading.Thread(target=_run_server, args=(server, ready, stop),
                              name="together-fake", daemon=True)
    thread.start()
    assert ready.wait(10), "the fake Together server did not start"
    yield server
    stop.set()
    thread.join(10)


@pytest.fixture
def together_fake(_together_session: TogetherFake) -> Iterator[TogetherFake]:
    _together_session.reset_state()
    yield _together_session
    problems = list(_together_session.violations)
    _together_session.reset_state()
    assert not problems, "the fake's traffic broke Together's spec:\n" + "\n".join(problems)


# -- Prism over Together's spec -------------------------------------------------------------


@pytest.fixture(scope="session")
def together_prism() -> Iterator[str]:
    """A Prism mock of Together's spec (session scope: it takes 10-20 s to start); yields
    its base URL. It answers 422 to a request that breaks the spec, 401 without a key."""
    import os
    import shutil
    import subprocess
    import urllib.error
    import urllib.request

    from tests.support.service_fixtures import PRISM_BIN, free_port

    if not PRISM_BIN.exists() or shutil.which("node") is None:
        pytest.fail(f"Prism is not installed ({PRISM_BIN}); run npm ci in tools/prism")
    port = free_port()
    log = open(os.devnull, "wb")  # noqa: SIM115 - lives as long as the process
    proc = subprocess.Popen(
        [str(PRISM_BIN), "mock", str(TOGETHER_SPEC), "-p", str(port), "-h", "127.0.0.1"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"Prism exited with code {proc.returncode} before it was ready")
            try:
                request = urllib.request.Request(f"{base}/fine-tunes/models/supported",
                                                 headers={"Authorization": "Bearer x"})
                urllib.request.urlopen(request, timeout=2).read()
                break
            except urllib.error.HTTPError:
                break
            except (OSError, urllib.error.URLError):
                if time.monotonic() > deadline:
                    pytest.fail("Prism did not start within 120 s")
                time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        log.close()
