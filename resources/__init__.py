"""Styles and images, installed as ``consent_app.resources``."""
