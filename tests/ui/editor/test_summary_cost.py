"""The Summary tab's cost follows the provider that would train: free on this computer or
an own engine, the price table's for OpenAI / Azure (the model the wizard would use, named),
Together AI's own estimate, and "it depends" with no provider; in both languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fine_tune_studio.core import cost
from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
from tests.support.qt_fixtures import until
from tests.support.test_files import AIRPORT_FAQ

SHOTS = Path("/tmp/shots/summary-cost")


def _profile(kind: ProviderKind) -> ProviderProfile:
    extra: dict[str, Any] = {}
    if kind.needs_base_url:
        extra["base_url"] = "http://127.0.0.1:9/v1"
    if kind is ProviderKind.AZURE_OPENAI:
        extra.update(azure_endpoint="https://airport.openai.azure.com", azure_use_v1=True)
    return ProviderProfile(kind=kind, display_name=str(kind.label.en), **extra)


def _shot(panel: Any, name: str) -> None:
    """What the user sees, for a person to look at (the wrapped line laid out first)."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    SHOTS.mkdir(parents=True, exist_ok=True)
    panel.grab().save(str(SHOTS / f"{name}.png"))


def _in_both_languages(panel: Any, context: Any) -> tuple[str, str]:
    english = panel.summary.cost_label.text()
    context.set_language("zh_TW")
    try:
        chinese = panel.summary.cost_label.text()
    finally:
        context.set_language("en")
    return english, chinese


def test_the_cost_line_follows_the_active_provider_and_its_model(
    make_editor: Any, make_ui_context: Any, run: Any, tmp_path: Path
) -> None:
    context = make_ui_context()
    path = tmp_path / "airport.jsonl"
    path.write_bytes(AIRPORT_FAQ.read_bytes())
    panel = make_editor(path, context=context)
    run(until(lambda: len(panel.document) == 24 and panel.summary.numbers is not None
              and panel.summary.numbers.checked == 24))
    panel.bottom_tabs.setCurrentWidget(panel.summary)
    label = panel.summary.cost_label

    # No provider set up: the price depends on the one chosen.
    assert _in_both_languages(panel, context) == (
        "depends on the provider you choose", "視您選擇的服務商而定")

    # This computer: free, and the line changes as soon as it becomes the active provider.
    here = context.registry.add(_profile(ProviderKind.LOCAL_ENGINE), make_active=True)
    assert _in_both_languages(panel, context) == (
        "free: it trains on this computer", "免費：在這台電腦上訓練")
    _shot(panel, "summary-this-computer-en")

    # OpenAI: the price of the model the wizard would use, named on screen. Nothing chosen
    # there yet: the Model box's (gpt-4o-mini).
    openai = context.registry.add(_profile(ProviderKind.OPENAI), make_active=True)
    billed = panel.summary.numbers.billed_tokens
    assert billed > 0
    usd = cost.estimate_cost(billed, cost.DEFAULT_MODEL)
    assert usd is not None
    english, chinese = _in_both_languages(panel, context)
    assert english == (f"about US${usd:,.2f} with {cost.DEFAULT_MODEL} (estimate, prices of "
                       f"{cost.PRICE_TABLE_DATE})")
    assert chinese == (f"約 US${usd:,.2f}，以 {cost.DEFAULT_MODEL} 計算（估計值，"
                       f"{cost.PRICE_TABLE_DATE} 的價格）")
    # The base model last chosen in the wizard for this provider (while the Training panel
    # was in front) is the one priced, and the Model box (the checks' limits) shows it too.
    nano = "gpt-4.1-nano-2025-04-14"
    context.remember_base_model(openai.id, nano)
    panel.bottom_tabs.setCurrentWidget(panel.problems)
    panel.bottom_tabs.setCurrentWidget(panel.summary)
    assert panel.summary.model_box.currentData() == nano
    run(until(lambda: panel.session.model_name == nano
              and panel.summary.numbers.checked == 24))
    nano_usd = cost.estimate_cost(panel.summary.numbers.billed_tokens, nano)
    assert label.text().startswith(f"about US${nano_usd:,.2f} with {nano} ")
    _shot(panel, "summary-openai-en")
    # A model the price table does not know is named, not priced.
    context.remember_base_model(openai.id, "gpt-5-someday")
    panel.bottom_tabs.setCurrentWidget(panel.problems)
    panel.bottom_tabs.setCurrentWidget(panel.summary)
    assert _in_both_languages(panel, context) == (
        "no price known for gpt-5-someday", "沒有 gpt-5-someday 的價格資料")

    # Azure: the same table; nothing chosen for it yet, the Model box's model.
    context.registry.add(_profile(ProviderKind.AZURE_OPENAI), make_active=True)
    assert label.text().startswith(f"about US${nano_usd:,.2f} with {nano} ")

    # Together AI prices each model itself; the wizard asks it.
    context.registry.add(_profile(ProviderKind.TOGETHER), make_active=True)
    assert _in_both_languages(panel, context) == (
        "Together AI prices each model: the Fine-tune… wizard asks Together AI for an "
        "estimate",
        "Together AI 依模型計價：「微調…」精靈會向 Together AI 詢問預估費用")
    _shot(panel, "summary-together-en")
    context.set_language("zh_TW")
    try:
        _shot(panel, "summary-together-zh_TW")
    finally:
        context.set_language("en")

    # An engine of the user's elsewhere is free too; another OpenAI-compatible service's
    # prices are not known.
    context.registry.add(_profile(ProviderKind.REMOTE_ENGINE), make_active=True)
    assert _in_both_languages(panel, context) == (
        "free: it trains on your own engine", "免費：在您自己的引擎上訓練")
    context.registry.add(_profile(ProviderKind.OPENAI_COMPATIBLE), make_active=True)
    assert _in_both_languages(panel, context) == (
        "this provider's prices are not known to the app", "程式不知道這個服務商的價格")

    # Back to this computer: free again, in the reader's language.
    context.set_active_profile(here.id)
    context.set_language("zh_TW")
    try:
        assert label.text() == "免費：在這台電腦上訓練"
        _shot(panel, "summary-this-computer-zh_TW")
    finally:
        context.set_language("en")


def test_the_editor_alone_says_the_price_depends_on_the_provider(make_editor: Any) -> None:
    panel = make_editor()
    assert panel.summary.cost_label.text() == "depends on the provider you choose"
