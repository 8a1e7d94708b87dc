"""The plain data every planner reads: a council's calendar and its planning rules.

A ``Raad`` is a snapshot: its recesses, the meetings already on its calendar (raad and committees) and
the rules its griffie plans by. The service builds it from the database; tests and benchmarks build it
directly. Nothing here touches the database or the clock.
"""

from dataclasses import dataclass, field
from datetime import date, time

from app.planning.kalender import feestdag

WEEKDAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


@dataclass(frozen=True)
class Periode:
    """A named span of days, both ends included (a recess, a holiday week)."""

    van: date
    tot: date
    naam: str = "reces"

    def bevat(self, d: date) -> bool:
        return self.van <= d <= self.tot


@dataclass(frozen=True)
class Planregels:
    """How a griffie plans; every value has a sensible default and can be set per gemeente."""

    vergaderdag: int | None = None  # the raad's usual weekday, 0 = Monday; None: no usual day
    aanvang: time = time(19, 30)
    duur_minuten: int = 210
    commissie_voor_raad_dagen: int = 14  # a proposal is on a committee agenda at least this long before the raad
    publicatie_dagen: int = 10  # an agenda is published at least this long before its meeting
    max_agendapunten: int = 12  # agenda load a meeting can take

    @property
    def voorbereiding_dagen(self) -> int:
        """Days from release to the earliest raad: agenda published, committee, then the raad."""
        return self.publicatie_dagen + self.commissie_voor_raad_dagen


@dataclass(frozen=True)
class Bijeenkomst:
    """A meeting already on a calendar."""

    datum: date
    orgaan: str  # the orgaan's slug
    soort: str  # an organen.models.Soort value: "raad", "commissie", "algemeen_bestuur", ...
    agendapunten: int = 0
    vergadering_id: int | None = None
    aanvang: time | None = None


@dataclass(frozen=True)
class Raad:
    """One council as the planners see it."""

    code: str  # CBS code, GMxxxx
    naam: str
    regels: Planregels = field(default_factory=Planregels)
    recessen: tuple[Periode, ...] = ()
    vergaderingen: tuple[Bijeenkomst, ...] = ()  # its raad and committee meetings

    def reces(self, d: date) -> Periode | None:
        return next((p for p in self.recessen if p.bevat(d)), None)

    def raadsvergadering(self, d: date) -> Bijeenkomst | None:
        """The raad's own meeting on ``d`` (the fullest one, should there be two)."""
        op_dag = [b for b in self.vergaderingen if b.datum == d and b.soort == "raad"]
        return max(op_dag, key=lambda b: b.agendapunten, default=None)

    def vergadert(self, d: date) -> bool:
        """Whether any of its bodies (raad or committee) meets on ``d``."""
        return any(b.datum == d for b in self.vergaderingen)

    def kan_extra_vergaderen(self, d: date) -> str | None:
        """None when an extra raad meeting fits on ``d``, else the reason it does not, in Dutch."""
        if (naam := feestdag(d)) is not None:
            return f"feestdag ({naam})"
        if (periode := self.reces(d)) is not None:
            return f"{periode.naam} ({periode.van:%d-%m} t/m {periode.tot:%d-%m})"
        if self.regels.vergaderdag is None:
            return "geen vergadering en geen gewone vergaderdag om er een toe te voegen"
        if d.weekday() != self.regels.vergaderdag:
            dag = WEEKDAGEN[self.regels.vergaderdag]
            return f"geen vergadering; een extra vergadering kan alleen op de gewone vergaderdag ({dag})"
        if self.vergadert(d):
            return "een commissie van deze raad vergadert al op deze avond"
        return None
