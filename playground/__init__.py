"""Pod Playground: Django project package and the sandbox service around the pod simulator."""
