"""The plain objects the UI, the CLI and the store pass between them.

Nothing here imports SQLAlchemy or Textual, so the command line can use these
types without paying for either.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime


class Response(enum.Enum):
    """How a practitioner answered one "Did I..." question."""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"
    NOT_APPLICABLE = "not_applicable"

    @property
    def word(self) -> str:
        return RESPONSE_WORDS[self]

    @property
    def symbol(self) -> str:
        return RESPONSE_SYMBOLS[self]

    @property
    def letter(self) -> str:
        return RESPONSE_LETTERS[self]

    @classmethod
    def from_letter(cls, letter: str) -> Response:
        """Parse `y`, `p`, `n`, `x` (or `1`-`4`, or the full word); raise ValueError otherwise."""
        wanted = letter.strip().lower()
        for response in cls:
            if wanted in (response.letter, response.value, response.word.lower(), str(RESPONSE_ORDER.index(response) + 1)):
                return response
        if wanted in ("n/a", "na"):
            return cls.NOT_APPLICABLE
        raise ValueError(letter)


RESPONSE_ORDER: list[Response] = [Response.YES, Response.PARTLY, Response.NO, Response.NOT_APPLICABLE]
RESPONSE_WORDS = {
    Response.YES: "Yes",
    Response.PARTLY: "Partly",
    Response.NO: "No",
    Response.NOT_APPLICABLE: "Not applicable",
}
RESPONSE_LETTERS = {
    Response.YES: "y",
    Response.PARTLY: "p",
    Response.NO: "n",
    Response.NOT_APPLICABLE: "x",
}
# Shapes differ as well as colours, so no meaning is carried by colour alone.
RESPONSE_SYMBOLS = {
    Response.YES: "●",
    Response.PARTLY: "◐",
    Response.NO: "○",
    Response.NOT_APPLICABLE: "–",
}
UNANSWERED_SYMBOL = "·"
UNANSWERED_WORD = "Not answered"


@dataclass(frozen=True)
class InteractionKind:
    key: str
    label: str


INTERACTION_KINDS: list[InteractionKind] = [
    InteractionKind("one-to-one", "One-to-one"),
    InteractionKind("home-visit", "Home visit"),
    InteractionKind("community", "Community / outreach"),
    InteractionKind("phone", "Phone"),
    InteractionKind("video", "Video"),
    InteractionKind("group", "Group"),
    InteractionKind("family-meeting", "Family meeting"),
    InteractionKind("crisis", "Crisis"),
]
KIND_LABELS = {kind.key: kind.label for kind in INTERACTION_KINDS}


def kind_from_text(text: str) -> str:
    """Map a typed kind (key or label, any case) to its key; raise ValueError if unknown."""
    wanted = " ".join(text.strip().lower().replace("_", "-").split())
    for kind in INTERACTION_KINDS:
        if wanted in (kind.key, kind.label.lower(), kind.key.replace("-", " ")):
            return kind.key
    if wanted in ("outreach", "community/outreach"):
        return "community"
    raise ValueError(text)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Answer:
    """One question's answer. `response` is None when the question was left unanswered."""

    response: Response | None = None
    note: str = ""
    flagged: bool = False
    """The note is flagged to bring to supervision."""

    @property
    def is_empty(self) -> bool:
        return self.response is None and not self.note.strip()


@dataclass
class Reflection:
    """A reflection on one interaction, complete or still a draft.

    Datetimes are timezone-aware. `occurred_at` keeps the offset the practitioner
    was in, so "15:00" stays 15:00 when read back.
    """

    uuid: str
    question_set_id: str
    question_set_version: int
    occurred_at: datetime
    created_at: datetime
    updated_at: datetime
    kind: str | None = None
    person_code: str | None = None
    duration_minutes: int | None = None
    tags: list[str] = field(default_factory=list)
    what_happened: str = ""
    so_what: str = ""
    now_what: str = ""
    commitment: str = ""
    answers: dict[str, Answer] = field(default_factory=dict)
    is_draft: bool = False
    flagged: bool = False
    """Flagged to bring to supervision."""
    commitment_questions: list[str] = field(default_factory=list)
    """The question keys the commitment for next time is about (none, one or more)."""
    revision: int = field(default=0, compare=False)
    """The stored revision this copy was read at or last saved as; 0 for one never stored.

    A save that starts from an older revision than the store holds is refused (two windows,
    or another program, changed it in between): see Store.save_checked.
    """

    def response_for(self, question_key: str) -> Response | None:
        answer = self.answers.get(question_key)
        return answer.response if answer else None

    def count(self, response: Response | None) -> int:
        return sum(1 for answer in self.answers.values() if answer.response is response)

    @property
    def answered_count(self) -> int:
        return sum(1 for answer in self.answers.values() if answer.response is not None)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind or "", self.kind or "")


def has_content(reflection: Reflection) -> bool:
    """Whether anything has been given that would be a loss to throw away."""
    return bool(
        any(not answer.is_empty for answer in reflection.answers.values())
        or reflection.kind
        or reflection.person_code
        or reflection.tags
        or reflection.duration_minutes
        or reflection.commitment_questions
        or any(text.strip() for text in (reflection.what_happened, reflection.so_what, reflection.now_what, reflection.commitment))
    )


@dataclass(frozen=True)
class Note:
    """A piece of free text from a completed reflection: a question's note or one of its own texts."""

    reflection_uuid: str
    occurred_at: datetime
    source: str
    """The question key, or what_happened, so_what, now_what or commitment."""
    text: str
    flagged: bool = False


def without_hidden_characters(text: str) -> str:
    """`text` composed (NFC) and without format characters: zero-width spaces and joiners, soft
    hyphens, direction overrides, byte order marks.

    For short codes and tags, where such a character only disguises what is shown: a right-to-left
    override makes "21-BJ" display as "JB-12", and a zero-width joiner makes a second "housing".
    Free text keeps them (an emoji can need a joiner); `reflect.display.visible` shows the direction
    controls there.
    """
    import unicodedata

    composed = unicodedata.normalize("NFC", text)
    if composed.isascii():
        return composed
    return "".join(character for character in composed if unicodedata.category(character) != "Cf")


def normalise_tags(tags: list[str] | str) -> list[str]:
    """Tags as typed ("housing, Peer support") -> a sorted, de-duplicated list of lowercase tags."""
    if isinstance(tags, str):
        tags = tags.split(",")
    cleaned = {" ".join(without_hidden_characters(tag).strip().lower().split()) for tag in tags}
    return sorted(tag for tag in cleaned if tag)


@dataclass(frozen=True)
class Selection:
    """Which completed reflections a pattern covers: the period [start, end) and optional filters.

    A bound that names a whole day ("2026-11-01", "yesterday") also carries that day as a date, and
    the store then chooses by the local day stored with each reflection (the day on the
    practitioner's clock when it happened) rather than by the instant: so a period of days holds
    the same reflections whatever time zone it is asked in, as `reflect list` shows them. `start`
    and `end` are still the instants of those days' midnights where the period was typed, for
    saying the period in words.
    """

    start: datetime | None = None
    end: datetime | None = None
    kind: str | None = None
    tag: str | None = None
    practitioner: str | None = None
    """In a team database: only this practitioner's reflections (their id)."""
    start_day: date | None = None
    """The first local day covered, when the period starts with a whole day (else the instant `start` rules)."""
    end_day: date | None = None
    """The first local day no longer covered, when the period ends with a whole day: [start_day, end_day)."""

    def previous(self) -> Selection | None:
        """The period of the same length just before this one, with the same filters (if bounded).

        It ends where this one starts (on the same day, if this starts with one); it starts as many
        days before as this one lasts when both ends are days, else at the instant as long before.
        """
        if self.start is None or self.end is None:
            return None
        start_day = None
        if self.start_day is not None and self.end_day is not None:
            start_day = self.start_day - (self.end_day - self.start_day)
        return replace(
            self, start=self.start - (self.end - self.start), end=self.start, start_day=start_day, end_day=self.start_day
        )


@dataclass(frozen=True)
class Practitioner:
    """In a team database: whose supervision bundle a set of reflections came from."""

    id: str
    """A random id the practitioner's own database keeps, so a newer bundle replaces an older one."""
    display_name: str
    bundle_id: str
    bundle_created_at: datetime
    period_start: datetime | None
    period_end: datetime
    includes_notes: bool
    reflections: int = 0
    flagged_reflections: int = 0
    flagged_notes: int = 0
    """Notes flagged for supervision, counted whether or not their text was shared."""
    imported_at: datetime | None = None
