# One image for every Python service of docker-compose.yml and deploy/kubernetes/: the migrate
# job, the web (uvicorn), the worker and beat (Celery). psycopg's binary wheel brings libpq.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# Content-hashed, gzip- and brotli-compressed static files in /app/staticfiles (ServeStatic).
RUN PLAYGROUND_DEV=1 python manage.py collectstatic --noinput -v0
RUN useradd --create-home --uid 10001 app && mkdir -p /data && chown app /data
USER 10001
EXPOSE 8000
CMD ["python", "-m", "scripts.serve", "0.0.0.0", "8000"]
