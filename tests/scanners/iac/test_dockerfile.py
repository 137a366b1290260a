"""Dockerfile instructions: continuation lines, comments inside them, heredocs, the escape
directive, and the physical line of every part of an instruction."""

from __future__ import annotations

from vigil.scanners.iac.dockerfile import instructions

TEXT = """\
# syntax=docker/dockerfile:1
FROM python:3.12-slim AS base

RUN apt-get update \\
    # a comment inside the instruction
    && apt-get install -y curl \\
    && rm -rf /var/lib/apt/lists/*
RUN <<EOF
set -e
echo building
EOF
COPY <<-CONF /etc/app.conf
\tkey=value
\tCONF
CMD ["python"]
"""


def test_instructions_and_their_lines() -> None:
    steps = list(instructions(TEXT))
    assert [(s.line, s.keyword) for s in steps] == [
        (2, "FROM"),
        (4, "RUN"),
        (8, "RUN"),
        (12, "COPY"),
        (15, "CMD"),
    ]
    run = steps[1]
    assert " ".join(run.args.split()) == (
        "apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*"
    )
    assert run.line_at(run.args.index("apt-get install")) == 6
    assert run.line_at(run.args.index("rm -rf")) == 7
    heredoc = steps[2]
    assert heredoc.args == "<<EOF\nset -e\necho building"
    assert heredoc.line_at(heredoc.args.index("echo")) == 10
    assert steps[3].args == "<<-CONF /etc/app.conf\n\tkey=value"


def test_escape_directive_and_tabs() -> None:
    text = "# escape=`\nFROM\tmcr.microsoft.com/windows:ltsc2022\nRUN dir `\n  C:\\\n"
    steps = list(instructions(text))
    assert [(s.keyword, s.args) for s in steps] == [
        ("FROM", "mcr.microsoft.com/windows:ltsc2022"),
        ("RUN", "dir  C:\\"),
    ]


def test_an_unterminated_instruction_or_heredoc_ends_with_the_file() -> None:
    assert [s.args for s in instructions("RUN echo \\\n")] == ["echo"]
    assert [s.args for s in instructions("RUN <<EOF\necho hi\n")] == ["<<EOF\necho hi"]
