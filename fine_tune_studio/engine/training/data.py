"""Training lines (OpenAI's JSONL) to what the trainers eat.

Supervised lines become pre-tokenised rows ``{"input_ids", "labels"}`` whose labels are -100
everywhere except on the assistant replies that should be learned (not ``weight: 0``). The
assistant spans are found by rendering the conversation prefix by prefix through the model's
own chat template and mapping the character spans onto tokens with the fast tokenizer's
offsets, so no ``{% generation %}`` markers are needed (Qwen's, Llama's and most real
templates have none).

Preference lines become TRL's conversational ``{"prompt", "chosen", "rejected"}`` rows.
"""

from __future__ import annotations

import contextlib
import copy
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

IGNORE_INDEX = -100

# Keys a chat template may read from a message; "weight" is ours and must not reach it.
_TEMPLATE_MESSAGE_KEYS = ("role", "content", "name", "tool_calls", "tool_call_id")


class TrainingDataError(ValueError):
    """A training line the worker cannot use; the message says which line and why."""


@dataclass
class SupervisedRows:
    rows: list[dict[str, list[int]]] = field(default_factory=list)
    truncated: int = 0  # examples cut to max_length
    skipped: int = 0  # examples with nothing left to learn (all weight 0, or cut away)


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(1-based line number, object) for each non-blank line."""
    with path.open(encoding="utf-8-sig") as handle:
        for line_no, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                raise TrainingDataError(f"{path.name} line {line_no} is not valid JSON") from exc
            if not isinstance(obj, dict):
                raise TrainingDataError(f"{path.name} line {line_no} is not a JSON object")
            yield line_no, obj


def _content_text(content: Any) -> str | None:
    if content is None or isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            part.get("text") or "" for part in content if isinstance(part, dict)
        )
    return str(content)


def template_message(message: dict[str, Any]) -> dict[str, Any]:
    """A message as chat templates expect it: text content, no training-only keys."""
    out = {key: copy.deepcopy(message[key]) for key in _TEMPLATE_MESSAGE_KEYS if key in message}
    out["content"] = _content_text(message.get("content")) or ""
    for call in out.get("tool_calls") or []:
        function = call.get("function") if isinstance(call, dict) else None
        # Most templates print arguments with `tojson`; OpenAI sends them as a JSON string.
        if isinstance(function, dict) and isinstance(function.get("arguments"), str):
            with contextlib.suppress(ValueError):
                function["arguments"] = json.loads(function["arguments"])
    return out


def _render(tokenizer: Any, messages: Sequence[dict[str, Any]], tools: Any, *, prompt: bool) -> str:
    text = tokenizer.apply_chat_template(
        list(messages), tools=tools, tokenize=False, add_generation_prompt=prompt
    )
    return str(text)


def assistant_char_spans(
    tokenizer: Any, messages: Sequence[dict[str, Any]], tools: Any = None
) -> tuple[str, list[tuple[int, int]]]:
    """The rendered conversation and the character spans of the assistant replies to learn.

    A reply's span runs from the end of the rendered prompt before it (generation prompt
    included) to the end of the rendering that includes it, so it covers the reply's
    end-of-turn token: the model learns to stop.
    """
    clean = [template_message(m) for m in messages]
    full = _render(tokenizer, clean, tools, prompt=False)
    spans: list[tuple[int, int]] = []
    for index, message in enumerate(messages):
        if message.get("role") != "assistant" or message.get("weight", 1) == 0:
            continue
        before = _render(tokenizer, clean[:index], tools, prompt=True) if index else ""
        through = _render(tokenizer, clean[: index + 1], tools, prompt=False)
        if not full.startswith(through) or not through.startswith(before):
            raise TrainingDataError(
                "the model's chat template renders earlier turns differently once later turns "
                "are added, so the assistant replies cannot be located; train on single-turn "
                "examples or use a model with a prefix-stable chat template"
            )
        spans.append((len(before), len(through)))
    return full, spans


def tokenize_chat(
    tokenizer: Any, messages: Sequence[dict[str, Any]], tools: Any = None
) -> dict[str, list[int]]:
    """input_ids and labels (-100 outside the learnable assistant replies)."""
    text, spans = assistant_char_spans(tokenizer, messages, tools)
    encoded = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    input_ids: list[int] = list(encoded["input_ids"])
    labels = [IGNORE_INDEX] * len(input_ids)
    for position, (start, end) in enumerate(encoded["offset_mapping"]):
        if end > start and any(start < s_end and end > s_start for s_start, s_end in spans):
            labels[position] = input_ids[position]
    return {"input_ids": input_ids, "labels": labels}


def supervised_rows(tokenizer: Any, path: Path, *, max_length: int) -> SupervisedRows:
    result = SupervisedRows()
    for line_no, obj in read_jsonl(path):
        messages = obj.get("messages")
        if not isinstance(messages, list) or not messages:
            raise TrainingDataError(f"{path.name} line {line_no} has no messages")
        try:
            row = tokenize_chat(tokenizer, messages, obj.get("tools"))
        except TrainingDataError as exc:
            raise TrainingDataError(f"{path.name} line {line_no}: {exc}") from exc
        if len(row["input_ids"]) > max_length:
            result.truncated += 1
            row = {key: value[:max_length] for key, value in row.items()}
        if all(label == IGNORE_INDEX for label in row["labels"]):
            result.skipped += 1
            continue
        result.rows.append(row)
    return result


def preference_rows(path: Path) -> list[dict[str, Any]]:
    """TRL conversational preference rows from OpenAI DPO lines."""
    rows: list[dict[str, Any]] = []
    for line_no, obj in read_jsonl(path):
        source = obj.get("input")
        preferred = obj.get("preferred_output")
        rejected = obj.get("non_preferred_output")
        if not isinstance(source, dict) or not isinstance(preferred, list) or not isinstance(
            rejected, list
        ):
            raise TrainingDataError(
                f"{path.name} line {line_no} is not a preference example "
                "(input, preferred_output, non_preferred_output)"
            )
        rows.append(
            {
                "prompt": [template_message(m) for m in source.get("messages") or []],
                "chosen": [template_message(m) for m in preferred],
                "rejected": [template_message(m) for m in rejected],
            }
        )
    return rows
