"""Who may do what. Enforced in the services; templates only ask the same questions to hide buttons."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from app.accounts.models import RolSoort, Roltoekenning
from app.errors import Forbidden, NotAuthenticated
from app.organen.models import Orgaan


@dataclass(frozen=True)
class Actor:
    """The person behind a request, with the scope of each role they hold. Anonymous when gebruiker_id is None."""

    gebruiker_id: int | None = None
    email: str | None = None
    naam: str | None = None
    beheerder: bool = False
    griffier_van: frozenset[int] = field(default_factory=frozenset)  # gemeente ids
    secretaris_van: frozenset[int] = field(default_factory=frozenset)  # regeling ids
    persoon_id: int | None = None

    @property
    def authenticated(self) -> bool:
        return self.gebruiker_id is not None

    @classmethod
    def from_roles(cls, *, gebruiker_id: int, email: str, naam: str, persoon_id: int | None,
                   roles: Iterable[Roltoekenning]) -> "Actor":
        roles = list(roles)
        return cls(
            gebruiker_id=gebruiker_id,
            email=email,
            naam=naam,
            persoon_id=persoon_id,
            beheerder=any(r.rol == RolSoort.beheerder for r in roles),
            griffier_van=frozenset(r.gemeente_id for r in roles if r.rol == RolSoort.griffier),
            secretaris_van=frozenset(r.regeling_id for r in roles if r.rol == RolSoort.secretaris),
        )

    def may_manage_orgaan(self, orgaan: Orgaan) -> bool:
        """A griffier manages the bodies of their own gemeente, a secretaris those of their own regeling."""
        if self.beheerder:
            return True
        if orgaan.gemeente_id is not None:
            return orgaan.gemeente_id in self.griffier_van
        return orgaan.regeling_id in self.secretaris_van

    def may_manage_organen(self, organen: Iterable[Orgaan]) -> bool:
        """A (joint) meeting is managed by whoever manages every body that meets in it."""
        organen = list(organen)
        return bool(organen) and all(self.may_manage_orgaan(o) for o in organen)

    @property
    def plans_meetings(self) -> bool:
        return self.beheerder or bool(self.griffier_van) or bool(self.secretaris_van)


ANONYMOUS = Actor()


def require_authenticated(actor: Actor) -> None:
    if not actor.authenticated:
        raise NotAuthenticated("Log in om dit te doen.")


def require_manage_organen(actor: Actor, organen: Iterable[Orgaan]) -> None:
    require_authenticated(actor)
    organen = list(organen)
    if not actor.may_manage_organen(organen):
        namen = ", ".join(o.naam for o in organen if not actor.may_manage_orgaan(o))
        raise Forbidden(f"U mag geen vergaderingen beheren van: {namen}.")
