"""``patentnav serve`` as a real process: how it stops, and what it says when it faces the network.

pyoxigraph cannot interrupt an update, an ingest or a query, and the thread waiting for one cannot be
cancelled; uvicorn used to wait for it forever. Each stop test gets a request into that state, sends
the signal and expects the process gone (a generous hang guard only, no timing assertion), its query
workers gone, the snapshots removed and the store reopenable.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from patentnav.cli import app
from patentnav.commands import serve as serve_module
from patentnav.commands.serve import exposure_warning, is_loopback
from patentnav.graph.store import open_store

TOKEN = "serve-test-token"
HANG_GUARD = 60  # seconds; only against a hang, never a measure of speed
MARKER = "SERVE_TEST_RUN"  # in the environment of the server and of every process it starts
# Three unconnected patterns over every named graph: ~1,200^3 combinations of the pilot graph, and a filter
# that no combination passes, so it neither ends soon nor grows in memory.
CROSS = (
    "GRAPH ?x { ?a ?b ?c } GRAPH ?y { ?d ?e ?f } GRAPH ?z { ?g ?h ?i } "
    "FILTER(STRLEN(CONCAT(STR(?a), STR(?d), STR(?g))) < 0)"
)
RUNAWAY_UPDATE = f"INSERT {{ GRAPH <urn:x> {{ ?a ?b ?c }} }} WHERE {{ {CROSS} }}"
RUNAWAY_QUERY = f"SELECT (COUNT(*) AS ?n) WHERE {{ {CROSS} }}"
RUNNING = re.compile(r"Uvicorn running on (http://\S+)")


def _patentnav() -> list[str]:
    script = Path(sys.executable).with_name("patentnav")
    return [str(script)] if script.exists() else [sys.executable, "-m", "patentnav"]


def _free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _processes(run: str) -> set[int]:
    """Live processes started for test run ``run`` (the server and its descendants, orphaned or not)."""
    found = set()
    needle = f"{MARKER}={run}".encode()
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if needle not in environ.read_bytes().split(b"\0"):
                continue
            state = (environ.parent / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            found.add(int(environ.parent.name))
    return found


@dataclass
class Served:
    """One ``patentnav serve`` process, its address and its logs."""

    process: subprocess.Popen
    run: str
    port: int
    out: Path
    err: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def stdout(self) -> str:
        return self.out.read_text("utf-8")

    @property
    def stderr(self) -> str:
        return self.err.read_text("utf-8")

    def wait_for(self, pattern: re.Pattern[str]) -> re.Match[str]:
        """Wait until the server prints ``pattern`` on stderr (fail if it exits first)."""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            found = pattern.search(self.stderr)
            if found:
                return found
            if self.process.poll() is not None:
                pytest.fail(f"serve exited with {self.process.returncode}:\n{self.stderr[-3000:]}")
            time.sleep(0.1)
        pytest.fail(f"serve never printed {pattern.pattern!r}:\n{self.stderr[-3000:]}")

    def kill(self) -> None:
        """Kill whatever of this run is left: a server that did not stop would leave workers running."""
        for pid in _processes(self.run):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def serve(tmp_path: Path, *args: str, env: dict[str, str] | None = None, host: str = "127.0.0.1") -> Served:
    """Start ``patentnav serve ARGS`` with its own home on a free port; return once uvicorn says it listens."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    run = uuid.uuid4().hex
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PATENTNAV_")}
    environ |= {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "PYTHONUNBUFFERED": "1",
        "NO_COLOR": "1",
        MARKER: run,
        **(env or {}),
    }
    port = _free_port(host)
    out, err = tmp_path / "serve.out", tmp_path / "serve.err"
    with out.open("wb") as o, err.open("wb") as e:
        process = subprocess.Popen(
            [*_patentnav(), "serve", *args, "--host", host, "--port", str(port)],
            stdout=o,
            stderr=e,
            stdin=subprocess.DEVNULL,
            env=environ,
            cwd=tmp_path,
        )
    served = Served(process, run, port, out, err)
    try:
        served.wait_for(RUNNING)
    except BaseException:
        served.kill()
        raise
    return served


def _send(port: int, method: str, target: str, body: str, headers: dict[str, str]) -> socket.socket:
    """Send one whole HTTP request on a new connection and leave its answer unread."""
    data = body.encode()
    lines = [f"{method} {target} HTTP/1.1", f"Host: 127.0.0.1:{port}", f"Content-Length: {len(data)}"]
    lines += [f"{k}: {v}" for k, v in headers.items()] + ["Connection: close", "", ""]
    sock = socket.create_connection(("127.0.0.1", port), timeout=HANG_GUARD)
    sock.sendall("\r\n".join(lines).encode() + data)
    return sock


def _unanswered(sock: socket.socket) -> bool:
    """True when nothing of an answer has arrived on ``sock`` yet."""
    readable, _, _ = select.select([sock], [], [], 0)  # an answer's first byte, or the server's close
    return not readable


LONG_QUERIES = {"PATENTNAV_QUERY_TIMEOUT": "3600", "PATENTNAV_QUERY_WORKERS": "1"}
SPARQL_QUERY = {"Content-Type": "application/sparql-query"}
SPARQL_UPDATE = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
REQUESTS = {
    # case: (store, environment, body, headers). An update's WHERE may be measured as a query before it
    # is applied (the update guard): the long query timeout keeps that running too.
    "update": ("disk", {**LONG_QUERIES, "PATENTNAV_UPDATE_TOKEN": TOKEN}, RUNAWAY_UPDATE, SPARQL_UPDATE),
    "query in a worker process": ("disk", LONG_QUERIES, RUNAWAY_QUERY, SPARQL_QUERY),
    "query in a thread (memory store)": ("memory", LONG_QUERIES, RUNAWAY_QUERY, SPARQL_QUERY),
}


@pytest.mark.parametrize(
    ("case", "sig"),
    [
        ("update", signal.SIGTERM),
        ("update", signal.SIGINT),
        ("query in a worker process", signal.SIGTERM),
        ("query in a thread (memory store)", signal.SIGINT),
    ],
    ids=lambda v: v.name if isinstance(v, signal.Signals) else v,
)
def test_serve_stops_on_a_signal_while_a_request_cannot_finish(tmp_path: Path, case: str, sig: signal.Signals):
    kind, env, body, headers = REQUESTS[case]
    store_url = f"oxigraph://{tmp_path / 'store'}" if kind == "disk" else "memory://"
    snapshots = tmp_path / "store.snapshots"
    served = serve(tmp_path, "--store", store_url, env={**env, "PATENTNAV_SHUTDOWN_TIMEOUT": "1"})
    try:
        # Start the query pool (worker processes, a snapshot) before the stuck request takes its worker.
        warm = httpx.get(served.url + "/sparql", params={"query": "ASK {}"}, timeout=HANG_GUARD)
        assert warm.status_code == 200, warm.text
        assert snapshots.exists() == (kind == "disk")
        stuck = _send(served.port, "POST", "/sparql", body, headers)
        # Answered after the stuck request was read: by now it runs (or waits) in a thread of the server.
        assert httpx.get(served.url + "/openapi.json", timeout=HANG_GUARD).status_code == 200
        assert _unanswered(stuck), "the request was answered before the signal: it cannot test the stop"
        assert len(_processes(served.run)) > (1 if kind == "disk" else 0)  # the server and its workers
        t0 = time.monotonic()
        served.process.send_signal(sig)
        code = served.process.wait(timeout=HANG_GUARD)
        print(f"{case}, {sig.name}: exited {time.monotonic() - t0:.2f} s after the signal")  # informational
    finally:
        served.kill()
    stderr = served.stderr
    # A clean stop: status 0, or ended by SIGTERM re-raised (what uvicorn does after a graceful stop).
    assert code in (0, -signal.SIGTERM), f"serve exited with {code} on {sig.name}:\n{stderr[-3000:]}"
    assert "graceful shutdown exceeded" in stderr, stderr[-3000:]  # the request was still running at the stop
    assert "still running in threads that cannot be stopped" in stderr, stderr[-3000:]
    assert "Application shutdown complete" in stderr, stderr[-3000:]
    assert "Traceback" not in stderr, stderr[-3000:]
    answer = stuck.recv(65536).decode("utf-8", "replace")  # told, not left hanging
    stuck.close()
    assert answer.startswith("HTTP/1.1 503") and "Server stopping" in answer, answer
    deadline = time.monotonic() + HANG_GUARD
    while _processes(served.run) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _processes(served.run), "processes of the server outlived it"
    assert not snapshots.exists()
    if kind == "disk":
        store = open_store(store_url)  # the write lock was released and the store opens
        try:
            assert len(store) > 1000 and not store.has_graph("urn:x")
        finally:
            store.close()


def test_serve_stops_on_sigint_while_a_timed_out_query_runs_on_in_the_background(tmp_path: Path):
    # In memory, a query past its timeout gets its 503 but runs on in a pool thread, which the
    # interpreter would join at exit; the request itself is over when the signal comes.
    env = {"PATENTNAV_QUERY_TIMEOUT": "1", "PATENTNAV_QUERY_WORKERS": "1"}
    served = serve(tmp_path, "--store", "memory://", env=env)
    try:
        r = httpx.post(served.url + "/sparql", content=RUNAWAY_QUERY, headers=SPARQL_QUERY, timeout=HANG_GUARD)
        assert r.status_code == 503 and "in the background" in r.json()["detail"], r.text
        served.process.send_signal(signal.SIGINT)
        code = served.process.wait(timeout=HANG_GUARD)
    finally:
        served.kill()
    assert code == 0, served.stderr[-3000:]
    assert "graceful shutdown exceeded" not in served.stderr  # no request was running
    assert "Threads still running (sparql_0)" in served.stderr, served.stderr[-3000:]
    assert "Traceback" not in served.stderr


def test_serve_stops_on_sigterm_when_idle(tmp_path: Path):
    served = serve(tmp_path, "--store", f"oxigraph://{tmp_path / 'store'}")
    try:
        assert httpx.get(served.url + "/sparql", params={"query": "ASK {}"}, timeout=HANG_GUARD).status_code == 200
        assert (tmp_path / "store.snapshots").exists()
        served.process.send_signal(signal.SIGTERM)
        code = served.process.wait(timeout=HANG_GUARD)
    finally:
        served.kill()
    assert code in (0, -signal.SIGTERM), served.stderr[-3000:]
    assert "graceful shutdown exceeded" not in served.stderr
    assert "Application shutdown complete" in served.stderr
    assert not (tmp_path / "store.snapshots").exists()


# ------------------------------------------------------------------ binding beyond loopback


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.3.2.1", "::1", "[::1]", "localhost", "LOCALHOST", "::ffff:127.0.0.1"]
)
def test_loopback_addresses_are_loopback(host: str):
    assert is_loopback(host)
    assert exposure_warning(host, 8000, update_token=True, ingest_token=True) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "example.org", "myhost"])
def test_other_addresses_warn_and_say_what_is_open(host: str):
    assert not is_loopback(host)
    closed = exposure_warning(host, 8123, update_token=False, ingest_token=False)
    assert closed is not None and host in closed and "port 8123" in closed
    assert "Reads (SPARQL queries, entities" in closed
    assert "SPARQL Update and Graph Store writes: off (PATENTNAV_UPDATE_TOKEN is not set)" in closed
    assert "POST /ingest: off (PATENTNAV_INGEST_TOKEN is not set)" in closed
    assert "reverse proxy with TLS" in closed and "Behind a reverse proxy" in closed
    opened = exposure_warning(host, 8123, update_token=True, ingest_token=True)
    assert "SPARQL Update and Graph Store writes: open to anyone holding PATENTNAV_UPDATE_TOKEN" in opened
    assert "POST /ingest: open to anyone holding PATENTNAV_INGEST_TOKEN" in opened


@pytest.mark.parametrize(("host", "warned"), [("0.0.0.0", True), ("127.0.0.1", False), ("localhost", False)])
def test_serve_prints_the_warning_only_off_loopback(monkeypatch, tmp_path: Path, host: str, warned: bool):
    ran = []
    monkeypatch.setattr(serve_module, "_run", lambda app, settings, store: ran.append(settings.host))
    monkeypatch.setenv("PATENTNAV_UPDATE_TOKEN", TOKEN)
    monkeypatch.delenv("PATENTNAV_INGEST_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["serve", "--store", "memory://", "--host", host, "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert ran == [host]  # it would have served (never bound here)
    assert ("is not a loopback address" in result.output) is warned, result.output
    if warned:
        assert "SPARQL Update and Graph Store writes: open to anyone holding PATENTNAV_UPDATE_TOKEN" in result.output
        assert "POST /ingest: off" in result.output


def test_serve_on_all_interfaces_warns_in_its_output(tmp_path: Path):
    served = serve(tmp_path, "--store", "memory://", host="0.0.0.0", env={"PATENTNAV_INGEST_TOKEN": TOKEN})
    try:
        stderr = served.stderr
    finally:
        served.process.terminate()
        served.process.wait(timeout=HANG_GUARD)
        served.kill()
    assert "warning: --host 0.0.0.0 is not a loopback address" in stderr, stderr
    assert "SPARQL Update and Graph Store writes: off" in stderr
    assert "POST /ingest: open to anyone holding PATENTNAV_INGEST_TOKEN" in stderr


def test_a_port_in_use_is_one_clear_error(tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        environ = {k: v for k, v in os.environ.items() if not k.startswith("PATENTNAV_")} | {"NO_COLOR": "1"}
        done = subprocess.run(
            [*_patentnav(), "serve", "--store", "memory://", "--port", str(port)],
            capture_output=True,
            text=True,
            env=environ,
            cwd=tmp_path,
            timeout=HANG_GUARD,
        )
    assert done.returncode == 1, done.stderr
    assert f"error: cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr
