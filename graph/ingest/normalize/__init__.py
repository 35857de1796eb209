"""Clean the values patent exports hold, one module per kind of value (ingest only).

Every function takes the raw text of one cell and returns a normalised value, or raises
:class:`NormalizeError` whose message says, in words, what is wrong. Readers call these; the RDF
writer only ever sees normalised values.

* :mod:`.numbers` — multi-valued cells, application/publication numbers, patent type;
* :mod:`.dates`, :mod:`.ipc`, :mod:`.status` (legal status);
* :mod:`.names` — applicant names and aliases; :mod:`.organisations` — types, credit codes, counts;
* :mod:`.places` — addresses and region names to GB/T 2260 regions.

>>> normalize_application_number("CN201510123456.7"), parse_date("2015年3月1日").year
('CN201510123456', 2015)
"""

from patentnav.graph.ingest.normalize.dates import parse_date
from patentnav.graph.ingest.normalize.errors import NormalizeError
from patentnav.graph.ingest.normalize.ipc import IPCCode, parse_ipc
from patentnav.graph.ingest.normalize.names import load_aliases, normalize_name
from patentnav.graph.ingest.normalize.numbers import (
    normalize_application_number,
    normalize_publication_number,
    patent_type_from,
    publication_key,
    split_multi,
)
from patentnav.graph.ingest.normalize.organisations import (
    CREDIT_CODE_CHARS,
    guess_organization_type,
    organization_type_from,
    parse_count,
    valid_credit_code,
)
from patentnav.graph.ingest.normalize.places import AddressResolver, Place, parse_country_province
from patentnav.graph.ingest.normalize.status import normalize_legal_status

__all__ = [
    "CREDIT_CODE_CHARS",
    "AddressResolver",
    "IPCCode",
    "NormalizeError",
    "Place",
    "guess_organization_type",
    "load_aliases",
    "normalize_application_number",
    "normalize_legal_status",
    "normalize_name",
    "normalize_publication_number",
    "organization_type_from",
    "parse_count",
    "parse_country_province",
    "parse_date",
    "parse_ipc",
    "patent_type_from",
    "publication_key",
    "split_multi",
    "valid_credit_code",
]
