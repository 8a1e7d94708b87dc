"""Checker for a P&C plan: does a begroting round hold against the Wgr, the ATW and every council's calendar?

Independent of ``app.planning.pc`` and ``app.planning.termijnen``: it imports only the plan's type, the input
types (``Termijnen``, ``Raad``, ``Periode``) and the ATW holidays, and re-derives every hard rule itself:
- Wgr art. 34 lid 1-2: the AB adopts the begroting in ``jaar``, early enough to send it to Gedeputeerde Staten
  before 15 September; the plan's milestone for GS is the earlier of "2 weeks after adoption" (extended by the
  ATW when it ends on a weekend or holiday) and 14 September;
- Wgr art. 35 lid 1: the ontwerpbegroting leaves at least the regeling's weeks (12 by law) before the AB, and the
  milestone shows exactly that many weeks back (a backward term: never moved);
- Wgr art. 35 lid 3-4: each council decides on its zienswijze after its lead time from the sending date and by the
  zienswijze deadline; the DB answers after the last zienswijze and before the AB, by the answer term;
- each council's meeting: an existing raad meeting of that council with room on its agenda, or an extra one on its
  usual weekday with no other meeting of that council that day; never in its recess or on a holiday;
- with ``ab_vergaderingen`` given: an existing AB meeting is one, a new AB meeting falls on the AB's usual weekday,
  on a working day, outside the AB's recesses.
"""

from collections.abc import Sequence
from datetime import date, timedelta

from app.planning.controle import Schending
from app.planning.kalender import feestdag
from app.planning.pc import PcPlan, Termijnen
from app.planning.raden import WEEKDAGEN, Periode, Raad

STATUSSEN = ("bestaande_vergadering", "extra_vergadering", "geblokkeerd")


def _d(d: date) -> str:
    return f"{d:%d-%m-%Y}"


def _vrij(d: date) -> bool:
    return d.weekday() >= 5 or feestdag(d) is not None


def _gs_uiterlijk(vastgesteld: date, maand: int, dag: int) -> date:
    """Within two weeks after adoption (ATW art. 1: an end on a free day moves on) and before ``dag``-``maand``."""
    einde = vastgesteld + timedelta(days=14)
    while _vrij(einde):
        einde += timedelta(days=1)
    return min(einde, date(vastgesteld.year, maand, dag) - timedelta(days=1))


def controleer_pc(
    plan: PcPlan,
    *,
    raden: Sequence[Raad],
    termijnen: Termijnen,
    jaar: int,
    ab_vergaderingen: Sequence[date] | None = None,
    ab_vergaderdag: int | None = None,
    ab_recessen: Sequence[Periode] = (),
    verzending_vanaf: date | None = None,
) -> list[Schending]:
    """Every hard rule ``plan`` breaks; empty when it holds.

    ``raden``: the participating councils with their calendars; ``termijnen``: the regeling's terms; ``jaar``: the
    calendar year of the round. The AB checks run only when ``ab_vergaderingen`` is given (then ``ab_vergaderdag``
    None means: no usual day, so no new AB meeting is possible). ``verzending_vanaf``: the earliest sending day.
    """
    uit: list[Schending] = []

    def fout(regel: str, uitleg: str, wie: str | None = None, datum: date | None = None) -> None:
        uit.append(Schending(regel, uitleg, wie, datum))

    if plan.jaar != jaar:
        fout("jaar", f"Het plan is voor {plan.jaar}, niet voor {jaar}.")
    ab = plan.ab_datum
    if ab is None:
        fout("ab_ontbreekt", "Het plan heeft geen vergadering van het algemeen bestuur die de begroting vaststelt.")
        for raad in raden:
            fout("geblokkeerd", f"{raad.naam}: geen vergadering voor de zienswijze.", raad.code)
        return uit

    # Wgr art. 34 lid 1-2: in jaar, and in time for GS before 15 September.
    if ab.year != jaar:
        fout("wgr_34_1", f"Het AB stelt de begroting vast op {_d(ab)}, niet in {jaar} (Wgr art. 34 lid 1).", None, ab)
    uiterste = date(ab.year, 9, 14)
    if ab > uiterste:
        fout(
            "wgr_34_2",
            f"Het AB stelt de begroting pas op {_d(ab)} vast; die moet vóór 15 september naar Gedeputeerde Staten "
            f"(Wgr art. 34 lid 2).",
            None,
            ab,
        )
    mijlpalen = {m.sleutel: m for m in plan.mijlpalen}
    if (gs := mijlpalen.get("begroting_gs")) is not None and gs.datum != (verwacht := _gs_uiterlijk(ab, 9, 15)):
        fout(
            "wgr_34_2",
            f"De begroting moet uiterlijk {_d(verwacht)} naar Gedeputeerde Staten, niet {_d(gs.datum)} "
            f"(Wgr art. 34 lid 2: binnen 2 weken na {_d(ab)} en vóór 15 september).",
            None,
            gs.datum,
        )

    # Wgr art. 35 lid 1: at least the statutory weeks back, never moved.
    weken = termijnen.ontwerpbegroting_weken
    uiterlijk_verzonden = ab - timedelta(days=7 * weken)
    if (m := mijlpalen.get("ontwerpbegroting")) is not None and m.datum != uiterlijk_verzonden:
        fout(
            "wgr_35_1",
            f"De ontwerpbegroting moet uiterlijk {_d(uiterlijk_verzonden)} naar de raden ({weken} weken vóór "
            f"{_d(ab)}), niet {_d(m.datum)}.",
            None,
            m.datum,
        )
    verzending = plan.verzending
    if verzending is None:
        fout("wgr_35_1", "Het plan zegt niet wanneer de ontwerpbegroting naar de raden gaat.")
    else:
        if verzending > uiterlijk_verzonden:
            fout(
                "wgr_35_1",
                f"De ontwerpbegroting gaat op {_d(verzending)} naar de raden; dat is minder dan {weken} weken vóór "
                f"het AB op {_d(ab)} (uiterlijk {_d(uiterlijk_verzonden)}, Wgr art. 35 lid 1).",
                None,
                verzending,
            )
        if verzending_vanaf is not None and verzending < verzending_vanaf:
            fout(
                "verzending_vanaf",
                f"De ontwerpbegroting kan pas vanaf {_d(verzending_vanaf)} weg, niet op {_d(verzending)}.",
                None,
                verzending,
            )

    # Wgr art. 35 lid 3-4: the councils' window and the DB's answer.
    zienswijze_uiterlijk = ab - timedelta(days=termijnen.zienswijze_raden_dagen_voor_ab)
    if plan.zienswijze_uiterlijk is not None and plan.zienswijze_uiterlijk > zienswijze_uiterlijk:
        fout(
            "zienswijze_termijn",
            f"De zienswijzen moeten uiterlijk {_d(zienswijze_uiterlijk)} binnen zijn, "
            f"niet {_d(plan.zienswijze_uiterlijk)}.",
            None,
            plan.zienswijze_uiterlijk,
        )
    uit.extend(_raden(plan, raden, verzending, zienswijze_uiterlijk))

    antwoord = plan.antwoord
    if antwoord is None:
        fout("wgr_35_4", "Het plan zegt niet wanneer het dagelijks bestuur de zienswijzen beantwoordt.")
    else:
        if antwoord >= ab:
            fout(
                "wgr_35_4",
                f"Het antwoord op de zienswijzen ({_d(antwoord)}) komt niet vóór het AB op {_d(ab)} "
                f"(Wgr art. 35 lid 4).",
                None,
                antwoord,
            )
        elif antwoord > (termijn := ab - timedelta(days=termijnen.antwoord_dagen)):
            fout(
                "antwoord_termijn",
                f"Het antwoord op de zienswijzen moet uiterlijk {_d(termijn)} weg ({termijnen.antwoord_dagen} dagen "
                f"vóór het AB), niet {_d(antwoord)}.",
                None,
                antwoord,
            )
        laatste = max((r.datum for r in plan.raden if r.datum is not None), default=None)
        if laatste is not None and antwoord < laatste:
            fout(
                "antwoord_voor_zienswijze",
                f"Het dagelijks bestuur antwoordt op {_d(antwoord)}, vóór de laatste raad op {_d(laatste)} "
                f"zijn zienswijze geeft.",
                None,
                antwoord,
            )

    if ab_vergaderingen is not None:
        uit.extend(_ab(plan, ab, ab_vergaderingen, ab_vergaderdag, ab_recessen))
    return uit


def _ab(
    plan: PcPlan, ab: date, vergaderingen: Sequence[date], vergaderdag: int | None, recessen: Sequence[Periode]
) -> list[Schending]:
    uit: list[Schending] = []
    if plan.ab_bestaand:
        if ab not in set(vergaderingen):
            uit.append(Schending("ab_onbekend", f"Het AB heeft geen vergadering op {_d(ab)}.", None, ab))
        return uit
    if ab in set(vergaderingen):
        uit.append(
            Schending("ab_dubbel", f"Het AB vergadert al op {_d(ab)}; een nieuwe vergadering is dubbel.", None, ab)
        )
    if vergaderdag is None:
        uit.append(Schending("ab_vergaderdag", "Het AB heeft geen gewone vergaderdag voor een nieuwe vergadering."))
    elif ab.weekday() != vergaderdag:
        uit.append(
            Schending(
                "ab_vergaderdag",
                f"Een nieuwe AB-vergadering op {_d(ab)} valt niet op de gewone vergaderdag ({WEEKDAGEN[vergaderdag]}).",
                None,
                ab,
            )
        )
    if _vrij(ab):
        uit.append(Schending("ab_vrije_dag", f"Een nieuwe AB-vergadering op {_d(ab)} valt op een vrije dag.", None, ab))
    for p in recessen:
        if p.van <= ab <= p.tot:
            uit.append(Schending("ab_reces", f"Een nieuwe AB-vergadering op {_d(ab)} valt in het {p.naam}.", None, ab))
    return uit


def _raden(plan: PcPlan, raden: Sequence[Raad], verzending: date | None, zienswijze_uiterlijk: date) -> list[Schending]:
    uit: list[Schending] = []
    per_code = {r.code: r for r in raden}
    gezien: set[str] = set()
    for entry in plan.raden:
        raad = per_code.get(entry.code)
        if raad is None:
            uit.append(Schending("onbekende_gemeente", f"{entry.code} neemt niet deel aan de regeling.", entry.code))
            continue
        if entry.code in gezien:
            uit.append(Schending("dubbel", f"{raad.naam} staat meer dan eens in het plan.", entry.code))
            continue
        gezien.add(entry.code)
        uit.extend(_raad(raad, entry.status, entry.datum, entry.vergadering_id, verzending, zienswijze_uiterlijk))
    for raad in raden:
        if raad.code not in gezien:
            uit.append(Schending("ontbreekt", f"{raad.naam} ontbreekt in het plan.", raad.code))
    return uit


def _raad(
    raad: Raad,
    status: str,
    datum: date | None,
    vergadering_id: int | None,
    verzending: date | None,
    zienswijze_uiterlijk: date,
) -> list[Schending]:
    naam, code, regels = raad.naam, raad.code, raad.regels
    uit: list[Schending] = []

    def fout(regel: str, uitleg: str) -> None:
        uit.append(Schending(regel, uitleg, code, datum))

    if status not in STATUSSEN:
        fout("status", f"{naam}: onbekende status ‘{status}’.")
        return uit
    if status == "geblokkeerd" or datum is None:
        fout("geblokkeerd", f"{naam}: geen vergadering voor de zienswijze op de ontwerpbegroting.")
        return uit
    d = _d(datum)
    if verzending is not None:
        vroegst = verzending + timedelta(days=regels.publicatie_dagen + regels.commissie_voor_raad_dagen)
        if datum < vroegst:
            fout(
                "voorbereiding",
                f"{naam}: op {d} is de voorbereiding niet rond; na verzending op {_d(verzending)} kan de raad pas "
                f"vanaf {_d(vroegst)} (agenda {regels.publicatie_dagen} dagen vooraf, commissie "
                f"{regels.commissie_voor_raad_dagen} dagen vóór de raad).",
            )
    if datum > zienswijze_uiterlijk:
        fout(
            "zienswijze_termijn",
            f"{naam}: de raad op {d} is te laat; de zienswijze moet uiterlijk {_d(zienswijze_uiterlijk)} bij het "
            f"dagelijks bestuur zijn.",
        )
    if (naam_feestdag := feestdag(datum)) is not None:
        fout("feestdag", f"{naam}: {d} is een feestdag ({naam_feestdag}).")
    for p in raad.recessen:
        if p.van <= datum <= p.tot:
            fout("reces", f"{naam}: {d} valt in het {p.naam} ({p.van:%d-%m} t/m {p.tot:%d-%m}).")

    op_dag = [b for b in raad.vergaderingen if b.datum == datum]
    if status == "bestaande_vergadering":
        gevonden = [b for b in op_dag if b.soort == "raad" and b.vergadering_id == vergadering_id]
        if not gevonden:
            fout("vergadering_onbekend", f"{naam} heeft op {d} geen raadsvergadering met nummer {vergadering_id}.")
        elif gevonden[0].agendapunten + 1 > regels.max_agendapunten:
            fout(
                "agenda_vol",
                f"{naam}: de agenda van {d} is vol ({gevonden[0].agendapunten} van {regels.max_agendapunten} punten).",
            )
        return uit

    # extra_vergadering
    if vergadering_id is not None:
        fout("extra_met_nummer", f"{naam}: een extra vergadering bestaat nog niet en heeft geen nummer.")
    if regels.vergaderdag is None:
        fout("vergaderdag", f"{naam} heeft geen gewone vergaderdag voor een extra vergadering.")
    elif datum.weekday() != regels.vergaderdag:
        fout(
            "vergaderdag",
            f"{naam}: {d} is een {WEEKDAGEN[datum.weekday()]}; een extra vergadering kan alleen op de gewone "
            f"vergaderdag ({WEEKDAGEN[regels.vergaderdag]}).",
        )
    if op_dag:
        fout("al_vergadering", f"{naam}: op {d} vergadert al een orgaan van deze raad.")
    return uit
