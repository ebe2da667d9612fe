# One image for every Python service of docker-compose.yml and deploy/kubernetes/: the migrate
# job, the web (Daphne), the worker and beat (Celery). psycopg's binary wheel brings libpq.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN useradd --create-home --uid 10001 app && mkdir -p /data && chown app /data
USER 10001
EXPOSE 8000
CMD ["daphne", "-b", "0.0.0.0", "-p", "8000", "--proxy-headers", "playground.asgi:application"]
