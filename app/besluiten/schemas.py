"""The public shape of a decision in the exports (JSON and CSV): one flat row per voorstel, the same fields in both."""

from datetime import date

from pydantic import BaseModel, Field

from app.besluiten.service import BesluitRij
from app.web.urls import page_url


class BesluitPublic(BaseModel):
    """Een voorstel van een regeling aan de raden, met hoe ver de raden zijn en wat het algemeen bestuur besloot."""

    id: int
    url: str = Field(description="de openbare pagina van het voorstel")
    titel: str
    regeling: str = Field(description="slug van de regeling")
    regeling_naam: str
    soort: str = Field(description="kadernota, begroting, begrotingswijziging, jaarrekening, wijziging_regeling of "
                                   "overig")
    fase: str = Field(description="verzonden (bij de raden), besloten of gepubliceerd")
    verzonden_op: date | None = Field(description="dag waarop het voorstel naar de raden ging")
    uiterlijk: date | None = Field(description="uiterste dag voor de zienswijze of het besluit van de raden")
    uiterlijk_bron: str | None = Field(description="waar die termijn vandaan komt (wet of regeling)")
    raden: int = Field(description="aantal deelnemende raden")
    met_uitkomst: int = Field(description="aantal raden met een vastgelegde uitkomst")
    zienswijzen: int = Field(description="aantal raden dat een zienswijze indiende")
    afgemeld: int = Field(description="aantal raden dat zich afmeldde")
    gemeente_status: str | None = Field(
        description="bij een filter op gemeente: de positie van die raad (niet_ontvangen, ontvangen, geagendeerd, "
                    "uitkomst, afgemeld)")
    gemeente_uitkomst: str | None = Field(description="bij een filter op gemeente: de uitkomst in die raad")
    besluit: str | None = Field(description="besluit van het algemeen bestuur: aangenomen, verworpen, geamendeerd")
    besloten_op: date | None
    publicatie: str | None = Field(description="vindplaats in het publicatieblad van de regeling")
    publicatie_url: str | None
    gepubliceerd_op: date | None
    woo_waarschuwing: str | None = Field(
        description="gezet als het besluit na twee weken (Wet open overheid) niet of te laat gepubliceerd is")
    waarschuwingen: list[str] = Field(
        description="wat te laat is of ontbreekt, met de bron: de Woo-termijn, onbeantwoorde zienswijzen, een "
                    "verstreken termijn zonder uitkomst")

    @classmethod
    def build(cls, rij: BesluitRij, base_url: str) -> "BesluitPublic":
        v, r = rij.voorstel, rij.regeling
        return cls(
            id=v.id, url=page_url(base_url, "voorstellen", v.id), titel=v.titel, regeling=r.slug,
            regeling_naam=r.naam, soort=v.soort.value, fase=v.fase.value, verzonden_op=v.beschikbaar,
            uiterlijk=v.uiterlijk, uiterlijk_bron=v.uiterlijk_bron, raden=rij.raden, met_uitkomst=rij.met_uitkomst,
            zienswijzen=rij.zienswijzen, afgemeld=rij.afgemeld,
            gemeente_status=rij.eigen.status if rij.eigen else None,
            gemeente_uitkomst=rij.eigen.uitkomst.value if rij.eigen and rij.eigen.uitkomst else None,
            besluit=v.besluit.value if v.besluit else None, besloten_op=v.besloten_op, publicatie=v.publicatie,
            publicatie_url=v.publicatie_url, gepubliceerd_op=v.gepubliceerd_op,
            woo_waarschuwing=rij.woo.tekst if rij.woo else None,
            waarschuwingen=[f"{w.tekst} ({w.bron})" if w.bron else w.tekst for w in rij.waarschuwingen],
        )


class BesluitenExport(BaseModel):
    """Alle voorstellen die aan de filters voldoen, de laatste eerst."""

    filters: dict[str, str] = Field(description="de gebruikte filters")
    total: int = Field(description="het aantal voorstellen dat aan de filters voldoet (ook als de export afkapt)")
    aantal: int = Field(description="het aantal voorstellen in deze export")
    afgekapt: bool = Field(description="waar als de export niet alle voorstellen bevat (aantal < total)")
    toelichting: str | None = Field(default=None, description="wat er ontbreekt, als de export is afgekapt")
    items: list[BesluitPublic]
