"""SME status per the SME Basic Act (中小企業基本法): the one place the table lives."""

from dataclasses import dataclass

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
