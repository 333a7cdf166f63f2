"""Big files: check chunks of lines in worker processes (never tokenizer threads).

The tokenizer is loaded once in the parent and the workers are forked after, so its ~130 MB
of tables are shared copy-on-write instead of loaded per process. Only compact results travel
back, one per run of identical lines (a chunk of a million blank lines sends one); lines are
never all held as parsed objects.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from fine_tune_studio.core import tokens
from fine_tune_studio.core.document import UTF8_BOM
from fine_tune_studio.core.issues import Issue

# Below this, starting processes costs more than it saves.
PARALLEL_THRESHOLD_BYTES = 4 * 1024 * 1024
CHUNK_BYTES = 1024 * 1024

_model = ""

# (first line, last line, kind, issues, tokens, fingerprint) of a run of identical lines.
Result = tuple[int, int, str, tuple[Issue, ...], int | None, bytes | None]


def available_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def worth_parallel(size: int, workers: int | None) -> bool:
    if threading.active_count() > 1:
        return False  # forking a threaded process (a server, the GUI) can deadlock the child
    if workers is not None:
        return workers > 1 and "fork" in multiprocessing.get_all_start_methods()
    return (
        size >= PARALLEL_THRESHOLD_BYTES
        and available_workers() > 1
        and "fork" in multiprocessing.get_all_start_methods()
    )


def iter_chunks(data: bytes, chunk_bytes: int = CHUNK_BYTES) -> Iterator[tuple[int, bytes]]:
    """(first line number, bytes of whole lines) pieces of `data` (BOM already removed)."""
    start = 0
    line_no = 1
    size = len(data)
    while start < size:
        end = data.find(b"\n", min(start + chunk_bytes, size) - 1)
        end = size if end < 0 else end + 1
        chunk = data[start:end]
        yield line_no, chunk
        line_no += chunk.count(b"\n")
        start = end


def iter_file_chunks(
    handle: BinaryIO, chunk_bytes: int = CHUNK_BYTES
) -> Iterator[tuple[int, bytes]]:
    """Like iter_chunks, reading a file piece by piece (so it is never all in memory)."""
    line_no = 1
    carry = b""
    first = True
    while True:
        block = handle.read(chunk_bytes)
        if first:
            first = False
            if block.startswith(UTF8_BOM):
                block = block[len(UTF8_BOM) :]
        if not block:
            if carry:
                yield line_no, carry
            return
        block = carry + block
        cut = block.rfind(b"\n") + 1
        if cut == 0:
            carry = block  # one line longer than a chunk: keep reading
            continue
        chunk, carry = block[:cut], block[cut:]
        yield line_no, chunk
        line_no += chunk.count(b"\n")


def _check_chunk(job: tuple[int, bytes]) -> list[Result]:
    from fine_tune_studio.core.validation import (
        CheckContext,
        ShortLineChecker,
        iter_lines,
        line_runs,
    )

    first, chunk = job
    check = ShortLineChecker(CheckContext(model=_model))
    # The file's BOM was removed before chunking; one here starts a line and stays in it.
    lines = ((first + offset - 1, raw) for offset, raw in iter_lines(chunk, skip_bom=False))
    return [
        (start, last, c.kind, c.issues, c.tokens, c.fingerprint)
        for start, last, c in line_runs(lines, check)
    ]


def _run(
    chunks: Iterable[tuple[int, bytes]],
    *,
    model: str,
    file: str | None,
    bom: bool,
    workers: int | None,
) -> Any:
    from fine_tune_studio.core.validation import ReportBuilder

    global _model
    _model = model
    builder = ReportBuilder(model=model, file=file)
    builder.bom = bom
    tokens.warm_up()  # before forking, so the workers share it
    n = workers or min(available_workers(), 4)
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(n) as pool:
        for results in pool.imap(_check_chunk, chunks):
            for line, last, kind, issues, count, fp in results:
                builder.add_parts(line, kind, issues, count, fp, last)
    return builder.build()


def validate_bytes_parallel(
    data: bytes, *, model: str, file: str | None, workers: int | None
) -> Any:
    bom = data.startswith(UTF8_BOM)
    body = data[len(UTF8_BOM) :] if bom else data
    return _run(iter_chunks(body), model=model, file=file, bom=bom, workers=workers)


def validate_path_parallel(path: Path, *, model: str, workers: int | None) -> Any:
    with path.open("rb") as handle:
        bom = handle.read(len(UTF8_BOM)) == UTF8_BOM
        handle.seek(0)
        return _run(iter_file_chunks(handle), model=model, file=str(path), bom=bom, workers=workers)
