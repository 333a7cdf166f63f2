"""Evaluation runner benchmark: 1,000 items × 3 contestants streamed into the panel.

A scripted chat server (tests/support/answer_server.py, in its own process so it does not
share this process's interpreter lock) answers every request after a fixed delay. The
Evaluation panel runs the test set with the report tab open (so the report follows the
answers as they arrive), and a precise 10 ms QTimer heartbeat on the GUI thread measures
the longest stall, from the start of the run to a second after its end: the longest gap
between two beats minus the interval. Prints one JSON line last:

    {"items", "contestants", "wall_s", "ideal_s", "overhead", "max_gui_stall_ms",
     "stalls_over_50ms", "max_idle_process_stall_ms", "load_before", "load_after", "cpus",
     "switch_interval_ms", "peak_rss_mb"}

ideal_s = items × contestants × delay ÷ concurrency (all contestants on one provider, so
the per-provider limit is the total); overhead = wall_s / ideal_s − 1. Targets: overhead
≤ 0.10, max_gui_stall_ms ≤ 50. load_before / load_after are the 1-minute load averages
(`os.getloadavg()`) as the run starts and ends: on a shared 2-core machine other work
lengthens both numbers, so they are stated with them. max_idle_process_stall_ms is the same
heartbeat in a separate process that does nothing else: how long the machine itself kept
a thread that wanted to run from running (a GUI stall no longer than that is the machine's,
not ours); the worst GUI stalls are listed on stderr beside that process's longest gap at
the same moment. switch_interval_ms is the interpreter's GIL switch interval seen mid-run
(the app lowers it during background work).

--sample: a watchdog thread looks at the GUI thread whenever a beat is 20 ms late and
records what it is running (Python stack, innermost frames); the most frequent stacks go
to stderr. It needs the interpreter lock to look, so it sees Python code, not a C call
holding the lock: garbage collections (which hold it) are timed separately, and those
over 10 ms are listed with the moment they started.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/eval_bench.py [--items N]
        [--delay S] [--concurrency N] [--sample] [--no-report]
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import collections
import inspect
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.support.answer_server import answer_server_process  # noqa: E402

IDLE_BEATS = """
import select, sys, time
beat, last, gaps = 0.010, time.perf_counter(), []
while not select.select([sys.stdin], [], [], beat)[0]:
    now = time.perf_counter()
    gaps.append((last, round((now - last - beat) * 1000, 1)))
    last = now
print([g for g in gaps if g[1] > 5], flush=True)
"""
BEAT_MS = 10
LATE_MS = 20  # the sampler looks at the GUI thread once a beat is this late


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
    parser.add_argument("--sample", action="store_true",
                        help="record what the GUI thread runs during stalls (stderr)")
    parser.add_argument("--no-report", action="store_true",
                        help="keep the Run tab open instead of the Report tab")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    with answer_server_process(args.delay) as base_url:
        result, stalls = run(args, base_url)
    idle_gaps: list[tuple[float, float]] = result.pop("idle_gaps")
    result["max_idle_process_stall_ms"] = max((gap for _at, gap in idle_gaps), default=0.0)
    worst = sorted(stalls, key=lambda s: -s[1])[:5]
    print("worst GUI stalls (at s, ms) | the idle process's longest gap then (ms):", [
        (round(at - result["started"], 2), round(ms), overlapping_gap(idle_gaps, at, ms))
        for at, ms in worst
    ], file=sys.stderr)
    del result["started"]
    print(json.dumps(result))
    return 0


def peak_rss_mb() -> int | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)  # Linux: KiB


def overlapping_gap(gaps: list[tuple[float, float]], at: float, ms: float) -> float:
    """The longest of the idle process's gaps (last beat, ms late) that overlaps the GUI
    stall whose late beat came at `at`, `ms` late."""
    stall_began = at - (ms + BEAT_MS) / 1000
    return max((gap for began, gap in gaps
                if began < at and began + (gap + BEAT_MS) / 1000 > stall_began), default=0.0)


class StallSampler:
    """Samples the GUI thread's Python stack while the heartbeat is late."""

    def __init__(self, last_beat: list[float]) -> None:
        self.gui = threading.get_ident()
        self.last_beat = last_beat
        self.stacks: collections.Counter[str] = collections.Counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="stall-sampler", daemon=True)

        self.collections: list[tuple[float, int, float]] = []  # start (s), generation, ms
        self._gc_started = 0.0

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        now = time.perf_counter()
        if phase == "start":
            self._gc_started = now
        elif (now - self._gc_started) * 1000 > 10:
            self.collections.append((self._gc_started, info["generation"],
                                     (now - self._gc_started) * 1000))

    def start(self) -> None:
        import gc

        gc.callbacks.append(self._gc)
        self._thread.start()

    def stop(self) -> None:
        import gc

        gc.callbacks.remove(self._gc)
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.wait(0.002):
            if (time.perf_counter() - self.last_beat[0]) * 1000 < BEAT_MS + LATE_MS:
                continue
            frame = sys._current_frames().get(self.gui)
            if frame is None:
                continue
            frames = traceback.extract_stack(frame)[-6:]
            self.stacks[" < ".join(
                f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames)
            )] += 1

    def report(self, begun: float) -> None:
        print("garbage collections over 10 ms (at s, generation, ms):",
              [(round(at - begun, 2), gen, round(ms)) for at, gen, ms in self.collections],
              file=sys.stderr)
        total = sum(self.stacks.values())
        print(f"GUI thread during stalls ({total} samples, 2 ms apart):", file=sys.stderr)
        for stack, count in self.stacks.most_common(15):
            print(f"{count:5d}  {stack}", file=sys.stderr)


def run(args: argparse.Namespace, base_url: str) -> tuple[dict[str, Any],
                                                          list[tuple[float, float]]]:
    import qasync
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from fine_tune_studio.core.providers import ProviderKind, ProviderProfile
    from fine_tune_studio.core.settings import AppSettings
    from fine_tune_studio.services.settings_store import SettingsStore
    from fine_tune_studio.ui import chart_warm_up, memory
    from fine_tune_studio.ui.context import AppContext
    from fine_tune_studio.ui.evaluation import EvaluationPanel

    app = QApplication.instance() or QApplication([])
    memory.install()  # the app's garbage-collection rule, as run_app applies it
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    if os.environ.get("EVAL_BENCH_DEBUG"):  # asyncio names callbacks over 30 ms
        import logging

        logging.basicConfig(level=logging.WARNING)
        loop.set_debug(True)
        loop.slow_callback_duration = 0.03
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
        if not args.no_report:
            panel.tabs.setCurrentWidget(panel.report)

        stalls: list[tuple[float, float]] = []  # (when the late beat came, ms late)
        switch: list[float] = []
        begun = [time.perf_counter()]
        last = [time.perf_counter()]

        def beat() -> None:
            now = time.perf_counter()
            stalls.append((now, (now - last[0]) * 1000 - BEAT_MS))
            last[0] = now
            if len(stalls) == 300:  # ~3 s into the run
                switch.append(sys.getswitchinterval())

        heartbeat = QTimer()
        heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
        heartbeat.setInterval(BEAT_MS)
        heartbeat.timeout.connect(beat)
        sampler = StallSampler(last) if args.sample else None

        async def scenario() -> float:
            await asyncio.sleep(0.5)  # the panel's first paint is not part of the run
            # The app imports the charts' libraries in the background a second after its
            # window is up (ui/chart_warm_up.py), long before anyone can start a run; so
            # does the bench, rather than charge that one-time import to the run.
            warm = chart_warm_up.start()
            while warm.is_alive():
                await asyncio.sleep(0.05)
            heartbeat.start()
            if sampler is not None:
                sampler.start()
            last[0] = time.perf_counter()
            started = begun[0] = time.perf_counter()
            panel.start_or_continue()
            while panel.is_running:
                await asyncio.sleep(0.05)
            wall = time.perf_counter() - started
            await asyncio.sleep(1.0)  # what the end of a run leaves to do counts too
            heartbeat.stop()
            return wall

        idle = subprocess.Popen([sys.executable, "-c", IDLE_BEATS], text=True,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        load_before = os.getloadavg()[0]
        wall = loop.run_until_complete(scenario())
        load_after = os.getloadavg()[0]
        idle_out, _ = idle.communicate("", timeout=10)
        if sampler is not None:
            sampler.stop()
            sampler.report(begun[0])
        answered = len(panel.folder.answers()) if panel.folder else 0
        stopped = panel.shutdown()
        if inspect.isawaitable(stopped):  # a coroutine since the run has a thread of its own
            loop.run_until_complete(stopped)
        loop.run_until_complete(context.registry.aclose())
    # As the app does at its end: closing the loop ends its default executor's threads
    # (QThreads, which Qt warns about when they outlive the application).
    loop.close()
    contestants = 3
    ideal = args.items * contestants * args.delay / args.concurrency
    assert answered == args.items * contestants, answered
    return {
        "items": args.items, "contestants": contestants, "wall_s": round(wall, 2),
        "ideal_s": round(ideal, 2), "overhead": round(wall / ideal - 1, 3),
        "max_gui_stall_ms": round(max((ms for _at, ms in stalls), default=0.0), 1),
        "stalls_over_50ms": sum(ms > 50 for _at, ms in stalls),
        "load_before": round(load_before, 2), "load_after": round(load_after, 2),
        "cpus": os.cpu_count(),
        "switch_interval_ms": round(switch[0] * 1000, 2) if switch else None,
        "peak_rss_mb": peak_rss_mb(),
        "idle_gaps": ast.literal_eval(idle_out.strip() or "[]"), "started": begun[0],
    }, stalls


if __name__ == "__main__":
    sys.exit(main())
