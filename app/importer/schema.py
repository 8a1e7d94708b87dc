"""The import format: the pydantic models that parse an import file and are the source of its JSON Schema.

Keys are Dutch, as griffiers speak. Docstrings and field descriptions are Dutch too, because they are the
text of the published schema (docs/import-schema.json). Regenerate it with

    python -m app.importer.schema > docs/import-schema.json

These models check structure only (types, patterns, required keys); references between parts of the file
and the database are checked by the service.
"""

import json
import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    PlainValidator,
    UrlConstraints,
    WithJsonSchema,
    model_validator,
)

from app.organen.models import Rol, Soort
from app.regelingen.models import Synchronisatie, Vorm
from app.vergaderingen.models import Status
from app.vergaderingen.schemas import FIRST_YEAR, LAST_YEAR
from app.voorstellen.models import BehandelingRol, VoorstelSoort

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
CODE_PATTERN = r"^GM\d{4}$"
WEEKDAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
TIJD_PATTERN = r"^([01]?\d|2[0-3]):[0-5]\d$"
TERMIJN_PATTERN = r"^[a-z][a-z0-9_]*$"


def _no_number(value):
    # Lax pydantic would read a bare number as seconds since 1970; in a council calendar that is always a typo.
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        raise ValueError("schrijf een datum of tijdstip als tekst, bijvoorbeeld 2027-01-26 of "
                         "2027-01-26T19:30:00+01:00")
    return value


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("tijdstip zonder tijdzone; schrijf bijvoorbeeld 2027-01-26T19:30:00+01:00")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"kies een tijdstip tussen de jaren {FIRST_YEAR} en {LAST_YEAR}")
    return value


Tijdstip = Annotated[
    datetime,
    BeforeValidator(_no_number),
    AfterValidator(_aware),
    Field(description="tijdstip met tijdzone (ISO 8601), bijvoorbeeld 2027-01-26T19:30:00+01:00"),
]
Datum = Annotated[date, BeforeValidator(_no_number)]


def _tijd(value):
    # A clock time as text. YAML would read a bare 19:30 as the number 1170; the reader keeps it as text.
    if not isinstance(value, str):
        raise ValueError('schrijf een tijd als tekst, bijvoorbeeld "19:30"')
    if not re.fullmatch(TIJD_PATTERN, value.strip()):
        raise ValueError(f"‘{value[:40]}’ is geen geldige tijd; schrijf uu:mm, bijvoorbeeld 19:30")
    uur, minuut = value.strip().split(":")
    return time(int(uur), int(minuut))


Tijd = Annotated[
    time,
    BeforeValidator(_tijd),
    WithJsonSchema({"type": "string", "pattern": TIJD_PATTERN}),
    Field(description="tijd van de dag (uu:mm), bijvoorbeeld 19:30"),
]
Weekdag = Literal[WEEKDAGEN]


def _termijn(value):
    # Which terms exist and what they may be is the planner's law (app.planning.pc.Termijnen); here only the kind.
    if isinstance(value, bool) or not isinstance(value, int | str) or (isinstance(value, str) and len(value) > 10):
        raise ValueError("een termijn is een geheel getal (weken of dagen) of een dag als MM-DD, bijvoorbeeld 04-15")
    return value


Termijn = Annotated[
    int | str,
    PlainValidator(_termijn),
    WithJsonSchema({"anyOf": [{"type": "integer"}, {"type": "string", "maxLength": 10}]}),
]
Domein = Annotated[str, Field(min_length=1, max_length=60,
                              description="beleidsdomein, bijvoorbeeld Fysiek, Sociaal of Bestuur & Middelen")]
Gemeentecode = Annotated[str, Field(pattern=CODE_PATTERN, description="CBS-gemeentecode, bijvoorbeeld GM0772")]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80)]
INT_MAX = 2_147_483_647  # the largest INTEGER in PostgreSQL


class _Model(BaseModel):
    # Numbers become text where text is expected: griffiers write `nummer: 1` and `id: 12`.
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True)


class Fractie(_Model):
    """Een fractie in de gemeenteraad. Herkend aan gemeente en naam."""

    naam: str = Field(min_length=1, max_length=120, description="naam van de fractie, zoals in de raad gebruikt")
    zetels: int = Field(ge=0, le=100, description="aantal zetels in de raad")


class Reces(_Model):
    """Een reces van de raad: een periode zonder vergaderingen."""

    naam: str = Field(min_length=1, max_length=80, description="bijvoorbeeld zomerreces")
    van: Datum = Field(description="eerste dag van het reces (JJJJ-MM-DD)")
    tot: Datum = Field(description="laatste dag van het reces (JJJJ-MM-DD), niet voor `van`")

    @model_validator(mode="after")
    def _periode(self):
        if self.tot < self.van:
            raise ValueError("`tot` ligt voor `van`")
        return self


class GemeenteOrgaan(_Model):
    """Een orgaan van de gemeente naast de raad, bijvoorbeeld een raadscommissie.

    De raad zelf bestaat altijd en heeft de lokale slug `raad`; declareer hem niet.
    """

    slug: str = Field(
        pattern=SLUG_PATTERN, max_length=39,
        description="lokale slug binnen de gemeente; de volledige slug wordt `<gemeenteslug>-<slug>`",
    )
    naam: str = Field(min_length=1, max_length=160, description="bijvoorbeeld Commissie Bestuur")
    soort: Soort = Field(default=Soort.commissie, description="soort orgaan; standaard commissie")


class Agendapunt(_Model):
    """Een agendapunt. Herkend aan zijn plaats in de agenda (het eerste punt is 1, het tweede 2, ...)."""

    nummer: str | None = Field(default=None, max_length=20, description="nummer zoals op de agenda, bijvoorbeeld 3a")
    titel: str = Field(min_length=1, max_length=500, description="onderwerp van het agendapunt")
    openbaar: bool = Field(default=True, description="false voor een besloten agendapunt")


class Vergadering(_Model):
    """Een vergadering van één of meer organen: een gezamenlijke vergadering is één vergadering.

    Geef precies één van `orgaan` en `organen`. Onder een gemeente zijn dat lokale slugs (`raad`,
    `commissie-bestuur`); onder een regeling volledige slugs (`mre-ab`, `eindhoven-raad`).
    Noemt een vergadering onder een gemeente met `orgaan` een commissie die de gemeente nog niet heeft,
    met een `naam`, dan wordt die commissie gemaakt en is `naam` haar naam.
    Zonder `id` wordt een vergadering herkend aan haar organen en begintijd; geef een `id` als de
    begintijd later kan veranderen.
    """

    id: str | None = Field(
        default=None, min_length=1, max_length=200,
        description="vaste sleutel van de vergadering, uniek over alle bestanden; `vergadering-<nummer>` "
                    "is een vergadering die in de portal is gemaakt (zoals de export haar noemt)",
    )
    orgaan: str | None = Field(default=None, min_length=1, max_length=120, description="slug van het orgaan")
    organen: list[Annotated[str, Field(min_length=1, max_length=120)]] | None = Field(
        default=None, min_length=1, description="slugs van de organen die samen vergaderen",
    )
    naam: str | None = Field(default=None, max_length=200, description="titel; standaard de naam van het orgaan. "
                                "Bij een nieuwe commissie van een gemeente: de naam van die commissie")
    start: Tijdstip
    einde: Tijdstip
    locatie: str | None = Field(default=None, max_length=300, description="zaal en gebouw")
    geo: tuple[Annotated[float, Field(ge=-90, le=90)], Annotated[float, Field(ge=-180, le=180)]] | None = Field(
        default=None, description="breedte- en lengtegraad van de plaats (WGS 84), bijv. [52.0907, 5.1214]",
    )
    online: Annotated[HttpUrl, UrlConstraints(max_length=500)] | None = Field(
        default=None, description="webadres van de uitzending of online vergadering",
    )
    openbaar: bool = Field(default=True, description="false voor een besloten vergadering")
    status: Status = Field(default=Status.gepland, description="standaard gepland")
    agenda: list[Agendapunt] | None = Field(default=None, description="agendapunten, in volgorde")

    @model_validator(mode="after")
    def _check(self):
        if (self.orgaan is None) == (self.organen is None):
            raise ValueError("geef precies één van `orgaan` en `organen`")
        if self.einde <= self.start:
            raise ValueError("`einde` moet na `start` liggen")
        return self

    @property
    def orgaan_slugs(self) -> list[str]:
        return [self.orgaan] if self.orgaan is not None else list(self.organen or [])


class Planning(_Model):
    """Hoe de griffie plant. Elke sleutel is optioneel: een weggelaten sleutel laat de huidige waarde staan
    (bij een nieuwe gemeente: de standaardwaarde)."""

    aanvang: Tijd = Field(default=time(19, 30), json_schema_extra={"default": "19:30"},
                          description="gewone aanvangstijd van de raad (uu:mm); standaard 19:30")
    duur_minuten: int = Field(default=210, ge=15, le=1440,
                              description="gewone duur van een raadsvergadering in minuten; standaard 210")
    commissie_voor_raad_dagen: int = Field(
        default=14, ge=0, le=120,
        description="een voorstel staat minstens zoveel dagen vóór de raad op een commissieagenda; standaard 14",
    )
    publicatie_dagen: int = Field(
        default=10, ge=0, le=120,
        description="een agenda wordt minstens zoveel dagen vóór de vergadering gepubliceerd; standaard 10",
    )
    max_agendapunten: int = Field(default=12, ge=1, le=200,
                                  description="zoveel agendapunten kan een vergadering hoogstens aan; standaard 12")


class Gemeente(_Model):
    """Een gemeente, met haar fracties, recessen, organen en vergaderingen. Herkend aan de CBS-code."""

    code: str = Field(pattern=CODE_PATTERN, description="CBS-gemeentecode, bijvoorbeeld GM0772")
    naam: str = Field(min_length=1, max_length=120)
    slug: str | None = Field(
        default=None, pattern=SLUG_PATTERN, max_length=80,
        description="deel van de webadressen; standaard afgeleid van de naam. Kan later niet meer veranderen.",
    )
    provincie: str = Field(min_length=1, max_length=40)
    inwoners: int = Field(ge=0, le=INT_MAX, description="aantal inwoners")
    vergaderdag: Weekdag | None = Field(default=None, description="gewone vergaderdag van de raad")
    planning: Planning | None = Field(default=None, description="planregels van de griffie")
    fracties: list[Fractie] = Field(default_factory=list, description="fracties in de raad")
    reces: list[Reces] | None = Field(
        default=None, description="alle recessen van de raad; vervangt de recessen die al bekend zijn",
    )
    organen: list[GemeenteOrgaan] = Field(default_factory=list, description="organen naast de raad")
    vergaderingen: list[Vergadering] = Field(
        default_factory=list, description="vergaderingen van de organen van deze gemeente (lokale slugs)",
    )


class Persoon(_Model):
    """Een persoon, meestal een raadslid. Met een gemeente is de persoon lid van de raad van die gemeente."""

    id: str = Field(min_length=1, max_length=80, description="vaste sleutel van de persoon, uniek over alle bestanden")
    naam: str = Field(min_length=1, max_length=160, description="naam zoals gepubliceerd, bijvoorbeeld A. de Vries")
    gemeente: Gemeentecode | None = Field(default=None, description="gemeente in wier raad de persoon zit")
    fractie: str | None = Field(default=None, max_length=120, description="naam van de fractie in die gemeente")


class Lid(_Model):
    """Lidmaatschap van een orgaan van een regeling. Herkend aan persoon, rol en `van`."""

    persoon: str = Field(min_length=1, max_length=80, description="`id` van de persoon")
    rol: Rol = Field(default=Rol.lid, description="standaard lid")
    stemgewicht: Decimal = Field(default=Decimal("1"), ge=0, max_digits=12, decimal_places=6,
                                 description="gewicht van de stem; standaard 1")
    van: Datum | None = Field(default=None, description="begin van het lidmaatschap")
    tot: Datum | None = Field(default=None, description="einde van het lidmaatschap; leeg = nog lid")
    fractie: str | None = Field(default=None, max_length=120,
                                description="namens welke fractie; standaard de fractie van de persoon")
    gemeente: Gemeentecode | None = Field(default=None,
                                          description="namens welke gemeente; standaard de gemeente van de persoon")

    @model_validator(mode="after")
    def _periode(self):
        if self.van is not None and self.tot is not None and self.tot < self.van:
            raise ValueError("`tot` ligt voor `van`")
        return self


class RegelingOrgaan(_Model):
    """Een orgaan van de regeling, zoals het algemeen bestuur of een raadstafel. Herkend aan de slug."""

    slug: Slug = Field(description="volledige slug, uniek over alle organen, bijvoorbeeld mre-ab")
    naam: str = Field(min_length=1, max_length=160)
    soort: Soort
    vergaderdag: Weekdag | None = Field(default=None, description="gewone vergaderdag van het orgaan")
    aanvang: Tijd | None = Field(default=None, description="gewone aanvangstijd (uu:mm), bijvoorbeeld 19:30")
    domein: Domein | None = Field(default=None, description="beleidsdomein van een carrousel, bijvoorbeeld Fysiek")
    leden: list[Lid] = Field(default_factory=list, description="leden van het orgaan")


class Deelnemer(_Model):
    """Een deelnemende gemeente, met de gewichten die tellen bij stemmen en drempels."""

    gemeente: Gemeentecode
    inwoners: int = Field(ge=0, le=INT_MAX, description="inwoners waarmee de gemeente deelneemt")
    bijdrage: Decimal = Field(default=Decimal("0"), ge=0, max_digits=14, decimal_places=2,
                              description="jaarlijkse bijdrage in euro, hoogstens twee decimalen")


class Behandeling(_Model):
    """Een behandeling van het voorstel door een orgaan, eventueel in een vergadering.

    Herkend aan voorstel, orgaan en rol.
    """

    orgaan: str = Field(min_length=1, max_length=120,
                        description="volledige slug van het orgaan, bijvoorbeeld mre-ab of eindhoven-raad")
    rol: BehandelingRol = Field(description="advies, zienswijze, besluit of informatie")
    vergadering: str | None = Field(
        default=None, min_length=1, max_length=200,
        description="`id` van de vergadering waarin het orgaan het voorstel behandelt (zoals de export haar "
                    "noemt); het orgaan moet in die vergadering vergaderen",
    )


class Voorstel(_Model):
    """Een voorstel of stuk van de regeling aan de raden. Herkend aan zijn `id`."""

    id: str = Field(min_length=1, max_length=200,
                    description="vaste sleutel van het voorstel, uniek over alle bestanden; `voorstel-<nummer>` is "
                                "een voorstel dat in de portal is gemaakt (zoals de export het noemt)")
    titel: str = Field(min_length=1, max_length=300)
    soort: VoorstelSoort = Field(default=VoorstelSoort.overig, description="soort stuk; standaard overig")
    domein: Domein | None = Field(default=None, description="beleidsdomein, voor de carrousel")
    beschikbaar: Datum | None = Field(default=None, description="dag waarop het voorstel naar de raden gaat")
    uiterlijk: Datum | None = Field(
        default=None, description="uiterste dag van behandeling in de raden, bijvoorbeeld het einde van de "
                                  "zienswijzetermijn; niet vóór `beschikbaar`",
    )
    toelichting: str | None = Field(default=None, max_length=10_000)
    zonder: list[Gemeentecode] | None = Field(
        default=None, description="deelnemende gemeenten die zich voor dit voorstel afmelden; vervangt de "
                                  "afmeldingen die al bekend zijn",
    )
    behandelingen: list[Behandeling] | None = Field(default=None, description="behandelingen door organen")

    @model_validator(mode="after")
    def _periode(self):
        if self.beschikbaar is not None and self.uiterlijk is not None and self.uiterlijk < self.beschikbaar:
            raise ValueError("`uiterlijk` ligt voor `beschikbaar`")
        return self


class Regeling(_Model):
    """Een gemeenschappelijke regeling. Herkend aan de slug."""

    slug: Slug = Field(description="deel van de webadressen, bijvoorbeeld mre")
    naam: str = Field(min_length=1, max_length=160)
    vorm: Vorm = Field(description="vorm volgens de Wgr")
    synchronisatie: Synchronisatie = Field(default=Synchronisatie.geen, description="synchronisatiemodel")
    deelnemers: list[Deelnemer] = Field(default_factory=list, description="deelnemende gemeenten")
    organen: list[RegelingOrgaan] = Field(default_factory=list, description="organen van de regeling")
    vergaderingen: list[Vergadering] = Field(
        default_factory=list, description="vergaderingen; organen met hun volledige slug",
    )
    termijnen: dict[Annotated[str, Field(pattern=TERMIJN_PATTERN, max_length=60)], Termijn] | None = Field(
        default=None, description="termijnen die de regeling zelf stelt, strenger dan de wet of als instelling, "
                                  "bijvoorbeeld {ontwerpbegroting_weken: 14, kadernota_voor: 04-15}; vervangt de "
                                  "termijnen die al bekend zijn",
    )
    voorstellen: list[Voorstel] = Field(default_factory=list, description="voorstellen aan de raden")


class ImportDocument(_Model):
    """Importbestand van Tussenruimte: gemeenten, personen en gemeenschappelijke regelingen van een regio.

    Importeren is alles-of-niets en herhaalbaar: hetzelfde bestand twee keer importeren verandert niets,
    een gewijzigd bestand werkt bij en maakt niets dubbel, en wat het bestand niet noemt blijft staan.
    """

    model_config = ConfigDict(
        title="Tussenruimte-importbestand",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    schema_: str | None = Field(default=None, alias="$schema", title="$schema",
                                description="verwijzing naar dit schema, voor editors; wordt genegeerd")
    demo: bool | None = Field(default=None,
                              description="true: alle gemeenten en regelingen in dit bestand zijn demogegevens")
    gemeenten: list[Gemeente] = Field(default_factory=list, description="gemeenten, herkend aan hun CBS-code")
    personen: list[Persoon] = Field(default_factory=list, description="personen, herkend aan hun `id`")
    regelingen: list[Regeling] = Field(default_factory=list, description="regelingen, herkend aan hun slug")


def json_schema_text() -> str:
    """The published schema, byte for byte as committed in docs/import-schema.json."""
    return json.dumps(ImportDocument.model_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(json_schema_text(), end="")
