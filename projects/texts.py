"""What the portal writes on a progress report's timeline (rit_portal.system_texts)."""

from django.utils.translation import gettext_lazy as _

from rit_portal.system_texts import system_text

system_text("report.submitted_late",
            _("Submitted %(days)s day(s) after the due date (%(due)s)."))
