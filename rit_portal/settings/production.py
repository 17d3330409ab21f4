"""Production settings: no insecure defaults. Missing SECRET_KEY, ALLOWED_HOSTS or EMAIL_URL
stops start-up, and so does an e-mail backend that keeps mail on the machine."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import EMAIL_BACKEND, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")  # no default: raises ImproperlyConfigured when unset
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")  # no default either

# E-mail goes to a real mail server: EMAIL_URL (smtp+tls://user:password@host:587) has no
# default, and a backend that keeps mail on the machine (console, file, in-memory, dummy)
# is refused, whether named by EMAIL_URL (consolemail://…) or EMAIL_BACKEND. Printed or
# stored mail would hold links that act for their addressee (password resets,
# invitations, signed links) where staff could read them, and would reach nobody.
if not env("EMAIL_URL", default=""):
    raise ImproperlyConfigured(
        "Set the EMAIL_URL environment variable to the mail server the portal sends through, "
        "e.g. smtp+tls://user:password@smtp.example.jp:587 (production settings never print, "
        "store or drop e-mail).")
if EMAIL_BACKEND.rsplit(".", 2)[-2] in {"console", "filebased", "locmem", "dummy"}:
    raise ImproperlyConfigured(
        f"EMAIL_URL names a backend that keeps e-mail on the machine ({EMAIL_BACKEND}); "
        "production settings send through a mail server only (smtp://, smtp+tls://, "
        "smtps://).")

# Behind a TLS-terminating proxy (nginx, a load balancer) that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Load balancers probe the health check over plain HTTP, behind the TLS proxy.
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^metrics/$"]
# One JSON object per log line, with the request id (rit_portal/observability.py).
LOG_FORMAT = env("LOG_FORMAT", default="json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405

# Error reporting, only when SENTRY_DSN is set: no personal data is sent (no user, no
# address, no cookies or bodies), only the error and where it happened.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(dsn=SENTRY_DSN, send_default_pii=False,
                    environment=env("SENTRY_ENVIRONMENT", default="production"),
                    traces_sample_rate=0.0)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# HQ staff and the administrator confirm a second factor (accounts/two_factor.py).
RIT_REQUIRE_2FA = env.bool("RIT_REQUIRE_2FA", default=True)
# The documented deployment has one TLS-terminating proxy in front of gunicorn.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    **STORAGES,  # noqa: F405 - the folder or the bucket (base.py)
    # Hashed, compressed static files served by whitenoise.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
