"""/v1/files: upload (multipart), list, retrieve, content, delete."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile
from fastapi.responses import Response
from pydantic import WithJsonSchema

from fine_tune_studio.engine import ids
from fine_tune_studio.engine.api import schemas
from fine_tune_studio.engine.api.errors import invalid, not_found
from fine_tune_studio.engine.api.routing import EngineRoute
from fine_tune_studio.engine.api.shapes import file_object, list_object
from fine_tune_studio.engine.api.state import EngineState, engine_state
from fine_tune_studio.engine.api.upload_limit import upload_too_large
from fine_tune_studio.engine.fsutil import write_atomic
from fine_tune_studio.engine.job_runner import now
from fine_tune_studio.engine.records import FileRecord, JobRecord
from fine_tune_studio.engine.upload_check import check_upload

router = APIRouter(route_class=EngineRoute)
State = Annotated[EngineState, Depends(engine_state)]
READ_CHUNK = 1024 * 1024


def file_path(state: EngineState, file_id: str) -> Path:
    if not ids.is_valid_id(file_id, ids.FILE_PREFIX):
        raise not_found(f"No such File object: {file_id}", param="file_id")
    return state.config.files_dir / file_id


async def get_file(state: EngineState, file_id: str) -> FileRecord:
    file_path(state, file_id)
    record = await asyncio.to_thread(state.store.get, FileRecord, file_id)
    if record is None:
        raise not_found(f"No such File object: {file_id}", param="file_id")
    return record


@router.post("/files", response_model=schemas.FileObject)
async def create_file(
    state: State,
    file: Annotated[UploadFile, File()],
    # Optional here so that a missing or empty purpose gets our message, not "Field
    # required" (FastAPI reads an empty form field as a missing one).
    purpose: Annotated[str | None, Form(), WithJsonSchema(
        {"type": "string", "enum": ["fine-tune"]})] = None,
) -> dict[str, Any]:
    if purpose != "fine-tune":
        given = "none was given" if not purpose else f"not {purpose!r}"
        raise invalid(
            f"The local engine only accepts files with purpose 'fine-tune' ({given}).",
            param="purpose",
        )
    chunks: list[bytes] = []
    while chunk := await file.read(READ_CHUNK):
        chunks.append(chunk)
    data = b"".join(chunks)
    # The exact limit applies to the file itself; the upload middleware only refuses
    # request bodies larger than the limit plus the multipart envelope.
    if len(data) > state.config.max_upload_bytes:
        raise upload_too_large(state.config.max_upload_bytes)
    file_id = ids.new_id(ids.FILE_PREFIX)
    await asyncio.to_thread(write_atomic, state.config.files_dir / file_id, data)
    record = FileRecord(id=file_id, filename=_display_name(file.filename), purpose="fine-tune",
                        bytes=len(data), created_at=now())
    await asyncio.to_thread(state.store.insert, record)
    state.spawn(validate_file(state, file_id))
    return file_object(record)


def _display_name(name: str | None) -> str:
    """The uploaded name as metadata: no path separators, valid Unicode (a multipart header
    may carry bytes that decode to lone surrogates, which SQLite and JSON cannot hold)."""
    name = (name or "upload.jsonl").replace("/", "_").replace("\\", "_")[:255]
    return name.encode("utf-8", errors="replace").decode("utf-8")


async def validate_file(state: EngineState, file_id: str) -> None:
    """Check a stored upload with the core's rules, then let waiting jobs move on."""
    path = state.config.files_dir / file_id
    try:
        data = await asyncio.to_thread(path.read_bytes)
        verdict = await asyncio.to_thread(check_upload, data)
        changes: dict[str, Any] = {"status": verdict.status, "status_details": verdict.details,
                                   "kind": verdict.kind, "n_examples": verdict.n_examples}
    except Exception as exc:  # a crash in a rule must still end the file's wait
        changes = {"status": "error", "status_details": f"The file could not be checked: {exc}"}
    await asyncio.to_thread(lambda: state.store.update(FileRecord, file_id, **changes))
    state.runner.wake()


@router.get("/files", response_model=schemas.FileList)
async def list_files(
    state: State,
    purpose: str | None = None,
    limit: Annotated[int, Query(ge=1, le=10000)] = 10000,
    order: Literal["asc", "desc"] = "desc",
    after: str | None = None,
) -> dict[str, Any]:
    where, params = ("purpose = ?", [purpose]) if purpose else ("", [])
    records, has_more = await asyncio.to_thread(
        state.store.page, FileRecord, where=where, params=params, after=after, limit=limit,
        newest_first=order == "desc",
    )
    body = list_object([file_object(r) for r in records], has_more, ids=True)
    # The spec types first_id/last_id as strings, so an empty page carries empty ones.
    body["first_id"] = body["first_id"] or ""
    body["last_id"] = body["last_id"] or ""
    return body


@router.get("/files/{file_id}", response_model=schemas.FileObject)
async def retrieve_file(state: State, file_id: str) -> dict[str, Any]:
    return file_object(await get_file(state, file_id))


@router.get("/files/{file_id}/content", response_class=Response,
            responses={200: {"content": {"application/octet-stream": {}, "text/csv": {}}}})
async def file_content(state: State, file_id: str) -> Response:
    record = await get_file(state, file_id)
    data = await asyncio.to_thread(file_path(state, file_id).read_bytes)
    media = "text/csv" if record.filename.endswith(".csv") else "application/octet-stream"
    return Response(content=data, media_type=media)


@router.delete("/files/{file_id}", response_model=schemas.FileDeleted)
async def delete_file(state: State, file_id: str) -> dict[str, Any]:
    await get_file(state, file_id)
    active = await asyncio.to_thread(
        state.store.all, JobRecord,
        "(training_file = ? OR validation_file = ?) AND status IN "
        "('validating_files', 'queued', 'running', 'paused')", [file_id, file_id],
    )
    if active:
        raise invalid(f"File {file_id} is used by job {active[0].id}, which has not finished.",
                      param="file_id", code="file_in_use")
    await asyncio.to_thread(state.store.delete, FileRecord, file_id)
    await asyncio.to_thread(file_path(state, file_id).unlink, True)
    return {"id": file_id, "object": "file", "deleted": True}


async def revalidate_pending(state: EngineState) -> None:
    """Files left `uploaded` by a stopped engine are checked again at start."""
    pending = await asyncio.to_thread(state.store.all, FileRecord, "status = 'uploaded'")
    for record in pending:
        state.spawn(validate_file(state, record.id))
