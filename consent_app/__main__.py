"""``python -m consent_app`` starts the app."""

from consent_app.app import main

raise SystemExit(main())
