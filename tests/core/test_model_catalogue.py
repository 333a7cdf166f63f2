"""The shipped model catalogue keeps its promises, and the rules about what fits here."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from fine_tune_studio.core.model_catalogue import (
    GIB,
    Catalogue,
    ChineseQuality,
    Fit,
    catalogue_path,
    disk_fits,
    load_catalogue,
    memory_fit,
    recommended,
    shipped_catalogue,
)
from fine_tune_studio.core.model_download import (
    TransferMeter,
    duration_words,
    format_bytes,
    format_memory,
)
from fine_tune_studio.core.model_names import (
    RepoIdError,
    default_model_name,
    model_name_problem,
    parse_repo_id,
    suggest_model_name,
)

REQUIRED = {
    "Qwen/Qwen2.5-0.5B-Instruct", "Qwen/Qwen2.5-1.5B-Instruct", "Qwen/Qwen3-0.6B",
    "Qwen/Qwen3-1.7B", "HuggingFaceTB/SmolLM2-360M-Instruct",
    "HuggingFaceTB/SmolLM2-1.7B-Instruct", "meta-llama/Llama-3.2-1B-Instruct",
    "google/gemma-3-1b-it",
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_the_shipped_file_matches_its_model_and_holds_the_promised_models() -> None:
    catalogue = load_catalogue(catalogue_path())
    assert {m.repo_id for m in catalogue.models} >= REQUIRED
    assert catalogue.default_model.repo_id == "Qwen/Qwen2.5-0.5B-Instruct"
    assert {m.repo_id for m in catalogue.models if m.gated} == {
        "meta-llama/Llama-3.2-1B-Instruct", "google/gemma-3-1b-it"}
    assert catalogue.checked_on.year >= 2026
    for model in catalogue.models:
        assert model.memory.gpu_gib < model.memory.cpu_gib  # bf16 on a GPU, fp32 on a CPU
        # A download of about 2 bytes per parameter (bf16 weights) plus the tokenizer.
        assert 1.5 < model.download_bytes / model.parameters < 3.0, model.repo_id
        for text in (model.good_for, model.chinese_reason, model.languages_summary):
            assert text.en.strip() and CJK.search(text.zh_TW), model.repo_id
            # Taiwan usage takes full-width punctuation between Chinese words.
            assert not re.search(r"[\u4e00-\u9fff][,;:]", text.zh_TW), text.zh_TW
        assert model.licence_url.startswith("https://")
        assert all(s.startswith("https://") for s in model.sources)


def test_a_file_that_breaks_the_rules_is_refused(tmp_path: Path) -> None:
    data = json.loads(catalogue_path().read_text(encoding="utf-8"))
    data["models"][1]["revision"] = "main"  # a branch moves: facts must be pinned
    broken = tmp_path / "catalogue.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError, match="pinned"):
        load_catalogue(broken)
    data = json.loads(catalogue_path().read_text(encoding="utf-8"))
    data["models"][1]["default"] = True
    with pytest.raises(ValidationError, match="exactly one model must be the default"):
        Catalogue.model_validate(data)
    data = json.loads(catalogue_path().read_text(encoding="utf-8"))
    data["models"][0]["surprise"] = 1
    with pytest.raises(ValidationError):
        Catalogue.model_validate(data)


def test_what_fits_and_what_is_recommended() -> None:
    catalogue = shipped_catalogue()
    default = catalogue.default_model
    assert memory_fit(default.memory.cpu_gib, 16 * GIB) is Fit.FITS
    assert memory_fit(default.memory.cpu_gib, 6 * GIB) is Fit.TIGHT
    assert memory_fit(default.memory.cpu_gib, 4 * GIB) is Fit.TOO_BIG
    assert recommended(catalogue, 16 * GIB) == default
    assert recommended(catalogue, 6 * GIB) == default  # tight, but it writes Chinese
    assert recommended(catalogue, None) == default
    small = recommended(catalogue, int(5.0 * GIB))
    assert small.memory.cpu_gib <= 5.0 and not small.gated
    assert disk_fits(default.download_bytes, 10 * GIB)
    assert not disk_fits(default.download_bytes, default.download_bytes)
    assert {m.chinese for m in catalogue.models} == set(ChineseQuality)


@pytest.mark.parametrize(("text", "repo", "revision"), [
    ("Qwen/Qwen2.5-0.5B-Instruct", "Qwen/Qwen2.5-0.5B-Instruct", None),
    ("  Qwen/Qwen3-0.6B\n", "Qwen/Qwen3-0.6B", None),
    ("https://huggingface.co/google/gemma-3-1b-it", "google/gemma-3-1b-it", None),
    ("https://huggingface.co/Qwen/Qwen3-0.6B/tree/v1.0", "Qwen/Qwen3-0.6B", "v1.0"),
    ("hf.co/HuggingFaceTB/SmolLM2-360M-Instruct/blob/main/config.json",
     "HuggingFaceTB/SmolLM2-360M-Instruct", None),
    ("https://hf-mirror.com/Qwen/Qwen3-1.7B", "Qwen/Qwen3-1.7B", None),
])
def test_repo_ids_as_users_paste_them(text: str, repo: str, revision: str | None) -> None:
    ref = parse_repo_id(text)
    assert (ref.repo_id, ref.revision) == (repo, revision)


@pytest.mark.parametrize("text", ["", "Qwen", "Qwen/", "/model", "a/b/c", "Qwen/Qwen 2",
                                  "owner/-name", "own--er/name", "o/na..me"])
def test_malformed_repo_ids_say_what_an_id_looks_like(text: str) -> None:
    with pytest.raises(RepoIdError) as error:
        parse_repo_id(text)
    assert "Qwen/Qwen2.5-0.5B-Instruct" in error.value.text.en
    assert "Qwen/Qwen2.5-0.5B-Instruct" in error.value.text.zh_TW


def test_model_names() -> None:
    assert default_model_name("Qwen/Qwen2.5-0.5B-Instruct") == "Qwen2.5-0.5B-Instruct"
    assert model_name_problem("Qwen2.5-0.5B-Instruct") is None
    assert model_name_problem("客服模型-v2") is None  # any script's letters
    for bad in ("", "a/b", "a\\b", "ft:x", ".hidden", "name.", "with space", "x" * 97, "CON"):
        problem = model_name_problem(bad)
        assert problem is not None and problem.en and problem.zh_TW, bad
    assert suggest_model_name("My Model (copy)") == "My-Model-copy"
    assert suggest_model_name("...") == "my-model"


def test_speed_and_time_left_come_from_recent_samples() -> None:
    meter = TransferMeter(window=10.0)
    assert meter.speed() is None and meter.seconds_left(0, 100) is None
    for second in range(0, 31):
        meter.add(float(second), second * 1_000_000)  # 1 MB/s
    assert meter.speed() == pytest.approx(1_000_000)
    assert meter.seconds_left(30_000_000, 90_000_000) == pytest.approx(60.0)
    meter.add(31.0, 0)  # the server ignored a Range request: the file starts over
    assert meter.speed() is None
    assert format_bytes(999) == "999 B"
    assert format_bytes(988_097_824) == "988 MB"
    assert format_bytes(999_586_347) == "1.0 GB"  # not "1000 MB"
    assert format_bytes(99_960) == "100 kB"
    assert format_memory(8 * GIB) == "8.0 GB"  # as the system labels its memory
    assert format_bytes(3_087_467_144) == "3.1 GB"
    assert duration_words(42).en == "about 45 s"
    assert duration_words(200).zh_TW == "約 4 分鐘"
    assert duration_words(4_800).en == "about 1 h 20 min"
