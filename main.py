"""Start the consent app from a checkout: ``python main.py [--data-dir DIR] [--kiosk]``."""

from consent_app.app import run

if __name__ == "__main__":
    run()
