"""Settings for the portal: one module, configured from the environment.

Every variable is listed in `.env.example` and in the README. DEBUG is off unless
DJANGO_DEBUG=1 (`make run` and the tests set it), and with DEBUG off the site refuses
to start without a secret key and allowed hosts. Local defaults otherwise: SQLite
under var/, console e-mail, local-memory cache.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    """Return the boolean value of an environment variable ("1", "true", "yes", "on")."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Return a comma-separated environment variable as a list of stripped items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Off unless asked for: a host that forgets the variable runs as production, and refuses
# to start without a secret key and allowed hosts. `make run` and the tests turn it on.
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if DEBUG:
    # Local development only: a fixed, obviously insecure key and local hosts.
    SECRET_KEY = SECRET_KEY or "django-insecure-local-development-only"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")

SITE_NAME = os.environ.get("SITE_NAME", "Battery Supply Chain News")
# Path of the admin, e.g. "newsroom-7f3a/" to keep it off the usual scanners' list.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"
# Staff sign in through the admin, and land there (the site has no /accounts/ pages).
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin: the Chinese fields of short texts
    "portal.apps.PortalAdminConfig",  # django.contrib.admin, with the portal's admin site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "django_countries",
    "taggit",
    "simple_history",
    "axes",
    "django_celery_results",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "portal",
    "companies",
    "articles",
    "leads",
    "leads.newsletter",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "portal.middleware.RequestSizeMiddleware",
    "portal.middleware.FormCharsetMiddleware",
    "portal.editions.EditionMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.AdminInlineStylesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "articles.reads.ReadCounterMiddleware",
    "portal.cache.pages.AnonymousPageCacheMiddleware",
    "portal.cache.edge.SurrogateKeyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
                "articles.context_processors.navigation",
            ],
        },
    },
]

# Widgets render with the project's templates too (the admin's Markdown editor).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "portal.wsgi.application"
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))

if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.backend.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env_bool("DJANGO_CACHE_OFF", False):
    # Every lookup misses: how the benchmark measures cold renders. Never in production:
    # the lead form's rate limit and replay check live in the cache.
    if not DEBUG and not env_bool("PORTAL_BENCH", False):
        raise ImproperlyConfigured(
            "DJANGO_CACHE_OFF turns off the lead form's rate limit: only with DJANGO_DEBUG "
            "or PORTAL_BENCH on."
        )
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses logins from locked-out accounts and clients.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# The editions (portal/editions.py): English at the root, simplified Chinese under /zh/.
LANGUAGES = [("en-gb", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "portal" / "locale"]  # the catalogues of every app
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
# The Chinese words of short texts (sections, tags, companies, deals...): a column per
# edition, falling back to English where none is written (*/translation.py).
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_FALLBACK_LANGUAGES = (LANGUAGE_CODE,)
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Media in S3-compatible object storage (django-storages) when a bucket is named, so
# that app servers share no disk. Credentials come from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY (or the machine's role).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL", "")
AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "")
# Serve uploaded media from Django itself (single node). Off when object storage or a
# front web server serves /media/.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", not AWS_STORAGE_BUCKET_NAME)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Files readers may only fetch through the portal (report PDFs, behind signed links):
# never under MEDIA_ROOT or a public URL.
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": Path(os.environ.get("PRIVATE_ROOT", VAR_DIR / "private"))},
}
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN or None,
            "querystring_auth": False,
            # e.g. "public-read" where the bucket uses ACLs; else a bucket policy or a CDN
            # in front of the bucket makes media readable.
            "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("AWS_PRIVATE_BUCKET_NAME", AWS_STORAGE_BUCKET_NAME),
            "location": "private",
            "endpoint_url": AWS_S3_ENDPOINT_URL or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TAGGIT_CASE_INSENSITIVE = True

# Leads: who is told of each new lead, and the spam defences of the lead form.
SALES_NOTIFY_EMAILS = env_list("SALES_NOTIFY_EMAILS", "sales@localhost")
LEADS_MIN_FILL_SECONDS = float(os.environ.get("LEADS_MIN_FILL_SECONDS", "3"))
LEADS_MAX_FORM_AGE = int(os.environ.get("LEADS_MAX_FORM_AGE", str(60 * 60 * 24)))
LEADS_RATE_LIMIT = (
    int(os.environ.get("LEADS_RATE_LIMIT_COUNT", "5")),
    int(os.environ.get("LEADS_RATE_LIMIT_WINDOW", "600")),
)
# Sales desk exports of more leads than this are made on the task queue (and e-mailed),
# kept LEADS_EXPORT_DAYS days.
LEADS_EXPORT_NOW_MAX = int(os.environ.get("LEADS_EXPORT_NOW_MAX", "5000"))
LEADS_EXPORT_DAYS = int(os.environ.get("LEADS_EXPORT_DAYS", "7"))
# Leads are anonymised this many days after they were received (0: never), by the
# periodic task leads.tasks.purge_old_leads.
LEADS_RETENTION_DAYS = int(os.environ.get("LEADS_RETENTION_DAYS", "730"))
# Days a report's download link stays valid, and how many different connections may use
# one link before it counts as passed around (a fresh link can be asked for either way).
REPORT_LINK_DAYS = int(os.environ.get("REPORT_LINK_DAYS", "7"))
REPORT_LINK_CLIENTS = int(os.environ.get("REPORT_LINK_CLIENTS", "3"))
# Connections an event registrant's personal link (join, recording) serves before a use
# is recorded as shared (leads.events.links).
EVENT_LINK_CLIENTS = int(os.environ.get("EVENT_LINK_CLIENTS", "2"))
# The newsletter (leads/newsletter): confirmation links' days; when editions go (local
# time; the weekly one on NEWSLETTER_WEEKLY_WEEKDAY, 0 = Monday) and how many hours
# before they are assembled for editors to adjust; sending: messages per batch task,
# per second per worker (0: no limit), and batch tasks started at once.
NEWSLETTER_CONFIRM_DAYS = int(os.environ.get("NEWSLETTER_CONFIRM_DAYS", "7"))
NEWSLETTER_DAILY_HOUR = int(os.environ.get("NEWSLETTER_DAILY_HOUR", "6"))
NEWSLETTER_WEEKLY_HOUR = int(os.environ.get("NEWSLETTER_WEEKLY_HOUR", "8"))
NEWSLETTER_WEEKLY_WEEKDAY = int(os.environ.get("NEWSLETTER_WEEKLY_WEEKDAY", "5"))
NEWSLETTER_PREPARE_HOURS = int(os.environ.get("NEWSLETTER_PREPARE_HOURS", "3"))
NEWSLETTER_BATCH = int(os.environ.get("NEWSLETTER_BATCH", "500"))
NEWSLETTER_RATE = float(os.environ.get("NEWSLETTER_RATE", "50"))
NEWSLETTER_WORKERS = int(os.environ.get("NEWSLETTER_WORKERS", "2"))
# Largest report PDF an editor may upload.
REPORT_MAX_BYTES = int(os.environ.get("REPORT_MAX_MB", "15")) * 1024 * 1024

# The task queue (Celery; portal/celery.py). Redis is the broker in production; without
# CELERY_BROKER_URL every task runs in the web process after its transaction commits
# (development: `make run` shows the e-mails in the console).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = "memory://localhost/"  # never used to send; no connection made
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "portal")
# A task is taken off the queue only when it has finished: a worker killed half-way
# leaves it to another worker (the task itself makes a second run harmless).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Unfinished tasks of a worker that vanished go back to the queue after this long.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "600"))
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Results and failures in the database (django-celery-results): superusers see pending,
# running, failed and finished tasks in the admin; kept a week.
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TASK_TRACK_STARTED = True
CELERY_RESULT_EXPIRES = 7 * 24 * 60 * 60
CELERY_TASK_IGNORE_RESULT = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# How often queued e-mails are looked at again (a failed one waits longer each time).
EMAIL_RETRY_SECONDS = int(os.environ.get("EMAIL_RETRY_SECONDS", "60"))
CELERY_BEAT_SCHEDULE = {
    "send-due-emails": {"task": "leads.tasks.send_due_emails", "schedule": EMAIL_RETRY_SECONDS},
    "sales-digests": {
        "task": "leads.tasks.send_sales_digests",
        "schedule": crontab(minute=0, hour=int(os.environ.get("SALES_DIGEST_HOUR", "7"))),
    },
    "newsletter": {"task": "leads.newsletter.tasks.newsletter_tick", "schedule": 60},
    "events": {"task": "leads.events.tasks.events_tick", "schedule": 60},
    "roll-up-lead-counts": {"task": "leads.tasks.roll_up_lead_counts", "schedule": 600},
    "remove-old-exports": {
        "task": "leads.tasks.remove_old_exports",
        "schedule": crontab(minute=45, hour=3),
    },
    "purge-old-leads": {
        "task": "leads.tasks.purge_old_leads",
        "schedule": crontab(minute=30, hour=3),
    },
}

# Number of reverse proxies in front of the app whose X-Forwarded-For may be trusted:
# portal.clients.client_address reads it, for the admin lockout and the lead rate limit.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

# Seconds an anonymous page stays in the page cache (0 turns the page cache off). Content
# changes invalidate it at once; the expiry bounds how late a scheduled article shows.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
# The edge cache (portal/varnish.vcl, docs/operators.md): the addresses a change of
# content is purged at (comma-separated, e.g. http://127.0.0.1:6081; empty: no edge),
# and the header naming each response's surrogate keys (xkey for Varnish; Surrogate-Key
# for Fastly, Cache-Tag for Cloudflare; empty: none).
EDGE_PURGE_URLS = [u for u in os.environ.get("EDGE_PURGE_URLS", "").split(",") if u.strip()]
SURROGATE_KEY_HEADER = os.environ.get("SURROGATE_KEY_HEADER", "xkey")
# Article readings are kept in memory and added to the database this often (articles.reads).
READS_FLUSH_SECONDS = int(os.environ.get("READS_FLUSH_SECONDS", "10"))

# Seconds a rendered fragment (an article card) stays cached. Its key carries the
# article's version, so edits never wait for the expiry; it only bounds memory use.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", str(24 * 60 * 60)))

# Functions returning the next time content changes by itself (a scheduled article going
# live): no cached page, fragment or memo is kept past it (portal.cache.content).
CONTENT_SCHEDULES = [
    "articles.models.next_scheduled_publication",
    "articles.models.next_scheduled_report",
    "articles.events.models.next_event_change",
]

# The benchmark's baseline: a minimal view at /bench/minimal/, only when this is on.
BENCH_MINIMAL_VIEW = env_bool("PORTAL_BENCH", False)

# Width of the illustrations `load_demo` draws (the tests use smaller ones).
DEMO_IMAGE_WIDTH = 1600

# Articles per page on every list.
ARTICLES_PER_PAGE = 12

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
# Content-Security-Policy (django-csp): scripts and styles only from this site, never
# inline; the admin alone may use inline styles (portal.middleware.AdminInlineStyles...).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": [
            "'self'",
            "data:",
            *([f"https://{AWS_S3_CUSTOM_DOMAIN}"] if AWS_S3_CUSTOM_DOMAIN else []),
            *([AWS_S3_ENDPOINT_URL] if AWS_S3_ENDPOINT_URL else []),
            *env_list("CSP_EXTRA_IMG_SRC"),
        ],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Admin login: after AXES_FAILURE_LIMIT failures a client address is locked out for
# AXES_COOLOFF_TIME, whatever accounts it tried (django-axes, attempts kept in the
# database so every app server sees them). Per address only, never per account: an
# account locked for everyone would let anyone lock its owner out by guessing wrong.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_LOCKOUT_CALLABLE = "portal.views.sign_in_locked"  # templates/axes_lockout.html
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "portal.clients.client_address"

# Request bodies: at most 2.5 MB outside the admin; 20 MB in it, where images of up to
# 15 MB are uploaded (a little over 15 MB still gets the image check's own message). A
# body announced larger is refused with a 413 before it is read (RequestSizeMiddleware).
MAX_REQUEST_BYTES = 2_621_440
MAX_ADMIN_REQUEST_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# The read-only JSON API (portal/api/): JSON only, anonymous, no sessions, rate-limited
# per client address; its OpenAPI schema and documents by drf-spectacular, with Swagger UI
# served from this site (sidecar), never a CDN.
API_RATE = os.environ.get("API_RATE", "120/min")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["portal.api.policies.ClientRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.policies.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{SITE_NAME} API",
    "DESCRIPTION": "Read-only data of the deals tracker, the company directory and the "
    "published stories. Amounts keep their kind (reported, up to, estimate): add them "
    "up only within a kind. Pages of 50 (page_size up to 200); ids are stable. "
    f"At most {API_RATE} per client address; a 429 says when to come back.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
