"""How many nodes a view may draw: the caps the CLI, the API and the renderer share.

Kept apart from :mod:`~patentnav.graph.viz.render` so option definitions can read them
without importing networkx and pyvis.

>>> DEFAULT_MAX_NODES <= HARD_MAX_NODES
True
"""

from __future__ import annotations

__all__ = ["DEFAULT_MAX_LINKS", "DEFAULT_MAX_NODES", "HARD_MAX_LINKS", "HARD_MAX_NODES", "PHYSICS_LIMIT"]

#: Nodes a view shows unless asked otherwise; the rest are listed as left out.
DEFAULT_MAX_NODES = 1500
#: The most nodes any view draws (a 5,000-node page is interactive in Chromium in ~1-2 s).
HARD_MAX_NODES = 5000
#: Above this many nodes edges are straight and hidden while dragging or zooming.
PHYSICS_LIMIT = 300
#: Flows a Sankey page draws unless asked otherwise (the widest; the rest are counted as left out).
DEFAULT_MAX_LINKS = 40
#: The most flows a Sankey page draws (past a few hundred its bands are hairlines).
HARD_MAX_LINKS = 500
