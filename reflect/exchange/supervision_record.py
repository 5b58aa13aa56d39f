"""A practitioner's supervision record in words: plain text to read in a terminal, and Markdown or
one self-contained HTML file (printable on A4, like the reports) for the record a trust keeps.

Only what the supervisor recorded and what the bundle shared: the names given, days, kinds of
interaction, actions and outcomes. Never a person code (a team database holds none).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from reflect import __version__
from reflect.model import KIND_LABELS

if TYPE_CHECKING:
    from reflect.services.supervision import SupervisionRecord
    from reflect.store.supervision import DiscussedItem

FORMATS = ("md", "html")
SHORT_ID = 8


def day_words(day: date | str) -> str:
    """ "1 Dec 2026"."""
    when = date.fromisoformat(day) if isinstance(day, str) else day
    return f"{when.day} {when:%b %Y}"


def kind_words(kind: str | None) -> str:
    """ "Family meeting"; "No kind given"."""
    return KIND_LABELS.get(kind, kind) if kind else "No kind given"


def item_words(item: DiscussedItem) -> str:
    """ "Family meeting of 17 Nov 2026 (7de39b45)"; "A reflection of 17 Nov 2026 (...)" without a kind."""
    named = KIND_LABELS.get(item.kind, item.kind) if item.kind else "A reflection"
    return f"{named} of {day_words(item.day)} ({item.reflection_id[:SHORT_ID]})"


def record_as_text(record: SupervisionRecord, *, command: str) -> str:
    """The record for the terminal; `command` is how to run `supervision` again, for the hints."""
    practitioner = record.practitioner
    lines = [f"Supervision record: {practitioner.display_name} (id {practitioner.id[:SHORT_ID]})"]
    agreement = record.agreement
    if agreement is None:
        lines.append(f"  No agreement noted yet: `{command} agreement {practitioner.id[:SHORT_ID]} --frequency ... --confidentiality ...`.")
    else:
        lines += [f"  Agreed frequency: {agreement.frequency}", f"  Confidentiality: {agreement.confidentiality}"]
    lines.append("")
    if not record.sessions:
        lines.append(f"No session recorded yet. `{command} record {practitioner.id[:SHORT_ID]} --with NAME ...` records one.")
    for session in record.sessions:
        lines.append(f"{day_words(session.held_on)}, with {', '.join(session.attendees)}")
        if session.bundle_id:
            lines.append(f"  Bundle discussed: {session.bundle_id[:SHORT_ID]}")
        for item in session.discussed:
            lines.append(f"  Discussed: {item_words(item)}")
            if item.reflection_id in session.comments:
                lines.append(f"    Comment: {session.comments[item.reflection_id]}")
        for action in session.reviewed:
            lines.append(f"  How action {action.number} went: {action.outcome}")
        for action in session.actions:
            lines.append(f"  Action {action.number} agreed: {action.text}")
        lines.append("")
    if record.open_actions:
        lines.append("Actions to follow up at the next session (with --went NUMBER WORDS):")
        lines += [f"  {action.number}. {action.text}" for action in record.open_actions]
        lines.append("")
    if record.flagged:
        lines.append("Flagged in the team database (name them with --discussed ID):")
        for reflection in record.flagged:
            discussed = "discussed" if reflection.uuid in record.discussed_ids else "not yet discussed"
            lines.append(
                f"  {record.flagged_ids[reflection.uuid]}  {day_words(reflection.occurred_at.date())}  {kind_words(reflection.kind)}  ({discussed})"
            )
    return "\n".join(lines).rstrip() + "\n"


def render_record(record: SupervisionRecord, fmt: str) -> str:
    """The record as Markdown or self-contained HTML."""
    from reflect.exchange.report import render

    return render(
        f"supervision.{fmt}.jinja", record=record, generator=f"reflect {__version__}", day_words=day_words,
        item_words=item_words, kind_words=kind_words, SHORT_ID=SHORT_ID,
    )  # fmt: skip
