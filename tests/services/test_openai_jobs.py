"""The OpenAI-protocol adapter reads OpenAI's job shapes and writes OpenAI's requests, so the
rest of the app never does."""

from __future__ import annotations

from fine_tune_studio.core.hyperparameters import Method
from fine_tune_studio.core.job_state import JobSettings
from fine_tune_studio.core.metrics import Metric
from fine_tune_studio.services.openai_jobs import checkpoint_of, create_job_request, snapshot_of

FAILED_DPO_JOB = {
    "id": "ftjob-abc",
    "object": "fine_tuning.job",
    "created_at": 1_700_000_000,
    "finished_at": 1_700_000_600,
    "model": "gpt-4o-mini-2024-07-18",
    "fine_tuned_model": None,
    "status": "failed",
    "trained_tokens": None,
    "result_files": [],
    "hyperparameters": {"n_epochs": "auto"},
    "method": {"type": "dpo", "dpo": {"hyperparameters": {"n_epochs": 3, "beta": 0.2}}},
    "error": {"code": "invalid_training_file", "message": "line 3 has no answer",
              "param": "training_file"},
}


def test_a_job_reads_the_same_whatever_shape_its_settings_came_in() -> None:
    job = snapshot_of(FAILED_DPO_JOB)
    assert (job.id, job.status, job.terminal, job.method) == ("ftjob-abc", "failed", True, "dpo")
    # The method's own settings win over the legacy top-level field ("auto").
    assert job.n_epochs == 3 and job.hyperparameters["beta"] == 0.2
    assert job.failure is not None and job.failure.message == "line 3 has no answer"
    assert job.failure.code == "invalid_training_file"
    assert job.finished_at == 1_700_000_600 and job.estimated_finish is None

    succeeded = snapshot_of({
        **FAILED_DPO_JOB, "status": "succeeded", "error": None, "method": None,
        "hyperparameters": {"n_epochs": 4}, "fine_tuned_model": "ft:gpt-4o-mini:acme:faq:xyz",
        "engine": {"lora_r": 8},
    })
    assert succeeded.failure is None and succeeded.n_epochs == 4
    assert succeeded.suffix == "faq"  # OpenAI does not echo it; the model name holds it
    assert succeeded.engine_options == {"lora_r": 8}


def test_checkpoint_metrics_become_a_chart_point() -> None:
    checkpoint = checkpoint_of({
        "id": "ftckpt-1", "step_number": 40,
        "fine_tuned_model_checkpoint": "ft:tiny:ckpt-step-40",
        "metrics": {"train_loss": 0.5, "full_valid_loss": 0.7, "step": 40},
    })
    assert checkpoint.step == 40 and checkpoint.model == "ft:tiny:ckpt-step-40"
    assert checkpoint.metrics is not None
    assert checkpoint.metrics.values == {Metric.TRAIN_LOSS: 0.5, Metric.FULL_VALID_LOSS: 0.7}


def test_engine_settings_go_only_to_an_engine_and_auto_is_never_sent() -> None:
    settings = JobSettings(
        model="tiny", method=Method.SUPERVISED,
        values={"n_epochs": 3, "batch_size": None, "lora_r": 8}, suffix="faq", seed=7,
    )
    to_openai = create_job_request(settings, engine=False)
    assert to_openai == {
        "model": "tiny", "suffix": "faq", "seed": 7,
        "method": {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 3}}},
    }
    to_engine = create_job_request(settings, engine=True)
    assert to_engine["extra_body"] == {"engine": {"lora_r": 8}}
    all_auto = create_job_request(JobSettings(model="tiny", method=Method.DPO), engine=True)
    assert all_auto == {"model": "tiny", "method": {"type": "dpo"}}


def test_an_event_keeps_its_data_so_the_engine_device_event_is_read() -> None:
    from fine_tune_studio.core.training_memory import DeviceKind, device_of_event
    from fine_tune_studio.services.openai_jobs import event_of

    event = event_of({
        "id": "ftevent-1", "object": "fine_tuning.job.event", "created_at": 1_700_000_000,
        "level": "info", "type": "message",
        "message": "Training on AMD EPYC, 2 cores (bfloat16); this job needs about 5.2 GB",
        "data": {"device": {"kind": "cpu", "name": "AMD EPYC, 2 cores", "dtype": "float32",
                            "total_memory": 24 * 1024**3, "free_memory": 20 * 1024**3,
                            "cores": 2, "note": None},
                 "memory_needed": 5_554_065_920, "precision": "bf16"},
    })
    found = device_of_event(event.data)
    assert found is not None
    device, needed = found
    assert (device.kind, device.cores, needed) == (DeviceKind.CPU, 2, 5_554_065_920)
    assert event_of({"id": "e", "created_at": 1, "message": "queued"}).data == {}
