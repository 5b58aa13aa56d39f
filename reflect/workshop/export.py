"""The room's answers as CSV (one row per question) or Markdown (with the notes), for one round.

Given the round, both name it (a leading "Round" column; the Markdown title), so that the
exports of a workshop's rounds are told apart.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from reflect import private_files
from reflect.model import RESPONSE_ORDER
from reflect.questions import QuestionSet
from reflect.workshop.room import QuestionSpread, discussion_starters
from reflect.workshop.store import Participant, RoomRound, WorkshopInfo

CSV_HEADINGS = ["Number", "Practice", "Question", *(response.word for response in RESPONSE_ORDER), "Answered", "Disagreement"]


def _cell(value: str) -> str:
    """Text a spreadsheet would run as a formula ("=", "+", "-", "@") is kept as text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def room_csv(
    info: WorkshopInfo,
    spreads: Sequence[QuestionSpread],
    _participants: Sequence[Participant],
    question_set: QuestionSet,
    room_round: RoomRound | None = None,
) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    round_cells = [] if room_round is None else [room_round.number]
    writer.writerow(([] if room_round is None else ["Round"]) + CSV_HEADINGS)
    for spread in spreads:
        value = spread.disagreement
        writer.writerow(
            [
                *round_cells,
                spread.number,
                spread.question.label,
                _cell(spread.question.full_text(question_set.stem)),
                *(spread.counts[response] for response in RESPONSE_ORDER),
                spread.n,
                "" if value is None else f"{value:.2f}",
            ]
        )
    # A byte order mark, as on the reflections CSV: without it spreadsheets read the file in the
    # system's legacy encoding and show "person’s" as "personâ€™s".
    return "\ufeff" + out.getvalue()


def _md(text: str) -> str:
    """One line of participant text, safe inside Markdown: no markup, no HTML, no line breaks."""
    escaped = " ".join(text.split())
    for character in "\\`*_[]<>|":
        escaped = escaped.replace(character, "\\" + character)
    return escaped


def room_markdown(
    info: WorkshopInfo,
    spreads: Sequence[QuestionSpread],
    participants: Sequence[Participant],
    question_set: QuestionSet,
    room_round: RoomRound | None = None,
) -> str:
    finished = sum(1 for participant in participants if participant.finished)
    title, setting = (info.vignette_title, info.vignette_setting) if room_round is None else (room_round.vignette_title, room_round.vignette_setting)
    lines = [
        f"# Workshop: {title}" + ("" if room_round is None else f", round {room_round.number}"),
        "",
        f"Setting: {setting}. Workshop {info.id}, {info.created_at:%d %B %Y}. "
        f"{len(participants)} joined, {finished} finished.",
        "",
        "Disagreement is 1 − the share of the most common answer: 0 when everyone agrees, 0.5 when the room "
        "splits evenly between two answers.",
        "",
    ]
    starters = discussion_starters(spreads)
    if starters:
        lines += ["## Where the room differs most", ""]
        lines += [f"- {spread.number}. {spread.question.label} (disagreement {spread.disagreement:.2f}, n {spread.n})" for spread in starters]
        lines.append("")
    lines += [
        "## Answers per practice",
        "",
        "| # | Practice | " + " | ".join(response.word for response in RESPONSE_ORDER) + " | n | Disagreement |",
        "|---|---|" + "---:|" * (len(RESPONSE_ORDER) + 2),
    ]
    for spread in spreads:
        value = spread.disagreement
        counts = " | ".join(str(spread.counts[response]) for response in RESPONSE_ORDER)
        lines.append(f"| {spread.number} | {spread.question.label} | {counts} | {spread.n} | {'–' if value is None else f'{value:.2f}'} |")
    noted = [spread for spread in spreads if spread.notes]
    if noted:
        lines += ["", "## Notes", ""]
        for spread in noted:
            lines += [f"### {spread.number}. {spread.question.full_text(question_set.stem)}", ""]
            for note in spread.notes:
                answer = note.response.word if note.response else "no answer"
                lines.append(f"- {note.participant} ({answer}): {_md(note.text)}")
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read (0600), all at once, replacing any file already there.

    Raises PrivateFileError, an OSError whose strerror is the system's reason.
    """
    private_files.write_private(path, text, advice="Choose another --output.")
