"""The demo programme `make run` loads (`manage.py load_demo_data`): organisations and
users, calls and applications in every state, the selection, letters and a sponsored
project in its post-award stage. It uses the apps' services as a user would; no runtime
module of an app imports it (tests/project/test_layers.py: it is the top layer)."""
