"""Response models more than one route module answers with.

A route module keeps the models only it uses; one another route shares lives here, so route
modules never import one another (an import-linter contract in ``pyproject.toml`` checks it).
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from patentnav.graph.entities import EntityRef

__all__ = ["EntitySummary"]


class EntitySummary(BaseModel):
    """An entity with its type and labels."""

    iri: str
    type: str | None = Field(None, description="URL segment of the entity's type, e.g. region")
    label_zh: str | None = None
    label_en: str | None = None
    href: str | None = Field(None, description="API path of the entity")

    @classmethod
    def of(cls, ref: EntityRef) -> EntitySummary:
        """The summary of ``ref``, with its API path when its IRI is one of the graph's ``…/id/{type}/{id}``.

        >>> from patentnav.graph.entities import EntityRef
        >>> EntitySummary.of(EntityRef("https://w3id.org/patentnav/id/region/430200", label_zh="株洲市")).href
        '/entities/region/430200'
        """
        href = None
        if ref.type and ref.iri.endswith("/" + ref.iri.rsplit("/", 1)[-1]) and "/id/" in ref.iri:
            href = "/entities/" + ref.iri.split("/id/", 1)[1]
        return cls(iri=ref.iri, type=ref.type, label_zh=ref.label_zh, label_en=ref.label_en, href=href)
