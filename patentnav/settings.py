"""Settings from the environment (prefix ``PATENTNAV_``) with sensible defaults.

>>> Settings(store="memory://").store
'memory://'
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "default_store_url", "get_settings", "xlsx_limits_from"]


def default_store_url() -> str:
    """The embedded store under the user's data directory."""
    return "oxigraph://" + str(Path(user_data_dir("patentnav")) / "store")


class Settings(BaseSettings):
    """Runtime settings; each field can be set as ``PATENTNAV_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="PATENTNAV_", extra="ignore")

    store: str = Field(
        default_factory=default_store_url,
        description="Store URL: oxigraph:///path, memory:// or sparql+http(s)://host/path",
    )
    host: str = Field("127.0.0.1", description="Address the API binds to")
    port: int = Field(8000, ge=1, le=65535, description="Port the API listens on")
    query_timeout: float = Field(30.0, gt=0, description="Seconds a SPARQL query may run on the API")
    max_results: int = Field(10_000, gt=0, description="Rows a SPARQL SELECT on the API may return")
    max_result_bytes: int = Field(20_000_000, gt=0, description="Bytes a SPARQL answer on the API may have")
    max_query_length: int = Field(100_000, gt=0, description="Characters a SPARQL query on the API may have")
    max_body_bytes: int = Field(1_000_000, gt=0, description="Bytes a request body on the API may have")
    max_upload_bytes: int = Field(200_000_000, gt=0, description="Bytes a file upload (/ingest, /graph-store) may have")
    query_workers: int = Field(2, ge=1, le=64, description="Worker processes (or threads) answering SPARQL")
    query_queue_wait: float | None = Field(
        None, gt=0, description="Seconds a SPARQL query may wait for a free worker (unset: twice query_timeout)"
    )
    query_per_client: int = Field(
        0, ge=0, description="SPARQL queries one client may have running or waiting at once (0: no cap; over it: 429)"
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Proxy addresses or networks whose X-Forwarded-For names the client (none: the peer address)",
    )
    ingest_transaction_limit: int = Field(
        50_000, ge=0, description="Quads above which a file is bulk-loaded in parts instead of in one transaction"
    )
    xlsx_max_uncompressed_bytes: int = Field(
        1 << 30, gt=0, description="Bytes an uploaded or ingested XLSX may unpack to (checked from its zip index)"
    )
    xlsx_max_ratio: float = Field(
        100.0, gt=1, description="Compression ratio past which an XLSX part counts as a decompression bomb"
    )
    xls_max_bytes: int = Field(
        256 << 20, gt=0, description="Bytes an uploaded or ingested old Excel .xls may have (checked before parsing)"
    )
    markup_max_bytes: int = Field(
        1 << 30,
        gt=0,
        description="Bytes an uploaded or ingested web page (HTML table) or Excel 2003 XML spreadsheet may have "
        "(checked before parsing)",
    )
    archive_max_bytes: int = Field(
        4 << 30,
        gt=0,
        description="Bytes an uploaded or ingested gzip file or ZIP archive of exports may unpack to, all of it "
        "(checked from the ZIP index, and as it is unpacked)",
    )
    max_update_rows: int = Field(
        100_000,
        gt=0,
        description="Solutions of its WHERE (or triples copied) one SPARQL Update operation may touch; over it: 413",
    )
    shutdown_timeout: float = Field(
        5.0, gt=0, description="Seconds serve lets running requests finish on SIGTERM/SIGINT before it drops them"
    )
    update_token: str | None = Field(None, description="Bearer token that enables SPARQL Update on the API")
    ingest_token: str | None = Field(None, description="Bearer token that enables POST /ingest on the API")
    cors_origins: list[str] = Field(
        default_factory=list, description="Origins allowed by CORS (none by default; '*' allows any, without cookies)"
    )


def xlsx_limits_from(settings: Settings):  # -> patentnav.graph.ingest.tabular.XlsxLimits
    """What an XLSX may unpack to and an XLS, HTML table or XML spreadsheet may weigh, from the settings (the same
    limits for ``patentnav ingest`` and ``POST /ingest``).

    >>> xlsx_limits_from(Settings(store="memory://", xlsx_max_ratio=50)).max_ratio
    50.0
    """
    from patentnav.graph.ingest.tabular import XlsxLimits

    return XlsxLimits(
        max_uncompressed_bytes=settings.xlsx_max_uncompressed_bytes,
        max_ratio=settings.xlsx_max_ratio,
        max_xls_bytes=settings.xls_max_bytes,
        max_markup_bytes=settings.markup_max_bytes,
        max_archive_bytes=settings.archive_max_bytes,
    )


def get_settings() -> Settings:
    """Read the settings from the environment now."""
    return Settings()
