"""Running a workshop: making one on a vignette, and the room's answers as a document.

The workshop domain (its own database file, the vignettes, the room's spread of answers) is in
reflect.workshop; these are the use cases a trainer's command or screen calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reflect.workshop.vignettes import Vignette


@dataclass(frozen=True)
class NewWorkshop:
    """A workshop just made: its id, its file and the vignette it is on."""

    id: str
    path: Path
    vignette: Vignette


def new_workshop(vignette_name: str, path: Path | None, now: datetime) -> NewWorkshop:
    """Make a workshop on the vignette (by id) in `path`, or else in reflect's workshops folder.

    Raises VignetteError if there is no such vignette, WorkshopError if the file cannot be made.
    """
    from reflect.paths import vignettes_dir, workshops_dir
    from reflect.questions import default_question_set
    from reflect.workshop.files import new_workshop_id, workshop_file
    from reflect.workshop.store import WorkshopInfo, create_workshop
    from reflect.workshop.vignettes import find_vignette

    vignette = find_vignette(vignette_name, vignettes_dir())
    workshop_id = new_workshop_id(vignette.id)
    if path is None:
        folder = workshops_dir()
        folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # reflect's data folder, 0700 too
        folder.mkdir(mode=0o700, exist_ok=True)
        path = workshop_file(folder, workshop_id)
    question_set = default_question_set()
    info = WorkshopInfo(
        id=workshop_id,
        created_at=now,
        vignette_id=vignette.id,
        vignette_title=vignette.title,
        vignette_setting=vignette.setting,
        vignette_text=vignette.text,
        question_set_id=question_set.id,
        question_set_version=question_set.version,
    )
    create_workshop(path, info)
    return NewWorkshop(workshop_id, path, vignette)


def room_answers(path: Path, fmt: str, round_number: int | None = None) -> str:
    """One round's answers per question (by default the current round's) as "csv", or as Markdown
    ("md", with the notes); raises WorkshopError, also for a round the workshop does not have."""
    from reflect.questions import default_question_set
    from reflect.workshop.export import room_csv, room_markdown
    from reflect.workshop.room import room_spread
    from reflect.workshop.store import WorkshopError, WorkshopStore

    store = WorkshopStore.open(path)
    try:
        rounds = store.rounds()
        chosen = rounds[-1] if round_number is None else next((each for each in rounds if each.number == round_number), None)
        if chosen is None:
            raise WorkshopError(f"This workshop has no round {round_number}; it has rounds 1 to {len(rounds)}.")
        info, answers, participants = store.info, store.answers(chosen.number), store.participants(chosen.number)
    finally:
        store.close()
    spreads = room_spread(default_question_set(), answers)
    render = room_csv if fmt == "csv" else room_markdown
    return render(info, spreads, participants, default_question_set(), chosen)
