"""Columns derived from what a practitioner wrote, kept so that patterns are quick to sum.

`reflection.responses` holds a reflection's answers as one character per question, in
the order of the question keys ("slots") recorded in `store_setting`: y Yes, p Partly,
n No, x Not applicable, - not answered. `reflection.occurred_day` is the local date the
interaction happened. The answer rows stay the record; these are rebuilt from them
whenever they are missing (a database just migrated) or the question order changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, timezone

from sqlalchemy import Connection, text

from reflect.model import Answer, Response
from reflect.settings import RESPONSE_SLOTS
from reflect.store.dialect import local_day_sql
from reflect.store.sql import read_setting, write_setting

UNANSWERED = "-"
CODE_LETTERS: dict[Response, str] = {response: response.letter for response in Response}
"""y, p, n, x: the same letters as `reflect add --answers`."""


def encode_responses(answers: Mapping[str, Answer], slots: Sequence[str]) -> str:
    """The answers as one character per slot: "yypnx-yypy"."""
    return "".join(
        CODE_LETTERS[answer.response] if (answer := answers.get(key)) is not None and answer.response else UNANSWERED
        for key in slots
    )


def decode_responses(code: str, slots: Sequence[str]) -> dict[str, Response | None]:
    """The answers back from their code, by question key (None: not answered)."""
    by_letter = {letter: response for response, letter in CODE_LETTERS.items()}
    return {key: by_letter.get(letter) for key, letter in zip(slots, code)}


def local_day(moment: datetime, offset_minutes: int) -> str:
    """The date, where the practitioner was, of an instant: YYYY-MM-DD."""
    return moment.astimezone(timezone(timedelta(minutes=offset_minutes))).date().isoformat()


def stored_slots(connection: Connection) -> str | None:
    return read_setting(connection, RESPONSE_SLOTS)


def refresh_derived(connection: Connection, slots: Sequence[str]) -> bool:
    """Rebuild the derived columns, and the answer rollup, if they were made for other slots (or never); True if it did.

    Runs inside the caller's write transaction, in SQL, so that a large database is
    rebuilt without holding its answers in memory.
    """
    wanted = ",".join(slots)
    if stored_slots(connection) == wanted:
        return False
    letter = " ".join(f"WHEN '{response.value}' THEN '{code}'" for response, code in CODE_LETTERS.items())
    parts = [
        f"coalesce((SELECT CASE response {letter} END FROM answer"
        f" WHERE answer.reflection_id = reflection.id AND answer.question_key = :slot{index}), '{UNANSWERED}')"
        for index in range(len(slots))
    ]
    code = " || ".join(parts) if parts else "''"
    connection.execute(
        text(
            f"UPDATE reflection SET responses = {code}, occurred_day = {local_day_sql(connection)}"
        ),
        {f"slot{index}": key for index, key in enumerate(slots)},
    )
    write_setting(connection, RESPONSE_SLOTS, wanted)
    from reflect.store.rollup import rebuild  # rollup reads this module's letters

    rebuild(connection)  # made for the codes just rewritten
    return True
