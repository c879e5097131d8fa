"""Dual and triple therapy: every blood-thinning medicine's hold is checked, not just the first."""

from __future__ import annotations

from datetime import timedelta

from sessions import SCHEDULED, ready_session

from consent_app.domain.clearance import ClearanceStatus, evaluate
from consent_app.domain.form import Answer
from consent_app.domain.session import MedicineDose
from consent_app.domain.validation import Problem, validate_checklist


def on_medicines(form, *doses: tuple[str, timedelta]):
    session = ready_session(form)
    record = session.checklist
    record.entry("checklist.anticoagulant").answer = Answer.YES
    first, *more = doses
    record.anticoagulant_drug = first[0]
    record.anticoagulant_last_dose = SCHEDULED - first[1]
    record.more_anticoagulants = [MedicineDose(drug=d, last_dose=SCHEDULED - t) for d, t in more]
    return session


def test_a_second_medicine_not_held_long_enough_stops_the_procedure(form, settings) -> None:
    session = on_medicines(
        form, ("aspirin_primary", timedelta(days=8)), ("clopidogrel", timedelta(days=2))
    )
    clearance = evaluate(session, form, settings)
    assert clearance.status is ClearanceStatus.DO_NOT_PROCEED
    assert any("Clopidogrel" in f.message for f in clearance.findings)


def test_every_medicine_held_long_enough_clears(form, settings) -> None:
    session = on_medicines(
        form,
        ("aspirin_primary", timedelta(days=7)),
        ("clopidogrel", timedelta(days=8)),
        ("apixaban", timedelta(days=4)),
    )
    assert evaluate(session, form, settings).status is ClearanceStatus.READY


def test_a_second_medicine_without_its_last_dose_is_details_missing(form, settings) -> None:
    session = on_medicines(form, ("apixaban", timedelta(days=4)))
    session.checklist.more_anticoagulants = [MedicineDose(drug="clopidogrel")]
    clearance = evaluate(session, form, settings)
    assert clearance.status is ClearanceStatus.DO_NOT_PROCEED
    assert "ANTICOAGULANT_DETAILS_MISSING" in {f.code for f in clearance.findings}


def test_validation_names_the_half_entered_second_medicine(form, settings) -> None:
    session = on_medicines(form, ("apixaban", timedelta(days=4)))
    session.checklist.more_anticoagulants = [MedicineDose(drug="clopidogrel")]
    problems = validate_checklist(
        session.checklist, form, settings, SCHEDULED - timedelta(hours=3), SCHEDULED
    )
    assert (
        Problem("anticoagulant_last_dose_2", "Enter the date and time of the last dose.")
        in problems
    )


def test_a_second_medicine_entered_under_a_no_must_be_resolved(form, settings) -> None:
    session = ready_session(form)
    session.checklist.more_anticoagulants = [MedicineDose(drug="clopidogrel")]
    problems = validate_checklist(
        session.checklist, form, settings, SCHEDULED - timedelta(hours=3), SCHEDULED
    )
    assert (
        Problem("checklist.anticoagulant", "A medicine is entered below: answer yes, or clear it.")
        in problems
    )


def test_the_summary_lists_every_medicine(form, settings, tmp_path) -> None:
    import subprocess

    from consent_app.pdf.summary import render_summary

    session = on_medicines(
        form, ("aspirin_primary", timedelta(days=8)), ("clopidogrel", timedelta(days=2))
    )
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(render_summary(session, form, settings, evaluate(session, form, settings)))
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    names = {d.id: d.name for d in form.checklist.anticoagulants}
    assert names["aspirin_primary"].split()[0] in text
    assert names["clopidogrel"] in text
