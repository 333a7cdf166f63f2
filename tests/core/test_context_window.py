"""Every provider's "the conversation is too long" read the same way (core/context_window)."""

from __future__ import annotations

import pytest

from fine_tune_studio.core.context_window import ContextOverflow, context_overflow


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("context_length_exceeded",
         "This model's maximum context length is 128000 tokens. However, your messages "
         "resulted in 130532 tokens. Please reduce the length of the messages.",
         ContextOverflow(130532, 128000)),
        (None,
         "This model's maximum context length is 8193 tokens. However, you requested 9000 "
         "tokens (8000 in the messages, 1000 in the completion). Please reduce the length "
         "of the messages or completion.",
         ContextOverflow(8000, 8193)),
        (None,
         "Input validation error: `inputs` tokens + `max_new_tokens` must be <= 8193. "
         "Given: 9,000 `inputs` tokens and 512 `max_new_tokens`",
         ContextOverflow(9000, 8193)),
        ("context_length_exceeded",
         "the conversation is 2100 tokens long, but this model reads at most 2048; "
         "shorten it",
         ContextOverflow(2100, 2048)),
        ("context_length_exceeded", "too long", ContextOverflow(None, None)),
    ],
)
def test_each_providers_refusal_gives_its_numbers(
    code: str | None, text: str, expected: ContextOverflow
) -> None:
    assert context_overflow(code, text) == expected


def test_other_refusals_are_not_mistaken_for_it() -> None:
    assert context_overflow("invalid_value", "temperature must be at most 2") is None
    assert context_overflow(None, None) is None
