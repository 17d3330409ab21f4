"""The personal data accounts keeps, for a person's download and HQ's answer to a request
(privacy.holdings, registered in apps.py): the account, the organisations they belong to
or are the contact of, and, for the two services below accounts that cannot register
themselves beside privacy, the e-mails addressed to them (notifications) and the history
of what they did (audit)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from notifications.models import Notification
from privacy.holdings import (
    ROWS_PER_CATEGORY,
    Category,
    Entry,
    Includes,
    lazily,
    matching,
    mentions,
)
from rit_portal.append_only import PEOPLE_PARAMS
from rit_portal.conventions import bracketed, short_date, stamp
from rit_portal.system_texts import render_event

from .models import ApplicantOrganisation, Invitation, User

ORGANISATION_CONTACT = {
    "contact_name": _("contact person"),
    "contact_name_en": _("contact person (Latin script)"),
    "contact_email": _("contact e-mail"),
    "contact_phone": _("contact telephone"),
}


def _account(user: User) -> Entry:
    return Entry(title=str(_("Account")), pk=user.pk, fields=[
        (_("e-mail address"), user.email),
        (_("family name"), user.last_name),
        (_("given name"), user.first_name),
        (_("role"), user.get_role_display()),
        (_("language"), user.get_language_display()),
        (_("applicant organisation"), str(user.organisation) if user.organisation_id else ""),
        (_("JETRO office"), str(user.office) if user.office_id else ""),
        (_("account created"), user.date_joined),
        (_("last login"), user.last_login),
        (_("active"), user.is_active),
    ], correctable={"first_name": user.first_name, "last_name": user.last_name})


def accounts_of_user(user):
    return [_account(User.objects.select_related("organisation", "office").get(pk=user.pk))]


def accounts_matching(term):
    users = matching(User.objects.select_related("organisation", "office"), term,
                     "email", "first_name", "last_name").order_by("email")
    return [_account(user) for user in users[:ROWS_PER_CATEGORY + 1]]


def _organisation(organisation: ApplicantOrganisation, *, member: bool) -> Entry:
    fields = [(_("applicant organisation"), organisation.name_ja),
              (_("member of the organisation"), member)]
    fields += [(label, getattr(organisation, name))
               for name, label in ORGANISATION_CONTACT.items()]
    return Entry(title=organisation.name_ja, pk=organisation.pk, fields=fields,
                 correctable={name: getattr(organisation, name) for name in ORGANISATION_CONTACT})


def organisations_of_user(user):
    """The organisation the person belongs to and those naming their address as contact;
    the contact's fields are shown only where the contact is them."""
    entries = []
    if user.organisation_id:
        organisation = user.organisation
        if organisation.contact_email.lower() == user.email.lower():
            entries.append(_organisation(organisation, member=True))
        else:
            entries.append(Entry(title=organisation.name_ja, fields=[
                (_("applicant organisation"), organisation.name_ja),
                (_("member of the organisation"), True)]))
    for organisation in (ApplicantOrganisation.objects
                         .filter(contact_email__iexact=user.email)
                         .exclude(pk=user.organisation_id or 0)):
        entries.append(_organisation(organisation, member=False))
    return entries


def organisations_matching(term):
    organisations = matching(ApplicantOrganisation.objects.all(), term, *ORGANISATION_CONTACT,
                             "representative_name_ja", "representative_name_en")
    return [_organisation(organisation, member=False) for organisation
            in organisations.order_by("name_ja", "pk")[:ROWS_PER_CATEGORY + 1]]


def _invitation(invitation: Invitation) -> Entry:
    """An invitation sent to the person's address: where to, when, and whether it was
    used (who sent it is another person, not shown)."""
    to = invitation.organisation or invitation.office
    return Entry(title=f"{_('Invitation')}{bracketed(short_date(invitation.created_at))}",
                 pk=invitation.pk, fields=[
        (_("e-mail address"), invitation.email),
        (_("invited to"), str(to) if to else invitation.get_role_display()),
        (_("role"), invitation.get_role_display()),
        (_("language"), invitation.get_language_display()),
        (_("sent"), invitation.created_at),
        (_("expires at"), invitation.expires_at),
        (_("accepted at"), invitation.accepted_at),
    ])


INVITATION_RELATED = ("organisation", "office")


def invitations_of_user(user):
    """The invitations sent to the person's address or that made their account (not those
    they sent: those addresses are other people's)."""
    return [_invitation(i) for i in Invitation.objects.filter(
        Q(email__iexact=user.email) | Q(accepted_user=user))
        .select_related(*INVITATION_RELATED).order_by("created_at", "pk")]


def invitations_matching(term):
    found = matching(Invitation.objects.select_related(*INVITATION_RELATED), term, "email")
    return [_invitation(i) for i in found.order_by("created_at", "pk")[:ROWS_PER_CATEGORY + 1]]


def invitation_erase(invitation: Invitation) -> None:
    """The address replaced as the retention schedule does (an open invitation ends)."""
    Invitation.objects.filter(pk=invitation.pk).address_erase()


def _notification(notification: Notification, addresses: list[str]) -> Entry:
    return Entry(title=f"{notification.get_kind_display()}"
                       f"{bracketed(short_date(notification.created_at))}",
                 pk=notification.pk, fields=[
        (_("kind"), notification.get_kind_display()),
        (_("addressed to"), ", ".join(addresses)),
        (_("recorded"), notification.created_at),
        (_("sent"), notification.sent_at),
        (_("status"), notification.get_status_display()),
    ])


def notifications_of_user(user):
    """E-mails addressed to the person, naming only their own address (an e-mail to an
    organisation's members lists the others too)."""
    own = [user.email]
    return (_notification(n, own) for n in lazily(Notification.objects.filter(
        Includes("recipients", user.email)).order_by("-created_at", "-pk")))


def notifications_matching(term):
    found = matching(Notification.objects.all(), term, "recipients")
    return [_notification(n, [r for r in n.recipients if mentions(r, term)])
            for n in found.order_by("-created_at", "-pk")[:ROWS_PER_CATEGORY + 1]]


# The parameters of a history text that name another person (a reviewer assigned, an
# address invited, the other party of a conflict, a name HQ searched for).
OTHERS_PARAMS = PEOPLE_PARAMS
WITHHELD = "—"


def _own_event_text(entry: AuditEvent, user) -> str:
    """The entry's text for `user`'s own download: a parameter naming someone else is
    withheld (one that names the user themselves stays)."""
    own = [user.email, f"{user.first_name} {user.last_name}".strip()]
    params = {key: value if key not in OTHERS_PARAMS or not isinstance(value, str)
              or any(term and mentions(value, term) for term in own) else WITHHELD
              for key, value in (entry.event_params or {}).items()}
    return render_event(entry.event, params)


def _history(entry: AuditEvent, user=None) -> Entry:
    return Entry(title=stamp(entry.at), pk=entry.pk, fields=[
        (_("at"), entry.at),
        (_("what happened"),
         entry.event_text if user is None else _own_event_text(entry, user)),
        (_("note"), entry.note),
        (_("application"), entry.application.reference if entry.application_id else ""),
    ])


def history_of_user(user):
    return (_history(entry, user) for entry in lazily(AuditEvent.objects.filter(by=user)
            .select_related("application").order_by("at", "pk")))


def history_matching(term):
    found = matching(AuditEvent.objects.select_related("application"), term,
                     "by__email", "by__first_name", "by__last_name")
    return [_history(entry) for entry in found.order_by("at", "pk")[:ROWS_PER_CATEGORY + 1]]


CATEGORIES = [
    Category("account", _("Account and profile"), of_user=accounts_of_user,
             matching=accounts_matching, model=User,
             corrections={"first_name": _("given name"), "last_name": _("family name")},
             kept_because=_("An account is closed by the administrator, not erased here.")),
    Category("organisation", _("Organisations: membership and contact"),
             of_user=organisations_of_user, matching=organisations_matching,
             model=ApplicantOrganisation, corrections=ORGANISATION_CONTACT,
             kept_because=_("An organisation needs a contact: correct it to the new one.")),
    Category("invitations", _("Invitations sent to the person's address"),
             of_user=invitations_of_user, matching=invitations_matching, model=Invitation,
             erase=invitation_erase),
    Category("notifications", _("E-mails addressed to the person"),
             of_user=notifications_of_user, matching=notifications_matching,
             kept_because=_("The outbox is removed by the retention schedule.")),
    Category("history", _("History of the person's actions"), of_user=history_of_user,
             matching=history_matching,
             kept_because=_("The history is append-only.")),
]


class AuditTrail:
    """The history a personal data request's actions go on (privacy.services.REQUEST_TRAIL):
    audit's, which privacy, beside it, cannot import."""

    @staticmethod
    def write(*, event: dict, by, note: str = "") -> None:
        from audit.services import audit_record

        audit_record(event=event, by=by, note=note)

    @staticmethod
    def entries(*, request_id: int):
        return (AuditEvent.objects.filter(event__startswith="privacy.",
                                          event_params__request=request_id)
                .select_related("by").order_by("at", "pk"))


def register() -> None:
    """Register accounts' categories and the requests' history with privacy."""
    from privacy.holdings import CATEGORIES as REGISTRY
    from privacy.services import REQUEST_TRAIL

    for item in CATEGORIES:
        REGISTRY.register(item)
    REQUEST_TRAIL.register(AuditTrail)
