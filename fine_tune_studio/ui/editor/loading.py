"""A document's bytes off the GUI thread: reading without holding the GIL for long, and
the snapshot that saving and recovery write.

`DatasetDocument.open` splits the whole file with one `bytes.split`, a single C call that
keeps the GIL for ~100 ms on a 70 MB file, so the GUI thread stalls even when the read runs
on a worker thread. This builds the same lines (same bytes, same endings, same BOM) one
line at a time, which lets the GUI thread in between.
"""

from __future__ import annotations

from pathlib import Path

from fine_tune_studio.core.document import CRLF, LF, UTF8_BOM, DatasetDocument, Line

LineParts = list[tuple[bytes, bytes]]


def read_document(path: Path) -> DatasetDocument:
    data = path.read_bytes()
    bom = data.startswith(UTF8_BOM)
    start = len(UTF8_BOM) if bom else 0
    size = len(data)
    find = data.find
    lines: list[Line] = []
    while start < size:
        end = find(b"\n", start)
        if end < 0:
            lines.append(Line(data[start:], b""))
            break
        if end > start and data[end - 1] == 0x0D:
            lines.append(Line(data[start : end - 1], CRLF))
        else:
            lines.append(Line(data[start:end], LF))
        start = end + 1
    return DatasetDocument(lines, bom=bom, path=path)


def line_parts(document: DatasetDocument) -> LineParts:
    """Each line's bytes and ending as they are now (on the GUI thread; ~10 ms at 100k).

    References only: lines are immutable bytes objects, so later edits cannot change what
    the snapshot holds, and a worker thread can join it while the user keeps typing.
    """
    return [(line.raw, line.ending) for line in document]


def document_bytes(parts: LineParts, bom: bool) -> bytes:
    """The file's bytes from a `line_parts` snapshot, as `DatasetDocument.to_bytes` gives."""
    chunks = [UTF8_BOM] if bom else []
    for raw, ending in parts:
        chunks.append(raw)
        chunks.append(ending)
    return b"".join(chunks)
