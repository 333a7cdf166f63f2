"""The server's bridge to the trainer's `inference.ModelHost` (loaded lazily: torch is
imported on the first chat request, not when the server starts)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fine_tune_studio.engine.model_registry import ModelEntry

if TYPE_CHECKING:
    from fine_tune_studio.engine.inference import GenerationResult, ModelHost, TextStream


@dataclass(frozen=True)
class GenerationParams:
    temperature: float
    top_p: float
    max_tokens: int
    stop: list[str] = field(default_factory=list)
    seed: int | None = None


class ContextTooLong(ValueError):
    """The conversation does not fit the model's context (a client error, not the engine's)."""


class ChatBackend:
    def __init__(self, max_models: int = 2) -> None:
        self._max_models = max_models
        self._host: ModelHost | None = None
        self._lock = threading.Lock()

    def _get_host(self) -> ModelHost:
        with self._lock:
            if self._host is None:
                from fine_tune_studio.engine.inference import ModelHost

                self._host = ModelHost(max_models=self._max_models)
            return self._host

    def _kwargs(self, entry: ModelEntry, params: GenerationParams) -> dict[str, Any]:
        return {
            "adapter_dir": entry.adapter_dir,
            "temperature": params.temperature,
            "top_p": params.top_p,
            "max_tokens": params.max_tokens,
            "stop": params.stop or None,
            "seed": params.seed,
        }

    def generate(
        self, entry: ModelEntry, messages: list[dict[str, str]], params: GenerationParams
    ) -> GenerationResult:
        from fine_tune_studio.engine.inference import PromptTooLong

        try:
            return self._get_host().generate(
                entry.base_dir, messages, **self._kwargs(entry, params)
            )
        except PromptTooLong as exc:
            raise ContextTooLong(str(exc)) from exc

    def stream(
        self,
        entry: ModelEntry,
        messages: list[dict[str, str]],
        params: GenerationParams,
        cancel: threading.Event,
    ) -> TextStream:
        """Loads the model and reads the prompt now; the returned iterator generates."""
        from fine_tune_studio.engine.inference import PromptTooLong

        try:
            return self._get_host().stream(
                entry.base_dir, messages, cancel=cancel, **self._kwargs(entry, params)
            )
        except PromptTooLong as exc:
            raise ContextTooLong(str(exc)) from exc

    def forget(self, entry: ModelEntry) -> None:
        """Drop cached weights built on a deleted model's adapter."""
        if entry.adapter_dir is None:
            return
        with self._lock:
            host = self._host
        if host is not None:
            host.unload(entry.adapter_dir)
