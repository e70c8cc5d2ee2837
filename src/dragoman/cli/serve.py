"""``dragoman serve``: the HTTP API and the dashboard over a database, read-only."""

from __future__ import annotations

import ipaddress
import socket

import click

from . import UsageFailure, cli
from .options import count_option

LOOPBACK_NAMES = {"localhost"}


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@cli.command()
@click.option("--db", default="dragoman.db", show_default=True, metavar="PATH", help="The database to serve.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind; the default accepts connections from this machine only.",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to bind.")
@count_option("--max-body", "Largest POST /api/extract body accepted (default 1000000).", metavar="BYTES")
@count_option(
    "--max-words", "Most words of text POST /api/extract reads (default 20000, a few seconds of reading)."
)
@count_option(
    "--extract-workers", "Extractions run at once (default 2); others wait up to 30 s, then get 503.", high=64
)
def serve(
    db: str, host: str, port: int, max_body: int | None, max_words: int | None, extract_workers: int | None
) -> None:
    """Serve the HTTP API (/api/…, docs at /docs) and the dashboard (/) over DB, read-only.

    Example: dragoman serve --db dragoman.db --port 8000
    """
    try:
        import uvicorn

        from ..server import DEFAULT_EXTRACT_WORKERS, DEFAULT_MAX_BODY, DEFAULT_MAX_WORDS, create_app
    except ImportError as error:
        raise UsageFailure(f"dragoman serve needs {error.name}: pip install 'dragoman[serve]'") from error

    app = create_app(
        db,
        max_body=max_body or DEFAULT_MAX_BODY,
        max_words=max_words or DEFAULT_MAX_WORDS,
        extract_workers=extract_workers or DEFAULT_EXTRACT_WORKERS,
    )
    if not is_loopback(host):
        click.echo(f"Warning: binding {host}; anyone who can reach it can read {db}.", err=True)
    listening = bind(host, port)
    port = listening.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    click.echo(
        f"Serving {db} read-only at http://{shown}:{port}/ (API docs at /docs); Ctrl-C stops.", err=True
    )
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    server.run(sockets=[listening])


def bind(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (port 0: one the system picks), or a one-line usage error: the
    address is taken before anything says "Serving"."""
    try:
        family, kind, protocol, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as error:
        raise UsageFailure(
            f"--host {host}: not an address this machine can bind ({error.strerror})"
        ) from None
    listening = socket.socket(family, kind, protocol)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind(address)
    except OSError as error:
        listening.close()
        raise UsageFailure(
            f"--port {port}: cannot listen on {host}:{port} ({error.strerror or error})"
        ) from None
    return listening
