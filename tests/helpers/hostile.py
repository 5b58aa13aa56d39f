"""A corpus of hostile input, shared by every entry point's tests.

Each entry point (command-line arguments, dates, notes typed or pasted in the app; later
import files, share bundles and vignette files) is tested against the same texts, and each
text must give a clear error or be stored and shown exactly as given: never a crash,
never a changed or corrupted database.

To cover a new entry point, parametrize its test over `texts()` (or `texts(argv=True)`
for anything that travels as a command-line argument), and over `documents()` for one
that reads JSON files. The figures in the README count the cases run.
"""

from __future__ import annotations

from dataclasses import dataclass

from reflect.display import has_control_characters
from reflect.service import TEXT_MAX

TEN_MEGABYTES = 10 * 1024 * 1024
ARGUMENT_MAX = 100_000
"""A single command-line argument is limited (128 KiB on Linux): longer texts are tested in-process."""


@dataclass(frozen=True)
class Hostile:
    name: str
    text: str

    @property
    def fits_in_an_argument(self) -> bool:
        """Whether a real process can be given this text as an argument: no NUL, not too long, and
        encodable as bytes (a lone surrogate can only be one from an undecodable byte, U+DC80-U+DCFF)."""
        try:
            encoded = self.text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            return False
        return "\x00" not in self.text and len(encoded) <= ARGUMENT_MAX

    @property
    def is_valid_text(self) -> bool:
        """Whether it can be stored at all: valid Unicode (no lone surrogates) and not too long."""
        try:
            self.text.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return len(self.text) <= TEXT_MAX


HOSTILE_TEXTS = [
    # Nothing much
    Hostile("empty", ""),
    Hostile("spaces", "   "),
    Hostile("newlines only", "\n\n\n"),
    Hostile("tabs", "\tone\ttwo\t"),
    # Control characters
    Hostile("NUL", "before\x00after"),
    Hostile("every C0 control", "".join(chr(code) for code in range(32))),
    Hostile("DEL and C1 controls", "\x7f\x80\x85\x9b\x9f"),
    Hostile("bell and backspace", "ding\x07\x08\x08\x08gone"),
    Hostile("Windows line endings", "one\r\ntwo\r\n"),
    Hostile("lone carriage return", "overwrite\rme"),
    Hostile("vertical tab and form feed", "page\x0bbreak\x0cnext"),
    # Terminal escape sequences
    Hostile("ANSI colour", "\x1b[31mred\x1b[0m"),
    Hostile("ANSI clear screen", "\x1b[2J\x1b[H\x1b[3J"),
    Hostile("OSC window title", "\x1b]2;pwned\x07"),
    Hostile("OSC 52 clipboard write", "\x1b]52;c;cHduZWQ=\x07"),
    Hostile("OSC 8 hyperlink", "\x1b]8;;https://example.org\x1b\\click\x1b]8;;\x1b\\"),
    Hostile("DCS string", "\x1bP+q544e\x1b\\"),
    Hostile("C1 CSI", "\x9b2J\x9b31m"),
    Hostile("unterminated escape", "\x1b["),
    # Markup
    Hostile("Rich bold", "[bold]loud[/bold]"),
    Hostile("Textual click action", "[@click=app.quit]quit[/]"),
    Hostile("Rich link", "[link=https://example.org]x[/link]"),
    Hostile("unbalanced markup", "[/] [ ] [[ ]] [/bold]"),
    Hostile("Textual variables", "$accent $text [$accent]x[/] \\[escaped]"),
    # Writing systems
    Hostile("right-to-left override", "\u202eevil.exe\u202c"),
    Hostile("Arabic and Hebrew", "مرحبا بالعالم שלום עולם"),
    Hostile("mixed direction", "She said \u2067שלום\u2069 and smiled"),
    Hostile("emoji sequences", "👩🏽‍⚕️ 👨‍👩‍👧‍👦 🇬🇧 1️⃣ 🙂"),
    Hostile("combining marks", "Z̷̢̛̪a̶̡͓l̸̰̈g̵̣̈́o̴̱͝"),
    Hostile("wide CJK", "中文テキスト한국어"),
    Hostile("full-width digits", "１２３ ４５"),
    Hostile("zero-width characters", "a\u200bb\u200dc\ufeffd\u2060e"),
    Hostile("line and paragraph separators", "one\u2028two\u2029three"),
    Hostile("non-characters and private use", "\uffff\ufffe\ue000\U0010ffff"),
    # Text that means something elsewhere
    Hostile("SQL", "'); DROP TABLE reflection;--"),
    Hostile("format strings", "{0} {} %s %(x)s {{}} %n"),
    Hostile("paths", "../../etc/passwd C:\\Windows\\system32 ~/.ssh"),
    Hostile("JSON", '{"uuid": null, "answers": [1, 2]}'),
    Hostile("HTML", "<script>alert(1)</script>&amp;"),
    Hostile("looks like an option", "--answers=yyyyyyyyyy"),
    Hostile("words for nothing", "None null NaN undefined"),
    # Sizes
    Hostile("one long word", "x" * 5_000),
    Hostile("many lines", "line\n" * 2_000),
    Hostile("at the length limit", "y" * TEXT_MAX),
    Hostile("just over the length limit", "z" * (TEXT_MAX + 1)),
    Hostile("ten megabytes", "ten megabytes " * (TEN_MEGABYTES // 14)),
    # Not valid Unicode
    Hostile("undecodable byte (surrogate escape)", "caf\udcff"),
    Hostile("lone surrogate", "half \ud800 a pair"),
]

HOSTILE_DATES = [
    "2026-02-30", "29/02/2023", "31/04", "99:99", "25:00", "2026-11-21T25:00", "0", "-1", "1e309", "nan",
    "a", "an", "a a", "-", "--", "T", "Z", "9999-12-31", "31/12/9999 23:59", "0001-01-01", "1969-12-31 23:59",
    "10000000000 years ago", "99999999999999999999 days ago", "1000000 minutes ago", "in 2 hours", "tomorrow",
    "2026-11-21 09:30 +14:00", "2026-11-21T09:30+23:59", "2026-11-21 09:30 Europe/Atlantis", "٢٠٢٦-١١-٢١", "１２/１１",
    "yesterday " * 50, "2 hours ago\n\n", "now\u202e", "🙂", "\x1b[2J", "2026W47", "midnight", "last 29 february",
]  # fmt: skip
"""Dates and times that a parser could misread, overflow on, or take for something else."""


def texts(*, argv: bool = False) -> list[Hostile]:
    """The hostile texts; with `argv`, only those a real process can be given as an argument."""
    return [text for text in HOSTILE_TEXTS if text.fits_in_an_argument or not argv]


def deeply_nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def documents() -> dict[str, str]:
    """Hostile JSON files, for import files, share bundles and vignette files (issue 4 and 5).

    Each must be refused with a message naming the file and what was wrong, or read in full.
    """
    return {
        "empty file": "",
        "not JSON": "Shopping list\nmilk\n",
        "truncated": '{"format": "reflect", "reflections": [',
        "a bare string": '"reflect"',
        "null": "null",
        "wrong top-level type": "[1, 2, 3]",
        "missing fields": '{"reflections": [{}]}',
        "wrong field types": '{"reflections": [{"uuid": 7, "answers": "yes", "occurred_at": []}]}',
        "deeply nested": deeply_nested(100_000),
        "huge number": '{"n": ' + "9" * 5_000 + "}",
        "NaN and Infinity": '{"n": NaN, "m": Infinity}',
        "duplicate keys": '{"uuid": "a", "uuid": "b"}',
        "NUL in a string": '{"note": "a\\u0000b"}',
        "lone surrogate escape": '{"note": "\\ud800"}',
        "byte order mark": "\ufeff{}",
    }


def ids(corpus: list[Hostile]) -> list[str]:
    return [hostile.name for hostile in corpus]


def assert_clear_message(err: str, *fragments: str) -> None:
    """One short line, no traceback, nothing a terminal would obey, naming what was wrong."""
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith(("usage:", " "))]
    assert len(lines) == 1, err[:2000]
    assert "Traceback" not in err
    assert len(lines[0]) < 400, lines[0][:400]
    assert not has_control_characters(err.replace("\n", ""))
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
