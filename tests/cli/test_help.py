"""Every option of every command can also be set from a VIGIL_* environment variable."""

from __future__ import annotations

from typing import Any

import typer

from vigil.cli.main import app


def _commands(group: Any, prefix: str = "") -> list[tuple[str, Any]]:
    found = []
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            found += _commands(command, f"{prefix}{name} ")
        else:
            found.append((prefix + name, command))
    return found


def test_every_option_reads_a_vigil_variable() -> None:
    root = typer.main.get_command(app)
    missing = [
        f"{name} {param.opts[0]}"
        for name, command in _commands(root)
        for param in command.params
        if param.param_type_name == "option"
        and param.opts[0] != "--help"
        and not (isinstance(param.envvar, str) and param.envvar.startswith("VIGIL_"))
    ]
    assert missing == []


def test_help_lists_the_commands() -> None:
    root = typer.main.get_command(app)
    assert set(root.commands) == {  # type: ignore[attr-defined]
        "import",
        "findings",
        "db",
        "scan",
        "sbom",
        "triage",
        "gate",
        "report",
    }
