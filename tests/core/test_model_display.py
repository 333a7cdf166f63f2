"""Model ids shown by the name the user gave them (core/model_display.py)."""

from __future__ import annotations

import pytest

from fine_tune_studio.core.model_display import display_name, parse_model_id


@pytest.mark.parametrize(
    ("model_id", "shown"),
    [
        # OpenAI / Azure: ft:base:org:suffix:id
        ("ft:gpt-4o-mini-2024-07-18:acme-corp:airport:9xYzAbCd", "airport"),
        # A fine-tune without a name must not read like the model it was trained from.
        ("ft:gpt-4o-mini-2024-07-18:acme-corp::9xYzAbCd", "gpt-4o-mini-2024-07-18 fine-tune"),
        ("ft:gpt-4o-mini-2024-07-18:acme-corp:airport:9xYzAbCd:ckpt-step-88",
         "airport · step 88"),
        # our engine: ft:base:suffix:job ("local" when the job had none)
        ("ft:tiny-airport-llama:airport:eQKb3x", "airport"),
        ("ft:Qwen2.5-0.5B-Instruct:local:ab12cd", "Qwen2.5-0.5B-Instruct fine-tune"),
        ("ft:Qwen2.5-0.5B-Instruct:local:ab12cd:ckpt-step-7",
         "Qwen2.5-0.5B-Instruct fine-tune · step 7"),
        ("ft:tiny-airport-llama:airport:eQKb3x:ckpt-step-300", "airport · step 300"),
        # Together: user/base-suffix-hash; a base model: its name without the owner
        ("meta-llama/Meta-Llama-3.1-8B-Instruct-Reference",
         "Meta-Llama-3.1-8B-Instruct-Reference"),
        ("gpt-4.1-mini-2025-04-14", "gpt-4.1-mini-2025-04-14"),
    ],
)
def test_the_name_the_user_chose_is_what_shows(model_id: str, shown: str) -> None:
    assert display_name(model_id) == shown


def test_together_ids_need_the_base_to_find_the_suffix() -> None:
    tuned = "tester/Meta-Llama-3.1-8B-Instruct-Reference-airport-1a2b3c4d"
    base = "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference"
    assert display_name(tuned, base_hint=base) == "airport"
    assert display_name(tuned, suffix_hint="airport") == "airport"
    # Without a hint the hash and the owner still go; the rest is all there is to show.
    assert display_name(tuned) == "Meta-Llama-3.1-8B-Instruct-Reference-airport"
    parsed = parse_model_id(tuned, base_hint=base)
    assert parsed.fine_tuned and parsed.named_by_user
    assert parsed.base == "Meta-Llama-3.1-8B-Instruct-Reference"


def test_the_checkpoint_wording_comes_from_the_view() -> None:
    assert display_name("ft:m:airport:j1:ckpt-step-5",
                        checkpoint_format="{name}（第 {step} 步）") == "airport（第 5 步）"


def test_an_unnamed_fine_tunes_wording_comes_from_the_view_too() -> None:
    assert display_name("ft:tiny-qwen:local:j1", fine_tune_format="{base} 微調模型") == (
        "tiny-qwen 微調模型")


def test_what_an_id_says_about_itself() -> None:
    engine = parse_model_id("ft:tiny:airport:j1")
    assert (engine.name, engine.base, engine.fine_tuned, engine.named_by_user) == (
        "airport", "tiny", True, True)
    unnamed = parse_model_id("ft:gpt-4o-mini-2024-07-18:org::x")
    assert not unnamed.named_by_user and unnamed.name == "gpt-4o-mini-2024-07-18"
    assert not parse_model_id("tiny").fine_tuned
    assert display_name("") == ""
