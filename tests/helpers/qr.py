"""Reading back a QR code drawn in half blocks, and decoding it as a phone's camera would (zxing-cpp)."""

from __future__ import annotations

FILLED = {"█": (True, True), "▀": (True, False), "▄": (False, True), " ": (False, False)}
"""Each character: whether its top and its bottom half are drawn (a light module)."""


class Picture:
    """A greyscale picture for the decoder, without numpy: the array interface over bytes."""

    def __init__(self, light: list[list[bool]], scale: int = 6) -> None:
        rows = [bytes(255 if cell else 0 for cell in row for _ in range(scale)) for row in light for _ in range(scale)]
        self.__array_interface__ = {"shape": (len(rows), len(rows[0])), "typestr": "|u1", "data": b"".join(rows), "version": 3}


def light_modules(lines: list[str]) -> list[list[bool]]:
    """The drawing read back: two rows of modules per line, a drawn half meaning light."""
    modules: list[list[bool]] = []
    for line in lines:
        modules.append([FILLED[character][0] for character in line])
        modules.append([FILLED[character][1] for character in line])
    return modules


def decoded(lines: list[str]) -> list[str]:
    """What a decoder reads in the drawing (one text per code found)."""
    import zxingcpp

    return [barcode.text for barcode in zxingcpp.read_barcodes(Picture(light_modules(lines)))]


def drawn_code(text: str) -> list[str]:
    """The lines of the first QR code drawn in `text` (lines made only of half blocks and spaces)."""
    lines = [line.rstrip("\n") for line in text.splitlines()]
    start = next(index for index, line in enumerate(lines) if line and set(line) <= set(FILLED) and "█" in line)
    end = start
    while end < len(lines) and lines[end] and set(lines[end]) <= set(FILLED):
        end += 1
    return lines[start:end]
