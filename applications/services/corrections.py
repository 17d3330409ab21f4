"""Corrections made by the programme office in the administration site, each recorded on
the history. An application itself is never corrected there: only its organisation may
change it, while its status permits (HQ asks for more information to reopen it), so the
record of what the applicant submitted stays theirs."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import ApplicantOrganisation
from accounts.services import ORGANISATION_FIELDS
from audit.services import audit_record, field_changes, snapshot
from rit_portal.permissions import require
from rit_portal.system_texts import event


@transaction.atomic
def organisation_correct(*, organisation: ApplicantOrganisation, by, values: dict,
                         reason: str) -> ApplicantOrganisation:
    """Change an organisation's details (ORGANISATION_FIELDS) on HQ's or the administrator's
    authority, with the reason; the old and new values go on the history, shown on every
    application of the organisation. Nothing changed: nothing recorded."""
    require(by, "applications.manage_calls")
    unknown = set(values) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"organisation_correct() got unknown fields {sorted(unknown)}")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the details are corrected.")})
    organisation = ApplicantOrganisation.objects.select_for_update().get(pk=organisation.pk)
    before = snapshot(organisation, ORGANISATION_FIELDS)
    for name, value in values.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    changes = field_changes(before, snapshot(organisation, ORGANISATION_FIELDS))
    if changes:
        audit_record(event=event("organisation.corrected", changes=changes), by=by,
                     organisation=organisation, note=reason.strip())
    return organisation
