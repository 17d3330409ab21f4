"""Production settings: no insecure defaults. Missing SECRET_KEY or ALLOWED_HOSTS stops start-up."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")  # no default: raises ImproperlyConfigured when unset
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")  # no default either

# Behind a TLS-terminating proxy (nginx, a load balancer) that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Load balancers probe the health check over plain HTTP, behind the TLS proxy.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
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
    "default": (
        {
            # S3-compatible object storage for attachments and award letters.
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
                "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
                "default_acl": "private",
                "querystring_auth": True,
            },
        }
        if env("AWS_STORAGE_BUCKET_NAME", default="")
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    # Hashed, compressed static files served by whitenoise.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
