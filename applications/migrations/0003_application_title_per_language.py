from django.db import migrations, models


class Migration(migrations.Migration):
    """Application.title was the Japanese title while Call.title picks the reader's
    language: the stored field is now named for its language (title_ja) and `title`
    is the bilingual accessor, as for every bilingual field."""

    dependencies = [
        ("applications", "0002_blank_actor_fields"),
    ]

    operations = [
        migrations.RenameField(model_name="application", old_name="title", new_name="title_ja"),
        migrations.AlterField(
            model_name="application", name="title_ja",
            field=models.CharField(max_length=200, verbose_name="project title (Japanese)"),
        ),
    ]
