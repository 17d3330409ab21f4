"""Writes of the consortium (criterion 1): members one by one or from a CSV file.

The same firm cannot appear twice in one application: same corporate number, or same
normalised name (width, case, spaces, punctuation and the legal-form word ignored).
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rit_portal import csv_io

from ..enums import Industry
from ..models import Application, ConsortiumMember
from .draft import require_editable

CSV_COLUMNS = ["name", "corporate_number", "industry", "capital_yen", "employees", "interest"]
MEMBER_FIELDS = CSV_COLUMNS
_LEGAL_FORMS = re.compile(
    r"株式会社|有限会社|合同会社|合資会社|合名会社|（株）|\(株\)|㈱|（有）|\(有\)|㈲"
    r"|\b(co|ltd|inc|corp|corporation|kk|llc|gmbh)\b", re.IGNORECASE)
_NOT_WORD = re.compile(r"[\W_]+")


def normalised_firm_name(name: str) -> str:
    """The firm's name reduced to what identifies it (for duplicate detection)."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _LEGAL_FORMS.sub("", text)
    return _NOT_WORD.sub("", text)


def _duplicate_problems(*, application: Application, name: str, corporate_number: str,
                        exclude_pk: int | None = None) -> dict[str, str]:
    others = application.consortium_members.exclude(pk=exclude_pk)
    problems = {}
    if corporate_number:
        twin = others.filter(corporate_number=corporate_number).first()
        if twin:
            problems["corporate_number"] = _(
                "“%(name)s” already has this corporate number in the consortium; a firm can "
                "appear only once.") % {"name": twin.name}
    key = normalised_firm_name(name)
    if key:
        for other in others.only("id", "name"):
            if normalised_firm_name(other.name) == key:
                problems["name"] = _(
                    "“%(name)s” is already in the consortium; a firm can appear only once."
                ) % {"name": other.name}
                break
    return problems


def _clean_member(member: ConsortiumMember, exclude_pk: int | None = None) -> None:
    errors: dict[str, list] = {}
    try:
        member.full_clean(exclude=["application", "position"], validate_unique=False,
                          validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    for name, message in _duplicate_problems(
            application=member.application, name=member.name,
            corporate_number=member.corporate_number, exclude_pk=exclude_pk).items():
        errors.setdefault(name, []).append(message)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def consortium_member_create(*, application: Application, by, name: str,
                             corporate_number: str, industry: str, capital_yen: int,
                             employees: int, interest: str) -> ConsortiumMember:
    """Add one firm to the consortium (refused when it is already there)."""
    require_editable(application=application, by=by)
    position = application.consortium_members.count() + 1
    member = ConsortiumMember(application=application, name=name.strip(),
                              corporate_number=corporate_number.strip(), industry=industry,
                              capital_yen=capital_yen, employees=employees,
                              interest=interest.strip(), position=position)
    _clean_member(member)
    member.save()
    return member


@transaction.atomic
def consortium_member_update(*, member: ConsortiumMember, by, **data) -> ConsortiumMember:
    """Change one firm's details (the duplicate rule ignores the firm itself)."""
    require_editable(application=member.application, by=by)
    for name in MEMBER_FIELDS:
        value = data[name]
        setattr(member, name, value.strip() if isinstance(value, str) else value)
    _clean_member(member, exclude_pk=member.pk)
    member.save()
    return member


@transaction.atomic
def consortium_member_delete(*, member: ConsortiumMember, by) -> None:
    require_editable(application=member.application, by=by)
    member.delete()


@dataclass
class CsvRowError:
    row: int  # line number in the file (the header is line 1); 0 for the file as a whole
    messages: list[str] = field(default_factory=list)


class ConsortiumCsvError(Exception):
    """The CSV file was refused; nothing was saved. `errors` lists each bad row."""

    def __init__(self, errors: list[CsvRowError]):
        super().__init__(f"{len(errors)} bad row(s)")
        self.errors = errors


# A consortium is five firms or a few dozen; more rows than this is not a consortium.
MAX_ROWS = 300
# The fields' ranges: stated capital in yen (bigint), regular employees (integer).
NUMBER_LIMITS = {"capital_yen": csv_io.MAX_YEN, "employees": 2_147_483_647}


@transaction.atomic
def consortium_import_csv(*, application: Application, by, content: str) -> list[ConsortiumMember]:
    """Add every row of a CSV (columns CSV_COLUMNS, header first) to the consortium.

    All or nothing: when any row is bad, ConsortiumCsvError lists every bad row with its
    line number and nothing is saved, so the applicant fixes the file and uploads it again
    without having to find out which rows already went in.
    """
    require_editable(application=application, by=by)
    try:
        table = csv_io.read_table(content, max_rows=MAX_ROWS)
    except csv_io.CsvError as exc:
        raise ConsortiumCsvError([CsvRowError(0, exc.messages)]) from exc
    missing = table.missing(CSV_COLUMNS)
    if missing:
        raise ConsortiumCsvError([CsvRowError(1, [_(
            "The header row must name the columns %(columns)s; missing: %(missing)s.")
            % {"columns": ", ".join(CSV_COLUMNS), "missing": ", ".join(missing)}])])
    industries = csv_io.ChoiceLookup(Industry)
    errors, members, seen_names, seen_numbers = [], [], {}, {}
    position = application.consortium_members.count()
    for line, values in table.rows:
        position += 1
        problems: list[str] = []
        numbers = {}
        for name, maximum in NUMBER_LIMITS.items():
            label = ConsortiumMember._meta.get_field(name).verbose_name
            try:
                numbers[name] = csv_io.whole_number(values[name], column=label,
                                                    max_value=maximum, yen=name == "capital_yen")
            except ValueError as exc:
                problems.append(str(exc))
                numbers[name] = 0  # the other fields are still checked
        member = ConsortiumMember(
            application=application, name=values["name"],
            corporate_number=unicodedata.normalize("NFKC", values["corporate_number"]),
            industry=industries(values["industry"]) or values["industry"],
            interest=values["interest"], position=position, **numbers)
        try:
            _clean_member(member)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                label = ConsortiumMember._meta.get_field(name).verbose_name
                problems += [f"{label}: {m}" for m in messages]
        key = normalised_firm_name(member.name)
        if key and key in seen_names:
            problems.append(_("Same firm as line %(line)d of this file.")
                            % {"line": seen_names[key]})
        elif member.corporate_number and member.corporate_number in seen_numbers:
            problems.append(_("Same corporate number as line %(line)d of this file.")
                            % {"line": seen_numbers[member.corporate_number]})
        seen_names.setdefault(key, line)
        if member.corporate_number:
            seen_numbers.setdefault(member.corporate_number, line)
        if problems:
            errors.append(CsvRowError(line, problems))
        members.append(member)
    if not members and not errors:
        errors.append(CsvRowError(1, [_("The file has no firms below the header row.")]))
    if errors:
        raise ConsortiumCsvError(errors)
    ConsortiumMember.objects.bulk_create(members)
    return members


def consortium_csv_template() -> str:
    """A CSV template with the header row and one example firm (with a byte-order mark,
    so that Japanese Excel opens it correctly)."""
    return csv_io.to_csv(CSV_COLUMNS, [[
        "株式会社サンプル製作所", "", Industry.MANUFACTURING.value, "30000000", "45",
        "ドイツ企業との部品の共同開発"]])
