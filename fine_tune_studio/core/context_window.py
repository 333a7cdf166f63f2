"""Recognising "this conversation is longer than the model can read" (Qt-free).

Every provider refuses such a request with a 400 and its own sentence; the user needs the
same plain answer from all of them: how long the conversation is, how much the model
takes, and what to do. The shapes known here (read from the providers' answers):

- OpenAI, Azure: code `context_length_exceeded`, "This model's maximum context length is
  128000 tokens. However, your messages resulted in 130532 tokens. …"
- vLLM-served models (Together's newer stack, many compatible servers): the same code or
  none, "… maximum context length is 8193 tokens. However, you requested 9000 tokens
  (8000 in the messages, 1000 in the completion). …"
- Together (text-generation-inference): no code, "Input validation error: `inputs` tokens
  + `max_new_tokens` must be <= 8193. Given: 9000 `inputs` tokens and 512
  `max_new_tokens`"
- our engine: code `context_length_exceeded`, "the conversation is 2100 tokens long, but
  this model reads at most 2048; shorten it"

Numbers a provider does not give stay None: the app counts the conversation itself
(`core.tokens`) rather than guess the model's limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CONTEXT_CODE = "context_length_exceeded"

_N = r"(\d[\d,]*)"
# (pattern, group holding the conversation's tokens, group holding the model's limit)
_SHAPES: tuple[tuple[re.Pattern[str], int | None, int | None], ...] = (
    # OpenAI
    (re.compile(rf"maximum context length is {_N} tokens\.? However, your messages "
                rf"resulted in {_N} tokens", re.I), 2, 1),
    # vLLM: "you requested N tokens (M in the messages, K in the completion)"
    (re.compile(rf"maximum context length is {_N} tokens\.? However, you requested "
                rf"{_N} tokens \({_N} in the messages", re.I), 3, 1),
    (re.compile(rf"maximum context length is {_N} tokens\.? However, you requested "
                rf"{_N} tokens", re.I), 2, 1),
    # our engine
    (re.compile(rf"conversation is {_N} tokens long, but this model reads at most {_N}",
                re.I), 1, 2),
    # text-generation-inference (Together)
    (re.compile(rf"`inputs` tokens \+ `max_new_tokens` must be <= {_N}\.? Given: {_N} "
                r"`inputs` tokens", re.I), 2, 1),
    (re.compile(rf"`inputs` must have less than {_N} tokens\.? Given: {_N}", re.I), 2, 1),
    # Others that say the limit but not the length.
    (re.compile(rf"maximum context length is {_N}", re.I), None, 1),
    (re.compile(rf"context (?:length|window) (?:of|is) {_N}", re.I), None, 1),
)
# Words that mark the refusal even when no number can be read from them.
_MARKERS = re.compile(
    r"context[ _](?:length|window)|maximum context|max_new_tokens|prompt is too long|"
    r"reads at most|too many (?:input )?tokens|input is too long", re.I)


@dataclass(frozen=True)
class ContextOverflow:
    """A conversation the model cannot read whole."""

    used: int | None = None  # the conversation's tokens, as the provider counted them
    limit: int | None = None  # what the model takes


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def context_overflow(code: str | None, text: str | None) -> ContextOverflow | None:
    """The overflow a provider's refusal describes, or None when it is about something
    else."""
    text = text or ""
    recognised = code == CONTEXT_CODE or bool(_MARKERS.search(text))
    if not recognised:
        return None
    for pattern, used_group, limit_group in _SHAPES:
        found = pattern.search(text)
        if found:
            return ContextOverflow(
                used=_number(found.group(used_group)) if used_group else None,
                limit=_number(found.group(limit_group)) if limit_group else None,
            )
    return ContextOverflow()
