"""The independent checker: verifies any plan against the hard constraints.

It shares the input data (``raden.Raad``, the ATW holidays) with the planners, never their logic: each
module here re-derives what must hold from the rules themselves, so a planner's mistake cannot hide in
code both sides share. Every check returns a list of ``Schending``; an empty list means the plan holds.
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Schending:
    """One hard constraint a plan breaks, said so a griffier understands it."""

    regel: str  # short key of the rule, e.g. "reces", "voorbereiding", "agenda_vol", "wgr_35_1"
    uitleg: str  # Dutch sentence
    wie: str | None = None  # gemeente code, orgaan slug or person the breach concerns
    datum: date | None = None
