"""The ten "Did I..." questions: faithful to the source document, and safe to key answers by."""

from __future__ import annotations

import copy
import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from reflect.questions import (
    CHIME_DOMAINS,
    DEFAULT_SET_FILE,
    QuestionSetError,
    default_question_set,
    parse_question_set,
)

SEED_DOCUMENT = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "001_7e248eb050e070cd.txt"

# Answers in every database are stored under these keys, in this order. Renaming one
# orphans every answer already saved under it, so a rename must be a deliberate change here.
EXPECTED_KEYS = [
    "make-sense",
    "personal-goals",
    "strengths",
    "lived-experience",
    "beyond-sick-role",
    "community",
    "self-management",
    "treatment-choice",
    "respect",
    "hope",
]

LABEL_MAX = 14


def _collapse(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def did_i_section() -> str:
    """The source's "Did I..." section (up to the quotation after it), whitespace collapsed."""
    if not SEED_DOCUMENT.is_file():
        pytest.skip(f"source document not found at {SEED_DOCUMENT} (shared/ should be checked out beside the repo)")
    text = _collapse(SEED_DOCUMENT.read_text(encoding="utf-8"))
    start = text.index("Did I...")
    end = text.index("“People are as fully human", start)
    return text[start:end]


@pytest.fixture(scope="module")
def raw_default_set() -> dict:
    """The packaged question set as plain TOML data, to make broken variants of."""
    text = resources.files("reflect.questions").joinpath(DEFAULT_SET_FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


def test_default_question_set_has_ten_questions() -> None:
    assert len(default_question_set()) == 10
    assert len(default_question_set().questions) == 10


@pytest.mark.parametrize("position", range(10), ids=EXPECTED_KEYS)
def test_each_question_text_appears_verbatim_in_the_source_did_i_section(did_i_section: str, position: int) -> None:
    question = default_question_set().questions[position]
    assert _collapse(question.text) in did_i_section


def test_question_texts_follow_the_source_order(did_i_section: str) -> None:
    positions = [did_i_section.index(_collapse(q.text)) for q in default_question_set().questions]
    assert positions == sorted(positions)


def test_question_stem_is_the_source_stem(did_i_section: str) -> None:
    question_set = default_question_set()
    assert question_set.stem == "Did I..."
    assert did_i_section.startswith(question_set.stem)


def test_full_text_joins_the_stem_and_question_with_one_space() -> None:
    question = default_question_set().questions[0]
    assert question.full_text(default_question_set().stem) == (
        "Did I actively listen to help the person to make sense of their mental health problems?"
    )


def test_question_keys_are_unique() -> None:
    keys = default_question_set().keys
    assert len(set(keys)) == len(keys)


def test_question_keys_are_exactly_the_stable_list_in_order() -> None:
    assert default_question_set().keys == EXPECTED_KEYS


def test_question_keys_are_lowercase_slugs() -> None:
    for key in default_question_set().keys:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", key), key


@pytest.mark.parametrize("position", range(10), ids=EXPECTED_KEYS)
def test_each_label_is_at_most_fourteen_characters(position: int) -> None:
    label = default_question_set().questions[position].label
    assert label.strip(), "label must not be empty"
    assert len(label) <= LABEL_MAX, f"{label!r} is {len(label)} characters"


def test_labels_are_unique() -> None:
    labels = [q.label for q in default_question_set().questions]
    assert len(set(labels)) == len(labels)


def test_every_chime_domain_is_used_by_some_question() -> None:
    used = {domain for q in default_question_set().questions for domain in q.chime}
    assert used == set(CHIME_DOMAINS)


def test_every_question_names_at_least_one_chime_domain() -> None:
    for question in default_question_set().questions:
        assert question.chime, question.key


def test_every_question_explains_why_it_matters() -> None:
    for question in default_question_set().questions:
        assert question.why.strip(), question.key
        assert question.why == _collapse(question.why), "why is stored with whitespace collapsed"


def test_question_set_has_an_id_and_a_positive_integer_version() -> None:
    question_set = default_question_set()
    assert question_set.id == "recovery-practices"
    assert isinstance(question_set.version, int)
    assert question_set.version >= 1


def test_default_question_set_is_loaded_once_and_shared() -> None:
    assert default_question_set() is default_question_set()


def test_by_key_finds_a_question_and_returns_none_for_an_unknown_key() -> None:
    question_set = default_question_set()
    assert question_set.by_key("hope") is question_set.questions[-1]
    assert question_set.by_key("no-such-question") is None


def test_parse_question_set_accepts_the_packaged_data_unchanged(raw_default_set: dict) -> None:
    assert parse_question_set(copy.deepcopy(raw_default_set)) == default_question_set()


def test_parse_question_set_rejects_duplicate_keys(raw_default_set: dict) -> None:
    data = copy.deepcopy(raw_default_set)
    data["questions"][1]["key"] = data["questions"][0]["key"]
    with pytest.raises(QuestionSetError, match="unique"):
        parse_question_set(data)


def test_parse_question_set_rejects_an_unknown_chime_domain(raw_default_set: dict) -> None:
    data = copy.deepcopy(raw_default_set)
    data["questions"][2]["chime"] = ["Hope", "Optimism"]
    with pytest.raises(QuestionSetError, match="Optimism"):
        parse_question_set(data)


def test_parse_question_set_rejects_a_question_without_a_key(raw_default_set: dict) -> None:
    data = copy.deepcopy(raw_default_set)
    del data["questions"][0]["key"]
    with pytest.raises(QuestionSetError, match="key"):
        parse_question_set(data)


def test_question_set_error_is_a_value_error() -> None:
    assert issubclass(QuestionSetError, ValueError)
