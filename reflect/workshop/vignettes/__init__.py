"""Case vignettes for workshops: Markdown files with a small `key: value` header.

    ---
    id: home-visit
    title: A home visit after the move
    setting: Home visit
    kind: home-visit          (optional: an interaction kind)
    ---
    The story, in Markdown.

The shipped vignettes live beside this module; a trainer's own live in their vignette
folder (reflect.paths.vignettes_dir). Standard library only: `reflect workshop
vignettes` stays quick.
"""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from reflect.private_files import PrivateFileError, write_private
from reflect.regular_files import NotARegularFile, read_regular_file

FENCE = "---"
REQUIRED_KEYS = ("id", "title", "setting")
OPTIONAL_KEYS = ("kind",)
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID = 40
MAX_LINE = 120
"""Longest title or setting, in characters."""
MAX_BYTES = 20_000
"""A vignette is read in a few minutes: a file much larger than this is not one."""
MIN_STORY = 40
"""Characters of story, at least: a header alone is not a vignette."""


class VignetteError(ValueError):
    """A vignette file that cannot be used; the message names the problem and how to fix it."""


@dataclass(frozen=True)
class Vignette:
    id: str
    title: str
    setting: str
    text: str
    """The story, Markdown."""
    kind: str | None = None
    """The interaction kind it describes, if the header names one."""
    own: bool = False
    """Added by the trainer, rather than shipped with reflect."""


def parse_vignette(source: str, *, name: str = "the vignette", own: bool = False) -> Vignette:
    """Read a vignette from its text; VignetteError says what is wrong and where."""
    if "\x00" in source:
        raise VignetteError(f"{name} is not a text file (it holds NUL bytes).")
    lines = source.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != FENCE:
        raise VignetteError(
            f"{name} does not start with a header. Its first line must be '---', then "
            "'id: ...', 'title: ...' and 'setting: ...' lines, then '---' and the story."
        )
    try:
        end = next(number for number in range(1, len(lines)) if lines[number].strip() == FENCE)
    except StopIteration:
        raise VignetteError(f"{name}: the header is never closed. Add a line '---' after the 'setting:' line.") from None
    fields: dict[str, str] = {}
    for number in range(1, end):
        line = lines[number]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key = key.strip().lower()
        if not colon:
            raise VignetteError(f"{name}, line {number + 1}: expected 'key: value', found {line.strip()[:40]!r}.")
        if key not in REQUIRED_KEYS + OPTIONAL_KEYS:
            known = ", ".join(REQUIRED_KEYS + OPTIONAL_KEYS)
            raise VignetteError(f"{name}, line {number + 1}: unknown header key {key[:40]!r}. The keys are: {known}.")
        if key in fields:
            raise VignetteError(f"{name}, line {number + 1}: {key!r} is given twice.")
        fields[key] = value.strip()
    for key in REQUIRED_KEYS:
        if not fields.get(key):
            raise VignetteError(f"{name}: the header has no {key!r}. Add a line '{key}: ...' between the '---' lines.")
    vignette_id = fields["id"]
    if len(vignette_id) > MAX_ID or not ID_PATTERN.match(vignette_id):
        raise VignetteError(
            f"{name}: the id {vignette_id[:MAX_ID]!r} must be lower-case letters, digits and single hyphens "
            f"(at most {MAX_ID} characters), such as 'night-shift-call'."
        )
    for key in ("title", "setting"):
        value = fields[key]
        if len(value) > MAX_LINE or any(ord(character) < 32 for character in value):
            raise VignetteError(f"{name}: the {key} must be one line of at most {MAX_LINE} characters.")
    kind = None
    if fields.get("kind"):
        from reflect.model import INTERACTION_KINDS, kind_from_text

        try:
            kind = kind_from_text(fields["kind"])
        except ValueError:
            keys = ", ".join(item.key for item in INTERACTION_KINDS)
            raise VignetteError(f"{name}: {fields['kind'][:40]!r} is not an interaction kind. Use one of: {keys}.") from None
    text = "\n".join(lines[end + 1 :]).strip()
    if len(text) < MIN_STORY:
        raise VignetteError(f"{name} has no story after its header: write the vignette below the second '---'.")
    if _has_control_characters(text):
        raise VignetteError(f"{name} holds control characters (such as terminal escape codes); remove them.")
    return Vignette(
        id=vignette_id, title=fields["title"], setting=fields["setting"], text=text, kind=kind, own=own
    )


def _has_control_characters(text: str) -> bool:
    return any(ord(character) < 32 and character not in "\n\t\r" or ord(character) == 127 for character in text)


def read_vignette_file(path: Path, *, own: bool = False) -> Vignette:
    """Read and check a vignette file."""
    name = str(path)
    try:
        if path.is_dir():
            raise VignetteError(f"{name} is a folder; give a vignette file (Markdown).")
        data = read_regular_file(path, limit=MAX_BYTES, shown=name)
        if len(data) > MAX_BYTES:
            size = path.stat().st_size
            raise VignetteError(f"{name} is {size:,} bytes; a vignette is at most {MAX_BYTES:,}. Shorten the story.")
    except NotARegularFile as error:
        raise VignetteError(str(error)) from None
    except FileNotFoundError:
        raise VignetteError(f"{name} does not exist. Check the file name.") from None
    except OSError as error:
        raise VignetteError(f"Cannot read {name}: {error.strerror}.") from None
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError:
        raise VignetteError(f"{name} is not UTF-8 text. Save it as UTF-8 and try again.") from None
    return parse_vignette(source, name=name, own=own)


def shipped_vignettes() -> list[Vignette]:
    folder = resources.files(__package__)
    found = []
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".md"):
            found.append(parse_vignette(entry.read_text(encoding="utf-8"), name=entry.name))
    return found


def own_vignettes(folder: Path) -> list[Vignette]:
    """The trainer's own vignettes; a file that no longer reads is skipped (`add` checked it)."""
    found = []
    if folder.is_dir():
        for path in sorted(folder.glob("*.md")):
            try:
                found.append(read_vignette_file(path, own=True))
            except VignetteError:
                continue
    return found


def all_vignettes(own_folder: Path | None) -> list[Vignette]:
    """Shipped vignettes first, then the trainer's own."""
    return shipped_vignettes() + (own_vignettes(own_folder) if own_folder is not None else [])


def find_vignette(name: str, own_folder: Path | None) -> Vignette:
    """A vignette by id (or a path to a vignette file)."""
    wanted = name.strip().lower()
    for vignette in all_vignettes(own_folder):
        if vignette.id == wanted:
            return vignette
    if name.endswith(".md") and Path(name).expanduser().is_file():
        return read_vignette_file(Path(name).expanduser(), own=True)
    known = ", ".join(vignette.id for vignette in all_vignettes(own_folder))
    raise VignetteError(f"There is no vignette called {name.strip()[:40]!r}. Choose one of: {known}.")


def add_vignette(path: Path, own_folder: Path) -> tuple[Vignette, Path]:
    """Check a vignette file and copy it into the trainer's folder (0700) as ID.md (0600)."""
    vignette = read_vignette_file(path, own=True)
    if any(shipped.id == vignette.id for shipped in shipped_vignettes()):
        raise VignetteError(f"The id {vignette.id!r} belongs to a vignette that comes with reflect. Give yours another id.")
    own_folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # reflect's data folder, 0700 too
    own_folder.mkdir(mode=0o700, exist_ok=True)
    target = own_folder / f"{vignette.id}.md"
    already = (
        f"You already have a vignette with the id {vignette.id!r} ({target}). "
        "Give the new one another id, or remove the old file first."
    )
    if target.exists():
        raise VignetteError(already)
    data = path.read_bytes()
    try:
        # Never replacing a file of that name, even one that appeared since the check above.
        write_private(target, data, replace=False, advice="Check its permissions, then add the vignette again.")
    except PrivateFileError as error:
        raise VignetteError(already if error.errno == errno.EEXIST else str(error)) from None
    return vignette, target
