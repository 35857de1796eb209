"""Start a throw-away Virtuoso open-source server on loopback, for tests and benchmarks.

The server is ``virtuoso-t`` with its SQL client ``isql-vt`` (Debian: ``apt-get install
virtuoso-opensource``), found by :func:`find_virtuoso` on ``PATH``, or at
``PATENTNAV_TEST_VIRTUOSO`` (the ``virtuoso-t`` path; the client is looked up beside it as
``isql-vt`` or, in an upstream build's ``bin/``, ``isql``).
The server runs in the foreground with a temporary database directory and a generated
``virtuoso.ini`` on free loopback ports; SPARQL update and the Graph Store Protocol are
opened to the anonymous ``SPARQL`` user (a test database only, never do this on a real
server: there use ``/sparql-auth`` with a password, see the README).

>>> with VirtuosoServer() as v:          # doctest: +SKIP
...     v.store_url
'sparql+http://127.0.0.1:40123/sparql?gsp=/sparql-graph-crud'
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

__all__ = ["INSTALL_HINT", "VirtuosoInstall", "VirtuosoServer", "find_virtuoso", "virtuoso_available"]

INSTALL_HINT = "apt-get install virtuoso-opensource"
ENV_VAR = "PATENTNAV_TEST_VIRTUOSO"
_ISQL_NAMES = ("isql-vt", "isql")  # Debian's name, then an upstream build's (only beside its virtuoso-t)


@dataclass(frozen=True)
class VirtuosoInstall:
    """Where the server and its SQL client are, and the VAD package folders the database may read."""

    server: Path
    isql: Path
    vad_dirs: tuple[Path, ...] = ()


def _executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def find_virtuoso() -> VirtuosoInstall | None:
    """``virtuoso-t`` and ``isql-vt``: at ``$PATENTNAV_TEST_VIRTUOSO`` if set, else on ``PATH``; ``None`` if absent.

    ``PATENTNAV_TEST_VIRTUOSO`` names the server binary; the client must be beside it. Set to a
    path that does not exist, it hides an installed Virtuoso (to try a run without it).
    """
    override = os.environ.get(ENV_VAR)
    if override:
        server = Path(override).expanduser()
        if not _executable(server):
            return None
    else:
        found = shutil.which("virtuoso-t")
        if found is None:
            return None
        server = Path(found)
    beside = [server.parent / name for name in _ISQL_NAMES]
    isql = next((p for p in beside if _executable(p)), None)
    if isql is None and not override:
        found = shutil.which("isql-vt")  # a plain ``isql`` elsewhere on PATH is unixODBC's, not Virtuoso's
        isql = Path(found) if found else None
    if isql is None:
        return None
    prefix = server.resolve().parent.parent
    candidates = (prefix / "share" / "virtuoso-opensource-7" / "vad", prefix / "share" / "virtuoso" / "vad")
    return VirtuosoInstall(server, isql, tuple(d for d in candidates if d.is_dir()))


def virtuoso_available() -> bool:
    """Whether :func:`find_virtuoso` finds the Virtuoso binaries."""
    return find_virtuoso() is not None


# Grants for the anonymous SPARQL user of a throw-away database: update through /sparql
# and write through /sparql-graph-crud (default graph permissions 7 = read+write+list).
_SETUP_SQL = """
GRANT SPARQL_UPDATE TO "SPARQL";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('SPARQL', 7);
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ini(directory: Path, sql_port: int, http_port: int, buffers: int, extra_dirs: str) -> str:
    return f"""[Database]
DatabaseFile = {directory}/virtuoso.db
ErrorLogFile = {directory}/virtuoso.log
LockFile = {directory}/virtuoso.lck
TransactionFile = {directory}/virtuoso.trx
xa_persistent_file = {directory}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {directory}/virtuoso-temp.db
TransactionFile = {directory}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
LiteMode = 0
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 20
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
MaxSortedTopRows = 1000000
CheckpointAuditTrail = 0
AllowOSCalls = 0
SchedulerInterval = 10
DirsAllowed = ., {directory}{extra_dirs}
ThreadCleanupInterval = 0
ThreadThreshold = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize = 100000
SingleCPU = 0
PrefixResultNames = 0
RdfFreeTextRulesSize = 100
IndexTreeMaps = 64
MaxQueryMem = 2G
VectorSize = 1000
MaxVectorSize = 1000000
AdjustVectorSize = 0
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 10
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {buffers * 3 // 4}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {directory}
MaxClientConnections = 20
DavRoot = DAV
EnabledDavVSP = 0
HTTPProxyEnabled = 0
TempASPXDir = 0
ServerThreads = 20
MaxKeepAlives = 20
KeepAliveTimeout = 10
HTTPThreadSize = 280000
HttpPrintWarningsInOutput = 0
Charset = UTF-8
EnabledGzipContent = 0
MaxBody = 200000000

[Client]
SQL_PREFETCH_ROWS = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT = 0
SQL_TXN_TIMEOUT = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 600
DeferInferenceRulesInit = 0
"""


class VirtuosoServer:
    """A Virtuoso server with its own temporary database, started and stopped by this object.

    ``buffers`` is Virtuoso's ``NumberOfBuffers`` (8 KiB pages held in memory): the default
    suits tests; benchmarks raise it (Virtuoso's guide: about 2/3 of free memory).
    ``extra_dirs`` are added to ``DirsAllowed`` so the native bulk loader may read them.
    ``install`` says where Virtuoso is (default: :func:`find_virtuoso` at :meth:`start`).
    """

    def __init__(
        self,
        *,
        buffers: int = 20000,
        startup_timeout: float = 120.0,
        extra_dirs: list[Path] | None = None,
        install: VirtuosoInstall | None = None,
    ) -> None:
        self.install = install
        self.buffers = buffers
        self.extra_dirs = [Path(d).resolve() for d in extra_dirs or []]
        self.startup_timeout = startup_timeout
        self.directory: Path | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.sql_port = 0
        self.http_port = 0

    # The URLs the rest of patentnav uses.
    @property
    def endpoint(self) -> str:
        """The plain SPARQL endpoint (``http://127.0.0.1:PORT/sparql``)."""
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def store_url(self) -> str:
        """A patentnav store URL for this server (updates via /sparql, bulk loads via GSP)."""
        return f"sparql+http://127.0.0.1:{self.http_port}/sparql?gsp=/sparql-graph-crud"

    def start(self) -> VirtuosoServer:
        """Start the server and wait until its SPARQL endpoint answers."""
        self.install = self.install or find_virtuoso()
        if self.install is None:
            raise RuntimeError(f"Virtuoso not found (virtuoso-t, isql-vt on PATH or ${ENV_VAR}): {INSTALL_HINT}")
        allowed = [*self.install.vad_dirs, *self.extra_dirs]
        self.directory = Path(tempfile.mkdtemp(prefix="patentnav-virtuoso-"))
        self.sql_port, self.http_port = _free_port(), _free_port()
        ini = self.directory / "virtuoso.ini"
        ini.write_text(
            _ini(
                self.directory,
                self.sql_port,
                self.http_port,
                self.buffers,
                "".join(f", {d}" for d in allowed),
            ),
            encoding="utf-8",
        )
        self.process = subprocess.Popen(
            [str(self.install.server), "+foreground", "+configfile", str(ini)],
            cwd=self.directory,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            self._wait_ready()
            self.isql(_SETUP_SQL)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}: {self.log_tail()}")
            try:
                r = httpx.get(self.endpoint, params={"query": "ASK {}"}, timeout=2.0)
                if r.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"Virtuoso did not answer within {self.startup_timeout} s: {self.log_tail()}")

    def isql(self, sql: str) -> str:
        """Run SQL statements through ``isql-vt`` as dba (password ``dba`` on a fresh database)."""
        assert self.install is not None, "start the server first"
        result = subprocess.run(
            [str(self.install.isql), f"127.0.0.1:{self.sql_port}", "dba", "dba"],
            input=sql.encode(),
            capture_output=True,
            timeout=600,
            check=False,
        )
        out = result.stdout.decode(errors="replace")
        if result.returncode != 0 or "*** Error" in out:
            raise RuntimeError(f"isql failed: {out[-2000:]} {result.stderr.decode(errors='replace')[-500:]}")
        return out

    def version(self) -> str:
        """The server's version string, e.g. ``07.20.3230``."""
        out = self.isql("select sys_stat('st_dbms_ver');")
        for line in out.splitlines():
            if line.strip()[:2].isdigit():
                return line.strip()
        return "unknown"

    def log_tail(self, chars: int = 2000) -> str:
        """The end of the server's log, for error messages."""
        if self.directory is None:
            return ""
        log = self.directory / "virtuoso.log"
        return log.read_text(encoding="utf-8", errors="replace")[-chars:] if log.exists() else ""

    def disk_bytes(self) -> int:
        """Bytes the database files take on disk."""
        if self.directory is None:
            return 0
        return sum(p.stat().st_size for p in self.directory.glob("virtuoso*.db"))

    def stop(self) -> None:
        """Stop the server and delete its database."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None

    def __enter__(self) -> VirtuosoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
