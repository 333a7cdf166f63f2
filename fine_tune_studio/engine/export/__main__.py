"""`python -m fine_tune_studio.engine.export MODEL_ID --to ... --out ...`: the app's export
child process. It prints the progress protocol of core/model_export.py on stdout (one JSON
object a line, flushed) and exits 0 / 1 / 2 like `fine-tune-studio models export`;
library chatter and tracebacks go to stderr."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import traceback
from collections.abc import Sequence

from fine_tune_studio.core.model_export import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_UNUSABLE,
    ExportErrorCode,
    ExportFailure,
    ExportMessage,
    encode_message,
    exit_code_for,
)


def _emit(message: ExportMessage) -> None:
    sys.stdout.write(encode_message(message) + "\n")
    sys.stdout.flush()


def main(argv: Sequence[str] | None = None) -> int:
    from fine_tune_studio.engine.export.arguments import add_export_arguments, request_from

    parser = argparse.ArgumentParser(prog="python -m fine_tune_studio.engine.export")
    add_export_arguments(parser)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0) and EXIT_UNUSABLE
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    # A cancelled export (the app terminates us) unwinds like an error, so the pipeline
    # removes its half-written staging folder.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    from fine_tune_studio.engine.export.errors import ExportError
    from fine_tune_studio.engine.export.pipeline import export_model

    request = request_from(args)
    try:
        result = export_model(request, _emit)
    except ExportError as error:
        _emit(ExportFailure(error.code, error.message))
        return exit_code_for(error.code)
    except Exception as error:  # the child must say why it failed, whatever it was
        traceback.print_exc()
        _emit(ExportFailure(ExportErrorCode.FAILED, f"The export failed: {error}"))
        return EXIT_FAILED
    _emit(result)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
