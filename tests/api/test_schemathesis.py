"""Property-based tests over the OpenAPI schema: no 5xx, responses match the schema."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from patentnav.api.main import create_app
from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.store import open_store
from patentnav.settings import Settings


def _app():
    store = open_store("memory://")
    ensure_seeded(store)
    # A limit only a runaway query reaches, however slow the machine: a 503 "Query timed out" fails the no-5xx check.
    return create_app(Settings(store="memory://", query_timeout=60), store=store)


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case):
    # A schema cannot say which strings are valid SPARQL or existing entity ids, so a schema-valid
    # request may rightly get a 4xx: positive_data_acceptance does not apply; every other check does.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
