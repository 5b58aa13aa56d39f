"""Turning reflections into text for screens: symbols with colour, and friendly dates."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual.color import Color, ColorParseError

from reflect.display import visible
from reflect.model import RESPONSE_ORDER, UNANSWERED_SYMBOL, UNANSWERED_WORD, Reflection, Response
from reflect.service import FLAG_SYMBOL

if TYPE_CHECKING:
    from reflect.questions import QuestionSet

# Theme variables for each response. "No" is muted, never red: it marks a practice to explore.
RESPONSE_THEME_VARIABLE = {
    Response.YES: "success",
    Response.PARTLY: "accent",
    Response.NO: "foreground-muted",
    Response.NOT_APPLICABLE: "foreground-muted",
}


def _solid(name: str, theme_variables: dict[str, str]) -> str:
    """A theme colour as an opaque hex that Rich can use (muted colours carry an alpha)."""
    value = theme_variables.get(name)
    if not value:
        return ""
    try:
        colour = Color.parse(value)
        if colour.a < 1:
            colour = Color.parse(theme_variables.get("background", "#000000")) + colour
    except ColorParseError:
        return ""
    return colour.hex6


def response_style(response: Response | None, theme_variables: dict[str, str]) -> str:
    if response is None:
        return "dim"
    colour = _solid(RESPONSE_THEME_VARIABLE[response], theme_variables)
    return f"bold {colour}".strip() if response is Response.YES else colour


def answers_glance(reflection: Reflection, question_set: QuestionSet, theme_variables: dict[str, str]) -> Text:
    """The ten answers as symbols, in question order: "●●◐○–●●◐●·"."""
    text = Text(no_wrap=True)
    for key in question_set.keys:
        response = reflection.response_for(key)
        text.append(response.symbol if response else UNANSWERED_SYMBOL, style=response_style(response, theme_variables))
    return text


def response_text(response: Response | None, theme_variables: dict[str, str]) -> Text:
    """Symbol and word, so meaning never rests on colour: "● Yes"."""
    if response is None:
        return Text(f"{UNANSWERED_SYMBOL} {UNANSWERED_WORD}", style="dim")
    return Text(f"{response.symbol} {response.word}", style=response_style(response, theme_variables))


def legend(theme_variables: dict[str, str]) -> Text:
    text = Text()
    for response in RESPONSE_ORDER:
        text.append_text(response_text(response, theme_variables))
        text.append("   ")
    text.append(f"{UNANSWERED_SYMBOL} not answered", style="dim")
    return text


def friendly_when(moment: datetime, now: datetime) -> str:
    """"Today 15:00", "Yesterday 09:30", "Mon 16 Nov 14:00", or with the year when it differs."""
    local = moment  # shown in the zone it was recorded in, as the practitioner gave it
    days = (now.date() - local.date()).days
    if days == 0:
        return f"Today {local:%H:%M}"
    if days == 1:
        return f"Yesterday {local:%H:%M}"
    if local.year == now.year:
        return f"{local:%a %d %b %H:%M}"
    return f"{local:%d %b %Y %H:%M}"


def start_of_week(now: datetime) -> datetime:
    """Monday 00:00 of the week `now` falls in, in the same zone."""
    monday = now - timedelta(days=now.weekday())
    return monday.replace(hour=0, minute=0, second=0, microsecond=0)


ANSWER_WIDTH = len("– Not applicable") + 2


def answers_list(
    reflection: Reflection, question_set: QuestionSet, theme_variables: dict[str, str], *, with_notes: bool = True
) -> Text:
    """One line per question: number, symbol and word, label; notes indented beneath."""
    text = Text()
    for number, question in enumerate(question_set.questions, start=1):
        answer = reflection.answers.get(question.key)
        shown = response_text(answer.response if answer else None, theme_variables)
        if number > 1:
            text.append("\n")
        text.append(f"{number:>2}. ")
        text.append_text(shown)
        text.append(" " * (ANSWER_WIDTH - len(shown.plain)))
        text.append(question.label, style="bold")
        if with_notes and answer and answer.note.strip():
            text.append("\n    ")
            text.append(visible(answer.note), style="italic")
            if answer.flagged:
                text.append(f"  {FLAG_SYMBOL} flagged for supervision", style="bold")
    return text
