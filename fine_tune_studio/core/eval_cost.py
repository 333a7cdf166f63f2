"""What answering a test set may cost on a paid provider. Qt-free.

`core/cost.py` holds training prices; answering is billed per input and output token at
other rates. Prices are OpenAI's list prices as of the date below (not re-checked online);
a fine-tune (`ft:BASE:...`) is billed at its base family's fine-tuned rate. Unknown models
(every local or self-hosted one) have no price: the estimate says so instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

INFERENCE_PRICE_DATE = "2025-07-15"


@dataclass(frozen=True)
class InferencePrice:
    usd_per_million_input: float
    usd_per_million_output: float


# family -> (base model price, fine-tuned model price)
INFERENCE_PRICES: dict[str, tuple[InferencePrice, InferencePrice]] = {
    "gpt-4o-mini": (InferencePrice(0.15, 0.60), InferencePrice(0.30, 1.20)),
    "gpt-4o": (InferencePrice(2.50, 10.00), InferencePrice(3.75, 15.00)),
    "gpt-4.1": (InferencePrice(2.00, 8.00), InferencePrice(3.00, 12.00)),
    "gpt-4.1-mini": (InferencePrice(0.40, 1.60), InferencePrice(0.80, 3.20)),
    "gpt-4.1-nano": (InferencePrice(0.10, 0.40), InferencePrice(0.20, 0.80)),
    "gpt-3.5-turbo": (InferencePrice(0.50, 1.50), InferencePrice(3.00, 6.00)),
}

_DATE_SUFFIX = re.compile(r"-\d{4}-\d{2}-\d{2}$|-\d{4}$")


def inference_price(model: str) -> InferencePrice | None:
    tuned = model.startswith("ft:")
    base = model.split(":")[1] if tuned and model.count(":") >= 1 else model
    prices = INFERENCE_PRICES.get(_DATE_SUFFIX.sub("", base))
    if prices is None:
        return None
    return prices[1] if tuned else prices[0]


def estimate_answer_cost(model: str, input_tokens: int, output_tokens: int) -> float | None:
    """USD for sending `input_tokens` and receiving up to `output_tokens`; None if unpriced."""
    price = inference_price(model)
    if price is None:
        return None
    return (
        input_tokens * price.usd_per_million_input
        + output_tokens * price.usd_per_million_output
    ) / 1_000_000
