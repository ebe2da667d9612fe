# One image for both the web (uvicorn) and the worker (Celery) services of docker-compose.yml.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# Content-hashed, gzip- and brotli-compressed static files in /app/staticfiles (ServeStatic).
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput -v0
RUN useradd --create-home app && mkdir -p /data && chown app /data
USER app
EXPOSE 8000
CMD ["python", "-m", "scripts.serve", "0.0.0.0", "8000"]
