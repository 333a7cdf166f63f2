"""Checks engine responses against OpenAI's official spec (tests/reference/openai-openapi.yaml).

`Recorder` is an httpx2 response hook for the official SDK's client: it keeps every JSON
response the SDK receives, and `Contract.violations(...)` validates each against the
response schema the spec gives its operation (ErrorResponse for error statuses) and each
SSE chunk against CreateChatCompletionStreamResponse.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from tests.support.test_files import OPENAI_SPEC

SPEC_PATH = OPENAI_SPEC


def _fix_nullable(node: Any) -> Any:
    """The spec mixes OpenAPI 3.0 spellings into its 3.1 schemas: `nullable: true` and
    boolean `exclusiveMinimum`/`exclusiveMaximum`. JSON Schema 2020-12 needs them as
    `anyOf [..., null]` and as numeric bounds (Python would read `true` as 1)."""
    if isinstance(node, dict):
        node = {k: _fix_nullable(v) for k, v in node.items()}
        for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
            flag = node.get(exclusive)
            if isinstance(flag, bool):
                del node[exclusive]
                if flag and bound in node:
                    node[exclusive] = node.pop(bound)
        if node.pop("nullable", False) is True:
            return {"anyOf": [node, {"type": "null"}]}
        return node
    if isinstance(node, list):
        return [_fix_nullable(v) for v in node]
    return node


@cache
def load_spec() -> dict[str, Any]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with SPEC_PATH.open(encoding="utf-8") as handle:
        spec = yaml.load(handle, Loader=loader)
    return dict(_fix_nullable(spec))


@dataclass
class Recorded:
    method: str
    path: str
    status: int
    content_type: str
    body: bytes


@dataclass
class Recorder:
    records: list[Recorded] = field(default_factory=list)

    async def __call__(self, response: Any) -> None:
        await response.aread()
        self.records.append(Recorded(
            method=response.request.method.lower(),
            path=response.request.url.path,
            status=response.status_code,
            content_type=response.headers.get("content-type", ""),
            body=response.content,
        ))


class Contract:
    def __init__(self) -> None:
        from jsonschema import Draft202012Validator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        self._spec = load_spec()
        resource: Resource[Any] = DRAFT202012.create_resource(self._spec)
        self._registry = Registry().with_resource("spec", resource)
        self._validator_cls = Draft202012Validator
        self._routes = [
            (re.compile("^/v1" + re.sub(r"\{[^}]+\}", "[^/]+", p) + "$"), p)
            for p in self._spec["paths"]
        ]

    def _validator(self, schema: dict[str, Any]) -> Any:
        schema = copy.deepcopy(schema)
        if "$ref" in schema:
            schema["$ref"] = "spec" + schema["$ref"]
        schema = json.loads(json.dumps(schema).replace('"$ref": "#/', '"$ref": "spec#/'))
        return self._validator_cls(schema, registry=self._registry)

    def component(self, name: str) -> dict[str, Any]:
        return {"$ref": f"#/components/schemas/{name}"}

    def schema_for(self, method: str, path: str, status: int, content_type: str) -> Any:
        if status >= 400:
            return self.component("ErrorResponse")
        matches = [tpl for rx, tpl in self._routes if rx.match(path)]
        if not matches:
            raise LookupError(f"{path} is not an OpenAI path")
        # The most literal template wins (/files/{id}/content over /files/{id}).
        template = min(matches, key=lambda t: t.count("{"))
        operation = self._spec["paths"][template][method]
        response = operation["responses"].get(str(status)) or operation["responses"]["200"]
        content = response.get("content", {})
        kind = content_type.split(";")[0].strip()
        chosen = content.get(kind) or content.get("application/json")
        return chosen["schema"] if chosen else None

    def errors(self, schema: dict[str, Any], value: Any) -> list[str]:
        return [
            f"{'/'.join(str(p) for p in e.absolute_path) or '<root>'}: {e.message[:300]}"
            for e in self._validator(schema).iter_errors(value)
        ]

    def violations(self, records: list[Recorded]) -> list[str]:
        found = []
        for rec in records:
            schema = self.schema_for(rec.method, rec.path, rec.status, rec.content_type)
            where = f"{rec.method.upper()} {rec.path} -> {rec.status}"
            if rec.content_type.startswith("text/event-stream"):
                for value in sse_payloads(rec.body):
                    found += [f"{where} chunk: {e}" for e in self.errors(schema, value)]
                continue
            if not rec.content_type.startswith("application/json") or schema is None:
                continue
            if schema.get("type") == "string":
                continue
            value = json.loads(rec.body)
            found += [f"{where}: {e}" for e in self.errors(schema, value)]
        return found


def sse_payloads(body: bytes) -> list[Any]:
    payloads = []
    for line in body.decode("utf-8").splitlines():
        if line.startswith("data: ") and line != "data: [DONE]":
            payloads.append(json.loads(line[len("data: "):]))
    return payloads
