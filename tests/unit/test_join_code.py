"""The join link's QR code, drawn in half blocks: it scans back to exactly the link."""

from __future__ import annotations

import pytest

from reflect.workshop.join_code import QUIET_ZONE, qr_lines, qr_matrix
from tests.helpers.qr import FILLED, decoded, light_modules

pytest.importorskip("zxingcpp")

LINK = "http://192.168.1.23:8000/Qm3xv0bYcT1nF8rZ2kLw9A/"


def test_the_drawn_code_decodes_to_the_join_link() -> None:
    assert decoded(qr_lines(LINK)) == [LINK]


def test_the_drawing_uses_half_blocks_and_is_square_on_screen() -> None:
    lines = qr_lines(LINK)
    assert set("".join(lines)) <= set(FILLED)
    assert len({len(line) for line in lines}) == 1
    assert len(lines[0]) in (2 * len(lines), 2 * len(lines) - 1)  # a character is about twice as tall as wide


def test_the_quiet_zone_around_the_code_is_drawn_light() -> None:
    lines = qr_lines(LINK)
    assert lines[0] == "█" * len(lines[0])
    assert all(line[:QUIET_ZONE] == "█" * QUIET_ZONE and line[-QUIET_ZONE:] == "█" * QUIET_ZONE for line in lines)


def test_the_drawing_is_the_librarys_own_encoding_of_the_link() -> None:
    matrix = qr_matrix(LINK)
    light = light_modules(qr_lines(LINK))[: len(matrix)]
    assert light == [[not dark for dark in row] for row in matrix]
