"""Relation paths between two entities, with zh/en labels on every entity and predicate.

The search itself is :func:`patentnav.graph.network.shortest_paths`; this module names
the ends (an IRI or ``type/id``) and labels what it found, for the API and the CLI.

>>> from patentnav.graph.store import open_store
>>> from patentnav.graph.bootstrap import ensure_seeded
>>> store = open_store("memory://"); _ = ensure_seeded(store)
>>> found = find_paths(store, "industry/construction-machinery", "region/430200")
>>> found.length, found.paths[0][0].object.label("en")
(2, 'Construction machinery')
"""

from __future__ import annotations

from dataclasses import dataclass

from patentnav.graph.entities import EntityRef, entity_refs
from patentnav.graph.store import PatentStore
from patentnav.ontology import ENTITY_TYPES, entity_iri

__all__ = ["MAX_LENGTH", "LabelledHop", "PathResult", "find_paths", "resolve_ref"]

#: Longest path (in links) anyone may ask for: each link is one SPARQL step.
MAX_LENGTH = 8


@dataclass(frozen=True)
class LabelledHop:
    """One link of a path, as the triple is stated (``subject predicate object``), labelled."""

    subject: EntityRef
    predicate: EntityRef
    object: EntityRef
    forward: bool  # True when the path walks subject -> object


@dataclass
class PathResult:
    """The shortest paths between ``source`` and ``target`` (all of equal ``length``)."""

    source: EntityRef
    target: EntityRef
    max_length: int
    paths: list[list[LabelledHop]]

    @property
    def length(self) -> int:
        """Links in each path."""
        return len(self.paths[0]) if self.paths else 0


def resolve_ref(ref: str) -> str:
    """An entity IRI from an IRI or ``type/id`` (e.g. ``region/430200``).

    >>> resolve_ref("region/430200")
    'https://w3id.org/patentnav/id/region/430200'

    Raises
    ------
    ValueError
        ``ref`` is neither an absolute IRI nor a valid ``type/id``.
    """
    ref = ref.strip()
    if ref.startswith(("http://", "https://", "urn:")):
        return ref
    head, sep, tail = ref.partition("/")
    if not sep or head not in ENTITY_TYPES:
        raise ValueError(f"{ref!r} is neither an IRI nor TYPE/ID with TYPE one of {', '.join(ENTITY_TYPES)}")
    return entity_iri(head, tail)


def find_paths(
    store: PatentStore,
    source: str,
    target: str,
    *,
    max_length: int = 4,
    max_paths: int = 10,
    max_nodes: int = 5000,
) -> PathResult:
    """Shortest relation paths from ``source`` to ``target`` (IRIs or ``type/id``), labelled.

    Raises ``ValueError`` for a malformed reference or bound, and the errors of
    :func:`~patentnav.graph.network.shortest_paths` (``UnknownEntityError``,
    ``NoPathError``) otherwise.
    """
    if not 1 <= max_length <= MAX_LENGTH:
        raise ValueError(f"max_length must be between 1 and {MAX_LENGTH}, not {max_length}")
    src, dst = resolve_ref(source), resolve_ref(target)
    from patentnav.graph.network import shortest_paths  # networkx + pandas: not at import (CLI start-up)

    raw = shortest_paths(store, src, dst, max_depth=max_length, max_nodes=max_nodes, max_paths=max_paths)
    iris = {src, dst} | {h[k] for path in raw for h in path for k in ("subject", "predicate", "object")}
    refs = entity_refs(store, iris)
    paths = []
    for path in raw:
        current, hops = src, []
        for h in path:
            forward = h["subject"] == current
            hops.append(LabelledHop(refs[h["subject"]], refs[h["predicate"]], refs[h["object"]], forward))
            current = h["object"] if forward else h["subject"]
        paths.append(hops)
    return PathResult(refs[src], refs[dst], max_length, paths)
