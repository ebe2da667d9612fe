"""The browser terminal's server side: websocket consumer, Celery tasks and the output path."""
