"""``Said``: the English text itself (a str), with its template and params, so that
``steerco.i18n.said`` shows it in the user's language: the template translated, a param that is
a ``Said`` translated in turn, data params as they are; English where a catalogue lacks it."""

from __future__ import annotations

import pickle

import pytest

from data_access.said import Said
from steerco import i18n


def test_a_said_text_is_its_english_text():
    said = Said.of("unique codes in {n}/{total} rows", n=40, total=40)
    assert said == "unique codes in 40/40 rows" and isinstance(said, str)
    assert said.startswith("unique codes") and "; ".join([said, "x"]).endswith("; x")
    assert (said.template, said.params) == (
        "unique codes in {n}/{total} rows",
        (("n", "40"), ("total", "40")),
    )
    assert {said: 1}["unique codes in 40/40 rows"] == 1  # hashes as the text


def test_a_part_said_is_kept_as_a_param():
    part = Said.of("unique codes in {n}/{total} rows", n=3, total=3)
    whole = Said.of("'{header}' holds {why}", header="Ref", why=part)
    assert whole == "'Ref' holds unique codes in 3/3 rows"
    assert dict(whole.params)["why"] is part


def test_a_count_says_one_or_many():
    one = Said.tn(1, "{n} known header", "{n} known headers")
    many = Said.tn(3, "{n} known header", "{n} known headers")
    assert (one, many) == ("1 known header", "3 known headers")
    assert (many.template, many.plural, many.count, many.params) == (
        "{n} known header",
        "{n} known headers",
        3,
        (),
    )


def test_a_said_text_survives_pickling():
    said = Said.of("'{header}' holds {why}", header="Ref", why=Said.of("long texts"))
    again = pickle.loads(pickle.dumps(said))
    assert (again, again.template, again.params) == (said, said.template, said.params)
    assert isinstance(dict(again.params)["why"], Said)


# --------------------------------------------------------------------------- steerco.i18n.said


@pytest.fixture
def french(monkeypatch):
    """A French catalogue with a few texts, in place of the real one (whose entries for these
    texts translators may not have written yet)."""
    real = i18n.catalogue("fr")
    texts = {
        **real.texts,
        "'{header}' holds {why}": "'{header}' contient {why}",
        "unique codes in {n}/{total} rows": "des codes uniques dans {n}/{total} lignes",
    }
    plurals = {
        **real.plurals,
        "{n} known header": ("{n} en-tête connu", "{n} en-têtes connus"),
    }
    patched = i18n.Catalogue(texts, plurals, real.plural)
    monkeypatch.setattr(i18n, "catalogue", lambda language: patched)
    with i18n.speaking("fr"):
        yield
    i18n.forget_missed()


def test_said_translates_the_template_and_its_said_params_but_not_data(french):
    part = Said.of("unique codes in {n}/{total} rows", n=3, total=3)
    whole = Said.of("'{header}' holds {why}", header="Reference", why=part)
    assert i18n.said(whole) == "'Reference' contient des codes uniques dans 3/3 lignes"


def test_said_follows_the_language_s_plural_rule(french):
    assert i18n.said(Said.tn(0, "{n} known header", "{n} known headers")) == "0 en-tête connu"
    assert i18n.said(Said.tn(2, "{n} known header", "{n} known headers")) == "2 en-têtes connus"


def test_said_falls_back_to_english_for_a_template_the_catalogue_lacks():
    i18n.forget_missed()
    text = Said.of("a reason no catalogue has yet: {header}", header="Titel")
    with i18n.speaking("fr"):
        assert i18n.said(text) == "a reason no catalogue has yet: Titel"
        assert "a reason no catalogue has yet: {header}" in i18n.missed()
    i18n.forget_missed()


def test_said_in_english_is_the_text_and_anything_else_is_left_as_it_is():
    title = Said("raid log", "RAID log")  # a dataset's title in mid-sentence
    with i18n.speaking("en"):
        assert i18n.said(title) == "raid log"
    with i18n.speaking("fr"):
        assert i18n.said(title) == "Registre RAID"  # the catalogue's title
        assert i18n.said("plain text") == "plain text"
        assert i18n.said("") == ""
        assert i18n.said(None) is None
