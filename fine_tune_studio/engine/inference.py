"""Chat inference for base models and LoRA fine-tunes: `ModelHost`.

    host = ModelHost(max_models=2)
    result = host.generate(base_dir, messages, adapter_dir=adapter, temperature=0)
    stream = host.stream(base_dir, messages, adapter_dir=adapter, cancel=event)
    for delta in stream: ...          # text deltas; afterwards stream.finish_reason etc.

- Models are loaded on first use and kept in a small LRU cache keyed by
  (base_model_dir, adapter_dir); the adapter is merged into its own copy of the base weights.
- Generation is transformers' own: `model.generate` in a thread, its text handed over by a
  `TextIteratorStreamer`, stopped by `StoppingCriteria` (end-of-turn tokens, stop strings,
  `max_tokens`, cancellation) and shaped by logits processors (temperature, top_p). The
  one piece of ours is the draw itself (`SeededSampling`): transformers samples with torch's
  global generator, which every request shares, so a seed would not give the same text
  twice while another request samples.
- `generate` joins `stream`, so streamed text always equals non-streamed text for the same
  settings and seed.
- Thread-safe without a lock: generation only reads the weights, and each call has its own
  cache, so requests on one model run side by side.
- temperature 0 (or below `GREEDY_BELOW`) is greedy; with a `seed`, sampling is
  reproducible (a private generator).
- `stop` strings cut the text (never sent, even partially, when streaming) and give
  finish_reason "stop"; the end-of-turn token also gives "stop"; `max_tokens` (or the
  model's context) gives "length"; setting `cancel` ends the stream at the next token with
  finish_reason "cancelled" (not an OpenAI value: the client is gone by then).
- A conversation that already fills the model's context raises `PromptTooLong` (a
  ValueError with a plain message) from `stream`/`generate`, before any token is made.
"""

from __future__ import annotations

import math
import queue
import threading
from collections import OrderedDict
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from fine_tune_studio.engine.device import Device, choose_device, engine_device
from fine_tune_studio.engine.training.data import template_message

FinishReason = Literal["stop", "length", "cancelled"]
DEFAULT_MAX_NEW_TOKENS = 2048
# Below this temperature sampling is greedy: dividing logits by a vanishing temperature
# overflows to infinities (a 500 the fuzzer found at 3e-257), and well before that the
# most likely token gets all the probability anyway.
GREEDY_BELOW = 1e-4


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
    from transformers import (  # noqa: F401
        AutoModelForCausalLM,
        AutoTokenizer,
        GenerationConfig,
        LogitsProcessor,
        StoppingCriteria,
        TextIteratorStreamer,
    )


def _load(base_model_dir: Path, adapter_dir: Path | None, device: Device) -> LoadedModel:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(base_model_dir)
    # The chat dtype of the device (engine/device.py): float32 on a CPU, bfloat16 or
    # float16 on a GPU.
    model: Any = AutoModelForCausalLM.from_pretrained(
        base_model_dir, dtype=device.dtype(training=False)
    )
    if adapter_dir is not None:
        from peft import PeftModel

        model = PeftModel.from_pretrained(model, adapter_dir).merge_and_unload()
    model.to(device.torch_device)
    model.eval()
    stop_ids: set[int] = set()
    for candidate in (model.generation_config.eos_token_id, tokenizer.eos_token_id):
        if isinstance(candidate, int):
            stop_ids.add(candidate)
        elif isinstance(candidate, list | tuple):
            stop_ids.update(int(i) for i in candidate)
    context = getattr(model.config.get_text_config(), "max_position_embeddings", None)
    return LoadedModel(
        model=model,
        tokenizer=tokenizer,
        device=torch.device(device.torch_device),
        stop_token_ids=frozenset(stop_ids),
        context_length=int(context) if context else None,
    )


class StopMatcher:
    """Cuts text at the first stop string; holds back a tail that could start one.

    Generation itself stops at a stop string (transformers' `StopStringCriteria`); this
    keeps the stop string, and any beginning of one, out of the text handed on."""

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


def _seeded_sampling(generator: Any) -> Any:
    """A logits processor that draws the next token with `generator` and leaves only it, so
    that generate's greedy step takes it (see the module docstring for why)."""
    import torch
    from transformers import LogitsProcessor

    class SeededSampling(LogitsProcessor):  # type: ignore[misc]
        def __call__(self, input_ids: Any, scores: Any) -> Any:
            probs = torch.softmax(scores.float(), dim=-1).cpu()
            if not torch.isfinite(probs).all():  # never a 500 over numbers: take the likeliest
                return scores
            choice = torch.multinomial(probs, 1, generator=generator).to(scores.device)
            only = torch.full_like(scores, -math.inf)
            return only.scatter(1, choice, 0.0)

    return SeededSampling()


def _cancelled_when(cancel: threading.Event) -> Any:
    """A stopping criterion that ends generation at the next token once `cancel` is set."""
    import torch
    from transformers import StoppingCriteria

    class Cancelled(StoppingCriteria):  # type: ignore[misc]
        def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
            return torch.full((input_ids.shape[0],), cancel.is_set(), dtype=torch.bool,
                              device=input_ids.device)

    return Cancelled()


class TextStream:
    """Iterator of text deltas; after it ends, `finish_reason`, `prompt_tokens` and
    `completion_tokens` are set. `cancel()` (or the `cancel` event) stops it early.
    Generation starts with the first `next()`: a stream never read costs nothing."""

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
        self._stop_strings = [stop] if isinstance(stop, str) else [s for s in stop or [] if s]
        self._stops = StopMatcher(self._stop_strings)
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

    def _generate_kwargs(self, streamer: Any) -> dict[str, Any]:
        import torch
        from transformers import (
            GenerationConfig,
            LogitsProcessorList,
            StoppingCriteriaList,
            StopStringCriteria,
            TemperatureLogitsWarper,
            TopPLogitsWarper,
        )

        loaded = self._loaded
        # A configuration of our own, not the model folder's: OpenAI's parameters mean
        # exactly what they say (no top_k or repetition penalty from generation_config.json).
        config = GenerationConfig(
            max_new_tokens=self._max_new,
            do_sample=False,  # the draw, if any, is SeededSampling's
            eos_token_id=sorted(loaded.stop_token_ids) or None,
            pad_token_id=loaded.tokenizer.pad_token_id,
        )
        processors = LogitsProcessorList()
        if self._temperature >= GREEDY_BELOW:
            generator = torch.Generator(device="cpu")
            if self._seed is not None:
                generator.manual_seed(self._seed)
            else:
                generator.seed()
            processors.append(TemperatureLogitsWarper(self._temperature))
            if self._top_p < 1.0:
                processors.append(TopPLogitsWarper(self._top_p))
            processors.append(_seeded_sampling(generator))
        criteria = StoppingCriteriaList([_cancelled_when(self._cancel)])
        if self._stop_strings:
            criteria.append(StopStringCriteria(loaded.tokenizer, self._stop_strings))
        input_ids = torch.tensor([self._prompt], device=loaded.device)
        return {
            "input_ids": input_ids,
            "attention_mask": torch.ones_like(input_ids),
            "generation_config": config,
            "logits_processor": processors,
            "stopping_criteria": criteria,
            "streamer": streamer,
        }

    def _run(self) -> Generator[str, None, None]:
        import torch
        from transformers import TextIteratorStreamer

        loaded = self._loaded
        if self._max_new == 0:
            self.finish_reason = "length"
            return
        streamer = TextIteratorStreamer(loaded.tokenizer, skip_prompt=True,
                                        skip_special_tokens=True)
        # Room for one piece of text: generation stays at most a piece ahead of the reader,
        # so a slow or departed reader holds it back instead of it running on unread.
        streamer.text_queue = queue.Queue(maxsize=1)
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                with torch.inference_mode():
                    outcome["ids"] = loaded.model.generate(**self._generate_kwargs(streamer))
            except BaseException as exc:  # handed to the reading thread
                outcome["error"] = exc
                streamer.end()  # wakes the reader, which then raises it

        worker = threading.Thread(target=work, name="generate", daemon=True)
        worker.start()
        ended = False
        try:
            for piece in streamer:
                delta = self._stops.feed(piece)
                if delta:
                    yield delta
                if self._stops.stopped:
                    break
            else:
                ended = True
        finally:
            if not ended:
                # Stopped, closed or abandoned: generation ends at its next token; take
                # what it still hands over so that it is never left waiting to.
                self._cancel.set()
                for _ in streamer:
                    pass
            worker.join()
        if "error" in outcome:
            raise outcome["error"]
        generated = outcome["ids"][0, len(self._prompt):].tolist()
        self.completion_tokens = len(generated)
        if not self._stops.stopped:
            tail = self._stops.flush()
            if tail:
                yield tail
        self.finish_reason = self._finish_reason(generated)

    def _finish_reason(self, generated: list[int]) -> FinishReason:
        if self._stops.stopped or (generated and generated[-1] in self._loaded.stop_token_ids):
            return "stop"
        if len(generated) >= self._max_new:
            return "length"
        return "cancelled" if self._cancel.is_set() else "length"


class ModelHost:
    """Loads and caches chat models; see the module docstring."""

    def __init__(self, max_models: int = 2, device: str | None = None) -> None:
        """`device`: "cuda", "mps" or "cpu" to ask for one; None = the engine's choice."""
        import_model_libraries()
        self.max_models = max(1, max_models)
        self._requested = device
        self._device: Device | None = None
        self._models: OrderedDict[tuple[str, str | None], LoadedModel] = OrderedDict()
        self._loading: dict[tuple[str, str | None], threading.Lock] = {}
        self._lock = threading.Lock()  # guards the cache, not generation

    @property
    def device(self) -> Device:
        if self._device is None:
            self._device = (choose_device(self._requested) if self._requested
                            else engine_device())
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
