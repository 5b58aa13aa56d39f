"""Case vignettes: the shipped ones, and a trainer's own, checked with a clear message for a bad file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from reflect.workshop.vignettes import (
    MAX_BYTES,
    VignetteError,
    add_vignette,
    all_vignettes,
    find_vignette,
    parse_vignette,
    read_vignette_file,
    shipped_vignettes,
)

GOOD = """---
id: night-shift-call
title: A call on the night shift
setting: Phone call
kind: phone
---
Robin rings at two in the morning. They cannot sleep and want to talk about their sister's visit.
"""


def test_reflect_ships_vignettes_for_five_settings() -> None:
    vignettes = {vignette.id: vignette for vignette in shipped_vignettes()}
    assert set(vignettes) >= {"home-visit", "crisis-call", "peer-group", "family-meeting", "community-cafe"}
    assert {vignettes[name].kind for name in vignettes} >= {"home-visit", "crisis", "group", "family-meeting", "community"}
    for vignette in vignettes.values():
        assert 400 < len(vignette.text) < 2_000, vignette.id  # read in a few minutes
        assert not vignette.own


def test_the_shipped_vignettes_speak_kindly() -> None:
    for vignette in shipped_vignettes():
        lowered = vignette.text.lower()
        for word in ("fail", "non-compliant", "attention-seeking", "schizophrenic", "the patient"):
            assert word not in lowered, (vignette.id, word)


def test_a_good_vignette_reads() -> None:
    vignette = parse_vignette(GOOD)
    assert (vignette.id, vignette.title, vignette.setting, vignette.kind) == (
        "night-shift-call", "A call on the night shift", "Phone call", "phone",
    )  # fmt: skip
    assert vignette.text.startswith("Robin rings")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "does not start with a header"),
        ("Robin rings at two in the morning and so on and so forth.", "does not start with a header"),
        ("---\nid: a\ntitle: b\nsetting: c\nRobin rings", "header is never closed"),
        ("---\ntitle: A call\nsetting: Phone\n---\n" + "x" * 60, "no 'id'"),
        ("---\nid: a-call\nsetting: Phone\n---\n" + "x" * 60, "no 'title'"),
        ("---\nid: a-call\ntitle: A call\nsetting:\n---\n" + "x" * 60, "no 'setting'"),
        ("---\nid: A Call!\ntitle: A call\nsetting: Phone\n---\n" + "x" * 60, "lower-case letters"),
        ("---\nid: a-call\ntitle: A call\nsetting: Phone\nmood: sad\n---\n" + "x" * 60, "line 5: unknown header key 'mood'"),
        ("---\nid: a-call\nid: b-call\ntitle: A call\nsetting: Phone\n---\n" + "x" * 60, "line 3: 'id' is given twice"),
        ("---\nid: a-call\ntitle A call\nsetting: Phone\n---\n" + "x" * 60, "line 3: expected 'key: value'"),
        ("---\nid: a-call\ntitle: A call\nsetting: Phone\nkind: picnic\n---\n" + "x" * 60, "'picnic' is not an interaction kind"),
        ("---\nid: a-call\ntitle: A call\nsetting: Phone\n---\nToo short.", "no story"),
        ("---\nid: a-call\ntitle: A call\nsetting: Phone\n---\n" + "x" * 60 + "\x1b[31m", "control characters"),
        ("---\nid: a-call\ntitle: " + "T" * 200 + "\nsetting: Phone\n---\n" + "x" * 60, "at most 120 characters"),
    ],
)
def test_a_bad_vignette_gets_a_message_naming_the_problem(text: str, message: str) -> None:
    with pytest.raises(VignetteError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_vignette(text, name="mine.md")


def test_bad_files_are_named_in_the_message(tmp_path: Path) -> None:
    with pytest.raises(VignetteError, match="does not exist"):
        read_vignette_file(tmp_path / "missing.md")
    with pytest.raises(VignetteError, match="is a folder"):
        read_vignette_file(tmp_path)
    latin = tmp_path / "latin.md"
    latin.write_bytes(GOOD.replace("Robin", "Zoë").encode("latin-1"))
    with pytest.raises(VignetteError, match="not UTF-8"):
        read_vignette_file(latin)
    huge = tmp_path / "huge.md"
    huge.write_text(GOOD + "x" * MAX_BYTES)
    with pytest.raises(VignetteError, match="at most 20,000"):
        read_vignette_file(huge)
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"---\x00\x01")
    with pytest.raises(VignetteError, match="not a text file"):
        read_vignette_file(binary)


def test_adding_a_vignette_keeps_a_private_copy_in_the_trainers_folder(tmp_path: Path) -> None:
    source = tmp_path / "night.md"
    source.write_text(GOOD, encoding="utf-8")
    folder = tmp_path / "vignettes"
    vignette, target = add_vignette(source, folder)
    assert target == folder / "night-shift-call.md"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8") == GOOD
    assert [found.id for found in all_vignettes(folder) if found.own] == ["night-shift-call"]
    assert find_vignette("Night-Shift-Call", folder) == vignette


def test_a_vignette_is_not_added_twice_nor_over_a_shipped_one(tmp_path: Path) -> None:
    source = tmp_path / "night.md"
    source.write_text(GOOD, encoding="utf-8")
    folder = tmp_path / "vignettes"
    add_vignette(source, folder)
    with pytest.raises(VignetteError, match="already have a vignette"):
        add_vignette(source, folder)
    clash = tmp_path / "clash.md"
    clash.write_text(GOOD.replace("night-shift-call", "home-visit"), encoding="utf-8")
    with pytest.raises(VignetteError, match="comes with reflect"):
        add_vignette(clash, folder)
    assert sorted(path.name for path in folder.iterdir()) == ["night-shift-call.md"]


def test_an_unknown_vignette_lists_the_ones_there_are() -> None:
    with pytest.raises(VignetteError, match="no vignette called 'picnic'. Choose one of: community-cafe"):
        find_vignette("picnic", None)
