"""What answering a test set may cost: list prices per input and output token."""

from __future__ import annotations

import pytest

from fine_tune_studio.core.eval_cost import estimate_answer_cost, inference_price


def test_fine_tunes_cost_their_familys_fine_tuned_rate_and_unknown_models_have_no_price() -> None:
    # gpt-4o-mini: $0.15 in / $0.60 out per million; its fine-tunes $0.30 / $1.20.
    assert estimate_answer_cost("gpt-4o-mini-2024-07-18", 1_000_000, 1_000_000) == \
        pytest.approx(0.75)
    assert estimate_answer_cost("ft:gpt-4o-mini-2024-07-18:acme::abc123", 2_000_000, 500_000) \
        == pytest.approx(0.60 + 0.60)
    assert inference_price("tiny-llama") is None
    assert estimate_answer_cost("ft:tiny-llama:airport:x", 10, 10) is None
