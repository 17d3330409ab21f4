"""Writes of the project itself: its end (HQ closes it early or cancels it), the partner's
contact and the firms of the project.

Only the applicant organisation changes its project (rules: projects.work_on_project), and
only while it runs; consortium members keep the name and corporate number they had in the
application (only their contact for the survey is added).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from privacy.services import collection_record
from rit_portal.permissions import require
from rit_portal.system_texts import event

from ..enums import REPORTED
from ..models import Project, ProjectFirm, ProjectStatusChange
from ..workflow import PROJECT, PROJECT_ENDS, WORK_ON, project_transition

FIRM_FIELDS = ("name", "corporate_number", "is_sme", "location", "contact_name",
               "contact_email", "survey_language")
CONTACT_FIELDS = ("contact_name", "contact_email", "survey_language")


def require_member(*, project: Project, by) -> None:
    """PermissionDenied unless `by` may change `project` (its organisation); ValidationError
    once the project has ended (workflow ability WORK_ON)."""
    require(by, "projects.work_on_project", project,
            message=_("Only the sponsored organisation can change its project."))
    PROJECT.require(project, WORK_ON)


@transaction.atomic
def project_end(*, project: Project, by, to: str, reason: str) -> ProjectStatusChange:
    """HQ closes a running project early or cancels it (`to`: workflow.PROJECT_ENDS), with
    the reason the organisation reads. On the project's timeline and in the application's
    history; the organisation is e-mailed in its language (after commit). From then on no
    report of it is due, reminded or late, and nothing of it changes."""
    if to not in PROJECT_ENDS:
        raise ValidationError({"to": _("Choose how the project ends.")})
    change = project_transition(project=project, to=to, by=by, note=reason,
                                event=event(f"project.{to}"))
    audit_record(event=event(f"project.{to}"), by=by, application=project.application,
                 note=change.note)
    return change


@transaction.atomic
def project_partner_contact_update(*, project: Project, by, name: str, email: str,
                                   organisation: str, language: str = "en") -> Project:
    """The partner region's contact, who receives the satisfaction survey in `language`."""
    require_member(project=project, by=by)
    project.partner_contact_name = name.strip()
    project.partner_contact_email = email.strip()
    project.partner_contact_organisation = organisation.strip()
    project.partner_contact_language = language
    if project.partner_contact_email and not project.partner_contact_organisation:
        raise ValidationError({"organisation": _("Give the contact's organisation.")})
    project.full_clean()
    project.save(update_fields=["partner_contact_name", "partner_contact_email",
                                "partner_contact_organisation", "partner_contact_language"])
    collection_record(record=project, by=by)
    return project


def _clean_firm(firm: ProjectFirm) -> None:
    firm.name = firm.name.strip()
    firm.contact_email = firm.contact_email.strip()
    firm.contact_name = firm.contact_name.strip()
    firm.full_clean()


@transaction.atomic
def project_firm_create(*, project: Project, by, **values) -> ProjectFirm:
    """Add a firm that took part without being a consortium member."""
    require_member(project=project, by=by)
    firm = ProjectFirm(project=project, from_consortium=False,
                       **{name: values[name] for name in FIRM_FIELDS if name in values})
    _clean_firm(firm)
    firm.save()
    collection_record(record=firm, by=by)
    return firm


@transaction.atomic
def project_firm_update(*, firm: ProjectFirm, by, **values) -> ProjectFirm:
    """Change a firm: every field of a firm added here, the contact of a consortium member."""
    require_member(project=firm.project, by=by)
    editable = CONTACT_FIELDS if firm.from_consortium else FIRM_FIELDS
    for name in editable:
        if name in values:
            setattr(firm, name, values[name])
    _clean_firm(firm)
    firm.save()
    collection_record(record=firm, by=by)
    return firm


@transaction.atomic
def project_firm_delete(*, firm: ProjectFirm, by) -> None:
    """Remove a firm added here, unless a report handed in names it."""
    require_member(project=firm.project, by=by)
    if firm.from_consortium:
        raise ValidationError(_("Consortium members stay in the project; untick them in a "
                                "report if they did not take part."))
    if firm.reports.filter(status__in=REPORTED).exists():
        raise ValidationError(_("“%(name)s” took part according to a report already handed "
                                "in; it cannot be removed.") % {"name": firm.name})
    firm.delete()
