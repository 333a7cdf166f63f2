"""Benchmark: `fine-tune-studio validate --format json` against the OpenAI cookbook's checks.

Generates a 100,000-example (~70 MB) mixed Chinese/English chat file, then runs, in the same
session and on the same file:

- ours: `fine-tune-studio validate FILE --format json` as a subprocess;
- baseline: a script doing what the cookbook's "Data preparation and analysis for chat model
  fine-tuning" notebook does — `json.loads` per line into a list, its format-error checks,
  tiktoken `o200k_base` counts (`num_tokens_from_messages`, assistant tokens), the
  distributions (numpy), too-long examples, default epochs and billed tokens. tiktoken is
  given the official ranks from the local file, so nothing is downloaded.

Peak memory is sampled every 10 ms over the whole process tree (proportional set size, so
pages a forked worker shares with its parent are not counted twice; RSS where PSS is not
available). The last line printed is one JSON object:
{"examples", "ours_s", "baseline_s", "ratio", "ours_peak_mb", "baseline_peak_mb"}.

Usage: .venv/bin/python benchmarks/validate_bench.py [--examples N] [--repeat R] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).parent / "fine-tune-studio"

SYSTEMS = [
    "你是桃園機場的智慧客服,專門回答旅客關於機場規定與服務的問題。",
    "You are a friendly support agent for Taoyuan International Airport. Answer briefly.",
    "你是一位親切的旅遊顧問,用繁體中文回答,必要時附上英文名稱。",
    "You are a customer-service assistant for an airline. Be accurate and polite.",
]
ZH = [
    "請問",
    "我",
    "可以",
    "帶",
    "行李",
    "入境",
    "台灣",
    "機場",
    "捷運",
    "營運",
    "時間",
    "第一",
    "第二",
    "航廈",
    "免費",
    "無線",
    "網路",
    "退稅",
    "服務台",
    "護照",
    "登機",
    "轉機",
    "旅館",
    "休息",
    "嬰兒車",
    "借用",
    "失物招領",
    "寵物",
    "防疫",
    "檢疫",
    "規定",
    "肉類",
    "液體",
    "容量",
    "不得",
    "超過",
    "毫升",
    "透明",
    "塑膠袋",
    "行動電源",
    "托運",
    "隨身",
    "航空公司",
    "確認",
    "文件",
    "櫃檯",
    "報到",
    "安檢",
    "出境",
    "大廳",
    "自助",
    "辦理",
    "旅客",
    "您好",
    "謝謝",
    "當然",
    "有的",
    "根據",
    "為避免",
    "罰款",
    "請",
    "提供",
    "物品",
    "特徵",
]
EN = [
    "please",
    "can",
    "I",
    "bring",
    "luggage",
    "into",
    "Taiwan",
    "airport",
    "MRT",
    "operating",
    "hours",
    "terminal",
    "free",
    "wifi",
    "tax",
    "refund",
    "counter",
    "passport",
    "boarding",
    "transfer",
    "hotel",
    "rest",
    "stroller",
    "lost",
    "and",
    "found",
    "pet",
    "quarantine",
    "rules",
    "meat",
    "liquids",
    "capacity",
    "must",
    "not",
    "exceed",
    "millilitres",
    "transparent",
    "bag",
    "power",
    "bank",
    "checked",
    "carry-on",
    "airline",
    "confirm",
    "documents",
    "check-in",
    "security",
    "departure",
    "hall",
    "self",
    "service",
    "traveller",
    "hello",
    "thanks",
    "of",
    "course",
    "yes",
    "according",
    "to",
    "avoid",
    "fines",
    "provide",
    "item",
]


def _sentence(rng: random.Random, n: int) -> str:
    if rng.random() < 0.6:
        return "".join(rng.choice(ZH) for _ in range(n)) + rng.choice(["?", "。", "!"])
    return " ".join(rng.choice(EN) for _ in range(n)).capitalize() + rng.choice(["?", ".", "!"])


def generate(path: Path, examples: int, seed: int = 7) -> int:
    """Write the benchmark file; returns its size in bytes."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(examples):
            messages = [{"role": "system", "content": rng.choice(SYSTEMS)}]
            for _turn in range(rng.choice([1, 1, 2])):
                messages.append({"role": "user", "content": _sentence(rng, rng.randint(6, 20))})
                answer = " ".join(_sentence(rng, rng.randint(8, 24)) for _ in range(3))
                messages.append({"role": "assistant", "content": answer})
            handle.write(json.dumps({"messages": messages}, ensure_ascii=False) + "\n")
    return path.stat().st_size


BASELINE = r'''
import json, sys
from collections import defaultdict
import numpy as np
import tiktoken
from tiktoken.load import load_tiktoken_bpe

data_path, ranks_path = sys.argv[1], sys.argv[2]
with open(data_path, "r", encoding="utf-8") as f:
    dataset = [json.loads(line) for line in f]

format_errors = defaultdict(int)
for ex in dataset:
    if not isinstance(ex, dict):
        format_errors["data_type"] += 1
        continue
    messages = ex.get("messages", None)
    if not messages:
        format_errors["missing_messages_list"] += 1
        continue
    for message in messages:
        if "role" not in message or "content" not in message:
            format_errors["message_missing_key"] += 1
        if any(k not in ("role", "content", "name", "function_call", "weight") for k in message):
            format_errors["message_unrecognized_key"] += 1
        if message.get("role", None) not in ("system", "user", "assistant", "function"):
            format_errors["unrecognized_role"] += 1
        content = message.get("content", None)
        function_call = message.get("function_call", None)
        if (not content and not function_call) or not isinstance(content, str):
            format_errors["missing_content"] += 1
    if not any(message.get("role", None) == "assistant" for message in messages):
        format_errors["example_missing_assistant_message"] += 1

encoding = tiktoken.Encoding(
    name="o200k_base",
    pat_str="|".join([
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""", r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""", r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""", r"""\s+""",
    ]),
    mergeable_ranks=load_tiktoken_bpe(ranks_path),
    special_tokens={"<|endoftext|>": 199999, "<|endofprompt|>": 200018},
)

def num_tokens_from_messages(messages, tokens_per_message=3, tokens_per_name=1):
    num_tokens = 0
    for message in messages:
        num_tokens += tokens_per_message
        for key, value in message.items():
            num_tokens += len(encoding.encode(value))
            if key == "name":
                num_tokens += tokens_per_name
    num_tokens += 3
    return num_tokens

def num_assistant_tokens_from_messages(messages):
    num_tokens = 0
    for message in messages:
        if message["role"] == "assistant":
            num_tokens += len(encoding.encode(message["content"]))
    return num_tokens

def print_distribution(values, name):
    print(f"\n#### Distribution of {name}:")
    print(f"min / max: {min(values)}, {max(values)}")
    print(f"mean / median: {np.mean(values)}, {np.median(values)}")
    print(f"p5 / p95: {np.quantile(values, 0.1)}, {np.quantile(values, 0.9)}")

n_missing_system = 0
n_missing_user = 0
n_messages = []
convo_lens = []
assistant_message_lens = []
for ex in dataset:
    messages = ex["messages"]
    if not any(message["role"] == "system" for message in messages):
        n_missing_system += 1
    if not any(message["role"] == "user" for message in messages):
        n_missing_user += 1
    n_messages.append(len(messages))
    convo_lens.append(num_tokens_from_messages(messages))
    assistant_message_lens.append(num_assistant_tokens_from_messages(messages))

print_distribution(n_messages, "num_messages_per_example")
print_distribution(convo_lens, "num_total_tokens_per_example")
print_distribution(assistant_message_lens, "num_assistant_tokens_per_example")
n_too_long = sum(l > 65536 for l in convo_lens)

MAX_TOKENS_PER_EXAMPLE = 65536
TARGET_EPOCHS = 3
MIN_TARGET_EXAMPLES = 100
MAX_TARGET_EXAMPLES = 25000
MIN_DEFAULT_EPOCHS = 1
MAX_DEFAULT_EPOCHS = 25
n_epochs = TARGET_EPOCHS
n_train_examples = len(dataset)
if n_train_examples * TARGET_EPOCHS < MIN_TARGET_EXAMPLES:
    n_epochs = min(MAX_DEFAULT_EPOCHS, MIN_TARGET_EXAMPLES // n_train_examples)
elif n_train_examples * TARGET_EPOCHS > MAX_TARGET_EXAMPLES:
    n_epochs = max(MIN_DEFAULT_EPOCHS, MAX_TARGET_EXAMPLES // n_train_examples)
n_billing_tokens_in_dataset = sum(min(MAX_TOKENS_PER_EXAMPLE, length) for length in convo_lens)
print(json.dumps({"errors": dict(format_errors), "total_tokens": sum(convo_lens),
                  "epochs": n_epochs, "billed": n_billing_tokens_in_dataset * n_epochs}))
'''


def _tree_memory(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            info = p.memory_full_info()
            total += getattr(info, "pss", info.rss)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total


def run_measured(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int, bytes]:
    """(seconds, peak MB of the process tree, exit status, stdout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    ps = psutil.Process(proc.pid)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            try:
                peak = max(peak, _tree_memory(ps))
            except psutil.NoSuchProcess:
                return
            stop.wait(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    stop.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        sys.stderr.write(err.decode("utf-8", "replace"))
    return elapsed, peak / 1e6, proc.returncode, out


def measure_editor(data: Path, samples: int = 300) -> str:
    """Median time of re-checking one edited example, alone and inside a big document."""
    import statistics

    from fine_tune_studio.core.document import DatasetDocument
    from fine_tune_studio.core.validation import DocumentChecker, check_line

    doc = DatasetDocument.open(data)
    checker = DocumentChecker(doc)
    rng = random.Random(3)
    alone, inside = [], []
    for k in range(samples):
        i = rng.randrange(len(doc))
        obj = json.loads(doc.line_text(i))
        obj["messages"][-1]["content"] += f" (edit {k})"  # new text: no cache hit
        text = json.dumps(obj, ensure_ascii=False)
        t0 = time.perf_counter()
        check_line(text, i + 1)
        alone.append(time.perf_counter() - t0)
        obj["messages"][-1]["content"] += "!"
        doc.set_line_object(i, obj)
        t0 = time.perf_counter()
        checker.update_line(i)
        inside.append(time.perf_counter() - t0)
    return (
        f"editor: check_line median {statistics.median(alone) * 1e6:.0f} us, "
        f"DocumentChecker.update_line median {statistics.median(inside) * 1e6:.0f} us "
        f"(document of {len(doc)} lines)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the best counts")
    parser.add_argument("--keep", type=Path, default=None, help="folder to keep the file in")
    parser.add_argument("--no-editor", action="store_true", help="skip the editor timings")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="validate-bench-")) if args.keep is None else args.keep
    workdir.mkdir(parents=True, exist_ok=True)
    data = workdir / f"bench-{args.examples}.jsonl"
    size = data.stat().st_size if data.exists() else generate(data, args.examples)
    print(f"file: {data} ({size / 1e6:.1f} MB, {args.examples} examples)")
    ranks = workdir / "o200k_base.tiktoken"
    if not ranks.exists():
        from fine_tune_studio.core.tokens import tokenizer_data_bytes

        ranks.write_bytes(tokenizer_data_bytes())  # the official file the app ships
    baseline_script = workdir / "cookbook_baseline.py"
    baseline_script.write_text(BASELINE, encoding="utf-8")

    env = dict(os.environ, TIKTOKEN_CACHE_DIR="", PYTHONDONTWRITEBYTECODE="1")
    ours_cmd = [str(CLI), "validate", str(data), "--format", "json"]
    base_cmd = [sys.executable, str(baseline_script), str(data), str(ranks)]
    ours_runs, base_runs = [], []
    for _ in range(args.repeat):
        base_runs.append(run_measured(base_cmd, env))
        ours_runs.append(run_measured(ours_cmd, env))
    ours = min(ours_runs, key=lambda r: r[0])
    base = min(base_runs, key=lambda r: r[0])
    if base[2] != 0:
        print("baseline failed", file=sys.stderr)
        return 1
    report = json.loads(ours[3])
    baseline_out = json.loads(base[3].decode().strip().splitlines()[-1])
    print(
        f"ours: {ours[0]:.2f} s, {ours[1]:.0f} MB, exit {ours[2]}, {report['examples']} examples, "
        f"{len(report['issues'])} issues, {report['tokens']['total']} tokens"
    )
    print(
        f"baseline: {base[0]:.2f} s, {base[1]:.0f} MB, {baseline_out['total_tokens']} tokens, "
        f"format errors {baseline_out['errors']}"
    )
    if baseline_out["total_tokens"] != report["tokens"]["total"]:
        print("note: token totals differ between ours and the baseline", file=sys.stderr)
    if not args.no_editor:
        print(measure_editor(data))
    result = {
        "examples": report["examples"],
        "ours_s": round(ours[0], 3),
        "baseline_s": round(base[0], 3),
        "ratio": round(ours[0] / base[0], 3),
        "ours_peak_mb": round(ours[1], 1),
        "baseline_peak_mb": round(base[1], 1),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
