"""Tables whose rows are only ever added: the history, the privacy notice's versions, who
looked at personal data. The model refuses a change or a deletion of a saved row; the
runtime database role may only INSERT and SELECT on them (`append_only = True`, read by
audit's `manage.py database_roles`)."""

from django.db import models


class AppendOnly(models.Model):
    # The runtime database role may INSERT and SELECT, nothing more (audit's database_roles).
    append_only = True

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(f"{self._meta.verbose_name} rows are append-only: never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{self._meta.verbose_name} rows are append-only: never deleted.")
