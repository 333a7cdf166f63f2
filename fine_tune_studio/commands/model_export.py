"""`fine-tune-studio models export MODEL_ID --to adapter|merged|gguf|ollama --out DIR`.

The same export the app runs (engine/export), in this process, with progress on stderr and
the output folder as the last line on stdout. Exit status: 0 exported; 1 the export failed
(disk full, unreadable weights, ...); 2 it could not start (bad arguments, unknown model,
folder exists, architecture GGUF export does not support yet).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from typing import Any

from fine_tune_studio.core.model_export import (
    EXIT_FAILED,
    EXIT_OK,
    ExportProgress,
    exit_code_for,
)


def add_export_parser(models_subparsers: Any) -> argparse.ArgumentParser:
    from fine_tune_studio.engine.export.arguments import add_export_arguments

    parser: argparse.ArgumentParser = models_subparsers.add_parser(
        "export",
        help="take a fine-tuned model out: LoRA adapter, merged folder, GGUF or Ollama",
        description="Export a fine-tuned model (or checkpoint) of the local engine. Prints "
        "the output folder as its last line. Exit 0: exported; 1: the export failed; 2: it "
        "could not start. See docs/export.md.",
    )
    add_export_arguments(parser)
    parser.set_defaults(handler=run)
    return parser


def _show(progress: ExportProgress) -> None:
    count = f" {progress.done}/{progress.total}" if progress.total else ""
    # One line per stage and every tenth of the way, not one per tensor.
    step = max(1, progress.total // 10)
    if progress.total and progress.done not in (1, progress.total) and progress.done % step:
        return
    print(f"[{progress.stage.value}]{count} {progress.message}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    from fine_tune_studio.engine.export.arguments import request_from
    from fine_tune_studio.engine.export.errors import ExportError
    from fine_tune_studio.engine.export.pipeline import export_model

    request = request_from(args)
    try:
        result = export_model(request, _show)
    except ExportError as error:
        print(f"fine-tune-studio models export: {error.message}", file=sys.stderr)
        return exit_code_for(error.code)
    except Exception as error:
        print(f"fine-tune-studio models export: the export failed: {error}", file=sys.stderr)
        return EXIT_FAILED
    if result.ollama_command:
        print("Create the Ollama model with:  " + shlex.join(result.ollama_command),
              file=sys.stderr)
    print(result.out, flush=True)
    return EXIT_OK
