"""What the monitoring writes on a call's history (rit_portal.system_texts)."""

from django.utils.translation import gettext_lazy as _

from rit_portal.system_texts import system_text


def _table_label(value: str) -> str:
    from .enums import ExportTable

    return str(ExportTable(value).label) if value in ExportTable.values else value


# HQ downloaded a table of the call's applications (confidential data leaving the portal).
system_text("monitoring.export", _("Exported the call's %(table)s as %(fmt)s."),
            table=_table_label, fmt=str.upper)
