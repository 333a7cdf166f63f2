"""`fine-tune-studio eval run TEST.jsonl ...`: answer a test set with several models.

The same runner and report code as the Evaluation panel (`services/evaluation.py`,
`core/eval_report.py`). Writes DIR/answers.jsonl, DIR/summary.json and DIR/report.html
(plus the report's CSV and JSON); run again with the same --out to continue an interrupted
run (answers already stored are not asked again).

Exit status: 0 every answer was had; 1 some answers failed; 2 bad arguments or unusable
input.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

from fine_tune_studio.core.atomic_write import atomic_write
from fine_tune_studio.core.eval_run import (
    DEFAULT_FEW_SHOT,
    DEFAULT_MAX_TOKENS,
    MAX_CONTESTANTS,
    MIN_CONTESTANTS,
    Contestant,
    RunParams,
    RunSpec,
    prompt_baseline,
)
from fine_tune_studio.core.i18n import LocalizedText as T
from fine_tune_studio.core.i18n import normalize_lang
from fine_tune_studio.core.test_sets import TestItem, find_leaks, read_test_items

EXIT_OK, EXIT_FAILURES, EXIT_UNUSABLE = 0, 1, 2
PROVIDER_ID = "cli"

MESSAGES = {
    "no_items": T(en="{file}: no usable test question (each line needs a question and the "
                  "expected answer as the last assistant message).",
                  zh_TW="{file}：沒有可用的測試提問（每一行都需要提問，並以助理訊息作為最後的參考答案）。"),
    "unreadable": T(en="{file}: cannot be read: {error}", zh_TW="{file}：無法讀取：{error}"),
    "count": T(
        en="A run needs {low} to {high} contestants (models and few-shot baselines); got {n}.",
        zh_TW="一次評估需要 {low} 到 {high} 個參賽模型（含少樣本基準）；目前是 {n} 個。",
    ),
    "other_run": T(
        en="{dir} holds a different run (other test set or models); choose another --out.",
        zh_TW="{dir} 裡是另一次評估（測試集或模型不同）；請換一個 --out。",
    ),
    "no_key": T(en="The environment variable {var} is not set.", zh_TW="環境變數 {var} 沒有設定。"),
    "progress": T(en="{done}/{total} answers", zh_TW="{done}/{total} 個回答"),
    "failed": T(en="{n} answers failed; run the same command again to retry them.",
                zh_TW="{n} 個回答失敗；再執行一次同樣的指令即可重試。"),
    "done": T(en="Done: {dir}", zh_TW="完成：{dir}"),
    "leak": T(
        en="warning: the test question on line {test} is also on line {train} of {file}: "
        "a model trained on that file is scored on its memory.",
        zh_TW="警告：測試集第 {test} 行的提問也在 {file} 第 {train} 行；用那個檔案訓練的模型，"
        "量到的是記憶。",
    ),
}


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "eval", help="evaluate models on a test set"
    )
    commands = parser.add_subparsers(dest="eval_command", metavar="EVAL_COMMAND")
    run = commands.add_parser(
        "run",
        help="answer a test set with several models and score the answers",
        description="Ask every model every question of TEST.jsonl at temperature 0, store "
        "the answers as they arrive and score them against the reference answers. Exit 0: "
        "done; 1: some answers failed (run again to retry); 2: bad arguments.",
    )
    run.add_argument("test_set", type=Path, metavar="TEST.jsonl")
    run.add_argument("--base-url", required=True, help="an OpenAI-compatible API, e.g. "
                     "http://127.0.0.1:8000/v1")
    run.add_argument("--api-key-env", metavar="VAR", default=None,
                     help="the environment variable holding the API key")
    run.add_argument("--model", action="append", required=True, dest="models",
                     help="a model to evaluate (repeat for each)")
    run.add_argument("--few-shot-from", type=Path, metavar="TRAIN.jsonl", default=None,
                     help="add a prompt baseline: the first --model with the training file's "
                     "system prompt and K of its examples")
    run.add_argument("--few-shot", type=int, default=DEFAULT_FEW_SHOT, metavar="K")
    run.add_argument("--concurrency", type=int, default=4, metavar="N",
                     help="requests at a time (default 4)")
    run.add_argument("--max-tokens", type=int, default=DEFAULT_MAX_TOKENS)
    run.add_argument("--seed", type=int, default=0, help="seed for drawing few-shot examples")
    run.add_argument("--out", type=Path, required=True, metavar="DIR")
    run.add_argument("--lang", choices=("en", "zh_TW"), default=None)
    run.set_defaults(handler=run_command)
    return parser


def _say(key: str, lang: str, **values: Any) -> str:
    return MESSAGES[key].get(lang).format(**values)


def _contestants(args: argparse.Namespace, items: list[TestItem]) -> list[Contestant]:
    contestants = [Contestant(name=m, provider_id=PROVIDER_ID, model=m) for m in args.models]
    if args.few_shot_from is not None:
        lines = args.few_shot_from.read_bytes().splitlines()
        contestants.append(
            prompt_baseline(args.models[0], PROVIDER_ID, lines, args.few_shot, args.seed,
                            avoid_questions=[i.question for i in items])
        )
    return contestants


def _same_run(old: RunSpec, new: RunSpec) -> bool:
    return Path(old.test_set).resolve() == Path(new.test_set).resolve() and [
        (c.name, c.model) for c in old.contestants
    ] == [(c.name, c.model) for c in new.contestants]


def run_command(args: argparse.Namespace) -> int:
    from fine_tune_studio.services.eval_store import RunFolder, report_data, write_report

    lang = normalize_lang(args.lang or os.environ.get("LANG"))
    if args.concurrency < 1 or args.few_shot < 1 or args.max_tokens < 1:
        print("--concurrency, --few-shot and --max-tokens must be at least 1", file=sys.stderr)
        return EXIT_UNUSABLE
    key = None
    if args.api_key_env:
        key = os.environ.get(args.api_key_env)
        if not key:
            print(_say("no_key", lang, var=args.api_key_env), file=sys.stderr)
            return EXIT_UNUSABLE
    try:
        items, _unusable = read_test_items(args.test_set.read_bytes().splitlines())
        contestants = _contestants(args, items)
    except OSError as error:
        print(_say("unreadable", lang, file=error.filename, error=error.strerror),
              file=sys.stderr)
        return EXIT_UNUSABLE
    if not items:
        print(_say("no_items", lang, file=args.test_set), file=sys.stderr)
        return EXIT_UNUSABLE
    if args.few_shot_from is not None:
        leaks = find_leaks(args.few_shot_from.read_bytes().splitlines(),
                           args.test_set.read_bytes().splitlines())
        for leak in leaks:
            print(_say("leak", lang, test=leak.test_line, train=leak.train_line,
                       file=args.few_shot_from), file=sys.stderr)
    if not MIN_CONTESTANTS <= len(contestants) <= MAX_CONTESTANTS:
        print(_say("count", lang, low=MIN_CONTESTANTS, high=MAX_CONTESTANTS,
                   n=len(contestants)), file=sys.stderr)
        return EXIT_UNUSABLE
    spec = RunSpec(
        title=args.test_set.name, test_set=str(args.test_set.resolve()),
        training_file=str(args.few_shot_from.resolve()) if args.few_shot_from else None,
        contestants=contestants, params=RunParams(max_tokens=args.max_tokens), seed=args.seed,
    )
    if RunFolder.exists(args.out):
        folder = RunFolder.open(args.out)
        if not _same_run(folder.spec, spec):
            print(_say("other_run", lang, dir=args.out), file=sys.stderr)
            return EXIT_UNUSABLE
    else:
        folder = RunFolder.create(args.out, spec)
    try:
        failed = asyncio.run(_run(folder, items, args, key, lang))
    finally:
        folder.close()
    data = report_data(folder, items)
    atomic_write(
        args.out / "summary.json",
        json.dumps(data.summary(), ensure_ascii=False, indent=2).encode("utf-8"),
    )
    write_report(data, args.out / "report.html", lang)
    if failed:
        print(_say("failed", lang, n=failed), file=sys.stderr)
        return EXIT_FAILURES
    print(_say("done", lang, dir=args.out))
    return EXIT_OK


async def _run(
    folder: Any, items: list[TestItem], args: argparse.Namespace, key: str | None, lang: str
) -> int:
    from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
    from fine_tune_studio.services.client import ProviderClient
    from fine_tune_studio.services.evaluation import EvaluationRunner

    profile = ProviderProfile(
        id=PROVIDER_ID, kind=ProviderKind.OPENAI_COMPATIBLE, display_name="eval",
        base_url=args.base_url,
    )
    client = ProviderClient(profile, api_key=key)

    async def chat_for(_provider_id: str) -> ProviderClient:
        return client

    runner = EvaluationRunner(chat_for, folder, concurrency=args.concurrency)
    tty = sys.stderr.isatty()
    try:
        async for progress in runner.run(items):
            if tty or progress.done == progress.total:
                print("\r" + _say("progress", lang, done=progress.done, total=progress.total),
                      end="" if progress.done < progress.total else "\n", file=sys.stderr)
    finally:
        await client.aclose()
    return len(folder.failures())
