# The portal's image: web, worker and beat run scripts/serve.sh (docker-compose.yml), the
# same commands that scripts/smoke-production.sh runs on every CI run.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY scripts/system-deps.sh scripts/system-deps.sh
RUN ./scripts/system-deps.sh && rm -rf /var/lib/apt/lists/*
# The production lock: every package pinned by hash, no test tools, installed as every
# install is (scripts/install.sh: a pinned pip, --no-deps, then checked; README, "Dependencies").
COPY scripts/install.sh scripts/check_lock.py scripts/
COPY requirements/production.txt requirements/pip.txt requirements/
RUN PIP_NO_CACHE_DIR=1 scripts/install.sh /opt/venv requirements/production.txt
ENV PATH=/opt/venv/bin:$PATH
COPY . .
RUN python manage.py compilemessages --ignore=.venv -v0
# The web process collects static files at start (scripts/serve.sh web) into STATIC_ROOT.
ENV STATIC_ROOT=/app/staticfiles
RUN useradd --system rit \
 && mkdir -p /var/lib/rit-portal/media /app/staticfiles \
 && chown rit /var/lib/rit-portal/media /app/staticfiles
USER rit
EXPOSE 8000
CMD ["scripts/serve.sh", "web"]
