"""The smoke run's checks: what it reports when every part is there, and what when one is not."""

from __future__ import annotations

import pytest
from wizard_driver import make_app

from consent_app.ui import smoke


def test_parts_of_a_shown_wizard_are_all_found(tmp_path, qtbot, monkeypatch) -> None:
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    qtbot.waitUntil(lambda: smoke.first_page_shown(wizard))
    report = smoke.check_parts(wizard)
    assert "form vertebroplasty" in report
    assert "first page 'intake'" in report
    assert "catalogues en es" in report
    assert "summary wording en es" in report


def test_a_missing_catalogue_fails_naming_it(tmp_path, qtbot, monkeypatch) -> None:
    wizard, _ = make_app(tmp_path, qtbot, monkeypatch)
    qtbot.waitUntil(lambda: smoke.first_page_shown(wizard))
    monkeypatch.setattr(smoke, "catalogue", lambda language: None)
    with pytest.raises(smoke.SmokeFailure, match=r"catalogue for 'en' \(i18n/\*\.qm\)"):
        smoke.check_parts(wizard)
