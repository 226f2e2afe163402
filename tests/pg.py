"""A throwaway PostgreSQL server for the store tests, from the machine's own binaries.

``ONNOTICE_TEST_PG_URL`` names a server to use instead. Otherwise the binaries of
Debian's ``postgresql`` package (``scripts/test.sh`` installs it) start a private cluster
on a free loopback port, with fsync off, in a temporary folder removed at the end. initdb
refuses to run as root, so as root the cluster belongs to the ``postgres`` user.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

USER = "onnotice"


def find_bindir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, newest version first."""
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    found = shutil.which("pg_ctl")
    return Path(found).parent if found and Path(found).with_name("initdb").exists() else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(args: list[str], as_postgres: bool) -> None:
    if as_postgres:
        args = ["runuser", "-u", "postgres", "--", *args]
    subprocess.run(args, check=True, capture_output=True, timeout=120)


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield the URL of a running server's ``postgres`` database, stopping it afterwards."""
    given = os.environ.get("ONNOTICE_TEST_PG_URL")
    if given:
        yield given
        return
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError(
            "PostgreSQL binaries not found: run scripts/test.sh (it installs Debian's "
            "postgresql) or set ONNOTICE_TEST_PG_URL to a server the tests may use"
        )
    as_postgres = os.geteuid() == 0
    root = Path(tempfile.mkdtemp(prefix="onnotice-pg-"))
    root.chmod(0o755)
    data, sockets = root / "data", root / "sock"
    sockets.mkdir()
    if as_postgres:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    port = _free_port()
    try:
        _run(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                USER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
                "--locale=C",
            ],
            as_postgres,
        )
        options = (
            f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        _run(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-w",
                "-l",
                str(root / "log"),
                "start",
            ],
            as_postgres,
        )
        try:
            yield f"postgresql+psycopg://{USER}@127.0.0.1:{port}/postgres"
        finally:
            _run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], as_postgres)
    finally:
        shutil.rmtree(root, ignore_errors=True)
