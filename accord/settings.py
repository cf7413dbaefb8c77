"""Settings, read from the environment (12-factor).

Two modes, chosen by ACCORD_MODE:
- ``development`` (default): DEBUG on, SQLite in var/, secrets generated once into var/ so a
  first run needs no configuration. ``accord demo`` uses this mode.
- ``production``: DEBUG off, HTTPS-only cookies and HSTS; SECRET_KEY, ACCORD_DATA_KEYS,
  ACCORD_BLIND_INDEX_KEY and ALLOWED_HOSTS must come from the environment. Passes
  ``manage.py check --deploy --fail-level WARNING``.

DATABASE_URL switches to PostgreSQL (``postgres://user@host:5432/name``).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from accord.core.secrets import development_secrets

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ACCORD_VAR_DIR", BASE_DIR / "var"))

MODE = os.environ.get("ACCORD_MODE", "development")
if MODE not in {"development", "production"}:
    raise ImproperlyConfigured("ACCORD_MODE must be 'development' or 'production'.")
PRODUCTION = MODE == "production"
DEMO = os.environ.get("ACCORD_DEMO") == "1" and not PRODUCTION


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when ACCORD_MODE=production.")
    return value


if PRODUCTION:
    SECRET_KEY = required("SECRET_KEY")
    ACCORD_DATA_KEYS = required("ACCORD_DATA_KEYS")
    ACCORD_BLIND_INDEX_KEY = required("ACCORD_BLIND_INDEX_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    DEBUG = False
else:
    _dev = development_secrets(VAR_DIR)
    SECRET_KEY = os.environ.get("SECRET_KEY", _dev["SECRET_KEY"])
    ACCORD_DATA_KEYS = os.environ.get("ACCORD_DATA_KEYS", _dev["ACCORD_DATA_KEYS"])
    ACCORD_BLIND_INDEX_KEY = os.environ.get("ACCORD_BLIND_INDEX_KEY", _dev["ACCORD_BLIND_INDEX_KEY"])
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
    DEBUG = os.environ.get("DEBUG", "1") == "1"

INSTALLED_APPS = [
    "accord.core",  # first, so its templates override those of the libraries below
    "accord.victim_services",
    "accord.referrals",
    "accord.investigations",
    "accord.governance",
    "accord.directory",
    "accord.deconfliction",
    "accord.outreach",
    "accord.assessment",
    "accord.reporting",
    "accord.api",
    "accord.retention",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "accord.core.middleware.RequestContextMiddleware",
    "accord.core.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accord.core.middleware.SessionLimitsMiddleware",
    "accord.core.middleware.MfaRequiredMiddleware",
    "accord.core.middleware.AccessPolicyMiddleware",
    "accord.core.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "accord.urls"
WSGI_APPLICATION = "accord.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "accord.core.context_processors.shell",
            ],
        },
    },
]

# Database: SQLite in var/ (WAL) unless DATABASE_URL names another.
VAR_DIR.mkdir(parents=True, exist_ok=True)
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "accord.sqlite3"),
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so the audit chain's read-then-append
                # cannot interleave with another writer.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds used TOTP codes (replay protection), so it must be shared by every app server:
# the database by default, Redis when REDIS_URL is set.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "accord_cache"}}

# Background jobs: a database-backed queue (no broker), worked by `accord worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accord.core.auth.AccountBackend",  # ModelBackend loading roles and second factor with the account
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accord.core.passwords.MaximumLengthValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"

# Sessions: 30 minutes idle, 12 hours absolute (SessionLimitsMiddleware). The idle clock restarts when the
# session is saved: SessionLimitsMiddleware saves it at most once a minute rather than on every request,
# so a session may end up to a minute before 30 idle minutes, never after.
SESSION_ENGINE = "accord.core.sessions"  # Django's database sessions, read by a fixed statement
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
ACCORD_SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
ACCORD_SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
CSRF_FAILURE_VIEW = "accord.core.views.errors.csrf_failure"

# django-allauth: invitation only, username login, no e-mail factor, TOTP (+ recovery codes, passkeys).
ACCOUNT_ADAPTER = "accord.core.auth.AccountAdapter"
ACCOUNT_FORMS = {"login": "accord.core.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip"}
MFA_ADAPTER = "accord.core.auth.MfaAdapter"
MFA_FORMS = {
    "authenticate": "accord.core.forms.MfaAuthenticateForm",
    "reauthenticate": "accord.core.forms.MfaReauthenticateForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_ALLOW_UNVERIFIED_EMAIL = True
MFA_TOTP_ISSUER = "Accord"
MFA_TOTP_TOLERANCE = 1  # accept the neighbouring 30-second period (clock drift); each code still works once
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
MFA_PASSKEY_LOGIN_ENABLED = False

# django-axes: five failures lock the account (not the address) until an administrator releases it.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_COOLOFF_TIME = None
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "login"
AXES_LOCKOUT_CALLABLE = "accord.core.auth.lockout_response"
AXES_USERNAME_CALLABLE = "accord.core.auth.axes_username"
AXES_VERBOSE = False
# CJIS AC-7 locks the account itself; per-address throttling comes from allauth's rate limit above.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# Security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = os.environ.get("ACCORD_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
    if os.environ.get("ACCORD_BEHIND_PROXY") == "1":
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("ACCORD_TIME_ZONE", "America/Chicago")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Accord's own and vendored front-end files (USWDS, htmx) live in the package, beside this file.
STATICFILES_DIRS = [Path(__file__).resolve().parent / "static"]
STATIC_ROOT = Path(os.environ.get("ACCORD_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "files"},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "accord@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ACCORD_LOG_LEVEL", "WARNING")},
}

# Accord's own settings (each can be set in the environment).
ACCORD_PHONE_REGION = os.environ.get("ACCORD_PHONE_REGION", "US")  # for numbers typed without a country code
ACCORD_DIRECTORY_STALE_DAYS = int(os.environ.get("ACCORD_DIRECTORY_STALE_DAYS", "30"))
ACCORD_RELEASE_MAX_DAYS = int(os.environ.get("ACCORD_RELEASE_MAX_DAYS", "90"))  # longest a consent release may run
ACCORD_BREAK_GLASS_MAX_HOURS = int(os.environ.get("ACCORD_BREAK_GLASS_MAX_HOURS", "24"))
ACCORD_REFERRAL_STALE_HOURS = int(os.environ.get("ACCORD_REFERRAL_STALE_HOURS", "48"))
ACCORD_REFERRAL_OPEN_DAYS = int(os.environ.get("ACCORD_REFERRAL_OPEN_DAYS", "30"))
# Backups (`accord backup`): a key of their own, base64 of 32 bytes, never a data key or SECRET_KEY.
ACCORD_BACKUP_KEY = os.environ.get("ACCORD_BACKUP_KEY", "")
# A job still "running" this long after it started lost its worker (`accord worker` start-up recovers it).
ACCORD_JOB_LEASE_MINUTES = int(os.environ.get("ACCORD_JOB_LEASE_MINUTES", "60"))
# Accounts nobody has signed in to for this many days are deactivated by the daily job (CJIS AC-2(3)).
ACCORD_INACTIVE_DAYS = int(os.environ.get("ACCORD_INACTIVE_DAYS", "90"))
ACCORD_UPLOAD_MAX_BYTES = int(os.environ.get("ACCORD_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ACCORD_INVITATION_DAYS = 3
ACCORD_SYSTEM_USE_NOTICE = (
    "You are accessing a restricted information system. Use of this system may be monitored, "
    "recorded and audited. Unauthorized use is prohibited and may be subject to criminal and civil "
    "penalties. Use of this system indicates consent to monitoring and recording."
)

# The REST API (accord.api): token or session sign-in, the access policy, problem-details errors, JSON only.
ACCORD_API_PREFIX = "/api/v1/"
ACCORD_API_TOKEN_MAX_DAYS = int(os.environ.get("ACCORD_API_TOKEN_MAX_DAYS", "90"))
ACCORD_API_MAX_BODY_BYTES = int(os.environ.get("ACCORD_API_MAX_BODY_BYTES", str(64 * 1024)))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accord.api.authentication.TokenAuthentication",
        "accord.api.authentication.SignedInSession",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["accord.api.permissions.AccessPolicy"],
    "DEFAULT_PARSER_CLASSES": ["accord.api.parsers.LimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "accord.api.parsers.Pages",
    "DEFAULT_SCHEMA_CLASS": "accord.api.schema.ProblemAutoSchema",
    "EXCEPTION_HANDLER": "accord.api.errors.handle",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_VERSIONING_CLASS": None,
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Accord API",
    "DESCRIPTION": "Exchange data between Accord and member agencies' own systems. See docs/api/README.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Two "state" fields: keep the referrals' name as published, and name the report packs' apart.
    "ENUM_NAME_OVERRIDES": {
        "StateEnum": "accord.referrals.models.State",
        "PackStateEnum": "accord.reporting.models.PackState",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "accord.api.schema.portable_integer_bounds",
    ],
}
