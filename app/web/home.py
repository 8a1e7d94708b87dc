"""The home page and the accessibility statement."""

from fastapi import APIRouter, Request

from app.db import utcnow
from app.vergaderingen import service as vergaderingen
from app.web.deps import ActorDep, SessionDep
from app.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request, session: SessionDep, actor: ActorDep):
    komend = vergaderingen.list_meetings(session, van=utcnow(), limit=10)
    return render(request, "home.html", {"title": "Home", "vergaderingen": komend})


@router.get("/toegankelijkheid")
def toegankelijkheid(request: Request, actor: ActorDep):
    return render(request, "toegankelijkheid.html", {
        "title": "Toegankelijkheid",
        "kruimelpad": [("Home", "/"), ("Toegankelijkheid", "/toegankelijkheid")],
    })
