import httpx
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse

from notes import storage

router = APIRouter(prefix="/files")


@router.get("/{name}")
def download(name: str):
    return FileResponse(storage.attachment_path(name))  # expect: VIGIL-PY-PATH


@router.get("/raw/{name}")
def raw(name: str):
    return storage.read_attachment(name)  # expect: VIGIL-PY-PATH


@router.post("/mirror")
async def mirror(request: Request):
    payload = await request.json()
    async with httpx.AsyncClient() as client:
        fetched = await client.get(payload["url"])  # expect: VIGIL-PY-SSRF
    return {"size": len(fetched.content)}
