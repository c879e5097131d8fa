"""Vertebroplasty consent and pre-procedure checklist for the clinic tablet."""

import os

__version__ = "0.1.0"

# No pydantic plugin may watch or change how patient records are validated, and looking for one
# means reading every installed package's metadata on each start. (pydantic's own switch.)
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
