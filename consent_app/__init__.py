"""Vertebroplasty consent and pre-procedure checklist for the clinic tablet."""

__version__ = "0.1.0"
