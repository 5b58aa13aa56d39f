"""`reflect stats`: the patterns in a practitioner's reflections, as text or JSON."""

from __future__ import annotations

import argparse
from dataclasses import replace

from reflect.cli.database import check_database, database_exists, opened_store
from reflect.cli.errors import EXIT_OK, UsageError, usage_on
from reflect.cli.options import period
from reflect.display import json_for_terminal, visible


def command_stats(args: argparse.Namespace) -> int:
    from reflect.exchange.stats import (
        activity_as_text,
        commitments_as_text,
        figures_as_json,
        figures_as_text,
        over_time_as_json,
        trend_as_text,
    )
    from reflect.model import utc_now
    from reflect.patterns import empty_figures
    from reflect.questions import default_question_set
    from reflect.service import InputError, check_tags
    from reflect.services.patterns_view import PatternsView, patterns_view
    from reflect.services.recording import interaction_kind

    chosen = period(args)
    with usage_on(InputError):
        kind = interaction_kind(args.kind)
    with usage_on(ValueError):
        tags = check_tags(args.tag)
    if len(tags) > 1 or (args.tag.strip() and not tags):
        raise UsageError("Give --tag one tag, such as --tag housing.")
    question_set = default_question_set()
    selection = replace(chosen, kind=kind, tag=tags[0] if tags else None)
    path, _ = check_database(args)
    now = utc_now().astimezone()
    view: PatternsView | None = None
    if database_exists(path):
        with opened_store(args) as store:
            view = patterns_view(store, question_set, selection, now, grain=args.by)
    result = view.figures if view is not None else empty_figures(question_set, selection)
    if args.json:
        shape = figures_as_json(result)
        if view is not None:
            shape.update(over_time_as_json(view.trend, view.activity, view.commitments, min_n=result.min_n))
        else:
            shape.update(trend={"grain": args.by or "month", "periods": []}, activity=None, commitments=[])
        print(json_for_terminal(shape, indent=2))
        return EXIT_OK
    print(visible(figures_as_text(result)))
    if view is not None and result.reflections:
        parts = (trend_as_text(view.trend), activity_as_text(view.activity), commitments_as_text(view.commitments, result.min_n))
        for part in parts:
            if part:
                print()
                print(visible(part))
    return EXIT_OK
