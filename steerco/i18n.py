"""One translation function for every user-facing text.

Source strings are English and double as keys (gettext style); ``CATALOGUES`` holds the other
languages. A missing translation falls back to English, so a new text never breaks a page.
"""

from __future__ import annotations

DEFAULT_LANGUAGE = "en"

#: language → {English text: translation}. French and Dutch are filled in a later step.
CATALOGUES: dict[str, dict[str, str]] = {"en": {}, "fr": {}, "nl": {}}

# Operations: how SLA, MTTR and the periods are defined (shown on the page).
_OPS_DEFINITIONS = (
    "SLA and MTTR leave out the time a ticket spent on hold, where the source records it. A "
    "reopened ticket counts from its opening to its last resolution and is open until then. "
    "Days, weeks and months are cut in {zone} time."
)
_OPS_SLA_HELP = (
    "Resolved within the resolution target of their service and priority, on-hold time left out"
)
_OPS_MEDIAN_HELP = "Median of resolved − opened − on hold, tickets resolved in the period"
_OPS_MEAN_HELP = "Mean of resolved − opened − on hold, tickets resolved in the period"
CATALOGUES["fr"].update(
    {
        _OPS_DEFINITIONS: "Le SLA et le MTTR excluent le temps passé en attente, lorsque la "
        "source l'enregistre. Un ticket rouvert compte de son ouverture à sa dernière "
        "résolution et reste ouvert jusque-là. Jours, semaines et mois sont découpés à "
        "l'heure de {zone}.",
        _OPS_SLA_HELP: "Résolus dans le délai cible de leur service et priorité, temps en "
        "attente exclu",
        _OPS_MEDIAN_HELP: "Médiane de résolu − ouvert − en attente, tickets résolus sur la période",
        _OPS_MEAN_HELP: "Moyenne de résolu − ouvert − en attente, tickets résolus sur la période",
        "On hold (h)": "En attente (h)",
    }
)
CATALOGUES["nl"].update(
    {
        _OPS_DEFINITIONS: "SLA en MTTR laten de tijd weg dat een ticket in de wacht stond, "
        "waar de bron die bijhoudt. Een heropend ticket telt van de opening tot de laatste "
        "oplossing en blijft tot dan open. Dagen, weken en maanden volgen de tijd van {zone}.",
        _OPS_SLA_HELP: "Opgelost binnen de oplostijd van hun dienst en prioriteit, zonder "
        "wachttijd",
        _OPS_MEDIAN_HELP: "Mediaan van opgelost − geopend − in de wacht, tickets opgelost in de "
        "periode",
        _OPS_MEAN_HELP: "Gemiddelde van opgelost − geopend − in de wacht, tickets opgelost in de "
        "periode",
        "On hold (h)": "In de wacht (h)",
    }
)

# Import problems the Data page shows translated (Problem.translated); the English texts are
# data_access.ingest.pipeline.FOREIGN_CURRENCY_ONE and _MANY.
_FOREIGN_CURRENCY_ONE = (
    "amounts in {found} on 1 row (row {rows}), but the organisation's currency is "
    "{currency}. Convert them or change the setting 'currency'."
)
_FOREIGN_CURRENCY_MANY = (
    "amounts in {found} on {count} rows (rows {rows}), but the organisation's currency is "
    "{currency}. Convert them or change the setting 'currency'."
)
CATALOGUES["fr"].update(
    {
        _FOREIGN_CURRENCY_ONE: "montants en {found} sur 1 ligne (ligne {rows}), alors que la "
        "devise de l'organisation est {currency}. Convertissez-les ou changez le paramètre "
        "'currency'.",
        _FOREIGN_CURRENCY_MANY: "montants en {found} sur {count} lignes (lignes {rows}), "
        "alors que la devise de l'organisation est {currency}. Convertissez-les ou changez le "
        "paramètre 'currency'.",
    }
)
CATALOGUES["nl"].update(
    {
        _FOREIGN_CURRENCY_ONE: "bedragen in {found} op 1 rij (rij {rows}), maar de valuta van "
        "de organisatie is {currency}. Reken ze om of wijzig de instelling 'currency'.",
        _FOREIGN_CURRENCY_MANY: "bedragen in {found} op {count} rijen (rijen {rows}), maar de "
        "valuta van de organisatie is {currency}. Reken ze om of wijzig de instelling "
        "'currency'.",
    }
)

# The empty store's notice on every page (steerco.ui.data.empty_store_notice).
_EMPTY_STORE = (
    "The store has no projects yet. Load data: upload a workbook on the Data page, "
    "or run `steerco import FILE`; `steerco init --sample` loads the sample "
    "portfolio into an empty store to try Steerco."
)
CATALOGUES["fr"][_EMPTY_STORE] = (
    "La base ne contient encore aucun projet. Chargez des données : téléversez un classeur "
    "sur la page Données, ou lancez `steerco import FICHIER` ; `steerco init --sample` charge "
    "le portefeuille d'exemple dans une base vide pour essayer Steerco."
)
CATALOGUES["nl"][_EMPTY_STORE] = (
    "De opslag bevat nog geen projecten. Laad gegevens: upload een werkmap op de pagina "
    "Gegevens, of voer `steerco import BESTAND` uit; `steerco init --sample` laadt de "
    "voorbeeldportefeuille in een lege opslag om Steerco te proberen."
)

_language = DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    global _language
    if language not in CATALOGUES:
        raise ValueError(f"unsupported language {language!r}; choose {', '.join(CATALOGUES)}")
    _language = language


def language() -> str:
    return _language


def t(text: str, /, **values) -> str:
    """The text in the current language, with ``{placeholders}`` filled from ``values``."""
    translated = CATALOGUES.get(_language, {}).get(text, text)
    return translated.format(**values) if values else translated


#: Labels of the RAG codes and of data columns, shown in tables and charts.
RAG_LABELS = {"G": "Green", "A": "Amber", "R": "Red"}


def rag_label(code) -> str:
    """'Green' / 'Amber' / 'Red' for G/A/R; 'No report' when missing."""
    if isinstance(code, str) and code in RAG_LABELS:
        return t(RAG_LABELS[code])
    return t("No report")
