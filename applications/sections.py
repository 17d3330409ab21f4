"""The sections of the application form, in order: one list for the section navigation,
the completeness checklist's links and the read-only view.

Each entry is (key, label, URL name); every URL takes the application's pk. Sections owned
by other apps (the cost proposal) are listed here too so that the applicant sees one form.
"""

from django.utils.translation import gettext_lazy as _

SECTIONS = [
    ("overview", _("Overview"), "applications:section-overview"),
    ("consortium", _("Consortium"), "applications:section-consortium"),
    ("cooperation", _("Planned cooperation"), "applications:section-cooperation"),
    ("prospects", _("Criterion 2: prospects"), "applications:section-prospects"),
    ("partner", _("Criterion 3: partner contact"), "applications:section-partner"),
    ("costs", _("Cost proposal"), "sponsorship:cost-proposal"),
    ("attachments", _("Attachments"), "applications:section-attachments"),
]
