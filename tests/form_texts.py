"""What a form gives a patient to read, gathered one way for every language's tests."""

from __future__ import annotations

import re

from consent_app.domain.form import FormDefinition

_NUMBER = re.compile(r"\d[\d,.]*")


def numbers(text: str) -> set[str]:
    """Every number in a text, with thousands separators and trailing punctuation dropped."""
    found = set()
    for match in _NUMBER.findall(text):
        number = match.rstrip(".,").replace(",", "")
        if number:
            found.add(number)
    return found


def patient_texts(form: FormDefinition) -> list[tuple[str, str]]:
    """Every sentence a patient reads, headings and detail prompts included, keyed by id."""
    pairs: list[tuple[str, str]] = [
        ("meta.title", form.meta.title),
        ("meta.procedure_name", form.meta.procedure_name),
    ]
    handover = form.handover
    pairs += [
        (f"handover.{name}", getattr(handover, name))
        for name in ("to_patient_heading", "to_patient_text", "to_staff_heading", "to_staff_text")
    ]
    pages = {
        "procedure": form.procedure,
        "positioning": form.positioning,
        "risks.benefits": form.risks.benefits,
        "risks.alternatives": form.risks.alternatives,
    }
    for name, page in pages.items():
        pairs.append((f"{name}.heading", page.heading))
        pairs += [(f"{name}.paragraphs[{i}]", p) for i, p in enumerate(page.paragraphs)]
    for question in form.patient_questions():
        pairs.append((question.id, question.text))
        pairs.append((f"{question.id}.detail_prompt", question.detail_prompt))
    pairs += [("allergy.heading", form.allergy.heading), ("allergy.intro", form.allergy.intro)]
    pairs += [(f"allergy.groups.{g.id}.heading", g.heading) for g in form.allergy.groups]
    pairs += [("risks.heading", form.risks.heading), ("risks.intro", form.risks.intro)]
    for risk in form.risks.items:
        pairs += [
            (f"{risk.id}.title", risk.title),
            (f"{risk.id}.body", risk.body),
            (f"{risk.id}.likelihood", risk.likelihood),
        ]
    understanding = form.understanding
    pairs += [
        ("understanding.heading", understanding.heading),
        ("understanding.intro", understanding.intro),
    ]
    for question in understanding.questions:
        pairs.append((question.id, question.text))
        pairs += [(f"{question.id}.{c.id}", c.text) for c in question.choices]
        pairs.append((f"{question.id}.explanation", question.explanation))
    pairs += [
        (f"decision.{name}", getattr(form.decision, name))
        for name in ("heading", "intro", "agree", "refuse", "talk_first")
    ]
    pairs += [
        (f"signatures.{name}", getattr(form.signatures, name))
        for name in (
            "heading",
            "consent",
            "refusal",
            "representative",
            "interpreter",
            "witness",
            "physician",
        )
    ]
    return [(where, text) for where, text in pairs if text]


def reading_blocks(form: FormDefinition) -> list[tuple[str, str]]:
    """What a patient reads as one unit: a paragraph, a question, a risk card, a signature line.

    The same blocks as the English readability test. Headings are left out (a two-word heading
    is not a sentence); a risk card is read as one, and so is a teach-back question with its
    choices.
    """
    blocks: list[tuple[str, str]] = [
        ("handover.to_patient_text", form.handover.to_patient_text),
        ("handover.to_staff_text", form.handover.to_staff_text),
        ("allergy.intro", form.allergy.intro),
        ("risks.intro", form.risks.intro),
        ("understanding.intro", form.understanding.intro),
    ]
    pages = {
        "procedure": form.procedure,
        "positioning": form.positioning,
        "risks.benefits": form.risks.benefits,
        "risks.alternatives": form.risks.alternatives,
    }
    for name, page in pages.items():
        blocks += [(f"{name}.paragraphs[{i}]", p) for i, p in enumerate(page.paragraphs)]
    for question in form.patient_questions():
        blocks.append((question.id, question.text))
    for risk in form.risks.items:
        blocks.append((risk.id, f"{risk.title}. {risk.body} {risk.likelihood}"))
    for question in form.understanding.questions:
        choices = " ".join(f"{c.text}." for c in question.choices)
        blocks.append((question.id, f"{question.text} {choices}"))
        blocks.append((f"{question.id}.explanation", question.explanation))
    blocks += [
        (f"decision.{name}", getattr(form.decision, name))
        for name in ("intro", "agree", "refuse", "talk_first")
    ]
    blocks += [
        (f"signatures.{name}", getattr(form.signatures, name))
        for name in ("consent", "refusal", "representative", "interpreter", "witness", "physician")
    ]
    return blocks
