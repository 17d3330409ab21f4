"""Monitoring's category of the retention schedule (privacy.retention; its period in
settings.PRIVACY_RETENTION): the exports of a call produced by the worker, which name
reviewers and HQ's deciders, removed with their files a week after they were finished."""

from django.utils.translation import gettext_lazy as _

from privacy.retention import Category

from .services import export_jobs_remove

CATEGORIES = [
    Category("export_files", _("Exports of a call produced by the worker"),
             _("the export is finished (or has failed)"),
             _("Removed, with the file."), export_jobs_remove),
]
