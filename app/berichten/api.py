"""JSON API: a person's own subscriptions to notifications."""

from fastapi import APIRouter, Depends, Security
from fastapi.security import HTTPBearer

from app.accounts.authz import require_authenticated
from app.berichten import abonnementen
from app.berichten.models import Melding
from app.berichten.schemas import AbonnementenWijzigen, AbonnementPublic
from app.validation import reject_nul
from app.web.deps import ActorDep, SessionDep, get_actor
from app.web.errors import problems

router = APIRouter(prefix="/mijn/abonnementen", tags=["Meldingen"],
                   dependencies=[Depends(get_actor), Depends(reject_nul)])

bearer = HTTPBearer(auto_error=False, scheme_name="persoonlijk-token",
                    description="Een persoonlijk API-token: `tussenruimte token create --email E`.")


def authenticated(actor: ActorDep) -> None:
    require_authenticated(actor)


INGELOGD = [Security(bearer), Depends(authenticated)]


def _lijst(session, actor) -> list[AbonnementPublic]:
    return [AbonnementPublic(regeling=r.slug, regeling_naam=r.naam, alle=not a.soorten,
                             soorten=abonnementen.soorten(a))
            for r, a in abonnementen.actieve_abonnementen(session, actor=actor)]


@router.get(
    "",
    response_model=list[AbonnementPublic],
    operation_id="mijn_abonnementen",
    summary="Mijn abonnementen op meldingen",
    description="De regelingen waarvan u meldingen per e-mail krijgt, en welke soorten.",
    response_description="Uw abonnementen, op naam van de regeling",
    dependencies=INGELOGD,
    responses=problems(401),
)
def mijn_abonnementen(session: SessionDep, actor: ActorDep) -> list[AbonnementPublic]:
    return _lijst(session, actor)


@router.put(
    "",
    response_model=list[AbonnementPublic],
    operation_id="mijn_abonnementen_vervangen",
    summary="Mijn abonnementen instellen",
    description="Stel in van welke regelingen u welke meldingen krijgt. De lijst vervangt uw abonnementen: een "
                "regeling die er niet in staat, wordt opgezegd; een lege lijst zegt alles op. Soorten: "
                + ", ".join(f"`{m.value}`" for m in Melding) + ".",
    response_description="Uw abonnementen zoals ze nu zijn",
    dependencies=INGELOGD,
    responses=problems(401, 403, 422),
)
def mijn_abonnementen_vervangen(data: AbonnementenWijzigen, session: SessionDep,
                                actor: ActorDep) -> list[AbonnementPublic]:
    abonnementen.vervang(session, actor=actor, keuzes={a.regeling: list(Melding) if a.alle else a.soorten
                                                       for a in data.abonnementen})
    return _lijst(session, actor)
