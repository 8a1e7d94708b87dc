"""Weighted votes: the regeling's voting rules, recording a vote of one of its bodies, and reading votes back.

The arithmetic is in ``rekenen`` (pure); this module fetches the members, their fracties and the gemeenten's
shares, and keeps a snapshot: each member's weight in ``Stem.gewicht`` and the rules and the result in
``Stemming.regels`` / ``Stemming.uitslag``, so a later change of rules or memberships never changes a vote held.
"""

import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from babel.dates import format_date
from sqlmodel import Session, col, func, or_, select

from app.accounts.authz import Actor, require_authenticated
from app.db import lokale_dag, utcnow
from app.errors import Conflict, Forbidden, Invalid, NotFound
from app.gemeenten.models import Fractie, Gemeente, Persoon
from app.historie import service as historie
from app.organen import service as organen_service
from app.organen.models import Lidmaatschap, Orgaan, Rol
from app.regelingen.models import Regeling
from app.regelingen.service import aandelen_van
from app.stemmingen import rekenen
from app.stemmingen.models import Keuze, Stem, Stemming
from app.stemmingen.rekenen import UITKOMST_LABELS, GemeenteUitslag, Gewicht, Stemregels, Uitslag
from app.stemmingen.schemas import StemmingCreate
from app.vergaderingen.models import Status, Vergadering, VergaderingOrgaan
from app.voorstellen.models import Voorstel, VoorstelFase

# Members who vote: a plaatsvervangend lid only stands in, a secretaris advises.
STEMMENDE_ROLLEN = (Rol.lid, Rol.voorzitter, Rol.vicevoorzitter)
# Phases in which the decision stands: no further vote on the voorstel is recorded.
BESLOTEN = (VoorstelFase.besloten, VoorstelFase.gepubliceerd)


def _datum_tekst(dag: date) -> str:
    return format_date(dag, "d MMMM y", locale="nl_NL")


# --- the rules -------------------------------------------------------------------------------------------


def stemregels(regeling: Regeling) -> Stemregels:
    return Stemregels.uit_json(regeling.stemregels or {})


def regels_versie(regels: Stemregels) -> str:
    """A short digest of the rules: the version a form or an API client saw."""
    return hashlib.sha256(json.dumps(regels.naar_json(), sort_keys=True).encode()).hexdigest()[:12]


def _hoedanigheid(actor: Actor, regeling: Regeling) -> str:
    """The capacity the history shows (never a person's name: ``Gebeurtenis.gebruiker_id`` keeps who it was)."""
    return f"secretaris van {regeling.naam}" if regeling.id in actor.secretaris_van else "beheerder"


def may_set_rules(actor: Actor, regeling: Regeling) -> bool:
    return actor.beheerder or regeling.id in actor.secretaris_van


def wijzig_stemregels(session: Session, *, actor: Actor, regeling: Regeling, regels: Stemregels | Mapping,
                      versie: str | None) -> Stemregels:
    """Replace the regeling's voting rules (its secretaris, or a beheerder). A stale ``versie`` is 409.

    ``regels`` may be the JSON form (a form's values): it is read only after the actor may change them.
    """
    require_authenticated(actor)
    if not may_set_rules(actor, regeling):
        raise Forbidden(f"Alleen het secretariaat van {regeling.naam} mag de stemregels wijzigen.")
    if not isinstance(regels, Stemregels):
        regels = Stemregels.uit_json(regels)
    huidig = stemregels(regeling)
    if versie is not None and versie != regels_versie(huidig):
        raise Conflict("De stemregels zijn intussen gewijzigd door iemand anders. Laad ze opnieuw en breng uw "
                       "wijziging dan nog eens aan.")
    oud, nieuw = huidig.naar_json(), regels.naar_json()
    if oud == nieuw:
        return regels
    regeling.stemregels = nieuw
    session.add(regeling)
    session.flush()
    historie.log(session, actor=actor, regeling_id=regeling.id, soort="stemregels", wie=_hoedanigheid(actor, regeling),
                 wijzigingen={k: [oud[k], nieuw[k]] for k in nieuw if oud[k] != nieuw[k]},
                 toelichting="Stemregels gewijzigd")
    return regels


# --- members and their weights ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Stemgerechtigde:
    """A member of the body on the day of the vote, with the weight the rules give them (0: no vote)."""

    lidmaatschap: Lidmaatschap
    persoon: Persoon
    gemeente: Gemeente | None
    fractie: Fractie | None
    gewicht: Fraction

    @property
    def voorzitter(self) -> bool:
        return self.lidmaatschap.rol == Rol.voorzitter

    @property
    def stemt(self) -> bool:
        return self.gewicht > 0


def stemgerechtigden(session: Session, orgaan: Orgaan, regeling: Regeling, regels: Stemregels, *,
                     peildatum: date) -> list[Stemgerechtigde]:
    """The body's members on ``peildatum`` with their weights, by gemeente and name. Three queries."""
    gemeente_id = func.coalesce(Lidmaatschap.gemeente_id, Fractie.gemeente_id)
    rows = session.exec(
        select(Lidmaatschap, Persoon, Fractie, Gemeente)
        .join(Persoon, Persoon.id == Lidmaatschap.persoon_id)
        .outerjoin(Fractie, (Fractie.id == Lidmaatschap.fractie_id) & col(Fractie.deleted_at).is_(None))
        .outerjoin(Gemeente, (Gemeente.id == gemeente_id) & col(Gemeente.deleted_at).is_(None))
        .where(
            Lidmaatschap.orgaan_id == orgaan.id,
            col(Lidmaatschap.rol).in_(STEMMENDE_ROLLEN),
            col(Lidmaatschap.deleted_at).is_(None),
            col(Persoon.deleted_at).is_(None),
            or_(col(Lidmaatschap.start).is_(None), Lidmaatschap.start <= peildatum),
            or_(col(Lidmaatschap.einde).is_(None), Lidmaatschap.einde >= peildatum),
        )
        .order_by(Gemeente.naam, Persoon.naam, Lidmaatschap.id)
    ).all()
    per_persoon: dict[int, tuple] = {}
    for row in rows:  # one person with two memberships (lid and voorzitter): the chair's counts
        bekend = per_persoon.get(row[1].id)
        if bekend is None or row[0].rol == Rol.voorzitter:
            per_persoon[row[1].id] = row
    rows = list(per_persoon.values())
    leden = [rekenen.Lid(persoon_id=p.id, gemeente_id=g.id if g else None, fractie_id=f.id if f else None,
                         voorzitter=lm.rol == Rol.voorzitter, stemgewicht=Fraction(lm.stemgewicht))
             for lm, p, f, g in rows]
    args: dict = {}
    if regels.gewicht == Gewicht.fractie_aandeel:
        gemeente_ids = {g.id for _, _, _, g in rows if g is not None}
        fracties = session.exec(
            select(Fractie.id, Fractie.gemeente_id, Fractie.zetels)
            .where(col(Fractie.gemeente_id).in_(gemeente_ids), col(Fractie.deleted_at).is_(None))
        ).all() if gemeente_ids else []
        raadszetels: dict[int, int] = defaultdict(int)
        for _, g, z in fracties:
            raadszetels[g] += z
        args = {"aandelen": aandelen_van(session, regeling.id, regels.grondslag),
                "zetels": {f: z for f, _, z in fracties}, "raadszetels": raadszetels}
    try:
        gewichten = rekenen.gewichten(leden, regels, **args)
    except rekenen.StemregelFout as fout:
        naam = next(p.naam for _, p, _, _ in rows if p.id == fout.persoon_id)
        raise Invalid(f"{naam} {fout.reden}: pas het lidmaatschap of de stemregels aan.") from None
    return [Stemgerechtigde(lm, p, g, f, gewichten[p.id]) for lm, p, f, g in rows]


def _orgaan_met_regeling(session: Session, orgaan: Orgaan) -> Regeling:
    if orgaan.regeling_id is None:
        raise Invalid(f"{orgaan.naam} is een orgaan van een gemeente. Gewogen stemmingen horen bij de organen van "
                      "een regeling, zoals een gezamenlijke raad of een algemeen bestuur.")
    regeling = session.get(Regeling, orgaan.regeling_id)
    if regeling is None or regeling.deleted_at is not None:
        raise NotFound(f"De regeling van {orgaan.naam} bestaat niet (meer).")
    return regeling


def may_record(actor: Actor, orgaan: Orgaan) -> bool:
    """The body's manager: for a body of a regeling, its secretaris (and a beheerder)."""
    return actor.authenticated and actor.may_manage_orgaan(orgaan)


def _require_record(actor: Actor, orgaan: Orgaan) -> None:
    require_authenticated(actor)
    if not may_record(actor, orgaan):
        raise Forbidden(f"Alleen het secretariaat van de regeling mag stemmingen van {orgaan.naam} vastleggen.")


# --- recording a vote ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Formulier:
    """What the form to record a vote needs: the body, its members with a vote today, and choices."""

    orgaan: Orgaan
    regeling: Regeling
    regels: Stemregels
    leden: list[Stemgerechtigde]
    voorstellen: list[Voorstel]
    vergaderingen: list


def formulier(session: Session, *, actor: Actor, orgaan_slug: str, vandaag: date | None = None) -> Formulier:
    from app.vergaderingen import service as vergaderingen

    orgaan = organen_service.get_orgaan(session, orgaan_slug)
    _require_record(actor, orgaan)
    regeling = _orgaan_met_regeling(session, orgaan)
    regels = stemregels(regeling)
    leden = stemgerechtigden(session, orgaan, regeling, regels, peildatum=vandaag or lokale_dag(utcnow()))
    voorstellen = session.exec(
        select(Voorstel).where(Voorstel.regeling_id == regeling.id, col(Voorstel.deleted_at).is_(None))
        .order_by(col(Voorstel.id).desc()).limit(200)
    ).all()
    recent = vergaderingen.list_meetings(session, orgaan_ids=[orgaan.id], tot=utcnow() + timedelta(days=1),
                                         descending=True, limit=30)
    return Formulier(orgaan, regeling, regels, leden, list(voorstellen), recent)


def leg_vast(session: Session, *, actor: Actor, data: StemmingCreate) -> "StemmingDetail":
    """Record a vote of a body of a regeling, by its secretaris (or a beheerder).

    Members not named in ``data.stemmen`` were absent. A vote for someone who was no member on that day is 422,
    as is a member without a vote (weight zero) who voted. The same vote sent twice (same body, voorstel,
    subject and time) is 409.
    """
    try:
        orgaan = organen_service.get_orgaan(session, data.orgaan)
    except NotFound:
        raise Invalid(f"Onbekend orgaan: {data.orgaan}.") from None
    _require_record(actor, orgaan)
    regeling = _orgaan_met_regeling(session, orgaan)
    if data.gestemd_op > utcnow() + timedelta(minutes=5):
        raise Invalid("Een stemming legt u vast nadat zij is gehouden: het tijdstip ligt in de toekomst.",
                      errors=[{"name": "gestemd_op", "reason": "ligt in de toekomst"}])

    vergadering = None
    if data.vergadering_id is not None:
        vergadering = session.get(Vergadering, data.vergadering_id)
        if vergadering is None or vergadering.deleted_at is not None:
            raise Invalid(f"Vergadering {data.vergadering_id} bestaat niet.",
                          errors=[{"name": "vergadering_id", "reason": "bestaat niet"}])
        if session.get(VergaderingOrgaan, (vergadering.id, orgaan.id)) is None:
            raise Invalid(f"In vergadering {vergadering.id} vergadert {orgaan.naam} niet.",
                          errors=[{"name": "vergadering_id", "reason": "het orgaan vergadert daar niet"}])
        if vergadering.status == Status.geannuleerd:
            raise Invalid(f"Vergadering {vergadering.id} is geannuleerd: daarin is niet gestemd.",
                          errors=[{"name": "vergadering_id", "reason": "geannuleerd"}])
    voorstel = None
    if data.voorstel_id is not None:
        voorstel = session.get(Voorstel, data.voorstel_id)
        if voorstel is None or voorstel.deleted_at is not None:
            raise Invalid(f"Voorstel {data.voorstel_id} bestaat niet.",
                          errors=[{"name": "voorstel_id", "reason": "bestaat niet"}])
        if voorstel.regeling_id != regeling.id:
            raise Invalid(f"Voorstel {voorstel.id} hoort niet bij {regeling.naam}.",
                          errors=[{"name": "voorstel_id", "reason": "hoort bij een andere regeling"}])
        if voorstel.fase == VoorstelFase.concept:
            raise Conflict(f"Voorstel {voorstel.id} is nog een concept: er wordt pas over gestemd als het openbaar is.")
        if voorstel.fase in BESLOTEN:
            # The public result is the latest vote: a new one would change a decision taken. That only goes by a
            # visible correction of the voorstel (app.voorstellen.service.corrigeer), never by a later vote.
            raise Conflict(f"Over voorstel {voorstel.id} is al besloten ({voorstel.fase.value}): een nieuwe stemming "
                           "zou de uitslag van dat besluit veranderen. Een genomen besluit verandert alleen door "
                           "een zichtbare correctie.")
    onderwerp = (data.onderwerp or "").strip() or (voorstel.titel if voorstel else "")
    if not onderwerp:
        raise Invalid("Geef het onderwerp van de stemming, of kies het voorstel waarover is gestemd.",
                      errors=[{"name": "onderwerp", "reason": "verplicht zonder voorstel"}])

    dubbel = session.exec(
        select(Stemming.id).where(
            Stemming.orgaan_id == orgaan.id, Stemming.onderwerp == onderwerp, Stemming.gestemd_op == data.gestemd_op,
            col(Stemming.voorstel_id).is_(None) if voorstel is None else Stemming.voorstel_id == voorstel.id,
            col(Stemming.deleted_at).is_(None),
        )
    ).first()
    if dubbel is not None:
        raise Conflict(f"Deze stemming is al vastgelegd (stemming {dubbel}).")

    regels = stemregels(regeling)
    peildatum = lokale_dag(data.gestemd_op)
    leden = {lid.persoon.id: lid for lid in stemgerechtigden(session, orgaan, regeling, regels, peildatum=peildatum)}
    keuzes: dict[int, Keuze] = {}
    for invoer in data.stemmen:
        if invoer.persoon_id in keuzes:
            raise Invalid(f"Persoon {invoer.persoon_id} staat twee keer in de stemming.",
                          errors=[{"name": "stemmen", "reason": f"persoon {invoer.persoon_id} twee keer"}])
        lid = leden.get(invoer.persoon_id)
        if lid is None:
            persoon = session.get(Persoon, invoer.persoon_id)
            wie = persoon.naam if persoon else f"Persoon {invoer.persoon_id}"
            raise Invalid(f"{wie} was op {_datum_tekst(peildatum)} geen stemmend lid van {orgaan.naam}.",
                          errors=[{"name": "stemmen", "reason": f"persoon {invoer.persoon_id} is geen lid"}])
        if not lid.stemt and invoer.keuze != Keuze.afwezig:
            raise Invalid(f"{lid.persoon.naam} heeft geen stemrecht in {orgaan.naam} (stemgewicht nul).",
                          errors=[{"name": "stemmen", "reason": f"persoon {invoer.persoon_id} heeft geen stem"}])
        keuzes[invoer.persoon_id] = invoer.keuze
    stemmers = [lid for lid in leden.values() if lid.stemt]
    if not stemmers:
        raise Invalid(f"{orgaan.naam} had op {_datum_tekst(peildatum)} geen leden met stemrecht.")
    stemmen = [rekenen.Stem(persoon_id=lid.persoon.id, gewicht=lid.gewicht,
                            keuze=keuzes.get(lid.persoon.id, Keuze.afwezig),
                            gemeente_id=lid.gemeente.id if lid.gemeente else None,
                            fractie_id=lid.fractie.id if lid.fractie else None, voorzitter=lid.voorzitter)
               for lid in stemmers]
    uitslag = rekenen.tel(stemmen, regels)

    stemming = Stemming(orgaan_id=orgaan.id, vergadering_id=vergadering.id if vergadering else None,
                        voorstel_id=voorstel.id if voorstel else None, onderwerp=onderwerp,
                        gestemd_op=data.gestemd_op, regels=regels.naar_json(), uitkomst=uitslag.uitkomst,
                        uitslag=uitslag.naar_json())
    session.add(stemming)
    session.flush()
    session.add_all(Stem(stemming_id=stemming.id, persoon_id=s.persoon_id, gemeente_id=s.gemeente_id,
                         fractie_id=s.fractie_id, gewicht=str(s.gewicht), keuze=s.keuze) for s in stemmen)
    session.flush()
    if voorstel is not None:
        historie.log(session, actor=actor, regeling_id=regeling.id, soort="stemming", voorstel_id=voorstel.id,
                     wie=_hoedanigheid(actor, regeling),
                     toelichting=f"Stemming in {orgaan.naam}: {UITKOMST_LABELS[uitslag.uitkomst].lower()}. "
                                 f"{uitslag.reden}")
    return stemming_detail(session, stemming.id)


# --- reading votes back ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StemRij:
    stem: Stem
    persoon: Persoon
    gemeente: Gemeente | None
    fractie: Fractie | None

    @property
    def gewicht(self) -> Fraction:
        return Fraction(self.stem.gewicht)


@dataclass(frozen=True)
class StemmingDetail:
    stemming: Stemming
    orgaan: Orgaan
    regeling: Regeling
    vergadering: Vergadering | None
    voorstel: Voorstel | None
    uitslag: Uitslag
    rijen: list[StemRij]
    per_gemeente: list[tuple[Gemeente, GemeenteUitslag]]
    per_fractie: list[tuple[Fractie, Gemeente | None, GemeenteUitslag]]

    @property
    def demo(self) -> bool:
        return self.regeling.demo


def _tel_opnieuw(stemming: Stemming, stemmen: Sequence[Stem]) -> Uitslag:
    """The result from the stored weights and the rules of the day: the same as the snapshot, by construction."""
    voorzitter = (stemming.uitslag or {}).get("voorzitter_id")
    return rekenen.tel([rekenen.Stem(persoon_id=s.persoon_id, gewicht=Fraction(s.gewicht), keuze=s.keuze,
                                     gemeente_id=s.gemeente_id, fractie_id=s.fractie_id,
                                     voorzitter=s.persoon_id == voorzitter) for s in stemmen],
                       Stemregels.uit_json(stemming.regels))


def stemming_detail(session: Session, stemming_id: int) -> StemmingDetail:
    stemming = session.get(Stemming, stemming_id)
    if stemming is None or stemming.deleted_at is not None:
        raise NotFound(f"Stemming {stemming_id} bestaat niet.")
    orgaan = session.get(Orgaan, stemming.orgaan_id)
    regeling = session.get(Regeling, orgaan.regeling_id)
    vergadering = session.get(Vergadering, stemming.vergadering_id) if stemming.vergadering_id else None
    voorstel = session.get(Voorstel, stemming.voorstel_id) if stemming.voorstel_id else None
    rows = session.exec(
        select(Stem, Persoon, Gemeente, Fractie)
        .join(Persoon, Persoon.id == Stem.persoon_id)
        .outerjoin(Gemeente, Gemeente.id == Stem.gemeente_id)
        .outerjoin(Fractie, Fractie.id == Stem.fractie_id)
        .where(Stem.stemming_id == stemming.id)
        .order_by(Gemeente.naam, Fractie.naam, Persoon.naam)
    ).all()
    rijen = [StemRij(*row) for row in rows]
    uitslag = _tel_opnieuw(stemming, [r.stem for r in rijen])
    gemeenten = {r.gemeente.id: r.gemeente for r in rijen if r.gemeente}
    fracties = {r.fractie.id: (r.fractie, r.gemeente) for r in rijen if r.fractie}
    per_gemeente = sorted(((gemeenten[g], t) for g, t in uitslag.per_gemeente.items()), key=lambda p: p[0].naam)
    per_fractie = sorted(((*fracties[f], t) for f, t in uitslag.per_fractie.items()),
                         key=lambda p: (p[1].naam if p[1] else "", p[0].naam))
    return StemmingDetail(stemming, orgaan, regeling, vergadering, voorstel, uitslag, rijen, per_gemeente,
                          per_fractie)


def stemmingen_bij(session: Session, *, voorstel_ids: Sequence[int]) -> dict[int, list[Stemming]]:
    """The votes on these voorstellen, oldest first, in one query. Every id is a key (an empty list: none)."""
    uit: dict[int, list[Stemming]] = {v: [] for v in voorstel_ids}
    if not voorstel_ids:
        return uit
    rows = session.exec(
        select(Stemming).where(col(Stemming.voorstel_id).in_(list(voorstel_ids)), col(Stemming.deleted_at).is_(None))
        .order_by(Stemming.gestemd_op, Stemming.id)
    ).all()
    for stemming in rows:
        uit[stemming.voorstel_id].append(stemming)
    return uit


def gemeente_uitslagen(session: Session, *, voorstel_ids: Sequence[int]) -> dict[int, dict[int, GemeenteUitslag]]:
    """``{voorstel_id: {gemeente_id: totals}}`` from the latest vote on each voorstel. Two queries for all.

    A voorstel without a vote is absent from the result. The totals are weights (``Fraction``): what the
    members for that gemeente cast voor, tegen, onthouden, and the weight of those absent.
    """
    laatste: dict[int, Stemming] = {}
    for voorstel_id, stemmingen in stemmingen_bij(session, voorstel_ids=voorstel_ids).items():
        if stemmingen:
            laatste[voorstel_id] = stemmingen[-1]
    if not laatste:
        return {}
    stemmen: dict[int, list[Stem]] = defaultdict(list)
    for stem in session.exec(
        select(Stem).where(col(Stem.stemming_id).in_([s.id for s in laatste.values()])).order_by(Stem.id)
    ).all():
        stemmen[stem.stemming_id].append(stem)
    uit: dict[int, dict[int, GemeenteUitslag]] = {}
    for voorstel_id, stemming in laatste.items():
        per_gemeente: dict[int, GemeenteUitslag] = {}
        for stem in stemmen[stemming.id]:
            if stem.gemeente_id is None:
                continue
            per_gemeente[stem.gemeente_id] = per_gemeente.get(stem.gemeente_id, GemeenteUitslag()).plus(
                rekenen.Stem(persoon_id=stem.persoon_id, gewicht=Fraction(stem.gewicht), keuze=stem.keuze))
        uit[voorstel_id] = per_gemeente
    return uit


def stemmingen_van_orgaan(session: Session, orgaan: Orgaan, *, limit: int = 20) -> list[Stemming]:
    """The latest votes of a body, newest first."""
    return list(session.exec(
        select(Stemming).where(Stemming.orgaan_id == orgaan.id, col(Stemming.deleted_at).is_(None))
        .order_by(col(Stemming.gestemd_op).desc(), col(Stemming.id).desc()).limit(limit)
    ).all())
