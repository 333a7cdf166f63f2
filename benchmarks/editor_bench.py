"""Open a generated 100,000-example file in the real editor (offscreen) and time what a user feels.

Prints, as its last line, one JSON object:
  {"examples", "first_rows_s", "full_check_s", "max_gui_stall_ms",
   "keystroke_revalidate_ms", "peak_mb"}

- first_rows_s: from "open" until the table has its rows and the event loop has painted once.
- full_check_s: until the background check of every line has reached the editor.
- max_gui_stall_ms: the longest gap of a 5 ms heartbeat timer on the GUI thread, beyond its
  interval, from the first rows on screen until the background check has finished; the line
  before gives the same for the open itself (file read on a worker thread, then the
  document handed to the views).
- keystroke_revalidate_ms: median time to re-check the edited example after typing one
  character into it (the editor's debounced re-check: core check + cache + field messages),
  measured in the 100,000-line file; the line before it shows the same in a 100-line file,
  to show it does not grow with the file.
- peak_mb: the process's peak resident memory; checker_processes_mb: the resident memory of
  the worker processes that checked the file, once it is checked.

The editor runs as in the app: on a qasync event loop, with the app's garbage-collection
rule (`ui.memory`), its big-file check in spawned worker processes (`ui.background`).

Targets (issue 5): first rows < 1 s; stall <= 50 ms; keystroke re-check < 1 ms.
Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/editor_bench.py [--examples N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def generate(path: Path, examples: int) -> None:
    try:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from validate_bench import generate as shared_generate  # the dataset bench's file

        shared_generate(path, examples)
        return
    except ImportError:
        pass
    rng = random.Random(7)
    words = ["行李", "登機", "航廈", "捷運", "gate", "baggage", "transfer", "退稅", "hotel", "護照"]
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(examples):
            question = "".join(rng.choice(words) for _ in range(rng.randint(5, 15)))
            answer = " ".join(rng.choice(words) for _ in range(rng.randint(20, 60)))
            handle.write(
                json.dumps(
                    {
                        "messages": [
                            {"role": "system", "content": "你是桃園機場的智慧客服。"},
                            {"role": "user", "content": question + "?"},
                            {"role": "assistant", "content": answer + "。"},
                        ]
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=100_000)
    args = parser.parse_args(argv)

    import asyncio

    import psutil
    import qasync
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FINE_TUNE_STUDIO_RECOVERY_DIR"] = str(Path(tmp) / "recovery")
        big = Path(tmp) / "big.jsonl"
        small = Path(tmp) / "small.jsonl"
        generate(big, args.examples)
        generate(small, 100)

        from fine_tune_studio.core import tokens
        from fine_tune_studio.ui import background
        from fine_tune_studio.ui.editor import EditorPanel

        tokens.warm_up()  # the app loads the tokenizer at start, not when a file opens
        panel = EditorPanel(None)
        panel.auto_offer_recovery = False
        panel.resize(1280, 860)
        panel.show()

        def run_until(condition: object, timeout_s: float = 600.0) -> None:
            async def until() -> None:
                deadline = time.perf_counter() + timeout_s
                while not condition() and time.perf_counter() < deadline:  # type: ignore[operator]
                    await asyncio.sleep(0.005)

            loop.run_until_complete(until())

        # A heartbeat on the GUI thread from "open" until the whole file is checked: the file
        # is read on a worker thread, then checked on another.
        gaps: list[float] = []
        clock = QElapsedTimer()
        clock.start()
        last = [clock.nsecsElapsed()]
        heartbeat = QTimer()
        heartbeat.setInterval(5)

        phase = ["open"]
        open_gaps: list[float] = []

        def beat() -> None:
            now = clock.nsecsElapsed()
            (gaps if phase[0] == "check" else open_gaps).append((now - last[0]) / 1e6 - 5.0)
            last[0] = now

        heartbeat.timeout.connect(beat)
        heartbeat.start()

        # --- open, first rows
        painted: list[float] = []
        started = time.perf_counter()
        panel.start(panel.open_path(big, ask=False))
        run_until(lambda: panel.table_model.rowCount() == args.examples)
        QTimer.singleShot(0, lambda: painted.append(time.perf_counter()))
        run_until(lambda: bool(painted))
        first_row = panel.table_model.data(panel.table_model.index(0, 1))
        assert first_row
        first_rows_s = painted[0] - started

        # --- the background check (the first rows are on screen; the user can scroll)
        phase[0] = "check"
        run_until(lambda: not panel.session.checking)
        heartbeat.stop()
        full_check_s = time.perf_counter() - started
        assert panel.session.checked_count() == args.examples
        workers = psutil.Process().children(recursive=True)
        checker_mb = sum(p.memory_info().rss for p in workers if p.is_running()) / 1e6

        def keystroke_ms(line: int, samples: int = 200) -> float:
            panel.select_line(line)
            edit = panel.form.bubbles[1].content_edit
            times = []
            for i in range(samples):
                edit.insertPlainText("字" if i % 2 else "a")
                t0 = time.perf_counter()
                panel._recheck_pending()  # what the 120 ms typing-pause timer runs
                times.append((time.perf_counter() - t0) * 1000)
            return statistics.median(times)

        big_ms = keystroke_ms(args.examples // 2)
        panel.undo_stack.setClean()
        panel.start(panel.open_path(small, ask=False))
        run_until(lambda: len(panel.document) == 100 and not panel.session.checking)
        small_ms = keystroke_ms(50)
        panel.undo_stack.setClean()
        loop.run_until_complete(panel.shutdown())
        background.stop_processes()

        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            json.dumps(
                {
                    "file_mb": round(big.stat().st_size / 1e6, 1),
                    "keystroke_revalidate_ms_100_lines": round(small_ms, 3),
                    "heartbeats": len(gaps),
                    "max_gui_stall_ms_while_opening": round(max(open_gaps, default=0.0), 1),
                    "checker_processes_mb": round(checker_mb, 1),
                    "cpu_count": os.cpu_count(),
                }
            )
        )
        print(
            json.dumps(
                {
                    "examples": args.examples,
                    "first_rows_s": round(first_rows_s, 3),
                    "full_check_s": round(full_check_s, 2),
                    "max_gui_stall_ms": round(max(gaps, default=0.0), 1),
                    "keystroke_revalidate_ms": round(big_ms, 3),
                    "peak_mb": round(peak_mb, 1),
                }
            )
        )
    loop.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
