"""kubectl v1.32 reproduced: flag parsing, resource names, one module per verb."""
