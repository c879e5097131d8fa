"""The clinic's domain: form definitions, the session record, validation and clearance.

Nothing here imports Qt; an import-linter contract in pyproject.toml enforces it.
"""
