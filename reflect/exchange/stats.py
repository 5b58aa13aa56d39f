"""`reflect stats`: the patterns as plain, readable text (screen readers welcome) or as JSON."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from reflect.model import KIND_LABELS
from reflect.patterns import STEADY_N, Activity, Commitment, Distribution, Figures, QuestionFigures, Trend
from reflect.questions import CHIME_DOMAINS
from reflect.service import reflections_phrase

NOT_ENOUGH = "not enough reflections yet"
NO_REFLECTIONS_YET = "When you have made some reflections, their patterns will appear here."
NO_ANSWERS = "no answers"


def rate_legend(min_n: int) -> str:
    """What a rate is, what n is, and exactly when a rate is shown: the same words everywhere."""
    return (
        f"Practice rate = (Yes + half of Partly) ÷ n, where n = the Yes, Partly and No answers it is made of "
        f"(not N/A or unanswered). A rate is shown once n is {min_n} or more; below that, the answers themselves (Yes 2 of 3)."
    )


def change_legend() -> str:
    return f"Change: against the period before, in points; from fewer than {STEADY_N} answers, it says how many."


def counts_words(distribution: Distribution) -> str:
    """The answers themselves, for a figure too small for a rate: "Yes 3 of 3", "2 Yes, 1 Partly of 3"."""
    d = distribution
    given = [(count, word) for count, word in ((d.yes, "Yes"), (d.partly, "Partly"), (d.no, "No")) if count]
    if not given:
        return NO_ANSWERS
    if len(given) == 1:
        count, word = given[0]
        return f"{word} {count} of {d.n}"
    return ", ".join(f"{count} {word}" for count, word in given) + f" of {d.n}"


def yes_of(distribution: Distribution) -> str:
    """The answers in a narrow cell: "Yes 2 of 3" (the Partly and No answers are beside it or in the legend)."""
    return f"Yes {distribution.yes} of {distribution.n}" if distribution.n else NO_ANSWERS


def rate_or_counts(distribution: Distribution, min_n: int) -> str:
    """The rate ("70%"), or below min_n the answers themselves."""
    rate = distribution.rate(min_n)
    return percent(rate) if rate is not None else counts_words(distribution)



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
    """ "+12 points"; from few answers, "+36 points, from 12 to 18 answers"; "" with nothing to compare."""
    if question.change is None:
        return ""
    return points_words(question.change, question.previous_n or 0, question.distribution.n)


def points_words(change: float, before_n: int, after_n: int) -> str:
    """A change in percentage points, with how many answers it came from when either side is few."""
    points = round(change * 100)
    words = "no change" if points == 0 else f"{points:+d} point" if abs(points) == 1 else f"{points:+d} points"
    if min(before_n, after_n) < STEADY_N:
        words += f", from {before_n} to {after_n} answers"
    return words


def figures_as_text(figures: Figures) -> str:
    lines = [describe_selection(figures)]
    if figures.reflections == 0:
        lines.append(NO_REFLECTIONS_YET if figures.database_empty else none_selected(figures))
        return "\n".join(lines)
    compared = figures.selection.previous() is not None
    lines.append(rate_legend(figures.min_n))
    if compared:
        lines.append(change_legend())
    lines.append("")
    rates = [rate_or_counts(question.distribution, figures.min_n) for question in figures.questions]
    width = max(6, *(len(rate) + 2 for rate in rates))
    header = f"{'Question':<16}{'Rate':<{width}}{'n':>4}{'Yes':>6}{'Partly':>8}{'No':>5}{'N/A':>5}{'Unans.':>8}"
    lines.append(header + ("  Change" if compared else ""))
    for question, rate in zip(figures.questions, rates):
        d = question.distribution
        lines.append(
            f"{question.question.label:<16}{rate:<{width}}{d.n:>4}{d.yes:>6}{d.partly:>8}{d.no:>5}"
            f"{d.not_applicable:>5}{d.unanswered:>8}  {change_words(question)}".rstrip()
        )
    lines.append("")
    if figures.strengths:
        lines.append("Strengths: " + "; ".join(named(q) for q in figures.strengths) + ".")
    if figures.to_explore:
        lines.append("Practices to explore: " + "; ".join(named(q) for q in figures.to_explore) + ".")
    if not figures.strengths:
        lines.append(f"Strengths and practices to explore appear once a practice has {figures.min_n} or more answers.")
    lines.append("CHIME (each domain pooled over its practices):")
    lines.extend(f"  {domain}: {chime_rated(figures, domain)}" for domain in CHIME_DOMAINS)
    if len(figures.by_kind) > 1:
        lines.append("")
        lines.append("By kind of interaction (practice rate and n, or the answers themselves):")
        for kind, questions in figures.by_kind.items():
            name = KIND_LABELS.get(kind or "", kind or "") if kind else "Kind not given"
            count = figures.reflections_by_kind.get(kind, 0)
            practices = ", ".join(f"{q.question.label} {rated(q.distribution, figures.min_n)}" for q in questions)
            lines.append(f"  {name} ({reflections_phrase(count)}): {practices}")
    return "\n".join(lines)


def named(question: QuestionFigures) -> str:
    return f"{question.question.label} ({percent(question.rate)}, n={question.distribution.n})"


def chime_rated(figures: Figures, domain: str) -> str:
    """A CHIME domain's rate and n; until each of its practices has enough answers, the answers and why."""
    rate = figures.chime_rate(domain)
    pooled = figures.chime[domain]
    if rate is not None:
        return f"{percent(rate)} (n={pooled.n})"
    practices = len(figures.chime_questions(domain))
    its = "its practice has" if practices == 1 else f"each of its {practices} practices has"
    return f"{counts_words(pooled)} (no rate until {its} {figures.min_n} answers)"


def rated(distribution: Distribution, min_n: int) -> str:
    """ "70% (n=5)", or below min_n the answers themselves ("Yes 2 of 3")."""
    rate = distribution.rate(min_n)
    return f"{percent(rate)} (n={distribution.n})" if rate is not None else counts_words(distribution)


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
    lines = [f"Trend: practice rate by {GRAIN_NAMES[trend.grain]} (with fewer than {trend.min_n} answers that {trend.grain}, the answers themselves)."]
    for index, start in enumerate(trend.periods):
        count = trend.reflections[index]
        if count == 0:
            lines.append(f"  {period_name(start, trend.grain)}: no reflections.")
            continue
        rates = ", ".join(f"{question.label} {rated(cells[index], trend.min_n)}" for question, cells in trend.questions)
        lines.append(f"  {period_name(start, trend.grain)} ({reflections_phrase(count)}): {rates}")
    return "\n".join(lines)


def days_phrase(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def activity_as_text(activity: Activity | None) -> str:
    """The days reflected on (never the days without: people work shifts and part-time)."""
    if activity is None:
        return ""
    busiest = max(activity.days.values(), default=0)
    text = f"Activity: you reflected on {days_phrase(activity.active_days)}"
    return text + (f"; at most {busiest} reflections in a day." if busiest > 1 else ".")


def follow_up_words(commitment: Commitment, min_n: int) -> list[str]:
    """For each practice a commitment is about: its rate in the weeks before and after."""
    words = []
    for follow_up in commitment.follow_ups:
        before, after = rated(follow_up.before, min_n), rated(follow_up.after, min_n)
        change = follow_up.change
        moved = "" if change is None else f", {points_words(change, follow_up.before.n, follow_up.after.n)}"
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
