from fastapi import FastAPI

from notes.routers import files, notes

app = FastAPI()
app.include_router(notes.router)
app.include_router(files.router)
