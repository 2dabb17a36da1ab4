"""Helpers shared by CLI commands: opening projects, acting person, JSON output."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path

from hmfield.core.context import ServiceContext
from hmfield.core.identity import load_identity
from hmfield.core.project.service import actor_for, open_project


class UsageError(Exception):
    """Wrong use of the command line (exit 2)."""


@contextmanager
def project(
    path: str, *, write: bool = False, by: str | None = None, backup: str | None = None, lock=None
):
    """Open a project for one command. Read-only commands never write to the file.
    ``lock``: the project's lock, taken already (an import takes it before reading a file)."""
    actor = actor_for(load_identity(), by)
    ctx: ServiceContext = open_project(
        Path(path), readonly=not write, actor=actor, backup_reason=backup, lock=lock
    )
    for notice in ctx.store.notices:  # e.g. a stale lock cleared on the way in
        sys.stderr.write(f"hmfield: note: {notice}\n")
    try:
        yield ctx
    finally:
        ctx.store.close()


def print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def add_by(parser) -> None:
    parser.add_argument(
        "--by", metavar="NAME", help="who makes the change (default: this install's engineer)"
    )
