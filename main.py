"""Start the consent app from a checkout: ``python main.py [--data-dir DIR] [--kiosk]``."""

from consent_app.app import main

if __name__ == "__main__":
    raise SystemExit(main())
