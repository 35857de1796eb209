"""The Content-Security-Policy headers of the HTML pages the server sends: no page makes a request elsewhere.

* :data:`SERVED_PAGE` -- pages that load their scripts and styles from this server (the start page, the
  workspace): requests to this origin only.
* :data:`SELF_CONTAINED_PAGE` -- pages that carry everything inline because they also open from disk (the
  views, the offline report): no request at all.

>>> "connect-src 'self'" in SERVED_PAGE, SELF_CONTAINED_PAGE.startswith("default-src 'none'")
(True, True)
"""

from __future__ import annotations

__all__ = ["SELF_CONTAINED_PAGE", "SERVED_PAGE"]

SERVED_PAGE = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)
SELF_CONTAINED_PAGE = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:"
)
