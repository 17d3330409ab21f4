from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Only for its management command (load_demo_data)."""

    name = "demo"
    verbose_name = "Demo data"
