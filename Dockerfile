FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY scripts/system-deps.sh scripts/system-deps.sh
RUN ./scripts/system-deps.sh && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml .
RUN pip install --no-cache-dir . && rm -rf build *.egg-info
COPY . .
RUN python manage.py compilemessages --ignore=.venv -v0
RUN useradd --system rit && mkdir -p /var/lib/rit-portal/media && chown rit /var/lib/rit-portal/media
USER rit
EXPOSE 8000
