"""The personal data projects keeps (privacy.holdings, registered in apps.py): the
partner region's contact, the firms' contacts, the delegates on rosters, the satisfaction
survey's participants and their answers, the receipts a person uploaded (listed).

Erasing blanks the person's fields and keeps the record: a roster still counts its
travellers, a survey answer keeps its scores (monitoring's figures are unchanged)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from privacy.categories import KEPT, access_entry
from privacy.enums import AccessKind
from privacy.holdings import ROWS_PER_CATEGORY, Category, Entry, lazily, matching
from privacy.models import PersonalDataAccess

from .models import Delegate, Project, ProjectFirm, Receipt, SurveyInvitation

# What a delegate's erased passport names read (Latin letters, as the roster requires).
ERASED_LATIN = "ERASED"


def _project_label(project: Project) -> str:
    return f"{project.application.reference} {project.application.title_ja}"


def _partner_contact(project: Project) -> Entry:
    return Entry(title=_project_label(project), pk=project.pk, fields=[
        (_("sponsored project"), _project_label(project)),
        (_("partner contact's name"), project.partner_contact_name),
        (_("partner contact's e-mail"), project.partner_contact_email),
        (_("partner contact's organisation"), project.partner_contact_organisation),
    ], correctable={"partner_contact_name": project.partner_contact_name,
                    "partner_contact_email": project.partner_contact_email})


def partner_contacts_of_user(user):
    return [_partner_contact(p) for p in Project.objects.filter(
        partner_contact_email__iexact=user.email).select_related("application").order_by("pk")]


def partner_contacts_matching(term):
    found = matching(Project.objects.select_related("application"), term,
                     "partner_contact_name", "partner_contact_email")
    return [_partner_contact(p) for p in found.order_by("pk")[:ROWS_PER_CATEGORY + 1]]


def partner_contact_erase(project: Project) -> None:
    Project.objects.filter(pk=project.pk).partner_contact_erase()


def _firm_contact(firm: ProjectFirm) -> Entry:
    return Entry(title=f"{firm.name} — {_project_label(firm.project)}", pk=firm.pk, fields=[
        (_("sponsored project"), _project_label(firm.project)),
        (_("firm name"), firm.name),
        (_("contact person"), firm.contact_name),
        (_("contact e-mail"), firm.contact_email),
    ], correctable={"contact_name": firm.contact_name, "contact_email": firm.contact_email})


def firm_contacts_of_user(user):
    return [_firm_contact(f) for f in ProjectFirm.objects.filter(
        contact_email__iexact=user.email).select_related("project__application").order_by("pk")]


def firm_contacts_matching(term):
    found = matching(ProjectFirm.objects.select_related("project__application"), term,
                     "contact_name", "contact_email")
    return [_firm_contact(f) for f in found.order_by("pk")[:ROWS_PER_CATEGORY + 1]]


def firm_contact_erase(firm: ProjectFirm) -> None:
    ProjectFirm.objects.filter(pk=firm.pk).contact_erase()


def _delegate(delegate: Delegate) -> Entry:
    activity = delegate.activity
    legs = "; ".join(str(leg) for leg in delegate.legs.all())
    return Entry(title=f"{delegate.passport_name} — {activity.title_ja}", pk=delegate.pk, fields=[
        (_("activity"), f"{activity.title_ja} ({activity.starts_on}–{activity.ends_on})"),
        (_("family name (as in passport)"), delegate.family_name),
        (_("given names (as in passport)"), delegate.given_names),
        (_("nationality"), str(delegate.nationality)),
        (_("organisation"), delegate.organisation),
        (_("role"), delegate.role),
        (_("traveller"), delegate.get_traveller_type_display()),
        (_("needs an interpreter"), delegate.needs_interpreter),
        (_("needs a visa"), delegate.needs_visa),
        (_("e-mail"), delegate.email),
        (_("flights"), legs),
        (_("consent recorded at"), delegate.consent_at),
        (_("consent given by the traveller"), delegate.consent_by_traveller),
        (_("consent refused at"), delegate.consent_refused_at),
        (_("consent asked at"), delegate.consent_asked_at),
    ], correctable={"family_name": delegate.family_name, "given_names": delegate.given_names,
                    "organisation": delegate.organisation, "email": delegate.email})


DELEGATE_RELATED = ("activity", "nationality")


def _delegates_named(user):
    """Travellers whose passport names are the account's names (both, whatever the case)
    or whose e-mail address (optional on a roster) is the account's."""
    by_name = (Q(family_name__iexact=user.last_name.strip(),
                 given_names__iexact=user.first_name.strip())
               if user.first_name.strip() and user.last_name.strip() else Q(pk__in=[]))
    by_email = Q(email__iexact=user.email) if user.email else Q(pk__in=[])
    return Delegate.objects.filter(by_name | by_email)


def delegates_of_user(user):
    return (_delegate(d) for d in lazily(_delegates_named(user).select_related(*DELEGATE_RELATED)
            .prefetch_related("legs").order_by("pk")))


def _delegates_matching(term):
    return matching(Delegate.objects.all(), term, "family_name", "given_names", "email")


def delegates_matching(term):
    found = _delegates_matching(term).select_related(*DELEGATE_RELATED).prefetch_related("legs")
    return [_delegate(d) for d in found.order_by("pk")[:ROWS_PER_CATEGORY + 1]]


def _looks_at(delegates) -> list[Entry]:
    """HQ's looks (privacy.PersonalDataAccess, written by views.common.hq_looked) at what
    names these travellers: the roster of their activity, the travel request of its
    project year, an invitation letter for them (not another traveller's letter). Found
    by the subject each look recorded, "<reference> · <activity | Yn | passport name>"."""
    subjects = {AccessKind.ROSTER: set(), AccessKind.TRAVEL_REQUEST: set(),
                AccessKind.INVITATION_LETTER: set()}
    for delegate in delegates.select_related("activity__project_year__project__application")[
            :ROWS_PER_CATEGORY + 1]:
        year = delegate.activity.project_year
        reference = year.project.application.reference
        for title in filter(None, (delegate.activity.title_ja, delegate.activity.title_en)):
            # The title in the language the page was read in.
            subjects[AccessKind.ROSTER].add(f"{reference} · {title}")
        subjects[AccessKind.TRAVEL_REQUEST].add(f"{reference} · Y{year.number}")
        subjects[AccessKind.INVITATION_LETTER].add(f"{reference} · {delegate.passport_name}")
    condition = Q(pk__in=[])
    for what, about in subjects.items():
        if about:
            condition |= Q(what=what, subject__in=sorted(about))
    return [access_entry(a) for a in PersonalDataAccess.objects.filter(condition)
            .order_by("-at", "-pk")[:ROWS_PER_CATEGORY + 1]]


def looks_of_user(user):
    """HQ's looks at the rosters, travel requests and invitation letters the person is on
    (by their passport names, as `delegates_of_user` finds them)."""
    return _looks_at(_delegates_named(user))


def looks_matching(term):
    return _looks_at(_delegates_matching(term))


def delegate_erase(delegate: Delegate) -> None:
    """Names, organisation and role blanked and the flights removed; the traveller stays
    on the roster (its counts), with nationality and type."""
    delegate.family_name = ERASED_LATIN
    delegate.given_names = ERASED_LATIN
    delegate.organisation = "—"
    delegate.role = "—"
    delegate.email = ""
    delegate.consent_asked_at = None  # its link named the address
    delegate.save(update_fields=["family_name", "given_names", "organisation", "role", "email",
                                 "consent_asked_at"])
    delegate.legs.all().delete()


SCORES = (("overall_satisfaction", _("overall satisfaction")),
          ("matching_usefulness", _("usefulness of the business matching")),
          ("seminar_usefulness", _("usefulness of the seminars")),
          ("interpretation_usefulness", _("usefulness of the interpretation")))


def _survey(invitation: SurveyInvitation) -> Entry:
    project = invitation.project_year.project
    fields = [
        (_("sponsored project"), _project_label(project)),
        (_("fiscal year"), invitation.project_year.fiscal_year),
        (_("name"), invitation.name),
        (_("organisation"), invitation.organisation_name),
        (_("e-mail"), invitation.email),
        (_("sent"), invitation.sent_at),
        (_("answered"), invitation.answered_at),
    ]
    response = getattr(invitation, "response", None)
    if response is not None:
        fields += [(label, getattr(response, name)) for name, label in SCORES]
        fields += [(_("did a business result follow?"), response.get_business_result_display()),
                   (_("comment"), response.comment)]
    return Entry(title=f"{_project_label(project)} — {invitation.project_year.fiscal_year}",
                 pk=invitation.pk, fields=fields,
                 correctable={"name": invitation.name, "email": invitation.email})


SURVEY_RELATED = ("project_year__project__application", "response")


def surveys_of_user(user):
    return (_survey(i) for i in lazily(SurveyInvitation.objects.filter(email__iexact=user.email)
            .select_related(*SURVEY_RELATED).order_by("pk")))


def surveys_matching(term):
    found = matching(SurveyInvitation.objects.select_related(*SURVEY_RELATED), term,
                     "name", "email")
    return [_survey(i) for i in found.order_by("pk")[:ROWS_PER_CATEGORY + 1]]


def survey_erase(invitation: SurveyInvitation) -> None:
    """Anonymised as the retention schedule does: the scores kept (the survey's figures
    are unchanged)."""
    SurveyInvitation.objects.filter(pk=invitation.pk).personal_data_erase()


def _receipt(receipt: Receipt) -> Entry:
    project = receipt.spend_line.report.project_year.project
    return Entry(title=receipt.original_name, pk=receipt.pk, fields=[
        (_("file"), receipt.original_name),
        (_("size (bytes)"), receipt.size),
        (_("sponsored project"), _project_label(project)),
        (_("uploaded"), receipt.uploaded_at),
    ])


RECEIPT_RELATED = ("spend_line__report__project_year__project__application",)


def receipts_of_user(user):
    return (_receipt(r) for r in lazily(Receipt.objects.filter(uploaded_by=user)
            .select_related(*RECEIPT_RELATED).order_by("pk")))


def receipts_matching(term):
    found = matching(Receipt.objects.select_related(*RECEIPT_RELATED), term,
                     "uploaded_by__email", "uploaded_by__first_name", "uploaded_by__last_name")
    return [_receipt(r) for r in found.order_by("pk")[:ROWS_PER_CATEGORY + 1]]


CATEGORIES = [
    Category("project_partner_contacts", _("Partner region's contact of a project"),
             of_user=partner_contacts_of_user, matching=partner_contacts_matching,
             model=Project, corrections={"partner_contact_name": _("partner contact's name"),
                                         "partner_contact_email": _("partner contact's e-mail")},
             erase=partner_contact_erase),
    Category("firm_contacts", _("Contacts of a project's firms"),
             of_user=firm_contacts_of_user, matching=firm_contacts_matching, model=ProjectFirm,
             corrections={"contact_name": _("contact person"),
                          "contact_email": _("contact e-mail")},
             erase=firm_contact_erase),
    Category("delegates", _("Travellers on delegate rosters"), of_user=delegates_of_user,
             matching=delegates_matching, model=Delegate,
             corrections={"family_name": _("family name (as in passport)"),
                          "given_names": _("given names (as in passport)"),
                          "organisation": _("organisation"), "email": _("e-mail")},
             erase=delegate_erase),
    Category("roster_looks", _("Looks at the rosters and travel documents naming the person"),
             of_user=looks_of_user, matching=looks_matching, kept_because=KEPT),
    Category("surveys", _("Satisfaction survey: invitations and answers"),
             of_user=surveys_of_user, matching=surveys_matching, model=SurveyInvitation,
             corrections={"name": _("name"), "email": _("e-mail")}, erase=survey_erase),
    Category("receipts", _("Receipts uploaded (listed)"), of_user=receipts_of_user,
             matching=receipts_matching, kept_because=_("A receipt is part of the accounts.")),
]
