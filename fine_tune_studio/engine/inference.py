"""Chat inference for base models and LoRA fine-tunes: `ModelHost`.

    host = ModelHost(max_models=2)
    result = host.generate(base_dir, messages, adapter_dir=adapter, temperature=0)
    stream = host.stream(base_dir, messages, adapter_dir=adapter, cancel=event)
    for delta in stream: ...          # text deltas; afterwards stream.finish_reason etc.

- Models are loaded on first use and kept in a small LRU cache keyed by
  (base_model_dir, adapter_dir); the adapter is merged into its own copy of the base weights.
- Thread-safe: each loaded model has a lock held around every forward step, so two requests
  on one model interleave token by token; an abandoned stream holds no lock.
- One token loop serves both `generate` and `stream` (`generate` joins the stream), so
  streamed text always equals non-streamed text for the same settings and seed.
- temperature 0 is greedy; with a `seed`, sampling is reproducible (a private generator).
- `stop` strings cut the text (never sent, even partially, when streaming) and give
  finish_reason "stop"; the end-of-turn token also gives "stop"; `max_tokens` (or the
  model's context) gives "length"; setting `cancel` ends the stream at the next token with
  finish_reason "cancelled" (not an OpenAI value: the client is gone by then).
- A conversation that already fills the model's context raises `PromptTooLong` (a
  ValueError with a plain message) from `stream`/`generate`, before any token is made.
"""

from __future__ import annotations

import inspect
import threading
from collections import OrderedDict
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from fine_tune_studio.engine.training.data import template_message

FinishReason = Literal["stop", "length", "cancelled"]
DEFAULT_MAX_NEW_TOKENS = 2048


class PromptTooLong(ValueError):
    """The conversation already fills the model's context; the message says by how much."""


@dataclass(frozen=True)
class GenerationResult:
    text: str
    prompt_tokens: int
    completion_tokens: int
    finish_reason: FinishReason


@dataclass
class LoadedModel:
    model: Any
    tokenizer: Any
    device: Any
    stop_token_ids: frozenset[int]
    context_length: int | None
    # transformers 5.2x renamed `past_key_values` to `cache`; older releases and some
    # architectures still take the old name.
    cache_arg: str = "cache"
    lock: threading.Lock = field(default_factory=threading.Lock)

    def prompt_ids(self, messages: Sequence[dict[str, Any]]) -> list[int]:
        text = self.tokenizer.apply_chat_template(
            [template_message(m) for m in messages], tokenize=False, add_generation_prompt=True
        )
        return list(self.tokenizer(text, add_special_tokens=False)["input_ids"])


def import_model_libraries() -> None:
    """Import torch, transformers and peft fully, once, from one thread.

    transformers resolves its names lazily on first use; two threads doing that at once
    can see a half-initialised module ("cannot import name 'AutoModelForCausalLM'"), which
    is exactly what two first chat requests side by side did. `ModelHost` calls this while
    it is created, under its creator's lock, before any model is loaded.
    """
    import torch  # noqa: F401
    from peft import PeftModel  # noqa: F401
    from transformers import AutoModelForCausalLM, AutoTokenizer  # noqa: F401


def _load(base_model_dir: Path, adapter_dir: Path | None, device: str) -> LoadedModel:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(base_model_dir)
    dtype = torch.float32 if device == "cpu" else "auto"
    model: Any = AutoModelForCausalLM.from_pretrained(base_model_dir, dtype=dtype)
    if adapter_dir is not None:
        from peft import PeftModel

        model = PeftModel.from_pretrained(model, adapter_dir).merge_and_unload()
    model.to(device)
    model.eval()
    stop_ids: set[int] = set()
    for candidate in (model.generation_config.eos_token_id, tokenizer.eos_token_id):
        if isinstance(candidate, int):
            stop_ids.add(candidate)
        elif isinstance(candidate, list | tuple):
            stop_ids.update(int(i) for i in candidate)
    context = getattr(model.config.get_text_config(), "max_position_embeddings", None)
    parameters = inspect.signature(model.forward).parameters
    return LoadedModel(
        cache_arg="cache" if "cache" in parameters else "past_key_values",
        model=model,
        tokenizer=tokenizer,
        device=torch.device(device),
        stop_token_ids=frozenset(stop_ids),
        context_length=int(context) if context else None,
    )


class IncrementalDecoder:
    """Turns a growing list of token ids into text deltas without splitting characters.

    Decodes a short window (prefix_offset..end) and emits only what the newest tokens add;
    holds back output while it ends in an incomplete UTF-8 sequence (U+FFFD).
    """

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer
        self.ids: list[int] = []
        self.prefix_offset = 0
        self.read_offset = 0

    def _decode(self, ids: list[int]) -> str:
        return str(self.tokenizer.decode(ids, skip_special_tokens=True))

    def push(self, token_id: int) -> str:
        self.ids.append(token_id)
        prefix_text = self._decode(self.ids[self.prefix_offset : self.read_offset])
        new_text = self._decode(self.ids[self.prefix_offset :])
        if len(new_text) > len(prefix_text) and not new_text.endswith("\ufffd"):
            self.prefix_offset = self.read_offset
            self.read_offset = len(self.ids)
            return new_text[len(prefix_text) :]
        return ""

    def flush(self) -> str:
        prefix_text = self._decode(self.ids[self.prefix_offset : self.read_offset])
        new_text = self._decode(self.ids[self.prefix_offset :])
        self.prefix_offset = self.read_offset = len(self.ids)
        return new_text[len(prefix_text) :] if len(new_text) > len(prefix_text) else ""


class StopMatcher:
    """Cuts text at the first stop string; holds back a tail that could start one."""

    def __init__(self, stops: Sequence[str]) -> None:
        self.stops = [s for s in stops if s]
        self.pending = ""
        self.stopped = False

    def feed(self, delta: str) -> str:
        if not self.stops:
            return delta
        self.pending += delta
        cut = min((i for i in (self.pending.find(s) for s in self.stops) if i >= 0), default=-1)
        if cut >= 0:
            self.stopped = True
            out, self.pending = self.pending[:cut], ""
            return out
        keep = 0
        for stop in self.stops:
            for size in range(min(len(stop) - 1, len(self.pending)), 0, -1):
                if self.pending.endswith(stop[:size]):
                    keep = max(keep, size)
                    break
        out = self.pending[: len(self.pending) - keep]
        self.pending = self.pending[len(self.pending) - keep :]
        return out

    def flush(self) -> str:
        out, self.pending = self.pending, ""
        return out


class TextStream:
    """Iterator of text deltas; after it ends, `finish_reason`, `prompt_tokens` and
    `completion_tokens` are set. `cancel()` (or the `cancel` event) stops it early."""

    def __init__(
        self,
        loaded: LoadedModel,
        messages: Sequence[dict[str, Any]],
        *,
        temperature: float,
        top_p: float,
        max_tokens: int | None,
        stop: str | Sequence[str] | None,
        seed: int | None,
        cancel: threading.Event | None,
    ) -> None:
        self._loaded = loaded
        self._prompt = loaded.prompt_ids(messages)
        self.prompt_tokens = len(self._prompt)
        if loaded.context_length and self.prompt_tokens >= loaded.context_length:
            raise PromptTooLong(
                f"the conversation is {self.prompt_tokens} tokens long, but this model reads "
                f"at most {loaded.context_length}; shorten it"
            )
        self.completion_tokens = 0
        self.finish_reason: FinishReason | None = None
        self._temperature = temperature
        self._top_p = top_p
        self._seed = seed
        self._cancel = cancel if cancel is not None else threading.Event()
        stops = [stop] if isinstance(stop, str) else list(stop or [])
        self._stops = StopMatcher(stops)
        room = (
            loaded.context_length - self.prompt_tokens
            if loaded.context_length
            else DEFAULT_MAX_NEW_TOKENS
        )
        self._max_new = max(0, min(max_tokens if max_tokens is not None else room, room))
        self._iterator = self._run()

    def cancel(self) -> None:
        self._cancel.set()

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        return next(self._iterator)

    def close(self) -> None:
        self._cancel.set()
        self._iterator.close()

    def _pick(self, logits: Any, generator: Any) -> int:
        import torch

        if self._temperature <= 0:
            return int(torch.argmax(logits).item())
        probs = torch.softmax(logits.float() / self._temperature, dim=-1)
        if self._top_p < 1.0:
            sorted_probs, order = torch.sort(probs, descending=True)
            # Keep the smallest set whose mass reaches top_p (always at least one token).
            outside = (torch.cumsum(sorted_probs, dim=-1) - sorted_probs) >= self._top_p
            sorted_probs[outside] = 0.0
            probs = torch.zeros_like(probs).scatter(0, order, sorted_probs)
        return int(torch.multinomial(probs, 1, generator=generator).item())

    def _run(self) -> Generator[str, None, None]:
        import torch

        loaded = self._loaded
        decoder = IncrementalDecoder(loaded.tokenizer)
        generator = None
        if self._seed is not None and self._temperature > 0:
            generator = torch.Generator(device="cpu").manual_seed(self._seed)
        next_input = torch.tensor([self._prompt], device=loaded.device)
        cache = None
        reason: FinishReason = "length"
        while self.completion_tokens < self._max_new:
            if self._cancel.is_set():
                reason = "cancelled"
                break
            with loaded.lock, torch.inference_mode():
                output = loaded.model(
                    input_ids=next_input,
                    use_cache=True,
                    logits_to_keep=1,
                    **{loaded.cache_arg: cache},
                )
            cache = output[loaded.cache_arg] if loaded.cache_arg in output else output[1]
            token = self._pick(output.logits[0, -1].to("cpu"), generator)
            self.completion_tokens += 1
            if token in loaded.stop_token_ids:
                reason = "stop"
                break
            delta = self._stops.feed(decoder.push(token))
            if delta:
                yield delta
            if self._stops.stopped:
                reason = "stop"
                break
            next_input = torch.tensor([[token]], device=loaded.device)
        if not self._stops.stopped and reason != "cancelled":
            tail = self._stops.feed(decoder.flush())
            tail += "" if self._stops.stopped else self._stops.flush()
            if self._stops.stopped:
                reason = "stop"
            if tail:
                yield tail
        self.finish_reason = reason


class ModelHost:
    """Loads and caches chat models; see the module docstring."""

    def __init__(self, max_models: int = 2, device: str | None = None) -> None:
        import_model_libraries()
        self.max_models = max(1, max_models)
        self._device = device
        self._models: OrderedDict[tuple[str, str | None], LoadedModel] = OrderedDict()
        self._loading: dict[tuple[str, str | None], threading.Lock] = {}
        self._lock = threading.Lock()

    @property
    def device(self) -> str:
        if self._device is None:
            import torch

            self._device = "cuda" if torch.cuda.is_available() else "cpu"
        return self._device

    def load(self, base_model_dir: Path, adapter_dir: Path | None = None) -> LoadedModel:
        base = Path(base_model_dir).resolve()
        adapter = Path(adapter_dir).resolve() if adapter_dir else None
        key = (str(base), str(adapter) if adapter else None)
        with self._lock:
            if key in self._models:
                self._models.move_to_end(key)
                return self._models[key]
            # Loading takes seconds: hold only this model's loading lock meanwhile, so
            # requests for models already loaded are not kept waiting.
            loading = self._loading.setdefault(key, threading.Lock())
        with loading:
            with self._lock:
                if key in self._models:
                    return self._models[key]
            loaded = _load(base, adapter, self.device)
            with self._lock:
                self._models[key] = loaded
                self._loading.pop(key, None)
                while len(self._models) > self.max_models:
                    self._models.popitem(last=False)
            return loaded

    def unload(self, adapter_dir: Path) -> None:
        """Forget every cached model built on this adapter (e.g. the fine-tune was deleted)."""
        target = str(Path(adapter_dir).resolve())
        with self._lock:
            for key in [k for k in self._models if k[1] == target]:
                del self._models[key]

    def stream(
        self,
        base_model_dir: Path,
        messages: Sequence[dict[str, Any]],
        *,
        adapter_dir: Path | None = None,
        temperature: float = 1.0,
        top_p: float = 1.0,
        max_tokens: int | None = None,
        stop: str | Sequence[str] | None = None,
        seed: int | None = None,
        cancel: threading.Event | None = None,
    ) -> TextStream:
        loaded = self.load(base_model_dir, adapter_dir)
        return TextStream(
            loaded,
            messages,
            temperature=temperature,
            top_p=top_p,
            max_tokens=max_tokens,
            stop=stop,
            seed=seed,
            cancel=cancel,
        )

    def generate(
        self,
        base_model_dir: Path,
        messages: Sequence[dict[str, Any]],
        *,
        adapter_dir: Path | None = None,
        temperature: float = 1.0,
        top_p: float = 1.0,
        max_tokens: int | None = None,
        stop: str | Sequence[str] | None = None,
        seed: int | None = None,
        cancel: threading.Event | None = None,
    ) -> GenerationResult:
        stream = self.stream(
            base_model_dir,
            messages,
            adapter_dir=adapter_dir,
            temperature=temperature,
            top_p=top_p,
            max_tokens=max_tokens,
            stop=stop,
            seed=seed,
            cancel=cancel,
        )
        text = "".join(stream)
        return GenerationResult(
            text=text,
            prompt_tokens=stream.prompt_tokens,
            completion_tokens=stream.completion_tokens,
            finish_reason=stream.finish_reason or "length",
        )
