"""The job detail says where our engine trains a job and the memory it needs, from the
job's device event, in both languages."""

from __future__ import annotations

from typing import Any

import pytest

from fine_tune_studio.core.job_state import JobEvent, JobSnapshot
from fine_tune_studio.services.job_watch import TrackedJob
from fine_tune_studio.ui.i18n import LanguageSwitcher
from fine_tune_studio.ui.jobs.detail import JobDetail

DEVICE = {"kind": "cpu", "name": "AMD EPYC, 2 cores", "dtype": "float32",
          "total_memory": 24 * 1024**3, "free_memory": 16 * 1024**3, "cores": 2, "note": None}


def _tracked(*events: JobEvent) -> TrackedJob:
    return TrackedJob("engine", "Local engine", JobSnapshot("ftjob-1", "running", "m"),
                      events=list(events))


@pytest.mark.parametrize(
    ("lang", "free", "words"),
    [
        ("en", True, "AMD EPYC, 2 cores, needs about 5.0 GB of the 16.0 GB free"),
        ("en", False, "AMD EPYC, 2 cores, needs about 5.0 GB"),
        ("zh_TW", True, "AMD EPYC, 2 cores，約需 5.0 GB 記憶體（目前可用 16.0 GB）"),
    ],
)
def test_the_detail_says_where_the_job_trains_and_the_memory_it_needs(
    qapp: Any, qtbot: Any, lang: str, free: bool, words: str
) -> None:
    device = DEVICE if free else {**DEVICE, "free_memory": None}
    switcher = LanguageSwitcher()
    switcher.apply(lang)
    try:
        detail = JobDetail()
        qtbot.addWidget(detail)
        tracked = _tracked(
            JobEvent("e1", 1.0, "Training on AMD EPYC, 2 cores (bfloat16)",
                     data={"device": device, "memory_needed": 5 * 1024**3}),
            JobEvent("e2", 2.0, "step 1", type="metrics", data={"step": 1, "train_loss": 2.0}),
        )
        assert detail._device_text(tracked) == words
    finally:
        switcher.apply("en")


def test_a_job_without_a_device_event_shows_a_dash(qapp: Any, qtbot: Any) -> None:
    detail = JobDetail()
    qtbot.addWidget(detail)
    assert detail._device_text(_tracked(JobEvent("e1", 1.0, "queued"))) == "—"
    named_only = _tracked(JobEvent("e1", 1.0, "Training", data={"device": DEVICE}))
    assert detail._device_text(named_only) == "AMD EPYC, 2 cores"


def test_a_dpo_jobs_checkpoints_show_the_reward_accuracy(qapp: Any, qtbot: Any) -> None:
    from fine_tune_studio.core.job_state import JobCheckpoint
    from fine_tune_studio.core.metrics import Metric, MetricPoint

    detail = JobDetail()
    qtbot.addWidget(detail)
    table = detail.checkpoints
    sft = _tracked()
    sft.checkpoints = [JobCheckpoint("c1", 4, "ft:m:ckpt-4", MetricPoint(4, {
        Metric.TRAIN_LOSS: 1.2, Metric.TRAIN_ACCURACY: 0.61}))]
    detail.show_job(sft)
    assert table.horizontalHeaderItem(4).text() == "Token accuracy"
    assert table.item(0, 4).text() == "0.6100"

    dpo = _tracked()
    dpo.checkpoints = [JobCheckpoint("c2", 8, "ft:m:ckpt-8", MetricPoint(8, {
        Metric.TRAIN_LOSS: 0.4, Metric.TRAIN_ACCURACY: 0.45,
        Metric.TRAIN_REWARD_ACCURACY: 0.875, Metric.TRAIN_REWARD_MARGIN: 1.5}))]
    detail.show_job(dpo)
    assert table.horizontalHeaderItem(4).text() == "Reward accuracy"
    assert table.item(0, 4).text() == "0.8750"
    switcher = LanguageSwitcher()
    switcher.apply("zh_TW")
    try:
        assert table.horizontalHeaderItem(4).text() == "獎勵準確率"
    finally:
        switcher.apply("en")
