"""Evaluation runner benchmark: 1,000 items × 3 contestants streamed into the panel.

A scripted chat server (tests/support/answer_server.py, in its own process so it does not
share this process's interpreter lock) answers every request after a fixed delay. The
Evaluation panel runs the test set with the report tab open (so the report is rebuilt
while answers arrive), and a QTimer heartbeat on the GUI thread measures the longest
stall. Prints one JSON line last:

    {"items", "contestants", "wall_s", "ideal_s", "overhead", "max_gui_stall_ms"}

ideal_s = items × contestants × delay ÷ concurrency (all contestants on one provider, so
the per-provider limit is the total); overhead = wall_s / ideal_s − 1. Targets: overhead
≤ 0.10, max_gui_stall_ms ≤ 50.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/eval_bench.py [--items N]
        [--delay S] [--concurrency N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SERVER = """
import sys, time
from tests.support.answer_server import AnswerServer
server = AnswerServer({}, delay=float(sys.argv[1])).start()
print(server.port, flush=True)
sys.stdin.read()  # until the benchmark closes our stdin
server.stop()
"""


def write_test_set(path: Path, items: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(items):
            line = {"messages": [
                {"role": "system", "content": "你是桃園機場的客服人員。"},
                {"role": "user", "content": f"第 {i} 個問題：行李可以帶幾件？"},
                {"role": "assistant", "content": f"第 {i} 個答案：經濟艙可託運一件 23 公斤。"},
            ], "tags": [("行李", "入境", "轉機")[i % 3]]}
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--delay", type=float, default=0.1)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(args.delay)], cwd=REPO, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert server.stdout is not None and server.stdin is not None
    port = int(server.stdout.readline())
    try:
        result = run(args, f"http://127.0.0.1:{port}/v1")
    finally:
        server.stdin.close()
        server.wait(10)
    print(json.dumps(result))
    return 0


def run(args: argparse.Namespace, base_url: str) -> dict[str, Any]:
    import qasync
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
    from fine_tune_studio.core.settings import AppSettings
    from fine_tune_studio.services.settings_store import SettingsStore
    from fine_tune_studio.ui.app import collect_garbage_on_the_gui_thread
    from fine_tune_studio.ui.context import AppContext
    from fine_tune_studio.ui.evaluation import EvaluationPanel

    app = QApplication.instance() or QApplication([])
    collector = collect_garbage_on_the_gui_thread()  # as the app runs it
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    if os.environ.get("EVAL_BENCH_DEBUG"):
        import logging

        logging.basicConfig(level=logging.WARNING)
        loop.set_debug(True)
        loop.slow_callback_duration = 0.03
        import gc

        gc_started: list[float] = []

        def gc_timer(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                gc_started.append(time.perf_counter())
            elif gc_started:
                took = (time.perf_counter() - gc_started.pop()) * 1000
                if took > 20:
                    print(f"gc gen {info['generation']}: {took:.0f} ms", file=sys.stderr)

        gc.callbacks.append(gc_timer)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        os.environ["FINE_TUNE_STUDIO_HOME"] = str(home / "home")
        test_set = home / "bench.test.jsonl"
        write_test_set(test_set, args.items)
        profile = ProviderProfile(id="bench", kind=ProviderKind.OPENAI_COMPATIBLE,
                                  display_name="bench", base_url=base_url)
        context = AppContext(SettingsStore(home=home / "home"),
                             settings=AppSettings(providers=[profile],
                                                  active_provider_id="bench"))
        panel = EvaluationPanel(context, runs_dir=home / "runs")
        panel.resize(1024, 700)
        panel.show()
        panel.use_test_set(test_set)
        for row in list(panel.setup.rows):
            panel.setup.remove_row(row)
        for model in ("echo-a", "echo-b", "echo-c"):
            panel.setup.add_row("bench", model, 0)
        panel.setup.concurrency.setValue(args.concurrency)
        if not os.environ.get("EVAL_BENCH_NO_REPORT"):
            panel.tabs.setCurrentWidget(panel.report)

        beat_ms = 10
        stalls: list[float] = []
        moments: list[float] = []
        begun = [time.perf_counter()]
        last = [time.perf_counter()]

        def beat() -> None:
            now = time.perf_counter()
            stalls.append((now - last[0]) * 1000 - beat_ms)
            moments.append(now - begun[0])
            last[0] = now

        heartbeat = QTimer()
        heartbeat.setInterval(beat_ms)
        heartbeat.timeout.connect(beat)

        async def scenario() -> float:
            heartbeat.start()
            last[0] = time.perf_counter()
            started = begun[0] = time.perf_counter()
            panel.start_or_continue()
            while panel.is_running:
                await asyncio.sleep(0.05)
            wall = time.perf_counter() - started
            heartbeat.stop()
            return wall

        wall = loop.run_until_complete(scenario())
        answered = len(panel.folder.answers()) if panel.folder else 0
        worst = sorted(zip(stalls, moments, strict=True), reverse=True)[:5]
        print("worst stalls (ms, at s):", [(round(a), round(b, 2)) for a, b in worst],
              file=sys.stderr)
        panel.shutdown()
        loop.run_until_complete(context.registry.aclose())
    del collector
    contestants = 3
    ideal = args.items * contestants * args.delay / args.concurrency
    assert answered == args.items * contestants, answered
    return {
        "items": args.items, "contestants": contestants, "wall_s": round(wall, 2),
        "ideal_s": round(ideal, 2), "overhead": round(wall / ideal - 1, 3),
        "max_gui_stall_ms": round(max(stalls, default=0.0), 1),
    }


if __name__ == "__main__":
    sys.exit(main())
