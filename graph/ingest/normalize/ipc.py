"""IPC symbols: parsed to section, class, subclass, main group and subgroup, with their parents.

>>> parse_ipc("B66C 23/64 (2006.01)").symbol
'B66C23/64'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from patentnav.graph.ingest.normalize.errors import NormalizeError

__all__ = ["IPCCode", "parse_ipc"]


@dataclass(frozen=True)
class IPCCode:
    """A parsed IPC (or CPC) symbol, down to the level the source gives.

    >>> c = parse_ipc("H04L9/32")
    >>> c.section, c.ipc_class, c.subclass, c.main_group, c.symbol
    ('H', 'H04', 'H04L', 'H04L9/00', 'H04L9/32')
    >>> [a.symbol for a in c.ancestors()]
    ['H04L9/00', 'H04L', 'H04', 'H']
    """

    section: str
    class_digits: str | None = None
    subclass_letter: str | None = None
    group: str | None = None
    subgroup: str | None = None

    @property
    def ipc_class(self) -> str | None:
        return self.section + self.class_digits if self.class_digits else None

    @property
    def subclass(self) -> str | None:
        return self.ipc_class + self.subclass_letter if self.subclass_letter and self.ipc_class else None

    @property
    def main_group(self) -> str | None:
        return f"{self.subclass}{self.group}/00" if self.group and self.subclass else None

    @property
    def symbol(self) -> str:
        """The notation, e.g. ``B66C23/64``."""
        if self.group:
            return f"{self.subclass}{self.group}/{self.subgroup or '00'}"
        return self.subclass or self.ipc_class or self.section

    @property
    def local_id(self) -> str:
        """The IRI local id: ``/`` becomes ``-`` (``B66C23-64``)."""
        return self.symbol.replace("/", "-")

    def parent(self) -> IPCCode | None:
        """The next broader level: subgroup -> main group -> subclass -> class -> section."""
        if self.group and self.subgroup not in (None, "00"):
            return IPCCode(self.section, self.class_digits, self.subclass_letter, self.group, "00")
        if self.group:
            return IPCCode(self.section, self.class_digits, self.subclass_letter)
        if self.subclass_letter:
            return IPCCode(self.section, self.class_digits)
        if self.class_digits:
            return IPCCode(self.section)
        return None

    def ancestors(self) -> list[IPCCode]:
        """Every broader level, nearest first."""
        out, node = [], self.parent()
        while node is not None:
            out.append(node)
            node = node.parent()
        return out


_IPC = re.compile(
    r"^([A-H])(?:(\d{2})(?:([A-Z])(?:\s*0*(\d{1,4})\s*/\s*(\d{1,6}))?)?)?"
    r"\s*(?:\(\d{4}\.\d{2}\)|\[\d{4}\.\d{2}\])?\s*[A-Z]?$"
)
_IPC_PACKED = re.compile(r"^([A-H])(\d{2})([A-Z])(\d{4})(\d{6})$")


@lru_cache(maxsize=65536)
def parse_ipc(raw: str) -> IPCCode:
    """Parse and validate one IPC/CPC symbol; raise :class:`NormalizeError` if malformed.

    Accepts ``B66C23/64``, ``B66C 23/64``, ``B66C0023640000`` (packed, 14 characters),
    a version suffix ``(2006.01)``, and coarser levels (``B66C``, ``B66``, ``B``).
    Trailing zeros of a subgroup are dropped (``23/640`` is ``23/64``) except ``/00``.

    >>> parse_ipc("B66C0023640000").symbol
    'B66C23/64'
    >>> parse_ipc("Z99Q1/00")
    Traceback (most recent call last):
    ...
    patentnav.graph.ingest.normalize.errors.NormalizeError: malformed IPC code 'Z99Q1/00': expected a symbol such as H04L9/32
    """  # noqa: E501 (a doctest traceback line)
    text = unicodedata.normalize("NFKC", str(raw)).strip().upper()
    packed = _IPC_PACKED.match(text)
    if packed:
        section, digits, letter, group, sub = packed.groups()
        group, sub = str(int(group)), sub.rstrip("0").ljust(2, "0")
        return IPCCode(section, digits, letter, group, sub)
    match = _IPC.match(text)
    if not match or not text:
        raise NormalizeError(f"malformed IPC code {raw!r}: expected a symbol such as H04L9/32")
    section, digits, letter, group, sub = match.groups()
    if group is not None:
        group = str(int(group))
        sub = sub.rstrip("0").ljust(2, "0") if len(sub) > 2 else sub.ljust(2, "0")
    return IPCCode(section, digits, letter, group, sub)
