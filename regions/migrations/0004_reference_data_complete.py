from django.db import migrations


def load(apps, schema_editor):
    from regions.services import reference_data_load

    # Adds every ISO country (CLDR names), every JETRO office and territory not yet
    # present; keeps the rows a portal has (demo data and tests rely on their codes).
    reference_data_load(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("regions", "0003_offices_territories_iso_codes")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
