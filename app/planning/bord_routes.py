from fastapi import APIRouter, Depends

from app.validation import reject_nul

router = APIRouter(include_in_schema=False, dependencies=[Depends(reject_nul)])
