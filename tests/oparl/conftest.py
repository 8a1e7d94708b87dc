"""A small region for the OParl tests, and validation against the OParl 1.1 schemas.

The schemas live beside the project (``../shared/oparl-1.1-schema``, CC BY-SA 4.0 by the OParl project): they are
read from there, never copied in. Where that folder is absent the schema tests skip and say why.
"""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache

import jsonschema
import pytest
from sqlmodel import Session, select

from app.config import PROJECT_ROOT
from app.gemeenten.models import Fractie, Gemeente, Persoon
from app.organen.models import Lidmaatschap, Orgaan, Rol
from app.regelingen.models import Regeling
from app.vergaderingen.models import Agendapunt, Status, Vergadering
from app.voorstellen.models import Behandeling, BehandelingRol, Document, Uitkomst, Voorstel, VoorstelFase
from tests import factories

SCHEMA_DIR = PROJECT_ROOT.parent / "shared" / "oparl-1.1-schema"
BASE = "https://tussenruimte.test/oparl/v1"


def _is_url(value) -> bool:
    return not isinstance(value, str) or value.startswith(("https://", "http://"))


def _is_date_time(value) -> bool:
    """RFC 3339: a date, a time and an offset; Python reads it, and the offset is there."""
    if not isinstance(value, str):
        return True
    try:
        return "T" in value and datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def _is_date(value) -> bool:
    if not isinstance(value, str):
        return True
    try:
        date.fromisoformat(value)
        return len(value) == 10
    except ValueError:
        return False


FORMATS = jsonschema.FormatChecker(formats=())
FORMATS.checks("url")(_is_url)
FORMATS.checks("date-time")(_is_date_time)
FORMATS.checks("date")(_is_date)


@cache
def schema(name: str) -> dict:
    path = SCHEMA_DIR / f"{name}.json"
    if not path.exists():
        pytest.skip(f"OParl 1.1-schema's niet gevonden in {SCHEMA_DIR}: schema-validatie overgeslagen")
    return json.loads(path.read_text(encoding="utf-8"))


# Objects the schemas embed by ``"schema": "X.json"`` (a key standard validators ignore): checked here too.
EMBEDDED = {
    "Body": {"legislativeTerm": "LegislativeTerm", "location": "Location"},
    "Meeting": {"location": "Location", "agendaItem": "AgendaItem", "invitation": "File",
                "resultsProtocol": "File", "verbatimProtocol": "File", "auxiliaryFile": "File"},
    "Paper": {"mainFile": "File", "auxiliaryFile": "File", "consultation": "Consultation", "location": "Location"},
    "Person": {"membership": "Membership", "locationObject": "Location", "image": "File"},
    "Organization": {"location": "Location"},
    "AgendaItem": {"resolutionFile": "File", "auxiliaryFile": "File"},
}


def validate(obj: dict, name: str | None = None) -> str:
    """Validate an OParl object (and what it embeds) against its schema; returns the type's name."""
    name = name or obj["type"].rsplit("/", 1)[-1]
    s = schema(name)
    validator_class = jsonschema.validators.validator_for(s, default=jsonschema.Draft4Validator)
    validator_class.check_schema(s)
    validator_class(s, format_checker=FORMATS).validate(obj)
    for attribute, inner in EMBEDDED.get(name, {}).items():
        value = obj.get(attribute)
        for item in value if isinstance(value, list) else [value] if value else []:
            assert item["type"].endswith("/" + inner), (attribute, item["type"])
            validate(item, inner)
    return name


@dataclass
class Regio:
    zeist: Gemeente
    utrecht: Gemeente
    regeling: Regeling
    ab: Orgaan
    raad_zeist: Orgaan
    raad_utrecht: Orgaan
    lid: Persoon
    lidmaatschap: Lidmaatschap
    gezamenlijk: Vergadering  # AB and the Zeist council together, with a place
    geannuleerd: Vergadering
    punt: Agendapunt
    voorstel: Voorstel
    concept: Voorstel
    besluit: Behandeling
    zienswijze: Behandeling
    document: Document
    fractie: Fractie
    raadslid: Lidmaatschap  # J. Jansen in the Zeist council, for the fractie


def bouw_regio(db: Session) -> Regio:
    zeist, utrecht = factories.gemeente(db, "Zeist"), factories.gemeente(db, "Utrecht")
    regeling = factories.regeling(db, deelnemers=[zeist, utrecht], naam="Veiligheidsregio Utrecht")
    ab = db.exec(select(Orgaan).where(Orgaan.regeling_id == regeling.id)).one()
    raad_zeist, raad_utrecht = factories.orgaan_of(db, zeist), factories.orgaan_of(db, utrecht)
    lid = factories.persoon(db, "J. Jansen", gemeente_id=zeist.id)
    lidmaatschap = Lidmaatschap(persoon_id=lid.id, orgaan_id=ab.id, rol=Rol.lid, gemeente_id=zeist.id,
                                stemgewicht=Decimal("2.5"), start=date(2022, 4, 1))
    secretaris = factories.persoon(db, "S. de Secretaris")
    fractie = factories.fractie(db, zeist, "Zeister Belang", zetels=4)
    raadslid = Lidmaatschap(persoon_id=lid.id, orgaan_id=raad_zeist.id, rol=Rol.lid, fractie_id=fractie.id)
    db.add_all([lidmaatschap, raadslid, Lidmaatschap(persoon_id=secretaris.id, orgaan_id=ab.id, rol=Rol.secretaris,
                                                     stemgewicht=Decimal("0"))])
    gezamenlijk = factories.vergadering(db, ab, raad_zeist, naam="Gezamenlijke vergadering", locatie="Stadhuis Zeist",
                                        breedtegraad=52.09, lengtegraad=5.23,
                                        start=datetime(2027, 2, 3, 18, 30, tzinfo=UTC))
    geannuleerd = factories.vergadering(db, raad_utrecht, status=Status.geannuleerd,
                                        start=datetime(2027, 2, 10, 18, 30, tzinfo=UTC))
    punt = Agendapunt(vergadering_id=gezamenlijk.id, volgorde=1, nummer="1", titel="Begroting 2028")
    db.add(punt)
    db.flush()
    voorstel = Voorstel(regeling_id=regeling.id, titel="Begroting 2028", fase=VoorstelFase.verzonden,
                        beschikbaar=date(2027, 1, 5))
    concept = Voorstel(regeling_id=regeling.id, titel="Geheim concept", fase=VoorstelFase.concept)
    db.add_all([voorstel, concept])
    db.flush()
    besluit = Behandeling(voorstel_id=voorstel.id, orgaan_id=ab.id, vergadering_id=gezamenlijk.id,
                          agendapunt_id=punt.id, rol=BehandelingRol.besluit)
    zienswijze = Behandeling(voorstel_id=voorstel.id, orgaan_id=raad_zeist.id, rol=BehandelingRol.zienswijze,
                             uitkomst=Uitkomst.zienswijze, tekst="Wij vragen om soberheid.")
    document = Document(voorstel_id=voorstel.id, titel="Ontwerpbegroting", url="https://example.nl/begroting.pdf")
    db.add_all([besluit, zienswijze, document,
                Document(voorstel_id=concept.id, titel="Concepttekst", url="https://example.nl/concept.pdf")])
    db.flush()
    return Regio(zeist, utrecht, regeling, ab, raad_zeist, raad_utrecht, lid, lidmaatschap, gezamenlijk,
                 geannuleerd, punt, voorstel, concept, besluit, zienswijze, document, fractie, raadslid)


@pytest.fixture
def regio(db) -> Regio:
    return bouw_regio(db)


def body_key(row) -> str:
    return f"{'gemeente' if isinstance(row, Gemeente) else 'regeling'}-{row.id}"


def all_pages(client, url: str) -> list[dict]:
    """Follow links.next to the end; returns every object of the list."""
    data, seen = [], set()
    while url:
        assert url not in seen, f"pagination loops at {url}"
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, response.text
        page = response.json()
        data.extend(page["data"])
        url = page["links"].get("next")
    return data
