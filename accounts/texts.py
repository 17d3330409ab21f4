"""What the portal writes on the history about an organisation (rit_portal.system_texts)."""

from django.utils.translation import gettext_lazy as _

from audit.services import changes_formatter
from regions.selectors import office_name
from rit_portal.system_texts import system_text

from .models import ApplicantOrganisation

# The organisation's own changes on its page (accounts.services.organisation_profile_update),
# shown to HQ on the history of each of its applications and projects.
system_text("organisation.updated",
            _("Organisation details changed by the organisation: %(changes)s."),
            changes=changes_formatter(ApplicantOrganisation))

system_text("office_staff.invited",
            _("%(email)s invited as staff of %(office)s."), office=office_name)
