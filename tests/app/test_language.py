"""AppTest of each user's language: ?lang=fr opens the app in French (menu, sidebar, page),
the sidebar switch changes it and writes it to the URL, a bad value is said and ignored, and
one session's language never reaches another session."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.support import apptest

OVERVIEW = "pages/overview.py"


def _overview(**params: str) -> AppTest:
    at = apptest.open_page(OVERVIEW)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _switch(at: AppTest):
    (control,) = [w for w in at.get("button_group") if w.label in ("Language", "Langue", "Taal")]
    return control


def test_a_link_with_lang_fr_opens_in_french(app_env):
    at = _overview(lang="fr")
    assert at.title[0].value == "Vue d'ensemble du portefeuille"
    labels = [m.label for m in at.metric]
    assert "Projets" in labels and "Projets rouges" in labels
    assert at.sidebar.subheader[0].value == "Filtres"
    assert _switch(at).label == "Langue"


def test_the_switch_changes_the_language_and_the_link(app_env):
    at = _overview()
    assert at.title[0].value == "Portfolio overview"
    _switch(at).set_value("nl").run()
    assert at.title[0].value == "Portfolio-overzicht"
    assert at.query_params["lang"] == "nl"


def test_a_bad_lang_in_a_link_is_said_and_english_kept(app_env):
    at = _overview(lang="de")
    assert at.title[0].value == "Portfolio overview"
    assert "Ignored lang=de in the link. Choose en, fr or nl." in [w.value for w in at.warning]


def test_two_sessions_keep_their_own_language(app_env):
    french = _overview(lang="fr")
    dutch = _overview(lang="nl")
    french.run()  # a rerun of the first session after the second chose Dutch
    assert french.title[0].value == "Vue d'ensemble du portefeuille"
    assert dutch.title[0].value == "Portfolio-overzicht"
