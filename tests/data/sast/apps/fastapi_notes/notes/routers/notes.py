from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from notes import storage

router = APIRouter(prefix="/notes")


def current_user():
    return "alice"


@router.get("/mine")
def mine(user: str = Depends(current_user)):
    return storage.notes_by_owner(user)


@router.get("/search")
def search(q: str):
    return storage.notes_matching(q)  # expect: VIGIL-PY-SQLI


@router.get("/preview", response_class=HTMLResponse)
def preview(text: str):
    return HTMLResponse(content=f"<div>{text}</div>")  # expect: VIGIL-PY-XSS


@router.get("/echo")
def echo(text: str):
    return {"text": text}


@router.get("/card", response_class=HTMLResponse)
def card(title: str):
    return "<h2>" + title + "</h2>"  # expect: VIGIL-PY-XSS


@router.get("/card/json")
def card_json(title: str):
    return "<h2>" + title + "</h2>"


@router.get("/{note_id}")
def by_id(note_id: int):
    return storage.db().execute(f"SELECT body FROM notes WHERE id = {note_id}").fetchone()
