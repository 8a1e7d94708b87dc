"""The calendar pages: a month (``/kalender?maand=2026-12``) and a week (``/kalender/week?week=2026-W49``) of
meetings, narrowed to a gemeente, regeling or orgaan like the list of meetings.

Each page runs a fixed number of queries whatever the number of meetings: the filter lookups, the two lists
of the filter form, and one list query of the meetings in the shown days (with their bodies in one more).
"""

from datetime import date, timedelta

from fastapi import APIRouter, Depends, Request

from app.db import utcnow
from app.errors import Invalid
from app.feeds.announce import filter_feed
from app.gemeenten import service as gemeenten
from app.i18n import _
from app.kalender import raster
from app.regelingen import service as regelingen
from app.validation import reject_nul
from app.vergaderingen import service as vergaderingen
from app.web.deps import ActorDep, SessionDep
from app.web.templating import Zoek, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(reject_nul)])

# More than any real month holds (a busy region has some tens of meetings a week); past it the page says so.
MAX_VERGADERINGEN = 500


def _vandaag(request: Request) -> date:
    return utcnow().astimezone(request.app.state.settings.tz).date()


def _maand(waarde: str, vandaag: date) -> tuple[int, int]:
    if not waarde.strip():
        return vandaag.year, vandaag.month
    try:
        return raster.parse_maand(waarde)
    except raster.OngeldigeWaarde:
        raise Invalid(_("De maand ‘%(waarde)s’ bestaat niet. Schrijf een maand als jaar-maand, bijvoorbeeld "
                        "%(voorbeeld)s.") % {"waarde": waarde[:20], "voorbeeld": raster.maand_van(vandaag)},
                      errors=[{"name": "maand", "reason": "onbekende maand"}]) from None


def _week(waarde: str, vandaag: date) -> tuple[int, int]:
    if not waarde.strip():
        iso = vandaag.isocalendar()
        return iso.year, iso.week
    try:
        return raster.parse_week(waarde)
    except raster.OngeldigeWaarde:
        raise Invalid(_("De week ‘%(waarde)s’ bestaat niet. Schrijf een week als jaar-W-weeknummer, bijvoorbeeld "
                        "%(voorbeeld)s.") % {"waarde": waarde[:20], "voorbeeld": raster.week_van(vandaag)},
                      errors=[{"name": "week", "reason": "onbekende week"}]) from None


def _pagina(request: Request, session, *, soort: str, leeg: raster.Raster, bouw, gemeente: str,
            regeling: str, orgaan: str, vandaag: date, extra: dict):
    """Fill the grid with the meetings of its days and render it (month and week share everything else)."""
    narrowed = vergaderingen.resolve_filter(session, gemeente=gemeente.strip(), regeling=regeling.strip(),
                                            orgaan=orgaan.strip())
    tz = request.app.state.settings.tz
    van, tot = raster.periode_utc(leeg, tz)
    views = vergaderingen.list_meetings(session, **narrowed.query_args(), van=van, tot=tot,
                                        limit=MAX_VERGADERINGEN + 1)
    afgekapt = len(views) > MAX_VERGADERINGEN
    gevuld = bouw(items=views[:MAX_VERGADERINGEN], dag_van=lambda v: v.vergadering.start.astimezone(tz).date())
    alle_gemeenten, _n = gemeenten.list_gemeenten(session, limit=1000)
    alle_regelingen, _n = regelingen.list_regelingen(session, limit=1000)
    filters = {k: v.slug for k, v in (("gemeente", narrowed.gemeente), ("regeling", narrowed.regeling),
                                       ("orgaan", narrowed.orgaan)) if v is not None}
    return render(request, f"kalender/{soort}.html", {
        "kruimelpad": [(_("Home"), "/"), (_("Kalender"), "/kalender")] + ([(_("Week"), "/kalender/week")]
                                                                            if soort == "week" else []),
        **extra, "raster": gevuld, "vandaag": vandaag, "afgekapt": afgekapt, "filters": filters,
        "gemeente": narrowed.gemeente, "regeling": narrowed.regeling, "orgaan": narrowed.orgaan,
        "gemeenten": alle_gemeenten, "regelingen": alle_regelingen,
        "feed": filter_feed(request.app.state.settings.base_url, gemeente=narrowed.gemeente,
                            regeling=narrowed.regeling, orgaan=narrowed.orgaan),
    })


@router.get("/kalender")
def kalender_maand(request: Request, session: SessionDep, actor: ActorDep, maand: Zoek = "", gemeente: Zoek = "",
                   regeling: Zoek = "", orgaan: Zoek = ""):
    vandaag = _vandaag(request)
    jaar, nummer = _maand(maand, vandaag)
    leeg = raster.maand(jaar, nummer, vandaag=vandaag)
    eerste = date(jaar, nummer, 1)
    # The week view from here: this week when today is in the month shown, else the month's first week.
    in_week = vandaag if (vandaag.year, vandaag.month) == (jaar, nummer) else eerste
    extra = {"maand": eerste, "maand_code": raster.maand_code(jaar, nummer), "week_code": raster.week_van(in_week)}
    return _pagina(request, session, soort="maand", leeg=leeg, vandaag=vandaag, extra=extra,
                   bouw=lambda **kw: raster.maand(jaar, nummer, vandaag=vandaag, **kw),
                   gemeente=gemeente, regeling=regeling, orgaan=orgaan)


@router.get("/kalender/week")
def kalender_week(request: Request, session: SessionDep, actor: ActorDep, week: Zoek = "", gemeente: Zoek = "",
                  regeling: Zoek = "", orgaan: Zoek = ""):
    vandaag = _vandaag(request)
    jaar, nummer = _week(week, vandaag)
    leeg = raster.week(jaar, nummer, vandaag=vandaag)
    return _pagina(request, session, soort="week", leeg=leeg, vandaag=vandaag,
                   extra={"week_jaar": jaar, "week_nummer": nummer, "maandag": leeg.eerste, "zondag": leeg.laatste,
                          # the month view from here: the month of the week's Thursday (as ISO weeks count)
                          "maand_code": raster.maand_van(leeg.eerste + timedelta(days=3)),
                          "week_code": raster.week_code(jaar, nummer)},
                   bouw=lambda **kw: raster.week(jaar, nummer, vandaag=vandaag, **kw),
                   gemeente=gemeente, regeling=regeling, orgaan=orgaan)
