"""`fine-tune-studio models list|pull|add|remove`: the base models on this computer.

The same services as the app's "Get a model" dialog (`services.local_models`,
`services.model_download`). Exit status: 0 done, 1 failed (the reason on stderr), 2 bad
arguments. `--models-dir` defaults to the folder the app and `engine serve` use
(`paths.models_dir()`).

`models export` lives in `commands/model_export.py` (it needs the engine room's export
code); its parser is added to the same `models` sub-parsers here.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from fine_tune_studio.core.i18n import LocalizedText as T
from fine_tune_studio.core.i18n import normalize_lang
from fine_tune_studio.paths import engine_data_dir, legacy_models_dir, models_dir

EXIT_OK, EXIT_FAILED, EXIT_BAD_ARGUMENTS = 0, 1, 2
PROGRESS_EVERY_SECONDS = 1.0

def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "models",
        help="the base models on this computer: list, download, add, remove",
        description="Base models for the local engine, one Hugging Face folder each in the "
        f"models folder (default {models_dir()}). See docs/models.md.",
    )
    commands = parser.add_subparsers(dest="models_command", metavar="MODELS_COMMAND")
    for adder in (add_list_parser, add_pull_parser, add_add_parser, add_remove_parser):
        adder(commands)
    from fine_tune_studio.commands import model_export

    model_export.add_export_parser(commands)
    parser.set_defaults(handler=lambda _args: _usage(parser))
    return parser


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_BAD_ARGUMENTS


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--models-dir", type=Path, default=None,
                        help=f"the models folder (default {models_dir()})")
    parser.add_argument("--lang", choices=("en", "zh_TW"), default=None,
                        help="language of the messages (default: from the environment, else en)")


def add_list_parser(commands: Any) -> None:
    parser = commands.add_parser("list", help="list the models on this computer")
    _common(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        dest="output_format")
    parser.set_defaults(handler=run_list)


def add_pull_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "pull", help="download a model from Hugging Face",
        description="Download REPO_ID (for example Qwen/Qwen2.5-0.5B-Instruct) into the models "
        "folder: only config, tokenizer, chat template and safetensors weights. Progress goes "
        "to stderr, the model's name is the last line on stdout. Run it again after an "
        "interruption: it continues where it stopped. Honours HF_ENDPOINT and HF_TOKEN.")
    parser.add_argument("repo_id", metavar="REPO_ID")
    parser.add_argument("--revision", default=None,
                        help="a branch, tag or commit (default: the pinned commit for models in "
                        "the app's list, else the newest)")
    parser.add_argument("--name", default=None,
                        help="the model's name here (default: the last part of REPO_ID)")
    _common(parser)
    parser.set_defaults(handler=run_pull)


def add_add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "add", help="copy a Hugging Face model folder you already have",
        description="Check FOLDER (config.json, safetensors weights, tokenizer, chat template; "
        "metadata only, no code from it is ever run) and copy what a model needs into the "
        "models folder.")
    parser.add_argument("folder", type=Path, metavar="FOLDER")
    parser.add_argument("--name", default=None,
                        help="the model's name here (default: from the folder's name)")
    _common(parser)
    parser.set_defaults(handler=run_add)


def add_remove_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "remove", help="delete a model from this computer",
        description="Delete the model NAME from the models folder. Refused while an engine job "
        "uses it.")
    parser.add_argument("name", metavar="NAME")
    _common(parser)
    parser.add_argument("--data-dir", type=Path, default=None,
                        help=f"the engine's data folder, to see which jobs use the model "
                        f"(default {engine_data_dir()})")
    parser.set_defaults(handler=run_remove)


# -- handlers ---------------------------------------------------------------------------------


def _lang(args: argparse.Namespace) -> str:
    if getattr(args, "lang", None):
        return str(args.lang)
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG"):
        value = os.environ.get(var)
        if value:
            return normalize_lang(value)
    return "en"


def _models(args: argparse.Namespace) -> Any:
    from fine_tune_studio.services.local_models import LocalModels

    folder = (args.models_dir or models_dir()).expanduser().resolve()
    return LocalModels(folder)


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def run_list(args: argparse.Namespace) -> int:
    from fine_tune_studio.core.model_download import format_bytes

    lang = _lang(args)
    models = _models(args)
    found = models.list()
    if args.output_format == "json":
        print(json.dumps({"models": [m.to_json() for m in found]}, ensure_ascii=False,
                         indent=2))
    elif not found:
        print(T(en=f"No models in {models.models_dir} yet. Get one with:\n"
                "  fine-tune-studio models pull Qwen/Qwen2.5-0.5B-Instruct",
                zh_TW=f"{models.models_dir} 裡還沒有模型。可以用這個指令下載一個：\n"
                "  fine-tune-studio models pull Qwen/Qwen2.5-0.5B-Instruct").get(lang))
    else:
        rows = [(m.name, format_bytes(m.size_bytes), m.source.value, m.repo_id or m.added_from
                 or "") for m in found]
        width = max(len(r[0]) for r in rows)
        for name, size, source, origin in rows:
            print(f"{name:<{width}}  {size:>8}  {source:<9}  {origin}".rstrip())
    if args.models_dir is None:
        _mention_legacy_folder(lang)
    return EXIT_OK


def _mention_legacy_folder(lang: str) -> None:
    from fine_tune_studio.services.local_models import LocalModels

    old = legacy_models_dir()
    if old.resolve() != models_dir().resolve() and LocalModels(old).list():
        _say(T(en=f"Note: {old} holds models from an earlier version; move them into "
               f"{models_dir()} to use them.",
               zh_TW=f"注意：{old} 裡有舊版本留下的模型；請把它們移到 {models_dir()} 才能使用。"
               ).get(lang))


def run_pull(args: argparse.Namespace) -> int:
    from fine_tune_studio.core.model_names import RepoIdError
    from fine_tune_studio.services.local_models import LocalModelsError
    from fine_tune_studio.services.model_download import (
        DownloadProgress,
        ModelDownloader,
        ModelDownloadError,
        describe_progress,
    )

    lang = _lang(args)
    downloader = ModelDownloader(_models(args))
    last = [0.0]

    def show(progress: DownloadProgress) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY_SECONDS or progress.fraction in (None, 1.0):
            last[0] = now
            _say(describe_progress(progress, lang).get(lang))

    try:
        model = asyncio.run(downloader.pull(args.repo_id, revision=args.revision,
                                            name=args.name, progress=show))
    except RepoIdError as error:
        _say(error.text.get(lang))
        return EXIT_BAD_ARGUMENTS
    except LocalModelsError as error:
        _say(error.text(lang))
        return EXIT_BAD_ARGUMENTS
    except ModelDownloadError as error:
        _say(error.text(lang))
        if error.detail:
            _say(f"({error.detail})")
        return EXIT_FAILED
    except KeyboardInterrupt:
        _say(T(en="Stopped. Run the same command again to continue where it stopped.",
               zh_TW="已停止。再執行一次同樣的指令，就會從中斷的地方繼續。").get(lang))
        return EXIT_FAILED
    print(model.name)
    return EXIT_OK


def run_add(args: argparse.Namespace) -> int:
    from fine_tune_studio.core.model_download import format_bytes
    from fine_tune_studio.services.local_models import LocalModelsError

    lang = _lang(args)
    models = _models(args)
    last = [0.0]

    def show(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY_SECONDS or done == total:
            last[0] = now
            _say(T(en=f"Copying: {format_bytes(done)} of {format_bytes(total)}",
                   zh_TW=f"複製中：{format_bytes(done)} / {format_bytes(total)}").get(lang))

    try:
        model = models.add_folder(args.folder, args.name, progress=show)
    except LocalModelsError as error:
        _say(error.text(lang))
        return EXIT_FAILED
    except OSError as error:
        _say(T(en=f"Could not copy the model: {error.strerror or error}",
               zh_TW=f"無法複製模型：{error.strerror or error}").get(lang))
        return EXIT_FAILED
    except KeyboardInterrupt:
        return EXIT_FAILED
    print(model.name)
    return EXIT_OK


def run_remove(args: argparse.Namespace) -> int:
    from fine_tune_studio.services.local_models import LocalModelsError

    lang = _lang(args)
    models = _models(args)
    model = models.find(args.name)
    if model is None:
        _say(T(en=f"There is no model called “{args.name}” in {models.models_dir}.",
               zh_TW=f"{models.models_dir} 裡沒有叫做「{args.name}」的模型。").get(lang))
        return EXIT_FAILED
    usage = _usage_of(model.path, args.data_dir)
    if usage is not None and usage.unfinished_jobs:
        jobs = ", ".join(usage.unfinished_jobs)
        _say(T(en=f"“{model.name}” is in use by {jobs}: cancel or wait for those jobs first.",
               zh_TW=f"「{model.name}」正被 {jobs} 使用中：請先取消這些工作或等它們完成。"
               ).get(lang))
        return EXIT_FAILED
    try:
        models.remove(model.name)
    except (LocalModelsError, OSError) as error:
        text = error.text(lang) if isinstance(error, LocalModelsError) else str(error)
        _say(text)
        return EXIT_FAILED
    if usage is not None and usage.fine_tuned_models:
        _say(T(en=f"Removed. {len(usage.fine_tuned_models)} fine-tuned model(s) made from it "
               "cannot be used until it is back: " + ", ".join(usage.fine_tuned_models),
               zh_TW=f"已移除。以它微調出的 {len(usage.fine_tuned_models)} 個模型在它放回來之前"
               "都無法使用：" + "、".join(usage.fine_tuned_models)).get(lang))
    return EXIT_OK


def _usage_of(model_path: Path, data_dir: Path | None) -> Any:
    """What the engine's records say about the model, or None without the engine add-on."""
    try:
        from fine_tune_studio.engine.model_usage import base_model_usage
    except ImportError:
        return None
    return base_model_usage((data_dir or engine_data_dir()).expanduser(), model_path)
