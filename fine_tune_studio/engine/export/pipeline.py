"""`export_model(request, report)`: one export from start to finished folder.

Everything that can be refused (unknown model, folder in the way, architecture or tokenizer
GGUF cannot write, too little disk) is refused before a byte is written. The work happens
in a hidden staging folder beside the target, which replaces the target only at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fine_tune_studio.core.atomic_write import atomic_write
from fine_tune_studio.core.model_export import (
    DEFAULT_GGUF_KIND,
    ExportErrorCode,
    ExportFormat,
    ExportProgress,
    ExportResult,
    ExportStage,
    GgufKind,
    ollama_model_name,
)
from fine_tune_studio.engine.export import card, folders, ollama
from fine_tune_studio.engine.export.errors import ExportError, from_os_error
from fine_tune_studio.engine.export.lora_merge import MergedWeights, read_adapter
from fine_tune_studio.engine.export.source import ExportSource, resolve, system_prompt_of

Report = Callable[[ExportProgress], None]


@dataclass(frozen=True)
class ExportRequest:
    model_id: str
    format: ExportFormat
    out: Path
    data_dir: Path
    models_dir: Path
    kind: GgufKind = DEFAULT_GGUF_KIND
    overwrite: bool = False


def gguf_file_name(model_id: str, kind: GgufKind) -> str:
    return f"{ollama_model_name(model_id)}-{kind.value}.gguf"


def _usage(request: ExportRequest, source: ExportSource, gguf_name: str | None,
           ollama_name: str | None) -> str:
    folder = request.out
    if request.format is ExportFormat.ADAPTER:
        return (
            "Keep the base model folder; load this adapter over it with PEFT:\n\n"
            "```python\nfrom peft import PeftModel\n"
            "from transformers import AutoModelForCausalLM, AutoTokenizer\n\n"
            f'base = AutoModelForCausalLM.from_pretrained("{source.base_name}")  '
            "# the base model's folder or Hub id\n"
            f'model = PeftModel.from_pretrained(base, "{folder}")\n'
            f'tokenizer = AutoTokenizer.from_pretrained("{folder}")\n```\n'
        )
    if request.format is ExportFormat.MERGED:
        return (
            "A complete model: no base model needed.\n\n"
            "```python\nfrom transformers import AutoModelForCausalLM, AutoTokenizer\n\n"
            f'model = AutoModelForCausalLM.from_pretrained("{folder}")\n'
            f'tokenizer = AutoTokenizer.from_pretrained("{folder}")\n```\n\n'
            f"Serve it with vLLM: `vllm serve {folder}`. Upload it to a hub: "
            f"`huggingface-cli upload <your-name>/<model-name> {folder}`.\n"
        )
    text = (
        f"- llama.cpp: `llama-cli -m {folder / str(gguf_name)} -cnv`\n"
        "- LM Studio, Jan: import the .gguf file (My Models → Import).\n"
    )
    if ollama_name:
        text = (f"Ollama:\n\n```\ncd {folder}\nollama create {ollama_name} -f Modelfile\n"
                f"ollama run {ollama_name}\n```\n\nThe same GGUF also works in:\n\n" + text)
    else:
        text += (f"- Ollama: a Modelfile with `FROM ./{gguf_name}`, then `ollama create`"
                 " (or export as Ollama, which writes the Modelfile for you).\n")
    return text


def export_model(request: ExportRequest, report: Report) -> ExportResult:
    report(ExportProgress(ExportStage.CHECK, message=f"Looking up {request.model_id}"))
    folders.check_target(request.out, request.overwrite)
    source = resolve(request.data_dir, request.models_dir, request.model_id)
    adapter = read_adapter(source.adapter_dir)
    fmt = request.format
    merged = vocab = None
    estimate = sum(p.stat().st_size for p in source.adapter_dir.iterdir() if p.is_file())
    if fmt is not ExportFormat.ADAPTER:
        merged = MergedWeights(source.base_dir, adapter)
        estimate = sum(t.nbytes for t in merged.plan)
    if fmt in (ExportFormat.GGUF, ExportFormat.OLLAMA):
        from fine_tune_studio.engine.export.gguf_file import estimated_bytes
        from fine_tune_studio.engine.export.gguf_vocab import read_vocab

        assert merged is not None
        estimate = estimated_bytes(merged, request.kind)  # also refuses an unknown architecture
        vocab = read_vocab(source.base_dir, int(str(_text(merged.config)["vocab_size"])))
    folders.check_space(request.out, estimate)

    staging = folders.make_staging(request.out)
    try:
        result = _write(request, source, adapter.config, merged, vocab, staging, report)
        report(ExportProgress(ExportStage.FINISH, message=f"Putting the folder in {request.out}"))
        folders.put_in_place(staging, request.out)
    except OSError as error:
        folders.discard(staging)
        raise from_os_error(error, str(request.out)) from error
    except BaseException:
        folders.discard(staging)
        raise
    return result


def _text(config: dict[str, object]) -> dict[str, object]:
    inner = config.get("text_config")
    return inner if isinstance(inner, dict) else config


def _write(request: ExportRequest, source: ExportSource, adapter_config: dict[str, object],
           merged: MergedWeights | None, vocab: object, staging: Path,
           report: Report) -> ExportResult:
    from fine_tune_studio.engine.export import hf_folder

    fmt = request.format
    files: list[str] = []
    gguf_name = ollama_name = None
    command = None
    extra_rows: list[tuple[str, str]] = []

    def stage(which: ExportStage, words: str) -> Callable[[int, int], None]:
        return lambda done, total: report(ExportProgress(which, done, total, words))

    if fmt is ExportFormat.ADAPTER:
        report(ExportProgress(ExportStage.COPY, message="Copying the adapter"))
        files += hf_folder.write_adapter_folder(source.adapter_dir, source.base_dir,
                                                source.base_name, staging)
    elif fmt is ExportFormat.MERGED:
        assert merged is not None
        files += hf_folder.write_merged_folder(
            merged, source.base_dir, staging, stage(ExportStage.MERGE, "Merging tensors"))
    else:
        from fine_tune_studio.engine.export.gguf_file import write_gguf
        from fine_tune_studio.engine.export.gguf_vocab import Vocab

        assert merged is not None and isinstance(vocab, Vocab)
        gguf_name = gguf_file_name(request.model_id, request.kind)
        write_gguf(staging / gguf_name, merged, vocab, request.kind, name=request.model_id,
                   report=stage(ExportStage.GGUF, "Writing GGUF tensors"))
        files.append(gguf_name)
        extra_rows.append(("GGUF", f"{request.kind.value.upper()}, tokenizer "
                                   f"{vocab.pre!r}, chat template "
                                   f"{'included' if vocab.chat_template else 'none'}"))
        if fmt is ExportFormat.OLLAMA:
            ollama_name = ollama_model_name(request.model_id)
            made = ollama.modelfile(gguf_name, vocab.chat_template, system_prompt_of(source),
                                    ollama_name)
            atomic_write(staging / "Modelfile", made.text.encode("utf-8"))
            files.append("Modelfile")
            command = ollama.create_command(ollama_name, str(request.out / "Modelfile"))
            extra_rows.append(("Ollama template", made.family or
                               "none written (Ollama uses the GGUF's own)"))
            if made.system_left_out:
                extra_rows.append(("System prompt", 'left out: it contains """'))

    report(ExportProgress(ExportStage.CARD, message="Writing the model card"))
    files.append("README.md")
    text = card.model_card(
        source, fmt, usage=_usage(request, source, gguf_name, ollama_name),
        adapter_config=dict(adapter_config), files=files, extra_rows=extra_rows,
    )
    atomic_write(staging / "README.md", text.encode("utf-8"))
    return ExportResult(str(request.out), sorted(files), ollama_name, command)


__all__ = ["ExportError", "ExportErrorCode", "ExportRequest", "export_model"]
