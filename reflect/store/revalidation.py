"""A practitioner's own database: which reflections were written up as reflective accounts, and when."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from reflect.store.core import StoreCore, in_offset
from reflect.store.engine import WRITE
from reflect.store.reporting import reporting_errors
from reflect.store.sql import REFLECTION, core_table
from reflect.store.supervision_tables import RevalidationAccountRow

ACCOUNT = core_table(RevalidationAccountRow)


@dataclass(frozen=True)
class WrittenAccount:
    """One time a reflection was written up as a reflective account."""

    reflection_id: str
    written_at: datetime
    themes: list[str]
    occurred_at: datetime
    kind: str | None


class Revalidation(StoreCore):
    """The reflective accounts written for revalidation."""

    @reporting_errors
    def note_account_written(self, reflection_id: str, themes: list[str], written_at: datetime) -> None:
        with self.engine.execution_options(**WRITE).begin() as connection:
            connection.execute(
                ACCOUNT.insert().values(id=str(uuid.uuid4()), reflection_id=reflection_id, written_at=written_at, themes=",".join(themes))
            )

    @reporting_errors
    def accounts_written(self) -> list[WrittenAccount]:
        """Every account written, oldest first, with the reflection's time and kind."""
        with self._session() as session:
            rows = session.execute(
                select(ACCOUNT.c.reflection_id, ACCOUNT.c.written_at, ACCOUNT.c.themes, REFLECTION.c.occurred_at,
                       REFLECTION.c.occurred_offset_minutes, REFLECTION.c.kind)
                .join(REFLECTION, REFLECTION.c.id == ACCOUNT.c.reflection_id)
                .order_by(ACCOUNT.c.written_at)
            ).all()  # fmt: skip
        return [
            WrittenAccount(
                row.reflection_id, row.written_at, [theme for theme in row.themes.split(",") if theme],
                in_offset(row.occurred_at, row.occurred_offset_minutes), row.kind,
            )  # fmt: skip
            for row in rows
        ]
