"""The home page and the accessibility statement."""

from fastapi import APIRouter, Depends, Request

from app.db import utcnow
from app.i18n import _
from app.validation import reject_nul
from app.vergaderingen import service as vergaderingen
from app.web.deps import ActorDep, SessionDep
from app.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(reject_nul)])


@router.get("/")
def home(request: Request, session: SessionDep, actor: ActorDep):
    komend = vergaderingen.list_meetings(session, van=utcnow(), limit=10)
    return render(request, "home.html", {"title": _("Home"), "vergaderingen": komend})


@router.get("/toegankelijkheid")
def toegankelijkheid(request: Request, actor: ActorDep):
    return render(request, "toegankelijkheid.html", {
        "title": _("Toegankelijkheid"),
        "kruimelpad": [(_("Home"), "/"), (_("Toegankelijkheid"), "/toegankelijkheid")],
    })
