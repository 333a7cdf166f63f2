"""Training-example context limits, a dated price table, epochs and billed tokens.

Everything here is an *estimate*: providers bill by their own count and change prices. Both
tables are plain dicts so the app (or a user's JSON file, see `load_user_tables`) can add
models without a release.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from fine_tune_studio.core.providers import ProviderKind

DEFAULT_MODEL = "gpt-4o-mini-2024-07-18"

# Longest training example each model accepts, in tokens (OpenAI fine-tuning guide).
MODEL_LIMITS: dict[str, int] = {
    "gpt-4o-mini-2024-07-18": 65_536,
    "gpt-4o-2024-08-06": 65_536,
    "gpt-4.1-2025-04-14": 65_536,
    "gpt-4.1-mini-2025-04-14": 65_536,
    "gpt-4.1-nano-2025-04-14": 65_536,
    "gpt-3.5-turbo-0125": 16_385,
}
# The cookbook's cap when the model is unknown to the table.
FALLBACK_LIMIT = 16_385

# OpenAI's published training prices as of this date (not re-checked online since); shown next
# to every estimate so nobody mistakes it for a quote.
PRICE_TABLE_DATE = "2025-07-15"


@dataclass(frozen=True)
class Price:
    """US dollars per one million *trained* tokens (billed tokens x epochs)."""

    usd_per_million_training_tokens: float
    as_of: str = PRICE_TABLE_DATE


PRICES: dict[str, Price] = {
    "gpt-4o-mini-2024-07-18": Price(3.00),
    "gpt-4o-2024-08-06": Price(25.00),
    "gpt-4.1-2025-04-14": Price(25.00),
    "gpt-4.1-mini-2025-04-14": Price(5.00),
    "gpt-4.1-nano-2025-04-14": Price(1.50),
    "gpt-3.5-turbo-0125": Price(8.00),
}

# The cookbook's default-epoch rule (chat fine-tuning data-prep notebook).
TARGET_EPOCHS = 3
MIN_TARGET_EXAMPLES = 100
MAX_TARGET_EXAMPLES = 25_000
MIN_DEFAULT_EPOCHS = 1
MAX_DEFAULT_EPOCHS = 25


def context_limit(model: str) -> int:
    return MODEL_LIMITS.get(model, FALLBACK_LIMIT)


def default_epochs(n_examples: int) -> int:
    """Epochs OpenAI picks when the user leaves `n_epochs` on auto (0 for an empty file)."""
    if n_examples <= 0:
        return 0
    epochs = TARGET_EPOCHS
    if n_examples * TARGET_EPOCHS < MIN_TARGET_EXAMPLES:
        epochs = min(MAX_DEFAULT_EPOCHS, MIN_TARGET_EXAMPLES // n_examples)
    elif n_examples * TARGET_EPOCHS > MAX_TARGET_EXAMPLES:
        epochs = max(MIN_DEFAULT_EPOCHS, MAX_TARGET_EXAMPLES // n_examples)
    return epochs


def default_batch_size(n_examples: int, maximum: int = 32) -> int:
    """OpenAI's auto batch size, about 0.2 % of the examples, here between 1 and `maximum`
    (a computer's memory, not OpenAI's cluster, is the limit; our engine uses 32)."""
    return min(maximum, max(1, math.ceil(n_examples * 0.002)))


def billed_tokens_per_epoch(example_tokens: list[int] | tuple[int, ...], model: str) -> int:
    """Tokens charged for one pass: each example is capped at the model's context."""
    limit = context_limit(model)
    return sum(min(limit, n) for n in example_tokens)


def estimate_cost(billed_tokens: int, model: str) -> float | None:
    """Estimated USD for `billed_tokens` trained tokens (already x epochs); None if no price."""
    price = PRICES.get(model)
    if price is None:
        return None
    return round(billed_tokens * price.usd_per_million_training_tokens / 1_000_000, 4)


class CostBasis(StrEnum):
    """What a training cost forecast can say, by the provider that will train."""

    NO_PROVIDER = "no_provider"  # none chosen yet: the price depends on the one chosen
    THIS_COMPUTER = "this_computer"  # the local engine: free
    OWN_ENGINE = "own_engine"  # a remote engine of the user's: free
    PRICED = "priced"  # OpenAI / Azure with a model of the price table
    NO_PRICE = "no_price"  # OpenAI / Azure with a model the table does not know
    ASKS_PROVIDER = "asks_provider"  # Together AI prices per model (the wizard asks it)
    UNKNOWN_PRICES = "unknown_prices"  # another OpenAI-compatible service


@dataclass(frozen=True)
class CostForecast:
    basis: CostBasis
    model: str | None = None  # the model priced (PRICED, NO_PRICE)
    usd: float | None = None  # PRICED only


def cost_forecast(
    provider: ProviderKind | None, model: str, billed_tokens: int
) -> CostForecast:
    """The training cost of `billed_tokens` (x epochs) with the provider that will train
    and `model`, the base model it would use; only OpenAI's and Azure's prices are in the
    table (Azure's list follows OpenAI's closely enough for an estimate)."""
    if provider is None:
        return CostForecast(CostBasis.NO_PROVIDER)
    if provider is ProviderKind.LOCAL_ENGINE:
        return CostForecast(CostBasis.THIS_COMPUTER)
    if provider is ProviderKind.REMOTE_ENGINE:
        return CostForecast(CostBasis.OWN_ENGINE)
    if provider is ProviderKind.TOGETHER:
        return CostForecast(CostBasis.ASKS_PROVIDER)
    if provider in (ProviderKind.OPENAI, ProviderKind.AZURE_OPENAI):
        usd = estimate_cost(billed_tokens, model)
        if usd is None:
            return CostForecast(CostBasis.NO_PRICE, model)
        return CostForecast(CostBasis.PRICED, model, usd)
    return CostForecast(CostBasis.UNKNOWN_PRICES)


def load_user_tables(path: Path) -> None:
    """Merge a user's JSON file into the tables.

    Shape: `{"models": {"NAME": {"context_limit": INT, "usd_per_million_training_tokens":
    FLOAT, "as_of": "YYYY-MM-DD"}}}`; either number may be left out.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    for name, entry in dict(data.get("models", {})).items():
        if "context_limit" in entry:
            MODEL_LIMITS[str(name)] = int(entry["context_limit"])
        if "usd_per_million_training_tokens" in entry:
            PRICES[str(name)] = Price(
                float(entry["usd_per_million_training_tokens"]),
                str(entry.get("as_of", "user")),
            )
