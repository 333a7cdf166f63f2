"""A provider that cannot be reached: the Training panel says so once, in the language
shown, without the technical account, and Retry asks again at once (ui/jobs/panel.py)."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.support.qt_fixtures import until
from tests.support.service_fixtures import reset

JOBS = "/v1/fine_tuning/jobs"


def run(loop: asyncio.AbstractEventLoop, coro: Any) -> Any:
    return loop.run_until_complete(asyncio.wait_for(coro, 120))


def test_an_unreachable_provider_is_said_in_words_with_retry(
    fake_api_context: Any, fault_server: Any, make_panel: Any,
    qasync_loop: asyncio.AbstractEventLoop,
) -> None:
    from fine_tune_studio.ui.i18n import LanguageSwitcher

    fault_server.on("GET", JOBS, reset(), reset())  # then it answers
    panel = make_panel(fake_api_context)

    async def first_failure() -> None:
        await until(panel.banner.isVisible)

    run(qasync_loop, first_failure())
    text = panel.banner_text.text()
    assert text.startswith("Fake OpenAI: ")
    assert "could not connect" in text
    assert "Retry asks now" in text
    # This computer's account of the failure is not the provider speaking.
    assert "Error" not in text and "provider said" not in text
    assert panel.retry_button.isVisible() and panel.retry_button.text() == "Retry"
    # Not asked again every poll: the next try waits on its schedule.
    asked = len(fault_server.seen("GET", JOBS))
    wait = panel.jobs.watcher.retry_in("fake-openai")
    assert wait is not None and wait > 0

    switcher = LanguageSwitcher()
    switcher.apply("zh_TW")
    try:
        chinese = panel.banner_text.text()
        assert "could not connect" not in chinese and "無法連線" in chinese
        assert panel.retry_button.text() == "重試"
        panel.resize(1024, 700)
        panel.grab().save("/tmp/shots/ux-jobs/training-banner-1024x700-zh_TW.png")
    finally:
        switcher.apply("en")
    assert panel.banner_text.text() == text

    async def retry_fails_again() -> None:
        panel.retry_button.click()
        await until(lambda: len(fault_server.seen("GET", JOBS)) > asked)

    run(qasync_loop, retry_fails_again())
    assert panel.banner.isVisible()
    second_wait = panel.jobs.watcher.retry_in("fake-openai")
    assert second_wait is not None and second_wait > wait  # twice as long as the first

    async def retry_answers() -> None:
        panel.retry_button.click()
        await until(lambda: not panel.banner.isVisible())

    run(qasync_loop, retry_answers())
    assert panel.jobs.watcher.retry_in("fake-openai") is None
