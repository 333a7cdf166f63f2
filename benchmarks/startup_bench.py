"""Start-up time of the desktop app: from starting the process to the main window shown
with the event loop idle, for the bundle and for the virtual environment.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/startup_bench.py \
        [--bundle build/bundle/fine-tune-studio] [--runs 5]

The app is started with FINE_TUNE_STUDIO_EXIT_WHEN_SHOWN=1 (ui/app.py): once the window is
shown and the loop has run dry, it prints one JSON line (with its peak RSS) and closes;
the time is taken when that line arrives, so shutting down is not counted.

- warm: the same settings folder each run (after a first run that is not counted), files in
  the operating system's cache: a second start of the day.
- cold: before each run, every file of the bundle (or of the environment: its
  site-packages, Python's standard library, the app's package) is dropped from the page
  cache (posix_fadvise DONTNEED) and the settings folder is new: a first start after boot.

Targets (this machine, 2 cores): warm start under 1.5 s, the bundle under 250 MB. Prints
per-run times, then one JSON line last: {"cold_start_s", "warm_start_s", "warm_cpu_s",
"bundle_mb", "rss_mb"} for the bundle, the same for the environment under "venv", and the
machine's 1-minute load average before and after ("load").

`warm_cpu_s` is the CPU time (user + system) the app's process used until its window was
idle, read from /proc when the probe line arrives (Linux). On a machine shared with other
work, wall-clock times follow the load; CPU time much less so, which makes before/after
comparisons taken at different moments meaningful.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROBE_ENV = "FINE_TUNE_STUDIO_EXIT_WHEN_SHOWN"


def evict(folders: list[Path]) -> int:
    """Drop these files' pages from the page cache; the number of files."""
    count = 0
    for folder in folders:
        for root, _dirs, files in os.walk(folder):
            for name in files:
                try:
                    fd = os.open(os.path.join(root, name), os.O_RDONLY)
                except OSError:
                    continue
                try:
                    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                    count += 1
                finally:
                    os.close(fd)
    return count


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a running process (Linux), None elsewhere."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # Fields 14 and 15 of proc(5), counted after the command name's closing parenthesis.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_once(command: list[str], home: Path) -> tuple[float, float | None, float | None]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" or command[0] == sys.executable}
    env.update({PROBE_ENV: "1", "FINE_TUNE_STUDIO_HOME": str(home), "QT_QPA_PLATFORM":
                os.environ.get("QT_QPA_PLATFORM", "offscreen")})
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, cwd=home)
    assert process.stdout is not None
    for line in process.stdout:
        if '"main_window_idle"' in line:
            elapsed = time.perf_counter() - started
            cpu = cpu_seconds(process.pid)
            report = json.loads(line)
            process.wait(timeout=60)
            return elapsed, report.get("max_rss_mb"), cpu
    process.wait(timeout=60)
    raise RuntimeError(f"{command[0]} ended ({process.returncode}) without showing its window")


def measure(command: list[str], cache_folders: list[Path], runs: int,
            label: str) -> dict[str, float | None]:
    with tempfile.TemporaryDirectory(prefix="fts-startup-") as tmp:
        warm_home = Path(tmp) / "warm"
        warm_home.mkdir()
        start_once(command, warm_home)  # fills the cache and writes the settings
        warm, rss, cpu = [], [], []
        for run in range(runs):
            seconds, peak, cpu_s = start_once(command, warm_home)
            warm.append(seconds)
            rss.append(peak or 0.0)
            cpu.append(cpu_s or 0.0)
            print(f"{label} warm run {run + 1}: {seconds:.2f} s, {peak} MB, CPU {cpu_s} s",
                  file=sys.stderr)
        cold = []
        for run in range(runs):
            home = Path(tmp) / f"cold-{run}"
            home.mkdir()
            files = evict(cache_folders)
            seconds, _peak, _cpu = start_once(command, home)
            cold.append(seconds)
            print(f"{label} cold run {run + 1}: {seconds:.2f} s ({files} files evicted)",
                  file=sys.stderr)
    return {"cold_start_s": round(statistics.median(cold), 3),
            "warm_start_s": round(statistics.median(warm), 3),
            "warm_cpu_s": round(statistics.median(cpu), 3),
            "rss_mb": round(statistics.median(rss), 1)}


def folder_mb(folder: Path) -> float:
    total = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())
    return round(total / 2**20, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=REPO / "build" / "bundle" /
                        "fine-tune-studio", help="the bundle folder (packaging/build-linux.sh)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    load_before = round(os.getloadavg()[0], 2)
    import fine_tune_studio

    package = Path(fine_tune_studio.__file__).parent
    venv_folders = [Path(sysconfig.get_paths()["purelib"]), Path(sysconfig.get_paths()["stdlib"]),
                    package]
    venv = measure([sys.executable, "-m", "fine_tune_studio.cli"], venv_folders, args.runs,
                   "venv")
    result: dict[str, object] = {}
    executable = args.bundle / "fine-tune-studio"
    if executable.exists():
        result.update(measure([str(executable)], [args.bundle], args.runs, "bundle"))
        result["bundle_mb"] = folder_mb(args.bundle)
    else:
        print(f"no bundle at {args.bundle}: build it with packaging/build-linux.sh",
              file=sys.stderr)
        result.update({"cold_start_s": None, "warm_start_s": None, "warm_cpu_s": None,
                       "bundle_mb": None, "rss_mb": None})
    result["venv"] = venv
    result["runs"] = args.runs
    result["load"] = [load_before, round(os.getloadavg()[0], 2)]
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
