"""What counts as a key in the wrong box, and what the key box refuses."""

from __future__ import annotations

import re

import pytest

from fine_tune_studio.core.key_rules import key_problem, looks_like_key, url_hides_key

# Fixed samples of real key formats (made up, same shapes).
ENGINE_TOKEN = "vQ3xN8kP_2mLr7TzYc4Wd9Hs-Eb6Jf1Ua5Go0IiKnM"  # secrets.token_urlsafe(32)
GITHUB_TOKEN = "ghp_Z579jdpmdjiNbbbPgH65sQutbIDcBz2FGdNU"
TOGETHER_KEY = "3b8f" * 16  # 64 hex digits
AZURE_KEY = "0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize(
    "text",
    [
        "sk-proj-AbCdEf0123456789xyz",
        f"My server {ENGINE_TOKEN}",
        GITHUB_TOKEN,
        TOGETHER_KEY,
        AZURE_KEY,
        "Bearer abc.def-123456789",
        "token=hunter2hunter2",
    ],
)
def test_keys_in_a_text_box_are_recognised(text: str) -> None:
    assert looks_like_key(text)


@pytest.mark.parametrize(
    "text",
    [
        "My OpenAI account",
        "這台電腦",
        "GPT4oMiniFineTuneExperiment2024",
        "AzureOpenAIEastUS2Production",
        "Llama3_1_8B_Instruct_FineTuned",
        "Meta-Llama-3.1-8B-Instruct-Turbo",
        "ft:gpt-4o-mini-2024-07-18:my-org:airport-bot:9AbCdEfG",
        "Bearer of good news",
    ],
)
def test_ordinary_names_and_model_ids_are_not_keys(text: str) -> None:
    assert not looks_like_key(text)


def test_openai_organization_and_project_ids_pass_where_ids_are_expected() -> None:
    assert looks_like_key("org-4ZJz3kT1wqP8aQ2cF5bXyR7m")  # random-looking in a name...
    assert not looks_like_key("org-4ZJz3kT1wqP8aQ2cF5bXyR7m", random_tokens=False)
    assert not looks_like_key("proj_Xy7Qm2Lp9Rt4Vz1Nc8Bd6Kw3", random_tokens=False)
    assert looks_like_key("sk-proj-AbCdEf0123456789xyz", random_tokens=False)


def test_addresses_with_a_key_in_them_are_recognised() -> None:
    assert url_hides_key("https://my.openai.azure.com/openai/v1?api-key=abcdef123456")
    assert url_hides_key(f"https://engine.example.com/v1#{ENGINE_TOKEN}")
    assert url_hides_key("https://sk-proj-AbCdEf0123456789xyz@example.com/v1")
    assert url_hides_key(ENGINE_TOKEN)  # pasted instead of the address
    assert url_hides_key(f"Bearer {ENGINE_TOKEN}")
    assert not url_hides_key("https://gpu-box.example.com:8443/v1")
    # Account ids in the path are part of honest addresses (Cloudflare AI Gateway).
    assert not url_hides_key(f"https://gateway.ai.cloudflare.com/v1/{AZURE_KEY}/my-gw/openai")
    assert not url_hides_key("https://r.openai.azure.com/openai?api-version=2024-10-21")


@pytest.mark.parametrize(
    ("key", "position"),
    [
        ("sk-proj-ＡbCdEf0123456789", 9),  # a full-width A pasted from a document
        ("sk-proj-AbCd\u200bEf0123456789", 13),  # an invisible zero-width space
        ("“sk-proj-AbCdEf0123456789”", 1),  # curly quotes from a word processor
        ("sk-proj-AbCd Ef0123456789", 13),
    ],
)
def test_a_key_with_characters_keys_never_have_is_refused_by_position(
    key: str, position: int
) -> None:
    problem = key_problem(key)
    assert problem is not None
    assert re.search(rf"\b{position}\b", problem.en) and f"第 {position} 個" in problem.zh_TW
    assert "AbCd" not in problem.en and "AbCd" not in problem.zh_TW  # never quotes the key
    assert "，" in problem.zh_TW  # Taiwan usage: full-width punctuation


def test_a_plain_key_has_no_problem() -> None:
    assert key_problem("sk-proj-AbCdEf0123456789_xyz-" + ENGINE_TOKEN) is None
    assert key_problem("EMPTY") is None
