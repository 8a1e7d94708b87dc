"""Demo voorstellen in every stage of their life, written through the service (so the history is real):
a concept, one sent with its deadline two weeks away, one decided but not yet published (the Woo warning), one
published and corrected, and a change of a regeling that asks the councils' consent."""

from datetime import date, timedelta

from sqlmodel import Session, select

from app.accounts import service as accounts
from app.accounts.authz import Actor
from app.accounts.models import RolSoort, Roltoekenning
from app.organen.models import Soort
from app.planning import service as planning
from app.regelingen.service import get_regeling
from app.voorstellen import service
from app.voorstellen.models import BehandelingRol, Besluit, Uitkomst, VoorstelSoort

ZIENSWIJZEN = (
    "De raad vraagt de bijdrage van de gemeenten niet te laten stijgen boven de loon- en prijsontwikkeling.",
    "De raad steunt het voorstel, maar wil jaarlijks een rapportage over de voortgang per gemeente.",
    "De raad vraagt meer aandacht voor de kleine kernen en het openbaar vervoer daar.",
)


def _beheerder(session: Session) -> Actor:
    gebruiker_id = session.exec(
        select(Roltoekenning.gebruiker_id).where(Roltoekenning.rol == RolSoort.beheerder)
        .order_by(Roltoekenning.gebruiker_id)
    ).first()
    if gebruiker_id is None:
        raise LookupError("de demo heeft geen beheerder om de voorstellen mee te schrijven")
    return accounts.actor_for(session, gebruiker_id)


def _uitkomsten(session: Session, actor: Actor, voorstel_id: int, dag: date, *,
                hoeveel: int | None = None) -> list[int]:
    """Outcomes for the first ``hoeveel`` councils (all when None): a decision where the council decides (its
    behandeling's role), else alternating zienswijze and the others."""
    d = service.detail(session, voorstel_id, actor=actor)
    gegeven = []
    for i, view in enumerate(d.raden[:hoeveel]):
        b = view.behandeling
        if b.rol == BehandelingRol.besluit:
            uitkomst, tekst = (Uitkomst.aangenomen, None) if i % 4 else (Uitkomst.geamendeerd, ZIENSWIJZEN[1])
        elif i % 3 == 0:
            uitkomst, tekst = Uitkomst.zienswijze, ZIENSWIJZEN[(i // 3) % len(ZIENSWIJZEN)]
        else:
            uitkomst, tekst = (Uitkomst.geen_zienswijze if i % 3 == 1 else Uitkomst.afgezien), None
        service.leg_uitkomst_vast(session, actor=actor, voorstel_id=voorstel_id, behandeling_id=b.id,
                                  uitkomst=uitkomst, tekst=tekst, besloten_op=dag, versie=b.versie, vandaag=dag)
        if uitkomst == Uitkomst.zienswijze:
            gegeven.append(b.id)
    return gegeven


def _beantwoord(session: Session, actor: Actor, voorstel_id: int, behandeling_ids: list[int], dag: date) -> None:
    for behandeling_id in behandeling_ids:
        b = service.detail(session, voorstel_id, actor=actor).raad(behandeling_id).behandeling
        service.beantwoord(session, actor=actor, voorstel_id=voorstel_id, behandeling_id=b.id, versie=b.versie,
                           antwoord="Het dagelijks bestuur neemt de zienswijze over: de bijdrage stijgt niet meer "
                                    "dan de loon- en prijsontwikkeling, en de rapportage komt in de jaarstukken.",
                           antwoord_op=dag, vandaag=dag)


def _advies(session: Session, actor: Actor, regeling, voorstel_id: int, dag: date) -> None:
    organen = [o for o in service.advies_organen(session, regeling) if o.soort == Soort.adviescommissie]
    if organen:
        service.geef_advies(session, actor=actor, voorstel_id=voorstel_id, orgaan=organen[0].slug, besloten_op=dag,
                            tekst="De Raadstafel adviseert de raden het voorstel te steunen en te vragen om een "
                                  "jaarlijkse voortgangsrapportage.", vandaag=dag)


def vul(session: Session, *, vandaag: date) -> None:
    actor = _beheerder(session)
    jaar = vandaag.year
    mre = get_regeling(session, "mre")
    u16 = get_regeling(session, "u16")

    def maak(regeling, titel, soort, toelichting):
        return service.maak(session, actor=actor, regeling=regeling.slug, titel=titel, soort=soort,
                            toelichting=toelichting)

    # A concept: drafted, not yet sent.
    maak(mre, f"Tweede begrotingswijziging {jaar} Metropoolregio Eindhoven", VoorstelSoort.begrotingswijziging,
         "Extra middelen voor de regionale energiestrategie, gedekt uit de reserve.")

    # Sent, the zienswijze deadline about ten days away (the regeling's days before the AB): some councils have
    # answered, one zienswijze is answered, the Raadstafel advised.
    v = maak(mre, f"Ontwerpbegroting {jaar + 1} Metropoolregio Eindhoven (demo)", VoorstelSoort.begroting,
             "De begroting voor het komende jaar, met de bijdragen van de gemeenten.")
    verzonden = vandaag - timedelta(days=90)  # more than twelve weeks before the AB (Wgr art. 35 lid 1)
    service.verstuur(session, actor=actor, voorstel_id=v.id, verzonden_op=verzonden, versie=v.versie,
                     ab_datum=vandaag + timedelta(days=10 + planning.termijnen(mre).zienswijze_raden_dagen_voor_ab),
                     vandaag=vandaag)
    _advies(session, actor, mre, v.id, verzonden + timedelta(days=14))
    gegeven = _uitkomsten(session, actor, v.id, vandaag - timedelta(days=7), hoeveel=4)
    _beantwoord(session, actor, v.id, gegeven[:1], vandaag - timedelta(days=2))

    # Decided a month ago, not yet published: the Woo's two weeks have passed; one zienswijze is unanswered.
    v = maak(mre, f"Kadernota {jaar + 1} Metropoolregio Eindhoven (demo)", VoorstelSoort.kadernota,
             "De algemene financiële en beleidsmatige kaders voor het komende jaar (Wgr art. 34b).")
    verzonden = vandaag - timedelta(days=110)
    service.verstuur(session, actor=actor, voorstel_id=v.id, verzonden_op=verzonden, versie=v.versie,
                     uiterlijk=verzonden + timedelta(weeks=8), vandaag=vandaag)
    _uitkomsten(session, actor, v.id, verzonden + timedelta(weeks=6))
    service.besluit(session, actor=actor, voorstel_id=v.id, besluit=Besluit.aangenomen, versie=v.versie,
                    besloten_op=vandaag - timedelta(days=30), besluit_tekst="Het algemeen bestuur stelt de "
                    "kadernota vast.", vandaag=vandaag)

    # Published, every zienswijze answered, and afterwards corrected (visibly).
    v = maak(u16, f"Jaarrekening {jaar - 1} U16 (demo)", VoorstelSoort.jaarrekening,
             "De jaarrekening met het accountantsverslag.")
    ab = vandaag - timedelta(days=80)
    service.verstuur(session, actor=actor, voorstel_id=v.id, verzonden_op=ab - timedelta(days=70), versie=v.versie,
                     ab_datum=ab, vandaag=vandaag)
    gegeven = _uitkomsten(session, actor, v.id, ab - timedelta(days=30))
    _beantwoord(session, actor, v.id, gegeven, ab - timedelta(days=10))
    service.besluit(session, actor=actor, voorstel_id=v.id, besluit=Besluit.aangenomen, besloten_op=ab,
                    versie=v.versie, besluit_tekst="Het algemeen bestuur stelt de jaarrekening vast.", vandaag=vandaag)
    service.publiceer(session, actor=actor, voorstel_id=v.id, publicatie=f"Staatscourant {ab.year}, 31{ab.month:02d}7",
                      publicatie_url=None, gepubliceerd_op=ab + timedelta(days=7), versie=v.versie, vandaag=vandaag)
    service.corrigeer(session, actor=actor, voorstel_id=v.id, versie=v.versie,
                      velden={"publicatie": f"Staatscourant {ab.year}, 31{ab.month:02d}8"},
                      reden="Het nummer van de Staatscourant was verkeerd overgenomen.")

    # A change of the regeling: the councils decide on their consent (Wgr art. 1 lid 2).
    v = maak(u16, "Wijziging gemeenschappelijke regeling U16 (demo)", VoorstelSoort.wijziging_regeling,
             "Een nieuwe taak op het gebied van de regionale energiestrategie.")
    verzonden = vandaag - timedelta(days=30)
    service.verstuur(session, actor=actor, voorstel_id=v.id, verzonden_op=verzonden, versie=v.versie,
                     vandaag=vandaag)
    _uitkomsten(session, actor, v.id, vandaag - timedelta(days=3), hoeveel=5)
