"""The question sets, kept as data (TOML) beside this module, and their loader."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

CHIME_DOMAINS = ("Connectedness", "Hope", "Identity", "Meaning", "Empowerment")
DEFAULT_SET_FILE = "recovery_practices.toml"


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    text: str
    """The question as it follows the stem, verbatim from the source document."""
    why: str
    """Why this practice matters, in the project's own words."""
    chime: tuple[str, ...]

    def full_text(self, stem: str) -> str:
        """"Did I..." joined to the question: "Did I actively listen ..."."""
        return f"{stem.removesuffix('...')} {self.text}"


@dataclass(frozen=True)
class QuestionSet:
    id: str
    version: int
    title: str
    source: str
    stem: str
    prompt: str
    questions: tuple[Question, ...]

    @property
    def keys(self) -> list[str]:
        return [question.key for question in self.questions]

    def __len__(self) -> int:
        return len(self.questions)

    def by_key(self, key: str) -> Question | None:
        return next((question for question in self.questions if question.key == key), None)


class QuestionSetError(ValueError):
    """A question set file that cannot be used."""


def parse_question_set(data: dict) -> QuestionSet:
    try:
        questions = tuple(
            Question(
                key=item["key"],
                label=item["label"],
                text=item["text"],
                why=" ".join(item["why"].split()),
                chime=tuple(item["chime"]),
            )
            for item in data["questions"]
        )
        question_set = QuestionSet(
            id=data["id"],
            version=int(data["version"]),
            title=data["title"],
            source=data["source"],
            stem=data["stem"],
            prompt=data["prompt"],
            questions=questions,
        )
    except (KeyError, TypeError) as error:
        raise QuestionSetError(f"question set is missing or mistypes {error}") from error
    keys = question_set.keys
    if len(set(keys)) != len(keys):
        raise QuestionSetError("question keys must be unique")
    for question in questions:
        unknown = set(question.chime) - set(CHIME_DOMAINS)
        if unknown:
            raise QuestionSetError(f"question {question.key!r} has unknown CHIME domain(s) {sorted(unknown)}")
    return question_set


@cache
def default_question_set() -> QuestionSet:
    """The ten "Did I..." questions from "Practices which support recovery"."""
    text = resources.files(__package__).joinpath(DEFAULT_SET_FILE).read_text(encoding="utf-8")
    return parse_question_set(tomllib.loads(text))
