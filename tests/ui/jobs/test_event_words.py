"""A job's event log in the reader's language; unknown sentences as the provider wrote them
(ui/jobs/event_words.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from fine_tune_studio.ui.jobs.event_words import event_words

ENGINE_LOG = [
    "Created fine-tuning job: ftjob-abc123",
    "Validated the training files; the job is queued",
    "Fine-tuning job started",
    "Step 12/300: training loss=1.2345, validation loss=1.4567",
    "Checkpoint created at step 100",
    "New fine-tuned model created: ft:tiny:airport:abc123",
    "The job has successfully completed",
]


@pytest.fixture
def chinese(qapp: Any) -> Iterator[None]:
    from fine_tune_studio.ui.i18n import LanguageSwitcher

    switcher = LanguageSwitcher()
    switcher.apply("zh_TW")
    yield
    switcher.apply("en")


def test_in_english_the_providers_words_stay_as_written() -> None:
    assert [event_words(line) for line in ENGINE_LOG] == ENGINE_LOG


def test_in_chinese_every_known_sentence_is_translated(chinese: None) -> None:
    said = [event_words(line) for line in ENGINE_LOG]
    assert said[0] == "已建立微調工作：ftjob-abc123"  # the id kept as written
    assert said[3] == "第 12/300 步：訓練損失=1.2345，驗證損失=1.4567"
    assert said[4] == "已在第 100 步建立檢查點"
    assert said[5] == "已建立新的微調模型：ft:tiny:airport:abc123"
    for line in said:
        assert not line.startswith(("Created", "Validated", "Fine-tuning", "Step", "The "))


def test_an_unknown_sentence_is_shown_as_the_provider_wrote_it(chinese: None) -> None:
    assert event_words("Moved to a faster GPU pool") == "Moved to a faster GPU pool"
    assert event_words("Fine-tuning job failed: out of memory") == "微調工作失敗：out of memory"
