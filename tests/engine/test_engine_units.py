"""Fast checks of the engine's pieces that need no server: records, ids, worker lines."""

from __future__ import annotations

from pathlib import Path

from fine_tune_studio.engine import ids
from fine_tune_studio.engine.fsutil import inside, write_atomic
from fine_tune_studio.engine.records import EventRecord, JobRecord
from fine_tune_studio.engine.store import Store
from fine_tune_studio.engine.worker_protocol import (
    metrics_data,
    metrics_message,
    parse_line,
    results_csv,
)


def _job(job_id: str, status: str = "queued") -> JobRecord:
    return JobRecord(
        id=job_id, created_at=1, model="m", training_file="file-a", validation_file=None,
        suffix=None, seed=0, method_type="supervised", hyperparameters={"n_epochs": 3},
        engine_options={"lora_r": 8}, status=status,  # type: ignore[arg-type]
    )


def test_records_survive_a_reopen_with_their_json_fields(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    store.insert(_job("ftjob-a"))
    store.update(JobRecord, "ftjob-a", error={"code": "x", "message": "y", "param": None},
                 result_files=["file-r"], model_deleted=True)
    store.close()
    again = Store(tmp_path / "db.sqlite3").get(JobRecord, "ftjob-a")
    assert again is not None
    assert again.hyperparameters == {"n_epochs": 3}
    assert again.engine_options == {"lora_r": 8}
    assert again.error == {"code": "x", "message": "y", "param": None}
    assert again.result_files == ["file-r"]
    assert again.model_deleted is True


def test_status_changes_are_compare_and_set(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    store.insert(_job("ftjob-a", "queued"))
    assert store.update(JobRecord, "ftjob-a", status="cancelled",
                        only_if_status=["queued"]) is not None
    # A second mover that still believes the job is queued changes nothing.
    assert store.update(JobRecord, "ftjob-a", status="running", only_if_status=["queued"]) is None
    job = store.get(JobRecord, "ftjob-a")
    assert job is not None and job.status == "cancelled"


def test_pages_are_newest_first_and_continue_after_an_id(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    for n in range(5):
        store.insert(EventRecord(id=f"ftevent-{n}", job_id="ftjob-a", created_at=n,
                                 level="info", message=str(n)))
    store.insert(EventRecord(id="ftevent-other", job_id="ftjob-b", created_at=9,
                             level="info", message="other job"))
    first, more = store.page(EventRecord, where="job_id = ?", params=["ftjob-a"], limit=2)
    assert [e.message for e in first] == ["4", "3"] and more
    rest, more = store.page(EventRecord, where="job_id = ?", params=["ftjob-a"],
                            after=first[-1].id, limit=10)
    assert [e.message for e in rest] == ["2", "1", "0"] and not more


def test_ids_that_could_leave_the_data_dir_are_rejected(tmp_path: Path) -> None:
    made = ids.new_id(ids.FILE_PREFIX)
    assert ids.is_valid_id(made, ids.FILE_PREFIX)
    for bad in ("file-../x", "file-a/b", "../file-a", "file-", "ftjob-abc", "file-a\x00"):
        assert not ids.is_valid_id(bad, ids.FILE_PREFIX), bad
    assert inside(tmp_path, tmp_path / "jobs" / "a")
    assert not inside(tmp_path / "jobs", tmp_path / "jobs" / ".." / "engine.sqlite3")


def test_atomic_write_replaces_whole_files(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "f.bin"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["f.bin"]  # no temporaries left


def test_worker_lines_are_parsed_and_stray_output_ignored() -> None:
    assert parse_line(b'{"type": "metrics", "step": 1, "total_steps": 3}\n') == {
        "type": "metrics", "step": 1, "total_steps": 3}
    for stray in (b"Loading weights 100%\n", b'{"type": "unknown"}', b"{broken", b"[1]"):
        assert parse_line(stray) is None
    assert metrics_message({"step": 2, "total_steps": 10, "train_loss": 1.5}) == (
        "Step 2/10: training loss=1.5000")
    # Known metric names (core.metrics) pass, nulls and strays do not.
    assert metrics_data({"type": "metrics", "step": 2, "epoch": 0.5, "train_loss": None,
                         "train_reward_margin": 0.25, "surprise": 1}) == {
        "step": 2, "train_reward_margin": 0.25}
    csv_text = results_csv([{"step": 1, "train_loss": 2.0, "train_mean_token_accuracy": 0.5}])
    assert csv_text.decode().splitlines() == [
        "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy", "1,2.0,0.5,,"]


def test_a_dpo_log_becomes_reward_accuracy_and_margin_all_the_way_to_the_chart() -> None:
    """TRL's DPOTrainer log (its names) → the worker's event (ours) → the server's event
    data → the app's MetricPoint: the reward accuracy and margin reach the chart."""
    import io
    import json

    from fine_tune_studio.core.metrics import Metric, point_from_event
    from fine_tune_studio.engine.training.events import EventWriter
    from fine_tune_studio.engine.training.progress import metrics_from_logs

    trl_log = {"loss": 0.61, "grad_norm": 3.2, "learning_rate": 1e-4,
               "rewards/chosen": 0.4, "rewards/rejected": -0.1, "rewards/accuracies": 0.75,
               "rewards/margins": 0.5, "mean_token_accuracy": 0.42, "num_tokens": 960.0}
    metrics = metrics_from_logs(trl_log, step=3, total_steps=8, epoch=0.375)
    assert metrics[Metric.TRAIN_REWARD_ACCURACY] == 0.75
    assert metrics[Metric.TRAIN_REWARD_MARGIN] == 0.5
    assert metrics[Metric.TRAIN_LOSS] == 0.61 and metrics[Metric.TRAIN_ACCURACY] == 0.42

    stream = io.StringIO()
    EventWriter(stream).metrics(metrics)
    message = parse_line(stream.getvalue().encode())
    assert message is not None
    data = metrics_data(message)
    assert data == {"step": 3, "total_steps": 8, "train_loss": 0.61,
                    "train_mean_token_accuracy": 0.42, "train_reward_accuracy": 0.75,
                    "train_reward_margin": 0.5}
    point = point_from_event(json.loads(json.dumps({"type": "metrics", "data": data})))
    assert point is not None and point.step == 3
    assert point.values[Metric.TRAIN_REWARD_ACCURACY] == 0.75
    assert point.values[Metric.TRAIN_REWARD_MARGIN] == 0.5

    # A supervised log has neither; a DPO margin that is not a number is sent as null.
    supervised = metrics_from_logs({"loss": 1.2, "mean_token_accuracy": 0.5}, step=1,
                                   total_steps=8, epoch=0.1)
    assert Metric.TRAIN_REWARD_ACCURACY not in supervised
    assert Metric.TRAIN_REWARD_MARGIN not in supervised
    broken = metrics_from_logs({**trl_log, "rewards/margins": float("nan")}, step=4,
                               total_steps=8, epoch=0.5)
    assert broken[Metric.TRAIN_REWARD_MARGIN] is None
