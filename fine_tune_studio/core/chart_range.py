"""Which part of a live chart to show, chosen so that it rarely has to change (Qt-free).

A live job appends points many times a second. Re-fitting the view to the data after
every batch moves the axes every frame, and re-laying out the ticks is most of a frame's
cost. So the view only *grows*, and when it grows it jumps to a round number with
headroom: a falling loss curve redraws inside the same axes for hundreds of batches.
When the run's length is known (total steps, or epochs), the x range is simply the whole
run from the first point on, which also shows the user how far along the job is.
"""

from __future__ import annotations

import math

Span = tuple[float, float]


def nice_step(span: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) about a tenth of `span`."""
    raw = span / 10.0
    if not math.isfinite(raw) or raw <= 0:
        return 1.0
    return nice_ceiling(raw)


def round_outward(low: float, high: float) -> Span:
    """[low, high] widened to multiples of a nice step."""
    if high < low:
        low, high = high, low
    # A flat line (or one flat to within rounding) gets some height to be seen in.
    if high - low <= 1e-9 * max(1.0, abs(low)):
        pad = abs(low) * 0.1 or 0.5
        low, high = low - pad, high + pad
    step = nice_step(high - low)
    rounded_low, rounded_high = math.floor(low / step) * step, math.ceil(high / step) * step
    # Division can underflow for values next to zero; one more step keeps them inside.
    if rounded_low > low:
        rounded_low -= step
    if rounded_high < high:
        rounded_high += step
    return rounded_low, rounded_high


def grown_y_range(
    current: Span | None,
    data: Span | None,
    *,
    limits: Span = (-math.inf, math.inf),
    headroom: float = 0.1,
) -> Span | None:
    """The y range to show: `current` while it holds `data`, else a wider round one.

    Only the side the data overflowed moves, and by at least half the current span
    (amortised growth, as a growing array does), so a falling loss moves the axis a
    few times over a run, not every batch. `limits` are where the quantity can
    never go (a loss below 0, an accuracy above 1): the view does not pad past them.
    Returns None when there is no data. The view is never shrunk here; the caller starts
    from None when the data is replaced (job removed, log scale switched).
    """
    if data is None:
        return current
    low, high = data
    if current is not None and current[0] <= low and high <= current[1]:
        return current
    pad = (high - low) * headroom
    if current is not None:
        step = max(pad, (current[1] - current[0]) / 2)
        low = current[0] if low >= current[0] else min(low - pad, current[0] - step)
        high = current[1] if high <= current[1] else max(high + pad, current[1] + step)
    else:
        low, high = low - pad, high + pad
    low, high = round_outward(low, high)
    # Data past a limit (a loss reported below 0) shows that the limit does not hold.
    floor = limits[0] if data[0] >= limits[0] else -math.inf
    ceiling = limits[1] if data[1] <= limits[1] else math.inf
    return max(low, floor), min(high, ceiling)


def grown_x_range(current: Span | None, last_x: float | None, run_end: float | None) -> Span | None:
    """The x range: the whole run when its end is known, else growing in round jumps.

    Without a known end the range grows to the next 1-2-5 number a quarter beyond the
    last point, so the axis changes about three times a decade rather than every batch.
    """
    if run_end is not None and run_end > 0:
        end = run_end if last_x is None else max(run_end, last_x)
        if current is not None and current == (0.0, end):
            return current
        return 0.0, end
    if last_x is None:
        return current
    if current is not None and last_x <= current[1]:
        return current
    return 0.0, nice_ceiling(max(last_x * 1.25, 1.0))


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten that is at least `value` (> 0)."""
    power = 10.0 ** math.floor(math.log10(value))
    for factor in (1.0, 2.0, 5.0):
        # A hair of tolerance: a value that is a round number up to float error stays it.
        if value <= factor * power * (1 + 1e-12):
            return factor * power
    return 10.0 * power
