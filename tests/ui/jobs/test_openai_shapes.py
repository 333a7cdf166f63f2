"""The job requests the wizard sends to OpenAI are ones OpenAI's official spec accepts.

The wizard runs for real against a small fake OpenAI server (which records requests but
cannot judge them); every job-creation body it sent is then replayed to Prism serving the
official OpenAPI spec, which answers 422 to anything malformed.
"""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from fine_tune_studio.core.document import DatasetDocument
from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
from tests.support.qt_fixtures import until
from tests.ui.jobs.conftest import AIRPORT_FAQ, make_context
from tests.ui.jobs.wizard_driver import open_and_fill, review_and_start

FINE_TUNED = "ft:gpt-4o-mini-2024-07-18:acme::abc123"


def preference_file(path: Path) -> Path:
    """The airport answers as DPO pairs: the real answer preferred over a useless one."""
    lines = []
    for raw in AIRPORT_FAQ.read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        messages = json.loads(raw)["messages"]
        prompt = [m for m in messages if m["role"] != "assistant"]
        answer = next(m for m in messages if m["role"] == "assistant")
        lines.append(json.dumps({
            "input": {"messages": prompt},
            "preferred_output": [answer],
            "non_preferred_output": [{"role": "assistant", "content": "我不知道。"}],
        }, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def openai_like_context(qapp: Any, tmp_path: Path, fault_server: Any) -> Any:
    profile = ProviderProfile(
        id="openai", kind=ProviderKind.OPENAI, display_name="OpenAI",
        base_url=fault_server.base_url,
    )
    return make_context(tmp_path / "home", [profile])


CASES: dict[str, dict[str, Any]] = {
    "supervised-split-validation": dict(validation="split", seed=3,
                                            settings={"n_epochs": 3}),
    "supervised-no-validation-suffix": dict(validation="none", suffix="airport-faq"),
    "continue-from-fine-tuned": dict(validation="none", continue_from_fine_tuned=True,
                                             model=FINE_TUNED,
                                             settings={"learning_rate_multiplier": 0.5}),
    "dpo-validation-file": dict(validation="file", dpo=True,
                                 settings={"beta": 0.2, "batch_size": 4}),
    "dpo-no-validation": dict(validation="none", dpo=True),
}


@pytest.mark.parametrize("case", list(CASES))
def test_wizard_job_request_is_valid_for_openai(
    case: str,
    openai_like_context: Any,
    fault_server: Any,
    prism_server: Any,
    make_panel: Any,
    qasync_loop: asyncio.AbstractEventLoop,
    qtbot: Any,
    tmp_path: Path,
) -> None:
    options = dict(CASES[case])
    dpo = options.pop("dpo", False)
    validation = options.get("validation")
    source = preference_file(tmp_path / "pairs.jsonl") if dpo else AIRPORT_FAQ
    openai_like_context.set_dataset(DatasetDocument.open(source))
    panel = make_panel(openai_like_context)

    async def scenario() -> None:
        wizard = await open_and_fill(panel, qtbot, **options)
        assert wizard.method().value == ("dpo" if dpo else "supervised")
        if validation == "file":
            wizard.settings_page.set_validation_file(source)
            await until(lambda: wizard.validation_checked is not None)
        await review_and_start(wizard, qtbot)
        error = wizard.review_page.error
        await until(lambda: wizard.created_job is not None or error.isVisible())
        assert not error.isVisible(), error.text()
        await panel.shutdown()

    qasync_loop.run_until_complete(asyncio.wait_for(scenario(), 120))
    sent = fault_server.seen("POST", "/v1/fine_tuning/jobs")
    assert len(sent) == 1
    body = sent[0].json()
    assert body["method"]["type"] == ("dpo" if dpo else "supervised")
    assert ("validation_file" in body) == (validation in ("split", "file"))
    if options.get("continue_from_fine_tuned"):
        assert body["model"] == FINE_TUNED
    assert "engine" not in body  # engine-only settings never go to OpenAI

    status, text = post_json(f"{prism_server.base_url}/fine_tuning/jobs", body)
    assert status == 200, (body, text)


def post_json(url: str, body: Any) -> tuple[int, str]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Authorization": "Bearer sk-test", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return int(answer.status), answer.read().decode()
    except urllib.error.HTTPError as error:
        return int(error.code), error.read().decode()
