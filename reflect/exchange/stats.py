"""`reflect stats`: the patterns as plain, readable text (screen readers welcome) or as JSON."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from reflect.model import KIND_LABELS
from reflect.patterns import Activity, Commitment, Distribution, Figures, QuestionFigures, Trend
from reflect.questions import CHIME_DOMAINS
from reflect.service import reflections_phrase

NOT_ENOUGH = "not enough reflections yet"
NO_REFLECTIONS_YET = "When you have made some reflections, their patterns will appear here."



def none_selected(figures: Figures) -> str:
    """Why an empty selection is empty, for someone who does have reflections."""
    narrowed = [words for words, given in (("this period", True), ("this kind", figures.selection.kind),
                ("this tag", figures.selection.tag)) if given]  # fmt: skip
    wider = "a longer period" if len(narrowed) == 1 else "a longer period or fewer filters"
    return f"No reflections match {', '.join(narrowed)}. Try {wider}."


def percent(rate: float | None) -> str:
    return f"{rate * 100:.0f}%" if rate is not None else NOT_ENOUGH


def describe_selection(figures: Figures) -> str:
    selection = figures.selection
    if selection.start is None and selection.end is not None:
        period = f"Up to {selection.end - timedelta(microseconds=1):%d %b %Y}"
    elif selection.start is None:
        period = "All your reflections"
    else:
        # The period is [start, end): its last moment is just before `end`.
        last = selection.end - timedelta(microseconds=1) if selection.end is not None else None
        period = (
            f"From {selection.start:%d %b %Y} to {last:%d %b %Y}" if last is not None else f"Since {selection.start:%d %b %Y}"
        )
    filters = []
    if selection.kind:
        filters.append(KIND_LABELS.get(selection.kind, selection.kind).lower())
    if selection.tag:
        filters.append(f"tagged {selection.tag!r}")
    suffix = f" ({', '.join(filters)})" if filters else ""
    return f"{period}{suffix}: {reflections_phrase(figures.reflections)}."


def change_words(question: QuestionFigures) -> str:
    if question.change is None:
        return ""
    points = round(question.change * 100)
    if points == 0:
        return "no change"
    return f"{points:+d} point" if abs(points) == 1 else f"{points:+d} points"


def figures_as_text(figures: Figures) -> str:
    lines = [describe_selection(figures)]
    if figures.reflections == 0:
        lines.append(NO_REFLECTIONS_YET if figures.database_empty else none_selected(figures))
        return "\n".join(lines)
    lines.append(
        f"Practice rate = (Yes + half of Partly) / (Yes + Partly + No), from n answers; "
        f"fewer than {figures.min_n} answers: {NOT_ENOUGH}."
    )
    lines.append("")
    header = f"{'Question':<16}{'Rate':>6}{'n':>6}{'Yes':>6}{'Partly':>8}{'No':>5}{'N/A':>5}{'Unans.':>8}  Change"
    lines.append(header)
    for question in figures.questions:
        d = question.distribution
        rate = percent(question.rate) if question.rate is not None else "–"
        lines.append(
            f"{question.question.label:<16}{rate:>6}{d.n:>6}{d.yes:>6}{d.partly:>8}{d.no:>5}"
            f"{d.not_applicable:>5}{d.unanswered:>8}  {change_words(question)}".rstrip()
        )
    if len(figures.rated) < len(figures.questions):
        lines.append(f"(– means {NOT_ENOUGH}: fewer than {figures.min_n} Yes, Partly or No answers.)")
    lines.append("")
    if figures.strengths:
        lines.append("Strengths: " + "; ".join(named(q) for q in figures.strengths) + ".")
    if figures.to_explore:
        lines.append("Practices to explore: " + "; ".join(named(q) for q in figures.to_explore) + ".")
    lines.append(
        "CHIME: " + "; ".join(f"{domain} {chime_rated(figures, domain)}" for domain in CHIME_DOMAINS) + "."
    )
    if len(figures.by_kind) > 1:
        lines.append("")
        lines.append("By kind of interaction (practice rate, n):")
        for kind, questions in figures.by_kind.items():
            name = KIND_LABELS.get(kind or "", kind or "") if kind else "Kind not given"
            count = figures.reflections_by_kind.get(kind, 0)
            rates = ", ".join(f"{q.question.label} {rated(q.distribution, figures.min_n)}" for q in questions)
            lines.append(f"  {name} ({count}): {rates}")
    return "\n".join(lines)


def named(question: QuestionFigures) -> str:
    return f"{question.question.label} ({percent(question.rate)}, n={question.distribution.n})"


def chime_rated(figures: Figures, domain: str) -> str:
    """A CHIME domain's rate and n; "–" until each of its questions has enough answers."""
    rate = figures.chime_rate(domain)
    return f"{percent(rate)} (n={figures.chime[domain].n})" if rate is not None else f"– (n={figures.chime[domain].n})"


def rated(distribution: Distribution, min_n: int) -> str:
    rate = distribution.rate(min_n)
    return f"{percent(rate)} (n={distribution.n})" if rate is not None else f"– (n={distribution.n})"


def _distribution_json(distribution: Distribution, min_n: int) -> dict[str, Any]:
    return {
        "yes": distribution.yes,
        "partly": distribution.partly,
        "no": distribution.no,
        "not_applicable": distribution.not_applicable,
        "unanswered": distribution.unanswered,
        "n": distribution.n,
        "rate": distribution.rate(min_n),
    }


def figures_as_json(figures: Figures) -> dict[str, Any]:
    """The documented `reflect stats --json` shape; rates are 0-1, or null below min_n."""
    return {
        "period": {
            "from": figures.selection.start.isoformat() if figures.selection.start else None,
            "to": figures.selection.end.isoformat() if figures.selection.end else None,
        },
        "kind": figures.selection.kind,
        "tag": figures.selection.tag,
        "min_n": figures.min_n,
        "reflections": figures.reflections,
        "questions": {
            q.question.key: {
                "label": q.question.label,
                **_distribution_json(q.distribution, figures.min_n),
                "previous_rate": q.previous_rate,
                "change": q.change,
            }
            for q in figures.questions
        },
        "strengths": [q.question.key for q in figures.strengths],
        "practices_to_explore": [q.question.key for q in figures.to_explore],
        "chime": {
            domain: {**_distribution_json(figures.chime[domain], figures.min_n), "rate": figures.chime_rate(domain)}
            for domain in CHIME_DOMAINS
        },
        "by_kind": {
            (kind or "none"): {
                "reflections": figures.reflections_by_kind.get(kind, 0),
                "questions": {q.question.key: _distribution_json(q.distribution, figures.min_n) for q in questions},
            }
            for kind, questions in figures.by_kind.items()
        },
    }


# Over time: the trend, activity and commitments ------------------------------------------------

GRAIN_NAMES = {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year"}


def period_name(start, grain: str) -> str:
    """ "Week of 16 Nov 2026", "Nov 2026", "Q4 2026", "2026"."""
    if grain == "week":
        return f"Week of {start:%d %b %Y}"
    if grain == "month":
        return f"{start:%b %Y}"
    if grain == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start:%Y}"
    if grain == "year":
        return f"{start:%Y}"
    return f"{start:%d %b %Y}"


def trend_as_text(trend: Trend) -> str:
    """One line per period, so that a screen reader reads a period at a time."""
    if not trend.periods:
        return ""
    lines = [f"Trend: practice rate by {GRAIN_NAMES[trend.grain]} (– fewer than {trend.min_n} answers that {trend.grain})."]
    for index, start in enumerate(trend.periods):
        count = trend.reflections[index]
        if count == 0:
            lines.append(f"  {period_name(start, trend.grain)}: no reflections.")
            continue
        rates = ", ".join(f"{question.label} {rated(cells[index], trend.min_n)}" for question, cells in trend.questions)
        lines.append(f"  {period_name(start, trend.grain)} ({reflections_phrase(count)}): {rates}")
    return "\n".join(lines)


def activity_as_text(activity: Activity | None) -> str:
    if activity is None:
        return ""
    days = (activity.last - activity.first).days + 1
    busiest = max(activity.days.values(), default=0)
    text = f"Activity: reflections on {activity.active_days} of {days} days"
    return text + (f"; at most {busiest} in a day." if busiest else ".")


def follow_up_words(commitment: Commitment, min_n: int) -> list[str]:
    """For each practice a commitment is about: its rate in the weeks before and after."""
    words = []
    for follow_up in commitment.follow_ups:
        before, after = rated(follow_up.before, min_n), rated(follow_up.after, min_n)
        change = follow_up.change
        moved = "" if change is None else f", {round(change * 100):+d} points"
        words.append(f"{follow_up.question.label}: 4 weeks before {before}, 4 weeks after {after}{moved}")
    return words


def commitments_as_text(commitments: list[Commitment], min_n: int) -> str:
    if not commitments:
        return ""
    lines = ["Commitments (latest first), and how the practices they were about went in the 4 weeks before and after:"]
    for commitment in commitments:
        reflection = commitment.reflection
        lines.append(f"  {reflection.occurred_at:%d %b %Y}: {reflection.commitment.strip()}")
        follow_ups = follow_up_words(commitment, min_n)
        lines.extend(f"    {line}" for line in follow_ups)
        if not follow_ups:
            lines.append("    (not linked to a practice)")
    return "\n".join(lines)


def over_time_as_json(trend: Trend, activity: Activity | None, commitments: list[Commitment], min_n: int) -> dict[str, Any]:
    """The `trend`, `activity` and `commitments` parts of `reflect stats --json`."""
    return {
        "trend": {
            "grain": trend.grain,
            "periods": [
                {
                    "start": start.isoformat(),
                    "reflections": trend.reflections[index],
                    "questions": {
                        question.key: {"n": cells[index].n, "rate": cells[index].rate(trend.min_n)}
                        for question, cells in trend.questions
                    },
                }
                for index, start in enumerate(trend.periods)
            ],
        },
        "activity": None
        if activity is None
        else {
            "first_day": activity.first.isoformat(),
            "last_day": activity.last.isoformat(),
            "days_with_reflections": activity.active_days,
            "by_day": {day.isoformat(): count for day, count in sorted(activity.days.items())},
        },
        "commitments": [
            {
                "uuid": commitment.reflection.uuid,
                "occurred_at": commitment.reflection.occurred_at.isoformat(),
                "commitment": commitment.reflection.commitment,
                "questions": [
                    {
                        "key": follow_up.question.key,
                        "before": {"n": follow_up.before.n, "rate": follow_up.before.rate(min_n)},
                        "after": {"n": follow_up.after.n, "rate": follow_up.after.rate(min_n)},
                        "change": follow_up.change,
                    }
                    for follow_up in commitment.follow_ups
                ],
            }
            for commitment in commitments
        ],
    }
