"""Settings shared by every environment; each value can be overridden from the environment.

With no environment set this is the *embedded default*: a SQLite file next to manage.py,
Celery tasks executed in-process, e-mail printed on the console. Setting DATABASE_URL and
REDIS_URL (or CELERY_BROKER_URL) switches to PostgreSQL, Redis and real Celery workers.
"""

import datetime as dt
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from rit_portal.object_storage import s3_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A .env file is optional; the real environment always wins over it.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
# Development-only key; production.py has no default and refuses to start without one.
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Absolute base of links in e-mails (partner confirmation links, letters), no trailing slash.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    # The administration site: the portal's login (2FA, throttling), 404 where refused.
    "rit_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles so that `runserver` serves static files the way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    # Second factor (TOTP apps and recovery codes) for HQ staff and the administrator.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "accounts",
    "regions",
    "applications",
    # Foreign regions register their interest; applicants are introduced to them.
    "partnering",
    "reviews",
    "sponsorship",
    "projects",
    "monitoring",
    # The public showcase of sponsored tie-ups, its map, and the promoter kit.
    "showcase",
    "notifications",
    # The append-only history every app records into (audit.services.audit_record).
    "audit",
    # Personal data (APPI): the privacy notice and its versions, what was collected under
    # which, who looked (privacy.services; docs/privacy.md).
    "privacy",
    # The demo programme's loader (`manage.py load_demo_data`); nothing else imports it.
    "demo",
    # The shared layer's commands (migrate_locked: the release step of scripts/serve.sh).
    "rit_portal.apps.PortalConfig",
]

MIDDLEWARE = [
    # First: the request id on every log line below and on the tasks queued; the request's
    # log line and latency (rit_portal/observability.py).
    "rit_portal.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Refuses a body larger than MAX_REQUEST_BYTES before anything reads it.
    "rit_portal.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "rit_portal.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: "the e-mail will follow shortly" when the task queue did not answer.
    "rit_portal.middleware.DeferredWorkNoticeMiddleware",
    # After messages: an expired session says so on the login page.
    "rit_portal.middleware.SessionTimeoutMiddleware",
    "accounts.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it inspects the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rit_portal.urls"
WSGI_APPLICATION = "rit_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
            # {% load money %}: the one format of yen (and euros) on every page.
            # {% load pagination %}: the links of every paginated list (rit_portal/pagination.py).
            "libraries": {"money": "rit_portal.money", "pagination": "rit_portal.pagination"},
            # Dates, Japan time, fiscal years, brackets, lists in the reader's language,
            # on every page without {% load %} (rit_portal/conventions.py); every status
            # badge, {% status_badge obj %} (rit_portal/badges.py); every form's error
            # summary and title, {% error_summary %} (rit_portal/form_errors.py).
            "builtins": ["rit_portal.conventions", "rit_portal.badges", "rit_portal.form_errors"],
        },
    },
    {
        # E-mails are plain text: rendered without HTML escaping (notifications.services).
        "NAME": "email",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False, "libraries": {"money": "rit_portal.money"},
                    "builtins": ["rit_portal.conventions"]},
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Each request in one transaction: a failed service leaves nothing half-saved.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A database host that does not answer gives the error page (and the health check its
    # 503) within seconds, not after the operating system's TCP timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
# The role that owns the tables: scripts/serve.sh runs migrate and `manage.py
# database_roles` with it. DATABASE_URL is then the runtime role of the web and the
# workers, which can neither change the schema nor erase the append-only history
# (docs/security.md). Unset: the same role as DATABASE_URL (one role, as in development).
DATABASE_OWNER = (env.db("DATABASE_OWNER_URL") if env("DATABASE_OWNER_URL", default="")
                  else DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Throttles repeated failed logins per user and address.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "public-home"

# --- Login throttling (django-axes; see accounts/throttling.py) -----------------------------
# Failures count per account and, separately, per client address: either reaching the limit
# within the cool-off locks that account (or that address) until the cool-off has passed.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Django's login form posts `username` (the user model's field is `email`).
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.throttling.login_name"
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
# Tries during a lockout do not extend it: an attacker cannot keep someone locked out alone.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False  # its start-up banner would print before every command
# Reverse proxies in front of the portal that append to X-Forwarded-For (0: none, the
# client connects directly). The lockout counts the address the outermost one received.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- Second factor (django-otp; see accounts/two_factor.py) ---------------------------------
# When set, HQ staff and the administrator confirm a code from an authenticator app (or a
# recovery code) after their password before any page of theirs; production sets it.
RIT_REQUIRE_2FA = env.bool("RIT_REQUIRE_2FA", default=False)
OTP_TOTP_ISSUER = "RIT Portal"

# --- Sessions ------------------------------------------------------------------------------
# Logged out after SESSION_IDLE_TIMEOUT without a request, and SESSION_COOKIE_AGE after
# logging in whatever the activity (ASVS 3.3.2: 30 minutes idle, 12 hours at most).
SESSION_IDLE_TIMEOUT = dt.timedelta(minutes=env.int("SESSION_IDLE_MINUTES", default=30))
SESSION_COOKIE_AGE = env.int("SESSION_MAX_HOURS", default=12) * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Response headers -----------------------------------------------------------------------
# Content Security Policy (django-csp): only the portal's own scripts, styles, images and
# fonts; no inline script or style, no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Browser features no page of the portal uses.
PERMISSIONS_POLICY = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
                      "magnetometer=(), microphone=(), payment=(), usb=(), "
                      "interest-cohort=()")

# Internationalisation: Japanese first, English second; Japan time; yen.
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
# The pages a foreign partner or participant reads without an account (the partner's
# confirmation, the participants' survey, their e-mails) are offered in the languages of
# the programme's partner countries too (rit_portal/partner_languages.py). Only those pages:
# staff pages, LocaleMiddleware and the language switcher keep to LANGUAGES above. Each
# language named in its own script (a reader finds their own language without reading ours).
PARTNER_LANGUAGES = [("en", "English"), ("ja", "日本語"), ("de", "Deutsch"),
                     ("fr", "Français"), ("ko", "한국어"), ("vi", "Tiếng Việt"),
                     ("zh-hant", "繁體中文")]
# App catalogues first so that `makemessages` run from the root files each message
# under the app it belongs to (see Makefile: messages).
LOCALE_PATHS = [
    BASE_DIR / "accounts" / "locale",
    BASE_DIR / "regions" / "locale",
    BASE_DIR / "applications" / "locale",
    BASE_DIR / "partnering" / "locale",
    BASE_DIR / "reviews" / "locale",
    BASE_DIR / "sponsorship" / "locale",
    BASE_DIR / "projects" / "locale",
    BASE_DIR / "monitoring" / "locale",
    BASE_DIR / "showcase" / "locale",
    BASE_DIR / "notifications" / "locale",
    BASE_DIR / "locale",
    # The partner languages' catalogues (de, fr, ko, vi, zh-hant): only the strings of the
    # partner-facing pages and e-mails (tests/project/test_partner_languages.py finds them
    # by rendering those pages). Last, so that `makemessages -l ja` never files a string here.
    BASE_DIR / "partner_locale",
]
# The chosen interface language outlives the browser session (a year); production sends
# it over HTTPS only.
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Where collectstatic writes the files whitenoise serves in production.
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# runserver and DEBUG serve from the source folders; production from collectstatic output.
WHITENOISE_USE_FINDERS = DEBUG
STATICFILES_DIRS = [BASE_DIR / "static"]
# Stored files (attachments, receipts, letters, annual reports, cached application PDFs):
# the folder MEDIA_ROOT (one host), or, when AWS_STORAGE_BUCKET_NAME is set, a private
# bucket of any S3-compatible service that every host shares (rit_portal/object_storage.py;
# docs/deployment.md, "Stored files"). Never under STATIC_ROOT, never linked by a URL of
# their own: the portal's views serve them after a permission check.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"  # never routed: files go through views that check permissions
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
STORAGES = {
    "default": s3_storage(
        bucket_name=AWS_STORAGE_BUCKET_NAME,
        endpoint_url=env("AWS_S3_ENDPOINT_URL", default=""),
        region_name=env("AWS_S3_REGION_NAME", default=""),
        access_key=env("AWS_ACCESS_KEY_ID", default=""),
        secret_key=env("AWS_SECRET_ACCESS_KEY", default=""),
        addressing_style=env("AWS_S3_ADDRESSING_STYLE", default=""),
        connect_timeout=env.float("AWS_S3_CONNECT_TIMEOUT", default=3.0),
        read_timeout=env.float("AWS_S3_READ_TIMEOUT", default=10.0),
    ) if AWS_STORAGE_BUCKET_NAME else {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Largest PDF attachment accepted from an applicant.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
# Largest request body accepted at all: an attachment and the form around it. Larger ones
# get a 413 page before anything is read (set the proxy's limit, e.g. nginx
# client_max_body_size, to the same value: docs/security.md).
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=ATTACHMENT_MAX_BYTES + 1024 * 1024)
# Form fields outside files (a cost table of many lines is the largest): its 200 lines of
# about ten fields each must fit.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 3000

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
# Folder of the file-based backend (EMAIL_BACKEND=…filebased.EmailBackend), e.g. in worker tests.
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-mail"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL",
                         default="RIT Portal <rit-portal@example.jetro.go.jp>")
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
# Seconds before an SMTP call gives up: the award letter's e-mail holds its row lock while
# sending, so a hung mail server must fail (and be retried) rather than block it forever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# HQ may read every message in the browser (notifications outbox) only where e-mail does
# not leave the machine: the messages hold links that act for whoever opens them.
NOTIFICATIONS_BROWSABLE_OUTBOX = env.bool(
    "NOTIFICATIONS_BROWSABLE_OUTBOX",
    default=EMAIL_BACKEND.rsplit(".", 2)[-2] in {"console", "filebased", "locmem"})
# How often beat's sweep sends what is still owed (and re-queues stale award letters).
NOTIFICATIONS_SWEEP_SECONDS = env.int("NOTIFICATIONS_SWEEP_SECONDS", default=60)
# How often beat computes the dashboard's figures again (monitoring.refresh_figures): the
# dashboard and the API are at most this far behind (the page says as of when).
MONITORING_FIGURES_REFRESH_SECONDS = env.int("MONITORING_FIGURES_REFRESH_SECONDS", default=300)
# A board job (publication, bulk action) with no progress for this long has lost its task
# (a worker killed) and beat's sweep queues it again: far above one step's few seconds;
# running a job twice is harmless (sponsorship/board_jobs.py), so lower is only busier.
BOARD_JOB_STALE_SECONDS = env.int("BOARD_JOB_STALE_SECONDS", default=120)

# The retention schedule (APPI Art. 22: personal data erased once it is no longer needed):
# each category of personal data → how many days after its starting event it is removed or
# anonymised by beat's one job (privacy.retention, docs/privacy.md); each overridable as
# PRIVACY_RETENTION_<CATEGORY>_DAYS. The rows monitoring counts stay, their personal fields
# blanked. A system check (privacy.E001) holds this table and the registered categories
# to each other.
PRIVACY_RETENTION = {
    category: env.int(f"PRIVACY_RETENTION_{category.upper()}_DAYS", default=days)
    for category, days in {
        # Applications that did not become a project (rejected, ineligible, withdrawn,
        # waitlisted, never submitted), from the call's closing: two years, so that an
        # applicant may start next year's draft from it (application_copy).
        "unsuccessful_applications": 730,
        # Firms' contact persons (project firms), from the project's end: its last
        # satisfaction survey has been answered by then.
        "firm_contacts": 365,
        # The partner region's contacts (prior contacts, confirmations, the project's
        # partner contact), from the project's end.
        "partner_contacts": 365,
        # Delegates and foreign experts (rosters and travel legs), from the project's end
        # (completed, closed early or cancelled): HQ's audit of the last year's spend.
        "delegates": 365,
        # Satisfaction survey answers, anonymised (ratings kept), from the invitation.
        "survey_answers": 730,
        # A foreign region's registered interest: its contact, from the registration.
        "interest_contacts": 1095,
        # Reviewer accounts not used since (last login, else the invitation's acceptance).
        "inactive_reviewers": 1095,
        # The outbox's addressees of sent e-mails, from the sending.
        "outbox": 365,
        # Uploaded files of a project (application attachments, receipts), from the
        # project's end: five years, the accounting records' period.
        "project_files": 1826,
        # The address an invitation was sent to, from its acceptance (not accepted: its
        # expiry): a year to answer "who was invited, and was it them?".
        "invitation_addresses": 365,
        # An applicant organisation's contact person, from its last activity (registration,
        # an application's last change, a project's end; never while a project runs): five
        # years, the accounting records' period of its last project.
        "organisation_contacts": 1826,
        # HQ's exports of a call produced by the worker (monitoring.ExportJob, with the
        # names of reviewers and deciders), from the job's end: a week to download them.
        "export_files": 7,
        # The append-only tables' personal fields (rit_portal.append_only), anonymised by a
        # function the runtime database role may run without UPDATE on them: the history's
        # notes and the people its entries name, five years after the entry (its
        # accountability period);
        "history": 1826,
        # HQ's log of looks at personal data, three years after the look (long enough to
        # answer who looked, within a person's request or an incident's inquiry);
        "access_log": 1095,
        # the passport names of a provision to a third party, three years after it (the
        # Act's record-keeping period, APPI enforcement rules Art. 21).
        "provisions": 1095,
    }.items()
}

# A call's export of more rows than this is produced by the worker, with a page that shows
# its progress, instead of in the request (monitoring.ExportJob); below, it downloads at
# once. 5,000 rows: a call of a few hundred applications downloads every table at once
# (cost lines are about 15 per application).
EXPORTS_INLINE_MAX_ROWS = env.int("EXPORTS_INLINE_MAX_ROWS", default=5000)

# HQ staff's tokens for the read-only API (/api/v1/) stop working this many days after they
# were created (a year: a yearly statistics job keeps working, a forgotten token does not).
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=365)
# Requests to the API per HQ user (token or session, all tokens of a user together), as
# "<count>/<s|m|h|d>"; beyond it the API answers 429 with Retry-After. A full export of a
# 5,000-application call is 50 pages of 100: well inside a minute's allowance.
API_RATE = env.str("API_RATE", default="240/m")
# Downloads of an application's PDF per person ("<count>/<s|m|h|d>", rit_portal.throttling):
# a new version takes 2–3 s of a web worker to render; beyond it a 429 page with Retry-After.
APPLICATION_PDF_RATE = env.str("APPLICATION_PDF_RATE", default="6/m")
# A foreign region's public forms (registering its interest, asking for its link again):
# per client address, POSTs only (partnering/views/public.py).
PARTNER_FORM_RATE = env.str("PARTNER_FORM_RATE", default="10/h")

# --- Celery -------------------------------------------------------------------------------
# REDIS_URL is the one switch most deployments set; CELERY_BROKER_URL may name another broker.
REDIS_URL = env("REDIS_URL", default="")
_BROKER_URL = env("CELERY_BROKER_URL", default="") or REDIS_URL
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default="") or REDIS_URL or None
# Embedded default: without a broker every task runs in-process at .delay() time.
CELERY_TASK_ALWAYS_EAGER = not _BROKER_URL
# Eager calls still build a producer; the in-memory transport satisfies that without
# pretending a local AMQP server exists (nothing is ever queued there).
CELERY_BROKER_URL = _BROKER_URL or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
# A task whose worker dies mid-run is re-delivered; tasks are written to be idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Every Redis connection (broker, results, cache) gives up after these many seconds: a Redis
# that accepts connections but stalls (a failover, CLIENT PAUSE) must cost a request a few
# seconds, never gunicorn's 60 s limit. Queueing a task tries at most twice (one retry), so
# the worst a user's action waits for a stalled broker is about 2 x REDIS_SOCKET_TIMEOUT;
# after that failure the process stops trying for a while (rit_portal/queueing.py).
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=3.0)
REDIS_CONNECT_TIMEOUT = env.float("REDIS_CONNECT_TIMEOUT", default=3.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Unacknowledged tasks of a dead worker come back after this many seconds.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
}
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_CONNECT_TIMEOUT
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# The result backend (Redis too): the same limits.
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_CONNECT_TIMEOUT
# Several portals (or the smoke test) may share one Redis: each on its own queue.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="celery")
# No task runs forever (a stuck render, a hung connection): the soft limit raises inside
# the task, which records the failure; the hard limit kills the process, and the task is
# delivered again (acks late). Tasks that need more or less set their own (see tasks.py).
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
# One beat schedules across every host: the others wait for its lock (rit_portal/beat.py).
CELERY_BEAT_SCHEDULER = "rit_portal.beat:SingleBeatScheduler"
CELERY_BEAT_SCHEDULE: dict = {
    # Whatever e-mail is still owed (broker down at the time, worker killed, mail refused).
    "notifications-sweep": {
        "task": "notifications.sweep", "schedule": float(NOTIFICATIONS_SWEEP_SECONDS)},
    # Award letters whose job was lost (queued or rendering with no progress for long).
    "sponsorship-requeue-stale-letters": {
        "task": "sponsorship.requeue_stale_letters",
        "schedule": float(NOTIFICATIONS_SWEEP_SECONDS)},
    # Publications and bulk actions of the selection board whose task was lost.
    "sponsorship-requeue-stale-board-jobs": {
        "task": "sponsorship.requeue_stale_board_jobs",
        "schedule": float(NOTIFICATIONS_SWEEP_SECONDS)},
    # The same for the letters about a running project (amendment letters).
    "projects-requeue-stale-letters": {
        "task": "projects.requeue_stale_project_letters",
        "schedule": float(NOTIFICATIONS_SWEEP_SECONDS)},
    # Applicants who have not answered a request for more information, a few days before
    # its reply-by date (once per request).
    "applications-remind-information-requests": {
        "task": "applications.remind_information_requests",
        "schedule": crontab(hour=8, minute=55)},
    # Reviewers with open reviews, a few days before the review deadline (once a day each).
    "reviews-remind-review-deadline": {
        "task": "reviews.remind_review_deadline", "schedule": crontab(hour=9, minute=0)},
    # Each reviewer with work outstanding: what is due, on Monday mornings (once a week).
    "reviews-send-review-digests": {
        "task": "reviews.send_review_digests",
        "schedule": crontab(day_of_week=1, hour=9, minute=10)},
    # HQ staff, when submitted applications still lack reviewers (once a day per call).
    "reviews-remind-missing-reviewers": {
        "task": "reviews.remind_missing_reviewers", "schedule": crontab(hour=9, minute=5)},
    # Annual monitoring reports whose job was lost (queued or producing with no progress).
    "monitoring-requeue-stale-reports": {
        "task": "monitoring.requeue_stale_reports",
        "schedule": float(NOTIFICATIONS_SWEEP_SECONDS)},
    # The dashboard's figures computed again and stored (monitoring.FiguresSnapshot).
    "monitoring-refresh-figures": {
        "task": "monitoring.refresh_figures",
        "schedule": float(MONITORING_FIGURES_REFRESH_SECONDS)},
    # Progress reports due within two weeks, and late ones (each reminder sent once).
    "projects-remind-reports": {
        "task": "projects.remind_reports", "schedule": crontab(hour=9, minute=10)},
    # The retention schedule (PRIVACY_RETENTION): every category's personal data past its
    # period removed or anonymised, each run recorded (privacy.RetentionRun).
    "privacy-apply-retention": {
        "task": "privacy.apply_retention", "schedule": crontab(hour=3, minute=30)},
}

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
         # What reads the cache falls back when it does not answer (rit_portal/caching.py).
         "OPTIONS": {"socket_timeout": REDIS_SOCKET_TIMEOUT,
                     "socket_connect_timeout": REDIS_CONNECT_TIMEOUT}}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # {% cache %} fragments (issue 28): blocks of a page that do not depend on the user,
    # rendered once per worker process and version of their data (the version is part of
    # each key, so a fragment is never stale, only dropped: oldest first, or after an
    # hour). In the process, not in Redis: a fragment costs nothing to render again, and
    # a page never waits on the shared cache for one.
    "template_fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                           "LOCATION": "rit-template-fragments", "TIMEOUT": 3600,
                           "OPTIONS": {"MAX_ENTRIES": 500}},
}

# "json" (production's default): one JSON object per line, with the request id
# (rit_portal/observability.py); "text": one readable line each.
LOG_FORMAT = env("LOG_FORMAT", default="text")
# The worker logs through LOGGING too (JSON lines with the request id in production).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Who may read /metrics/ besides the site administrator: a scraper sending
# `Authorization: Bearer <METRICS_TOKEN>` (empty: nobody else).
METRICS_TOKEN = env("METRICS_TOKEN", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "[{asctime}] {levelname} {name} [{request_id}] {message}",
                 "style": "{"},
        "json": {"()": "pythonjsonlogger.json.JsonFormatter",
                 "fmt": "{asctime}{levelname}{name}{message}{request_id}", "style": "{",
                 "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"}},
    },
    "filters": {"request_id": {"()": "rit_portal.observability.RequestIdFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT,
                             "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools are chatty at INFO.
    "loggers": {
        # Django's own console handler would print each of its lines a second time (root).
        "django": {"handlers": [], "level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # In-process (eager) tasks would log every success into the web server's output.
        "celery.app.trace": {"level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else "INFO"},
    },
}
