# Hearth's Streamlit dashboard; see docker-compose.yml for the Neo4j it talks to.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HEARTH_DATA_DIR=/home/hearth/.hearth \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

RUN groupadd --system hearth \
    && useradd --system --gid hearth --create-home --home-dir /home/hearth hearth

WORKDIR /app
COPY . /app
RUN pip install --no-cache-dir . \
    && chmod 0755 /app/docker/entrypoint.sh

USER hearth

EXPOSE 8501

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8501/_stcore/health', timeout=4)"]

# The entrypoint installs the schema (`hearth db init`, idempotent), then runs the command below.
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["streamlit", "run", "dashboard/app.py", "--server.address=0.0.0.0", "--server.port=8501", "--server.headless=true"]
