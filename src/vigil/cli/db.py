"""``vigil db``: the offline OSV advisory database (import OSV data, show what it holds).

Only Typer is imported at module level; the advisory stage is imported inside each command so
``vigil --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

db_app = typer.Typer(
    help="The offline OSV advisory database the dependency scanners match against.",
    no_args_is_help=True,
)

AdvisoryDb = Annotated[
    Path | None,
    typer.Option(
        "--database",
        envvar="VIGIL_ADVISORY_DB",
        show_envvar=True,
        help="Advisory database file (default: advisories.sqlite3 in the user data dir).",
    ),
]


@db_app.command("import")
def import_(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="OSV records: folders (searched recursively for .json/.yaml), single record "
            "files, or OSV export zips such as PyPI/all.zip."
        ),
    ],
    database: AdvisoryDb = None,
) -> None:
    """Import OSV advisories in one transaction: a bad record leaves the database unchanged."""
    from vigil.cli.main import _guard

    _guard(lambda: _import(paths, database))


def _import(paths: list[Path], database: Path | None) -> int:
    import sys

    from vigil.advisories.database import AdvisoryDatabase

    with AdvisoryDatabase.open(database) as db:
        stats = db.import_paths(paths)
        total = db.status().advisories
    print(
        f"vigil: read {stats.files} records: {stats.stored} stored, {stats.unchanged} older "
        f"copies skipped, {stats.withdrawn} withdrawn; {total} advisories in {db.path}",
        file=sys.stderr,
    )
    return 0


@db_app.command("update")
def update_(
    ecosystem: Annotated[
        list[str] | None,
        typer.Option(
            "--ecosystem",
            "-e",
            envvar="VIGIL_OSV_ECOSYSTEMS",
            help="OSV ecosystem to fetch (repeatable; default: PyPI, npm, Go, crates.io, "
            "Maven, RubyGems, Packagist).",
        ),
    ] = None,
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            envvar="VIGIL_OSV_URL",
            show_envvar=True,
            help="Base URL of the OSV exports (<url>/<ecosystem>/all.zip); default: OSV's bucket.",
        ),
    ] = None,
    database: AdvisoryDb = None,
) -> None:
    """Download the OSV exports that changed and swap in the updated database atomically."""
    from vigil.cli.main import _guard

    _guard(lambda: _update(ecosystem or [], url, database))


def _update(ecosystems: list[str], url: str | None, database: Path | None) -> int:
    import sys

    from vigil.advisories.update import DEFAULT_ECOSYSTEMS, update

    result = update(database, ecosystems or DEFAULT_ECOSYSTEMS, base_url=url)
    stats = result.stats
    print(
        f"vigil: {len(result.changed)} exports changed ({', '.join(result.changed) or 'none'}), "
        f"{len(result.unchanged)} unchanged; {stats.stored} records stored, "
        f"{stats.withdrawn} withdrawn",
        file=sys.stderr,
    )
    return 0


@db_app.command("status")
def status(
    output_format: Annotated[
        str, typer.Option("--format", "-f", envvar="VIGIL_FORMAT", help="text or json.")
    ] = "text",
    database: AdvisoryDb = None,
) -> None:
    """Show the ecosystems, advisory counts and age of the advisory database."""
    from vigil.cli.main import _guard

    _guard(lambda: _status(output_format, database))


def _status(output_format: str, database: Path | None) -> int:
    import orjson

    from vigil.advisories.database import AdvisoryDatabase
    from vigil.errors import UsageError

    if output_format not in ("text", "json"):
        raise UsageError(f"unknown format {output_format!r}: use text or json")
    with AdvisoryDatabase.open(database) as db:
        st = db.status()
    imported = st.imported_at.isoformat() if st.imported_at else None
    if output_format == "json":
        doc = {
            "path": str(st.path),
            "advisories": st.advisories,
            "ecosystems": st.ecosystems,
            "imported_at": imported,
            "age_seconds": st.age_seconds,
        }
        print(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode())
        return 0
    print(f"database:   {st.path}")
    print(f"advisories: {st.advisories}")
    if st.age_seconds is None:
        print("imported:   never (run 'vigil db import PATH')")
    else:
        print(f"imported:   {imported} ({_age(st.age_seconds)} ago)")
    for ecosystem, count in st.ecosystems.items():
        print(f"  {ecosystem:<20} {count:>7}")
    return 0


def _age(seconds: float) -> str:
    """A rough human age: what an operator needs to see that the data has gone stale."""
    if seconds < 3600:
        return f"{int(seconds // 60)} min"
    if seconds < 2 * 86400:
        return f"{int(seconds // 3600)} h"
    return f"{int(seconds // 86400)} days"
