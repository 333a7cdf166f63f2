"""Which dataset started which fine-tuning job (Qt-free).

Providers remember jobs but not where their training file came from on this computer;
this small book does, so the monitor can say "started from airport-faq.jsonl" after a
restart, and a provider's job list can be merged with what was started here.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, Field

SCHEMA_VERSION = 1


class JobRecord(BaseModel):
    provider_id: str
    job_id: str
    dataset_path: str | None = None
    validation_path: str | None = None
    base_model: str = ""
    method: str = "supervised"
    suffix: str | None = None
    n_examples: int | None = None
    estimated_tokens: int | None = None
    # The launch's prediction of trained tokens (the app's o200k count x epochs). Providers
    # count with their own tokenizers (the engine: the model's, prompts included), so a
    # speed measured in their count would mislead the next prediction made in ours.
    predicted_tokens: int | None = None
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    @property
    def key(self) -> tuple[str, str]:
        return (self.provider_id, self.job_id)

    @property
    def dataset_name(self) -> str | None:
        if not self.dataset_path:
            return None
        return self.dataset_path.replace("\\", "/").rsplit("/", 1)[-1]


class JobRecordBook(BaseModel):
    schema_version: int = SCHEMA_VERSION
    records: list[JobRecord] = Field(default_factory=list)

    def add(self, record: JobRecord) -> None:
        self.records = [r for r in self.records if r.key != record.key]
        self.records.append(record)

    def get(self, provider_id: str, job_id: str) -> JobRecord | None:
        for record in self.records:
            if record.key == (provider_id, job_id):
                return record
        return None

    def for_provider(self, provider_id: str) -> list[JobRecord]:
        return [r for r in self.records if r.provider_id == provider_id]

    def remove(self, provider_id: str, job_id: str) -> None:
        self.records = [r for r in self.records if r.key != (provider_id, job_id)]
