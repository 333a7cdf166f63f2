"""Evaluate without a test set says what a test set is and where to make one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fine_tune_studio.ui.evaluation.setup import RunSetup
from fine_tune_studio.ui.i18n import LanguageSwitcher


def test_without_a_test_set_the_run_tab_says_where_to_make_one(
    qtbot: Any, tmp_path: Path
) -> None:
    setup = RunSetup(lambda: [])
    qtbot.addWidget(setup)
    setup.show()
    assert setup.no_test_set.isVisible()
    assert "Set aside as test set…" in setup.no_test_set.text()
    switcher = LanguageSwitcher()
    switcher.apply("zh_TW")
    try:
        assert "測試集" in setup.no_test_set.text()
    finally:
        switcher.apply("en")
    setup.set_test_set(tmp_path / "airport.test.jsonl", None)
    assert not setup.no_test_set.isVisible()
    setup.set_test_set(None, None)
    assert setup.no_test_set.isVisible()


def test_a_provider_added_later_is_offered_in_every_row_in_the_readers_language(
    eval_panel: Any, eval_context: Any, qasync_loop: Any
) -> None:
    from fine_tune_studio.core.providers import local_engine_profile

    rows = eval_panel.setup.rows
    assert len(rows) >= 2
    names = [rows[0].provider.itemText(i) for i in range(rows[0].provider.count())]
    assert names == ["Answer server"]
    qasync_loop.run_until_complete(eval_context.save_profile(local_engine_profile("This computer")))
    for row in rows:
        shown = [row.provider.itemText(i) for i in range(row.provider.count())]
        assert shown == ["Answer server", "This computer"]
        assert row.provider.currentText() == "Answer server"  # the choice stays
    switcher = LanguageSwitcher()
    switcher.apply("zh_TW")
    try:
        assert rows[1].provider.itemText(1) == "這台電腦"
        assert rows[1].provider.itemText(0) == "Answer server"  # a typed name stays
    finally:
        switcher.apply("en")


def test_the_providers_models_to_offer_first_fill_fresh_rows_with_different_models(
    eval_panel: Any, eval_context: Any, qasync_loop: Any
) -> None:
    from fine_tune_studio.core.providers import ProviderKind, ProviderProfile

    rows = eval_panel.setup.rows
    assert [row.model.currentText() for row in rows] == ["", ""]  # nothing offered yet
    # The user adds the office server, naming its base model and the fine-tune.
    office = ProviderProfile(id="office", kind=ProviderKind.OPENAI_COMPATIBLE,
                             display_name="Office server", base_url="http://gpu-box:8000/v1",
                             default_models=["qwen-base", "qwen-airport-ft"])
    qasync_loop.run_until_complete(eval_context.save_profile(office))
    for row in rows:  # the panel's rows are on the first provider: nothing to offer there
        assert row.model.count() == 0
        row.provider.setCurrentIndex(row.provider.findData("office"))
    offered = [rows[0].model.itemText(i) for i in range(rows[0].model.count())]
    assert offered == ["qwen-base", "qwen-airport-ft"]
    assert rows[0].model.currentText() == ""  # a changed provider offers, it does not pick
    eval_panel.setup.remove_row(rows[1])
    eval_panel.setup.remove_row(rows[0])
    first = eval_panel.setup.add_row("office")
    second = eval_panel.setup.add_row("office")
    assert first is not None and second is not None
    assert (first.model.currentText(), second.model.currentText()) == (
        "qwen-base", "qwen-airport-ft")
    third = eval_panel.setup.add_row("office")
    assert third is not None and third.model.currentText() == ""  # both are taken
    # ↻ adds what the provider lists after its offered ones, without repeating them.
    third.set_models(["qwen-airport-ft", "qwen-airport-ft:ckpt-2"])
    assert [third.model.itemText(i) for i in range(third.model.count())] == [
        "qwen-base", "qwen-airport-ft", "qwen-airport-ft:ckpt-2"]


def test_rows_made_before_any_provider_take_its_offered_models_once_it_is_added(
    qtbot: Any,
) -> None:
    # A new user opens Evaluate first, then adds a provider under Providers.
    providers: list[tuple[str, str]] = []
    offered = {"office": ["qwen-base", "qwen-airport-ft"]}
    setup = RunSetup(lambda: providers, lambda provider_id: offered.get(provider_id, []))
    qtbot.addWidget(setup)
    setup.add_row()
    setup.add_row()
    setup.set_profiles(providers)
    setup.show()
    assert [row.model.currentText() for row in setup.rows] == ["", ""]
    assert setup.no_provider.isVisible() and "under Providers" in setup.no_provider.text()
    providers.append(("office", "Office server"))
    setup.set_profiles(providers)
    assert not setup.no_provider.isVisible()
    assert [row.model.currentText() for row in setup.rows] == ["qwen-base", "qwen-airport-ft"]
    assert setup.choices() == [("office", "qwen-base", 0), ("office", "qwen-airport-ft", 0)]


def test_the_cost_before_a_run_is_counted_off_the_gui_thread_and_says_what_it_knows(
    eval_panel: Any, eval_context: Any, qasync_loop: Any, monkeypatch: Any
) -> None:
    import threading

    from fine_tune_studio.core.eval_cost import estimate_answer_cost
    from fine_tune_studio.core.providers import (
        ProviderKind,
        ProviderProfile,
        local_engine_profile,
    )
    from fine_tune_studio.core.tokens import count_text_tokens
    from fine_tune_studio.ui.evaluation import panel as panel_module
    from tests.support.qt_fixtures import until
    from tests.support.test_files import AIRPORT_FAQ
    from tests.ui.evaluation.conftest import ITEMS, PROFILE_ID

    for profile in (
        ProviderProfile(id="openai", kind=ProviderKind.OPENAI, display_name="OpenAI"),
        ProviderProfile(id="together", kind=ProviderKind.TOGETHER, display_name="Together"),
        local_engine_profile("This computer"),
    ):
        qasync_loop.run_until_complete(eval_context.save_profile(profile))
    local_id = next(p.id for p in eval_context.profiles()
                    if p.kind is ProviderKind.LOCAL_ENGINE)
    counted_on: set[int] = set()

    def noting_the_thread(text: str) -> int:
        counted_on.add(threading.get_ident())
        return count_text_tokens(text)

    monkeypatch.setattr(panel_module, "count_text_tokens", noting_the_thread)
    setup = eval_panel.setup
    eval_panel.use_test_set(AIRPORT_FAQ)

    def contest(*rows: tuple[str, str]) -> str:
        for row in list(setup.rows):
            setup.remove_row(row)
        for provider_id, model in rows:
            setup.add_row(provider_id, model)

        async def counted() -> None:
            await until(lambda: "Estimating" not in setup.cost.text())

        qasync_loop.run_until_complete(counted())
        return str(setup.cost.text())

    said = contest(("openai", "gpt-4o-mini"), ("together", "meta-llama/Llama-3-8b"))
    prompt_tokens = sum(count_text_tokens(str(m["content"]))
                        for item in ITEMS for m in item.prompt)
    most = estimate_answer_cost("gpt-4o-mini", prompt_tokens, 256 * len(ITEMS))
    assert most is not None and most > 0
    assert counted_on and threading.get_ident() not in counted_on
    assert said == (f"Cost on paid providers: at most US${most:.2f} (list prices of 2025-07-15). "
                    "No price known for: meta-llama/Llama-3-8b.")
    assert contest((PROFILE_ID, "echo-base"), (local_id, "airport-ft")) == (
        "Answer server may charge for answers; the app does not know its prices.")
    assert contest((local_id, "base"), (local_id, "airport-ft")) == (
        "Free: every contestant runs on this computer.")


def test_rows_with_nothing_offered_list_the_providers_models_by_themselves(
    eval_panel: Any, answer_server: Any, qasync_loop: Any
) -> None:
    # The answer server has no models to offer first: a new user would have to find ↻.
    # Shown, the panel asks the server once, and two fresh rows become a comparison.
    from tests.support.qt_fixtures import until

    rows = eval_panel.setup.rows

    async def listed() -> None:
        await until(lambda: rows[0].model.count() == 3)

    qasync_loop.run_until_complete(listed())
    # The base model first, then its fine-tune, then checkpoints: base against fine-tune.
    assert [rows[0].model.itemText(i) for i in range(rows[0].model.count())] == [
        "echo-base", "ft:echo-base:airport:j1", "ft:echo-base:airport:j1:ckpt-step-2"]
    assert [row.model.currentText() for row in rows] == ["echo-base", "ft:echo-base:airport:j1"]
    assert answer_server.asked == []  # listing is not a chat request
