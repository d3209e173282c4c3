"""The French and Dutch catalogues hold every text the sources mark (``t``, ``tn``, ``N_``,
and the schema's and the template's declared texts), with the placeholders the English text
fills, and the template translators work from is the sources' current one."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from steerco import i18n
from tools import i18n as catalogues


@pytest.fixture(scope="module")
def template():
    return catalogues.extract()


@pytest.mark.parametrize("language", catalogues.LANGUAGES)
def test_every_marked_text_is_translated(template, language):
    problems = [p for p in catalogues.check(template) if p.startswith(f"{language}: ")]
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} in all)"


def test_the_template_is_the_sources_current_one(template):
    problems = [p for p in catalogues.check(template) if "out of date" in p]
    assert not problems, problems


def test_a_text_inside_an_f_string_is_extracted(template):
    # meeting.py writes f"**{t('Agenda')}**"; Babel's own Python extractor cannot see it
    assert template.get("Agenda") is not None


def test_the_schema_and_the_template_texts_are_in_the_catalogue(template):
    assert template.get("Execution") is not None  # an allowed phase
    assert template.get("Steerco data template") is not None  # the template's title
    assert template.get("Programme the project belongs to.") is not None  # a column's help


def test_a_translation_naming_an_unknown_placeholder_is_refused(tmp_path, monkeypatch):
    po = tmp_path / "fr" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "As of {day}"\nmsgstr "Au {jour}"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(catalogues, "catalogue_path", lambda language: po)
    monkeypatch.setattr(catalogues, "LANGUAGES", ("fr",))
    template = catalogues.Catalog()
    template.add("As of {day}")
    template.add("Agenda")
    problems = catalogues.check(template)
    assert "fr: 'As of {day}' fills unknown ['jour']" in problems
    assert "fr: 'Agenda' is missing" in problems


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("fr", 0, "0 diapositive"),  # French says the singular for 0 and 1
        ("fr", 1, "1 diapositive"),
        ("fr", 2, "2 diapositives"),
        ("nl", 0, "0 dia's"),
        ("nl", 1, "1 dia"),
        ("en", 0, "0 slides"),
    ],
)
def test_plurals_follow_each_language_s_rule(language, count, expected):
    with i18n.speaking(language):
        assert i18n.tn(count, "{n} slide", "{n} slides") == expected


@pytest.mark.parametrize("language", catalogues.LANGUAGES)
def test_the_catalogue_declares_two_plural_forms(language):
    with catalogues.catalogue_path(language).open("rb") as po:
        catalog = read_po(po)
    assert catalog.num_plurals == 2
