"""Rows to OParl 1.1 objects: pure functions, no database, no request.

Every object's ``id`` is an absolute URL built from the portal's ``base_url`` and a database id (never a
name that can change), so an id stays the same across requests and releases. The caller loads the related
rows in batches (app.oparl.queries) and hands them in; nothing here runs a query.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from app.gemeenten.models import Fractie, Gemeente, Persoon
from app.organen.models import SOORT_LABELS, Lidmaatschap, Orgaan, Rol
from app.regelingen.models import VORM_LABELS, Regeling
from app.vergaderingen.models import STATUS_LABELS, Agendapunt, Status, Vergadering
from app.voorstellen.models import Behandeling, BehandelingRol, Document, Uitkomst, Voorstel, VoorstelSoort

OPARL_VERSION = "https://schema.oparl.org/1.1/"
PREFIX = "/oparl/v1"


def oparl_type(name: str) -> str:
    return f"https://schema.oparl.org/1.1/{name}"


# Labels as the OParl consumer reads them (the API speaks Dutch, like the rest of the open data).
ROL_LABELS = {
    Rol.voorzitter: "Voorzitter",
    Rol.vicevoorzitter: "Vicevoorzitter",
    Rol.lid: "Lid",
    Rol.plaatsvervangend_lid: "Plaatsvervangend lid",
    Rol.secretaris: "Secretaris",
}
BEHANDELING_ROL_LABELS = {
    BehandelingRol.advies: "Advies",
    BehandelingRol.zienswijze: "Zienswijze",
    BehandelingRol.besluit: "Besluit",
    BehandelingRol.informatie: "Ter informatie",
}
UITKOMST_LABELS = {
    Uitkomst.zienswijze: "Zienswijze ingediend",
    Uitkomst.geen_zienswijze: "Geen zienswijze",
    Uitkomst.afgezien: "Afgezien van behandeling",
    Uitkomst.aangenomen: "Aangenomen",
    Uitkomst.verworpen: "Verworpen",
    Uitkomst.geamendeerd: "Geamendeerd aangenomen",
    Uitkomst.advies: "Advies gegeven",
}
PAPER_TYPE_LABELS = {
    VoorstelSoort.kadernota: "Kadernota",
    VoorstelSoort.begroting: "Begroting",
    VoorstelSoort.begrotingswijziging: "Begrotingswijziging",
    VoorstelSoort.jaarrekening: "Jaarrekening",
    VoorstelSoort.wijziging_regeling: "Wijziging van de regeling",
    VoorstelSoort.overig: "Voorstel",
}


@dataclass(frozen=True)
class BodyKey:
    """A Body is a gemeente or a regeling; its key in URLs is ``gemeente-<id>`` or ``regeling-<id>``."""

    kind: str  # "gemeente" | "regeling"
    id: int

    def __str__(self) -> str:
        return f"{self.kind}-{self.id}"

    @classmethod
    def parse(cls, key: str) -> "BodyKey | None":
        kind, _, number = key.partition("-")
        if kind not in ("gemeente", "regeling") or not (number.isascii() and number.isdigit()) or len(number) > 12:
            return None
        return cls(kind, int(number))

    @classmethod
    def of_orgaan(cls, orgaan: Orgaan) -> "BodyKey":
        return cls("gemeente", orgaan.gemeente_id) if orgaan.gemeente_id is not None else cls(
            "regeling", orgaan.regeling_id)


class Urls:
    """The absolute URL of every OParl object and list."""

    def __init__(self, base_url: str):
        self.root = base_url.rstrip("/") + PREFIX

    def system(self) -> str:
        return f"{self.root}/system"

    def bodies(self) -> str:
        return f"{self.root}/bodies"

    def body(self, key: BodyKey) -> str:
        return f"{self.root}/bodies/{key}"

    def body_list(self, key: BodyKey, name: str) -> str:
        return f"{self.root}/bodies/{key}/{name}"

    def object(self, collection: str, key: object) -> str:
        return f"{self.root}/{collection}/{key}"

    def external_organization(self, listed_under: BodyKey, orgaan_id: int) -> str:
        return f"{self.root}/bodies/{listed_under}/organizations/{orgaan_id}"

    def legislative_term(self, key: BodyKey, year: int) -> str:
        return f"{self.root}/bodies/{key}/legislativeterms/{year}"


def moment(value: datetime | None, tz: tzinfo = UTC) -> str | None:
    """RFC 3339 date-time with its offset, to the second."""
    if value is None:
        return None
    return value.astimezone(tz).replace(microsecond=0).isoformat()


def _dates(row, tz: tzinfo = UTC) -> dict:
    return {"created": moment(row.created_at, tz), "modified": moment(row.modified_at, tz)}


def _clean(obj: dict) -> dict:
    """OParl leaves out what it does not know: no nulls, no empty lists."""
    return {k: v for k, v in obj.items() if v is not None and v != []}


def deleted_stub(object_id: str, type_name: str, row, tz: tzinfo = UTC) -> dict:
    """A deleted object as OParl 1.1 §2.8 wants it: id, type and created kept, modified = the deletion, deleted."""
    when = max(row.modified_at, row.deleted_at) if row.deleted_at else row.modified_at
    return {"id": object_id, "type": oparl_type(type_name), "created": moment(row.created_at, tz),
            "modified": moment(when, tz), "deleted": True}


# --- System, Body, LegislativeTerm -----------------------------------------------------------------------

def system(u: Urls, *, name: str, website: str, license_url: str | None = None) -> dict:
    return _clean({
        "id": u.system(),
        "type": oparl_type("System"),
        "oparlVersion": OPARL_VERSION,
        "body": u.bodies(),
        "name": name,
        "website": website,
        "license": license_url,
    })


BODY_LISTS = {
    "organization": "organizations", "person": "persons", "meeting": "meetings", "paper": "papers",
    "membership": "memberships", "agendaItem": "agendaitems", "consultation": "consultations", "file": "files",
    "locationList": "locations", "legislativeTermList": "legislativeterms",
}


def body(u: Urls, row: Gemeente | Regeling, *, website: str, tz: tzinfo = UTC,
         main_organization: int | None = None) -> dict:
    key = BodyKey("gemeente" if isinstance(row, Gemeente) else "regeling", row.id)
    if isinstance(row, Gemeente):
        classification, keyword = "Gemeente", [row.code, row.provincie]
    else:
        classification, keyword = VORM_LABELS.get(row.vorm, str(row.vorm)), ["Gemeenschappelijke regeling"]
    obj = {
        "id": u.body(key),
        "type": oparl_type("Body"),
        "system": u.system(),
        "name": row.naam,
        "shortName": row.naam,
        "website": website,
        "classification": classification,
        "keyword": keyword,
        **{attr: u.body_list(key, path) for attr, path in BODY_LISTS.items()},
        "legislativeTerm": legislative_terms(u, key, tz=tz),
        "mainOrganization": u.object("organizations", main_organization) if main_organization else None,
        "web": website,
        **_dates(row, tz),
    }
    return _clean(obj)


# Dutch councils sit four years, from the municipal elections (held on the third Wednesday of March in
# these years) to the next ones. There is no table: the terms follow from the law's rhythm.
TERM_YEARS = (2018, 2022, 2026, 2030)


def election_day(year: int) -> date:
    first = date(year, 3, 1)
    first_wednesday = first + timedelta(days=(2 - first.weekday()) % 7)
    return first_wednesday + timedelta(weeks=2)


def legislative_term(u: Urls, key: BodyKey, year: int, tz: tzinfo = UTC) -> dict:
    return {
        "id": u.legislative_term(key, year),
        "type": oparl_type("LegislativeTerm"),
        "body": u.body(key),
        "name": f"Raadsperiode {year}–{year + 4}",
        "startDate": election_day(year).isoformat(),
        "endDate": (election_day(year + 4) - timedelta(days=1)).isoformat(),
    }


def legislative_terms(u: Urls, key: BodyKey, tz: tzinfo = UTC) -> list[dict]:
    return [legislative_term(u, key, year, tz) for year in TERM_YEARS]


# --- Organization, Person, Membership --------------------------------------------------------------------

def organization(u: Urls, row: Orgaan, *, membership_ids: list[int], website: str | None = None,
                 tz: tzinfo = UTC) -> dict:
    return _clean({
        "id": u.object("organizations", row.id),
        "type": oparl_type("Organization"),
        "body": u.body(BodyKey.of_orgaan(row)),
        "name": row.naam,
        "shortName": row.naam,
        "membership": [u.object("memberships", m) for m in membership_ids],
        "organizationType": "Gremium",
        "classification": SOORT_LABELS.get(row.soort, str(row.soort)),
        "website": website,
        "web": website,
        "keyword": [row.domein] if row.domein else None,
        **_dates(row, tz),
    })


def external_organization(u: Urls, row: Orgaan, *, listed_under: BodyKey, membership_ids: list[int],
                          website: str | None = None, tz: tzinfo = UTC) -> dict:
    """An orgaan listed under a Body it does not belong to (the AB of a regeling under a participating gemeente,
    a council under the regeling whose proposals it handles or whose joint meetings it attends): an object of
    that Body of its own, pointing with ``externalBody`` to the Body the orgaan belongs to."""
    obj = organization(u, row, membership_ids=membership_ids, website=website, tz=tz)
    obj["id"] = u.external_organization(listed_under, row.id)
    obj["body"] = u.body(listed_under)
    obj["externalBody"] = u.body(BodyKey.of_orgaan(row))
    return obj


def faction(u: Urls, row: Fractie, tz: tzinfo = UTC) -> dict:
    """A fractie (council party group) as an Organization of its gemeente's Body; ``memberCount`` = its seats."""
    return _clean({
        "id": u.object("fracties", row.id),
        "type": oparl_type("Organization"),
        "body": u.body(BodyKey("gemeente", row.gemeente_id)),
        "name": row.naam,
        "shortName": row.naam,
        "organizationType": "Fraktion",
        "classification": "Fractie",
        "memberCount": row.zetels,
        **_dates(row, tz),
    })


def on_behalf_of(u: Urls, row: Lidmaatschap, councils: dict[int, int]) -> str | None:
    """Whom a member acts for: the council of the gemeente they represent (an AB member sits for a gemeente),
    else their fractie."""
    if row.gemeente_id and row.gemeente_id in councils:
        return u.object("organizations", councils[row.gemeente_id])
    if row.fractie_id:
        return u.object("fracties", row.fractie_id)
    return None


def membership(u: Urls, row: Lidmaatschap, *, on_behalf_of: str | None, tz: tzinfo = UTC) -> dict:
    """``on_behalf_of``: the Organization's id, see ``on_behalf_of()``."""
    return _clean({
        "id": u.object("memberships", row.id),
        "type": oparl_type("Membership"),
        "person": u.object("persons", row.persoon_id),
        "organization": u.object("organizations", row.orgaan_id),
        "role": ROL_LABELS.get(row.rol, str(row.rol)),
        "votingRight": row.stemgewicht > 0 and row.rol not in (Rol.secretaris,),
        "startDate": row.start.isoformat() if row.start else None,
        "endDate": row.einde.isoformat() if row.einde else None,
        "onBehalfOf": on_behalf_of,
        **_dates(row, tz),
    })


def person(u: Urls, row: Persoon, *, memberships: list[dict], tz: tzinfo = UTC) -> dict:
    return _clean({
        "id": u.object("persons", row.id),
        "type": oparl_type("Person"),
        "body": u.body(BodyKey("gemeente", row.gemeente_id)) if row.gemeente_id else None,
        "name": row.naam,
        "membership": memberships,
        **_dates(row, tz),
    })


# --- Meeting, Location, AgendaItem -----------------------------------------------------------------------

def has_location(row: Vergadering) -> bool:
    return bool(row.locatie) or row.breedtegraad is not None


def location(u: Urls, row: Vergadering, *, bodies: list[BodyKey], organen: list[int], tz: tzinfo = UTC) -> dict:
    """One Location per meeting with a place: its ``id`` is the meeting's id, so it is as stable."""
    geojson = None
    if row.breedtegraad is not None and row.lengtegraad is not None:
        geojson = {"type": "Feature", "geometry": {"type": "Point",
                                                   "coordinates": [row.lengtegraad, row.breedtegraad]},
                   "properties": {"name": row.locatie or ""}}
    return _clean({
        "id": u.object("locations", row.id),
        "type": oparl_type("Location"),
        "description": row.locatie,
        "geojson": geojson,
        "bodies": [u.body(k) for k in bodies],
        "organizations": [u.object("organizations", o) for o in organen],
        "meetings": [u.object("meetings", row.id)],
        **_dates(row, tz),
    })


def meeting_name(row: Vergadering, organen_names: list[str]) -> str:
    return row.naam or " en ".join(organen_names) or f"Vergadering {row.id}"


def meeting(u: Urls, row: Vergadering, *, organen: list[int], organen_names: list[str], agenda: list[dict],
            location_obj: dict | None, web: str | None, tz: tzinfo = UTC) -> dict:
    return _clean({
        "id": u.object("meetings", row.id),
        "type": oparl_type("Meeting"),
        "name": meeting_name(row, organen_names),
        "meetingState": STATUS_LABELS.get(row.status, str(row.status)),
        "cancelled": row.status == Status.geannuleerd,
        "start": moment(row.start, tz),
        "end": moment(row.einde, tz),
        "location": location_obj,
        "organization": [u.object("organizations", o) for o in organen],
        "agendaItem": agenda,
        "web": web,
        "keyword": None if row.openbaar else ["besloten"],
        **_dates(row, tz),
    })


def agenda_item(u: Urls, row: Agendapunt, *, consultation: Behandeling | None, tz: tzinfo = UTC) -> dict:
    return _clean({
        "id": u.object("agendaitems", row.id),
        "type": oparl_type("AgendaItem"),
        "meeting": u.object("meetings", row.vergadering_id),
        "number": row.nummer,
        "order": row.volgorde,
        "name": row.titel,
        "public": row.openbaar,
        "consultation": u.object("consultations", consultation.id) if consultation else None,
        "result": UITKOMST_LABELS.get(consultation.uitkomst) if consultation and consultation.uitkomst else None,
        "resolutionText": consultation.tekst if consultation and consultation.tekst else None,
        **_dates(row, tz),
    })


# --- Paper, Consultation, File ---------------------------------------------------------------------------

def consultation(u: Urls, row: Behandeling, tz: tzinfo = UTC) -> dict:
    """``authoritative``: this body decides (the AB's Behandeling with role ``besluit``); the councils advise or
    give their view (zienswijze)."""
    return _clean({
        "id": u.object("consultations", row.id),
        "type": oparl_type("Consultation"),
        "paper": u.object("papers", row.voorstel_id),
        "agendaItem": u.object("agendaitems", row.agendapunt_id) if row.agendapunt_id else None,
        "meeting": u.object("meetings", row.vergadering_id) if row.vergadering_id else None,
        "organization": [u.object("organizations", row.orgaan_id)],
        "authoritative": row.rol == BehandelingRol.besluit,
        "role": BEHANDELING_ROL_LABELS.get(row.rol, str(row.rol)),
        **_dates(row, tz),
    })


def file_name(url: str) -> str | None:
    tail = url.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return tail if tail and "." in tail else None


def file(u: Urls, row: Document, tz: tzinfo = UTC) -> dict:
    return _clean({
        "id": u.object("files", row.id),
        "type": oparl_type("File"),
        "name": row.titel,
        "fileName": file_name(row.url),
        "mimeType": row.mime_type,
        "accessUrl": row.url,
        "paper": [u.object("papers", row.voorstel_id)],
        **_dates(row, tz),
    })


def paper(u: Urls, row: Voorstel, *, consultations: list[dict], files: list[dict], web: str | None,
          tz: tzinfo = UTC) -> dict:
    return _clean({
        "id": u.object("papers", row.id),
        "type": oparl_type("Paper"),
        "body": u.body(BodyKey("regeling", row.regeling_id)),
        "name": row.titel,
        "reference": f"GR-{row.id}",
        "date": row.beschikbaar.isoformat() if row.beschikbaar else None,
        "paperType": PAPER_TYPE_LABELS.get(row.soort, "Voorstel"),
        "mainFile": files[0] if files else None,
        "auxiliaryFile": files[1:],
        "consultation": consultations,
        "web": web,
        "keyword": [row.domein] if row.domein else None,
        **_dates(row, tz),
    })

