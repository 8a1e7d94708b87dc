"""Checker for a same-day plan: does one chosen date hold for every participating council?

Independent of ``app.planning.gelijke_dag``: it reads the councils' raw data (recesses, meetings, rules) and the
ATW holidays, and re-derives every hard rule itself.
"""

from collections.abc import Sequence
from datetime import date, timedelta

from app.planning.controle import Schending
from app.planning.kalender import feestdag
from app.planning.raden import WEEKDAGEN, Raad

STATUSSEN = ("bestaande_vergadering", "extra_vergadering", "geblokkeerd")


def controleer_gelijke_dag(
    datum: date,
    gemeenten: Sequence[tuple[str, str, int | None]],
    *,
    raden: Sequence[Raad],
    van: date,
    tot: date,
    punten: int = 1,
) -> list[Schending]:
    """Every hard rule the plan "all of ``raden`` deliberate on ``datum``" breaks; empty when it holds.

    ``gemeenten`` holds one ``(code, status, vergadering_id)`` per council, as the plan has it: status
    ``bestaande_vergadering`` names the existing raad meeting used, ``extra_vergadering`` a meeting still to be
    created (no id). ``raden`` are the participating councils (opt-outs already removed); ``van``/``tot`` the
    window (``van`` is the release to the councils); ``punten`` the agenda items the voorstel adds.
    """
    schendingen: list[Schending] = []
    d = f"{datum:%d-%m-%Y}"
    if not van <= datum <= tot:
        schendingen.append(
            Schending("venster", f"{d} valt buiten de periode {van:%d-%m-%Y} t/m {tot:%d-%m-%Y}.", None, datum)
        )
    per_code = {r.code: r for r in raden}
    gedaan: set[str] = set()
    for code, status, vergadering_id in gemeenten:
        raad = per_code.get(code)
        if raad is None:
            schendingen.append(Schending("onbekende_gemeente", f"{code} doet niet mee aan dit voorstel.", code, datum))
            continue
        if code in gedaan:
            schendingen.append(Schending("dubbel", f"{raad.naam} staat meer dan eens in het plan.", code, datum))
            continue
        gedaan.add(code)
        schendingen.extend(_raad(raad, datum, status, vergadering_id, van=van, punten=punten))
    for raad in raden:
        if raad.code not in gedaan:
            schendingen.append(Schending("ontbreekt", f"{raad.naam} ontbreekt in het plan voor {d}.", raad.code, datum))
    return schendingen


def _raad(
    raad: Raad, datum: date, status: str, vergadering_id: int | None, *, van: date, punten: int
) -> list[Schending]:
    naam, code, regels = raad.naam, raad.code, raad.regels
    d = f"{datum:%d-%m-%Y}"
    uit: list[Schending] = []

    def fout(regel: str, uitleg: str) -> None:
        uit.append(Schending(regel, uitleg, code, datum))

    if status not in STATUSSEN:
        fout("status", f"{naam}: onbekende status ‘{status}’.")
        return uit
    if status == "geblokkeerd":
        fout("geblokkeerd", f"{naam} kan op {d} niet vergaderen en staat toch in het plan.")
        return uit

    # Agenda published publicatie_dagen before the committee, committee commissie_voor_raad_dagen before the raad.
    vroegst = van + timedelta(days=regels.publicatie_dagen) + timedelta(days=regels.commissie_voor_raad_dagen)
    if datum < vroegst:
        fout(
            "voorbereiding", f"{naam}: op {d} is de voorbereiding niet rond; de raad kan pas vanaf {vroegst:%d-%m-%Y}."
        )

    op_dag = [b for b in raad.vergaderingen if b.datum == datum]
    if status == "bestaande_vergadering":
        zelfde = [b for b in raad.vergaderingen if b.vergadering_id == vergadering_id]
        raad_zelfde_dag = [b for b in zelfde if b.datum == datum and b.soort == "raad"]
        if not zelfde:
            fout("vergadering_onbekend", f"{naam} heeft geen vergadering met nummer {vergadering_id}.")
        elif not raad_zelfde_dag:
            if all(b.soort != "raad" for b in zelfde):
                fout("geen_raadsvergadering", f"{naam}: vergadering {vergadering_id} is geen raadsvergadering.")
            else:
                fout("andere_dag", f"{naam}: vergadering {vergadering_id} is niet op {d}.")
        else:
            b = raad_zelfde_dag[0]
            if b.agendapunten + punten > regels.max_agendapunten:
                fout(
                    "agenda_vol",
                    f"{naam}: de agenda van {d} is vol ({b.agendapunten} van "
                    f"{regels.max_agendapunten} agendapunten, het voorstel vraagt er {punten}).",
                )
        return uit

    # extra_vergadering: a new raad meeting must fit on this day.
    if vergadering_id is not None:
        fout(
            "extra_met_nummer",
            f"{naam}: een extra vergadering bestaat nog niet en kan geen nummer ({vergadering_id}) hebben.",
        )
    if (naam_feestdag := feestdag(datum)) is not None:
        fout("feestdag", f"{naam}: een extra vergadering op {d} valt op een feestdag ({naam_feestdag}).")
    for p in raad.recessen:
        if p.van <= datum <= p.tot:
            fout(
                "reces", f"{naam}: een extra vergadering op {d} valt in het {p.naam} ({p.van:%d-%m} t/m {p.tot:%d-%m})."
            )
    if regels.vergaderdag is None:
        fout("vergaderdag", f"{naam} heeft geen gewone vergaderdag voor een extra vergadering.")
    elif datum.weekday() != regels.vergaderdag:
        fout(
            "vergaderdag",
            f"{naam}: {d} is een {WEEKDAGEN[datum.weekday()]}; een extra vergadering kan alleen op "
            f"de gewone vergaderdag ({WEEKDAGEN[regels.vergaderdag]}).",
        )
    if op_dag:
        if any(b.soort == "raad" for b in op_dag):
            fout(
                "al_vergadering",
                f"{naam} heeft op {d} al een raadsvergadering; een extra vergadering ernaast "
                "is niet nodig of niet mogelijk.",
            )
        else:
            fout("al_vergadering", f"{naam}: op {d} vergadert al een commissie van deze raad.")
    return uit
