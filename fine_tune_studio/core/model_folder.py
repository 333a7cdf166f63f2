"""Is this folder a Hugging Face causal language model the engine can train? Checked by
reading metadata only.

`check_model_folder(path)` is the one check for every folder that enters the models
folder: one the user adds ("Add a model folder…", `models add`), one a download assembled,
one another provider (Together AI) fetched. It reads JSON files and the headers of the
safetensors weights and nothing else: it never imports, runs or unpickles anything from the
folder (no `trust_remote_code`, no `.bin` pickles), so a hostile folder cannot run code.

Each problem names the file, says what is wrong and what to do. `model_files(folder)` is
the set of files worth keeping (what a download fetches and an added folder copies).
"""

from __future__ import annotations

import fnmatch
import json
import struct
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fine_tune_studio.core.i18n import LocalizedText

# What a model needs, and nothing else: config, tokenizer, chat template, safetensors
# weights. Top-level names only: `original/` (Meta's .pth copy) and `onnx/` never match.
MODEL_FILE_PATTERNS: tuple[str, ...] = (
    "config.json",
    "generation_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "added_tokens.json",
    "vocab.json",
    "merges.txt",
    "tokenizer.model",
    "chat_template.jinja",
    "chat_template.json",
    "model.safetensors",
    "model-*-of-*.safetensors",
    "model.safetensors.index.json",
)
# Never fetched or copied even if a pattern above matched: pickles and other formats.
SKIPPED_FILE_PATTERNS: tuple[str, ...] = (
    "original/*", "onnx/*", "runs/*", "*.bin", "*.pth", "*.pt", "*.gguf", "*.onnx",
    "*.onnx_data", "*.msgpack", "*.h5", "*.ot", "*.tflite", "*.py",
)
_CAUSAL_SUFFIXES = ("ForCausalLM", "LMHeadModel")
_PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".pkl", ".ckpt")
# A safetensors header is a few hundred kB even for big models; more is a damaged file.
_MAX_HEADER_BYTES = 100 * 1024 * 1024


def is_model_file(relative_path: str) -> bool:
    """Whether a file (path relative to the model folder, "/"-separated) is worth keeping."""
    if any(fnmatch.fnmatch(relative_path, p) for p in SKIPPED_FILE_PATTERNS):
        return False
    return "/" not in relative_path and any(
        fnmatch.fnmatch(relative_path, p) for p in MODEL_FILE_PATTERNS
    )


@dataclass(frozen=True)
class FolderProblem:
    """One thing that keeps a folder from being a usable base model."""

    file: str | None  # the file at fault, relative to the folder (None: the folder itself)
    message: LocalizedText
    fix: LocalizedText

    def text(self, lang: str = "en") -> str:
        where = self.file or ("the folder" if lang == "en" else "資料夾")
        separator = ": " if lang == "en" else "："
        return f"{where}{separator}{self.message.get(lang)} {self.fix.get(lang)}"


@dataclass
class FolderCheck:
    folder: Path
    problems: list[FolderProblem] = field(default_factory=list)
    architecture: str | None = None
    model_type: str | None = None
    files: list[str] = field(default_factory=list)  # what to keep, relative names
    ignored: list[str] = field(default_factory=list)  # present but never used or run
    size_bytes: int = 0  # of `files`

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, file: str | None, message: LocalizedText, fix: LocalizedText) -> None:
        self.problems.append(FolderProblem(file, message, fix))


def model_files(folder: Path) -> list[str]:
    """The top-level files of `folder` a model needs (sorted relative names)."""
    try:
        names = [p.name for p in folder.iterdir() if p.is_file()]
    except OSError:
        return []
    return sorted(n for n in names if is_model_file(n))


def check_model_folder(folder: Path) -> FolderCheck:
    """Check `folder` (see the module doc). Never raises for what is in the folder."""
    check = FolderCheck(folder=folder)
    if not folder.is_dir():
        check.add(None, _t("This folder does not exist or is not a folder.",
                           "這個資料夾不存在，或不是資料夾。"),
                  _t("Choose the folder that holds the model's config.json.",
                     "請選擇含有模型 config.json 的資料夾。"))
        return check
    present = _top_level_files(folder)
    if "config.json" not in present:
        _no_config(check, folder, present)
        return check
    _check_config(check, folder / "config.json")
    shards = _check_weights(check, folder, present)
    _check_tokenizer(check, folder, present)
    _check_chat_template(check, folder, present)
    for name in ("generation_config.json", "special_tokens_map.json", "added_tokens.json"):
        if name in present:
            _read_json_object(check, folder / name)
    check.files = sorted({n for n in present if is_model_file(n)} | shards)
    check.ignored = sorted(n for n in present if n not in check.files)
    check.size_bytes = sum(_size(folder / n) for n in check.files)
    return check


# -- config.json --------------------------------------------------------------------------


def _no_config(check: FolderCheck, folder: Path, present: set[str]) -> None:
    inside = [p.name for p in _subfolders(folder) if (p / "config.json").is_file()]
    if len(inside) == 1:
        fix = _t(f"The folder “{inside[0]}” inside it looks like a model: choose that one.",
                 f"裡面的「{inside[0]}」資料夾看起來是模型，請改選那個資料夾。")
    elif any(n.endswith(".gguf") for n in present):
        fix = _t("This is a GGUF file for llama.cpp or Ollama; training needs the original "
                 "Hugging Face folder (safetensors). Download that version instead.",
                 "這是給 llama.cpp 或 Ollama 用的 GGUF 檔；訓練需要原始的 Hugging Face 資料夾"
                 "（safetensors），請改下載那個版本。")
    else:
        fix = _t("Choose the folder downloaded from Hugging Face, the one that holds "
                 "config.json, the tokenizer files and the .safetensors weights.",
                 "請選擇從 Hugging Face 下載的資料夾，也就是含有 config.json、tokenizer 檔案和 "
                 ".safetensors 權重的那一個。")
    check.add("config.json", _t("There is no config.json: this is not a Hugging Face model "
                                "folder.", "找不到 config.json：這不是 Hugging Face 模型資料夾。"),
              fix)


def _check_config(check: FolderCheck, path: Path) -> None:
    config = _read_json_object(check, path)
    if config is None:
        return
    model_type = config.get("model_type")
    if isinstance(model_type, str) and model_type:
        check.model_type = model_type
    else:
        check.add("config.json", _t("It names no model_type.", "裡面沒有 model_type。"),
                  _redownload())
    architectures = config.get("architectures")
    names = [a for a in architectures if isinstance(a, str)] if isinstance(
        architectures, list) else []
    if not names:
        check.add("config.json", _t("It names no architecture (the “architectures” list).",
                                    "裡面沒有 architectures（模型架構）清單。"), _redownload())
    elif not any(name.endswith(_CAUSAL_SUFFIXES) for name in names):
        check.add("config.json",
                  _t(f"This is a {names[0]} model, not a language model that writes text "
                     "(its architecture should end in ForCausalLM).",
                     f"這是 {names[0]} 模型，不是會產生文字的語言模型（架構名稱應以 "
                     "ForCausalLM 結尾）。"),
                  _t("Choose a chat or instruct model, for example Qwen2.5-0.5B-Instruct.",
                     "請選擇對話（chat）或指令（instruct）模型，例如 Qwen2.5-0.5B-Instruct。"))
    else:
        check.architecture = next(n for n in names if n.endswith(_CAUSAL_SUFFIXES))
    if isinstance(config.get("auto_map"), dict):
        check.add("config.json",
                  _t("This model needs its own Python code (“auto_map”), and Fine Tune Studio "
                     "never runs code that comes with a model.",
                     "這個模型需要它自帶的 Python 程式碼（auto_map），而 Fine Tune Studio "
                     "從不執行模型附帶的程式碼。"),
                  _t("Choose a model whose architecture transformers knows, such as Qwen, "
                     "Llama, Gemma or SmolLM.",
                     "請選擇 transformers 內建支援架構的模型，例如 Qwen、Llama、Gemma 或 SmolLM。"))


# -- weights -------------------------------------------------------------------------------


def _check_weights(check: FolderCheck, folder: Path, present: set[str]) -> set[str]:
    """Check the safetensors weights; the shard names an index lists."""
    if "model.safetensors.index.json" in present:
        index = _read_json_object(check, folder / "model.safetensors.index.json")
        weight_map = index.get("weight_map") if index is not None else None
        if index is not None and not isinstance(weight_map, dict):
            check.add("model.safetensors.index.json",
                      _t("It has no weight_map.", "裡面沒有 weight_map。"), _redownload())
            return set()
        shards = {s for s in (weight_map or {}).values() if isinstance(s, str)}
        for shard in sorted(shards):
            if "/" in shard or "\\" in shard or shard.startswith("."):
                check.add("model.safetensors.index.json",
                          _t(f"It points outside the folder ({shard}).",
                             f"它指向資料夾以外的檔案（{shard}）。"), _redownload())
            elif shard not in present:
                check.add(shard, _t("This part of the weights is missing.",
                                    "缺少這一部分的權重檔。"), _redownload())
            else:
                _check_safetensors(check, folder / shard)
        return {s for s in shards if s in present}
    if "model.safetensors" in present:
        _check_safetensors(check, folder / "model.safetensors")
        return set()
    _no_weights(check, present)
    return set()


def _no_weights(check: FolderCheck, present: set[str]) -> None:
    if "adapter_model.safetensors" in present or "adapter_config.json" in present:
        check.add("adapter_model.safetensors",
                  _t("This folder holds a LoRA adapter, not a whole model.",
                     "這個資料夾裡是 LoRA 轉接器（adapter），不是完整的模型。"),
                  _t("Add the base model it was trained from instead.",
                     "請改為加入它當初訓練時使用的基礎模型。"))
        return
    pickles = sorted(n for n in present if n.endswith(_PICKLE_SUFFIXES))
    if pickles:
        check.add(pickles[0],
                  _t("The weights are only in PyTorch's pickle format, which can run code "
                     "when it is loaded; Fine Tune Studio accepts safetensors weights only.",
                     "權重只有 PyTorch 的 pickle 格式，載入時可能執行程式碼；Fine Tune Studio "
                     "只接受 safetensors 格式的權重。"),
                  _t("Download the model again from Hugging Face: most models offer "
                     "model.safetensors.",
                     "請從 Hugging Face 重新下載模型：大多數模型都有 model.safetensors。"))
        return
    check.add("model.safetensors", _t("There are no weights (model.safetensors).",
                                      "找不到權重檔（model.safetensors）。"), _redownload())


def _check_safetensors(check: FolderCheck, path: Path) -> None:
    """Read the header only: 8 bytes of length, then that much JSON naming each tensor's
    byte range. The file must be exactly as long as the ranges say."""
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            length_bytes = stream.read(8)
            if len(length_bytes) < 8:
                raise _Damaged("shorter than a safetensors header")
            (length,) = struct.unpack("<Q", length_bytes)
            if length > _MAX_HEADER_BYTES or 8 + length > size:
                raise _Damaged("its header length is impossible")
            header = json.loads(stream.read(length).decode("utf-8"))
    except OSError as error:
        check.add(name, _t(f"It cannot be read ({error.strerror or error}).",
                           f"無法讀取（{error.strerror or error}）。"), _permissions())
        return
    except (_Damaged, UnicodeDecodeError, ValueError) as error:
        check.add(name, _t(f"This is not a readable safetensors file ({error}).",
                           f"這不是可讀取的 safetensors 檔（{error}）。"), _redownload())
        return
    end = _tensor_data_end(header)
    if end is None:
        check.add(name, _t("Its header does not describe any tensors properly.",
                           "檔頭沒有正確描述任何張量（tensor）。"), _redownload())
    elif 8 + length + end > size:
        check.add(name, _t(f"The file is cut short ({_mb(size)} of {_mb(8 + length + end)}): "
                           "the download or copy did not finish.",
                           f"檔案不完整（只有 {_mb(size)}，應有 {_mb(8 + length + end)}）："
                           "下載或複製沒有完成。"), _redownload())
    elif 8 + length + end < size:
        check.add(name, _t("The file is longer than its header says: it is damaged.",
                           "檔案比檔頭記載的還長：檔案已損壞。"), _redownload())


class _Damaged(ValueError):
    pass


def _tensor_data_end(header: Any) -> int | None:
    if not isinstance(header, dict):
        return None
    end = 0
    tensors = 0
    for key, info in header.items():
        if key == "__metadata__":
            continue
        offsets = info.get("data_offsets") if isinstance(info, dict) else None
        if (not isinstance(offsets, list) or len(offsets) != 2
                or not all(isinstance(o, int) and o >= 0 for o in offsets)
                or offsets[0] > offsets[1]):
            return None
        end = max(end, offsets[1])
        tensors += 1
    return end if tensors else None


# -- tokenizer and chat template ------------------------------------------------------------


def _check_tokenizer(check: FolderCheck, folder: Path, present: set[str]) -> None:
    if "tokenizer.json" in present:
        _read_json_object(check, folder / "tokenizer.json")
    elif "tokenizer.model" in present:
        if _size(folder / "tokenizer.model") == 0:
            check.add("tokenizer.model", _t("The file is empty.", "檔案是空的。"), _redownload())
    elif {"vocab.json", "merges.txt"} <= present:
        _read_json_object(check, folder / "vocab.json")
    else:
        check.add("tokenizer.json",
                  _t("There is no tokenizer (tokenizer.json, tokenizer.model, or vocab.json "
                     "with merges.txt).",
                     "找不到 tokenizer（tokenizer.json、tokenizer.model，或 vocab.json 加 "
                     "merges.txt）。"),
                  _redownload())
    if "tokenizer_config.json" in present:
        _read_json_object(check, folder / "tokenizer_config.json")


def _check_chat_template(check: FolderCheck, folder: Path, present: set[str]) -> None:
    """A chat template must be present: the engine formats every conversation with it."""
    if "chat_template.jinja" in present:
        template = _read_text(check, folder / "chat_template.jinja")
        if template and template.strip():
            return
    if "chat_template.json" in present:
        data = _read_json_object(check, folder / "chat_template.json")
        if data is not None and _is_template(data.get("chat_template")):
            return
    if "tokenizer_config.json" in present:
        config = _read_json_object(check, folder / "tokenizer_config.json", report=False)
        if config is not None and _is_template(config.get("chat_template")):
            return
    check.add("tokenizer_config.json",
              _t("There is no chat template, so the model does not know how a conversation "
                 "is laid out. This is usually a base model rather than a chat model.",
                 "找不到對話範本（chat template），模型不知道對話的格式。這通常表示它是基礎"
                 "預訓練模型，而不是對話模型。"),
              _t("Choose the chat version of the model: its name usually ends in -Instruct, "
                 "-Chat or -it.",
                 "請改選這個模型的對話版本：名稱通常以 -Instruct、-Chat 或 -it 結尾。"))


def _is_template(value: object) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list):  # named templates: [{"name": "default", "template": "..."}]
        return any(isinstance(item, dict) and _is_template(item.get("template"))
                   for item in value)
    return False


# -- helpers --------------------------------------------------------------------------------


def _read_json_object(
    check: FolderCheck, path: Path, *, report: bool = True
) -> dict[str, Any] | None:
    text = _read_text(check, path) if report else _quiet_read(path)
    if text is None:
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        if report:
            check.add(path.name,
                      _t(f"This is not valid JSON (line {error.lineno}, column {error.colno}: "
                         f"{error.msg}).",
                         f"這不是有效的 JSON（第 {error.lineno} 行第 {error.colno} 欄："
                         f"{error.msg}）。"),
                      _redownload())
        return None
    except RecursionError:
        data = None
    if not isinstance(data, dict):
        if report:
            check.add(path.name, _t("It should hold a JSON object ({…}).",
                                    "內容應該是一個 JSON 物件（{…}）。"), _redownload())
        return None
    return data


def _read_text(check: FolderCheck, path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        check.add(path.name, _t(f"It cannot be read ({error.strerror or error}).",
                                f"無法讀取（{error.strerror or error}）。"), _permissions())
    except UnicodeDecodeError:
        check.add(path.name, _t("It is not UTF-8 text.", "它不是 UTF-8 文字檔。"), _redownload())
    return None


def _quiet_read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _top_level_files(folder: Path) -> set[str]:
    try:
        return {p.name for p in folder.iterdir() if p.is_file()}
    except OSError:
        return set()


def _subfolders(folder: Path) -> Iterable[Path]:
    try:
        return [p for p in folder.iterdir() if p.is_dir()]
    except OSError:
        return []


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _mb(size: int) -> str:
    from fine_tune_studio.core.model_download import format_bytes

    return format_bytes(size)


def _t(en: str, zh_tw: str) -> LocalizedText:
    return LocalizedText(en=en, zh_TW=zh_tw)


def _redownload() -> LocalizedText:
    return _t("Download the model again from Hugging Face, or choose another folder.",
              "請從 Hugging Face 重新下載模型，或選擇其他資料夾。")


def _permissions() -> LocalizedText:
    return _t("Check that you may read the file, then try again.",
              "請確認您有權限讀取這個檔案，然後再試一次。")
