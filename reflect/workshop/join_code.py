"""The join link as a QR code drawn in text, for a terminal or the trainer's view (segno, no UI).

Each character holds two rows of modules with the half blocks ▀ ▄ █, so the code is square
on screen and small enough for a laptop's terminal. The light modules are the drawn ones: on
the usual dark terminal the code reads dark-on-light, as cameras expect, and the quiet zone (the
light margin every scanner needs) is drawn too, since the terminal around it is dark. Callers
that can choose colours should draw it white on black, whatever the terminal's own colours.
"""

from __future__ import annotations

QUIET_ZONE = 2
"""Light modules around the code. The standard asks for 4; phone cameras read 2 well, and the
code then fits a 24-line terminal with the link beside it."""

_HALF_BLOCKS = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
"""(top light, bottom light) -> the character that draws that pair of modules."""


def qr_matrix(link: str, quiet_zone: int = QUIET_ZONE) -> list[list[bool]]:
    """The code's modules, True for dark, with the quiet zone around them."""
    import segno

    code = segno.make(link, micro=False)  # a full QR code: every phone camera reads those
    return [[bool(module) for module in row] for row in code.matrix_iter(scale=1, border=quiet_zone)]


def qr_lines(link: str, quiet_zone: int = QUIET_ZONE) -> list[str]:
    """The code as lines of half blocks (light modules drawn), every line the same width."""
    matrix = qr_matrix(link, quiet_zone)
    if len(matrix) % 2:
        matrix.append([False] * len(matrix[0]))  # a last row of light modules: the quiet zone goes on
    lines = []
    for top, bottom in zip(matrix[::2], matrix[1::2], strict=True):
        lines.append("".join(_HALF_BLOCKS[(not upper, not lower)] for upper, lower in zip(top, bottom, strict=True)))
    return lines
