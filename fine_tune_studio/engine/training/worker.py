"""`python -m fine_tune_studio.engine.training.worker SPEC_JSON_PATH [--control-stdin]`

Runs one training run (a `TrainingSpec` saved as JSON) and reports on stdout, one JSON event
per line (see `events`). Library chatter and warnings go to stderr. With `--control-stdin`
it takes `pause` / `resume` / `stop` lines on stdin, and stops when stdin ends (see
`control`): that is how the engine drives it.

Exit codes: 0 done (the last event is "done"); 1 failed (the last event is "error");
2 the spec file is unreadable (an "error" event says why); 143 (128 + SIGTERM) cancelled by
SIGTERM or SIGINT: the run stopped at the next step boundary and saved no final adapter
(checkpoints already written stay).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import traceback
from pathlib import Path
from types import FrameType

from fine_tune_studio.engine.parent_watch import stop_when_parent_exits
from fine_tune_studio.engine.training.control import TrainingCancelled, TrainingControl
from fine_tune_studio.engine.training.events import EventWriter
from fine_tune_studio.engine.training.spec import TrainingSpec

CONTROL_STDIN_FLAG = "--control-stdin"
USAGE = (
    "usage: python -m fine_tune_studio.engine.training.worker SPEC_JSON_PATH "
    f"[{CONTROL_STDIN_FLAG}]"
)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_SPEC = 2
EXIT_CANCELLED = 143


def _quiet_libraries() -> None:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
    os.environ.setdefault("HF_DATASETS_DISABLE_PROGRESS_BARS", "1")
    # A training run must never reach the network; models are local folders.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")


def plain_error(exc: BaseException) -> str:
    """A one-line reason a user can act on (the traceback goes to stderr)."""
    if isinstance(exc, MemoryError):
        return "the computer ran out of memory; try a smaller batch size or a smaller model"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "out of memory" in text.lower():
        return "the accelerator ran out of memory; try a smaller batch size or a smaller model"
    if isinstance(exc, FileNotFoundError):
        return f"a file the job needs is missing: {exc.filename or text}"
    return text


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    events = EventWriter(sys.stdout)
    # Anything else that prints to stdout (libraries) would break the protocol.
    sys.stdout = sys.stderr
    controlled = CONTROL_STDIN_FLAG in args
    paths = [a for a in args if a != CONTROL_STDIN_FLAG]
    if len(paths) != 1 or any(p.startswith("--") for p in paths):
        events.error(USAGE)
        return EXIT_BAD_SPEC
    try:
        spec = TrainingSpec.model_validate_json(Path(paths[0]).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        events.error(f"the training spec cannot be read: {exc}")
        return EXIT_BAD_SPEC

    control = TrainingControl()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        control.request_stop()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    # The engine gone (killed, crashed): stop as if cancelled rather than train on unseen.
    stop_when_parent_exits()
    if controlled:
        control.read_commands(sys.stdin.buffer)
    _quiet_libraries()

    from fine_tune_studio.engine.training.runner import run_training

    try:
        run_training(spec, events, control)
    except TrainingCancelled:
        events.message("Training was cancelled", "warn")
        return EXIT_CANCELLED
    except Exception as exc:
        if control.stop_requested:
            events.message("Training was cancelled", "warn")
            return EXIT_CANCELLED
        traceback.print_exc(file=sys.stderr)
        events.error(plain_error(exc))
        return EXIT_FAILED
    return EXIT_OK


def _exit_now(code: int) -> None:
    """Exit without the interpreter's teardown of torch & co. (2-3 s here): every file is
    written and closed by now, and the server waits for the exit before the job succeeds."""
    for stream in (sys.__stdout__, sys.__stderr__):
        with contextlib.suppress(Exception):
            if stream is not None:
                stream.flush()
    os._exit(code)


if __name__ == "__main__":
    exit_code = EXIT_FAILED
    with contextlib.suppress(BrokenPipeError):
        exit_code = main()
    _exit_now(exit_code)
