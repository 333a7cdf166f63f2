"""How a live chart's view grows: rarely, to round numbers, always holding the data."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fine_tune_studio.core.chart_range import (
    grown_x_range,
    grown_y_range,
    nice_ceiling,
    nice_step,
    round_outward,
)


@pytest.mark.parametrize(
    ("span", "step"), [(10.0, 1.0), (3.2, 0.5), (0.07, 0.01), (1500.0, 200.0), (0.0, 1.0)]
)
def test_nice_steps_are_one_two_or_five_times_a_power_of_ten(span: float, step: float) -> None:
    assert nice_step(span) == pytest.approx(step)


def test_a_flat_line_still_gets_some_height() -> None:
    low, high = round_outward(0.5, 0.5)
    assert low < 0.5 < high


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(finite, finite)
def test_round_outward_always_holds_its_input(a: float, b: float) -> None:
    low, high = round_outward(a, b)
    assert low <= min(a, b) and max(a, b) <= high


def test_y_range_is_kept_while_data_fits_and_grows_when_it_does_not() -> None:
    first = grown_y_range(None, (0.8, 2.9))
    assert first is not None and first[0] <= 0.8 and first[1] >= 2.9
    assert grown_y_range(first, (0.9, 2.0)) is first
    wider = grown_y_range(first, (0.1, 2.9))
    assert wider is not None and wider[0] <= 0.1 and wider[1] >= first[1]
    assert grown_y_range(None, None) is None


def test_x_range_is_the_whole_run_when_its_end_is_known() -> None:
    assert grown_x_range(None, 12.0, 3000.0) == (0.0, 3000.0)
    assert grown_x_range((0.0, 3000.0), 2999.0, 3000.0) == (0.0, 3000.0)
    # A run that reports more steps than announced still fits.
    assert grown_x_range((0.0, 3000.0), 3100.0, 3000.0) == (0.0, 3100.0)


def test_x_range_without_a_known_end_grows_in_a_few_jumps() -> None:
    current = None
    jumps = 0
    for last in range(1, 5001):
        grown = grown_x_range(current, float(last), None)
        assert grown is not None and grown[1] >= last
        jumps += grown != current
        current = grown
    assert jumps <= 12


@pytest.mark.parametrize(
    ("value", "ceiling"), [(1.0, 1.0), (1.3, 2.0), (4.9, 5.0), (501.0, 1000.0)]
)
def test_nice_ceiling(value: float, ceiling: float) -> None:
    assert nice_ceiling(value) == ceiling


def test_growth_moves_only_the_overflowing_side_and_respects_limits() -> None:
    first = grown_y_range(None, (0.05, 0.9), limits=(0.0, 1.0))
    assert first is not None and first[0] == 0.0 and first[1] == 1.0
    loss = grown_y_range((0.5, 3.5), (0.4, 3.0), limits=(0.0, math.inf))
    assert loss is not None and loss[1] == 3.5 and 0.0 <= loss[0] <= 0.4
    # Repeated small overflows don't make the range creep away from the data.
    current = (1.0, 2.0)
    for low in (0.99, 0.98, 0.97, 0.96):
        grown = grown_y_range(current, (low, 2.0), limits=(0.0, math.inf))
        assert grown is not None
        current = grown
    assert current[0] >= 0.4 and current[1] == 2.0


def test_data_past_a_limit_is_shown_with_headroom_like_any_other() -> None:
    grown = grown_y_range((0.0, 3.0), (-0.03, 2.0), limits=(0.0, math.inf))
    assert grown is not None and grown[0] <= -1.0
