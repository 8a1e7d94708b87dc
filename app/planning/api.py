"""JSON API of the planner."""

from fastapi import APIRouter, Depends

from app.validation import reject_nul
from app.web.deps import get_actor

router = APIRouter(tags=["Planning"], dependencies=[Depends(get_actor), Depends(reject_nul)])
