"""Open a patentnav store from a URL, and load, query and update it.

One interface, chosen by URL (compare SQLAlchemy URLs):

* ``oxigraph:///path/to/dir`` -- the embedded default: pyoxigraph on disk;
* ``memory://`` -- an in-memory pyoxigraph store, for tests and one-off analysis;
* ``sparql+http(s)://host:port/path`` -- any SPARQL 1.1 endpoint (Virtuoso, Fuseki,
  QLever, GraphDB …), see :mod:`patentnav.graph.remote_store`.

Both backends subclass :class:`PatentStore` and offer the same methods.

Query results are pyoxigraph's own types (``QuerySolutions``, ``QueryBoolean``,
``QueryTriples``) so that callers can iterate them or serialize them in any SPARQL
results format without a second conversion.

The one way to fill a query: a template (a ``.rq`` file beside its module, read by
:func:`load_rq`, or a short string) is valid SPARQL as it stands, and its values are
bindings of typed terms (:func:`bind_variables`, through :func:`select`'s keywords or
``store.query(sparql, substitutions=...)``). A ``NamedNode`` or ``Literal`` replaces
``?name`` wherever it occurs; a list of them fills the template's empty
``VALUES ?name { }`` block (``None`` in it is ``UNDEF``), and a caller with a long
list sends it in chunks (e.g. 500 IRIs a query). No ``%s``, ``str.format``, marker
comment or pasted ``VALUES`` text: pyoxigraph writes every term, so user text cannot
break out of it. A ``LIMIT`` cannot be a bound variable (SPARQL takes a number there),
so a template's limit is written in the file, or the caller keeps the first rows it
wants. Rows come from :func:`select` (plain Python values).

The module stays whole: the :class:`PatentStore` interface, the embedded backend's every method and the one
way to bind and select values share the same types, and every caller imports them from here.

>>> store = open_store("memory://")
>>> store.is_empty()
True
"""

from __future__ import annotations

import functools
import io
import itertools
import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote, urlparse

import pyoxigraph as ox

from patentnav.graph.sparql_text import has_dataset_clause, with_dataset, written_graphs
from patentnav.ontology import sparql_prefixes

#: What a query template's variable can be bound to: one term, or a list of terms for its ``VALUES`` block.
Binding = ox.NamedNode | ox.Literal | Sequence[ox.NamedNode | ox.Literal | None]

__all__ = [
    "Binding",
    "OxigraphStore",
    "PatentStore",
    "QueryResult",
    "StoreError",
    "StoreURLError",
    "bind_variables",
    "load_rq",
    "open_store",
    "select",
    "select_chunks",
]

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


class StoreError(RuntimeError):
    """A store could not do what was asked; the message says why in words."""


class StoreURLError(StoreError, ValueError):
    """The store URL is not one patentnav understands."""


class PatentStore(ABC):
    """The interface every patentnav store offers, whatever holds the triples.

    Use :func:`open_store` rather than building one directly. Query results are
    pyoxigraph's types for every backend. Subclasses: :class:`OxigraphStore`
    (embedded) and :class:`patentnav.graph.remote_store.RemoteStore` (SPARQL endpoint).
    """

    url: str
    read_only: bool

    # -------------------------------------------------------------- reading

    @abstractmethod
    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[str, Binding] | None = None,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        prefixes: bool = False,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a SPARQL query and return pyoxigraph's result object.

        The dataset: ``default_graph`` and ``named_graphs`` (IRIs), when given, are the
        dataset, as the SPARQL protocol's ``default-graph-uri`` and ``named-graph-uri``
        are; else the query's own ``FROM`` / ``FROM NAMED``; else the default graph is the
        union of all graphs, so a query sees the pilot graph and every ingested file at once.
        ``substitutions`` binds variables to terms or lists of terms (see :func:`bind_variables`),
        the one way to put values into a query. ``prefixes=True`` prepends the project's PREFIX
        declarations. ``base_iri`` resolves relative IRIs (the query's own ``BASE`` wins).

        >>> s = open_store("memory://")
        >>> bool(s.query("ASK { ?s ?p ?o }"))
        False
        """

    @abstractmethod
    def named_graphs(self) -> list[str]:
        """IRIs of the named graphs in the store, sorted."""

    @abstractmethod
    def has_graph(self, graph: str) -> bool:
        """Whether a named graph with this IRI exists."""

    @abstractmethod
    def is_empty(self) -> bool:
        """True when the store holds no (patentnav-visible) triple at all."""

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def quads_for_pattern(
        self,
        subject: ox.NamedNode | ox.BlankNode | None = None,
        predicate: ox.NamedNode | None = None,
        object: ox.NamedNode | ox.Literal | None = None,
        graph: ox.NamedNode | None = None,
    ) -> Iterator[ox.Quad]:
        """Quads in named graphs matching a pattern (``None`` matches anything)."""

    # -------------------------------------------------------------- writing

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.url} is open read-only")

    def add_write_listener(self, listener: Callable[[set[str] | None], None]) -> None:
        """Call ``listener(graphs)`` after every write through this object: the graphs written (``""`` is the
        unnamed default graph), or ``None`` when that is not known (the analytic tables use it to know what
        is stale).

        The first listener also hears, at once, of the writes made through this object before it was added, so
        tables opened after a write know that the graph changed.

        >>> s = open_store("memory://"); seen = []
        >>> _ = s.load_graph("urn:early", "<urn:a> <urn:b> <urn:c> .")
        >>> s.add_write_listener(seen.append)
        >>> _ = s.load_graph("urn:g", "<urn:a> <urn:b> <urn:c> .")
        >>> seen
        [{'urn:early'}, {'urn:g'}]
        """
        listeners = self.__dict__.setdefault("_write_listeners", [])
        listeners.append(listener)
        if len(listeners) == 1 and "_unheard_writes" in self.__dict__:
            listener(self.__dict__.pop("_unheard_writes"))

    def _written(self, graphs: set[str] | None) -> None:
        listeners = self.__dict__.get("_write_listeners")
        if not listeners:  # kept for the first listener (the tables of a store written before they were opened)
            unheard = self.__dict__.get("_unheard_writes", set())
            self.__dict__["_unheard_writes"] = None if graphs is None or unheard is None else unheard | graphs
            return
        for listener in listeners:
            listener(graphs)

    def load_graph(
        self,
        graph: str,
        data: bytes | str | IO[bytes] | Path,
        *,
        format: ox.RdfFormat = ox.RdfFormat.TURTLE,
        replace: bool = True,
    ) -> int:
        """Parse RDF into the named graph ``graph`` atomically; return the triple count.

        The data is parsed completely before the store is touched, so a syntax error
        leaves the store exactly as it was. With ``replace`` the graph's old content is
        dropped in the same transaction.

        >>> s = open_store("memory://")
        >>> s.load_graph("urn:g", "<urn:a> <urn:b> <urn:c> .")
        1
        """
        self._check_writable()
        target = ox.NamedNode(graph)
        parsed = ox.parse(path=str(data), format=format) if isinstance(data, Path) else ox.parse(data, format)
        quads = [ox.Quad(t.subject, t.predicate, t.object, target) for t in parsed]
        self.replace_graph(graph, quads) if replace else self.add_quads(quads)
        return len(quads)

    @abstractmethod
    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        """Replace the content of a named graph with ``quads`` in one transaction."""

    @abstractmethod
    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads in one transaction (all or nothing)."""

    @abstractmethod
    def bulk_add(self, quads: Iterable[ox.Quad]) -> None:
        """Add many quads fast, bypassing transactions; use on fresh graphs only."""

    def load_quads_files(self, paths: list[Path], *, bulk: bool = False, graph: str | None = None) -> None:
        """Load N-Quads files: all in one transaction, or with ``bulk`` as fast as the backend can.

        ``graph`` says which graph the files hold when the caller knows (for the write listeners).
        This default streams the files into :meth:`add_quads` / :meth:`bulk_add`; the
        embedded store overrides it with pyoxigraph's native loaders.
        """
        quads = itertools.chain.from_iterable(ox.parse(path=str(p), format=ox.RdfFormat.N_QUADS) for p in paths)
        if bulk:
            self.bulk_add(quads)
        else:
            self.add_quads(quads)

    @abstractmethod
    def remove_graph(self, graph: str) -> bool:
        """Remove a named graph; return whether it existed."""

    @abstractmethod
    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL Update; its ``WHERE`` reads what a query reads (see :meth:`OxigraphStore.update`)."""

    def flush(self) -> None:  # noqa: B027 -- a no-op is right for stores without local files
        """Make writes durable (a no-op where the backend does it itself)."""

    def optimize(self) -> None:  # noqa: B027 -- a remote engine compacts on its own
        """Compact the store's files after a large load so that later queries read fewer of them."""

    def close(self) -> None:  # noqa: B027
        """Release what the store holds (files, connections)."""


@dataclass
class OxigraphStore(PatentStore):
    """A patentnav graph store backed by pyoxigraph (``memory://`` or ``oxigraph:///path``).

    >>> isinstance(open_store("memory://"), OxigraphStore)
    True
    """

    url: str
    inner: ox.Store
    read_only: bool = False
    _write_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False, compare=False)

    # -------------------------------------------------------------- reading

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[str, Binding] | None = None,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        prefixes: bool = False,
        base_iri: str | None = None,
    ) -> QueryResult:
        """See :meth:`PatentStore.query`."""
        own_dataset = _names_dataset(sparql)  # bound terms and PREFIX lines add no FROM
        if prefixes:
            sparql = sparql_prefixes() + sparql
        kwargs: dict[str, Any] = {}
        if default_graph is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph] or [ox.DefaultGraph()]
        elif named_graphs is None and not own_dataset:
            kwargs["use_default_graph_as_union"] = True  # pyoxigraph would let it override FROM
        if named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        if substitutions:
            sparql = bind_variables(sparql, substitutions)
        try:
            return self.inner.query(sparql, base_iri=base_iri, **kwargs)
        except OSError as exc:
            raise StoreError(f"query failed in {self.url}: {exc}") from exc

    def named_graphs(self) -> list[str]:
        """IRIs of the named graphs in the store."""
        return sorted(g.value for g in self.inner.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, graph: str) -> bool:
        """Whether a named graph with this IRI exists."""
        return self.inner.contains_named_graph(ox.NamedNode(graph))

    def is_empty(self) -> bool:
        """True when the store holds no triple at all."""
        return next(iter(self.inner.quads_for_pattern(None, None, None, None)), None) is None

    def __len__(self) -> int:
        return len(self.inner)

    def quads_for_pattern(
        self,
        subject: ox.NamedNode | ox.BlankNode | None = None,
        predicate: ox.NamedNode | None = None,
        object: ox.NamedNode | ox.Literal | None = None,
        graph: ox.NamedNode | None = None,
    ) -> Iterator[ox.Quad]:
        """Quads matching a pattern, straight from pyoxigraph's indexes.

        >>> s = open_store("memory://")
        >>> _ = s.load_graph("urn:g", "<urn:a> <urn:b> <urn:c> .")
        >>> [q.object.value for q in s.quads_for_pattern(ox.NamedNode("urn:a"))]
        ['urn:c']
        """
        return iter(self.inner.quads_for_pattern(subject, predicate, object, graph))

    # -------------------------------------------------------------- writing

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        """Replace the content of a named graph with ``quads`` in one transaction."""
        self._check_writable()
        quads = list(quads)
        with self._write_lock:
            # One SPARQL update is one transaction in pyoxigraph: drop and insert together.
            self.inner.update(f"DROP SILENT GRAPH <{_iri(graph)}>")
            self.inner.extend(quads)
        self._written({graph} | _graphs_of(quads))

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads in one transaction (all or nothing)."""
        self._check_writable()
        quads = list(quads)
        with self._write_lock:
            self.inner.extend(quads)
        self._written(_graphs_of(quads))

    def bulk_add(self, quads: Iterable[ox.Quad]) -> None:
        """Add many quads fast, bypassing transactions; use on fresh graphs only."""
        self._check_writable()
        graphs: set[str] = set()

        def noted(items: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
            for quad in items:
                graphs.add(_graph_value(quad.graph_name))
                yield quad

        with self._write_lock:
            self.inner.bulk_extend(noted(quads))
        self._written(graphs)

    def load_quads_files(self, paths: list[Path], *, bulk: bool = False, graph: str | None = None) -> None:
        """Load N-Quads files with pyoxigraph's own parser: one transaction over all, or ``bulk_load`` each.

        ``bulk_load`` holds its whole input in memory while it sorts, so callers keep
        parts small to keep memory flat.
        """
        self._check_writable()
        with self._write_lock:
            if bulk:
                for path in paths:
                    self.inner.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
            else:
                with _JoinedFiles(paths) as stream:
                    # pyoxigraph reads any object with readinto(); its stub names IO only
                    self.inner.load(input=stream, format=ox.RdfFormat.N_QUADS)  # type: ignore[arg-type]
        self._written({graph} if graph else None)

    def remove_graph(self, graph: str) -> bool:
        """Remove a named graph; return whether it existed."""
        self._check_writable()
        node = ox.NamedNode(graph)
        with self._write_lock:
            if not self.inner.contains_named_graph(node):
                return False
            self.inner.remove_graph(node)
        self._written({graph})
        return True

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL Update (one transaction) whose ``WHERE`` reads the union of all graphs, as queries do.

        pyoxigraph evaluates an update's ``WHERE`` on the store's own (unnamed) default graph, which
        patentnav never writes; so a modify without ``USING`` or ``WITH`` is given ``USING`` /
        ``USING NAMED`` for every named graph (:func:`~patentnav.graph.sparql_text.with_dataset`).
        ``DELETE WHERE`` and ``INSERT DATA`` / ``DELETE DATA`` keep their own meaning.

        >>> s = open_store("memory://")
        >>> _ = s.load_graph("urn:g", "<urn:a> a <urn:T> .")
        >>> s.update("INSERT { GRAPH <urn:copy> { ?x a <urn:T> } } WHERE { ?x a <urn:T> }")
        >>> s.has_graph("urn:copy")
        True
        """
        self._check_writable()
        with self._write_lock:
            graphs = self.named_graphs()
            self.inner.update(with_dataset(sparql, graphs, graphs), base_iri=base_iri)
        self._written(written_graphs(sparql))

    def flush(self) -> None:
        """Make writes durable on disk (a no-op in memory)."""
        if not self.read_only:
            self.inner.flush()

    def optimize(self) -> None:
        """Compact the on-disk files (pyoxigraph ``Store.optimize``; a no-op in memory or read-only).

        A load in many bulk parts leaves many small files behind, and every later read has to look
        through them; compacting costs a few seconds once and makes whole-store queries markedly faster
        and the store smaller (figures in ``benchmarks/README.md``, "Figures behind design choices").
        """
        if not self.read_only and self.url.startswith("oxigraph://"):
            with self._write_lock:
                self.inner.optimize()

    def close(self) -> None:
        """Flush; pyoxigraph releases the files when the object is dropped."""
        self.flush()

    def checkpoint(self, target: str | Path) -> None:
        """Write a consistent, independent copy of an on-disk store into the new directory ``target``.

        On the same file system the copy is RocksDB hard links to the store's immutable
        files, so it is cheap; open it with ``open_store("oxigraph://" + target, read_only=True)``
        while this store keeps changing (nothing writes the copy, so that is well defined).
        """
        with self._write_lock:  # a checkpoint between two writes of one ingest step would be half of it
            try:
                self.inner.backup(str(target))
            except OSError as exc:
                raise StoreError(f"cannot checkpoint the store into {target}: {exc}") from exc


class _JoinedFiles(io.RawIOBase):
    """Several files read as one binary stream (for one transaction over many parts)."""

    def __init__(self, paths: list[Path]) -> None:
        self._paths = iter(paths)
        self._fh: io.BufferedReader | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while True:
            if self._fh is None:
                path = next(self._paths, None)
                if path is None:
                    return 0
                self._fh = path.open("rb")
            n = self._fh.readinto(buffer)
            if n:
                return n
            self._fh.close()
            self._fh = None

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        super().close()


def _graph_value(term: Any) -> str:
    return term.value if isinstance(term, ox.NamedNode | ox.BlankNode) else ""


def _graphs_of(quads: Iterable[ox.Quad]) -> set[str]:
    return {_graph_value(q.graph_name) for q in quads}


def _iri(value: str) -> str:
    if any(c in value for c in '<>"{}|^`\\ \n'):
        raise StoreError(f"not a valid IRI: {value!r}")
    return value


_EMPTY_VALUES = re.compile(r"VALUES\s+[?$]([A-Za-z_][A-Za-z0-9_]*)\s*\{\s*\}", re.IGNORECASE)
# An empty VALUES block or a variable, matched in one pass so that no inserted term is read again.
_PLACE = re.compile(
    r"VALUES\s+[?$](?P<values>[A-Za-z_][A-Za-z0-9_]*)\s*\{\s*\}|[?$](?P<name>[A-Za-z_][A-Za-z0-9_]*)", re.IGNORECASE
)


def bind_variables(sparql: str, terms: Mapping[str, Binding]) -> str:
    """Bind a query template's variables to typed terms: the one way to put values into SPARQL.

    A single term replaces ``?name`` wherever it occurs, in its N-Triples form. A list of
    terms fills the template's empty ``VALUES ?name { }`` block (a template that is valid
    SPARQL as it stands, and matches nothing until it is filled); ``None`` in the list is
    ``UNDEF``, so ``[None]`` leaves the variable free (one template serves "these
    predicates" and "any predicate"). pyoxigraph writes the
    terms, so user text cannot break out of them. (pyoxigraph's own ``substitutions`` only
    binds projected variables, and remote endpoints have none, so binding is done here,
    once, for every backend.)

    >>> print(bind_variables("SELECT ?s WHERE { ?s ?p ?q }", {"q": ox.Literal('a" } DROP ALL #')}))
    SELECT ?s WHERE { ?s ?p "a\\" } DROP ALL #" }
    >>> print(bind_variables("SELECT ?e WHERE { VALUES ?e { } }", {"e": [ox.NamedNode("urn:a"), ox.Literal("b")]}))
    SELECT ?e WHERE { VALUES ?e { <urn:a> "b" } }
    >>> print(bind_variables("SELECT ?e WHERE { VALUES ?p { } ?e ?p ?o }", {"p": [None]}))
    SELECT ?e WHERE { VALUES ?p { UNDEF } ?e ?p ?o }
    """
    singles: dict[str, ox.NamedNode | ox.Literal] = {}
    lists: dict[str, str] = {}
    for name, term in terms.items():
        if isinstance(term, ox.NamedNode | ox.Literal):
            singles[name] = term
            continue
        if isinstance(term, str | bytes) or not isinstance(term, Sequence):
            raise TypeError(
                f"binding for ?{name} must be a NamedNode, a Literal or a list of them, not {type(term).__name__}"
            )
        for item in term:
            if item is not None and not isinstance(item, ox.NamedNode | ox.Literal):
                raise TypeError(f"binding for ?{name} must be a NamedNode or Literal, not {type(item).__name__}")
        lists[name] = " ".join("UNDEF" if item is None else str(item) for item in term)
    missing = set(lists) - {m.group(1) for m in _EMPTY_VALUES.finditer(sparql)}
    if missing:
        raise ValueError(f"the query has no empty VALUES block for ?{', ?'.join(sorted(missing))}")

    def replace(match: re.Match[str]) -> str:
        name = match.group("values")
        if name is not None:
            return f"VALUES ?{name} {{ {lists[name]} }}" if name in lists else match.group(0)
        term = singles.get(match.group("name"))
        return str(term) if term is not None else match.group(0)

    return _PLACE.sub(replace, sparql) if terms else sparql


def open_store(url: str, *, read_only: bool = False) -> PatentStore:
    """Open the store a URL names.

    ``oxigraph:///abs/path`` opens (or creates) an on-disk store; ``memory://`` a
    fresh in-memory one; ``sparql+http(s)://host:port/path?...`` a SPARQL 1.1 endpoint
    (options in :func:`patentnav.graph.remote_store.open_remote`).

    >>> open_store("memory://").url
    'memory://'
    >>> try:
    ...     open_store("ftp://x")
    ... except StoreURLError as exc:
    ...     print(exc)
    unsupported store URL 'ftp://x': use oxigraph:///path, memory:// or sparql+http(s)://host/path
    """
    parsed = urlparse(url)
    if parsed.scheme in ("sparql+http", "sparql+https"):
        from patentnav.graph.remote_store import open_remote

        return open_remote(url, read_only=read_only)
    if parsed.scheme == "memory":
        return OxigraphStore(url=url, inner=ox.Store(), read_only=False)
    if parsed.scheme == "oxigraph":
        path = Path(unquote(parsed.netloc + parsed.path)).expanduser()
        if not str(path) or str(path) == ".":
            raise StoreURLError(f"store URL {url!r} has no path: use oxigraph:///path/to/store")
        try:
            if read_only:
                return OxigraphStore(url=url, inner=ox.Store.read_only(str(path)), read_only=True)
            path.mkdir(parents=True, exist_ok=True)
            return OxigraphStore(url=url, inner=ox.Store(str(path)))
        except OSError as exc:
            raise StoreError(f"cannot open store at {path}: {exc}") from exc
    raise StoreURLError(f"unsupported store URL {url!r}: use oxigraph:///path, memory:// or sparql+http(s)://host/path")


def select(store: PatentStore, sparql: str, **bindings: Binding) -> list[dict[str, Any]]:
    """Run a SELECT with the project prefixes and return rows of plain Python values.

    IRIs become ``str``, literals their Python value (``int``, ``float``, ``str`` …),
    unbound variables ``None``.

    >>> s = open_store("memory://")
    >>> s.load_graph("urn:g", '<urn:a> <urn:b> "x"@en .')
    1
    >>> select(s, "SELECT ?o WHERE { ?s ?p ?o }")
    [{'o': 'x'}]
    """
    result = store.query(sparql, substitutions=bindings or None, prefixes=True)
    if not isinstance(result, ox.QuerySolutions):
        raise StoreError("select() needs a SELECT query")
    names = [v.value for v in result.variables]
    return [{n: term_value(row[n]) for n in names} for row in result]


def select_chunks(
    store: PatentStore,
    sparql: str,
    name: str,
    terms: Iterable[ox.NamedNode | ox.Literal],
    *,
    chunk: int = 500,
    **bindings: Binding,
) -> Iterator[dict[str, Any]]:
    """The rows of :func:`select` with the template's empty ``VALUES ?name { }`` filled by ``terms``, ``chunk``
    of them per query (a long list stays a short query text), the rows of every chunk one after another.

    >>> s = open_store("memory://")
    >>> _ = s.load_graph("urn:g", "<urn:a> <urn:p> 1 . <urn:b> <urn:p> 2 .")
    >>> sorted(r["o"] for r in select_chunks(s, "SELECT ?o WHERE { VALUES ?s { } ?s ?p ?o }", "s",
    ...                                     [ox.NamedNode("urn:a"), ox.NamedNode("urn:b")], chunk=1))
    [1, 2]
    """
    items = list(terms)
    for start in range(0, len(items), chunk):
        yield from select(store, sparql, **{name: items[start : start + chunk]}, **bindings)


def term_value(term: Any) -> Any:
    """Convert a pyoxigraph term to a plain Python value (see :func:`select`)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return _literal_value(term)
    return term.value


_INT_TYPES = {
    "http://www.w3.org/2001/XMLSchema#" + t
    for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger", "gYear")
}
_FLOAT_TYPES = {"http://www.w3.org/2001/XMLSchema#" + t for t in ("decimal", "double", "float")}


def _literal_value(lit: ox.Literal) -> Any:
    dt = lit.datatype.value
    try:
        if dt in _INT_TYPES:
            return int(lit.value)
        if dt in _FLOAT_TYPES:
            return float(lit.value)
        if dt == "http://www.w3.org/2001/XMLSchema#boolean":
            return lit.value in ("true", "1")
    except ValueError:
        pass
    return lit.value


@functools.lru_cache(maxsize=256)
def _template_names_dataset(template: str) -> bool:
    return has_dataset_clause(template)


def _names_dataset(sparql: str) -> bool:
    """:func:`has_dataset_clause`, remembered for the short texts that are the project's own templates."""
    return _template_names_dataset(sparql) if len(sparql) <= 8192 else has_dataset_clause(sparql)


@functools.lru_cache(maxsize=512)
def load_rq(package: str, name: str) -> str:
    """Read a ``.rq`` SPARQL file shipped beside a module of ``package``.

    >>> "SELECT" in load_rq("patentnav.graph", "entity_search.rq")
    True
    """
    from importlib import resources

    return resources.files(package).joinpath(name).read_text(encoding="utf-8")
