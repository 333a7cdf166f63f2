"""The arguments of an export, shared by `fine-tune-studio models export` and the app's
child process (`python -m fine_tune_studio.engine.export`), so both take the same words."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from fine_tune_studio.core.model_export import DEFAULT_GGUF_KIND, ExportFormat, GgufKind
from fine_tune_studio.paths import engine_default_data_dir, engine_default_models_dir

if TYPE_CHECKING:
    from fine_tune_studio.engine.export.pipeline import ExportRequest


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("model_id", metavar="MODEL_ID",
                        help="a fine-tuned model or checkpoint id as the engine lists it "
                        "(ft:BASE:SUFFIX:ID or ft:...:ckpt-step-N)")
    parser.add_argument("--to", dest="format", required=True,
                        choices=[f.value for f in ExportFormat],
                        help="adapter: the LoRA adapter (small; needs the base model); "
                        "merged: a full Hugging Face folder; gguf: one file for llama.cpp, "
                        "LM Studio, Jan, Ollama; ollama: a GGUF plus a Modelfile")
    parser.add_argument("--out", type=Path, required=True,
                        help="the folder to create (an existing non-empty folder is refused "
                        "unless --overwrite)")
    parser.add_argument("--quant", choices=[k.value for k in GgufKind],
                        default=DEFAULT_GGUF_KIND.value,
                        help="GGUF weights: f16 (exact) or q8_0 (half the size, near-exact); "
                        f"default {DEFAULT_GGUF_KIND.value}")
    parser.add_argument("--engine-data-dir", type=Path, default=None,
                        help=f"the engine's data folder (default {engine_default_data_dir()})")
    parser.add_argument("--models-dir", type=Path, default=None,
                        help=f"the engine's base models (default {engine_default_models_dir()})")
    parser.add_argument("--overwrite", action="store_true",
                        help="replace the --out folder if it exists (only once the export "
                        "has succeeded)")


def request_from(args: argparse.Namespace) -> ExportRequest:
    # Imported here: the pipeline brings torch, which `--help` should not wait for.
    from fine_tune_studio.engine.export.pipeline import ExportRequest

    return ExportRequest(
        model_id=args.model_id,
        format=ExportFormat(args.format),
        out=args.out.expanduser().absolute(),
        data_dir=(args.engine_data_dir or engine_default_data_dir()).expanduser().absolute(),
        models_dir=(args.models_dir or engine_default_models_dir()).expanduser().absolute(),
        kind=GgufKind(args.quant),
        overwrite=bool(args.overwrite),
    )
