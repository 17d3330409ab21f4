"""SME status per the SME Basic Act (中小企業基本法): the one place the table lives."""

import operator
from dataclasses import dataclass
from functools import reduce

from django.db.models import Q

from .enums import Industry


@dataclass(frozen=True)
class SmeLimit:
    capital_yen: int
    employees: int


# "Or less": a firm exactly at a limit is an SME. "Other" industries follow manufacturing.
SME_LIMITS: dict[str, SmeLimit] = {
    Industry.MANUFACTURING: SmeLimit(300_000_000, 300),
    Industry.OTHER: SmeLimit(300_000_000, 300),
    Industry.WHOLESALE: SmeLimit(100_000_000, 100),
    Industry.SERVICE: SmeLimit(50_000_000, 100),
    Industry.RETAIL: SmeLimit(50_000_000, 50),
}


def sme_status_for(*, industry: str, capital_yen: int, employees: int) -> bool:
    """True when the firm is an SME: its capital OR its regular employees within the limit
    of its industry (limits inclusive)."""
    limit = SME_LIMITS[industry]
    return capital_yen <= limit.capital_yen or employees <= limit.employees


def sme_condition(prefix: str = "") -> Q:
    """The same rule as a database condition over consortium members (`prefix`: the path
    to them, e.g. "consortium_members__"), for counting SMEs in SQL."""
    return reduce(operator.or_, (
        Q(**{f"{prefix}industry": industry}) & (
            Q(**{f"{prefix}capital_yen__lte": limit.capital_yen})
            | Q(**{f"{prefix}employees__lte": limit.employees}))
        for industry, limit in SME_LIMITS.items()))
