"""Form definitions (content as data), installed as ``consent_app.forms``."""
