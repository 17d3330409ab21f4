"""What the showcase writes in the application's history (rit_portal.system_texts)."""

from django.utils.translation import gettext_lazy as _

from rit_portal.system_texts import system_text

system_text("showcase.consent_given",
            _("The organisation agreed to the project's publication on the showcase."))
system_text("showcase.consent_withdrawn",
            _("The organisation withdrew its agreement to publication on the showcase."))
system_text("showcase.story_submitted",
            _("The outcome story for the showcase was sent for approval."))
system_text("showcase.story_approved", _("The outcome story for the showcase was approved."))
system_text("showcase.story_returned",
            _("The outcome story for the showcase was returned for changes."))
