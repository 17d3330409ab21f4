"""The project's lifecycle (workflow.PROJECT): running → completed, closed early, cancelled,
each move on the project's timeline (ProjectStatusChange). Earlier statuses are renamed:
"active" is "running", "closed" (every report accepted) is "completed", with its move on
the timeline at the moment it closed."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def forwards(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    ProjectStatusChange = apps.get_model("projects", "ProjectStatusChange")
    Project.objects.filter(status="active").update(status="running")
    for project in Project.objects.filter(status="closed"):
        ProjectStatusChange.objects.create(
            project=project, from_status="running", to_status="completed",
            at=project.closed_at, event="project.completed", event_params={})
    Project.objects.filter(status="closed").update(status="completed")


def backwards(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    Project.objects.filter(status="running").update(status="active")
    Project.objects.exclude(status="active").update(status="closed")


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0001_projects_reports_surveys'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='project',
            name='closed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='ended at'),
        ),
        migrations.AlterField(
            model_name='project',
            name='status',
            field=models.CharField(choices=[('running', 'Running'), ('completed', 'Completed'), ('closed_early', 'Closed early'), ('cancelled', 'Cancelled')], default='running', max_length=12, verbose_name='status'),
        ),
        migrations.CreateModel(
            name='ProjectStatusChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('event', models.CharField(blank=True, max_length=60)),
                ('event_params', models.JSONField(blank=True, default=dict)),
                ('from_status', models.CharField(choices=[('running', 'Running'), ('completed', 'Completed'), ('closed_early', 'Closed early'), ('cancelled', 'Cancelled')], max_length=12)),
                ('to_status', models.CharField(choices=[('running', 'Running'), ('completed', 'Completed'), ('closed_early', 'Closed early'), ('cancelled', 'Cancelled')], max_length=12)),
                ('at', models.DateTimeField(default=django.utils.timezone.now)),
                ('note', models.TextField(blank=True)),
                ('by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_changes', to='projects.project')),
            ],
            options={
                'ordering': ['at', 'id'],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
