"""A calendar of the days with reflections: a row per weekday, a column per week."""

from __future__ import annotations

from datetime import timedelta

from textual.content import Content

from reflect.patterns import Activity

WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
# A shape for each count as well as a shade, so the calendar reads without colour.
MARKS = ((0, "·", "$text-muted 40%"), (1, "▪", "$primary"), (2, "■", "$primary"), (3, "█", "$primary"))


def _mark(count: int) -> tuple[str, str]:
    found = MARKS[0]
    for mark in MARKS:
        if count >= mark[0]:
            found = mark
    return found[1], found[2]


def calendar_content(activity: Activity, *, width: int = 76) -> Content:
    """Weeks run left to right, Monday at the top; month names above the week they begin in.

    A week is two characters wide where the whole period fits in `width`, one otherwise.
    """
    first_monday = activity.first - timedelta(days=activity.first.weekday())
    weeks = (activity.last - first_monday).days // 7 + 1
    column = 2 if len(WEEKDAYS[0]) + 1 + 2 * weeks <= width else 1
    months = [" "] * (weeks * column)
    starts = []
    for week in range(weeks):
        week_days = [first_monday + timedelta(weeks=week, days=offset) for offset in range(7)]
        first_of_month = next((day for day in week_days if day.day == 1), None)
        if first_of_month is not None:
            starts.append((week, first_of_month))
    # The period's own first month is named too, when its first full month is not close by.
    if not starts or starts[0][0] >= 4:
        starts.insert(0, (0, activity.first))
    for week, day in starts:
        label, at = f"{day:%b}", week * column
        if at + len(label) <= len(months) and all(mark == " " for mark in months[max(0, at - 1) : at + len(label)]):
            months[at : at + len(label)] = list(label)
    parts: list[str | tuple[str, str]] = ["    " + "".join(months).rstrip() + "\n"]
    for weekday in range(7):
        parts.append(f"{WEEKDAYS[weekday]:<4}")
        for week in range(weeks):
            day = first_monday + timedelta(weeks=week, days=weekday)
            if day < activity.first or day > activity.last:
                parts.append(" " * column)
                continue
            symbol, style = _mark(activity.days.get(day, 0))
            parts.append((symbol, style))
            if column == 2:
                parts.append(" ")
        parts.append("\n")
    parts.append("\n")
    for at_least, symbol, style in MARKS:
        parts.extend([(symbol, style), f" {'none' if at_least == 0 else at_least}{'+' if at_least == 3 else ''}   "])
    return Content.assemble(*parts)


def activity_words(activity: Activity, period: str = "in this period") -> str:
    """What was done ("You reflected on 2 days in the last 3 months"), never the days without a
    reflection: people work shifts and part-time, and a day off is not a day missed."""
    busiest = max(activity.days.values(), default=0)
    days = "1 day" if activity.active_days == 1 else f"{activity.active_days} days"
    words = f"You reflected on {days} {period}"
    if busiest > 1:
        words += f", up to {busiest} times in a day"
    return words + "."
