"""The ``vigil`` command. Thin: parse arguments, call the stages, map errors to exit codes.

Only Typer is imported at start-up so ``vigil --help`` stays fast; every command imports the
stages it needs when it runs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from vigil import __version__
from vigil.cli.db import db_app

app = typer.Typer(
    name="vigil",
    help="Open, local-first DevSecOps: import scanner reports into one deduplicated, tracked "
    "set of findings, gate the pipeline on a policy, and report in the formats CI shows.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
findings_app = typer.Typer(help="List and inspect stored findings.", no_args_is_help=True)
app.add_typer(findings_app, name="findings")
app.add_typer(db_app, name="db")

DEBUG = {"on": False}

Database = Annotated[
    str | None,
    typer.Option(
        "--database",
        envvar="VIGIL_DATABASE_URL",
        show_envvar=True,
        help="SQLAlchemy URL of the store (default: SQLite file in the user data dir).",
    ),
]
Product = Annotated[
    str | None,
    typer.Option(
        "--product",
        "-p",
        envvar="VIGIL_PRODUCT",
        show_envvar=True,
        help="Product (application) the findings belong to.",
    ),
]
Branch = Annotated[
    str | None,
    typer.Option(
        "--branch",
        "-b",
        envvar="VIGIL_BRANCH",
        show_envvar=True,
        help="Branch or environment (default: from the CI, else 'main').",
    ),
]

ParserId = Annotated[
    str | None,
    typer.Option(
        "--tool",
        "-t",
        envvar="VIGIL_TOOL",
        show_envvar=True,
        help="Parser id, instead of sniffing.",
    ),
]
OutputFile = Annotated[
    Path | None,
    typer.Option("--output", "-o", envvar="VIGIL_OUTPUT", help="File to write (default: stdout)."),
]
# Options of the commands that read a source tree (scan, sbom).
SkipVendored = Annotated[
    bool,
    typer.Option(
        "--skip-vendored",
        envvar="VIGIL_SKIP_VENDORED",
        help="Do not read vendor/ and third_party/ trees.",
    ),
]
SkipTests = Annotated[
    bool,
    typer.Option(
        "--skip-tests", envvar="VIGIL_SKIP_TESTS", help="Do not read test and fixture trees."
    ),
]
AdvisoryDb = Annotated[
    Path | None,
    typer.Option(
        "--advisory-db",
        envvar="VIGIL_ADVISORY_DB",
        help="Offline advisory database (default: in the user data dir).",
    ),
]


def _version(value: bool) -> None:
    if value:
        print(f"vigil {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    debug: Annotated[
        bool, typer.Option("--debug", envvar="VIGIL_DEBUG", help="Show tracebacks on errors.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """vigil: scan, decide, manage."""
    DEBUG["on"] = debug


@app.command("import")
def import_(
    reports: Annotated[list[Path], typer.Argument(help="Report files to import.")],
    product: Product = None,
    branch: Branch = None,
    commit: Annotated[
        str | None,
        typer.Option(
            "--commit",
            "-c",
            envvar="VIGIL_COMMIT",
            show_envvar=True,
            help="Commit the reports were made on.",
        ),
    ] = None,
    tool: ParserId = None,
    target: Annotated[
        str,
        typer.Option(
            "--target",
            envvar="VIGIL_TARGET",
            show_envvar=True,
            help="Scan target (image, URL, folder) within the scope.",
        ),
    ] = "",
    partial: Annotated[
        bool,
        typer.Option(
            "--partial",
            envvar="VIGIL_PARTIAL",
            help="Reports cover part of the scope: close nothing that is missing.",
        ),
    ] = False,
    database: Database = None,
) -> None:
    """Import reports: new findings open, missing ones are fixed, returning ones reopen.

    The whole import is one transaction. A summary goes to stderr.
    """
    from vigil.cli import commands

    _guard(
        lambda: commands.import_reports(
            reports,
            product=product,
            branch=branch,
            commit=commit,
            tool=tool,
            target=target,
            partial=partial,
            database=database,
        )
    )


@findings_app.command("list")
def findings_list(
    product: Product = None,
    branch: Branch = None,
    severity: Annotated[
        list[str] | None,
        typer.Option(
            "--severity",
            "-s",
            envvar="VIGIL_SEVERITY",
            help="Only these severities (repeatable), or 'high+' for at least high.",
        ),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            envvar="VIGIL_STATUS",
            help="Only these statuses (repeatable); 'open' for any open one.",
        ),
    ] = None,
    category: Annotated[
        list[str] | None,
        typer.Option(
            "--category",
            envvar="VIGIL_CATEGORY",
            help="sast, sca, secret, iac, container, dast, other.",
        ),
    ] = None,
    tool: Annotated[
        str | None,
        typer.Option("--tool", envvar="VIGIL_TOOL", help="Only findings this tool reported."),
    ] = None,
    new_since: Annotated[
        int | None,
        typer.Option(
            "--new-since",
            envvar="VIGIL_NEW_SINCE",
            help="Only findings first seen in this scan id or later.",
        ),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", envvar="VIGIL_FORMAT", help="table, json or csv.")
    ] = "table",
    limit: Annotated[
        int | None, typer.Option("--limit", envvar="VIGIL_LIMIT", help="At most this many.")
    ] = None,
    database: Database = None,
) -> None:
    """List stored findings, worst first."""
    from vigil.cli import commands

    _guard(
        lambda: commands.list_findings(
            product=product,
            branch=branch,
            severity=severity or [],
            status=status or [],
            category=category or [],
            tool=tool,
            new_since=new_since,
            output_format=output_format,
            limit=limit,
            database=database,
        )
    )


@findings_app.command("show")
def findings_show(
    finding_id: Annotated[int, typer.Argument(help="Finding id (from 'findings list').")],
    output_format: Annotated[
        str, typer.Option("--format", "-f", envvar="VIGIL_FORMAT", help="text or json.")
    ] = "text",
    database: Database = None,
) -> None:
    """Show one finding: every field, its sources and its history."""
    from vigil.cli import commands

    _guard(lambda: commands.show_finding(finding_id, output_format, database))


@app.command()
def triage(
    finding_id: Annotated[int, typer.Argument(help="Finding id.")],
    status: Annotated[
        str,
        typer.Option(
            "--status", envvar="VIGIL_TRIAGE_STATUS", help="confirmed, false-positive or accepted."
        ),
    ],
    reason: Annotated[
        str, typer.Option("--reason", envvar="VIGIL_REASON", help="Why; kept in the history.")
    ],
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            envvar="VIGIL_UNTIL",
            help="For accepted: the date (YYYY-MM-DD) the acceptance lapses.",
        ),
    ] = None,
    actor: Annotated[
        str, typer.Option("--actor", envvar="VIGIL_ACTOR", help="Who decides (default: $USER).")
    ] = "",
    database: Database = None,
) -> None:
    """Record a triage decision; imports keep it."""
    from vigil.cli import commands

    _guard(lambda: commands.triage_finding(finding_id, status, reason, until, actor, database))


@app.command()
def gate(
    reports: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Report files to judge directly (no store needed). Without any, judge the "
            "stored findings of --product/--branch."
        ),
    ] = None,
    policy: Annotated[
        Path | None,
        typer.Option(
            "--policy",
            envvar="VIGIL_POLICY",
            show_envvar=True,
            help="Policy file (YAML or TOML); default: fail on new critical/high, secrets, KEV.",
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            envvar="VIGIL_BASELINE",
            show_envvar=True,
            help="Baseline file (vigil baseline or JSON report): only findings not in it are new.",
        ),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option(
            "--write-baseline",
            envvar="VIGIL_WRITE_BASELINE",
            help="Instead of judging, write the current findings as a baseline file (so "
            "only findings after it count as new) and exit 0.",
        ),
    ] = None,
    tool: ParserId = None,
    product: Product = None,
    branch: Branch = None,
    database: Database = None,
) -> None:
    """Apply a policy: exit 0 pass, 1 policy failed (each violation listed), 2 bad input."""
    from vigil.cli import commands

    _guard(
        lambda: commands.run_gate(
            reports or [],
            policy=policy,
            baseline=baseline,
            write_baseline=write_baseline,
            tool=tool,
            product=product,
            branch=branch,
            database=database,
        )
    )


@app.command()
def report(
    reports: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Report files to render directly. Without any, render the stored findings."
        ),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            envvar="VIGIL_REPORT_FORMAT",
            show_envvar=True,
            help="json, sarif, junit, html, markdown, csv or gitlab.",
        ),
    ] = "html",
    output: OutputFile = None,
    tool: ParserId = None,
    product: Product = None,
    branch: Branch = None,
    include_closed: Annotated[
        bool,
        typer.Option(
            "--all", envvar="VIGIL_ALL", help="Include fixed, false-positive and accepted findings."
        ),
    ] = False,
    database: Database = None,
) -> None:
    """Render findings as SARIF, GitLab, JUnit, HTML, Markdown, CSV or JSON."""
    from vigil.cli import commands

    _guard(
        lambda: commands.render_report(
            reports or [],
            output_format=output_format,
            output=output,
            tool=tool,
            product=product,
            branch=branch,
            include_closed=include_closed,
            database=database,
        )
    )


def _guard(action: object) -> None:
    """Run a command body; VigilErrors become one line on stderr and their exit code."""
    from vigil.errors import VigilError

    try:
        code = action()  # type: ignore[operator]
    except VigilError as exc:
        if DEBUG["on"]:
            raise
        print(f"vigil: error: {exc}", file=sys.stderr)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        print("vigil: interrupted", file=sys.stderr)
        raise typer.Exit(130) from None
    if isinstance(code, int) and code:
        raise typer.Exit(code)


def run() -> None:
    """Console-script entry point."""
    app()


# Commands defined in their own modules register themselves on ``app`` when imported.
from vigil.cli import sbom as _sbom  # noqa: E402, F401
from vigil.cli import scan as _scan  # noqa: E402, F401
