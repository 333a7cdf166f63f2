"""The shapes of the engine's responses, as its OpenAPI document declares them.

`shapes.py` builds these objects from records; the routes declare these models, so FastAPI
checks every answer against them (a mismatch is the engine's bug and shows as a 500 in
tests) and the OpenAPI document (`GET /v1/openapi.json`) says what clients get. They are
OpenAI's shapes (tests/engine/contract.py checks answers against OpenAI's own spec); these
models only describe what this engine sends.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

Auto = Literal["auto"]


class _Shape(BaseModel):
    # A key a handler sends that is not described here is a bug, not something to drop.
    model_config = ConfigDict(extra="forbid")


class ErrorBody(_Shape):
    message: str
    type: str
    param: str | None
    code: str | None


class ErrorResponse(_Shape):
    error: ErrorBody


class FileObject(_Shape):
    id: str
    object: Literal["file"]
    bytes: int
    created_at: int
    filename: str
    purpose: str
    status: Literal["uploaded", "processed", "error"]
    status_details: str | None = None


class FileList(_Shape):
    object: Literal["list"]
    data: list[FileObject]
    has_more: bool
    first_id: str
    last_id: str


class FileDeleted(_Shape):
    id: str
    object: Literal["file"]
    deleted: bool


class JobError(_Shape):
    code: str
    message: str
    param: str | None


class JobHyperparameters(_Shape):
    n_epochs: int | Auto
    batch_size: int | Auto
    learning_rate_multiplier: float | Auto


class MethodHyperparameters(JobHyperparameters):
    beta: float | Auto | None = None


class MethodPart(_Shape):
    hyperparameters: MethodHyperparameters


class JobMethod(_Shape):
    type: Literal["supervised", "dpo"]
    supervised: MethodPart | None = None
    dpo: MethodPart | None = None


class FineTuningJob(_Shape):
    object: Literal["fine_tuning.job"]
    id: str
    created_at: int
    error: JobError | None
    fine_tuned_model: str | None
    finished_at: int | None
    hyperparameters: JobHyperparameters
    model: str
    organization_id: str
    result_files: list[str]
    status: Literal[
        "validating_files", "queued", "running", "paused", "succeeded", "failed", "cancelled"
    ]
    trained_tokens: int | None
    training_file: str
    validation_file: str | None
    integrations: list[Any]
    seed: int
    estimated_finish: int | None
    method: JobMethod
    metadata: dict[str, str] | None
    suffix: str | None
    engine: dict[str, Any]


class JobList(_Shape):
    object: Literal["list"]
    data: list[FineTuningJob]
    has_more: bool


class JobEvent(_Shape):
    object: Literal["fine_tuning.job.event"]
    id: str
    created_at: int
    level: Literal["info", "warn", "error"]
    message: str
    type: Literal["message", "metrics"]
    data: dict[str, Any]


class JobEventList(_Shape):
    object: Literal["list"]
    data: list[JobEvent]
    has_more: bool


class Checkpoint(_Shape):
    object: Literal["fine_tuning.job.checkpoint"]
    id: str
    created_at: int
    fine_tuned_model_checkpoint: str
    fine_tuning_job_id: str
    step_number: int
    metrics: dict[str, int | float]


class CheckpointList(_Shape):
    object: Literal["list"]
    data: list[Checkpoint]
    has_more: bool
    first_id: str | None
    last_id: str | None


class Model(_Shape):
    id: str
    object: Literal["model"]
    created: int
    owned_by: str


class ModelList(_Shape):
    object: Literal["list"]
    data: list[Model]


class ModelDeleted(_Shape):
    id: str
    object: Literal["model"]
    deleted: bool


class EngineDevice(_Shape):
    """Where the engine trains and chats (`core.training_memory.DeviceFacts`)."""

    kind: Literal["cuda", "mps", "cpu"]
    name: str
    dtype: str
    total_memory: int | None
    free_memory: int | None
    cores: int | None
    note: str | None


class EngineModelShape(_Shape):
    """What the memory formula needs to know of a model (`core.training_memory.ModelShape`)."""

    parameters: int
    hidden_size: int
    intermediate_size: int
    num_layers: int
    num_attention_heads: int
    kv_size: int
    vocab_size: int
    tied_embeddings: bool


class EngineModel(_Shape):
    id: str
    shape: EngineModelShape | None  # None: the folder's config or weights cannot be read


class EngineInfo(_Shape):
    """GET /v1/engine: not an OpenAI route; this engine's device and its models' sizes."""

    object: Literal["engine"]
    device: EngineDevice
    models: list[EngineModel]


class ChatMessage(_Shape):
    role: Literal["assistant"]
    content: str
    refusal: None
    annotations: list[Any]


class ChatChoice(_Shape):
    index: int
    message: ChatMessage
    logprobs: None
    finish_reason: Literal["stop", "length"]


class Usage(_Shape):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(_Shape):
    id: str
    object: Literal["chat.completion"]
    created: int
    model: str
    choices: list[ChatChoice]
    usage: Usage
    system_fingerprint: str
