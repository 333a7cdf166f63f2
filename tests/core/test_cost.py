"""Epochs, billed tokens, cost estimates and statistics follow the cookbook's rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fine_tune_studio.core import cost
from fine_tune_studio.core.stats import percentile, token_stats


@pytest.mark.parametrize(
    ("n", "epochs"),
    [
        (0, 0),
        (1, 25),
        (3, 25),
        (10, 10),
        (24, 4),
        (33, 3),
        (34, 3),
        (8333, 3),
        (8334, 2),
        (100_000, 1),
    ],
)
def test_default_epochs(n: int, epochs: int) -> None:
    assert cost.default_epochs(n) == epochs


def test_context_limits_of_the_issue() -> None:
    assert cost.context_limit("gpt-4o-mini-2024-07-18") == 65_536
    assert cost.context_limit("gpt-4o-2024-08-06") == 65_536
    assert cost.context_limit("gpt-3.5-turbo-0125") == 16_385


def test_billed_tokens_cap_each_example_at_the_limit() -> None:
    assert cost.billed_tokens_per_epoch([10, 20_000], "gpt-3.5-turbo-0125") == 10 + 16_385


def test_cost_estimate_uses_the_dated_table() -> None:
    price = cost.PRICES["gpt-4o-mini-2024-07-18"]
    assert price.as_of == cost.PRICE_TABLE_DATE
    assert cost.estimate_cost(1_000_000, "gpt-4o-mini-2024-07-18") == pytest.approx(
        price.usd_per_million_training_tokens
    )
    assert cost.estimate_cost(1_000, "no-such-model") is None


def test_user_table_adds_a_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cost, "MODEL_LIMITS", dict(cost.MODEL_LIMITS))
    monkeypatch.setattr(cost, "PRICES", dict(cost.PRICES))
    table = tmp_path / "models.json"
    table.write_text(
        json.dumps(
            {
                "models": {
                    "my-model": {
                        "context_limit": 8192,
                        "usd_per_million_training_tokens": 2,
                        "as_of": "2026-11-01",
                    }
                }
            }
        )
    )
    cost.load_user_tables(table)
    assert cost.context_limit("my-model") == 8192
    assert cost.estimate_cost(500_000, "my-model") == pytest.approx(1.0)
    assert cost.PRICES["my-model"].as_of == "2026-11-01"


def test_stats_nearest_rank() -> None:
    values = list(range(1, 11))
    assert percentile(values, 0.5) == 5
    assert percentile(values, 0.9) == 9
    stats = token_stats([5, 1, 10, 3])
    assert (stats.total, stats.min, stats.max) == (19, 1, 10)
    assert token_stats([]).total == 0


def test_the_forecast_follows_the_provider_that_would_train() -> None:
    from fine_tune_studio.core.cost import CostBasis, CostForecast, cost_forecast
    from fine_tune_studio.core.providers import ProviderKind

    billed = 1_000_000
    assert cost_forecast(None, cost.DEFAULT_MODEL, billed) == CostForecast(CostBasis.NO_PROVIDER)
    assert cost_forecast(ProviderKind.LOCAL_ENGINE, cost.DEFAULT_MODEL, billed).basis \
        is CostBasis.THIS_COMPUTER
    assert cost_forecast(ProviderKind.REMOTE_ENGINE, cost.DEFAULT_MODEL, billed).basis \
        is CostBasis.OWN_ENGINE
    assert cost_forecast(ProviderKind.TOGETHER, cost.DEFAULT_MODEL, billed).basis \
        is CostBasis.ASKS_PROVIDER
    assert cost_forecast(ProviderKind.OPENAI_COMPATIBLE, cost.DEFAULT_MODEL, billed).basis \
        is CostBasis.UNKNOWN_PRICES
    for kind in (ProviderKind.OPENAI, ProviderKind.AZURE_OPENAI):
        assert cost_forecast(kind, "gpt-4.1-nano-2025-04-14", billed) == CostForecast(
            CostBasis.PRICED, "gpt-4.1-nano-2025-04-14", 1.5)
        assert cost_forecast(kind, "ft:gpt-4o-mini:airport", billed) == CostForecast(
            CostBasis.NO_PRICE, "ft:gpt-4o-mini:airport")
