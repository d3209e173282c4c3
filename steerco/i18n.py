"""One translation function for every user-facing text.

Source strings are English and double as keys (gettext style); ``CATALOGUES`` holds the other
languages. A missing translation falls back to English, so a new text never breaks a page.
"""

from __future__ import annotations

from contextvars import ContextVar

from data_access.schema import RAG_WORDS

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

# Sign-in and single-user mode (steerco/ui/auth.py, the Data page's author line).
_SINGLE_USER = (
    "Single-user mode: anyone who can reach this app can change its data. To require "
    "sign-in, configure `[auth]` in `.streamlit/secrets.toml` (docs/sign-in.md)."
)
_EXPOSED = (
    "Single-user mode on a network address ({address}): anyone who can reach this app can "
    "change its data. Configure sign-in (`[auth]` in `.streamlit/secrets.toml`, "
    "docs/sign-in.md) or bind to 127.0.0.1."
)
_UNREADABLE_SECRETS = (
    "The secrets file (`.streamlit/secrets.toml`) cannot be read, so Steerco cannot tell "
    "whether sign-in is required and shows nothing. Correct the file (the server's log says "
    "what is wrong) and reload the page."
)
CATALOGUES["fr"].update(
    {
        _SINGLE_USER: "Mode mono-utilisateur : toute personne qui peut joindre cette "
        "application peut modifier ses données. Pour exiger une connexion, configurez `[auth]` "
        "dans `.streamlit/secrets.toml` (docs/sign-in.md).",
        _EXPOSED: "Mode mono-utilisateur sur une adresse réseau ({address}) : toute personne "
        "qui peut joindre cette application peut modifier ses données. Configurez la connexion "
        "(`[auth]` dans `.streamlit/secrets.toml`, docs/sign-in.md) ou écoutez sur 127.0.0.1.",
        _UNREADABLE_SECRETS: "Le fichier de secrets (`.streamlit/secrets.toml`) est illisible : "
        "Steerco ne peut savoir si une connexion est exigée et n'affiche rien. Corrigez le "
        "fichier (le journal du serveur dit ce qui ne va pas) et rechargez la page.",
        "local user": "utilisateur local",
        "Sign in to see the portfolio.": "Connectez-vous pour voir le portefeuille.",
        "Sign in": "Se connecter",
        "Sign in with {provider}": "Se connecter avec {provider}",
        "Signed in as {name}": "Connecté en tant que {name}",
        "Sign out": "Se déconnecter",
        "Recorded in the import history as {who}.": "Enregistré dans l'historique des imports "
        "sous le nom {who}.",
    }
)
CATALOGUES["nl"].update(
    {
        _SINGLE_USER: "Modus voor één gebruiker: iedereen die deze app kan bereiken, kan de "
        "gegevens wijzigen. Om aanmelden te vereisen, stel `[auth]` in in "
        "`.streamlit/secrets.toml` (docs/sign-in.md).",
        _EXPOSED: "Modus voor één gebruiker op een netwerkadres ({address}): iedereen die deze "
        "app kan bereiken, kan de gegevens wijzigen. Stel aanmelden in (`[auth]` in "
        "`.streamlit/secrets.toml`, docs/sign-in.md) of luister op 127.0.0.1.",
        _UNREADABLE_SECRETS: "Het secrets-bestand (`.streamlit/secrets.toml`) is onleesbaar: "
        "Steerco kan niet bepalen of aanmelden vereist is en toont niets. Verbeter het bestand "
        "(het serverlogboek zegt wat er mis is) en laad de pagina opnieuw.",
        "local user": "lokale gebruiker",
        "Sign in to see the portfolio.": "Meld u aan om de portefeuille te zien.",
        "Sign in": "Aanmelden",
        "Sign in with {provider}": "Aanmelden met {provider}",
        "Signed in as {name}": "Aangemeld als {name}",
        "Sign out": "Afmelden",
        "Recorded in the import history as {who}.": "Vastgelegd in de importgeschiedenis als "
        "{who}.",
    }
)

# The Data page's upload limit, when the setting promises more than the server accepts
# (steerco.ui.upload_limit.warn_if_above_server).
_UPLOAD_ABOVE_SERVER = (
    "The setting max_upload_mb is {setting} MB, but the server accepts uploads of "
    "at most {server} MB (server.maxUploadSize in .streamlit/config.toml): files "
    "up to {server} MB can be uploaded. Raise both to accept larger files."
)
CATALOGUES["fr"][_UPLOAD_ABOVE_SERVER] = (
    "Le paramètre max_upload_mb vaut {setting} Mo, mais le serveur accepte des fichiers "
    "d'au plus {server} Mo (server.maxUploadSize dans .streamlit/config.toml) : les "
    "fichiers jusqu'à {server} Mo peuvent être téléversés. Augmentez les deux pour accepter "
    "des fichiers plus grands."
)
CATALOGUES["nl"][_UPLOAD_ABOVE_SERVER] = (
    "De instelling max_upload_mb is {setting} MB, maar de server aanvaardt uploads van "
    "hoogstens {server} MB (server.maxUploadSize in .streamlit/config.toml): bestanden "
    "tot {server} MB kunnen worden geüpload. Verhoog beide om grotere bestanden te aanvaarden."
)

# Team use: roles on the Data page and the Users page (steerco.ui.imports, steerco.ui.users,
# steerco.views.users, pages/users.py).
CATALOGUES["fr"].update(
    {
        "Users": "Utilisateurs",
        "Users and roles": "Utilisateurs et rôles",
        "viewer": "lecteur",
        "project manager": "chef de projet",
        "PMO": "PMO",
        "admin": "administrateur",
        "import data": "importer des données",
        "roll back an import": "annuler un import",
        "pull data from the SQL sources": "tirer les données des sources SQL",
        "change column mappings": "modifier les correspondances de colonnes",
        "change users and roles": "modifier les utilisateurs et les rôles",
        "Your role ({role}) does not include this: {action}.": (
            "Votre rôle ({role}) ne permet pas ceci : {action}."
        ),
        "You may import for your projects: {ids}.": (
            "Vous pouvez importer pour vos projets : {ids}."
        ),
        "No project names you as its manager yet: ask the PMO to map your projects.": (
            "Aucun projet ne vous désigne encore comme chef de projet : demandez au PMO "
            "de vous attribuer vos projets."
        ),
        "Person": "Personne",
        "Someone new…": "Une nouvelle personne…",
        "E-mail (as the identity provider sends it)": (
            "E-mail (tel que le fournisseur d'identité l'envoie)"
        ),
        "Role": "Rôle",
        "Only these portfolios": "Seulement ces portefeuilles",
        "Only these programmes": "Seulement ces programmes",
        "Projects they manage (besides those naming them as project manager)": (
            "Projets qu'elle gère (en plus de ceux qui la désignent comme chef de projet)"
        ),
        "Save": "Enregistrer",
        "None": "Aucun",
        "{email} is now {role}.": "{email} est désormais {role}.",
        "Remove {email} from the table": "Retirer {email} de la table",
        "{email} was removed from the table.": "{email} a été retiré(e) de la table.",
        "every project": "tous les projets",
        "portfolios {names}": "portefeuilles {names}",
        "programmes {names}": "programmes {names}",
        " or ": " ou ",
        "E-mail": "E-mail",
        "Sees": "Voit",
        "Projects managed (mapped)": "Projets gérés (attribués)",
        "Changed by": "Modifié par",
        "Changed": "Modifié le",
        "Store: {where} (shown to admins only; secrets masked).": (
            "Base : {where} (visible des seuls administrateurs ; secrets masqués)."
        ),
    }
)
CATALOGUES["nl"].update(
    {
        "Users": "Gebruikers",
        "Users and roles": "Gebruikers en rollen",
        "viewer": "lezer",
        "project manager": "projectleider",
        "PMO": "PMO",
        "admin": "beheerder",
        "import data": "gegevens importeren",
        "roll back an import": "een import terugdraaien",
        "pull data from the SQL sources": "gegevens uit de SQL-bronnen ophalen",
        "change column mappings": "kolomkoppelingen wijzigen",
        "change users and roles": "gebruikers en rollen wijzigen",
        "Your role ({role}) does not include this: {action}.": (
            "Uw rol ({role}) laat dit niet toe: {action}."
        ),
        "You may import for your projects: {ids}.": ("U mag importeren voor uw projecten: {ids}."),
        "No project names you as its manager yet: ask the PMO to map your projects.": (
            "Nog geen project noemt u als projectleider: vraag het PMO uw projecten te koppelen."
        ),
        "Person": "Persoon",
        "Someone new…": "Iemand nieuw…",
        "E-mail (as the identity provider sends it)": (
            "E-mail (zoals de identiteitsprovider het doorgeeft)"
        ),
        "Role": "Rol",
        "Only these portfolios": "Alleen deze portfolio's",
        "Only these programmes": "Alleen deze programma's",
        "Projects they manage (besides those naming them as project manager)": (
            "Projecten die deze persoon leidt (naast die waar hij of zij projectleider is)"
        ),
        "Save": "Opslaan",
        "None": "Geen",
        "{email} is now {role}.": "{email} is nu {role}.",
        "Remove {email} from the table": "{email} uit de tabel verwijderen",
        "{email} was removed from the table.": "{email} is uit de tabel verwijderd.",
        "every project": "alle projecten",
        "portfolios {names}": "portfolio's {names}",
        "programmes {names}": "programma's {names}",
        " or ": " of ",
        "E-mail": "E-mail",
        "Sees": "Ziet",
        "Projects managed (mapped)": "Geleide projecten (gekoppeld)",
        "Changed by": "Gewijzigd door",
        "Changed": "Gewijzigd op",
        "Store: {where} (shown to admins only; secrets masked).": (
            "Opslag: {where} (alleen zichtbaar voor beheerders; geheimen gemaskeerd)."
        ),
    }
)

# "Download my projects" and the import preview (steerco.ui.imports, steerco.views.data).
_MY_PROJECTS_HELP = (
    "The template filled with these projects' current data: edit what changed and upload it "
    "back here; the preview lists only what you changed."
)
_REMOVAL_SCOPE = "Switched on, {scope} that this file does not list would be removed: {n} row(s)."
CATALOGUES["fr"].update(
    {
        "Download my projects (.xlsx)": "Télécharger mes projets (.xlsx)",
        "Prepare my projects (.xlsx): {n} projects": "Préparer mes projets (.xlsx) : {n} projets",
        _MY_PROJECTS_HELP: "Le modèle rempli avec les données actuelles de ces projets : "
        "modifiez ce qui a changé et téléversez-le ici ; l'aperçu ne liste que vos "
        "modifications.",
        "Empty sheets, to add data of any kind.": (
            "Des feuilles vides, pour ajouter des données de tout type."
        ),
        "Your projects ({n}), filled with their current data.": (
            "Vos projets ({n}), remplis avec leurs données actuelles."
        ),
        "The projects the sidebar filters select ({n}), filled with their current data.": (
            "Les projets retenus par les filtres ({n}), remplis avec leurs données actuelles."
        ),
        "No project to download: none is yours or none matches the filters.": (
            "Aucun projet à télécharger : aucun n'est à vous ou aucun ne correspond aux filtres."
        ),
        "Before → after": "Avant → après",
        "**Changed fields** (before → after)": "**Champs modifiés** (avant → après)",
        "Rows are only added and updated: no dataset of this file removes rows.": (
            "Les lignes sont seulement ajoutées et mises à jour : aucun jeu de données de ce "
            "fichier ne supprime de lignes."
        ),
        "Off: rows are only added and updated.": (
            "Désactivé : les lignes sont seulement ajoutées et mises à jour."
        ),
        _REMOVAL_SCOPE: "Activé, {scope} que ce fichier ne liste pas seraient supprimées : "
        "{n} ligne(s).",
        "the rows of {what} {values} in {datasets}": "les lignes des {what} {values} dans "
        "{datasets}",
        " (and the rows without a {column})": " (et les lignes sans {column})",
        "{shown} and {n} more": "{shown} et {n} autres",
        "projects": "projets",
        "resources": "ressources",
        "services": "services",
    }
)
CATALOGUES["nl"].update(
    {
        "Download my projects (.xlsx)": "Mijn projecten downloaden (.xlsx)",
        "Prepare my projects (.xlsx): {n} projects": "Mijn projecten voorbereiden (.xlsx): "
        "{n} projecten",
        _MY_PROJECTS_HELP: "Het sjabloon gevuld met de huidige gegevens van deze projecten: "
        "wijzig wat veranderd is en upload het hier terug; het voorbeeld toont alleen uw "
        "wijzigingen.",
        "Empty sheets, to add data of any kind.": (
            "Lege bladen, om gegevens van elke soort toe te voegen."
        ),
        "Your projects ({n}), filled with their current data.": (
            "Uw projecten ({n}), gevuld met hun huidige gegevens."
        ),
        "The projects the sidebar filters select ({n}), filled with their current data.": (
            "De projecten die de filters selecteren ({n}), gevuld met hun huidige gegevens."
        ),
        "No project to download: none is yours or none matches the filters.": (
            "Geen project om te downloaden: geen enkel is van u of past bij de filters."
        ),
        "Before → after": "Voor → na",
        "**Changed fields** (before → after)": "**Gewijzigde velden** (voor → na)",
        "Rows are only added and updated: no dataset of this file removes rows.": (
            "Rijen worden alleen toegevoegd en bijgewerkt: geen dataset van dit bestand "
            "verwijdert rijen."
        ),
        "Off: rows are only added and updated.": (
            "Uit: rijen worden alleen toegevoegd en bijgewerkt."
        ),
        _REMOVAL_SCOPE: "Ingeschakeld zouden {scope} die dit bestand niet vermeldt, worden "
        "verwijderd: {n} rij(en).",
        "the rows of {what} {values} in {datasets}": "de rijen van {what} {values} in {datasets}",
        " (and the rows without a {column})": " (en de rijen zonder {column})",
        "{shown} and {n} more": "{shown} en {n} meer",
        "projects": "projecten",
        "resources": "resources",
        "services": "diensten",
    }
)

# The menu, the sidebar and the Overview's headline (issue 18 goes on from here).
CATALOGUES["fr"].update(
    {
        "Overview": "Vue d'ensemble",
        "Portfolio": "Portefeuille",
        "Finance": "Finances",
        "Risks & RAID": "Risques & RAID",
        "Roadmap": "Feuille de route",
        "Operations": "Exploitation",
        "Vendors": "Fournisseurs",
        "Demand": "Demandes",
        "Meeting": "Réunion",
        "Export": "Exporter",
        "Data": "Données",
        "Audit": "Audit",
        "Language": "Langue",
        "Choose en, fr or nl.": "Choisissez en, fr ou nl.",
        "Filters": "Filtres",
        "Programme": "Programme",
        "Sponsor": "Sponsor",
        "Phase": "Phase",
        "Reported status": "Statut rapporté",
        "As of": "À la date du",
        "Reset filters": "Réinitialiser les filtres",
        "Portfolio overview": "Vue d'ensemble du portefeuille",
        "Projects": "Projets",
        "Red projects": "Projets rouges",
        "Watermelons": "Projets pastèque",
        "Stale reports": "Rapports périmés",
        "Decisions required": "Décisions requises",
        "Show red projects": "Voir les projets rouges",
    }
)
CATALOGUES["nl"].update(
    {
        "Overview": "Overzicht",
        "Portfolio": "Portfolio",
        "Finance": "Financiën",
        "Risks & RAID": "Risico's & RAID",
        "Roadmap": "Roadmap",
        "Operations": "IT-beheer",
        "Vendors": "Leveranciers",
        "Demand": "Aanvragen",
        "Meeting": "Vergadering",
        "Export": "Exporteren",
        "Data": "Gegevens",
        "Audit": "Audit",
        "Language": "Taal",
        "Choose en, fr or nl.": "Kies en, fr of nl.",
        "Filters": "Filters",
        "Programme": "Programma",
        "Sponsor": "Opdrachtgever",
        "Phase": "Fase",
        "Reported status": "Gerapporteerde status",
        "As of": "Per datum",
        "Reset filters": "Filters wissen",
        "Portfolio overview": "Portfolio-overzicht",
        "Projects": "Projecten",
        "Red projects": "Rode projecten",
        "Watermelons": "Watermeloenprojecten",
        "Stale reports": "Verouderde rapporten",
        "Decisions required": "Vereiste beslissingen",
        "Show red projects": "Rode projecten tonen",
    }
)

#: The language of this context, never of the whole process: Streamlit runs each session's
#: script in a thread of its own, and a new thread starts from the default.
_language: ContextVar[str] = ContextVar("steerco_language", default=DEFAULT_LANGUAGE)


# Reporting completeness before the meeting (steerco.views.reporting, steerco.ui.reporting).
_RC_SUMMARY = (
    "Next meeting {meeting}; reports due {deadline} ({days} days before). Reports dated after "
    "{start} count for it. {reported} of {active} active projects have reported."
)
_RC_NO_MEETING = (
    "No steering committee is scheduled on or after this date: schedule the next meeting on "
    "the Meeting page, and the completeness list for it appears here."
)
_RC_COPY = "Copy the late project managers' names (the copy button of the box below)."
_RC_NO_ADDRESS = (
    "No address for: {names} (neither an e-mail as project manager nor a name in the role table)."
)
_RC_NO_SMTP = (
    "No mail server is configured (setting [smtp]): copy the names above into your own e-mail."
)
_RC_SEND_HELP = (
    "One e-mail to each late project manager with an address, naming their projects, the "
    "meeting ({meeting}) and the deadline ({deadline})"
)
_RC_STALE_HELP = "Latest counted report more than {days} days older than the deadline, or none"
_RC_SUBJECT = "Status report due for the steering committee of {meeting}: {project}"
_RC_BODY = (
    "Hello {name},\n\nThe status report of these projects for the steering committee of "
    "{meeting} was due on {deadline} and has not been submitted yet:\n\n{projects}\n\n"
    "Please submit it in Steerco as soon as you can.\n\nThe PMO"
)
_RC_HELP = {
    "Late": "Nothing for this meeting and the deadline has passed",
    "Returned": "The PMO returned the report; its project manager has to submit again",
    "Draft": "Only a draft for this meeting: not submitted",
    "Due": "Nothing for this meeting yet; the deadline has not passed",
    "Submitted": "Submitted for this meeting, waiting for the PMO's approval",
    "Approved": "Approved by the PMO for this meeting",
}
CATALOGUES["fr"].update(
    {
        _RC_SUMMARY: "Prochain comité le {meeting} ; rapports attendus le {deadline} ({days} "
        "jours avant). Les rapports datés après le {start} comptent pour lui. {reported} "
        "projets actifs sur {active} ont rapporté.",
        _RC_NO_MEETING: "Aucun comité de pilotage n'est prévu à cette date ou après : planifiez "
        "le prochain sur la page Comité, et sa liste de complétude apparaîtra ici.",
        _RC_COPY: "Copiez les noms des chefs de projet en retard (bouton de copie du cadre "
        "ci-dessous).",
        _RC_NO_ADDRESS: "Pas d'adresse pour : {names} (ni e-mail comme chef de projet, ni nom "
        "dans la table des rôles).",
        _RC_NO_SMTP: "Aucun serveur de messagerie n'est configuré (paramètre [smtp]) : copiez "
        "les noms ci-dessus dans votre propre e-mail.",
        _RC_SEND_HELP: "Un e-mail à chaque chef de projet en retard qui a une adresse, nommant "
        "ses projets, le comité ({meeting}) et l'échéance ({deadline})",
        _RC_STALE_HELP: "Dernier rapport compté plus de {days} jours avant l'échéance, ou aucun",
        _RC_SUBJECT: "Rapport d'avancement attendu pour le comité de pilotage du {meeting} : "
        "{project}",
        _RC_BODY: "Bonjour {name},\n\nLe rapport d'avancement de ces projets pour le comité "
        "de pilotage du {meeting} était attendu le {deadline} et n'a pas encore été soumis :"
        "\n\n{projects}\n\nMerci de le soumettre dans Steerco dès que possible.\n\nLe PMO",
        _RC_HELP["Late"]: "Rien pour ce comité et l'échéance est passée",
        _RC_HELP["Returned"]: "Le PMO a renvoyé le rapport ; son chef de projet doit le "
        "soumettre à nouveau",
        _RC_HELP["Draft"]: "Seulement un brouillon pour ce comité : non soumis",
        _RC_HELP["Due"]: "Rien encore pour ce comité ; l'échéance n'est pas passée",
        _RC_HELP["Submitted"]: "Soumis pour ce comité, en attente de l'approbation du PMO",
        _RC_HELP["Approved"]: "Approuvé par le PMO pour ce comité",
        "Late": "En retard",
        "Due": "Attendu",
        "Stale": "Périmé",
        "◷ stale": "◷ périmé",
        "Its state": "Son état",
        "Last counted report": "Dernier rapport compté",
        "Late project managers": "Chefs de projet en retard",
        "Nobody is late.": "Personne n'est en retard.",
        "Sent to {to}.": "Envoyé à {to}.",
        "Not sent to {to}: {error}": "Non envoyé à {to} : {error}",
        "Send reminders ({n})": "Envoyer des rappels ({n})",
        "Sending…": "Envoi…",
        "Reporting completeness": "Complétude des rapports",
        "{first} and {n} more": "{first} et {n} autre(s)",
        "last report": "dernier rapport",
        "Late project managers: {names}": "Chefs de projet en retard : {names}",
    }
)
CATALOGUES["nl"].update(
    {
        _RC_SUMMARY: "Volgende stuurgroep op {meeting}; rapporten verwacht op {deadline} "
        "({days} dagen vooraf). Rapporten gedateerd na {start} tellen mee. {reported} van de "
        "{active} actieve projecten hebben gerapporteerd.",
        _RC_NO_MEETING: "Er is geen stuurgroep gepland op of na deze datum: plan de volgende "
        "op de pagina Stuurgroep, en de lijst voor die vergadering verschijnt hier.",
        _RC_COPY: "Kopieer de namen van de projectleiders die te laat zijn (de kopieerknop van "
        "het vak hieronder).",
        _RC_NO_ADDRESS: "Geen adres voor: {names} (geen e-mail als projectleider en geen naam "
        "in de rollentabel).",
        _RC_NO_SMTP: "Er is geen mailserver ingesteld (instelling [smtp]): kopieer de namen "
        "hierboven in uw eigen e-mail.",
        _RC_SEND_HELP: "Eén e-mail aan elke projectleider die te laat is en een adres heeft, "
        "met de projecten, de vergadering ({meeting}) en de deadline ({deadline})",
        _RC_STALE_HELP: "Laatste getelde rapport meer dan {days} dagen voor de deadline, of geen",
        _RC_SUBJECT: "Statusrapport verwacht voor de stuurgroep van {meeting}: {project}",
        _RC_BODY: "Beste {name},\n\nHet statusrapport van deze projecten voor de stuurgroep "
        "van {meeting} werd verwacht op {deadline} en is nog niet ingediend:\n\n{projects}"
        "\n\nDien het zo snel mogelijk in via Steerco.\n\nHet PMO",
        _RC_HELP["Late"]: "Niets voor deze vergadering en de deadline is voorbij",
        _RC_HELP["Returned"]: "Het PMO stuurde het rapport terug; de projectleider moet het "
        "opnieuw indienen",
        _RC_HELP["Draft"]: "Alleen een concept voor deze vergadering: niet ingediend",
        _RC_HELP["Due"]: "Nog niets voor deze vergadering; de deadline is niet voorbij",
        _RC_HELP["Submitted"]: "Ingediend voor deze vergadering, wacht op goedkeuring door het PMO",
        _RC_HELP["Approved"]: "Goedgekeurd door het PMO voor deze vergadering",
        "Late": "Te laat",
        "Due": "Verwacht",
        "Stale": "Verouderd",
        "◷ stale": "◷ verouderd",
        "Its state": "Status ervan",
        "Last counted report": "Laatste getelde rapport",
        "Late project managers": "Projectleiders die te laat zijn",
        "Nobody is late.": "Niemand is te laat.",
        "Sent to {to}.": "Verzonden aan {to}.",
        "Not sent to {to}: {error}": "Niet verzonden aan {to}: {error}",
        "Send reminders ({n})": "Herinneringen versturen ({n})",
        "Sending…": "Versturen…",
        "Reporting completeness": "Volledigheid van de rapportering",
        "{first} and {n} more": "{first} en {n} meer",
        "last report": "laatste rapport",
        "Late project managers: {names}": "Projectleiders die te laat zijn: {names}",
    }
)


# Status reports (issue 15): the Status reports page (pages/report.py, steerco.ui.report,
# steerco.views.report: STATE_LABELS, FIELD_LABELS, DIMENSION_LABELS and the *_COLUMNS labels).
_SR_EXCEL_HELP = (
    "The template filled with your projects: edit it and upload it on the Data page; the "
    "preview lists only what you changed."
)
_SR_READ_ONLY = "You can read this report; only the project's manager or the PMO can change it."
_SR_WATERMELON = (
    "You report {reported}, but the figures say Red. Explain it in the overall reason, or the "
    "committee sees a watermelon."
)
_SR_FIGURES_RED = (
    "Reported {reported}, but the figures say Red: {figures}. The committee will see both."
)
_SR_DRAFT_HELP = "A draft is yours: it never changes a figure. Submit when it is ready."
_SR_WENT_DOWN = "% complete went down since the last approved report: why? *"
_SR_WAITING = "Waiting for your check: {n}, the oldest first. Click one to check it."
_SR_COMPUTED_HELP = (
    "The worst of budget, schedule and risk as Steerco computes them from the figures "
    "(docs/definitions.md)."
)
CATALOGUES["fr"].update(
    {
        "Status reports": "Rapports d'avancement",
        "Report": "Rapport",
        "PMO check": "Contrôle PMO",
        "Completeness": "Complétude",
        "Project": "Projet",
        "mine": "mon projet",
        "a project id": "un identifiant de projet",
        "Your projects first. Type to search by id or name.": (
            "Vos projets d'abord. Tapez pour chercher par identifiant ou par nom."
        ),
        "No project yet: import the projects sheet first.": (
            "Aucun projet pour l'instant : importez d'abord la feuille des projets."
        ),
        "There is no project {id}.": "Il n'existe aucun projet {id}.",
        "Prefer Excel? Download your projects": "Vous préférez Excel ? Téléchargez vos projets",
        _SR_EXCEL_HELP: "Le modèle rempli avec vos projets : modifiez-le et téléversez-le sur la "
        "page Données ; l'aperçu ne liste que vos modifications.",
        "Project manager: {pm} · Phase: {phase}": "Chef de projet : {pm} · Phase : {phase}",
        "Report of {day}: **{state}**": "Rapport du {day} : **{state}**",
        "New report, pre-filled from the last one": (
            "Nouveau rapport, prérempli à partir du précédent"
        ),
        "Returned by {who}:": "Renvoyé par {who} :",
        _SR_READ_ONLY: "Vous pouvez consulter ce rapport ; seuls le chef de projet ou le PMO "
        "peuvent le modifier.",
        "What Steerco computes": "Ce que Steerco calcule",
        _SR_WATERMELON: "Vous déclarez {reported}, mais les chiffres indiquent Rouge. "
        "Expliquez-le dans la justification globale, sinon le comité de pilotage verra une "
        "pastèque.",
        "Last approved % complete: {pct}": "Dernier % d'avancement approuvé : {pct}",
        "choose": "choisir",
        "{dim}: why {rag}? *": "{dim} : pourquoi {rag} ? *",
        "Milestones not yet reached: forecast dates": (
            "Jalons non encore atteints : dates prévues"
        ),
        "Id": "Id",
        "Milestone": "Jalon",
        "Baseline": "Référence",
        "Forecast": "Prévision",
        "Top open risks": "Principaux risques ouverts",
        "Risk": "Risque",
        "Probability": "Probabilité",
        "Impact": "Impact",
        "Status": "Statut",
        "Response": "Réponse",
        "Report date": "Date du rapport",
        "% complete": "% d'avancement",
        _SR_WENT_DOWN: "Le % d'avancement a baissé depuis le dernier rapport approuvé : "
        "pourquoi ? *",
        "Summary": "Synthèse",
        "Achievements this period": "Réalisations de la période",
        "Next steps": "Prochaines étapes",
        "Decision asked of the committee (empty if none)": (
            "Décision demandée au comité de pilotage (vide si aucune)"
        ),
        "Options (one per line)": "Options (une par ligne)",
        "Recommendation": "Recommandation",
        "Save draft": "Enregistrer le brouillon",
        "Submit to the PMO": "Soumettre au PMO",
        _SR_DRAFT_HELP: "Un brouillon reste le vôtre : il ne modifie aucun chiffre. "
        "Soumettez-le quand il est prêt.",
        "Nothing changed: the report was already saved like this.": (
            "Rien n'a changé : le rapport était déjà enregistré ainsi."
        ),
        "Report of {day} submitted to the PMO.": "Rapport du {day} soumis au PMO.",
        "Draft of {day} saved.": "Brouillon du {day} enregistré.",
        "Not saved:": "Non enregistré :",
        "This project's reports and their steps": "Les rapports de ce projet et leurs étapes",
        "No report is waiting for your check.": "Aucun rapport n'attend votre contrôle.",
        _SR_WAITING: "En attente de votre contrôle : {n}, le plus ancien d'abord. Cliquez sur "
        "un rapport pour le contrôler.",
        "This report is no longer waiting for a check.": "Ce rapport n'attend plus de contrôle.",
        "{project} · {name} — report of {day}": "{project} · {name} — rapport du {day}",
        "What it changes since the last approved report": (
            "Ce qui change depuis le dernier rapport approuvé"
        ),
        "Nothing: the same as the last approved report.": (
            "Rien : identique au dernier rapport approuvé."
        ),
        "Field": "Champ",
        "Before": "Avant",
        "After": "Après",
        "Decision asked": "Décision demandée",
        "Comment to the project manager": "Commentaire au chef de projet",
        "Approve": "Approuver",
        "Return with comment": "Renvoyer avec commentaire",
        "approved": "approuvé",
        "returned to its project manager": "renvoyé à son chef de projet",
        "Report of {project} ({day}) {done}.": "Rapport de {project} ({day}) {done}.",
        "No report yet": "Pas encore de rapport",
        "Draft": "Brouillon",
        "Submitted": "Soumis",
        "Approved": "Approuvé",
        "Returned": "Renvoyé",
        "Computed RAG": "RAG calculé",
        "CPI": "CPI",
        "SPI": "SPI",
        "Schedule slip": "Écart de délai",
        "EAC vs budget": "EAC par rapport au budget",
        _SR_COMPUTED_HELP: "Le pire entre budget, délais et risque, tels que Steerco les "
        "calcule à partir des chiffres (docs/definitions.md).",
        "Cost performance index: EV / AC.": "Indice de performance des coûts : EV / AC.",
        "Schedule performance index: EV / PV.": "Indice de performance des délais : EV / PV.",
        "Forecast end against baseline end.": "Fin prévue par rapport à la fin de référence.",
        "Estimate at completion against the budget at completion.": (
            "Estimation à terminaison par rapport au budget à terminaison."
        ),
        _SR_FIGURES_RED: "Déclaré {reported}, mais les chiffres indiquent Rouge : {figures}. "
        "Le comité de pilotage verra les deux.",
        "Overall": "Global",
        "Schedule": "Délais",
        "Budget": "Budget",
        "Scope": "Périmètre",
        "Resources": "Ressources",
        "Overall RAG": "RAG global",
        "Schedule RAG": "RAG délais",
        "Budget RAG": "RAG budget",
        "Scope RAG": "RAG périmètre",
        "Resources RAG": "RAG ressources",
        "Risk RAG": "RAG risque",
        "Overall reason": "Justification globale",
        "Schedule reason": "Justification délais",
        "Budget reason": "Justification budget",
        "Scope reason": "Justification périmètre",
        "Resources reason": "Justification ressources",
        "Risk reason": "Justification risque",
        "Progress note": "Note d'avancement",
        "Achievements": "Réalisations",
        "Decision required": "Décision requise",
        "Options": "Options",
        "Project manager": "Chef de projet",
        "Last report": "Dernier rapport",
        "State": "État",
        "Author": "Auteur",
        "When": "Quand",
        "Step": "Étape",
        "By": "Par",
        "Comment": "Commentaire",
    }
)
CATALOGUES["nl"].update(
    {
        "Status reports": "Statusrapporten",
        "Report": "Rapport",
        "PMO check": "PMO-controle",
        "Completeness": "Volledigheid",
        "Project": "Project",
        "mine": "mijn project",
        "a project id": "een project-id",
        "Your projects first. Type to search by id or name.": (
            "Uw projecten eerst. Typ om te zoeken op id of naam."
        ),
        "No project yet: import the projects sheet first.": (
            "Nog geen project: importeer eerst het projectenblad."
        ),
        "There is no project {id}.": "Er is geen project {id}.",
        "Prefer Excel? Download your projects": "Liever Excel? Download uw projecten",
        _SR_EXCEL_HELP: "Het sjabloon gevuld met uw projecten: wijzig het en upload het op de "
        "pagina Gegevens; het voorbeeld toont alleen uw wijzigingen.",
        "Project manager: {pm} · Phase: {phase}": "Projectleider: {pm} · Fase: {phase}",
        "Report of {day}: **{state}**": "Rapport van {day}: **{state}**",
        "New report, pre-filled from the last one": (
            "Nieuw rapport, vooraf ingevuld op basis van het vorige"
        ),
        "Returned by {who}:": "Teruggestuurd door {who}:",
        _SR_READ_ONLY: "U kunt dit rapport lezen; alleen de projectleider of het PMO kan het "
        "wijzigen.",
        "What Steerco computes": "Wat Steerco berekent",
        _SR_WATERMELON: "U rapporteert {reported}, maar de cijfers zeggen Rood. Licht het toe "
        "in de globale toelichting, anders ziet de stuurgroep een watermeloen.",
        "Last approved % complete: {pct}": "Laatste goedgekeurde % voltooid: {pct}",
        "choose": "kiezen",
        "{dim}: why {rag}? *": "{dim}: waarom {rag}? *",
        "Milestones not yet reached: forecast dates": (
            "Nog niet bereikte mijlpalen: verwachte datums"
        ),
        "Id": "Id",
        "Milestone": "Mijlpaal",
        "Baseline": "Basislijn",
        "Forecast": "Prognose",
        "Top open risks": "Belangrijkste open risico's",
        "Risk": "Risico",
        "Probability": "Kans",
        "Impact": "Impact",
        "Status": "Status",
        "Response": "Maatregel",
        "Report date": "Rapportdatum",
        "% complete": "% voltooid",
        _SR_WENT_DOWN: "Het % voltooid is gedaald sinds het laatste goedgekeurde rapport: "
        "waarom? *",
        "Summary": "Samenvatting",
        "Achievements this period": "Realisaties in deze periode",
        "Next steps": "Volgende stappen",
        "Decision asked of the committee (empty if none)": (
            "Beslissing gevraagd aan de stuurgroep (leeg indien geen)"
        ),
        "Options (one per line)": "Opties (één per regel)",
        "Recommendation": "Aanbeveling",
        "Save draft": "Concept opslaan",
        "Submit to the PMO": "Indienen bij het PMO",
        _SR_DRAFT_HELP: "Een concept is van u: het verandert geen enkel cijfer. Dien het in "
        "wanneer het klaar is.",
        "Nothing changed: the report was already saved like this.": (
            "Niets gewijzigd: het rapport was al zo opgeslagen."
        ),
        "Report of {day} submitted to the PMO.": "Rapport van {day} ingediend bij het PMO.",
        "Draft of {day} saved.": "Concept van {day} opgeslagen.",
        "Not saved:": "Niet opgeslagen:",
        "This project's reports and their steps": "De rapporten van dit project en hun stappen",
        "No report is waiting for your check.": "Geen enkel rapport wacht op uw controle.",
        _SR_WAITING: "Wachten op uw controle: {n}, de oudste eerst. Klik op een rapport om het "
        "te controleren.",
        "This report is no longer waiting for a check.": (
            "Dit rapport wacht niet langer op controle."
        ),
        "{project} · {name} — report of {day}": "{project} · {name} — rapport van {day}",
        "What it changes since the last approved report": (
            "Wat er verandert sinds het laatste goedgekeurde rapport"
        ),
        "Nothing: the same as the last approved report.": (
            "Niets: gelijk aan het laatste goedgekeurde rapport."
        ),
        "Field": "Veld",
        "Before": "Vóór",
        "After": "Na",
        "Decision asked": "Gevraagde beslissing",
        "Comment to the project manager": "Opmerking voor de projectleider",
        "Approve": "Goedkeuren",
        "Return with comment": "Terugsturen met opmerking",
        "approved": "goedgekeurd",
        "returned to its project manager": "teruggestuurd naar de projectleider",
        "Report of {project} ({day}) {done}.": "Rapport van {project} ({day}) {done}.",
        "No report yet": "Nog geen rapport",
        "Draft": "Concept",
        "Submitted": "Ingediend",
        "Approved": "Goedgekeurd",
        "Returned": "Teruggestuurd",
        "Computed RAG": "Berekende RAG",
        "CPI": "CPI",
        "SPI": "SPI",
        "Schedule slip": "Planningsafwijking",
        "EAC vs budget": "EAC t.o.v. budget",
        _SR_COMPUTED_HELP: "De slechtste van budget, planning en risico, zoals Steerco ze uit "
        "de cijfers berekent (docs/definitions.md).",
        "Cost performance index: EV / AC.": "Kostenprestatie-index: EV / AC.",
        "Schedule performance index: EV / PV.": "Planningsprestatie-index: EV / PV.",
        "Forecast end against baseline end.": (
            "Verwachte einddatum ten opzichte van de einddatum in de basislijn."
        ),
        "Estimate at completion against the budget at completion.": (
            "Geraamde kosten bij voltooiing ten opzichte van het budget bij voltooiing."
        ),
        _SR_FIGURES_RED: "Gerapporteerd {reported}, maar de cijfers zeggen Rood: {figures}. "
        "De stuurgroep zal beide zien.",
        "Overall": "Globaal",
        "Schedule": "Planning",
        "Budget": "Budget",
        "Scope": "Scope",
        "Resources": "Resources",
        "Overall RAG": "RAG globaal",
        "Schedule RAG": "RAG planning",
        "Budget RAG": "RAG budget",
        "Scope RAG": "RAG scope",
        "Resources RAG": "RAG resources",
        "Risk RAG": "RAG risico",
        "Overall reason": "Toelichting globaal",
        "Schedule reason": "Toelichting planning",
        "Budget reason": "Toelichting budget",
        "Scope reason": "Toelichting scope",
        "Resources reason": "Toelichting resources",
        "Risk reason": "Toelichting risico",
        "Progress note": "Toelichting voortgang",
        "Achievements": "Realisaties",
        "Decision required": "Vereiste beslissing",
        "Options": "Opties",
        "Project manager": "Projectleider",
        "Last report": "Laatste rapport",
        "State": "Status",
        "Author": "Opsteller",
        "When": "Wanneer",
        "Step": "Stap",
        "By": "Door",
        "Comment": "Opmerking",
    }
)

# Projector layout (issue 16): the Overview's "show all", the Portfolio's order and clicks
# (steerco.ui.components, steerco.views.portfolio, pages/portfolio.py).
_SEVERITY_CAPTION = (
    "Most severe first: red, watermelons, amber, no report, green. Click a project's name to "
    "open it; click a column header to sort."
)
CATALOGUES["fr"].update(
    {
        "Show all ({n})": "Tout afficher ({n})",
        "Click a project's name to open it": "Cliquez sur le nom d'un projet pour l'ouvrir",
        "Computed": "Calculé",
        "{n} open risk · click to list it": "{n} risque ouvert · cliquez pour l'afficher",
        "{n} open risks · click to list them": "{n} risques ouverts · cliquez pour les afficher",
        "{n} open risk without probability or impact is in no cell.": "{n} risque ouvert "
        "sans probabilité ni impact n'est dans aucune case.",
        "{n} open risks without probability or impact are in no cell.": "{n} risques ouverts "
        "sans probabilité ni impact ne sont dans aucune case.",
        "{n} open risk with probability {p} × impact {i} (score {score}, {band})": "{n} risque "
        "ouvert de probabilité {p} × impact {i} (score {score}, {band})",
        "{n} open risks with probability {p} × impact {i} (score {score}, {band})": "{n} risques "
        "ouverts de probabilité {p} × impact {i} (score {score}, {band})",
        "Overall status computed from the figures": "Statut global calculé à partir des chiffres",
        _SEVERITY_CAPTION: "Les plus graves d'abord : rouge, pastèques, orange, sans rapport, "
        "vert. Cliquez sur le nom d'un projet pour l'ouvrir ; sur un en-tête de colonne pour "
        "trier.",
    }
)
CATALOGUES["nl"].update(
    {
        "Show all ({n})": "Alles tonen ({n})",
        "Click a project's name to open it": "Klik op de naam van een project om het te openen",
        "Computed": "Berekend",
        "{n} open risk · click to list it": "{n} open risico · klik om het te tonen",
        "{n} open risks · click to list them": "{n} open risico's · klik om ze te tonen",
        "{n} open risk without probability or impact is in no cell.": "{n} open risico "
        "zonder kans of impact staat in geen cel.",
        "{n} open risks without probability or impact are in no cell.": "{n} open risico's "
        "zonder kans of impact staan in geen cel.",
        "{n} open risk with probability {p} × impact {i} (score {score}, {band})": "{n} open "
        "risico met kans {p} × impact {i} (score {score}, {band})",
        "{n} open risks with probability {p} × impact {i} (score {score}, {band})": "{n} open "
        "risico's met kans {p} × impact {i} (score {score}, {band})",
        "Overall status computed from the figures": "Algemene status berekend uit de cijfers",
        _SEVERITY_CAPTION: "Ernstigste eerst: rood, watermeloenen, oranje, geen rapport, "
        "groen. Klik op de naam van een project om het te openen; op een kolomkop om te "
        "sorteren.",
    }
)


def set_language(language: str) -> None:
    """Speak ``language`` from now on in this context: one user's session (each Streamlit
    run sets its user's language at its start), or the command line's process."""
    if language not in CATALOGUES:
        raise ValueError(f"unsupported language {language!r}; choose {', '.join(CATALOGUES)}")
    _language.set(language)


def language() -> str:
    return _language.get()


def t(text: str, /, **values) -> str:
    """The text in the current language, with ``{placeholders}`` filled from ``values``."""
    translated = CATALOGUES.get(_language.get(), {}).get(text, text)
    return translated.format(**values) if values else translated


def tn(count: int, one: str, many: str, /, **values) -> str:
    """The singular or plural text for ``count`` ("1 open risk", "3 open risks"), translated,
    with ``{n}`` and ``values`` filled in. Both forms are catalogue keys."""
    return t(one if count == 1 else many, n=count, **values)


#: Labels of the RAG codes and of data columns, shown in tables and charts.
RAG_LABELS = RAG_WORDS


def rag_label(code) -> str:
    """'Green' / 'Amber' / 'Red' for G/A/R; 'No report' when missing."""
    if isinstance(code, str) and code in RAG_LABELS:
        return t(RAG_LABELS[code])
    return t("No report")


# The pack (issue 16): its sections, the one-pagers, the decision slides and the Export page
# (steerco.exports.pack, steerco.exports.pptx_parts, steerco.ui.export).
CATALOGUES["fr"].update(
    {
        "Red, watermelon and amber projects": "Projets rouges, pastèques et orange",
        "Top risks and RAID summary": "Principaux risques et synthèse RAID",
        "Next meeting": "Prochaine réunion",
        "Appendix: portfolio status": "Annexe : état du portefeuille",
        "Appendix": "Annexe",
        "Why": "Pourquoi",
        "Milestones ahead": "Jalons à venir",
        "Reported RAG trend": "Tendance de la météo rapportée",
        "Budget S-curve": "Courbe en S du budget",
        "watermelon": "pastèque",
        "Question": "Question",
        "Owner": "Responsable",
        "Deadline": "Échéance",
        "No options given.": "Aucune option donnée.",
        "No recommendation given.": "Aucune recommandation donnée.",
        "No decision asked of the committee.": "Aucune décision demandée au comité.",
        "RAID summary": "Synthèse RAID",
        "Open issues": "Problèmes ouverts",
        "Overdue actions": "Actions en retard",
        "Sections": "Sections",
        "Choose at least one section.": "Choisissez au moins une section.",
        "Company template (.pptx, optional)": "Modèle de l'entreprise (.pptx, facultatif)",
        "Template refused: {reason}": "Modèle refusé : {reason}",
        "Make a PDF of the pack": "Faire un PDF du dossier",
        "Decision {i} of {n}: {project}": "Décision {i} sur {n} : {project}",
        "This committee ({day})": "Ce comité ({day})",
        "Reported {reported}; the figures say Red: {figures}.": "Rapporté {reported} ; les "
        "chiffres disent Rouge : {figures}.",
    }
)
CATALOGUES["nl"].update(
    {
        "Red, watermelon and amber projects": "Rode, watermeloen- en oranje projecten",
        "Top risks and RAID summary": "Grootste risico's en RAID-overzicht",
        "Next meeting": "Volgende vergadering",
        "Appendix: portfolio status": "Bijlage: status van de portefeuille",
        "Appendix": "Bijlage",
        "Why": "Waarom",
        "Milestones ahead": "Komende mijlpalen",
        "Reported RAG trend": "Verloop van de gerapporteerde status",
        "Budget S-curve": "S-curve van het budget",
        "watermelon": "watermeloen",
        "Question": "Vraag",
        "Owner": "Eigenaar",
        "Deadline": "Uiterste datum",
        "No options given.": "Geen opties gegeven.",
        "No recommendation given.": "Geen aanbeveling gegeven.",
        "No decision asked of the committee.": "Geen beslissing gevraagd aan het comité.",
        "RAID summary": "RAID-overzicht",
        "Open issues": "Open issues",
        "Overdue actions": "Achterstallige acties",
        "Sections": "Onderdelen",
        "Choose at least one section.": "Kies minstens één onderdeel.",
        "Company template (.pptx, optional)": "Bedrijfssjabloon (.pptx, optioneel)",
        "Template refused: {reason}": "Sjabloon geweigerd: {reason}",
        "Make a PDF of the pack": "Maak een pdf van het pakket",
        "Decision {i} of {n}: {project}": "Beslissing {i} van {n}: {project}",
        "This committee ({day})": "Dit comité ({day})",
        "Reported {reported}; the figures say Red: {figures}.": "Gerapporteerd {reported}; de "
        "cijfers zeggen Rood: {figures}.",
    }
)

# Navigation (issue 16): the line saying which filters are in force (steerco.ui.filters).
CATALOGUES["fr"].update(
    {
        "Filtered: {filters}": "Filtré : {filters}",
        "Clear the filters": "Effacer les filtres",
        "Use probability-impact, e.g. 4-5.": "Utilisez probabilité-impact, par ex. 4-5.",
    }
)
CATALOGUES["nl"].update(
    {
        "Filtered: {filters}": "Gefilterd: {filters}",
        "Clear the filters": "Filters wissen",
        "Use probability-impact, e.g. 4-5.": "Gebruik kans-impact, bv. 4-5.",
    }
)


# Presentation mode (issue 16): the Present page (steerco.ui.present, steerco.views.present).
CATALOGUES["fr"].update(
    {
        "Present": "Présenter",
        "Previous": "Précédent",
        "Next": "Suivant",
        "a screen from 1 to {n}": "un écran de 1 à {n}",
        "{n} item": "{n} point",
        "{n} items": "{n} points",
        "{n} item, screen {screen}": "{n} point, écran {screen}",
        "{n} items, screen {screen}": "{n} points, écran {screen}",
        "+{n} more on the Meeting page": "+{n} autres sur la page Réunion",
        "+{n} more on the Project page": "+{n} autres sur la page Projet",
        "Options: {text}": "Options : {text}",
        "Recommendation: {text}": "Recommandation : {text}",
        "Reported {rag}": "Rapporté {rag}",
        "Reported {rag} · computed {computed}": "Rapporté {rag} · calculé {computed}",
        "Decision asked": "Décision demandée",
        "report of {day}": "rapport du {day}",
        "As of {day}": "Au {day}",
        "No status moved since the last meeting.": "Aucune météo n'a bougé depuis la dernière "
        "réunion.",
        "No decision is asked of this meeting.": "Aucune décision n'est demandée à cette réunion.",
        "No action from earlier meetings is open.": "Aucune action des réunions précédentes "
        "n'est ouverte.",
        "No other business was added to the agenda.": "Aucun divers n'a été ajouté à l'ordre "
        "du jour.",
        "No meeting yet: add one on the Meeting page.": "Aucune réunion pour l'instant : "
        "ajoutez-en une sur la page Réunion.",
    }
)
CATALOGUES["nl"].update(
    {
        "Present": "Presenteren",
        "Previous": "Vorige",
        "Next": "Volgende",
        "a screen from 1 to {n}": "een scherm van 1 tot {n}",
        "{n} item": "{n} punt",
        "{n} items": "{n} punten",
        "{n} item, screen {screen}": "{n} punt, scherm {screen}",
        "{n} items, screen {screen}": "{n} punten, scherm {screen}",
        "+{n} more on the Meeting page": "+{n} meer op de pagina Vergadering",
        "+{n} more on the Project page": "+{n} meer op de pagina Project",
        "Options: {text}": "Opties: {text}",
        "Recommendation: {text}": "Aanbeveling: {text}",
        "Reported {rag}": "Gerapporteerd {rag}",
        "Reported {rag} · computed {computed}": "Gerapporteerd {rag} · berekend {computed}",
        "Decision asked": "Gevraagde beslissing",
        "report of {day}": "rapport van {day}",
        "As of {day}": "Op {day}",
        "No status moved since the last meeting.": "Geen status veranderd sinds de vorige "
        "vergadering.",
        "No decision is asked of this meeting.": "Aan deze vergadering wordt geen beslissing "
        "gevraagd.",
        "No action from earlier meetings is open.": "Geen actie van eerdere vergaderingen staat "
        "open.",
        "No other business was added to the agenda.": "Er is geen varia aan de agenda toegevoegd.",
        "No meeting yet: add one on the Meeting page.": "Nog geen vergadering: voeg er een toe "
        "op de pagina Vergadering.",
    }
)
