"""The one declaration of every dataset Steerco knows.

Tables, the Excel template, import validation and the data dictionary are all derived from
``DATASETS`` below, so a column is added or renamed in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import sqlalchemy as sa

#: Bumped whenever a table definition changes, with a new Alembic revision of that number
#: (``data_access/alembic/versions/00NN_*.py``; ``migrations.revision_of``).
SCHEMA_VERSION = 9


class ColumnType(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    MONEY = "money"
    PERCENT = "percent"  # stored 0–100
    DATE = "date"
    DATETIME = "datetime"
    BOOLEAN = "boolean"
    RAG = "rag"  # stored as G / A / R


RAG_VALUES = ("G", "A", "R")
#: The RAG codes as words (shown translated by ``steerco.i18n.rag_label``).
RAG_WORDS = {"G": "Green", "A": "Amber", "R": "Red"}
PHASES = ("Initiation", "Planning", "Execution", "Closing", "Closed", "On hold")
METHODOLOGIES = ("Waterfall", "Agile", "Hybrid", "Kanban")
PRIORITIES = ("Critical", "High", "Medium", "Low")
COST_CATEGORIES = (
    "Internal labour",
    "External labour",
    "Hardware",
    "Software",
    "Services",
    "Other",
)
EXPENSE_TYPES = ("CAPEX", "OPEX")
RAID_TYPES = ("Risk", "Issue", "Assumption", "Dependency", "Decision", "Action")
RAID_STATUSES = ("Open", "In progress", "Closed")
#: Default services; the list is configurable, so it is not enforced as allowed values.
SERVICES = ("Service Desk", "Desktop Support", "Infrastructure", "Applications")
TICKET_PRIORITIES = ("P1", "P2", "P3", "P4")
TICKET_STATUSES = ("New", "In progress", "On hold", "Resolved", "Closed", "Cancelled")
CHANGE_TYPES = ("Standard", "Normal", "Emergency")
CHANGE_OUTCOMES = ("Successful", "Failed", "Rolled back", "Cancelled")
SOURCING = ("Internal", "External")
DEMAND_STATUSES = ("New", "Assessing", "Approved", "Rejected", "Converted")
DECISION_OUTCOMES = ("Approved", "Rejected", "Deferred", "Noted")
ACTION_STATUSES = ("Open", "Done", "Dropped")
#: A meeting's state in Steerco (kept apart from the meetings dataset: no upload can reopen a
#: closed meeting).
MEETING_PLANNED, MEETING_IN_SESSION, MEETING_CLOSED = "planned", "in session", "closed"
MEETING_STATUSES = (MEETING_PLANNED, MEETING_IN_SESSION, MEETING_CLOSED)
#: A status report's place in the PMO's check (docs/reporting.md): a project manager saves a
#: draft and submits it; the PMO approves it or returns it with a comment.
REPORT_DRAFT, REPORT_SUBMITTED, REPORT_APPROVED, REPORT_RETURNED = (
    "Draft", "Submitted", "Approved", "Returned"
)  # fmt: skip
REPORT_STATES = (REPORT_DRAFT, REPORT_SUBMITTED, REPORT_APPROVED, REPORT_RETURNED)
#: A dataset's workflow column and the state a new or changed row takes when an upload leaves
#: it empty (an unchanged row keeps its stored state): see ``versioning.dataset_changes``.
WORKFLOW_COLUMNS = {"status_reports": ("state", REPORT_SUBMITTED)}
#: The report's RAG dimensions, in the order the form and the tables show them.
RAG_DIMENSIONS = ("overall", "schedule", "budget", "scope", "resources", "risk")
#: How a RAG dimension is named (translated where shown).
RAG_DIMENSION_NAMES = {d: d.capitalize() for d in RAG_DIMENSIONS}

#: Lengths of text columns in SQL; long free text gets TEXT.
KEY_LENGTH = 64
NAME_LENGTH = 255


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    help: str
    required: bool = False
    key: bool = False
    allowed: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other header spellings (EN/FR/NL) accepted on import
    minimum: float | None = None
    maximum: float | None = None
    long_text: bool = False

    @property
    def is_enumerated(self) -> bool:
        return bool(self.allowed)


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    help: str
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = field(default=())  # other sheet names (FR/NL)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.key)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")


def _c(name: str, type_: ColumnType, help_: str, *aliases: str, **kw) -> Column:
    return Column(name=name, type=type_, help=help_, aliases=aliases, **kw)


T, INT, N, M, P, D, DT, B, R = (
    ColumnType.TEXT,
    ColumnType.INTEGER,
    ColumnType.NUMBER,
    ColumnType.MONEY,
    ColumnType.PERCENT,
    ColumnType.DATE,
    ColumnType.DATETIME,
    ColumnType.BOOLEAN,
    ColumnType.RAG,
)

_PROJECT_REF = _c(
    "project_id",
    T,
    "Project identifier, as in the projects sheet.",
    "project",
    "project id",
    "project code",
    "projet",
    "id projet",
    "code projet",
    "project nummer",
    "projectcode",
)


def _project_ref(*, key: bool = False, required: bool = True, help_: str | None = None) -> Column:
    return Column(
        name=_PROJECT_REF.name,
        type=T,
        help=help_ or _PROJECT_REF.help,
        aliases=_PROJECT_REF.aliases,
        key=key,
        required=required or key,
    )


def _rag(name: str, what: str, *aliases: str) -> Column:
    help_ = f"{what} RAG status: G (green), A (amber) or R (red)."
    return _c(name, R, help_, *aliases, allowed=RAG_VALUES)


def _score(name: str, help_: str, *aliases: str, required: bool = False) -> Column:
    return _c(name, INT, help_, *aliases, minimum=1, maximum=5, required=required)


# fmt: off
DATASETS: tuple[Dataset, ...] = (
    Dataset(
        "projects",
        "Projects",
        "One row per project in the portfolio.",
        (
            _c("project_id", T, "Unique project identifier, e.g. PRJ-001.",
               "id", "project", "project id", "project code", "code projet", "id projet",
               "projet", "projectcode", "project nummer", key=True, required=True),
            _c("name", T, "Project name.", "project name", "title", "nom", "nom du projet",
               "intitulé", "projectnaam", "naam", required=True),
            _c("programme", T, "Programme the project belongs to.", "program", "programme name",
               "programma"),
            _c("portfolio", T, "Portfolio or business unit.", "business unit", "department",
               "portefeuille", "direction", "afdeling", "bedrijfseenheid"),
            _c("sponsor", T, "Executive sponsor.", "executive sponsor", "commanditaire",
               "opdrachtgever"),
            _c("project_manager", T, "Project manager.", "pm", "manager", "chef de projet",
               "projectleider", "projectmanager"),
            _c("phase", T, "Lifecycle phase.", "stage", "status", "étape", "fase",
               allowed=PHASES, required=True),
            _c("methodology", T, "Delivery approach.", "method", "approach", "méthode",
               "méthodologie", "methode", "aanpak", allowed=METHODOLOGIES),
            _c("priority", T, "Portfolio priority.", "priorité", "prioriteit", allowed=PRIORITIES),
            _c("strategic_objective", T, "Strategic objective the project serves.",
               "objective", "strategic goal", "objectif", "objectif stratégique",
               "doelstelling", "strategisch doel"),
            _c("start_date", D, "Project start date.", "start", "date de début", "début",
               "startdatum"),
            _c("baseline_end_date", D, "End date approved in the baseline.",
               "baseline end", "planned end", "original end date", "date de fin prévue",
               "fin planifiée", "geplande einddatum", "baseline einddatum"),
            _c("forecast_end_date", D, "Currently forecast end date.", "forecast end",
               "expected end", "date de fin prévisionnelle", "fin prévue",
               "verwachte einddatum", "prognose einddatum"),
            _c("approved_budget", M, "Approved budget at completion (BAC), reporting currency.",
               "budget", "bac", "approved budget", "budget approuvé", "budget total",
               "goedgekeurd budget", minimum=0),
            _c("percent_complete", P, "Physical progress, 0–100 %.", "% complete", "progress",
               "avancement", "% avancement", "voortgang", "% gereed", minimum=0, maximum=100),
            _score("business_value", "Business value, 1 (low) to 5 (high).", "value",
                   "valeur", "valeur métier", "bedrijfswaarde", "waarde"),
            _c("description", T, "Short description.", "desc", "résumé", "omschrijving",
               "beschrijving", long_text=True),
        ),
        aliases=("projets", "projecten", "project list"),
    ),
    Dataset(
        "status_reports",
        "Status reports",
        "One row per project and report date: the RAG the project manager reports.",
        (
            _project_ref(key=True),
            _c("report_date", D, "Date of the report.", "date", "reporting date", "date du rapport",
               "rapportdatum", "datum", key=True, required=True),
            _rag("overall_rag", "Overall", "overall", "rag", "status", "statut global",
                 "météo", "algemene status", "totaal"),
            _rag("schedule_rag", "Schedule", "schedule", "planning", "délais", "calendrier"),
            _rag("budget_rag", "Budget", "budget", "cost", "coûts", "kosten"),
            _rag("scope_rag", "Scope", "scope", "périmètre", "reikwijdte"),
            _rag("resources_rag", "Resources", "resources", "ressources", "middelen"),
            _rag("risk_rag", "Risk", "risk", "risks", "risques", "risico"),
            _c("percent_complete", P, "Progress at the report date, 0–100 %.", "% complete",
               "progress", "avancement", "voortgang", minimum=0, maximum=100),
            _c("summary", T, "Summary of the period.", "synthèse", "résumé", "samenvatting",
               long_text=True),
            _c("achievements", T, "What was achieved.", "réalisations", "resultaten",
               "achievements this period", long_text=True),
            _c("next_steps", T, "What comes next.", "prochaines étapes", "volgende stappen",
               long_text=True),
            _c("decisions_required", T, "Decisions asked of the committee (empty if none).",
               "decisions", "décisions", "décisions attendues", "beslissingen",
               "gevraagde beslissingen", long_text=True),
            _c("author", T, "Who wrote the report.", "auteur", "reported by", "rédacteur"),
            _c("decision_options", T, "The options for the decision asked, one per line.",
               "options", "opties", long_text=True),
            _c("decision_recommendation", T, "The option the project recommends, and why.",
               "recommendation", "recommandation", "aanbeveling", long_text=True),
            *(
                _c(f"{d}_reason", T, f"Why the {d} RAG is amber or red (required then).",
                   f"{d} reason", f"{d} comment", long_text=True)
                for d in RAG_DIMENSIONS
            ),
            _c("progress_note", T, "Why % complete went down since the last approved report.",
               "progress comment", "commentaire avancement", long_text=True),
            _c("state", T, "Draft, Submitted, Approved or Returned. Leave it empty: an "
               "unchanged report keeps its state, a new or changed one is Submitted for the "
               "PMO's check. Only the PMO sets Approved or Returned.", "report state",
               "workflow", "état", "statut du rapport", "status rapport",
               allowed=REPORT_STATES),
        ),
        aliases=("status", "rapports", "statusrapporten", "reports"),
    ),
    Dataset(
        "financials",
        "Financials",
        "Monthly budget, actual, forecast and committed cost per project, category and type.",
        (
            _project_ref(key=True),
            _c("period", D, "Month (first day of the month).", "month", "mois", "maand",
               "période", key=True, required=True),
            _c("category", T, "Cost category.", "cost category", "catégorie", "categorie",
               "kostensoort", allowed=COST_CATEGORIES, key=True, required=True),
            _c("expense_type", T, "CAPEX or OPEX.", "type", "capex/opex", "nature", "soort",
               allowed=EXPENSE_TYPES, key=True, required=True),
            _c("budget", M, "Planned budget for the month.", "planned", "plan", "budget prévu",
               "begroting"),
            _c("actual", M, "Actual cost booked in the month.", "actuals", "réel", "réalisé",
               "werkelijk"),
            _c("forecast", M, "Forecast cost for the month.", "prévision", "prognose",
               "forecast cost"),
            _c("committed", M, "Committed (ordered, not yet invoiced) cost.", "engagé",
               "commitments", "verplicht"),
        ),
        aliases=("finances", "financiën", "budget"),
    ),
    Dataset(
        "milestones",
        "Milestones",
        "Project milestones with baseline, forecast and actual dates.",
        (
            _c("milestone_id", T, "Unique milestone identifier.", "id", "milestone",
               "jalon", "id jalon", "mijlpaal", key=True, required=True),
            _project_ref(),
            _c("name", T, "Milestone name.", "milestone name", "nom", "naam", "title",
               required=True),
            _c("baseline_date", D, "Date in the approved baseline.", "baseline", "planned date",
               "date prévue", "geplande datum"),
            _c("forecast_date", D, "Currently forecast date.", "forecast", "prévision",
               "date prévisionnelle", "verwachte datum"),
            _c("actual_date", D, "Date actually reached (empty while open).", "actual",
               "done", "date réelle", "werkelijke datum"),
            _c("is_gate", B, "Whether the milestone is a stage gate.", "gate", "jalon de décision",
               "poort", "beslispunt"),
        ),
        aliases=("jalons", "mijlpalen"),
    ),
    Dataset(
        "raid",
        "RAID log",
        "Risks, assumptions, issues, dependencies, decisions and actions.",
        (
            _c("raid_id", T, "Unique identifier.", "id", "ref", "reference", "référence",
               "referentie", key=True, required=True),
            _project_ref(required=False, help_="Project identifier; empty for portfolio items."),
            _c("type", T, "Kind of item.", "raid type", "nature", "soort", allowed=RAID_TYPES,
               required=True),
            _c("title", T, "Short title.", "titre", "titel", "name", required=True),
            _c("description", T, "Description.", "omschrijving", "beschrijving", long_text=True),
            _c("category", T, "Category (e.g. Technical, Vendor, People).", "catégorie",
               "categorie"),
            _score("probability", "Probability 1 (rare) – 5 (almost certain).", "likelihood",
                   "probabilité", "kans", "waarschijnlijkheid"),
            _score("impact", "Impact 1 (minor) – 5 (severe).", "gravité", "impact score"),
            _c("owner", T, "Owner.", "responsable", "eigenaar", "propriétaire"),
            _c("response", T, "Response or mitigation.", "mitigation", "réponse",
               "plan d'action", "mitigatie", "maatregel", long_text=True),
            _c("status", T, "Status.", "statut", allowed=RAID_STATUSES, required=True),
            _c("raised_date", D, "Date raised.", "raised", "date d'ouverture", "datum gemeld"),
            _c("due_date", D, "Due date.", "due", "échéance", "vervaldatum", "deadline"),
            _c("closed_date", D, "Date closed.", "closed", "date de clôture", "datum gesloten"),
            _c("for_committee", B, "To be escalated to the steering committee.",
               "escalate", "committee", "pour le comité", "escalade", "voor stuurgroep"),
        ),
        aliases=("risks", "risques", "risico's", "raid log"),
    ),
    Dataset(
        "tickets",
        "Tickets",
        "IT operations tickets (incidents and requests).",
        (
            _c("ticket_id", T, "Unique ticket number.", "number", "id", "ticket", "incident",
               "numéro", "nummer", key=True, required=True),
            _c("service", T, "Service the ticket belongs to.", "service line", "dienst",
               required=True),
            _c("category", T, "Category.", "catégorie", "categorie"),
            _c("priority", T, "Priority P1 (critical) – P4 (low).", "priorité", "prioriteit",
               allowed=TICKET_PRIORITIES, required=True),
            _c("opened_at", DT, "When the ticket was opened.", "opened", "created",
               "date d'ouverture", "ouvert le", "geopend", required=True),
            _c("first_response_at", DT, "First response.", "responded", "première réponse",
               "eerste reactie"),
            _c("resolved_at", DT, "When it was resolved.", "resolved", "résolu le", "opgelost"),
            _c("closed_at", DT, "When it was closed.", "closed", "fermé le", "gesloten"),
            _c("status", T, "Status.", "state", "statut", allowed=TICKET_STATUSES),
            _c("escalated", B, "Escalated.", "escalade", "geëscaleerd"),
            _c("reopened_count", INT, "Times reopened.", "reopen count", "réouvertures",
               "heropend", minimum=0),
            _c("assignment_group", T, "Resolver group.", "group", "groupe", "groep", "team"),
            _c("root_cause", T, "Root cause.", "cause", "cause racine", "oorzaak"),
            _score("satisfaction", "User satisfaction 1–5.", "csat", "tevredenheid"),
            _c("made_sla", B, "SLA met, as recorded by the ticketing tool. When empty, Steerco "
               "computes it from the SLA targets.", "sla met", "sla respecté", "sla gehaald"),
            _c("on_hold_hours", N, "Hours the ticket spent on hold (awaiting the user, a "
               "supplier or a change); excluded from resolution time and SLA.", "on hold hours",
               "hours on hold", "hold time", "heures en attente", "temps en attente",
               "uren in de wacht", "wachttijd", minimum=0),
        ),
        aliases=("incidents", "meldingen"),
    ),
    Dataset(
        "sla_targets",
        "SLA targets",
        "Response and resolution targets per service and priority.",
        (
            _c("service", T, "Service.", "dienst", key=True, required=True),
            _c("priority", T, "Ticket priority.", "priorité", "prioriteit",
               allowed=TICKET_PRIORITIES, key=True, required=True),
            _c("response_hours", N, "Response target in hours.", "response", "délai de réponse",
               "reactietijd", minimum=0),
            _c("resolution_hours", N, "Resolution target in hours.", "resolution",
               "délai de résolution", "oplostijd", minimum=0, required=True),
            _c("target_pct", P, "Share of tickets that must meet the target, 0–100 %.",
               "target", "objectif", "doel", minimum=0, maximum=100, required=True),
        ),
        aliases=("sla", "slas"),
    ),
    Dataset(
        "changes",
        "Changes",
        "Change requests implemented in production.",
        (
            _c("change_id", T, "Change number.", "id", "number", "change", "changement",
               "wijziging", key=True, required=True),
            _c("service", T, "Service changed.", "dienst"),
            _project_ref(required=False, help_="Project that requested the change, if any."),
            _c("type", T, "Change type.", "change type", "soort", allowed=CHANGE_TYPES),
            _c("planned_start", DT, "Planned start.", "planned", "début prévu", "gepland"),
            _c("implemented_at", DT, "When implemented.", "implemented", "mis en œuvre le",
               "uitgevoerd"),
            _c("outcome", T, "Outcome.", "result", "résultat", "resultaat",
               allowed=CHANGE_OUTCOMES),
            _c("caused_incident", B, "Caused an incident.", "incident", "a causé un incident",
               "veroorzaakte incident"),
        ),
        aliases=("changements", "wijzigingen"),
    ),
    Dataset(
        "capacity",
        "Capacity",
        "Available days per resource and month.",
        (
            _c("resource", T, "Person or role name.", "name", "ressource", "medewerker",
               key=True, required=True),
            _c("month", D, "Month (first day).", "period", "mois", "maand", key=True,
               required=True),
            _c("team", T, "Team.", "équipe", "ploeg"),
            _c("role", T, "Role.", "rôle", "rol", "functie"),
            _c("sourcing", T, "Internal or external.", "type", "interne/externe", "herkomst",
               allowed=SOURCING),
            _c("capacity_days", N, "Days available in the month.", "capacity", "capacité",
               "jours disponibles", "capaciteit", minimum=0),
            _c("day_rate", M, "Cost per day.", "rate", "tjm", "taux journalier", "dagtarief",
               minimum=0),
        ),
        aliases=("capacité", "capaciteit"),
    ),
    Dataset(
        "allocations",
        "Allocations",
        "Planned and actual days per resource, project and month.",
        (
            _c("resource", T, "Person or role name.", "name", "ressource", "medewerker",
               key=True, required=True),
            _project_ref(key=True),
            _c("month", D, "Month (first day).", "period", "mois", "maand", key=True,
               required=True),
            _c("planned_days", N, "Days planned.", "planned", "jours prévus", "geplande dagen",
               minimum=0),
            _c("actual_days", N, "Days worked.", "actual", "jours réels", "gewerkte dagen",
               minimum=0),
        ),
        aliases=("affectations", "toewijzingen"),
    ),
    Dataset(
        "contracts",
        "Contracts",
        "Vendor contracts and their performance.",
        (
            _c("contract_id", T, "Contract reference.", "id", "contract", "contrat",
               "référence contrat", "contractnummer", key=True, required=True),
            _c("vendor", T, "Vendor.", "supplier", "fournisseur", "prestataire",
               "leverancier", required=True),
            _c("scope", T, "What the contract covers.", "périmètre", "omvang", long_text=True),
            _project_ref(required=False, help_="Project served by the contract, if any."),
            _c("service", T, "Service served by the contract, if any.", "dienst"),
            _c("start_date", D, "Start date.", "start", "date de début", "startdatum"),
            _c("end_date", D, "End date.", "end", "date de fin", "einddatum"),
            _c("annual_value", M, "Contract value per year.", "value", "valeur annuelle",
               "jaarwaarde", minimum=0),
            _c("spend_to_date", M, "Spend to date.", "spend", "dépensé", "besteed", minimum=0),
            _c("sla_performance_pct", P, "SLA attainment, 0–100 %.", "sla", "performance sla",
               "sla prestatie", minimum=0, maximum=100),
            _score("satisfaction", "Satisfaction 1–5.", "tevredenheid"),
            _c("renewal_notice_date", D, "Last date to give notice or renew.", "notice date",
               "renewal date", "date de préavis", "opzegdatum"),
        ),
        aliases=("contrats", "contracten", "vendors"),
    ),
    Dataset(
        "demand",
        "Demand",
        "IT work requests waiting for prioritisation.",
        (
            _c("request_id", T, "Request identifier.", "id", "request", "demande",
               "aanvraag", key=True, required=True),
            _c("title", T, "Title.", "titre", "titel", "name", required=True),
            _c("requester", T, "Requester.", "demandeur", "aanvrager"),
            _c("department", T, "Requesting department.", "département", "direction",
               "afdeling"),
            _c("submitted_date", D, "Date submitted.", "submitted", "date de soumission",
               "ingediend"),
            _c("status", T, "Status.", "statut", allowed=DEMAND_STATUSES, required=True),
            _score("value_score", "Business value 1–5.", "value", "valeur", "waarde"),
            _score("urgency", "Urgency 1–5.", "urgence", "urgentie"),
            _score("risk_reduction", "Risk reduction 1–5.", "réduction du risque",
                   "risicoreductie"),
            _c("effort_days", N, "Estimated effort in days.", "effort", "charge",
               "inspanning", minimum=0),
            _c("cost_estimate", M, "Estimated cost.", "cost", "coût estimé", "geschatte kosten",
               minimum=0),
            _project_ref(required=False, help_="Project the request became, if converted."),
        ),
        aliases=("demandes", "aanvragen", "intake"),
    ),
    Dataset(
        "meetings",
        "Committee meetings",
        "Steering committee dates: 'since last meeting' compares with these.",
        (
            _c("meeting_date", D, "Date of the meeting.", "date", "date de réunion",
               "vergaderdatum", key=True, required=True),
            _c("committee", T, "Committee name.", "comité", "stuurgroep", required=True),
            _c("notes", T, "Notes.", "remarques", "notities", long_text=True),
            _c("chair", T, "Who chairs the meeting.", "président", "présidence", "voorzitter"),
            _c("attendees", T, "Who attends, separated by semicolons.", "participants",
               "présents", "aanwezigen", "deelnemers", long_text=True),
        ),
        aliases=("réunions", "vergaderingen", "committee"),
    ),
    Dataset(
        "decisions",
        "Decisions",
        "What the committee decided: the question, the options, the outcome and why.",
        (
            _c("decision_id", T, "Unique identifier (given by Steerco when recorded in a "
               "meeting).", "id", "ref", "référence", "referentie", key=True, required=True),
            _c("meeting_date", D, "The meeting that decided.", "meeting", "réunion",
               "vergadering", required=True),
            _project_ref(required=False, help_="The project it is about; empty for the "
                         "portfolio."),
            _c("question", T, "The question put to the committee.", "décision demandée",
               "vraag", "subject", long_text=True, required=True),
            _c("context", T, "Why it is asked now.", "contexte", "context", long_text=True),
            _c("options", T, "The options considered.", "options", "opties", long_text=True),
            _c("recommendation", T, "What was recommended.", "recommandation", "aanbeveling",
               long_text=True),
            _c("outcome", T, "What the committee decided.", "résultat", "décision",
               "besluit", "uitkomst", allowed=DECISION_OUTCOMES, required=True),
            _c("rationale", T, "Why.", "justification", "motivering", long_text=True),
            _c("decided_by", T, "Who decided (the chair, the committee).", "décidé par",
               "beslist door"),
            _c("source", T, "The agenda item it came from (a status report, a RAID item…).",
               "origine", "bron"),
        ),
        aliases=("décisions", "besluiten", "beslissingen"),
    ),
    Dataset(
        "actions",
        "Actions",
        "What the committee asked someone to do, by when, and whether it was done.",
        (
            _c("action_id", T, "Unique identifier (given by Steerco when recorded in a "
               "meeting).", "id", "ref", "référence", "referentie", key=True, required=True),
            _c("action", T, "What is to be done.", "what", "description", "actie", "quoi",
               long_text=True, required=True),
            _c("owner", T, "Who does it.", "responsable", "eigenaar", "verantwoordelijke",
               required=True),
            _c("due_date", D, "By when.", "due", "échéance", "vervaldatum", "deadline",
               required=True),
            _c("status", T, "Open, done or dropped.", "statut", allowed=ACTION_STATUSES,
               required=True),
            _project_ref(required=False, help_="The project it is about; empty for the "
                         "portfolio."),
            _c("decision_id", T, "The decision it follows from, if any.", "décision",
               "besluit"),
            _c("raised_meeting", D, "The meeting that raised it.", "raised", "réunion",
               "vergadering", required=True),
            _c("closed_meeting", D, "The meeting where it was reported done or dropped.",
               "closed in", "clôturée en réunion", "afgesloten in vergadering"),
            _c("closed_date", D, "When it was done or dropped.", "closed", "date de clôture",
               "datum afgesloten"),
            _c("notes", T, "Progress notes.", "remarques", "notities", long_text=True),
        ),
        aliases=("actions du comité", "acties"),
    ),
)
# fmt: on

DATASETS_BY_NAME: dict[str, Dataset] = {d.name: d for d in DATASETS}

#: Datasets whose upload replaces a whole scope: rows of the same scope value (e.g. all RAID
#: items of project P) that the file no longer contains are removed, as a PM who deletes a
#: closed risk from their sheet expects. Other datasets are only added to and updated.
REPLACE_SCOPES: dict[str, str] = {
    "financials": "project_id",
    "milestones": "project_id",
    "raid": "project_id",
    "allocations": "project_id",
    "capacity": "resource",
    "sla_targets": "service",
}

#: Pairs of date columns that must be in this order (earlier, later) on one row.
DATE_ORDER: dict[str, tuple[tuple[str, str], ...]] = {
    "projects": (("start_date", "baseline_end_date"), ("start_date", "forecast_end_date")),
    "raid": (("raised_date", "closed_date"),),
    "tickets": (
        ("opened_at", "first_response_at"),
        ("opened_at", "resolved_at"),
        ("opened_at", "closed_at"),
        ("resolved_at", "closed_at"),
    ),
    "contracts": (("start_date", "end_date"), ("renewal_notice_date", "end_date")),
    "actions": (
        ("raised_meeting", "due_date"),
        ("raised_meeting", "closed_meeting"),
        ("raised_meeting", "closed_date"),
    ),
}

#: Columns holding a project id that must exist (in the store or in the same upload).
PROJECT_REFERENCES: dict[str, str] = {
    name: "project_id"
    for name in (
        "status_reports",
        "financials",
        "milestones",
        "raid",
        "changes",
        "allocations",
        "contracts",
        "demand",
        "decisions",
        "actions",
    )
}


def dataset(name: str) -> Dataset:
    try:
        return DATASETS_BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown dataset {name!r}; known: {', '.join(DATASETS_BY_NAME)}") from None


# --------------------------------------------------------------------------- SQL tables

metadata = sa.MetaData()


def _sql_type(col: Column) -> sa.types.TypeEngine:
    if col.type in (ColumnType.TEXT, ColumnType.RAG):
        if col.long_text:
            return sa.Text()
        return sa.String(KEY_LENGTH if col.key else NAME_LENGTH)
    if col.type is ColumnType.INTEGER:
        return sa.Integer()
    if col.type in (ColumnType.NUMBER, ColumnType.MONEY, ColumnType.PERCENT):
        return sa.Float()
    if col.type is ColumnType.DATE:
        return sa.Date()
    if col.type is ColumnType.DATETIME:
        return sa.DateTime()
    if col.type is ColumnType.BOOLEAN:
        return sa.Boolean()
    raise ValueError(f"no SQL type for {col.type}")


#: System columns on every dataset table: the import that wrote the row's current version and
#: when that version became valid. NULL on rows older than history (schema version 1).
IMPORT_ID = "_import_id"
VALID_FROM = "_valid_from"
#: Extra columns of a history table: the import that ended a version, and when.
ENDED_BY = "_ended_import_id"
VALID_TO = "_valid_to"
VERSION_ID = "_version_id"
SYSTEM_COLUMNS = (IMPORT_ID, VALID_FROM)


def _table(ds: Dataset) -> sa.Table:
    columns = [
        sa.Column(c.name, _sql_type(c), primary_key=c.key, nullable=not (c.key or c.required))
        for c in ds.columns
    ]
    return sa.Table(
        ds.name,
        metadata,
        *columns,
        sa.Column(IMPORT_ID, sa.Integer, nullable=True),
        sa.Column(VALID_FROM, sa.DateTime, nullable=True),
    )


def _history_table(ds: Dataset) -> sa.Table:
    """Past versions of a dataset's rows: what an import changed or removed, and when."""
    table = sa.Table(
        f"{ds.name}_history",
        metadata,
        sa.Column(VERSION_ID, sa.Integer, primary_key=True, autoincrement=True),
        *(sa.Column(c.name, _sql_type(c), nullable=True) for c in ds.columns),
        sa.Column(IMPORT_ID, sa.Integer, nullable=True),
        sa.Column(VALID_FROM, sa.DateTime, nullable=True),
        sa.Column(ENDED_BY, sa.Integer, nullable=False),
        sa.Column(VALID_TO, sa.DateTime, nullable=False),
    )
    sa.Index(f"ix_{ds.name}_history_key", *(table.c[k] for k in ds.keys))
    sa.Index(f"ix_{ds.name}_history_ended", table.c[ENDED_BY])
    return table


TABLES: dict[str, sa.Table] = {ds.name: _table(ds) for ds in DATASETS}
HISTORY_TABLES: dict[str, sa.Table] = {ds.name: _history_table(ds) for ds in DATASETS}


def data_columns(name: str) -> list[sa.Column]:
    """The dataset's own columns of its table, without the system columns."""
    table = TABLES[name]
    return [table.c[c] for c in dataset(name).column_names]


# Indexes the query functions rely on (latest report per project, ticket trends per service).
sa.Index("ix_status_reports_date", TABLES["status_reports"].c.report_date)
sa.Index("ix_financials_period", TABLES["financials"].c.period)
sa.Index("ix_milestones_project", TABLES["milestones"].c.project_id)
sa.Index("ix_raid_project", TABLES["raid"].c.project_id)
sa.Index("ix_tickets_service_opened", TABLES["tickets"].c.service, TABLES["tickets"].c.opened_at)
sa.Index("ix_tickets_resolved", TABLES["tickets"].c.resolved_at)
sa.Index("ix_changes_implemented", TABLES["changes"].c.implemented_at)
sa.Index("ix_allocations_project", TABLES["allocations"].c.project_id)

#: One row: the store's schema version (each Alembic revision keeps it equal to its own), and
#: its data generation, which every write transaction moves (``engine.write_transaction``):
#: the cache key of every app server, so that all of them show a write at their next rerun.
schema_info = sa.Table(
    "steerco_schema",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("data_generation", sa.Integer, nullable=False, server_default="0"),
)

#: Every load into the store (seed, import, sync): who, when, what, and its outcome.
imports = sa.Table(
    "steerco_imports",
    metadata,
    sa.Column("import_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started_at", sa.DateTime, nullable=False),
    sa.Column("user_name", sa.String(NAME_LENGTH)),
    sa.Column("source", sa.String(NAME_LENGTH), nullable=False),  # file name, "sample", URL…
    sa.Column("sha256", sa.String(64)),
    sa.Column("datasets", sa.Text),
    sa.Column("rows_added", sa.Integer, nullable=False, default=0),
    sa.Column("rows_changed", sa.Integer, nullable=False, default=0),
    sa.Column("rows_removed", sa.Integer, nullable=False, default=0),
    sa.Column("outcome", sa.String(32), nullable=False),
    sa.Column("message", sa.Text),
    # Added in schema version 2: per-dataset counts as JSON, and rollback links.
    sa.Column("summary", sa.Text),
    sa.Column("rollback_of", sa.Integer),
    sa.Column("rolled_back_by", sa.Integer),
)

#: Outcomes recorded in the import log.
OUTCOME_SEEDED = "seeded"
OUTCOME_COMMITTED = "committed"
OUTCOME_UNCHANGED = "unchanged"
OUTCOME_REFUSED = "refused"
OUTCOME_FAILED = "failed"
OUTCOME_ROLLED_BACK = "rolled back"
OUTCOME_ROLLBACK = "rollback"

#: Column mappings saved by users, reusable by anyone (UI and CLI).
mappings = sa.Table(
    "steerco_mappings",
    metadata,
    sa.Column("name", sa.String(NAME_LENGTH), primary_key=True),
    sa.Column("dataset", sa.String(KEY_LENGTH), nullable=False),
    sa.Column("spec", sa.Text, nullable=False),  # JSON, see data_access.ingest.mapping
    sa.Column("saved_by", sa.String(NAME_LENGTH)),
    sa.Column("saved_at", sa.DateTime, nullable=False),
)

#: A meeting as Steerco runs it: its state (planned → in session → closed), its agenda as
#: edited, and, once closed, what the committee saw, frozen (the figures and lists as JSON, the
#: pack as it was built). See data_access.meetings.
meeting_records = sa.Table(
    "steerco_meeting_records",
    metadata,
    sa.Column("meeting_date", sa.Date, primary_key=True),
    sa.Column("status", sa.String(KEY_LENGTH), nullable=False),
    sa.Column("agenda", sa.Text),  # JSON: the agenda as edited (items, order, notes)
    sa.Column("opened_at", sa.DateTime),
    sa.Column("opened_by", sa.String(NAME_LENGTH)),
    sa.Column("closed_at", sa.DateTime),
    sa.Column("closed_by", sa.String(NAME_LENGTH)),
    sa.Column("frozen", sa.Text),  # JSON: figures, agenda, decisions and actions as seen
    sa.Column("pack", sa.LargeBinary),  # the .pptx as built at closing
    sa.Column("pack_sha256", sa.String(64)),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

#: Every step of a status report's check (docs/reporting.md): saved as draft, submitted,
#: approved, returned with a comment. Written in the transaction that changes the report.
report_events = sa.Table(
    "steerco_report_events",
    metadata,
    sa.Column("event_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("project_id", sa.String(KEY_LENGTH), nullable=False),
    sa.Column("report_date", sa.Date, nullable=False),
    sa.Column("state", sa.String(KEY_LENGTH), nullable=False),
    sa.Column("actor", sa.String(NAME_LENGTH), nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("comment", sa.Text),
    sa.Column("import_id", sa.Integer),
)
sa.Index("ix_report_events_report", report_events.c.project_id, report_events.c.report_date)

#: The admin-maintained role table: a signed-in person (by e-mail, lower case) → role and
#: scope. It wins over the identity provider's role claim. See data_access.users.
users = sa.Table(
    "steerco_users",
    metadata,
    sa.Column("email", sa.String(NAME_LENGTH), primary_key=True),
    sa.Column("name", sa.String(NAME_LENGTH)),
    sa.Column("role", sa.String(KEY_LENGTH), nullable=False),
    sa.Column("portfolios", sa.Text),  # JSON list: a viewer scoped to these portfolios…
    sa.Column("programmes", sa.Text),  # …or programmes sees only their projects
    sa.Column("projects", sa.Text),  # JSON list: a project manager's projects, by id
    sa.Column("updated_by", sa.String(NAME_LENGTH)),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

#: Every write, append-only: who (the authenticated identity), when, what, and before → after
#: where it applies (JSON). See data_access.audit.
audit = sa.Table(
    "steerco_audit",
    metadata,
    sa.Column("audit_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("actor", sa.String(NAME_LENGTH), nullable=False),
    sa.Column("action", sa.String(KEY_LENGTH), nullable=False),
    sa.Column("target", sa.String(NAME_LENGTH)),  # "import #12", "mapping 'ERP export'"…
    sa.Column("before", sa.Text),
    sa.Column("after", sa.Text),
    sa.Column("detail", sa.Text),
)
sa.Index("ix_steerco_audit_at", audit.c.at)

_APPEND_ONLY = "The audit trail is append-only: its rows are never changed or deleted."
# The database itself refuses to change or delete an audit row, whoever connects.
for _verb in ("UPDATE", "DELETE"):
    sa.event.listen(
        audit,
        "after_create",
        sa.DDL(
            f"CREATE TRIGGER steerco_audit_no_{_verb.lower()} BEFORE {_verb} ON steerco_audit "
            f"BEGIN SELECT RAISE(ABORT, '{_APPEND_ONLY}'); END"
        ).execute_if(dialect="sqlite"),
    )
sa.event.listen(
    audit,
    "after_create",
    sa.DDL(
        "CREATE OR REPLACE FUNCTION steerco_audit_append_only() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{_APPEND_ONLY}'; END $$ LANGUAGE plpgsql"
    ).execute_if(dialect="postgresql"),
)
sa.event.listen(
    audit,
    "after_create",
    sa.DDL(
        "CREATE TRIGGER steerco_audit_append_only BEFORE UPDATE OR DELETE ON steerco_audit "
        "FOR EACH ROW EXECUTE FUNCTION steerco_audit_append_only()"
    ).execute_if(dialect="postgresql"),
)

# --------------------------------------------------------------------------- summary tables
# The Operations figures kept at import (``data_access/summaries.py``): per local day × service
# × priority (× category, root cause, change type…), rebuilt in the same transaction as every
# load that changes tickets, changes or SLA targets, so a page reads days, not tickets. Days are
# the organisation's for the zones recorded in ``steerco_summaries``; a page asking for other
# zones reads the tickets themselves (the same figures, slower).

_SUMMARY_TEXT = sa.String(NAME_LENGTH)

summary_info = sa.Table(
    "steerco_summaries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("local_zone", sa.String(64), nullable=False),
    sa.Column("source_zone", sa.String(64), nullable=False),
    sa.Column("built_at", sa.DateTime, nullable=False),
)

ops_opened = sa.Table(
    "steerco_ops_opened",
    metadata,
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("service", _SUMMARY_TEXT),
    sa.Column("priority", _SUMMARY_TEXT),
    sa.Column("category", _SUMMARY_TEXT),
    sa.Column("tickets", sa.Integer, nullable=False),
)
sa.Index("ix_steerco_ops_opened_day", ops_opened.c.day)

ops_resolved = sa.Table(
    "steerco_ops_resolved",
    metadata,
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("service", _SUMMARY_TEXT),
    sa.Column("priority", _SUMMARY_TEXT),
    sa.Column("root_cause", _SUMMARY_TEXT),
    *(
        sa.Column(name, sa.Integer, nullable=False)
        for name in ("resolved", "judged", "met", "escalated", "reopened", "first_contact")
    ),
    sa.Column("hours", sa.Float, nullable=False),
    sa.Column("sat_sum", sa.Float, nullable=False),
    sa.Column("sat_n", sa.Integer, nullable=False),
)
sa.Index("ix_steerco_ops_resolved_day", ops_resolved.c.day)

#: One row per resolved ticket (its local day, service, priority and resolution time in
#: milliseconds): a median is not a sum of days, so MTTR medians read these narrow rows
#: instead of the tickets and their timestamps.
ops_durations = sa.Table(
    "steerco_ops_durations",
    metadata,
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("service", _SUMMARY_TEXT),
    sa.Column("priority", _SUMMARY_TEXT),
    sa.Column("ms", sa.Float, nullable=False),
)
sa.Index("ix_steerco_ops_durations_day", ops_durations.c.day)

ops_changes = sa.Table(
    "steerco_ops_changes",
    metadata,
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("service", _SUMMARY_TEXT),
    sa.Column("type", _SUMMARY_TEXT),
    sa.Column("outcome", _SUMMARY_TEXT),
    sa.Column("caused_incident", sa.Integer, nullable=False),
    sa.Column("changes", sa.Integer, nullable=False),
)
sa.Index("ix_steerco_ops_changes_day", ops_changes.c.day)

SUMMARY_TABLES = (ops_opened, ops_resolved, ops_durations, ops_changes)
