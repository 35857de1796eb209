"""``patentnav serve``: the API, SPARQL endpoint and views on one port."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

import typer
from rich.console import Console

from patentnav.commands.common import StoreOption, fail, open_cli_store, resolve_store_url


def serve(
    store: StoreOption = None,
    host: Annotated[str | None, typer.Option(help="Address to bind (default 127.0.0.1 = this machine only).")] = None,
    port: Annotated[int | None, typer.Option(min=1, max=65535, help="Port to listen on (default 8000).")] = None,
) -> None:
    """Serve the API, the SPARQL endpoint and UI, and the graph views.

    An empty store is seeded with the bundled Hunan pilot graph; a store with data is reused as it is.
    """
    import uvicorn

    from patentnav.api.main import create_app
    from patentnav.settings import get_settings

    settings = get_settings().model_copy(update={"store": resolve_store_url(store)})
    if host:
        settings.host = host
    if port:
        settings.port = port
    s = open_cli_store(settings.store)
    app = create_app(settings, store=s)
    base = f"http://{settings.host}:{settings.port}"
    console = Console(soft_wrap=True)
    console.print(f"patentnav serving store [bold]{settings.store}[/] ({len(s)} triples)")
    # Each URL ends at whitespace (nothing glued to it) and are ASCII, so terminals
    # link them whole and curl can send them as printed.
    console.print(f"  API docs:      {base}/docs", highlight=False)
    console.print(
        f"  SPARQL UI:     {base}/sparql   (query page in a browser, endpoint for SPARQL clients)", highlight=False
    )
    console.print(f"  Overview view: {base}/views/overview", highlight=False)
    console.print(f"  Search:        {base}/search?q={quote('工程机械')}   (q=工程机械)", highlight=False)
    try:
        # uvicorn rewrites the peer from X-Forwarded-For/-Proto only for the proxies the app trusts too
        # (none by default), so one setting decides who a client is.
        uvicorn.run(
            app,
            host=settings.host,
            port=settings.port,
            log_level="info",
            proxy_headers=bool(settings.trusted_proxies),
            forwarded_allow_ips=list(settings.trusted_proxies) or None,
        )
    except OSError as exc:
        fail(f"cannot listen on {settings.host}:{settings.port}: {exc}")


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Serve")(serve)
