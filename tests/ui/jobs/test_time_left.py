"""The job list counts down what is left of a running job (a finish clock time read a
while later says nothing), and the trained tokens sit beside the wizard's forecast."""

from __future__ import annotations

from fine_tune_studio.core.job_state import JobSnapshot
from fine_tune_studio.services.job_watch import TrackedJob
from fine_tune_studio.ui.jobs.job_table import time_left


def running(**job: object) -> TrackedJob:
    return TrackedJob("engine", "This computer",
                      JobSnapshot(id="j1", status="running", model="tiny", **job))  # type: ignore[arg-type]


def test_the_providers_estimate_counts_down() -> None:
    tracked = running(estimated_finish=10_000.0)
    assert time_left(tracked, now=10_000.0 - 125) == "2:05"
    assert time_left(tracked, now=10_000.0 - 65) == "1:05"  # a minute later, a minute less
    assert time_left(tracked, now=10_000.0 + 30) == "0:00"  # late, never negative


def test_our_estimate_from_the_steps_when_the_provider_gives_none() -> None:
    tracked = running()
    tracked.first_metric_at = 1_000.0
    tracked.points = []
    assert time_left(tracked, now=1_100.0) == "—"  # no step seen yet: nothing to say


def test_a_finished_job_has_nothing_left() -> None:
    done = TrackedJob("engine", "This computer",
                      JobSnapshot(id="j1", status="succeeded", model="tiny",
                                  estimated_finish=10_000.0))
    assert time_left(done, now=9_000.0) == "—"


def test_a_continuation_shows_the_model_it_started_from_by_its_name(qapp: object) -> None:
    from PySide6.QtCore import Qt

    from fine_tune_studio.ui.jobs.job_signals import JobSignals
    from fine_tune_studio.ui.jobs.job_table import COL_MODEL, JobTableModel

    class Watcher:
        def sorted_jobs(self) -> list[TrackedJob]:
            return [TrackedJob("engine", "This computer", JobSnapshot(
                id="j2", status="running", model="ft:tiny-airport-llama:airport:eQKb3x"))]

    table = JobTableModel(Watcher(), JobSignals())  # type: ignore[arg-type]
    cell = table.index(0, COL_MODEL)
    assert table.data(cell, Qt.ItemDataRole.DisplayRole) == "airport"
    assert table.data(cell, Qt.ItemDataRole.ToolTipRole) == "ft:tiny-airport-llama:airport:eQKb3x"
