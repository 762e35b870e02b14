#!/bin/sh
# Install Hearth's schema in Neo4j (idempotent), then hand over to the container's command,
# by default: streamlit run dashboard/app.py (see the Dockerfile's CMD).
set -eu

hearth db init

if [ "$#" -eq 0 ]; then
    set -- streamlit run dashboard/app.py --server.address=0.0.0.0 --server.port=8501 --server.headless=true
fi
exec "$@"
