"""Benchmark: files of many short lines against the 100,000-example file.

A file's cost must grow with its lines whatever they hold; before issue #11 a 2 MB file of
blank lines took ~70 s and 3.4 GB in `validate`. This runs, as subprocesses measured like
`validate_bench.py` does (wall time; peak proportional set size of the process tree):

- `fine-tune-studio validate FILE --format json` on: blank lines (2 MB), `{}` lines (3 MB),
  blank and `{}` lines taking turns (2 MB: no run of one problem, one JSON item per line
  problem), the same three at half the lines (for the 2x/1x ratios), and the 100k-example
  file of validate_bench.py (the yardstick);
- the local engine's upload check (`engine.upload_check.check_upload`) on a 0.9 MB upload of
  blank lines, in a process that has imported the engine's app: its resident memory before
  and at the peak;
- the editor's whole-file check, core side (`DocumentChecker` over the opened document):
  resident memory before and at the peak, on the 2 MB blank-line file.

The last line printed is one JSON object with every number; per file:
{"lines", "mb", "s", "peak_mb", "out_mb"}, and "ratios" {name: {"time", "memory"}} of the
full file against the half one (linear cost gives ~2 or less).

Usage: .venv/bin/python benchmarks/pathological_bench.py [--keep DIR] [--skip-examples]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from validate_bench import CLI, generate, run_measured

FILES = {
    "blank_lines": (b"\n", 2_000_000),
    "empty_objects": (b"{}\n", 1_000_000),
    "alternating": (b"\n{}\n", 500_000),
}

_IN_PROCESS = r"""
import json, resource, sys
from pathlib import Path
import psutil

def reset_peak():
    # From here on VmHWM counts only what follows (opening the file made its own peak).
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass

def peak_rss():
    # VmHWM starts afresh with this program; ru_maxrss would carry the parent's peak.
    for row in Path("/proc/self/status").read_text().splitlines():
        if row.startswith("VmHWM:"):
            return int(row.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

what, path = sys.argv[1], Path(sys.argv[2])
if what == "upload":
    import fine_tune_studio.engine.api.files  # the engine's imports, as its server has them
    from fine_tune_studio.engine.upload_check import check_upload
    data = path.read_bytes()
    before = psutil.Process().memory_info().rss
    reset_peak()
    verdict = check_upload(data)
    summary = [verdict.status, verdict.n_examples, len(verdict.issues)]
else:
    from fine_tune_studio.core.document import DatasetDocument
    from fine_tune_studio.core.validation import DocumentChecker
    doc = DatasetDocument.open(path)
    before = psutil.Process().memory_info().rss
    reset_peak()
    checker = DocumentChecker(doc)
    report = checker.report()
    summary = [len(checker), len(report.issues)]
peak = peak_rss()
print(json.dumps({"rss_before_mb": round(before / 1e6, 1), "rss_peak_mb": round(peak / 1e6, 1),
                  "result": summary}))
"""


def _validate(path: Path, env: dict[str, str]) -> dict[str, float]:
    seconds, peak_mb, status, out = run_measured(
        [str(CLI), "validate", str(path), "--format", "json"], env
    )
    if status not in (0, 1):
        raise SystemExit(f"validate failed on {path} (exit {status})")
    if len(out) < 64_000_000:
        json.loads(out)  # the whole report is valid JSON (parsing more would cost GBs here)
    elif not out.rstrip().endswith(b"}"):
        raise SystemExit(f"validate wrote an incomplete report on {path}")
    lines = path.read_bytes().count(b"\n")
    return {
        "lines": lines,
        "mb": round(path.stat().st_size / 1e6, 2),
        "s": round(seconds, 3),
        "peak_mb": round(peak_mb, 1),
        "out_mb": round(len(out) / 1e6, 2),
    }


def _in_process(what: str, path: Path, env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _IN_PROCESS, what, str(path)],
        capture_output=True,
        env=env,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, default=None, help="folder to keep the files in")
    parser.add_argument("--skip-examples", action="store_true", help="skip the 100k file")
    args = parser.parse_args()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="pathological-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")

    results: dict[str, object] = {}
    ratios: dict[str, dict[str, float]] = {}
    for name, (unit, repeats) in FILES.items():
        full, half = workdir / f"{name}.jsonl", workdir / f"{name}-half.jsonl"
        full.write_bytes(unit * repeats)
        half.write_bytes(unit * (repeats // 2))
        measured = _validate(full, env)
        halved = _validate(half, env)
        results[name] = measured
        ratios[name] = {
            "time": round(measured["s"] / max(halved["s"], 1e-9), 2),
            "memory": round(measured["peak_mb"] / max(halved["peak_mb"], 1e-9), 2),
        }
        print(f"{name}: {measured} (half: {halved})", flush=True)
    results["ratios"] = ratios

    upload = workdir / "upload-blank.jsonl"
    upload.write_bytes(b"\n" * 900_000)
    results["engine_upload_blank"] = _in_process("upload", upload, env)
    print(f"engine upload check, 0.9 MB of blank lines: {results['engine_upload_blank']}")
    results["editor_checker_blank"] = _in_process("editor", workdir / "blank_lines.jsonl", env)
    print(f"editor DocumentChecker, 2 MB of blank lines: {results['editor_checker_blank']}")

    if not args.skip_examples:
        examples = workdir / "bench-100000.jsonl"
        if not examples.exists():
            generate(examples, 100_000)
        results["examples_100k"] = _validate(examples, env)
        print(f"100k examples: {results['examples_100k']}")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
