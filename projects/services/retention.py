"""The projects' categories of the retention schedule (privacy.retention; periods in
settings.PRIVACY_RETENTION, each from the event named): applied by privacy's one beat job.

What stays, for the monitoring figures and the accounts: every project, year, activity with
its participant counts, firm (name, corporate number, SME status), report, outcome, spend
line and survey rating. What goes: the people's names, addresses and journeys, free text
a participant typed, and uploaded receipts (their files after commit).
"""

import datetime as dt

from django.db.models import Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import ApplicantOrganisation
from applications.models import Application, Attachment, PartnerConfirmation, PriorContact
from privacy.retention import Category

from ..models import Delegate, Project, ProjectFirm, Receipt, SurveyInvitation, project_running


def _ended(before: dt.datetime):
    """Projects that ended (completed, closed early or cancelled) at or before `before`."""
    return Project.objects.ended().filter(closed_at__lte=before)


def delegates_remove(*, before: dt.datetime) -> int:
    """Delete the delegates and foreign experts (with their travel legs) of every project
    that ended at or before `before` (a cancelled or closed-early one too) and mark the
    project; returns the number of delegates deleted. A project already cleared is
    skipped."""
    projects = list(_ended(before).filter(personal_data_removed_at__isnull=True)
                    .select_for_update(skip_locked=True).values_list("pk", flat=True))
    if not projects:
        return 0
    deleted, by_model = Delegate.objects.filter(
        activity__project_year__project__in=projects).delete()
    Project.objects.filter(pk__in=projects).update(personal_data_removed_at=timezone.now())
    return by_model.get(Delegate._meta.label, 0)


def firm_contacts_remove(*, before: dt.datetime) -> int:
    """Blank the contact person and address of the firms of every project that ended at or
    before `before` (the firm, its corporate number and SME status stay: monitoring counts
    them); returns the number of firms changed."""
    return ProjectFirm.objects.filter(project__in=_ended(before)).contact_erase()


def partner_contacts_remove(*, before: dt.datetime) -> int:
    """Blank the partner region's contact persons of every project that ended at or before
    `before`: the project's partner contact, its application's confirmations of interest
    (name, address, message; the organisation and the answer stay: criterion 3) and prior
    contacts (the people involved and what happened; the date and form stay); returns the
    number of records changed."""
    ended = _ended(before)
    applications = ended.values("application")
    return (ended.partner_contact_erase()
            + PartnerConfirmation.objects.filter(application__in=applications)
            .personal_data_erase()
            + PriorContact.objects.filter(application__in=applications).personal_data_erase())


def survey_answers_anonymise(*, before: dt.datetime) -> int:
    """Anonymise the satisfaction survey's invitations sent at or before `before`: the
    participant's name, organisation and firm removed, the address replaced by one that
    names nobody (unique per invitation, never deliverable), the answer's comment blanked;
    the ratings, business result, dates and language stay (monitoring's survey figures).
    Returns the number of invitations anonymised."""
    return SurveyInvitation.objects.filter(sent_at__lte=before).personal_data_erase()


def project_files_remove(*, before: dt.datetime) -> int:
    """Delete the uploaded files of every project that ended at or before `before`: the
    receipts of its spend lines and its application's attachments (the records, and their
    files from storage after commit: rit_portal.stored_files); the spend lines and their
    amounts stay. Returns the number of files deleted."""
    ended = _ended(before)
    receipts, _by_model = Receipt.objects.filter(
        spend_line__report__project_year__project__in=ended).delete()
    attachments, _by_model = Attachment.objects.filter(
        application__in=ended.values("application")).delete()
    return receipts + attachments


def organisation_contacts_anonymise(*, before: dt.datetime) -> int:
    """Anonymise the contact person of every applicant organisation the programme no
    longer serves: none of its projects is running, and its last activity (its
    registration, its last application's last change, its last project's end) was at or
    before `before`. The organisation, its address and representative, its members'
    accounts, applications and projects stay (monitoring counts them): only the contact's
    names, telephone and address go (ApplicantOrganisation.objects.contact_erase).
    Returns the number of organisations anonymised."""
    last_change = (Application.objects.filter(organisation=OuterRef("pk"))
                   .order_by("-updated_at").values("updated_at")[:1])
    last_end = (Project.objects.filter(organisation=OuterRef("pk"))
                .order_by(F("closed_at").desc(nulls_last=True)).values("closed_at")[:1])
    running = Project.objects.filter(project_running(), organisation=OuterRef("pk"))
    # An organisation that never applied (or whose projects never ended) is as old as its
    # registration (COALESCE: SQLite's MAX() of a NULL is NULL).
    return (ApplicantOrganisation.objects
            .alias(last_active=Greatest("created_at",
                                        Coalesce(Subquery(last_change), "created_at"),
                                        Coalesce(Subquery(last_end), "created_at")))
            .filter(~Exists(running), last_active__lte=before)
            .contact_erase())


CATEGORIES = [
    Category("firm_contacts", _("Contacts of the project's firms"),
             _("the project ends (completed, closed early or cancelled)"),
             _("Contact person and e-mail address blanked; the firm, its corporate number "
               "and SME status kept."), firm_contacts_remove),
    Category("partner_contacts", _("Partner region's contacts of a project"),
             _("the project ends (completed, closed early or cancelled)"),
             _("The project's partner contact, the confirmations' contact and message, the "
               "prior contacts' people and description blanked; organisation, answer and "
               "dates kept."), partner_contacts_remove),
    Category("delegates", _("Delegates and foreign experts (rosters)"),
             _("the project ends (completed, closed early or cancelled)"),
             _("Every traveller and their flights deleted; the activities' participant "
               "counts kept."), delegates_remove),
    Category("survey_answers", _("Satisfaction survey answers"),
             _("the survey is sent"),
             _("Anonymised: name, organisation and comment removed, the address replaced; "
               "the ratings and business result kept."), survey_answers_anonymise),
    Category("project_files", _("Uploaded files of a project (receipts, attachments)"),
             _("the project ends (completed, closed early or cancelled)"),
             _("Receipts and the application's attachments deleted with their files; the "
               "spend lines and amounts kept."), project_files_remove),
    Category("organisation_contacts",
             _("Contacts of applicant organisations the programme no longer serves"),
             _("the organisation's last activity (registration, an application's last "
               "change, a project's end; never while a project runs)"),
             _("Anonymised: the contact person's names and telephone blanked, the e-mail "
               "address replaced; the organisation, its address, members, applications and "
               "projects kept."), organisation_contacts_anonymise),
]
