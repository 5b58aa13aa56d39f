"""`Store`: one open reflect database, its families of methods combined. All SQL lives in this package.

Each family is a mixin over StoreCore, in a module of its own: opening.py (open, roles,
settings), reflections.py (save, import, get, list, find, delete), team.py (bundles and
practitioners), aggregates.py (the sums behind patterns), notes.py (notes and commitments), supervision.py
(a team's supervision record), feedback.py (feedback from supervision, in a practitioner's own), revalidation.py
(the reflective accounts written).
"""

from __future__ import annotations

from reflect.store.aggregates import Aggregates
from reflect.store.feedback import Feedback
from reflect.store.notes import Notes
from reflect.store.opening import Opening
from reflect.store.reflections import Reflections
from reflect.store.revalidation import Revalidation
from reflect.store.supervision import Supervision
from reflect.store.team import Team


class Store(Opening, Reflections, Team, Aggregates, Notes, Supervision, Feedback, Revalidation):
    """A reflect database, opened and at the current schema."""
