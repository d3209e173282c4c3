"""The import's problems are templates that the catalogues translate (steerco.views.data shows
them through ``Problem.translated`` and ``Problem.expected_translated``)."""

from __future__ import annotations

import pytest

from data_access import schema
from data_access.ingest import coerce, pipeline, reader
from data_access.ingest.mapping import MappingError
from data_access.ingest.problems import ERROR, Problem
from data_access.said import Said
from steerco import i18n


def test_every_binary_kind_has_its_own_sentence():
    kinds = {description for _, description in reader._BINARY_MAGIC}
    assert kinds <= set(reader._NOT_A_SPREADSHEET)


def test_every_cell_problem_has_its_more_rows_line():
    for template, more in pipeline.MORE_ROWS.items():
        assert more.startswith(template + ": ")


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_every_columns_expected_text_is_translated(language):
    catalogue = i18n.catalogue(language)
    for dataset in schema.DATASETS:
        for column in dataset.columns:
            for day_first in (True, False):
                phrase = coerce.expected_phrase(column, day_first=day_first)
                assert phrase.template in catalogue, (dataset.name, column.name)


def test_a_phrase_fills_its_template_and_translates():
    phrase = Said.of("each {key} once", key="project_id")
    problem = Problem.translatable(ERROR, "duplicate key", {}, expected=phrase)
    assert (problem.message, problem.expected) == ("duplicate key", "each project_id once")
    with i18n.speaking("nl"):
        assert problem.expected_translated(i18n.t) == "elke project_id één keer"


def test_a_mapping_error_becomes_a_translatable_problem():
    error = MappingError.of(
        "There is no mapping called '{name}'. Known mappings: {known}.", name="x", known="y"
    )
    assert str(error) == "There is no mapping called 'x'. Known mappings: y."
    problem = Problem.from_error(ERROR, error, file="a.csv")
    with i18n.speaking("fr"):
        assert problem.translated(i18n.t) == (
            "Il n'existe aucune correspondance nommée 'x'. Correspondances connues : y."
        )
    plain = Problem.from_error(ERROR, ValueError("as it is"))
    assert plain.translated(i18n.t) == "as it is"
