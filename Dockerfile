# One replica of Batch Norm Lab: the app and its runtime requirements only, run as a non-root user.
#   docker build -t batch-norm-lab .
#   docker run --rm -p 8501:8501 batch-norm-lab          # or -e PORT=9000 -p 9000:9000
# Several replicas behind a balancer: deploy/compose.yaml (README, "Teach a class").
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8501 \
    STREAMLIT_SERVER_HEADLESS=true \
    STREAMLIT_SERVER_ADDRESS=0.0.0.0 \
    STREAMLIT_SERVER_FILE_WATCHER_TYPE=none \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt

# The app's own settings (.streamlit/config.toml is read from the working directory), then its code and data.
COPY .streamlit/config.toml .streamlit/config.toml
COPY app.py ./
COPY pages pages
COPY ui ui
COPY bncore bncore
COPY quizzes quizzes
COPY scripts/serve.py scripts/serve.py

RUN useradd --create-home --uid 10001 learner
USER learner

EXPOSE 8501
# Healthy once the server answers, which is after the warm start (scripts/serve.py trains before it opens the port).
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ['PORT']}/_stcore/health\", timeout=2)"

# The port comes from the environment (PORT, as most platforms set it); exec: the server gets SIGTERM directly.
CMD ["sh", "-c", "exec python -m scripts.serve --server.port \"$PORT\""]
