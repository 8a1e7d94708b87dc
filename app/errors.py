"""Domain errors. Services raise these; the web layer turns them into a Dutch page or a problem+json."""


class DomainError(Exception):
    status_code = 400
    title = "Ongeldig verzoek"

    def __init__(self, detail: str, *, errors: list[dict] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []


class BadFilter(DomainError):
    """A list asked for with a filter value that does not exist."""

    status_code = 400
    title = "Ongeldig verzoek"


class Invalid(DomainError):
    status_code = 422
    title = "Ongeldige invoer"


class NotAuthenticated(DomainError):
    status_code = 401
    title = "Niet ingelogd"


class Forbidden(DomainError):
    status_code = 403
    title = "Geen toegang"


class NotFound(DomainError):
    status_code = 404
    title = "Niet gevonden"


class Conflict(DomainError):
    status_code = 409
    title = "Conflict"


class TooManyRequests(DomainError):
    status_code = 429
    title = "Te veel pogingen"
