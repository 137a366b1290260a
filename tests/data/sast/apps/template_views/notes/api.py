"""FastAPI pages rendered with Jinja2Templates."""

from fastapi import FastAPI, Request
from fastapi.templating import Jinja2Templates

app = FastAPI()
templates = Jinja2Templates(directory="templates")


@app.get("/notes/preview")
def preview(request: Request, text: str = ""):
    return templates.TemplateResponse(request, "note.html", {"text": text})  # expect: VIGIL-PY-XSS


@app.get("/notes/title")
def title(request: Request, text: str = ""):
    return templates.TemplateResponse("note.html", {"request": request, "title": text})


@app.get("/notes/old-preview")
def old_preview(request: Request, text: str = ""):
    return templates.TemplateResponse("note.html", {"request": request, "text": text})  # expect: VIGIL-PY-XSS
