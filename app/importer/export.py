"""Export: the database in the import format, so that a file and the portal make the round trip.

``export_document(session)`` gives every live gemeente, persoon and regeling with what hangs on them;
``export_document(session, regeling="mre")`` one regeling with its deelnemende gemeenten, their personen
(and the other members of its bodies) and the meetings of all these bodies. Importing an export into the
database it came from changes nothing; importing it into an empty database and exporting again gives the
same document. Meetings carry an explicit `id`: their import key, or `vergadering-<id>` for a meeting
made in the portal, which the import recognises; voorstellen likewise (`voorstel-<id>`). Optional keys are
left out where they hold the default.
"""

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import yaml
from sqlmodel import Session, col, select

from app.errors import Invalid
from app.gemeenten.models import Fractie, Gemeente, Persoon, Reces
from app.importer.schema import WEEKDAGEN, Planning
from app.organen.models import Lidmaatschap, Orgaan, Rol, Soort
from app.regelingen.models import Deelname, Regeling
from app.regelingen.service import get_regeling
from app.vergaderingen.models import Agendapunt, Status, Vergadering, VergaderingOrgaan
from app.voorstellen.models import Afmelding, Behandeling, Voorstel, VoorstelSoort

TZ = ZoneInfo("Europe/Amsterdam")  # times are written as Dutch wall-clock time with their offset
CENT = Decimal("0.01")
PLANNING_DEFAULTS = {name: info.default for name, info in Planning.model_fields.items()}


def _live(model):
    return col(model.deleted_at).is_(None)


def export_document(session: Session, *, regeling: str | None = None) -> dict:
    """The import document for all live data, or for one regeling (NotFound for an unknown slug)."""
    regeling_ids = select(Regeling.id).where(_live(Regeling))
    gemeente_ids = select(Gemeente.id).where(_live(Gemeente))
    if regeling is not None:
        regeling_ids = regeling_ids.where(Regeling.id == get_regeling(session, regeling).id)
        gemeente_ids = gemeente_ids.where(col(Gemeente.id).in_(
            select(Deelname.gemeente_id).where(_live(Deelname), col(Deelname.regeling_id).in_(regeling_ids))))
    owned = sa.or_(col(Orgaan.gemeente_id).in_(gemeente_ids), col(Orgaan.regeling_id).in_(regeling_ids))
    regeling_organen = select(Orgaan.id).where(_live(Orgaan), col(Orgaan.regeling_id).in_(regeling_ids))
    # Meetings of the exported bodies; one that also has a body outside the export is left out below.
    meeting_ids = select(VergaderingOrgaan.vergadering_id).where(col(VergaderingOrgaan.orgaan_id).in_(
        select(Orgaan.id).where(_live(Orgaan), owned)))

    def rows(model, *where, order) -> list:
        return list(session.exec(select(model).where(_live(model), *where).order_by(*order)).all())

    gemeenten = rows(Gemeente, col(Gemeente.id).in_(gemeente_ids), order=[Gemeente.code])
    regelingen = rows(Regeling, col(Regeling.id).in_(regeling_ids), order=[Regeling.slug])
    organen = {o.id: o for o in rows(Orgaan, owned, order=[Orgaan.id])}
    fracties = rows(Fractie, col(Fractie.gemeente_id).in_(gemeente_ids), order=[Fractie.id])
    recessen = rows(Reces, col(Reces.gemeente_id).in_(gemeente_ids), order=[Reces.van, Reces.naam, Reces.id])
    deelnames = rows(Deelname, col(Deelname.regeling_id).in_(regeling_ids),
                     col(Deelname.gemeente_id).in_(gemeente_ids), order=[Deelname.id])
    leden = rows(Lidmaatschap, col(Lidmaatschap.orgaan_id).in_(regeling_organen), order=[Lidmaatschap.id])
    members = col(Persoon.id).in_(select(Lidmaatschap.persoon_id).where(
        _live(Lidmaatschap), col(Lidmaatschap.orgaan_id).in_(regeling_organen)))
    personen = {p.id: p for p in rows(  # a persoon without a sleutel has no name in the format
        Persoon, col(Persoon.sleutel).is_not(None),
        *([] if regeling is None else [sa.or_(col(Persoon.gemeente_id).in_(gemeente_ids), members)]),
        order=[Persoon.id])}
    meetings = rows(Vergadering, col(Vergadering.id).in_(meeting_ids), order=[Vergadering.start, Vergadering.id])
    bodies: dict[int, list[int]] = {}
    for meeting_id, orgaan_id in session.exec(
            select(VergaderingOrgaan.vergadering_id, VergaderingOrgaan.orgaan_id)
            .join(Orgaan, Orgaan.id == VergaderingOrgaan.orgaan_id)
            .where(_live(Orgaan), col(VergaderingOrgaan.vergadering_id).in_(meeting_ids))).all():
        bodies.setdefault(meeting_id, []).append(orgaan_id)
    agenda: dict[int, list[Agendapunt]] = {}
    for punt in rows(Agendapunt, col(Agendapunt.vergadering_id).in_(meeting_ids),
                     order=[Agendapunt.vergadering_id, Agendapunt.volgorde, Agendapunt.id]):
        agenda.setdefault(punt.vergadering_id, []).append(punt)
    voorstellen = rows(Voorstel, col(Voorstel.regeling_id).in_(regeling_ids),
                       order=[col(Voorstel.beschikbaar).is_(None), Voorstel.beschikbaar, Voorstel.id])
    voorstel_ids = select(Voorstel.id).where(_live(Voorstel), col(Voorstel.regeling_id).in_(regeling_ids))
    afmeldingen = rows(Afmelding, col(Afmelding.voorstel_id).in_(voorstel_ids), order=[Afmelding.id])
    behandelingen = rows(Behandeling, col(Behandeling.voorstel_id).in_(voorstel_ids), order=[Behandeling.id])

    code = {g.id: g.code for g in gemeenten}
    fractie_naam = {f.id: f.naam for f in fracties}
    raad = {}  # gemeente id -> the id of its raad (the first, as the import takes it)
    for o in organen.values():
        if o.soort == Soort.raad and o.gemeente_id is not None:
            raad.setdefault(o.gemeente_id, o.id)
    prefix = {g.id: f"{g.slug}-" for g in gemeenten}

    gemeente_docs = {g.id: _gemeente(g) for g in gemeenten}
    for f in fracties:
        gemeente_docs[f.gemeente_id]["fracties"].append({"naam": f.naam, "zetels": f.zetels})
    for r in recessen:
        gemeente_docs[r.gemeente_id]["reces"].append({"naam": r.naam, "van": r.van, "tot": r.tot})
    for o in organen.values():
        if o.gemeente_id is not None and o.id != raad.get(o.gemeente_id):
            gemeente_docs[o.gemeente_id].setdefault("organen", []).append(
                {"slug": o.slug.removeprefix(prefix[o.gemeente_id]), "naam": o.naam, "soort": o.soort.value})

    regeling_docs = {r.id: {"slug": r.slug, "naam": r.naam, "vorm": r.vorm.value,
                            "synchronisatie": r.synchronisatie.value} for r in regelingen}
    for r in regelingen:
        if r.termijnen:
            regeling_docs[r.id]["termijnen"] = dict(r.termijnen)
    for d in deelnames:
        regeling_docs[d.regeling_id].setdefault("deelnemers", []).append(
            {"gemeente": code[d.gemeente_id], "inwoners": d.inwoners, "bijdrage": d.bijdrage.quantize(CENT)})
    orgaan_docs = {}
    for o in organen.values():
        if o.regeling_id is not None:
            orgaan_docs[o.id] = {"slug": o.slug, "naam": o.naam, "soort": o.soort.value}
            if o.vergaderdag is not None:
                orgaan_docs[o.id]["vergaderdag"] = WEEKDAGEN[o.vergaderdag]
            if o.aanvang is not None:
                orgaan_docs[o.id]["aanvang"] = f"{o.aanvang:%H:%M}"
            if o.domein is not None:
                orgaan_docs[o.id]["domein"] = o.domein
            regeling_docs[o.regeling_id].setdefault("organen", []).append(orgaan_docs[o.id])
    for lid in leden:
        if lid.persoon_id in personen:
            orgaan_docs[lid.orgaan_id].setdefault("leden", []).append(_lid(lid, personen[lid.persoon_id], code,
                                                                           fractie_naam))

    meeting_key: dict[int, str] = {}  # the exported meetings, by the id the file gives them
    for v in meetings:
        ids = bodies.get(v.id, [])
        if not ids or any(i not in organen for i in ids):
            continue  # a body outside the export (or none left): the file could not name it
        meeting_key[v.id] = v.sleutel or f"vergadering-{v.id}"
        meeting_bodies = [organen[i] for i in ids]
        owners = {o.gemeente_id for o in meeting_bodies}
        if len(owners) == 1 and None not in owners:  # one gemeente's own calendar: local slugs
            (gemeente_id,) = owners
            slugs = ["raad" if o.id == raad.get(gemeente_id) else o.slug.removeprefix(prefix[gemeente_id])
                     for o in meeting_bodies]
            target = gemeente_docs[gemeente_id]
        else:  # a joint meeting: under a regeling, with full slugs
            owner = min((o.regeling_id for o in meeting_bodies if o.regeling_id is not None), default=None,
                        key=lambda i: regeling_docs[i]["slug"])
            if owner is None and not regeling_docs:
                raise Invalid(f"Vergadering {v.id} is van organen van meer gemeenten zonder regeling; het "
                              "importformaat kan haar alleen onder een regeling noemen. Exporteer met de regeling.")
            target = regeling_docs[owner] if owner is not None else next(iter(regeling_docs.values()))
            slugs = [o.slug for o in meeting_bodies]
        target.setdefault("vergaderingen", []).append(_meeting(v, sorted(slugs), agenda.get(v.id, [])))

    deelnemers = {(d.regeling_id, d.gemeente_id) for d in deelnames}
    zonder: dict[int, list[str]] = {}
    regeling_of = {v.id: v.regeling_id for v in voorstellen}
    for a in afmeldingen:
        if (regeling_of.get(a.voorstel_id), a.gemeente_id) in deelnemers:  # only a deelnemer can opt out
            zonder.setdefault(a.voorstel_id, []).append(code[a.gemeente_id])
    behandeld: dict[int, list[dict]] = {}
    seen: set[tuple] = set()
    for b in behandelingen:
        key = (b.voorstel_id, b.orgaan_id, b.rol)
        if b.orgaan_id not in organen or key in seen:
            continue  # a body outside the export, or a second one the format cannot tell apart
        item = {"orgaan": organen[b.orgaan_id].slug, "rol": b.rol.value}
        if b.vergadering_id is not None:
            if b.vergadering_id not in meeting_key or b.orgaan_id not in bodies.get(b.vergadering_id, []):
                continue  # its meeting is not in the file (or the body does not sit in it)
            item["vergadering"] = meeting_key[b.vergadering_id]
        seen.add(key)
        behandeld.setdefault(b.voorstel_id, []).append(item)
    for v in voorstellen:
        regeling_docs[v.regeling_id].setdefault("voorstellen", []).append(
            _voorstel(v, sorted(zonder.get(v.id, [])), behandeld.get(v.id, [])))

    personen_docs = []
    for p in personen.values():
        doc: dict[str, Any] = {"id": p.sleutel, "naam": p.naam}
        if p.gemeente_id in code:
            doc["gemeente"] = code[p.gemeente_id]
            if p.fractie_id in fractie_naam:
                doc["fractie"] = fractie_naam[p.fractie_id]
        personen_docs.append(doc)

    document: dict[str, Any] = {}
    if (gemeenten or regelingen) and all(row.demo for row in [*gemeenten, *regelingen]):
        document["demo"] = True
    document.update(gemeenten=list(gemeente_docs.values()), personen=personen_docs,
                    regelingen=list(regeling_docs.values()))
    return document


def _gemeente(g: Gemeente) -> dict:
    doc: dict[str, Any] = {"code": g.code, "naam": g.naam, "slug": g.slug, "provincie": g.provincie,
                           "inwoners": g.inwoners}
    if g.vergaderdag is not None:
        doc["vergaderdag"] = WEEKDAGEN[g.vergaderdag]
    planning = {name: getattr(g, name) for name, default in PLANNING_DEFAULTS.items() if getattr(g, name) != default}
    if "aanvang" in planning:
        planning["aanvang"] = f"{g.aanvang:%H:%M}"
    if planning:
        doc["planning"] = planning
    return doc | {"fracties": [], "reces": []}  # reces always: the file's list is the whole set of recesses


def _lid(lid: Lidmaatschap, persoon: Persoon, code: dict[int, str], fractie_naam: dict[int, str]) -> dict:
    """A membership, leaving out what the import derives from the persoon."""
    doc: dict[str, Any] = {"persoon": persoon.sleutel}
    if lid.rol != Rol.lid:
        doc["rol"] = lid.rol.value
    if lid.stemgewicht != 1:
        doc["stemgewicht"] = lid.stemgewicht.normalize()
    if lid.start is not None:
        doc["van"] = lid.start
    if lid.einde is not None:
        doc["tot"] = lid.einde
    if lid.gemeente_id != persoon.gemeente_id and lid.gemeente_id in code:
        doc["gemeente"] = code[lid.gemeente_id]
    own_fractie = persoon.fractie_id if lid.gemeente_id == persoon.gemeente_id else None
    if lid.fractie_id != own_fractie and lid.fractie_id in fractie_naam:
        doc["fractie"] = fractie_naam[lid.fractie_id]
    return doc


def _voorstel(v: Voorstel, zonder: list[str], behandelingen: list[dict]) -> dict:
    doc: dict[str, Any] = {"id": v.sleutel or f"voorstel-{v.id}", "titel": v.titel}
    if v.soort != VoorstelSoort.overig:
        doc["soort"] = v.soort.value
    for key in ("domein", "beschikbaar", "uiterlijk", "toelichting"):
        if getattr(v, key) is not None:
            doc[key] = getattr(v, key)
    if zonder:
        doc["zonder"] = zonder
    if behandelingen:
        doc["behandelingen"] = behandelingen
    return doc


def _meeting(v: Vergadering, slugs: list[str], punten: Iterable[Agendapunt]) -> dict:
    doc: dict[str, Any] = {"id": v.sleutel or f"vergadering-{v.id}"}
    doc.update({"orgaan": slugs[0]} if len(slugs) == 1 else {"organen": slugs})
    if v.naam is not None:
        doc["naam"] = v.naam
    doc.update(start=v.start.astimezone(TZ).isoformat(), einde=v.einde.astimezone(TZ).isoformat())
    for key, value, default in (("locatie", v.locatie, None), ("online", v.online_url, None),
                                ("openbaar", v.openbaar, True), ("status", v.status.value, Status.gepland.value)):
        if value != default:
            doc[key] = value
    if v.breedtegraad is not None:
        doc["geo"] = [v.breedtegraad, v.lengtegraad]
    items = []
    for punt in punten:
        item: dict[str, Any] = {"nummer": punt.nummer} if punt.nummer is not None else {}
        item["titel"] = punt.titel
        if not punt.openbaar:
            item["openbaar"] = False
        items.append(item)
    if items:
        doc["agenda"] = items
    return doc


# --- text ----------------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    text = format(value, "f")  # exact: the import reads it back as the same Decimal
    return dumper.represent_scalar("tag:yaml.org,2002:" + ("float" if "." in text else "int"), text)


_Dumper.add_representer(Decimal, _decimal)


def dumps(document: dict, *, json_format: bool = False) -> str:
    """The document as YAML (or JSON) text, ready for `tussenruimte import`."""
    if json_format:
        return json.dumps(document, ensure_ascii=False, indent=2,
                          default=lambda v: float(v) if isinstance(v, Decimal) else v.isoformat()) + "\n"
    return yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
