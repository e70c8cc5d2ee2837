"""``dragoman serve``: the HTTP API and the dashboard over a database, read-only."""

from __future__ import annotations

import ipaddress

import click

from . import UsageFailure, cli

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
@click.option(
    "--max-body",
    type=click.IntRange(min=1),
    default=None,
    metavar="BYTES",
    help="Largest POST /api/extract body accepted (default 1000000).",
)
def serve(db: str, host: str, port: int, max_body: int | None) -> None:
    """Serve the HTTP API (/api/…, docs at /docs) and the dashboard (/) over DB, read-only.

    Example: dragoman serve --db dragoman.db --port 8000
    """
    try:
        import uvicorn

        from ..server import DEFAULT_MAX_BODY, create_app
    except ImportError as error:
        raise UsageFailure(f"dragoman serve needs {error.name}: pip install 'dragoman[serve]'") from error

    app = create_app(db, max_body=max_body or DEFAULT_MAX_BODY)
    if not is_loopback(host):
        click.echo(f"Warning: binding {host}; anyone who can reach it can read {db}.", err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(
        f"Serving {db} read-only at http://{shown}:{port}/ (API docs at /docs); Ctrl-C stops.", err=True
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")
