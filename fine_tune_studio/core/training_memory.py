"""How much memory a LoRA fine-tune needs, and the device that would run it (Qt-free).

One formula, used by the engine (it refuses a job that cannot fit before it loads the
model) and by the launch wizard (it shows the need next to what the engine's device has):

    total = weights + trainable + activations + runtime

- **weights**: every parameter of the base model at the dtype the engine loads it in
  (4 bytes in float32 on a CPU or Apple GPU, 2 in bfloat16/float16 on an NVIDIA GPU).
- **trainable**: LoRA's A and B matrices on every linear layer of the trained blocks, plus
  the embeddings and output head when they are trained in full (small models), each at
  16 bytes: a float32 weight, its gradient and AdamW's two moments.
- **activations**: what the backward pass keeps per token and layer when nothing is
  recomputed (`ACTIVATION_VALUES_PER_TOKEN`: about 12 hidden-sized and 5 MLP-sized values
  for a Llama/Qwen block, LoRA's small ones included), plus the attention scores of the
  longest sequence, plus the vocabulary-sized working tile of the loss.
- **runtime**: the libraries themselves (torch, the tokenizer, the trainer).

It is an estimate (±30 %, see docs/engine-training.md for how it compares with measured
peaks), good enough to say "this cannot fit" before minutes of loading end in a crash.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from fine_tune_studio.core.model_download import format_memory

MIB = 1024**2
GIB = 1024**3

# Bytes per trainable parameter: float32 weight + gradient + AdamW's two moments.
TRAINABLE_BYTES_PER_PARAMETER = 16
# Values the backward pass keeps per token per transformer block without gradient
# checkpointing: hidden-sized (norm inputs, q, k, v, attention output, o input, residuals,
# MLP input) and intermediate-sized (gate, up, activation, product) ones.
HIDDEN_VALUES_PER_TOKEN = 12
MLP_VALUES_PER_TOKEN = 5
# TRL scores the loss in tiles of at most this many tokens × a vocabulary chunk; the tile
# and its gradient are float32 whatever the model's dtype.
LOSS_TILE_TOKENS = 4096
# The libraries in the worker process (torch, tokenizers, datasets, the trainer) on a CPU;
# on a GPU, its context and the allocator's slack.
RUNTIME_BYTES = {"cpu": 1 * GIB, "mps": 1 * GIB, "cuda": 768 * MIB}
# The engine's defaults that the estimate depends on (engine/training/spec.py uses these).
DEFAULT_LORA_R = 16
DEFAULT_MAX_LENGTH = 2048  # longer examples are cut
# Below this many parameters the engine trains the embeddings and output head in full: it
# costs little and a small model cannot learn new words through LoRA on its linear layers.
SMALL_MODEL_PARAMETERS = 50_000_000
# Memory the rest of the computer keeps using while a job trains on the CPU.
SYSTEM_RESERVE_BYTES = 512 * MIB
# The keys of the job event (its `data`) in which the engine says where a job trains.
DEVICE_KEY = "device"
MEMORY_NEEDED_KEY = "memory_needed"
PRECISION_KEY = "precision"


class DeviceKind(StrEnum):
    CUDA = "cuda"  # an NVIDIA graphics card
    MPS = "mps"  # the GPU of Apple silicon (unified memory)
    CPU = "cpu"


@dataclass(frozen=True)
class DeviceFacts:
    """The device an engine trains and chats on, as it reports it (GET /v1/engine)."""

    kind: DeviceKind
    name: str  # "NVIDIA GeForce RTX 4070", "Apple M2 (Metal)", "CPU (8 cores)"
    dtype: str  # the dtype the base weights are trained in: "float32", "bfloat16", ...
    total_memory: int | None  # bytes the device has; None when it does not say
    free_memory: int | None  # bytes free now
    cores: int | None = None  # CPU only: the cores training computes on
    # Why a better device is not used (e.g. the GPU did not start); None when all is well.
    note: str | None = None

    @property
    def weight_bytes(self) -> int:
        return 2 if self.dtype in ("bfloat16", "float16") else 4

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DeviceFacts | None:
        """Facts from an engine's answer; None when they are not ones (an older engine)."""
        try:
            kind = DeviceKind(str(data["kind"]))
            total, free = data.get("total_memory"), data.get("free_memory")
            cores = data.get("cores")
            return cls(
                kind=kind,
                name=str(data["name"]),
                dtype=str(data["dtype"]),
                total_memory=int(total) if isinstance(total, int | float) else None,
                free_memory=int(free) if isinstance(free, int | float) else None,
                cores=int(cores) if isinstance(cores, int) and cores > 0 else None,
                note=str(data["note"]) if data.get("note") else None,
            )
        except (KeyError, TypeError, ValueError):
            return None


@dataclass(frozen=True)
class ModelShape:
    """What the memory formula needs to know about a model (from its config.json and the
    shapes in its safetensors headers)."""

    parameters: int
    hidden_size: int
    intermediate_size: int
    num_layers: int
    num_attention_heads: int
    kv_size: int  # num_key_value_heads × head_dim
    vocab_size: int
    tied_embeddings: bool

    @property
    def embedding_parameters(self) -> int:
        return self.vocab_size * self.hidden_size * (1 if self.tied_embeddings else 2)

    def lora_parameters(self, rank: int, layers: int | None = None) -> int:
        """A and B of LoRA on q, k, v, o, gate, up and down of `layers` blocks (all when
        None): rank × (in + out) each."""
        h, kv, mlp = self.hidden_size, self.kv_size, self.intermediate_size
        per_layer = (h + h) + 2 * (h + kv) + (h + h) + 2 * (h + mlp) + (mlp + h)
        blocks = self.num_layers if layers is None else min(layers, self.num_layers)
        return rank * per_layer * blocks

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ModelShape | None:
        try:
            return cls(**{name: data[name] for name in cls.__dataclass_fields__})
        except (KeyError, TypeError):
            return None

    @classmethod
    def from_config(cls, config: Mapping[str, Any], parameters: int) -> ModelShape | None:
        """From a Hugging Face config.json (the text part of a multimodal one); None when
        it lacks the numbers (an architecture the formula does not know)."""
        text = config.get("text_config")
        if isinstance(text, Mapping):
            config = {**config, **text}
        try:
            hidden = int(config["hidden_size"])
            heads = int(config["num_attention_heads"])
            kv_heads = int(config.get("num_key_value_heads") or heads)
            head_dim = int(config.get("head_dim") or hidden // heads)
            return cls(
                parameters=int(parameters),
                hidden_size=hidden,
                intermediate_size=int(config.get("intermediate_size") or 4 * hidden),
                num_layers=int(config["num_hidden_layers"]),
                num_attention_heads=heads,
                kv_size=kv_heads * head_dim,
                vocab_size=int(config["vocab_size"]),
                tied_embeddings=bool(config.get("tie_word_embeddings", False)),
            )
        except (KeyError, TypeError, ValueError, ZeroDivisionError):
            return None


def safetensors_parameters(folder: Path) -> int | None:
    """Parameters stored in a model folder's safetensors files, from their headers only
    (a few kB read, whatever the size of the weights); None without readable ones."""
    total = 0
    files = sorted(folder.glob("*.safetensors"))
    for path in files:
        try:
            with path.open("rb") as handle:
                (length,) = struct.unpack("<Q", handle.read(8))
                if length > 100 * MIB:
                    return None
                header = json.loads(handle.read(length))
        except (OSError, ValueError, struct.error):
            return None
        for name, info in header.items():
            if name == "__metadata__" or not isinstance(info, dict):
                continue
            count = 1
            for dim in info.get("shape", []):
                count *= int(dim)
            total += count
    return total if files else None


def model_shape(folder: Path) -> ModelShape | None:
    """The shape of the Hugging Face model folder `folder`; None when it cannot be read."""
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    parameters = safetensors_parameters(folder)
    if not isinstance(config, dict) or parameters is None:
        return None
    return ModelShape.from_config(config, parameters)


@dataclass(frozen=True)
class EngineFacts:
    """An engine's answer to GET /v1/engine: its device and the shape of each model."""

    device: DeviceFacts
    shapes: Mapping[str, ModelShape | None]

    @classmethod
    def from_dict(cls, data: Any) -> EngineFacts | None:
        if not isinstance(data, Mapping) or not isinstance(data.get("device"), Mapping):
            return None
        device = DeviceFacts.from_dict(data["device"])
        if device is None:
            return None
        shapes: dict[str, ModelShape | None] = {}
        for model in data.get("models") or []:
            if isinstance(model, Mapping) and isinstance(model.get("id"), str):
                raw = model.get("shape")
                shapes[model["id"]] = ModelShape.from_dict(raw) if isinstance(raw, Mapping) \
                    else None
        return cls(device, shapes)


@dataclass(frozen=True)
class MemoryEstimate:
    weights: int
    trainable: int
    activations: int
    runtime: int

    @property
    def total(self) -> int:
        return self.weights + self.trainable + self.activations + self.runtime


def training_memory(
    shape: ModelShape,
    *,
    device: DeviceKind,
    weight_bytes: int,
    batch_size: int,
    longest_tokens: int,
    batch_tokens: int | None = None,
    lora_r: int = DEFAULT_LORA_R,
    trainable_layers: int | None = None,
    full_embeddings: bool = False,
) -> MemoryEstimate:
    """The memory one training step needs (see the module's docstring).

    `batch_tokens`: the tokens of the largest batch (padding-free batching keeps only
    real tokens); None = `batch_size × longest_tokens`, as a padded batch holds."""
    tokens = batch_tokens if batch_tokens is not None else batch_size * longest_tokens
    tokens = max(1, min(tokens, batch_size * longest_tokens))
    trainable = shape.lora_parameters(lora_r, trainable_layers)
    if full_embeddings:
        trainable += shape.embedding_parameters
    activation_bytes = weight_bytes  # the forward pass runs in the weights' dtype
    per_token = (HIDDEN_VALUES_PER_TOKEN * shape.hidden_size
                 + MLP_VALUES_PER_TOKEN * shape.intermediate_size)
    layers = shape.num_layers * tokens * per_token * activation_bytes
    # Attention scores and their softmax for the longest sequence of each batch row.
    scores = (2 * shape.num_attention_heads * longest_tokens * longest_tokens
              * batch_size * activation_bytes * shape.num_layers)
    loss_tile = 2 * min(tokens, LOSS_TILE_TOKENS) * min(shape.vocab_size, 32_768) * 4
    return MemoryEstimate(
        weights=shape.parameters * weight_bytes,
        trainable=trainable * TRAINABLE_BYTES_PER_PARAMETER,
        activations=layers + scores + loss_tile,
        runtime=RUNTIME_BYTES[device.value],
    )


class Fit(StrEnum):
    FITS = "fits"
    TOO_BIG = "too_big"
    UNKNOWN = "unknown"  # the device does not say how much memory it has free


def memory_fit(need: int, device: DeviceFacts) -> Fit:
    """Whether `need` bytes fit what `device` has free (on a CPU, leaving the system its
    share)."""
    if device.free_memory is None:
        return Fit.UNKNOWN
    free = device.free_memory
    if device.kind is DeviceKind.CPU:
        free -= SYSTEM_RESERVE_BYTES
    return Fit.FITS if need <= free else Fit.TOO_BIG


def describe_device(facts: DeviceFacts, memory_needed: int | None,
                    precision: str | None = None) -> str:
    """The engine's event line (English, like its other events): `Training on NVIDIA
    GeForce RTX 4070 (bfloat16); this job needs about 3.4 GB of the 11.2 GB free`."""
    arithmetic = {"bf16": "bfloat16", "fp16": "float16"}.get(precision or "", facts.dtype)
    text = f"Training on {facts.name} ({arithmetic})"
    if memory_needed is not None:
        text += f"; this job needs about {format_memory(memory_needed)}"
        if facts.free_memory is not None:
            text += f" of the {format_memory(facts.free_memory)} free"
    return text


def device_of_event(data: Mapping[str, Any]) -> tuple[DeviceFacts, int | None] | None:
    """(device, memory the job needs) from a job event's data, if it is the device event."""
    raw = data.get(DEVICE_KEY)
    facts = DeviceFacts.from_dict(raw) if isinstance(raw, Mapping) else None
    if facts is None:
        return None
    needed = data.get(MEMORY_NEEDED_KEY)
    return facts, needed if isinstance(needed, int) and not isinstance(needed, bool) else None
