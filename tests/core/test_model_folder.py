"""The model folder check: each broken folder is refused with a located, fixable message,
and nothing in a folder ever runs (metadata is read; code and pickles are not touched)."""

from __future__ import annotations

import json
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from fine_tune_studio.core.model_folder import check_model_folder, is_model_file

MARKER = "code-ran.txt"


class _WritesMarkerWhenUnpickled:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (Path.write_text, (Path(self.path), "pickle ran"))  # type: ignore[return-value]


@pytest.fixture
def model_copy(tiny_model_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "tiny-chat"
    shutil.copytree(tiny_model_dir, folder)
    return folder


def edit_json(path: Path, change: Callable[[dict], None]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def only_problem(folder: Path) -> tuple[str | None, str, str]:
    check = check_model_folder(folder)
    assert len(check.problems) == 1, [p.text() for p in check.problems]
    problem = check.problems[0]
    assert problem.message.zh_TW and problem.fix.zh_TW
    return problem.file, problem.message.en, problem.fix.en


def test_the_tiny_model_passes_and_lists_what_to_keep(model_copy: Path) -> None:
    check = check_model_folder(model_copy)
    assert check.ok and check.architecture == "LlamaForCausalLM"
    assert "model.safetensors" in check.files and "config.json" in check.files
    assert check.size_bytes == sum(p.stat().st_size for p in model_copy.iterdir())


def test_code_and_pickles_in_a_folder_are_never_run_nor_kept(
    model_copy: Path, tmp_path: Path
) -> None:
    marker = tmp_path / MARKER
    (model_copy / "modeling_tiny.py").write_text(
        f"open({str(marker)!r}, 'w').write('module ran')\n", encoding="utf-8")
    (model_copy / "pytorch_model.bin").write_bytes(
        pickle.dumps(_WritesMarkerWhenUnpickled(str(marker))))
    check = check_model_folder(model_copy)
    assert check.ok
    assert set(check.ignored) == {"modeling_tiny.py", "pytorch_model.bin"}
    assert not marker.exists()
    assert not is_model_file("modeling_tiny.py") and not is_model_file("original/params.json")


def test_a_model_that_needs_its_own_code_is_refused(model_copy: Path, tmp_path: Path) -> None:
    marker = tmp_path / MARKER
    (model_copy / "modeling_evil.py").write_text(
        f"open({str(marker)!r}, 'w').write('module ran')\n", encoding="utf-8")
    edit_json(model_copy / "config.json", lambda c: c.update(
        auto_map={"AutoModelForCausalLM": "modeling_evil.EvilForCausalLM"}))
    file, message, fix = only_problem(model_copy)
    assert file == "config.json" and "its own Python code" in message
    assert "never runs code" in message and "Qwen" in fix
    assert not marker.exists()


def test_no_config_json_points_to_the_model_folder_inside(model_copy: Path) -> None:
    parent = model_copy.parent
    file, message, fix = only_problem(parent)
    assert file == "config.json" and "not a Hugging Face model folder" in message
    assert "“tiny-chat” inside it" in fix


@pytest.mark.parametrize(("breakage", "file", "in_message", "in_fix"), [
    ("config-not-json", "config.json", "not valid JSON (line 2, column 3", "Download"),
    ("masked-lm", "config.json", "BertForMaskedLM model, not a language model", "chat"),
    ("no-architectures", "config.json", "no architecture", "Download"),
    ("pickle-only", "pytorch_model.bin", "pickle format", "model.safetensors"),
    ("adapter", "adapter_model.safetensors", "LoRA adapter", "base model"),
    ("truncated", "model.safetensors", "cut short", "Download"),
    ("garbage-weights", "model.safetensors", "not a readable safetensors", "Download"),
    ("missing-shard", "model-00002-of-00002.safetensors", "missing", "Download"),
    ("no-tokenizer", "tokenizer.json", "no tokenizer", "Download"),
    ("no-chat-template", "tokenizer_config.json", "no chat template", "-Instruct"),
    ("gguf", "config.json", "not a Hugging Face model folder", "GGUF"),
])
def test_each_broken_folder_is_refused_with_its_located_message(
    model_copy: Path, breakage: str, file: str, in_message: str, in_fix: str
) -> None:
    weights = model_copy / "model.safetensors"
    if breakage == "config-not-json":
        (model_copy / "config.json").write_text("{\n  'model_type': llama\n}", encoding="utf-8")
    elif breakage == "masked-lm":
        edit_json(model_copy / "config.json",
                  lambda c: c.update(architectures=["BertForMaskedLM"], model_type="bert"))
    elif breakage == "no-architectures":
        edit_json(model_copy / "config.json", lambda c: c.pop("architectures"))
    elif breakage == "pickle-only":
        weights.rename(model_copy / "pytorch_model.bin")
    elif breakage == "adapter":
        weights.rename(model_copy / "adapter_model.safetensors")
    elif breakage == "truncated":
        data = weights.read_bytes()
        weights.write_bytes(data[: len(data) // 2])
    elif breakage == "garbage-weights":
        weights.write_bytes(b"\xff" * 64)
    elif breakage == "missing-shard":
        weights.rename(model_copy / "model-00001-of-00002.safetensors")
        (model_copy / "model.safetensors.index.json").write_text(json.dumps({"weight_map": {
            "a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors",
        }}), encoding="utf-8")
    elif breakage == "no-tokenizer":
        (model_copy / "tokenizer.json").unlink()
    elif breakage == "no-chat-template":
        (model_copy / "chat_template.jinja").unlink()
        edit_json(model_copy / "tokenizer_config.json", lambda c: c.pop("chat_template", None))
    elif breakage == "gguf":
        for path in model_copy.iterdir():
            path.unlink()
        (model_copy / "tiny-chat-q4_k_m.gguf").write_bytes(b"GGUF")
    got_file, message, fix = only_problem(model_copy)
    assert got_file == file
    assert in_message in message
    assert in_fix in fix


def test_a_chat_template_inside_tokenizer_config_counts(model_copy: Path) -> None:
    template = (model_copy / "chat_template.jinja").read_text(encoding="utf-8")
    (model_copy / "chat_template.jinja").unlink()
    edit_json(model_copy / "tokenizer_config.json",
              lambda c: c.update(chat_template=[{"name": "default", "template": template}]))
    assert check_model_folder(model_copy).ok


def test_a_missing_folder_and_a_problem_in_words(tmp_path: Path) -> None:
    check = check_model_folder(tmp_path / "nowhere")
    assert not check.ok and check.problems[0].file is None
    assert check.problems[0].text("en").startswith("the folder: ")
    assert check.problems[0].text("zh_TW").startswith("資料夾：")
