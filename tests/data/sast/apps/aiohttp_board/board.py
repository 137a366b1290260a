"""A message board on aiohttp: handlers take a web.Request, no decorator framework vigil
knows by name."""

import subprocess

from aiohttp import web


async def fetch_messages(db, author):
    async with db.acquire() as conn:
        return await conn.fetch(f"SELECT body FROM messages WHERE author = '{author}'")


async def messages(request: web.Request) -> web.Response:
    author = request.query.get("author", "")
    rows = await request.app["db"].fetch("SELECT body FROM messages WHERE author = $1", author)
    return web.json_response([r["body"] for r in rows])


async def archive(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    subprocess.run("tar czf /tmp/" + name + ".tgz /srv/board", shell=True)  # expect: VIGIL-PY-CMDI
    return web.Response(text="archived")


def setup(app: web.Application) -> None:
    app.router.add_get("/messages", messages)
    app.router.add_post("/archive/{name}", archive)
