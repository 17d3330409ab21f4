from django.db import migrations


def load(apps, schema_editor):
    from regions.services import reference_data_load

    reference_data_load(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    # Reference data is kept up to date afterwards by `manage.py load_reference_data`.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
