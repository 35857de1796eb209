"""Interactive HTML graph views (pyvis / vis-network), self-contained and escaped.

* :mod:`~patentnav.graph.viz.views` -- the five views (overview, entity, landscape,
  coapplicants, ipc) as functions from a store to one HTML page; the CLI
  (``patentnav view``) and the API (``/views/…``) call them with the same parameters;
* :mod:`~patentnav.graph.viz.sources` -- bounded SPARQL -> networkx graphs;
* :mod:`~patentnav.graph.viz.render` -- any networkx graph with ``label_zh``,
  ``label_en``, ``type``, ``patent_count`` (and ``community``) node attributes -> page;
* :mod:`~patentnav.graph.viz.layout` -- positions computed in Python;
* :mod:`~patentnav.graph.viz.style` -- colour and shape per class, one table for nodes and legend;
* :mod:`~patentnav.graph.viz.limits` -- the node caps, importable without networkx or pyvis.
"""
