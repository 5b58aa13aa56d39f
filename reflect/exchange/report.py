"""`reflect report`: a supervision summary of a period, and a reflective account for NMC revalidation.

The figures come from reflect.patterns (rates with their n, strengths, practices to
explore, the change against the period before); this module gathers what else a
supervisor and practitioner talk about (flagged reflections and notes, commitments and
what followed them) and hands it all to Jinja2 templates for Markdown or one
self-contained HTML file. Neither ever shows a person code or a tag, and person codes
written into notes are replaced by "[person]".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from reflect import __version__
from reflect.exchange.privacy import PersonCodes, person_code_pattern, without_person_codes
from reflect.exchange.stats import change_words, chime_rated, counts_words, percent, rate_legend, rate_or_counts, rated
from reflect.model import KIND_LABELS, RESPONSE_ORDER, UNANSWERED_SYMBOL, Answer, Reflection, Response, Selection
from reflect.patterns import STEADY_N, Distribution, Figures, figures
from reflect.questions import Question, QuestionSet
from reflect.service import FLAG_SYMBOL, flagged_note_keys, reflections_phrase

if TYPE_CHECKING:
    from jinja2 import Environment

FORMATS = ("md", "html")
ACCOUNT_FORMATS = ("md", "html", "text")
"""A reflective account also comes as plain text, to paste into the NMC's form fields as it is."""


# What a report holds ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FlaggedNote:
    reflection: Reflection
    question: Question
    answer: Answer


@dataclass(frozen=True)
class FollowThrough:
    """How a practice a commitment was about was answered in the reflections after it."""

    question: Question
    distribution: Distribution


@dataclass(frozen=True)
class Commitment:
    reflection: Reflection
    followed_by: int
    """Completed reflections after it, up to the next commitment or the end of the period."""
    until_next: bool
    """Whether a later commitment came within the period (and so ends the count)."""
    practices: list[FollowThrough] = field(default_factory=list)


@dataclass(frozen=True)
class ChartRow:
    label: str
    y: int
    segments: list[tuple[str, float, float, int]]
    """(css class, x, width, count) for Yes, Partly and No, in that order."""
    caption: str
    """The rate and n, or below the minimum n the answers themselves ("Yes 2 of 3")."""
    rated: bool


@dataclass(frozen=True)
class RateRow:
    label: str
    y: int
    now_width: float | None
    before_width: float | None
    now: str
    before: str


@dataclass(frozen=True)
class Report:
    figures: Figures
    question_set: QuestionSet
    written_at: datetime
    name: str | None
    period: str
    previous_period: str | None
    kinds: list[tuple[str, int]]
    flagged_reflections: list[Reflection]
    flagged_notes: list[FlaggedNote]
    commitments: list[Commitment]
    chart: list[ChartRow]
    rate_chart: list[RateRow]
    generator: str = f"reflect {__version__}"
    only: str | None = None
    """Which reflections, when not all of them: "Only home visit reflections." (None for all)."""
    nothing_before: str | None = None
    """The period before, when it holds no reflections to compare with (previous_period is then None)."""

    @property
    def reflections_words(self) -> str:
        return reflections_phrase(self.figures.reflections)


# Gathering it ---------------------------------------------------------------------------------------


def build_report(
    store, question_set: QuestionSet, selection: Selection, *, now: datetime, name: str | None = None
) -> Report:
    """Everything a supervision report says about `selection`, read from `store`."""
    result = figures(store, question_set, selection)
    before = selection.previous()
    # With no reflections in the period before there is nothing to compare: no Before column of
    # "– (n=0)" and no empty chart, only a sentence saying so.
    compared = before is not None and any(
        (d := q.previous_distribution) is not None and d.n + d.not_applicable + d.unanswered > 0 for q in result.questions
    )
    pattern = person_code_pattern(store.person_codes())
    flagged = [_redacted(r, pattern) for r in store.reflections(selection, flagged=True)]
    with_commitment = [_redacted(r, pattern) for r in store.reflections(selection, with_commitment=True)]
    timeline = store.answer_timeline(selection)
    return Report(
        figures=result,
        question_set=question_set,
        written_at=now,
        name=name,
        period=period_words(selection),
        previous_period=period_words(before) if compared else None,
        nothing_before=period_words(before) if before is not None and not compared else None,
        only=only_words(selection),
        kinds=sorted(
            ((KIND_LABELS.get(kind or "", kind or "") if kind else "Kind not given", count) for kind, count in result.reflections_by_kind.items()),
            key=lambda item: (-item[1], item[0]),
        ),
        flagged_reflections=[r for r in flagged if r.flagged],
        flagged_notes=[
            FlaggedNote(r, question, r.answers[question.key])
            for r in flagged
            if not r.flagged
            for question in question_set.questions
            if question.key in flagged_note_keys(r)
        ],
        commitments=follow_commitments(with_commitment, timeline, question_set),
        chart=distribution_chart(result),
        rate_chart=rate_chart(result) if compared else [],
    )


def only_words(selection: Selection) -> str | None:
    """Which reflections a filtered report holds, in words; None for all of them. A tag is never named
    (reports never show tags), only that there was one."""
    if selection.kind is None and selection.tag is None:
        return None
    kind = KIND_LABELS.get(selection.kind, selection.kind).lower() if selection.kind else None
    if kind and selection.tag:
        return f"Only {kind} reflections with the tag chosen (reports never name tags)."
    if kind:
        return f"Only {kind} reflections."
    return "Only the reflections with the tag chosen (reports never name tags)."


def _redacted(reflection: Reflection, pattern: PersonCodes | None) -> Reflection:
    """The reflection without its person code, tags or any person code in what was written."""
    return replace(
        reflection,
        person_code=None,
        tags=[],
        what_happened=without_person_codes(reflection.what_happened, pattern),
        so_what=without_person_codes(reflection.so_what, pattern),
        now_what=without_person_codes(reflection.now_what, pattern),
        commitment=without_person_codes(reflection.commitment, pattern),
        answers={key: replace(answer, note=without_person_codes(answer.note, pattern)) for key, answer in reflection.answers.items()},
    )


def follow_commitments(
    commitments: list[Reflection], timeline: list[tuple[str, datetime, dict[str, Response | None]]], question_set: QuestionSet
) -> list[Commitment]:
    """Each commitment, and how the practices it was about were answered in the reflections after it.

    "After it" runs to the next commitment (which takes over) or the end of the period.
    """
    position = {uuid: index for index, (uuid, _, _) in enumerate(timeline)}
    starts = sorted(position[r.uuid] for r in commitments if r.uuid in position)
    followed = []
    for reflection in commitments:
        start = position.get(reflection.uuid)
        if start is None:
            continue
        later = [index for index in starts if index > start]
        end = later[0] if later else len(timeline)
        after = [answers for _, _, answers in timeline[start + 1 : end]]
        practices = []
        for key in reflection.commitment_questions:
            question = question_set.by_key(key)
            if question is None:
                continue
            counts = {response: sum(1 for answers in after if answers.get(key) is response) for response in Response}
            practices.append(
                FollowThrough(
                    question,
                    Distribution(
                        yes=counts[Response.YES],
                        partly=counts[Response.PARTLY],
                        no=counts[Response.NO],
                        not_applicable=counts[Response.NOT_APPLICABLE],
                        unanswered=len(after) - sum(counts.values()),
                    ),
                )
            )
        followed.append(Commitment(reflection, followed_by=len(after), until_next=bool(later), practices=practices))
    return followed


def period_words(selection: Selection | None) -> str:
    """ "27 Oct 2026 to 23 Nov 2026", "up to 23 Nov 2026", "all time"."""
    if selection is None or (selection.start is None and selection.end is None):
        return "all time"
    last = short_date(selection.end - timedelta(microseconds=1)) if selection.end is not None else None
    if selection.start is None:
        return f"up to {last}"
    return f"{short_date(selection.start)} to {last}" if last else f"since {short_date(selection.start)}"


def short_date(moment: datetime) -> str:
    """ "5 Nov 2026"."""
    return _short_date(moment.year, moment.month, moment.day)


@cache
def _short_date(year: int, month: int, day: int) -> str:
    # Worded once a day: a team summary words tens of thousands of dates, on a few hundred days.
    return f"{day} {date(year, month, day):%b %Y}"


# Charts (inline SVG, laid out here so the templates only place them) --------------------------------

CHART_LABEL_WIDTH = 130
CHART_BAR_WIDTH = 330
CHART_ROW_HEIGHT = 26
SEGMENT_CLASSES = {Response.YES: "yes", Response.PARTLY: "partly", Response.NO: "no"}


def distribution_chart(result: Figures) -> list[ChartRow]:
    """A stacked bar of Yes / Partly / No per practice (only where n reaches the minimum)."""
    rows = []
    for index, question in enumerate(result.questions):
        d = question.distribution
        segments = []
        if question.rate is not None:
            x = float(CHART_LABEL_WIDTH)
            for response, count in ((Response.YES, d.yes), (Response.PARTLY, d.partly), (Response.NO, d.no)):
                width = CHART_BAR_WIDTH * count / d.n
                if count:
                    segments.append((SEGMENT_CLASSES[response], round(x, 2), round(width, 2), count))
                x += width
        rows.append(
            ChartRow(
                label=question.question.label,
                y=index * CHART_ROW_HEIGHT,
                segments=segments,
                caption=f"{percent(question.rate)} (n={d.n})" if question.rate is not None else counts_words(d),
                rated=question.rate is not None,
            )
        )
    return rows


def _rated(distribution: Distribution | None, min_n: int) -> str:
    """ "77% (n=9)", the answers themselves below min_n, or "–" when there is no period to count."""
    return "–" if distribution is None else rated(distribution, min_n)


def rate_chart(result: Figures) -> list[RateRow]:
    """Each practice rate beside the rate in the period before (when both exist)."""
    rows = []
    for index, question in enumerate(result.questions):
        rows.append(
            RateRow(
                label=question.question.label,
                y=index * (CHART_ROW_HEIGHT + 8),
                now_width=round(CHART_BAR_WIDTH * question.rate, 2) if question.rate is not None else None,
                before_width=round(CHART_BAR_WIDTH * question.previous_rate, 2) if question.previous_rate is not None else None,
                now=rated(question.distribution, result.min_n),
                before=_rated(question.previous_distribution, result.min_n),
            )
        )
    return rows


# Rendering ---------------------------------------------------------------------------------------------


@cache
def environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("reflect.exchange", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.jinja",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_text
    env.filters["long_date"] = long_date
    env.filters["md_cell"] = markdown_cell
    env.globals.update(
        percent=percent,
        rated=_rated,
        rate_or_counts=rate_or_counts,
        rate_legend=rate_legend,
        change_words=change_words,
        STEADY_N=STEADY_N,
        FLAG=FLAG_SYMBOL,
        RESPONSE_ORDER=RESPONSE_ORDER,
        UNANSWERED_SYMBOL=UNANSWERED_SYMBOL,
        KIND_LABELS=KIND_LABELS,
        CHART_LABEL_WIDTH=CHART_LABEL_WIDTH,
        CHART_BAR_WIDTH=CHART_BAR_WIDTH,
        CHART_ROW_HEIGHT=CHART_ROW_HEIGHT,
        answer_words=answer_words,
        chime_words=chime_words,
        reflections_phrase=reflections_phrase,
    )
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def render_report(report: Report, fmt: str) -> str:
    return render(f"report.{fmt}.jinja", report=report, f=report.figures)


def long_date(moment: datetime) -> str:
    """ "Thursday 5 November 2026" (no leading zero, on every platform)."""
    return f"{moment:%A} {moment.day} {moment:%B %Y}"


def answer_words(answer: Answer | None) -> str:
    """ "● Yes", or "· Not answered": a symbol and a word, never colour alone."""
    if answer is None or answer.response is None:
        return f"{UNANSWERED_SYMBOL} Not answered"
    return f"{answer.response.symbol} {answer.response.word}"


def chime_words(result: Figures, domain: str) -> str:
    """A CHIME domain's rate and n, or its answers and why there is no rate yet (as `reflect stats` says)."""
    return chime_rated(result, domain)


MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def markdown_text(text: str) -> str:
    """Free text as Markdown that shows exactly what was written (no stray emphasis, links or HTML)."""
    escaped = MARKDOWN_SPECIAL.sub(r"\\\1", text.strip())
    # A line starting "- ", "+ " or "1. " would become a list; keep line breaks as breaks.
    lines = [re.sub(r"^(\s*)([-+]|\d+\.)(\s)", r"\1\\\2\3", line) for line in escaped.splitlines()]
    return "  \n".join(lines)


def markdown_cell(text: str) -> str:
    """Text for a Markdown table cell: one line, nothing that ends the cell."""
    return markdown_text(text).replace("  \n", " ")


# The revalidation account -----------------------------------------------------------------------------

CODE_THEMES = {
    "people": "Prioritise people",
    "effectively": "Practise effectively",
    "safety": "Preserve safety",
    "trust": "Promote professionalism and trust",
}
"""The four themes of the NMC Code, by a short name for `--theme`."""

NMC_PROMPTS = (
    "What was the nature of the CPD activity and/or practice-related feedback and/or event or experience in your practice?",
    "What did you learn from the CPD activity and/or feedback and/or event or experience in your practice?",
    "How did you change or improve your practice as a result?",
    "How is this relevant to the Code? Select one or more themes: Prioritise people – Practise effectively – "
    "Preserve safety – Promote professionalism and trust",
)


def code_theme(text: str) -> str:
    """A theme as typed ("people", "Prioritise people", "2") -> its short name; ValueError if none."""
    wanted = " ".join(text.strip().lower().split())
    for number, (short, words) in enumerate(CODE_THEMES.items(), start=1):
        if wanted in (short, words.lower(), str(number)) or (len(wanted) >= 4 and words.lower().startswith(wanted)):
            return short
    raise ValueError(text)


@dataclass(frozen=True)
class Account:
    """A reflection as a reflective account: the NMC form's four prompts, prefilled."""

    month: str
    kind: str | None
    experience: str
    learned: str
    changed: str
    commitment: str
    practised: list[str]
    """The practices answered Yes, each as its full question ("Did I actively listen ...?"), verbatim."""
    partly: list[str]
    to_explore: list[str]
    themes: list[str]
    """The short names of the Code themes the practitioner chose (in the Code's order)."""
    written_at: datetime
    relevance: str = ""
    """The practitioner's own words on how this is relevant to the Code (empty: a placeholder asks for them)."""
    prompts: tuple[str, ...] = NMC_PROMPTS
    all_themes: dict[str, str] = field(default_factory=lambda: dict(CODE_THEMES))


def build_account(
    reflection: Reflection, question_set: QuestionSet, themes: list[str], *, person_codes: set[str], now: datetime,
    relevance: str = "",
) -> Account:  # fmt: skip
    """The account of one reflection: its What / So what / Now what under the form's prompts.

    The practices come in the question set's full wording, as the practitioner answered them;
    `relevance` is the practitioner's own answer to the Code question.

    Nothing that could identify the person supported goes in: no person code, tags, time
    of day or day of the month, and any person code written into the text is replaced.
    """
    pattern = person_code_pattern(person_codes | ({reflection.person_code} if reflection.person_code else set()))

    def worded(response: Response) -> list[str]:
        return [q.full_text(question_set.stem) for q in question_set.questions if reflection.response_for(q.key) is response]

    return Account(
        month=f"{reflection.occurred_at:%B %Y}",
        kind=KIND_LABELS.get(reflection.kind or "") if reflection.kind else None,
        experience=without_person_codes(reflection.what_happened.strip(), pattern),
        learned=without_person_codes(reflection.so_what.strip(), pattern),
        changed=without_person_codes(reflection.now_what.strip(), pattern),
        commitment=without_person_codes(reflection.commitment.strip(), pattern),
        practised=worded(Response.YES),
        partly=worded(Response.PARTLY),
        to_explore=worded(Response.NO),
        themes=[short for short in CODE_THEMES if short in themes],
        written_at=now,
        relevance=without_person_codes(relevance.strip(), pattern),
    )


def render_account(account: Account, fmt: str) -> str:
    return render(f"revalidation.{fmt}.jinja", account=account)
