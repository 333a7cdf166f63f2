"""Taking a fine-tuned model out of the local engine: the shared vocabulary (Qt-free).

The export itself runs in the engine room (`engine/export/`, torch and gguf), as a child
process of the app or inside `fine-tune-studio models export`. Both sides speak the words
spelled here: the formats, the GGUF kinds, the architectures GGUF export knows, the
progress lines the child prints and the codes of its failures. See docs/export.md.

Progress protocol (`python -m fine_tune_studio.engine.export ... `), one JSON object a line
on stdout:

    {"type": "progress", "stage": "merge", "done": 3, "total": 24, "message": "..."}
    {"type": "done", "out": "/abs/folder", "files": ["README.md", ...],
     "ollama_model": "name" | null, "ollama_command": ["ollama", "create", ...] | null}
    {"type": "error", "code": "folder_exists", "message": "plain English words"}
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ExportFormat(StrEnum):
    ADAPTER = "adapter"  # the PEFT LoRA folder, for people who keep the base model
    MERGED = "merged"  # a full Hugging Face folder with the adapter merged in
    GGUF = "gguf"  # one llama.cpp file
    OLLAMA = "ollama"  # a GGUF plus a Modelfile for `ollama create`


class GgufKind(StrEnum):
    """What a GGUF's weight matrices are stored as. Both can be produced without a
    compiled llama.cpp: F16 is a cast, Q8_0 a block-wise rounding (gguf-py's quants)."""

    F16 = "f16"
    Q8_0 = "q8_0"


DEFAULT_GGUF_KIND = GgufKind.Q8_0

# Hugging Face `model_type`s whose weights the GGUF writer knows, with the family names a
# person recognises (the dialog and docs/export.md list them). The tokenizer must also be a
# byte-level BPE one llama.cpp knows by name (Llama 3's, Qwen2's, GPT-2's): Llama 2's
# sentencepiece tokenizer is not yet.
GGUF_ARCHITECTURES: dict[str, str] = {
    "llama": "Llama 3.x",
    "qwen2": "Qwen2 / Qwen2.5",
}


class ExportStage(StrEnum):
    CHECK = "check"  # finding the model, checking architecture, room and folder
    COPY = "copy"  # adapter files, tokenizer, config
    MERGE = "merge"  # adapter merged into the base weights, tensor by tensor
    GGUF = "gguf"  # tensors converted and written to the GGUF file
    CARD = "card"  # README.md, Modelfile
    FINISH = "finish"  # the finished folder put in its place


class ExportErrorCode(StrEnum):
    MODEL_NOT_FOUND = "model_not_found"
    FOLDER_EXISTS = "folder_exists"
    UNSUPPORTED_ARCHITECTURE = "unsupported_architecture"
    UNSUPPORTED_ADAPTER = "unsupported_adapter"
    UNSUPPORTED_TOKENIZER = "unsupported_tokenizer"
    NOT_ENOUGH_SPACE = "not_enough_space"  # seen before writing: the estimate does not fit
    DISK_FULL = "disk_full"  # the disk filled up while writing
    UNREADABLE = "unreadable"  # a base or adapter file could not be read
    FAILED = "failed"  # anything else (the message says what)


# Exit codes of `models export` and of the export child process.
EXIT_OK = 0
EXIT_FAILED = 1  # the export started and failed (disk full, unreadable weights, ...)
EXIT_UNUSABLE = 2  # it could not start: bad arguments, unknown model, folder exists, ...

# Failures that are the request's fault rather than the export's.
UNUSABLE_CODES = frozenset({
    ExportErrorCode.MODEL_NOT_FOUND, ExportErrorCode.FOLDER_EXISTS,
    ExportErrorCode.UNSUPPORTED_ARCHITECTURE, ExportErrorCode.UNSUPPORTED_ADAPTER,
    ExportErrorCode.UNSUPPORTED_TOKENIZER, ExportErrorCode.NOT_ENOUGH_SPACE,
})


def exit_code_for(code: ExportErrorCode) -> int:
    return EXIT_UNUSABLE if code in UNUSABLE_CODES else EXIT_FAILED


@dataclass(frozen=True)
class ExportProgress:
    stage: ExportStage
    done: int = 0
    total: int = 0
    message: str = ""


@dataclass(frozen=True)
class ExportResult:
    out: str
    files: list[str] = field(default_factory=list)
    ollama_model: str | None = None
    ollama_command: list[str] | None = None


@dataclass(frozen=True)
class ExportFailure:
    code: ExportErrorCode
    message: str


ExportMessage = ExportProgress | ExportResult | ExportFailure


def encode_message(message: ExportMessage) -> str:
    """One protocol line (without the newline)."""
    body: dict[str, Any]
    if isinstance(message, ExportProgress):
        body = {"type": "progress", "stage": message.stage.value, "done": message.done,
                "total": message.total, "message": message.message}
    elif isinstance(message, ExportResult):
        body = {"type": "done", "out": message.out, "files": list(message.files),
                "ollama_model": message.ollama_model, "ollama_command": message.ollama_command}
    else:
        body = {"type": "error", "code": message.code.value, "message": message.message}
    return json.dumps(body, ensure_ascii=False)


def decode_message(line: str | bytes) -> ExportMessage | None:
    """The message a protocol line carries; None for anything else (a stray library print
    must not end an export)."""
    try:
        body = json.loads(line)
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    kind = body.get("type")
    try:
        if kind == "progress":
            return ExportProgress(ExportStage(body["stage"]), int(body.get("done") or 0),
                                  int(body.get("total") or 0), str(body.get("message") or ""))
        if kind == "done":
            command = body.get("ollama_command")
            return ExportResult(
                str(body["out"]), [str(f) for f in body.get("files") or []],
                body.get("ollama_model"),
                [str(part) for part in command] if isinstance(command, list) else None,
            )
        if kind == "error":
            try:
                code = ExportErrorCode(str(body.get("code")))
            except ValueError:
                code = ExportErrorCode.FAILED
            return ExportFailure(code, str(body.get("message") or ""))
    except (KeyError, ValueError, TypeError):
        return None
    return None


_OLLAMA_NAME_BAD = re.compile(r"[^a-z0-9._-]+")


def ollama_model_name(model_id: str) -> str:
    """A name `ollama create` accepts, from an engine model id
    ("ft:Qwen2.5-0.5B-Instruct:airport:ab12cd" → "qwen2.5-0.5b-instruct-airport-ab12cd")."""
    parts = [p for p in model_id.split(":") if p and p != "ft"]
    name = _OLLAMA_NAME_BAD.sub("-", "-".join(parts).lower()).strip("-._")
    return name or "fine-tuned-model"
