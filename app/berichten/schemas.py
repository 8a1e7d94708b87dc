"""The API's view of subscriptions."""

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.berichten.models import Melding
from app.validation import Text


class AbonnementPublic(BaseModel):
    """Een abonnement op de meldingen van één regeling."""

    regeling: str = Field(description="slug van de regeling", examples=["vru"])
    regeling_naam: str = Field(examples=["Veiligheidsregio Utrecht"])
    alle: bool = Field(description="alle soorten meldingen, ook soorten die later bijkomen")
    soorten: list[Melding] = Field(description="de soorten meldingen die u krijgt")


class AbonnementWijziging(BaseModel):
    model_config = ConfigDict(extra="forbid")

    regeling: Text = Field(max_length=80, description="slug van de regeling", examples=["vru"])
    alle: bool = Field(default=False, description="alle soorten, ook soorten die later bijkomen")
    soorten: list[Melding] = Field(default_factory=list, max_length=len(Melding),
                                   description="de soorten meldingen; leeg alleen met alle=true")

    @model_validator(mode="after")
    def _iets_gekozen(self) -> "AbonnementWijziging":
        if not self.alle and not self.soorten:
            raise ValueError("kies ten minste één soort melding (of alle=true), of laat de regeling weg om u af te "
                             "melden")
        return self


class AbonnementenWijzigen(BaseModel):
    """Precies deze abonnementen: een regeling die er niet in staat, wordt opgezegd."""

    model_config = ConfigDict(extra="forbid")

    abonnementen: list[AbonnementWijziging] = Field(max_length=500)

    @model_validator(mode="after")
    def _elke_regeling_eenmaal(self) -> "AbonnementenWijzigen":
        slugs = [a.regeling for a in self.abonnementen]
        if dubbel := sorted({s for s in slugs if slugs.count(s) > 1}):
            raise ValueError(f"elke regeling mag maar één keer voorkomen; dubbel: {', '.join(dubbel)}")
        return self
