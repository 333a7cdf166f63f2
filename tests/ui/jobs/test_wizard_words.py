"""The wizard's estimates read as words, with English plurals right ("1 minute", "3 minutes")."""

from __future__ import annotations

from typing import Any

import pytest

from fine_tune_studio.ui.i18n import LanguageSwitcher
from fine_tune_studio.ui.jobs.wizard import LaunchWizard


@pytest.mark.parametrize(
    ("lang", "seconds", "words"),
    [
        ("en", 1, "1 second"),
        ("en", 40, "40 seconds"),
        ("en", 60, "60 seconds"),
        ("en", 170, "3 minutes"),
        ("en", 7200, "2.0 hours"),
        ("zh_TW", 170, "3 分鐘"),
    ],
)
def test_rough_durations_in_words(
    make_ui_context: Any, qtbot: Any, lang: str, seconds: float, words: str
) -> None:
    context = make_ui_context()
    switcher = LanguageSwitcher()
    switcher.apply(lang)
    try:
        # Words only: no job service is asked anything.
        wizard = LaunchWizard(context, None)  # type: ignore[arg-type]
        qtbot.addWidget(wizard)
        assert wizard.review_page._rough_duration(seconds) == words
    finally:
        switcher.apply("en")


def _measured_estimate(parameters: int, cores: int) -> Any:
    from fine_tune_studio.core.time_estimate import estimate_seconds
    from fine_tune_studio.core.training_memory import DeviceFacts, DeviceKind

    device = DeviceFacts(DeviceKind.CPU, "AMD EPYC, 2 cores", "float32", 16 * 1024**3,
                         8 * 1024**3, cores)
    return estimate_seconds(50_000, provider_id="local-engine", model="m", engine=True,
                            parameters=parameters, device=device)


@pytest.mark.parametrize(
    ("lang", "parameters", "cores", "words"),
    [
        ("en", 494_032_768, 2, "from a training speed measured on a 2-core computer with a "
         "model of the same size"),
        ("en", 1_543_714_304, 2, "with a 0.49 B-parameter model, scaled to this model's size"),
        ("en", 494_032_768, 8, "model of the same size (scaled to the engine's 8 cores)"),
        ("zh_TW", 494_032_768, 2, "依在 2 核心電腦上以同樣大小的模型實測的訓練速度估算"),
        ("zh_TW", 494_032_768, 8, "估算（並換算為引擎的 8 個核心）"),
    ],
)
def test_a_first_local_job_says_its_time_comes_from_a_measurement(
    make_ui_context: Any, qtbot: Any, lang: str, parameters: int, cores: int, words: str
) -> None:
    context = make_ui_context()
    switcher = LanguageSwitcher()
    switcher.apply(lang)
    try:
        wizard = LaunchWizard(context, None)  # type: ignore[arg-type]  # words only
        qtbot.addWidget(wizard)
        assert words in wizard.review_page._time_text(_measured_estimate(parameters, cores),
                                                       True)
    finally:
        switcher.apply("en")


@pytest.mark.parametrize(
    ("lang", "free_gib", "words"),
    [
        ("en", 16, "AMD EPYC, 2 cores: needs about 5.0 GB of the 16.0 GB free"),
        ("en", 4, "AMD EPYC, 2 cores: too big, it needs about 5.0 GB but only 4.0 GB is free; "
         "the engine will refuse it"),
        ("zh_TW", 16, "AMD EPYC, 2 cores：約需 5.0 GB 記憶體（目前可用 16.0 GB）"),
    ],
)
def test_the_review_says_where_a_local_job_runs_and_the_memory_it_needs(
    make_ui_context: Any, qtbot: Any, lang: str, free_gib: int, words: str
) -> None:
    from fine_tune_studio.core.training_memory import (
        DeviceFacts,
        DeviceKind,
        EngineFacts,
        ModelShape,
    )

    shape = ModelShape(494_032_768, 896, 4864, 24, 14, 128, 151_936, True)
    device = DeviceFacts(DeviceKind.CPU, "AMD EPYC, 2 cores", "float32", 24 * 1024**3,
                         free_gib * 1024**3, 2)
    facts = EngineFacts(device, {"Qwen2.5-0.5B-Instruct": shape})
    context = make_ui_context()
    switcher = LanguageSwitcher()
    switcher.apply(lang)
    try:
        wizard = LaunchWizard(context, None)  # type: ignore[arg-type]  # words only
        qtbot.addWidget(wizard)
        page = wizard.review_page
        # The 24 airport examples: 8 a batch, about 65 tokens each, 93 the longest.
        need = page._memory_need(facts, "Qwen2.5-0.5B-Instruct", {"batch_size": 8},
                                 [93, *[64] * 23], 24)
        assert need is not None
        assert page._device_text(facts, need).startswith(words)
        assert page._memory_need(facts, "unknown", {}, [93], 24) is None
    finally:
        switcher.apply("en")
