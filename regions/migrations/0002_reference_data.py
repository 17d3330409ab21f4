from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    # The reference data is loaded by 0004 (the loader needs the models as 0003 leaves
    # them); portals that ran this migration when it loaded the data keep their rows, and
    # 0004 adds what is new. Kept as a no-op so the migration graph stays the same.
    operations = []
