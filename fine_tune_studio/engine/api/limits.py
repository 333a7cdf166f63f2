"""Request fields checked against `core.hyperparameters`' limits table.

`Limited("n_epochs")` in a field's `Annotated[...]` makes pydantic accept only what the
table accepts (plus "auto" and null where the field allows them), with the table's plain
message, and documents the same range in the engine's OpenAPI document. A value outside
the table is a 400 whose `param` is the field's path (see `errors.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from fine_tune_studio.core.hyperparameters import LIMITS, HyperparameterSpec


@dataclass(frozen=True)
class Limited:
    key: str
    auto: bool = True  # "auto" is accepted (the engine chooses)

    @property
    def spec(self) -> HyperparameterSpec:
        return LIMITS[self.key]

    def check(self, value: Any) -> Any:
        if value is None or (self.auto and value == "auto"):
            return value
        problem = self.spec.problem(value)
        if problem is not None:
            raise PydanticCustomError("invalid_value", problem)
        return self.spec.kind(value)

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        # Replaces the annotated type's own validation: the table decides, in its words.
        return core_schema.no_info_plain_validator_function(self.check)

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        spec = self.spec
        number: dict[str, Any] = {
            "type": "integer" if spec.kind is int else "number",
            "minimum": spec.minimum,
            "maximum": spec.maximum,
        }
        choices: list[dict[str, Any]] = [number, {"type": "null"}]
        if self.auto:
            choices.insert(0, {"type": "string", "enum": ["auto"]})
        return {"anyOf": choices}
