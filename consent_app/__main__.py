"""``python -m consent_app`` starts the app (or runs a command)."""

from consent_app.app import run

run()
