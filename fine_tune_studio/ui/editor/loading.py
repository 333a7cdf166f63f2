"""Read a training file into a `DatasetDocument` without holding the GIL for long.

`DatasetDocument.open` splits the whole file with one `bytes.split`, a single C call that
keeps the GIL for ~100 ms on a 70 MB file, so the GUI thread stalls even when the read runs
on a worker thread. This builds the same lines (same bytes, same endings, same BOM) one
line at a time, which lets the GUI thread in between.
"""

from __future__ import annotations

from pathlib import Path

from fine_tune_studio.core.document import CRLF, LF, UTF8_BOM, DatasetDocument, Line


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
