"""The signed consent summary as a PDF: the record a records officer reads years later.

The renderer lives in :mod:`consent_app.pdf.summary`. It is not imported here, so that importing
this package does not load reportlab, which is heavy and only needed at export.
"""
