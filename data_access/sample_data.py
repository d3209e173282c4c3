"""Sample portfolio: a believable IT department, generated from a seed.

``generate()`` returns one DataFrame per dataset of :data:`data_access.schema.DATASETS`, with the
schema's columns in order and the dtypes the rest of Steerco expects. Every date is placed
relative to ``as_of`` (history goes back 24 months, plans run up to about 24 months ahead), so
the sample never looks stale, and the same ``(scale, as_of, seed)`` always gives identical
frames.

The data is not uniform noise; it contains the situations a steering committee is there for:

* "watermelon" projects: reported green or amber, while the figures say red (forecast cost at
  least 115 % of the approved budget and forecast end at least 60 days after the baseline end);
* stale projects whose latest status report is 45–90 days old;
* projects whose RAG went up or down since the last committee meeting (the sample is anchored
  in the week before the next meeting, when reports for it are in);
* open high risks (score ≥ 15, a few ≥ 20), overdue actions, milestones due or overdue,
  over-allocated resources, contracts whose renewal notice falls in the next 90 days, a ticket
  backlog, SLA breaches and failed changes.

Financial conventions: ``actual`` is filled for months up to and including the ``as_of`` month
(the current month holds the cost booked so far), ``forecast`` for the current and later months
(the current month holds what is still expected in it). So for every project
``sum(actual) + sum(forecast)`` is the estimate at completion, whichever way a reader splits
"to date" and "remaining" at the current month.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise
from os import PathLike

import numpy as np
import pandas as pd

from data_access import schema
from data_access.schema import ColumnType

#: Default seed: the same seed, scale and as_of date give identical frames.
SEED = 20261121


@dataclass(frozen=True)
class Scale:
    """How many rows of each kind to generate."""

    projects: int
    tickets: int
    raid: int
    changes: int
    resources: int
    contracts: int
    demand: int
    #: Tickets are made (and written, by ``store.load_sample``) this many rows at a time;
    #: None: all at once. Chunks draw their random numbers in another order than one pass, so
    #: a scale's figures depend on it: keep None where a scale's figures are pinned.
    ticket_chunk: int | None = None


#: Sizes per scale. "demo" is a mid-sized IT department (the committed sample workbook and the
#: first-run database); "large" is a big enterprise portfolio for load and performance tests
#: (about 5 RAID items per project, a million tickets over 24 months); "xlarge" is "large"
#: five times over for the projects, ten times for the IT operations (10,000 projects with 5
#: RAID items each, 10 million tickets, 600,000 changes: a PostgreSQL store, which
#: ``steerco seed --scale xlarge`` fills with COPY in a few minutes), with resources,
#: contracts and demand in proportion to the projects (3 resources, 0.75 demand per 5
#: projects, as "large"; contracts as "large" five times over). Its tickets are made and
#: written 500,000 at a time, so they never sit in memory whole (about 4 GB as one frame).
SCALES: dict[str, Scale] = {
    "demo": Scale(
        projects=40,
        tickets=25_000,
        raid=200,
        changes=1_500,
        resources=45,
        contracts=25,
        demand=60,
    ),
    "large": Scale(
        projects=2_000,
        tickets=1_000_000,
        raid=10_000,
        changes=60_000,
        resources=1_200,
        contracts=300,
        demand=1_500,
    ),
    "xlarge": Scale(
        projects=10_000,
        tickets=10_000_000,
        raid=50_000,
        changes=600_000,
        resources=6_000,
        contracts=1_500,
        demand=7_500,
        ticket_chunk=500_000,
    ),
}

#: Tickets opened within this many days of as_of may be kept open to reach the open backlog
#: (3 % of the tickets): when tickets are made in chunks, these are all in the last chunk.
RECENT_OPEN_DAYS = 90

#: Months of history before ``as_of`` (reports, tickets, changes, capacity).
HISTORY_MONTHS = 24
#: The committee meets every four weeks on a Tuesday (weekday 1).
MEETING_INTERVAL_DAYS = 28
COMMITTEE_WEEKDAY = 1
#: Status reports are due one week before each meeting, so the pack has them.
REPORT_LEAD_DAYS = 7
#: Months of capacity planned after ``as_of``.
CAPACITY_AHEAD_MONTHS = 12
COMMITTEE = "IT Steering Committee"
#: Who chairs the committee, and who runs its secretariat.
CHAIR = "Isabelle Moreau"
PMO_HEAD = "Koen De Wilde"
#: Meetings whose decisions and actions the sample records (the last ones before as_of).
RECORDED_MEETINGS = 6
#: Questions put to the committee (and their options), by project.
DECISION_QUESTIONS = (
    (
        "Approve the change request to extend the scope of {pid} ({name})?",
        "1. Approve with the extra budget; 2. Approve without budget, cut scope elsewhere; "
        "3. Reject.",
    ),
    (
        "Release the contingency budget for {pid}?",
        "1. Release all; 2. Release half now, half at the next gate; 3. Do not release.",
    ),
    (
        "Move the go-live of {pid} by one quarter?",
        "1. Move it; 2. Keep the date with extra staff; 3. Go live with a reduced scope.",
    ),
    (
        "Pass the gate to execution for {pid}?",
        "1. Pass; 2. Pass with conditions; 3. Hold until the business case is updated.",
    ),
    (
        "Put {pid} on hold until the vendor dispute is settled?",
        "1. Put on hold; 2. Continue at reduced pace; 3. Continue and escalate to the vendor.",
    ),
)
#: How often each outcome is taken (outcomes, weights).
DECISION_OUTCOME_MIX = (("Approved", "Rejected", "Deferred", "Noted"), (55, 10, 15, 20))
DECISION_RATIONALES = {
    "Approved": "The benefits justify the cost; the sponsor commits to the new date.",
    "Rejected": "Not enough evidence of benefit; resubmit with an updated business case.",
    "Deferred": "More information needed: options to be costed for the next meeting.",
    "Noted": "Information only; no decision needed from the committee.",
}
ACTION_TEXTS = (
    "Present a recovery plan for {name}",
    "Update the business case of {name} with the new costs",
    "Agree the revised milestone plan of {name} with the vendor",
    "Confirm resource availability for {name} for the next quarter",
    "Report on the open high risks of {name}",
)

# --------------------------------------------------------------------------- vocabulary

PROGRAMMES: dict[str, list[str]] = {
    "Cloud migration": [
        "Azure landing zone",
        "Datacenter exit wave 1",
        "Datacenter exit wave 2",
        "Backup to cloud",
        "Kubernetes platform",
        "Cloud cost management (FinOps)",
        "Disaster recovery in Azure",
        "Mainframe batch re-hosting",
    ],
    "Digital workplace": [
        "Microsoft 365 rollout",
        "Windows 11 upgrade",
        "Teams telephony",
        "Intranet redesign",
        "Laptop refresh 2026",
        "Employee self-service portal",
        "Meeting room modernisation",
        "Mobile device management",
    ],
    "Cybersecurity": [
        "SIEM replacement",
        "Identity and access management",
        "Multi-factor authentication everywhere",
        "Privileged access management",
        "Security awareness programme",
        "Network segmentation",
        "Endpoint detection and response",
        "NIS2 compliance",
    ],
    "Data platform": [
        "Data lake foundation",
        "Master data management",
        "Power BI self-service",
        "Data governance and catalogue",
        "Customer 360",
        "Finance reporting datamart",
        "Real-time sales analytics",
        "GDPR data retention",
    ],
    "Infrastructure renewal": [
        "Core network refresh",
        "Wi-Fi 6 rollout",
        "Storage replacement",
        "Server virtualisation refresh",
        "SD-WAN for branch offices",
        "Firewall replacement",
        "Datacenter cooling upgrade",
        "Print fleet consolidation",
    ],
    "ERP": [
        "SAP S/4HANA finance",
        "SAP S/4HANA procurement",
        "Payroll replacement",
        "E-invoicing (Peppol)",
        "Warehouse management system",
        "HR core system",
        "Expense management",
        "Treasury management",
    ],
}

#: Further programmes used only when a scale has more projects than the six above can carry.
EXTRA_PROGRAMMES: dict[str, list[str]] = {
    "Customer experience": [
        "CRM consolidation",
        "Customer portal",
        "Contact centre platform",
        "Chatbot for customer service",
        "E-commerce replatforming",
        "Marketing automation",
    ],
    "Application rationalisation": [
        "Legacy CRM decommissioning",
        "Document management consolidation",
        "Reporting tools consolidation",
        "Lotus Notes exit",
        "Custom apps to low-code",
        "Licence optimisation",
    ],
    "Network modernisation": [
        "Campus LAN refresh",
        "Zero-trust network access",
        "IPv6 enablement",
        "Branch firewall rollout",
        "Network automation",
        "Internet breakout redesign",
    ],
    "Analytics and AI": [
        "Demand forecasting model",
        "Document AI for invoices",
        "Copilot pilot",
        "Churn prediction",
        "MLOps platform",
        "Knowledge search",
    ],
    "Regulatory compliance": [
        "DORA readiness",
        "CSRD reporting",
        "Records retention",
        "Whistleblowing platform",
        "Accessibility compliance",
        "Audit trail for finance",
    ],
    "Automation": [
        "RPA for accounts payable",
        "Service desk automation",
        "Infrastructure as code",
        "Automated onboarding",
        "Test automation",
        "Patch automation",
    ],
}

PROGRAMME_INFO: dict[str, dict] = {
    # portfolio weights, strategic objective, budget multiplier, main team, service, deliverables
    "Cloud migration": {
        "portfolios": {"IT": 6, "Operations": 2, "Finance": 1},
        "objective": "Modernise the IT landscape",
        "budget": 1.3,
        "team": "Infrastructure",
        "service": "Infrastructure",
        "deliverables": [
            "the Azure landing zone",
            "migration wave 3",
            "the backup vault",
            "the network peering with the datacenter",
            "the Kubernetes cluster",
            "the cost dashboards",
        ],
        "systems": ["Active Directory", "the on-premise SAN", "the VMware clusters"],
        "legacy": "datacenter racks",
    },
    "Digital workplace": {
        "portfolios": {"IT": 4, "HR": 3, "Operations": 2, "Sales": 1},
        "objective": "Improve employee experience",
        "budget": 0.9,
        "team": "Workplace",
        "service": "Desktop Support",
        "deliverables": [
            "the Teams telephony pilot",
            "the new intranet",
            "the laptop image",
            "the self-service portal",
            "mailbox migration batch 4",
            "the Intune device profiles",
        ],
        "systems": ["Exchange on-premise", "the print servers", "the legacy VPN"],
        "legacy": "Exchange servers",
    },
    "Cybersecurity": {
        "portfolios": {"IT": 5, "Legal": 2, "Finance": 1},
        "objective": "Strengthen security and compliance",
        "budget": 0.8,
        "team": "Security",
        "service": "Infrastructure",
        "deliverables": [
            "the SIEM use cases",
            "the PAM vault",
            "MFA for external users",
            "the network segmentation of plants",
            "the EDR agents",
            "the security operations runbooks",
        ],
        "systems": ["Active Directory", "the firewalls", "the HR system"],
        "legacy": "SIEM appliance",
    },
    "Data platform": {
        "portfolios": {"Sales": 3, "Finance": 3, "Operations": 2, "IT": 1},
        "objective": "Enable data-driven decisions",
        "budget": 1.0,
        "team": "Data",
        "service": "Applications",
        "deliverables": [
            "the data lake ingestion pipelines",
            "the customer master data model",
            "the finance datamart",
            "the Power BI workspace",
            "the data catalogue",
            "the sales dashboards",
        ],
        "systems": ["SAP", "Salesforce", "the legacy data warehouse"],
        "legacy": "data warehouse",
    },
    "Infrastructure renewal": {
        "portfolios": {"IT": 5, "Operations": 3},
        "objective": "Reduce operating costs",
        "budget": 1.2,
        "team": "Infrastructure",
        "service": "Infrastructure",
        "deliverables": [
            "the core switches",
            "the new storage arrays",
            "the Wi-Fi access points",
            "the SD-WAN edge devices",
            "the firewall cluster",
            "the print fleet",
        ],
        "systems": ["the datacenter network", "the backup platform", "the branch routers"],
        "legacy": "storage arrays",
    },
    "ERP": {
        "portfolios": {"Finance": 5, "HR": 2, "Operations": 3, "Legal": 1},
        "objective": "Reduce operating costs",
        "budget": 1.8,
        "team": "Applications",
        "service": "Applications",
        "deliverables": [
            "the general ledger configuration",
            "the procurement workflows",
            "the payroll interfaces",
            "the e-invoicing connector",
            "the warehouse scanning flows",
            "the financial closing reports",
        ],
        "systems": ["SAP ECC", "the payroll provider", "the bank interfaces"],
        "legacy": "SAP ECC",
    },
}
_GENERIC_INFO = {
    "portfolios": {"IT": 3, "Operations": 2, "Sales": 2, "Finance": 1, "HR": 1, "Legal": 1},
    "objective": "Support growth",
    "budget": 1.0,
    "team": "Applications",
    "service": "Applications",
    "deliverables": [
        "the first release",
        "the integration layer",
        "the pilot",
        "the reporting module",
        "the data migration",
        "the user training",
    ],
    "systems": ["the CRM", "SAP", "the intranet"],
    "legacy": "legacy application",
}
_EXTRA_OBJECTIVES = {
    "Customer experience": "Improve customer experience",
    "Application rationalisation": "Reduce operating costs",
    "Network modernisation": "Modernise the IT landscape",
    "Analytics and AI": "Enable data-driven decisions",
    "Regulatory compliance": "Strengthen security and compliance",
    "Automation": "Reduce operating costs",
}
OBJECTIVES = (
    "Reduce operating costs",
    "Improve customer experience",
    "Improve employee experience",
    "Strengthen security and compliance",
    "Enable data-driven decisions",
    "Modernise the IT landscape",
    "Support growth",
)
PORTFOLIOS = ("Finance", "HR", "Operations", "Sales", "IT", "Legal")
#: Executive sponsor per portfolio (business unit).
SPONSORS = {
    "Finance": "Catherine Dubois",
    "HR": "Annelies De Smet",
    "Operations": "Pieter Janssens",
    "Sales": "Sarah Mitchell",
    "IT": "Marc Lefèvre",
    "Legal": "James O'Connor",
}
PROJECT_MANAGERS = (
    "Sophie Laurent",
    "Jan Peeters",
    "Emma Thompson",
    "Thomas Vermeulen",
    "Claire Martin",
    "Lucas Maes",
    "Olivia Brown",
    "Nicolas Bernard",
    "Lotte Willems",
    "David Clarke",
    "Camille Rousseau",
    "Bram Claes",
)
FIRST_NAMES = (
    "Julie", "Koen", "Hannah", "Mathieu", "Eva", "Wouter", "Laura", "Antoine", "Femke", "Daniel",
    "Chloé", "Stijn", "Rachel", "Julien", "Inge", "Michael", "Manon", "Joris", "Elke", "Oliver",
    "Léa", "Pierre", "Nina", "Ruben", "Charlotte", "Bart", "Amélie", "Tom", "Sofie", "Hugo",
    "Marie", "Jens", "Isabelle", "Arthur", "Lies", "Robert", "Anouk", "Quentin", "Kate", "Dries",
)  # fmt: skip
LAST_NAMES = (
    "Jacobs", "Moreau", "Wouters", "Evans", "Girard", "Goossens", "Hughes", "Lambert", "Mertens",
    "Taylor", "Fontaine", "De Vries", "Walker", "Bakker", "Leroy", "Visser", "Wilson", "Dupont",
    "Smets", "Roberts", "Mercier", "Hendrickx", "Dumont", "Van Damme", "Green", "Lemaire",
    "Aerts", "Hall", "Fournier", "Jansen", "Wright", "Simon", "Michiels", "King", "Henry",
    "De Backer", "Scott", "Petit", "Coppens", "Baker",
)  # fmt: skip

#: Middle initials that make more distinct names than FIRST_NAMES × LAST_NAMES when a scale
#: needs them.
MIDDLE_INITIALS = tuple("ABCDEFGHJKLMNPRSTVW")
PHASE_WEIGHTS = {
    "Initiation": 0.07,
    "Planning": 0.12,
    "Execution": 0.53,
    "Closing": 0.08,
    "Closed": 0.13,
    "On hold": 0.07,
}
METHODOLOGY_WEIGHTS = {"Waterfall": 0.40, "Agile": 0.25, "Hybrid": 0.25, "Kanban": 0.10}
PRIORITY_WEIGHTS = {"Critical": 0.10, "High": 0.30, "Medium": 0.40, "Low": 0.20}
_DESCRIPTIONS = {
    "Cloud migration": "Moves {portfolio} workloads to Microsoft Azure, starting with "
    "{deliverable}, to cut hosting costs and improve resilience.",
    "Digital workplace": "Gives {portfolio} staff a modern, secure workplace, with "
    "{deliverable} as the first visible result.",
    "Cybersecurity": "Reduces the attack surface and closes audit findings; first deliverable "
    "is {deliverable}.",
    "Data platform": "Gives {portfolio} trusted, self-service data, built on {deliverable}.",
    "Infrastructure renewal": "Replaces end-of-life infrastructure before vendor support ends, "
    "starting with {deliverable}.",
    "ERP": "Standardises {portfolio} processes on one platform; key deliverable is {deliverable}.",
}
_GENERIC_DESCRIPTION = (
    "Delivers {deliverable} for {portfolio} as part of the {programme} programme."
)

# Status report text ---------------------------------------------------------

_ACHIEVEMENTS = {
    "early": [
        "Kick-off held with {portfolio} stakeholders",
        "Business case approved by the sponsor",
        "Requirements workshops completed ({n} sessions)",
        "Vendor shortlist agreed and RFP issued",
        "High-level design for {deliverable} reviewed",
        "Project plan and RACI baselined",
    ],
    "mid": [
        "{Deliverable} built and unit-tested",
        "Sprint {sprint} demo accepted by key users",
        "Integration tests for {deliverable} passed",
        "{n} of {m} work packages completed",
        "Data migration trial run loaded {q} % of records",
        "Security review of {deliverable} passed",
        "Pilot with {users} users in {portfolio} started",
    ],
    "late": [
        "User acceptance testing {q} % complete",
        "Cut-over rehearsal completed successfully",
        "Go-live of {deliverable} completed without major incidents",
        "Training delivered to {users} users",
        "Hypercare down to {n} open tickets",
        "Handover to operations signed off",
    ],
}
_NEXT_STEPS = {
    "early": [
        "Finalise requirements and get sign-off by {month}",
        "Select the implementation partner",
        "Complete the solution design for {deliverable}",
        "Set up project governance and the RAID log",
        "Prepare the detailed plan for the build phase",
    ],
    "mid": [
        "Build {deliverable}",
        "Start integration testing with {system}",
        "Run data migration trial {n}",
        "Prepare UAT scenarios with key users",
        "Complete sprint {sprint2} and refine the backlog",
        "Architecture review of {deliverable}",
    ],
    "late": [
        "Complete UAT and hold the go/no-go in {month}",
        "Cut-over weekend planned for {month}",
        "Train the remaining users",
        "Close hypercare and hand over to operations",
        "Decommission the legacy {legacy}",
        "Lessons learned session and project closure",
    ],
}
_CONCERNS = {
    0: [  # schedule
        "{deliverable} is running {w} weeks behind plan",
        "testing started late because the environments were not ready",
        "the vendor delivery for {deliverable} slipped by {w} weeks",
    ],
    1: [  # budget
        "the forecast is {p} % above budget because of extra {cost_driver}",
        "the external labour burn rate is higher than planned",
        "unplanned licence costs for {deliverable}",
    ],
    2: [  # scope
        "{n} new requirements from {portfolio} are under assessment",
        "the scope of {deliverable} is still unclear",
    ],
    3: [  # resources
        "{role} capacity is short for the next {w} weeks",
        "business testers from {portfolio} are not available as planned",
    ],
    4: [  # risk
        "the risk on {system} is not yet mitigated",
        "security findings on {deliverable} must be resolved before go-live",
    ],
}
_SUMMARY = {
    "G": [
        "On track: {ach_l}.",
        "Progress in line with plan; next month focuses on: {next_l}.",
        "All workstreams on track; no escalation needed.",
        "Good month: {ach_l}. Budget and schedule within tolerance.",
    ],
    "A": [
        "Under watch: {concern}. Recovery actions agreed.",
        "Amber: {concern}; mitigation in progress.",
        "Mostly on track, but {concern}.",
    ],
    "R": [
        "Off track: {concern}. Re-plan under way; committee support needed.",
        "Red: {concern}; {deliverable} is at risk.",
    ],
}
_WATERMELON_SUMMARY = [
    "Broadly on track; minor delays on {deliverable} are being absorbed.",
    "Good progress this month: {ach_l}. Remaining work fits the plan.",
    "Team confident about the go-live date; small budget pressure under control.",
]
_CLOSURE_SUMMARY = "Project closed: deliverables accepted, lessons learned shared with the PMO."
_DECISIONS = [
    "Approve change request CR-{cr}: +{k} k€ for {cost_driver}",
    "Decide on the go-live date: {month} or {month2}",
    "Release {fte} FTE from the {team} team for UAT in {month}",
    "Accept the residual risk on {system} until {month2}",
    "Approve a {mm}-month extension of the {vendor} contract",
    "Confirm moving {deliverable} to a later release",
]
_COST_DRIVERS = [
    "data migration tooling",
    "external consultants",
    "additional licences",
    "test environments",
    "hardware price increases",
    "extended hypercare",
]
_ROLES_SHORT = ["architect", "developer", "tester", "data engineer", "SAP consultant"]
_VENDORS_SHORT = ["Accenture", "Capgemini", "Atos", "Sopra Steria", "Ordina", "Microsoft"]

# Milestones ------------------------------------------------------------------

_MILESTONES = {
    "Waterfall": [
        ("Project charter approved", True),
        ("Requirements signed off", False),
        ("Design approved", True),
        ("Build complete", False),
        ("System integration test complete", False),
        ("User acceptance test complete", True),
        ("Go-live", True),
        ("Project closure", True),
    ],
    "Agile": [
        ("Product backlog baselined", True),
        ("MVP released", True),
        ("Release 2", False),
        ("Release 3", False),
        ("Go-live wave 1", True),
        ("Go-live wave 2", False),
        ("Final release", False),
        ("Handover to run", True),
    ],
    "Hybrid": [
        ("Business case approved", True),
        ("Solution design approved", True),
        ("Pilot complete", False),
        ("Go-live wave 1", True),
        ("Go-live wave 2", False),
        ("Go-live wave 3", False),
        ("Legacy decommissioned", False),
        ("Project closure", True),
    ],
    "Kanban": [
        ("Service board set up", True),
        ("First quarter of backlog delivered", False),
        ("Half of backlog delivered", False),
        ("Three quarters of backlog delivered", False),
        ("Backlog complete", True),
        ("Handover to run", True),
    ],
}

# Financials ----------------------------------------------------------------

CATEGORY_WEIGHTS = {
    # Internal labour, External labour, Hardware, Software, Services, Other
    "Cloud migration": (0.25, 0.30, 0.05, 0.15, 0.25, 0.05),
    "Digital workplace": (0.20, 0.20, 0.25, 0.20, 0.10, 0.05),
    "Cybersecurity": (0.20, 0.20, 0.10, 0.30, 0.15, 0.05),
    "Data platform": (0.25, 0.35, 0.02, 0.20, 0.13, 0.05),
    "Infrastructure renewal": (0.15, 0.15, 0.45, 0.10, 0.10, 0.05),
    "ERP": (0.20, 0.40, 0.02, 0.20, 0.13, 0.05),
}
GENERIC_CATEGORY_WEIGHTS = (0.25, 0.30, 0.08, 0.17, 0.15, 0.05)

# RAID -------------------------------------------------------------------------

RAID_CATEGORIES = ("Technical", "Vendor", "People", "Budget", "Security", "Compliance", "Schedule")
_RAID_TYPE_WEIGHTS = {
    "Risk": 0.42,
    "Issue": 0.24,
    "Assumption": 0.07,
    "Dependency": 0.08,
    "Decision": 0.07,
    "Action": 0.12,
}
_RISKS = {
    "Technical": [
        "Legacy interfaces may not support the new data model",
        "Platform performance under peak load not proven",
        "Data migration quality lower than expected",
        "Integration with {system} more complex than estimated",
        "Test environments not available in time",
    ],
    "Vendor": [
        "{vendor} may not deliver the next release on time",
        "Key vendor consultant may leave the engagement",
        "Licence price increase at contract renewal",
        "Subcontractor capacity may not scale for the rollout",
    ],
    "People": [
        "Key users unavailable during acceptance testing",
        "Loss of the lead architect",
        "Change fatigue in {portfolio}",
        "Not enough trainers for the rollout",
    ],
    "Budget": [
        "Exchange rate rise on USD-priced licences",
        "Contingency insufficient for data migration",
        "Hardware price increase",
        "Run costs after go-live higher than planned",
    ],
    "Security": [
        "Privileged accounts not yet under PAM control",
        "Unpatched legacy servers exposed during migration",
        "Third-party access not reviewed",
        "Phishing campaign targeting finance users",
    ],
    "Compliance": [
        "GDPR retention rules not implemented in time",
        "NIS2 reporting obligations not met",
        "Audit findings on access reviews still open",
        "E-invoicing mandate deadline at risk",
    ],
    "Schedule": [
        "Network refresh dependency may delay go-live",
        "December change freeze compresses the test window",
        "Long procurement lead time for hardware",
        "Late sign-off of the design by the business",
    ],
}
_ISSUES = {
    "Technical": [
        "Data migration test run failed on 12 % of records",
        "Performance tests show response times above target",
        "Interface with {system} unstable in test",
    ],
    "Vendor": [
        "{vendor} release delayed by three weeks",
        "Vendor team replaced without notice",
        "Vendor invoices exceed the agreed rate card",
    ],
    "People": [
        "UAT testers from {portfolio} not available",
        "Project manager on long-term leave",
        "Two developers left the project",
    ],
    "Budget": [
        "Overrun on external labour",
        "Unbudgeted licence true-up from {vendor}",
        "Hardware delivered at a higher price than quoted",
    ],
    "Security": [
        "Critical vulnerability found in the web portal",
        "Penetration test findings not yet fixed",
        "Shared admin accounts still in use",
    ],
    "Compliance": [
        "Audit finding on user access reviews",
        "Data processing agreement with {vendor} missing",
        "Records kept beyond the legal retention period",
    ],
    "Schedule": [
        "Go-live moved after the change freeze",
        "Design sign-off four weeks late",
        "Hardware delivery delayed by the supplier",
    ],
}
_OTHER_RAID = {
    "Assumption": [
        ("Business users available two days a week for testing", "People"),
        ("Existing licences cover the new scope", "Budget"),
        ("Network bandwidth sufficient for the migration", "Technical"),
        ("{vendor} keeps the current team until go-live", "Vendor"),
        ("No new regulatory requirements before go-live", "Compliance"),
    ],
    "Dependency": [
        ("Requires the Azure landing zone to be in place", "Technical"),
        ("Waiting for firewall rules from Infrastructure", "Technical"),
        ("Depends on the HR core system go-live", "Schedule"),
        ("Needs master data cleansing by {portfolio}", "People"),
        ("Depends on {vendor} delivering the API", "Vendor"),
    ],
    "Decision": [
        ("Go-live moved to {month}", "Schedule"),
        ("{vendor} selected as implementation partner", "Vendor"),
        ("Legacy system decommissioned after hypercare", "Technical"),
        ("SaaS chosen over on-premise", "Technical"),
        ("Contingency released for data migration", "Budget"),
    ],
    "Action": [
        ("Prepare a recovery plan for the data migration", "Schedule"),
        ("Escalate the delivery delay to the {vendor} account manager", "Vendor"),
        ("Organise extra UAT sessions with {portfolio}", "People"),
        ("Update the budget forecast after CR approval", "Budget"),
        ("Complete the access review for privileged accounts", "Security"),
        ("Document the data retention rules", "Compliance"),
    ],
}
_RESPONSES = {
    "Technical": "Extra test cycle planned and architecture review with the vendor.",
    "Vendor": "Weekly delivery review with the vendor; penalties per contract if missed.",
    "People": "Backfill requested and key-user planning agreed with line managers.",
    "Budget": "Contingency use tracked monthly; change request prepared if needed.",
    "Security": "Remediation plan agreed with the CISO; progress tracked weekly.",
    "Compliance": "Legal and DPO involved; evidence collected for the auditors.",
    "Schedule": "Re-planning with critical-path review; fallback date identified.",
}

# Operations ------------------------------------------------------------------

SERVICE_WEIGHTS = {
    "Service Desk": 0.45,
    "Desktop Support": 0.25,
    "Infrastructure": 0.15,
    "Applications": 0.15,
}
TICKET_CATEGORIES = {
    "Service Desk": {
        "Password reset": 0.30,
        "Account access": 0.22,
        "How-to question": 0.20,
        "Email": 0.16,
        "Printing": 0.12,
    },
    "Desktop Support": {
        "Laptop": 0.35,
        "Peripheral": 0.15,
        "Software installation": 0.25,
        "Mobile device": 0.15,
        "VPN client": 0.10,
    },
    "Infrastructure": {
        "Network": 0.30,
        "Server": 0.25,
        "Storage": 0.12,
        "Backup": 0.13,
        "Cloud": 0.20,
    },
    "Applications": {
        "ERP": 0.30,
        "CRM": 0.20,
        "Intranet": 0.10,
        "Reporting": 0.22,
        "Integration": 0.18,
    },
}
ASSIGNMENT_GROUPS = {
    "Service Desk": {"SD Level 1 Brussels": 0.55, "SD Level 1 Lyon": 0.30, "SD Level 2": 0.15},
    "Desktop Support": {"Desktop Field Services": 0.6, "Desktop Deployment": 0.4},
    "Infrastructure": {"Network Operations": 0.35, "Server and Storage": 0.4, "Cloud Ops": 0.25},
    "Applications": {"ERP Support": 0.35, "CRM Support": 0.2, "Web Apps": 0.2, "Data and BI": 0.25},
}
ROOT_CAUSES = (
    "Configuration",
    "Hardware failure",
    "Software bug",
    "User error",
    "Capacity",
    "Third party",
    "Unknown",
)
_ROOT_CAUSE_WEIGHTS = {
    "Service Desk": (0.15, 0.02, 0.08, 0.55, 0.02, 0.05, 0.13),
    "Desktop Support": (0.20, 0.30, 0.15, 0.20, 0.02, 0.05, 0.08),
    "Infrastructure": (0.30, 0.20, 0.08, 0.03, 0.17, 0.14, 0.08),
    "Applications": (0.20, 0.02, 0.38, 0.15, 0.08, 0.10, 0.07),
}
_PRIORITY_WEIGHTS_BY_SERVICE = {
    "Service Desk": (0.008, 0.07, 0.46, 0.462),
    "Desktop Support": (0.012, 0.09, 0.50, 0.398),
    "Infrastructure": (0.05, 0.18, 0.50, 0.27),
    "Applications": (0.025, 0.14, 0.50, 0.335),
}
#: SLA per priority P1..P4: response hours, resolution hours (standard / infrastructure).
_RESPONSE_HOURS = (0.5, 1.0, 4.0, 8.0)
_RESOLUTION_HOURS = (4.0, 8.0, 24.0, 72.0)
_RESOLUTION_HOURS_INFRA = (2.0, 6.0, 16.0, 48.0)
_TARGET_PCT = {"Service Desk": 90.0, "Desktop Support": 90.0, "Infrastructure": 95.0,
               "Applications": 92.0}  # fmt: skip
#: Median resolution time as a share of the target, per service (lower = better).
_SERVICE_SPEED = {
    "Service Desk": 0.22,
    "Desktop Support": 0.30,
    "Infrastructure": 0.20,
    "Applications": 0.36,
}

CONTRACT_VENDORS: list[tuple[str, str, str | None, str | None, float]] = [
    # vendor, scope, programme it serves (project contract) or None, service, annual value k€
    (
        "Microsoft",
        "Enterprise Agreement: Microsoft 365 E5 licences and Azure consumption",
        None,
        "Desktop Support",
        2400,
    ),
    (
        "Accenture",
        "Implementation partner for SAP S/4HANA (fixed price per release)",
        "ERP",
        None,
        1800,
    ),
    ("Capgemini", "Application maintenance for CRM and web portals", None, "Applications", 950),
    ("Atos", "Datacenter hosting and managed servers", None, "Infrastructure", 1400),
    (
        "Sopra Steria",
        "Service desk level 1 outsourcing, French and Dutch speaking",
        None,
        "Service Desk",
        780,
    ),
    (
        "ServiceNow",
        "ITSM platform subscription (ITSM Pro, 400 fulfiller licences)",
        None,
        "Service Desk",
        420,
    ),
    ("Cisco", "SmartNet support for campus and datacenter network", None, "Infrastructure", 310),
    (
        "Dell",
        "Laptop and workstation supply with 4-year on-site warranty",
        None,
        "Desktop Support",
        1150,
    ),
    ("Orange Business", "Managed WAN and SD-WAN for 38 sites", None, "Infrastructure", 690),
    ("Proximus", "Mobile fleet and fixed telephony", None, "Desktop Support", 520),
    ("Ordina", "Data platform engineering (time and materials)", "Data platform", None, 640),
    ("Exact", "Finance software for subsidiaries", None, "Applications", 180),
    (
        "Palo Alto Networks",
        "Next-generation firewalls and Prisma Access subscription",
        "Cybersecurity",
        None,
        460,
    ),
    ("Splunk", "SIEM licences and professional services", "Cybersecurity", None, 380),
    ("Snowflake", "Data cloud capacity commitment", "Data platform", None, 300),
    ("Amazon Web Services", "Cloud hosting for e-commerce workloads", None, "Infrastructure", 560),
    ("Computacenter", "Datacenter exit migration services", "Cloud migration", None, 870),
    ("NTT Data", "Microsoft 365 adoption and change management", "Digital workplace", None, 340),
    ("Deloitte", "IT general controls audit support", None, "Applications", 150),
    ("Veeam", "Backup software subscription", None, "Infrastructure", 120),
    ("Econocom", "Print fleet managed service", "Infrastructure renewal", None, 210),
    ("Sogeti", "Test automation and UAT support", "ERP", None, 420),
    ("Citrix", "Virtual desktop licences", None, "Desktop Support", 260),
    ("Salesforce", "Sales Cloud licences", None, "Applications", 730),
    ("HPE", "Storage arrays supply and support", "Infrastructure renewal", None, 690),
]

DEPARTMENTS = (*PORTFOLIOS, "Marketing", "Procurement", "Customer service")
DEMAND_TITLES = [
    "Automate supplier invoice matching",
    "HR absenteeism dashboard",
    "Replace the legacy contract database",
    "Mobile app for field technicians",
    "E-signature for sales contracts",
    "Self-service password reset for contractors",
    "Upgrade of the treasury tool",
    "Customer portal for order tracking",
    "Power BI reporting for the sales pipeline",
    "Archive for legal documents",
    "Chatbot for HR questions",
    "Integrate payroll with time tracking",
    "Handheld scanners for the warehouse",
    "Secure file transfer with auditors",
    "Teams rooms for regional offices",
    "Expense app for travel costs",
    "Data quality checks for customer master data",
    "Contract lifecycle management tool",
    "Whistleblowing platform (EU directive)",
    "Forecasting model for demand planning",
    "Onboarding workflow for new hires",
    "Digital visitor registration",
    "Marketing consent management",
    "Procurement catalogue in SAP",
    "Call recording for customer service",
    "Single sign-on for the learning platform",
    "Replace fax servers",
    "Board portal for the executive committee",
]

CAPACITY_TEAMS: dict[str, tuple[float, list[str]]] = {
    # team: (share of resources, roles)
    "Infrastructure": (0.22, ["Infrastructure engineer", "Cloud engineer", "Network engineer",
                              "Architect"]),
    "Applications": (0.30, ["Developer", "Business analyst", "Functional consultant", "Tester"]),
    "Data": (0.15, ["Data engineer", "Data analyst", "Architect"]),
    "Security": (0.10, ["Security analyst", "Security architect"]),
    "Workplace": (0.11, ["Workplace engineer", "Change manager"]),
    "PMO": (0.12, ["PMO analyst"]),
}  # fmt: skip

#: Teams a programme draws its people from, in order of preference.
_TEAM_PREFERENCE: dict[str, tuple[str, ...]] = {
    "Cloud migration": ("Infrastructure", "Applications", "Security"),
    "Digital workplace": ("Workplace", "Applications", "Infrastructure"),
    "Cybersecurity": ("Security", "Infrastructure", "Applications"),
    "Data platform": ("Data", "Applications"),
    "Infrastructure renewal": ("Infrastructure", "Workplace", "Security"),
    "ERP": ("Applications", "Data"),
    "Network modernisation": ("Infrastructure", "Security"),
    "Analytics and AI": ("Data", "Applications"),
}

_ROLES = ("schedule", "budget", "scope", "resources", "risk")
_CORE_DIMS = (0, 1, 4)  # schedule, budget, risk: the dimensions that drive the overall RAG
_RAG = np.array(["G", "A", "R"])

# --------------------------------------------------------------------------- helpers


def _as_date(value: date | datetime | pd.Timestamp | str | None) -> date:
    if value is None:
        return date.today()
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()


def _month_index(d: date) -> int:
    """Months since January 1970 (numpy's datetime64[M] count)."""
    return (d.year - 1970) * 12 + d.month - 1


def _month_start(index: int) -> date:
    return date(1970 + index // 12, index % 12 + 1, 1)


def _shift_months(d: date, months: int) -> date:
    index = _month_index(d) + months
    first = _month_start(index)
    last_day = (_month_start(index + 1) - timedelta(days=1)).day
    return first.replace(day=min(d.day, last_day))


def _months_to_dates(indices: np.ndarray) -> np.ndarray:
    return np.asarray(indices).astype("datetime64[M]").astype("datetime64[D]")


def _smoothstep(x: np.ndarray | float) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


def _curve_weights(start: date, end: date, months: np.ndarray) -> np.ndarray:
    """Share of an S-curve running from ``start`` to ``end`` that falls in each month."""
    s = np.datetime64(start, "D")
    span = max((np.datetime64(end, "D") - s).astype(int), 1)
    lo = (_months_to_dates(months) - s).astype(int) / span
    hi = (_months_to_dates(months + 1) - s).astype(int) / span
    return _smoothstep(hi) - _smoothstep(lo)


def _apportion(weights: dict[str, float], n: int, rng: np.random.Generator) -> list[str]:
    """n labels in proportion to the weights (largest remainder), each label at least once
    when n allows, shuffled."""
    labels = list(weights)
    w = np.array([weights[k] for k in labels], dtype=float)
    w = w / w.sum()
    counts = np.floor(w * n).astype(int)
    if n >= len(labels):
        counts = np.maximum(counts, 1)
    while counts.sum() < n:
        counts[np.argmax(w * n - counts)] += 1
    while counts.sum() > n:
        counts[np.argmax(counts)] -= 1
    out = [label for label, c in zip(labels, counts, strict=True) for _ in range(c)]
    rng.shuffle(out)
    return out


def _ids(prefix: str, n: int, width: int) -> list[str]:
    width = max(width, len(str(n)))
    return [f"{prefix}{i:0{width}d}" for i in range(1, n + 1)]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _low(text: str) -> str:
    return text[:1].lower() + text[1:]


def _month_label(d: date) -> str:
    return d.strftime("%B %Y")


def _overall(dims: np.ndarray) -> np.ndarray:
    """Overall RAG per report from the five dimensions (0 = G, 1 = A, 2 = R), "worst-ish": red
    when schedule, budget or risk is red or two dimensions are red; amber when one of those is
    amber, or scope/resources alone are red, or two dimensions are amber; green otherwise."""
    core = dims[:, list(_CORE_DIMS)].max(axis=1)
    n_red = (dims == 2).sum(axis=1)
    n_amber = (dims == 1).sum(axis=1)
    red = (core == 2) | (n_red >= 2)
    amber = (core == 1) | (n_red == 1) | (n_amber >= 2)
    return np.where(red, 2, np.where(amber, 1, 0))


def _pattern(rows: np.ndarray, level: int, dim: int) -> np.ndarray:
    """Rows adjusted so that their overall RAG is ``level``, driven by core dimension ``dim``."""
    out = rows.copy()
    if level == 0:
        out[:] = 0
    elif level == 1:
        out = np.minimum(out, 1)
        out[:, dim] = 1
    else:
        out[:, dim] = 2
    return out


@dataclass
class _Project:
    project_id: str
    name: str
    programme: str
    portfolio: str
    sponsor: str
    project_manager: str
    phase: str
    methodology: str
    priority: str
    strategic_objective: str
    start: date
    baseline_end: date
    forecast_end: date
    budget: float
    business_value: int
    description: str
    role: str  # watermelon, red, stale, better, worse or normal
    cost_factor: float  # estimate at completion / approved budget
    perf: float  # progress against elapsed time
    hold_date: date | None = None
    stale_cutoff: date | None = None
    levels: np.ndarray = field(default_factory=lambda: np.zeros(5, dtype=int))
    percent_complete: float = 0.0

    @property
    def info(self) -> dict:
        return PROGRAMME_INFO.get(self.programme, _GENERIC_INFO)

    def progress(self, when: date) -> float:
        """Percent complete at ``when``: the S-curve of the forecast duration evaluated at the
        end of the reporting month (what earned value is compared with: the planned budget of
        every month up to and including the current one), times the performance factor."""
        if self.phase == "Closed" and when >= self.forecast_end:
            return 100.0
        if when <= self.start:
            return 0.0
        if self.hold_date is not None and when > self.hold_date:
            when = self.hold_date
        month_end = _month_start(_month_index(when) + 1)
        span = max((self.forecast_end - self.start).days, 1)
        x = (month_end - self.start).days / span
        value = 100.0 * float(_smoothstep(x)) * self.perf
        cap = {"Initiation": 5.0, "Planning": 15.0}.get(self.phase, 99.0)
        return float(round(min(cap, max(value, 1.0))))


# --------------------------------------------------------------------------- generator


class _Generator:
    def __init__(self, size: Scale, as_of: date, seed: int) -> None:
        self.size = size
        self.as_of = as_of
        self.history_start = _shift_months(as_of, -HISTORY_MONTHS)
        self.cur_month = _month_index(as_of)
        streams = np.random.default_rng(seed).spawn(16)
        (
            self.rng_projects,
            self.rng_reports,
            self.rng_fin,
            self.rng_ms,
            self.rng_raid,
            self.rng_tickets,
            self.rng_changes,
            self.rng_capacity,
            self.rng_contracts,
            self.rng_demand,
            self.rng_meetings,
            self.rng_decisions,
            *_,
        ) = streams
        # Python's random for text choices: fast and seeded from the numpy stream.
        self.text = random.Random(int(self.rng_reports.integers(2**62)))
        self.meeting_dates = self._meeting_dates()
        self.projects: list[_Project] = []
        self.resources: pd.DataFrame | None = None

    # ------------------------------------------------------------------ orchestration

    def run(self, tickets: bool = True) -> dict[str, pd.DataFrame]:
        """Every dataset; with ``tickets`` false, tickets is left empty (``ticket_chunks``
        makes them afterwards: they have their own random stream, nothing else moves)."""
        frames: dict[str, pd.DataFrame] = {}
        frames["projects"] = self._projects()
        frames["status_reports"] = self._status_reports()
        frames["financials"] = self._financials()
        frames["milestones"] = self._milestones()
        frames["raid"] = self._raid()
        frames["sla_targets"] = self._sla_targets()
        if tickets:
            frames["tickets"] = self._tickets(frames["sla_targets"])
        else:
            frames["tickets"] = pd.DataFrame(columns=schema.dataset("tickets").column_names)
        frames["changes"] = self._changes()
        frames["capacity"] = self._capacity()
        frames["allocations"] = self._allocations()
        frames["contracts"] = self._contracts()
        frames["demand"] = self._demand()
        frames["meetings"] = self._meetings()
        frames["decisions"], frames["actions"] = self._decisions_and_actions()
        return frames

    # ------------------------------------------------------------------ meetings

    def _meeting_dates(self) -> list[date]:
        """A four-weekly committee on Tuesdays: the next meeting is the first Tuesday after
        as_of (the sample is "the week before the meeting", when the pack is prepared), and
        the HISTORY_MONTHS meetings before it are MEETING_INTERVAL_DAYS apart."""
        next_meeting = self.as_of + timedelta(days=1)
        while next_meeting.weekday() != COMMITTEE_WEEKDAY:
            next_meeting += timedelta(days=1)
        return [
            next_meeting - timedelta(days=MEETING_INTERVAL_DAYS * k)
            for k in range(HISTORY_MONTHS, -1, -1)
        ]

    def _meetings(self) -> pd.DataFrame:
        rng = random.Random(int(self.rng_meetings.integers(2**62)))
        notes_past = [
            "Portfolio status reviewed; {n} projects red. Decisions recorded in the RAID log.",
            "Approved change request CR-{cr} for {pid}; budget forecast for next year discussed.",
            "Deep dive on {pid}; recovery plan requested for next meeting.",
            "Contract renewals and capacity for the coming quarter reviewed.",
            "Operations review: SLA compliance and backlog trend discussed.",
            "Two new demands approved for intake; one project put on hold.",
        ]
        ids = [p.project_id for p in self.projects] or ["PRJ-001"]
        rows = []
        for d in self.meeting_dates:
            if d < self.as_of:
                note = rng.choice(notes_past).format(
                    n=rng.randint(2, 6), cr=rng.randint(3, 60), pid=rng.choice(ids)
                )
            else:
                note = "Agenda: portfolio status, changes since last meeting, decisions required."
            rows.append((d, COMMITTEE, note, CHAIR, "; ".join(self._attendees())))
        return pd.DataFrame(
            rows, columns=["meeting_date", "committee", "notes", "chair", "attendees"]
        )

    def _attendees(self) -> list[str]:
        """The committee: the chair, the sponsors and the head of the PMO."""
        return [CHAIR, *SPONSORS.values(), PMO_HEAD]

    def _decisions_and_actions(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """What the last RECORDED_MEETINGS committees decided and asked, as a secretary keeps
        it: a few decisions per meeting (some deferred, then taken at the next meeting), and
        actions with owners and due dates, most done on time, some done late, some still open
        and overdue, a few dropped. Seeded from its own stream: other datasets do not move."""
        rng = random.Random(int(self.rng_decisions.integers(2**62)))
        past = [d for d in self.meeting_dates if d < self.as_of][-RECORDED_MEETINGS:]
        decisions: list[dict] = []
        actions: list[dict] = []
        deferred: list[dict] = []
        for meeting in past:
            live = [p for p in self.projects if p.start <= meeting <= p.forecast_end]
            live = live or self.projects[:1]
            todays: list[dict] = []
            for earlier in deferred:  # a deferred decision comes back, and is taken
                todays.append({**earlier, "outcome": "Approved", "source": "deferred"})
            deferred = []
            for _ in range(rng.randint(2, 3)):
                project = rng.choice(live)
                question, options = rng.choice(DECISION_QUESTIONS)
                outcome = rng.choices(DECISION_OUTCOME_MIX[0], DECISION_OUTCOME_MIX[1])[0]
                todays.append(
                    {
                        "project_id": project.project_id,
                        "question": question.format(pid=project.project_id, name=project.name),
                        "options": options,
                        "outcome": outcome,
                        "source": f"status report {project.project_id}",
                    }
                )
            for n, item in enumerate(todays, start=1):
                decision = {
                    "decision_id": f"DEC-{meeting:%Y-%m-%d}-{n}",
                    "meeting_date": meeting,
                    "project_id": item["project_id"],
                    "question": item["question"],
                    "context": "Raised in the project's status report before the meeting.",
                    "options": item["options"],
                    "recommendation": "Option 1, as proposed by the project manager.",
                    "outcome": item["outcome"],
                    "rationale": DECISION_RATIONALES[item["outcome"]],
                    "decided_by": CHAIR,
                    "source": item["source"],
                }
                decisions.append(decision)
                if item["outcome"] == "Deferred":
                    deferred.append(item)
            for n in range(1, rng.randint(2, 4) + 1):
                project = rng.choice(live)
                due = meeting + timedelta(days=rng.choice((14, 21, 28, 42)))
                linked = [d for d in decisions if d["meeting_date"] == meeting]
                action = {
                    "action_id": f"ACT-{meeting:%Y-%m-%d}-{n}",
                    "action": rng.choice(ACTION_TEXTS).format(name=project.name),
                    "owner": project.project_manager,
                    "due_date": due,
                    "status": "Open",
                    "project_id": project.project_id,
                    "decision_id": rng.choice(linked)["decision_id"] if linked else None,
                    "raised_meeting": meeting,
                    "closed_meeting": None,
                    "closed_date": None,
                    "notes": None,
                }
                roll = rng.random()
                if due < self.as_of and roll < 0.78:  # done (a quarter of them late), or dropped
                    late = rng.random() < 0.25
                    closed = due + timedelta(days=rng.randint(3, 20)) if late else due
                    closed = min(closed - timedelta(days=rng.randint(0, 5)), self.as_of)
                    closed = max(closed, meeting + timedelta(days=1))
                    action["status"] = "Dropped" if roll < 0.05 else "Done"
                    action["closed_date"] = closed
                    action["closed_meeting"] = next(
                        (m for m in self.meeting_dates if closed <= m < self.as_of), None
                    )
                actions.append(action)
        return pd.DataFrame(decisions), pd.DataFrame(actions)

    # ------------------------------------------------------------------ projects

    def _people(self, n: int, exclude: set[str]) -> list[str]:
        """n distinct generated human names (first × last combinations), deterministic.

        Beyond the 1,600 combinations (the "xlarge" scale's managers and resources), the same
        names follow with a middle initial, in the same order."""
        combos = [(f, last) for last in LAST_NAMES for f in FIRST_NAMES]
        order = self.rng_projects.permutation(len(combos))
        out: list[str] = []
        for middle in ("", *(f"{initial}. " for initial in MIDDLE_INITIALS)):
            for i in order:
                first, last = combos[i]
                name = f"{first} {middle}{last}"
                if name not in exclude:
                    out.append(name)
                    if len(out) == n:
                        return out
        return out

    def _projects(self) -> pd.DataFrame:
        rng = self.rng_projects
        n = self.size.projects
        T = self.as_of
        programmes = dict(PROGRAMMES)
        if n > 60:
            programmes.update(EXTRA_PROGRAMMES)
        names_pm = list(PROJECT_MANAGERS)
        if n > 150:
            names_pm += self._people(n // 6 - len(names_pm), set(SPONSORS.values()) | set(names_pm))
        self.project_managers = names_pm
        self.people = self._people(
            max(40, self.size.resources), set(SPONSORS.values()) | set(names_pm)
        )

        phases = _apportion(PHASE_WEIGHTS, n, rng)
        methods = _apportion(METHODOLOGY_WEIGHTS, n, rng)
        prog_names = list(programmes)
        prog_w = np.array([1.0 if p in PROGRAMMES else 0.6 for p in prog_names])
        prog_idx = rng.choice(len(prog_names), size=n, p=prog_w / prog_w.sum())
        if n >= len(PROGRAMMES):  # every core programme present
            prog_idx[: len(PROGRAMMES)] = np.arange(len(PROGRAMMES))
            rng.shuffle(prog_idx)

        # Special roles, chosen among Execution projects (unambiguously active).
        execution = [i for i, ph in enumerate(phases) if ph == "Execution"]
        rng.shuffle(execution)
        n_wm = max(4, round(0.04 * n))
        n_stale = max(3, round(0.03 * n))
        n_red = max(3, round(0.05 * n))
        roles = ["normal"] * n
        pos = 0
        for role, count in (("watermelon", n_wm), ("stale", n_stale), ("red", n_red)):
            for i in execution[pos : pos + count]:
                roles[i] = role
            pos += count
        # Projects whose RAG moves between the last two meetings: the remaining active ones.
        movable = [
            i
            for i, ph in enumerate(phases)
            if roles[i] == "normal" and ph in ("Execution", "Closing")
        ]
        rng.shuffle(movable)
        n_move = max(6, round(0.08 * n))
        for k, i in enumerate(movable[:n_move]):
            roles[i] = "worse" if k % 2 == 0 else "better"

        pm_slots = rng.permutation(n)  # every project manager gets a similar number
        used_names: dict[str, int] = {}
        pools = {p: list(rng.permutation(programmes[p])) for p in prog_names}
        projects: list[_Project] = []
        width = 3 if n < 1000 else 4
        for i in range(n):
            programme = prog_names[prog_idx[i]]
            info = PROGRAMME_INFO.get(programme, _GENERIC_INFO)
            pw = info["portfolios"]
            portfolio = str(rng.choice(list(pw), p=np.array(list(pw.values())) / sum(pw.values())))
            pool = pools[programme]
            base = pool.pop(0) if pool else str(rng.choice(programmes[programme]))
            name = base
            if base in used_names:
                used_names[base] += 1
                name = f"{base} – {portfolio}"
                if name in used_names:
                    name = f"{base} – {portfolio} {used_names[base]}"
            used_names[name] = used_names.get(name, 1)
            phase, role = phases[i], roles[i]
            start, baseline_end, forecast_end, hold = self._project_dates(rng, phase, role)
            cost_factor, perf = self._project_health(rng, phase, role)
            budget = float(
                np.clip(
                    rng.lognormal(np.log(850_000), 0.75) * info["budget"],
                    150_000,
                    6_000_000,
                )
            )
            budget = round(budget / 5_000) * 5_000
            priority = str(rng.choice(list(PRIORITY_WEIGHTS), p=list(PRIORITY_WEIGHTS.values())))
            objective = _EXTRA_OBJECTIVES.get(programme) or info["objective"]
            if rng.random() < 0.2:
                objective = str(rng.choice(OBJECTIVES))
            template = _DESCRIPTIONS.get(programme, _GENERIC_DESCRIPTION)
            description = template.format(
                deliverable=str(rng.choice(info["deliverables"])),
                portfolio=portfolio,
                programme=programme.lower(),
            )
            value = int(rng.choice([1, 2, 3, 4, 5], p=[0.05, 0.15, 0.35, 0.30, 0.15]))
            if priority == "Critical":
                value = max(value, 4)
            p = _Project(
                project_id=f"PRJ-{i + 1:0{width}d}",
                name=name,
                programme=programme,
                portfolio=portfolio,
                sponsor=SPONSORS[portfolio],
                project_manager=names_pm[int(pm_slots[i]) % len(names_pm)],
                phase=phase,
                methodology=methods[i],
                priority=priority,
                strategic_objective=objective,
                start=start,
                baseline_end=baseline_end,
                forecast_end=forecast_end,
                budget=float(budget),
                business_value=value,
                description=description,
                role=role,
                cost_factor=cost_factor,
                perf=perf,
                hold_date=hold,
            )
            if role == "stale":
                p.stale_cutoff = T - timedelta(days=int(rng.integers(45, 58)))
            p.levels = self._levels(rng, p)
            p.percent_complete = p.progress(T)
            projects.append(p)
        self.projects = projects
        self.by_id = {p.project_id: p for p in projects}
        return pd.DataFrame(
            {
                "project_id": [p.project_id for p in projects],
                "name": [p.name for p in projects],
                "programme": [p.programme for p in projects],
                "portfolio": [p.portfolio for p in projects],
                "sponsor": [p.sponsor for p in projects],
                "project_manager": [p.project_manager for p in projects],
                "phase": [p.phase for p in projects],
                "methodology": [p.methodology for p in projects],
                "priority": [p.priority for p in projects],
                "strategic_objective": [p.strategic_objective for p in projects],
                "start_date": [p.start for p in projects],
                "baseline_end_date": [p.baseline_end for p in projects],
                "forecast_end_date": [p.forecast_end for p in projects],
                "approved_budget": [p.budget for p in projects],
                "percent_complete": [p.percent_complete for p in projects],
                "business_value": [p.business_value for p in projects],
                "description": [p.description for p in projects],
            }
        )

    def _project_dates(
        self, rng: np.random.Generator, phase: str, role: str
    ) -> tuple[date, date, date, date | None]:
        T = self.as_of
        day = timedelta(days=1)
        hold = None

        def months(lo: float, hi: float) -> timedelta:
            return day * int(rng.uniform(lo, hi) * 30.44)

        if phase == "Initiation":
            start = T - day * int(rng.integers(45, 80))
            baseline = start + months(9, 24)
            slip = 0
        elif phase == "Planning":
            start = T - day * int(rng.integers(45, 120))
            baseline = start + months(12, 24)
            slip = int(rng.integers(0, 21))
        elif phase == "Execution":
            start = T - (months(8, 20) if role != "normal" else months(3, 20))
            baseline = T + months(2.5 if role != "normal" else 1.5, 18)
            if role in ("watermelon", "red"):
                slip = int(rng.integers(75, 160))
            else:
                slip = self._normal_slip(rng)
        elif phase == "Closing":
            start = T - months(10, 26)
            forecast = T + day * int(rng.integers(0, 45))
            slip = self._normal_slip(rng)
            return start, forecast - day * slip, forecast, None
        elif phase == "Closed":
            forecast = T - day * int(rng.integers(20, 600))
            start = forecast - months(8, 22)
            slip = self._normal_slip(rng)
            return start, forecast - day * slip, forecast, None
        else:  # On hold
            start = T - months(8, 18)
            baseline = T + months(2, 12)
            slip = int(rng.integers(60, 200))
            hold = T - day * int(rng.integers(40, 120))
        return start, baseline, baseline + day * slip, hold

    @staticmethod
    def _normal_slip(rng: np.random.Generator) -> int:
        kind = rng.choice(4, p=[0.15, 0.35, 0.35, 0.15])
        if kind == 0:
            return -int(rng.integers(1, 22))
        if kind == 1:
            return 0
        if kind == 2:
            return int(rng.integers(1, 31))
        return int(rng.integers(31, 56))

    @staticmethod
    def _project_health(rng: np.random.Generator, phase: str, role: str) -> tuple[float, float]:
        if role == "watermelon":
            return float(rng.uniform(1.20, 1.35)), float(rng.uniform(0.80, 0.90))
        if role == "red":
            return float(rng.uniform(1.15, 1.30)), float(rng.uniform(0.80, 0.92))
        if phase == "Closing":
            return float(np.clip(rng.normal(1.02, 0.04), 0.92, 1.10)), float(
                rng.uniform(0.98, 1.02)
            )
        if phase in ("Initiation", "Planning"):  # estimates not revised yet
            cost = float(np.clip(rng.normal(1.0, 0.025), 0.95, 1.05))
        elif rng.random() < 0.2:
            cost = float(rng.uniform(1.05, 1.14))
        else:
            cost = float(np.clip(rng.normal(1.0, 0.04), 0.90, 1.07))
        return cost, float(rng.uniform(0.95, 1.05))

    @staticmethod
    def _levels(rng: np.random.Generator, p: _Project) -> np.ndarray:
        """Level each RAG dimension tends to over time, from the project's true figures."""
        slip = (p.forecast_end - p.baseline_end).days
        schedule = 2 if slip > 45 else 1 if slip > 14 else 0
        budget = 2 if p.cost_factor > 1.10 else 1 if p.cost_factor > 1.05 else 0
        scope = int(rng.choice(2, p=[0.9, 0.1]))
        resources = int(rng.choice(3, p=[0.82, 0.15, 0.03]))
        risk = int(rng.choice(3, p=[0.75, 0.22, 0.03]))
        if p.phase == "On hold":  # paused by decision: amber until re-baselined
            schedule = 1
        if p.role in ("watermelon", "red"):
            risk = max(risk, 1)
        return np.array([schedule, budget, scope, resources, risk])

    # ------------------------------------------------------------------ status reports

    def _report_dates(self) -> list[date]:
        """Status reports are due REPORT_LEAD_DAYS before each committee meeting."""
        due = (m - timedelta(days=REPORT_LEAD_DAYS) for m in self.meeting_dates)
        return [d for d in due if self.history_start <= d <= self.as_of]

    def _status_reports(self) -> pd.DataFrame:
        rng = self.rng_reports
        calendar = self._report_dates()
        # "Since the last meeting": the last meeting before as_of against as_of itself.
        m_prev, m_last = self.meeting_dates[-2], self.as_of
        cols: dict[str, list] = {
            k: []
            for k in (
                "project_id",
                "report_date",
                "dims",
                "percent_complete",
                "summary",
                "achievements",
                "next_steps",
                "decisions_required",
                "author",
            )
        }
        for p in self.projects:
            last = self.as_of
            if p.phase == "Closed":
                last = p.forecast_end
            if p.stale_cutoff is not None:
                last = p.stale_cutoff
            dates = [d for d in calendar if p.start + timedelta(days=14) <= d <= last]
            if p.phase == "Closed" and (not dates or dates[-1] < p.forecast_end):
                dates.append(p.forecast_end)  # closure report
            if not dates:
                continue
            n = len(dates)
            dims = self._walk(rng, p, dates)
            dims = self._apply_role(rng, p, dates, dims, m_prev, m_last)
            overall = _overall(dims)
            dims_list = dims.tolist()
            for k, d in enumerate(dates):
                cols["project_id"].append(p.project_id)
                cols["report_date"].append(d)
                cols["dims"].append(dims[k])
                pct = p.progress(d)
                cols["percent_complete"].append(pct)
                closing = p.phase == "Closed" and k == n - 1
                texts = self._report_text(
                    p, d, dims_list[k], int(overall[k]), pct, closing, recent=k >= n - 2
                )
                for key, text in zip(
                    ("summary", "achievements", "next_steps", "decisions_required"),
                    texts,
                    strict=True,
                ):
                    cols[key].append(text)
                cols["author"].append(p.project_manager)
        dims = np.array(cols.pop("dims"), dtype=int).reshape(-1, 5)
        overall = _overall(dims)
        frame = pd.DataFrame(
            {
                "project_id": cols["project_id"],
                "report_date": cols["report_date"],
                "overall_rag": _RAG[overall],
                **{f"{name}_rag": _RAG[dims[:, j]] for j, name in enumerate(_ROLES)},
            }
        )
        for key in ("percent_complete", "summary", "achievements", "next_steps"):
            frame[key] = cols[key]
        frame["decisions_required"] = cols["decisions_required"]
        frame["author"] = cols["author"]
        frame["state"] = schema.REPORT_APPROVED  # the sample's past reports were all checked
        return frame

    def _walk(self, rng: np.random.Generator, p: _Project, dates: list[date]) -> np.ndarray:
        """RAG per dimension as a random walk with persistence towards the project's levels:
        problems appear some time into the project and then stick."""
        n = len(dates)
        onset = rng.uniform(0.15, 0.7, size=5)
        frac = np.arange(n) / max(n - 1, 1)
        targets = np.where(frac[:, None] >= onset[None, :], p.levels[None, :], 0)
        if p.hold_date is not None:
            held = np.array([d > p.hold_date for d in dates])
            targets[held, 0] = np.maximum(targets[held, 0], 1)
            targets[held, 3] = np.maximum(targets[held, 3], 1)
        if p.phase == "Closed":
            targets[-2:] = 0
        u = rng.random((n, 5))
        noise = rng.random((n, 5))
        jump = rng.choice(np.array([-1, 1]), size=(n, 5))
        state = (rng.random(5) < 0.08).astype(int)
        out = np.empty((n, 5), dtype=int)
        for t in range(n):
            tgt = targets[t]
            state = state + ((state < tgt) & (u[t] < 0.45)) - ((state > tgt) & (u[t] < 0.35))
            state = np.where(noise[t] < 0.03, np.clip(state + jump[t], 0, 2), state)
            out[t] = state
        if p.phase == "Closed":
            out[-1] = 0
        return out

    def _apply_role(
        self,
        rng: np.random.Generator,
        p: _Project,
        dates: list[date],
        dims: np.ndarray,
        m_prev: date | None,
        m_last: date | None,
    ) -> np.ndarray:
        n = len(dims)
        if p.role == "watermelon":
            # Reported green or amber for the last months while the figures are red.
            tail = min(4, n)
            dims[-tail:] = np.minimum(dims[-tail:], 1)
            if rng.random() < 0.5:  # fully green last reports
                dims[-2:] = 0
            else:
                dims[-2:] = _pattern(dims[-2:], 1, 0)
        elif p.role == "red":
            tail = min(3, n)
            dims[-tail:, 0] = 2
            dims[-tail:, 1] = np.maximum(dims[-tail:, 1], 2 if rng.random() < 0.6 else 1)
        elif p.role in ("better", "worse") and m_prev is not None:
            i_prev = sum(d <= m_prev for d in dates) - 1
            i_last = sum(d <= m_last for d in dates) - 1
            if i_prev >= 0 and i_last > i_prev:
                dim = int(rng.choice(_CORE_DIMS))
                if p.role == "worse":
                    level = int(rng.integers(0, 2))
                    lo, hi = level, level + 1
                else:
                    level = int(rng.integers(1, 3))
                    lo, hi = level, level - 1
                start = max(i_prev - 1, 0)
                dims[start : i_prev + 1] = _pattern(dims[start : i_prev + 1], lo, dim)
                dims[i_last:] = _pattern(dims[i_last:], hi, dim)
        return dims

    def _report_text(
        self,
        p: _Project,
        d: date,
        dims: list[int],
        overall: int,
        pct: float,
        closing: bool,
        recent: bool,
    ) -> tuple[str, str, str, str | None]:
        r = self.text
        info = p.info
        stage = "early" if pct < 15 else "late" if pct >= 80 else "mid"
        month = _month_label(_shift_months(d, r.randint(1, 3)))
        fill = {
            "portfolio": p.portfolio,
            "deliverable": r.choice(info["deliverables"]),
            "system": r.choice(info["systems"]),
            "legacy": info["legacy"],
            "n": r.randint(2, 9),
            "m": r.randint(10, 16),
            "q": r.randrange(60, 100, 5),
            "sprint": r.randint(3, 24),
            "sprint2": r.randint(4, 26),
            "users": r.randrange(20, 400, 10),
            "month": month,
            "month2": _month_label(_shift_months(d, r.randint(4, 6))),
            "w": r.randint(2, 6),
            "p": r.randint(6, 25),
            "cost_driver": r.choice(_COST_DRIVERS),
            "role": r.choice(_ROLES_SHORT),
            "vendor": r.choice(_VENDORS_SHORT),
            "cr": r.randint(3, 60),
            "k": r.randrange(40, 400, 10),
            "fte": r.randint(1, 3),
            "team": info["team"],
            "mm": r.choice([3, 6, 9]),
        }
        fill["Deliverable"] = _cap(fill["deliverable"])
        agile = p.methodology != "Waterfall"
        a1, a2 = r.sample([t for t in _ACHIEVEMENTS[stage] if agile or "sprint" not in t], 2)
        achievements = f"{a1.format(**fill)}. {a2.format(**fill)}."
        n1, n2 = r.sample([t for t in _NEXT_STEPS[stage] if agile or "sprint" not in t], 2)
        next_steps = f"{n1.format(**fill)}. {n2.format(**fill)}."
        fill["ach_l"] = _low(a1.format(**fill))
        fill["next_l"] = _low(n1.format(**fill))
        rag = "GAR"[overall]
        if closing:
            return _CLOSURE_SUMMARY, achievements, "Archive project documentation.", None
        if p.role == "watermelon" and recent:
            summary = r.choice(_WATERMELON_SUMMARY).format(**fill)
        else:
            weighted = [v * (2 if j in _CORE_DIMS else 1) for j, v in enumerate(dims)]
            worst = weighted.index(max(weighted))
            fill["concern"] = r.choice(_CONCERNS[worst]).format(**fill)
            summary = r.choice(_SUMMARY[rag]).format(**fill)
        decision = None
        if recent and (p.role == "red" or r.random() < (0.45 if overall else 0.08)):
            decision = r.choice(_DECISIONS).format(**fill)
        return summary, achievements, next_steps, decision

    # ------------------------------------------------------------------ financials

    def _financials(self) -> pd.DataFrame:
        rng = self.rng_fin
        cats = np.array(schema.COST_CATEGORIES)
        cur = self.cur_month
        T = self.as_of
        days_in_month = (_month_start(cur + 1) - _month_start(cur)).days
        elapsed = (T.day - 1) / days_in_month
        out: dict[str, list[np.ndarray]] = {
            k: []
            for k in (
                "project_id",
                "period",
                "category",
                "expense_type",
                "budget",
                "actual",
                "forecast",
                "committed",
            )
        }
        for p in self.projects:
            w = np.array(CATEGORY_WEIGHTS.get(p.programme, GENERIC_CATEGORY_WEIGHTS))
            k = int(rng.integers(3, 6))
            chosen = np.sort(rng.choice(6, size=k, replace=False, p=w / w.sum()))
            if 0 not in chosen and rng.random() < 0.8:  # internal labour on most projects
                chosen = np.sort(np.append(chosen[1:], 0))
            shares = w[chosen] * rng.uniform(0.6, 1.4, size=len(chosen))
            shares = shares / shares.sum()
            spend_shares = shares * rng.uniform(0.85, 1.15, size=len(chosen))
            spend_shares = spend_shares / spend_shares.sum()
            expense = []
            for c in chosen:
                if c == 0:  # internal labour, capitalised on some build projects
                    expense.append("CAPEX" if rng.random() < 0.3 else "OPEX")
                elif c == 1:
                    expense.append("CAPEX" if rng.random() < 0.6 else "OPEX")
                elif c == 2:
                    expense.append("CAPEX")
                elif c == 3:
                    expense.append("CAPEX" if rng.random() < 0.5 else "OPEX")
                else:
                    expense.append("OPEX")
            m0 = _month_index(p.start)
            m1 = _month_index(max(p.baseline_end, p.forecast_end))
            months = np.arange(m0, m1 + 1)
            wb = _curve_weights(p.start, p.baseline_end, months)
            wf = _curve_weights(p.start, p.forecast_end, months)
            budget = np.round(p.budget * wb[:, None] * shares[None, :])
            eac = p.cost_factor * p.budget
            spend = eac * wf[:, None] * spend_shares[None, :]
            past = months < cur
            now = months == cur
            future = months > cur
            actual = np.zeros_like(spend)
            noise = rng.uniform(0.85, 1.15, size=spend.shape)
            actual[past] = spend[past] * noise[past]
            actual[now] = spend[now] * elapsed * noise[now]
            if p.hold_date is not None:  # little spend while on hold
                paused = (months > _month_index(p.hold_date)) & (months <= cur)
                actual[paused] *= 0.1
            if p.phase == "Closed":
                actual = actual * (eac / max(actual.sum(), 1.0))
                forecast = np.zeros_like(spend)
            else:
                remaining_weight = np.zeros_like(spend)
                remaining_weight[now] = spend[now] * (1 - elapsed)
                remaining_weight[future] = spend[future]
                if remaining_weight.sum() <= 0:
                    remaining_weight[months == max(cur, m1)] = spend_shares
                    remaining_weight[now] = np.maximum(remaining_weight[now], spend_shares)
                remaining = max(eac - actual.sum(), 0.0)
                forecast = remaining * remaining_weight / max(remaining_weight.sum(), 1e-9)
            actual = np.round(actual)
            forecast = np.round(forecast)
            actual_col = np.where((past | now)[:, None], actual, np.nan)
            forecast_col = np.where((now | future)[:, None], forecast, np.nan)
            committable = (
                np.isin(chosen, [1, 2, 3, 4])[None, :]
                & ((months >= cur) & (months <= cur + 3))[:, None]
            )
            committed = np.where(
                committable & (rng.random(spend.shape) < 0.6) & (forecast > 0),
                np.round(forecast * rng.uniform(0.4, 1.0, size=spend.shape), -2),
                np.nan,
            )
            keep = (
                (budget > 0) | (np.nan_to_num(actual_col) > 0) | (np.nan_to_num(forecast_col) > 0)
            )
            mi, ci = np.nonzero(keep)
            out["project_id"].append(np.full(len(mi), p.project_id, dtype=object))
            out["period"].append(_months_to_dates(months[mi]))
            out["category"].append(cats[chosen[ci]])
            out["expense_type"].append(np.array(expense, dtype=object)[ci])
            out["budget"].append(budget[mi, ci])
            out["actual"].append(actual_col[mi, ci])
            out["forecast"].append(forecast_col[mi, ci])
            out["committed"].append(committed[mi, ci])
        return pd.DataFrame({k: np.concatenate(v) for k, v in out.items()})

    # ------------------------------------------------------------------ milestones

    def _milestones(self) -> pd.DataFrame:
        rng = self.rng_ms
        T = self.as_of
        rows = []
        for p in self.projects:
            template = _MILESTONES[p.methodology]
            duration = (p.baseline_end - p.start).days
            k = int(np.clip(round(duration / 75) + rng.integers(-1, 2), 4, min(8, len(template))))
            middle = np.sort(rng.choice(np.arange(1, len(template) - 1), size=k - 2, replace=False))
            picked = [template[0], *(template[i] for i in middle), template[-1]]
            fractions = np.sort(rng.uniform(0.12, 0.92, size=k - 2))
            fractions = np.concatenate([[rng.uniform(0.03, 0.08)], fractions, [1.0]])
            slip_total = (p.forecast_end - p.baseline_end).days
            missing_seen = False
            troubled = p.role in ("watermelon", "red")
            previous = p.start
            for j, ((name, gate), frac) in enumerate(zip(picked, fractions, strict=True)):
                baseline = p.start + timedelta(days=int(frac * duration))
                if j == k - 1:
                    baseline, forecast = p.baseline_end, p.forecast_end
                else:
                    slip = slip_total * frac**1.3 + rng.normal(0, 6)
                    forecast = baseline + timedelta(days=round(slip))
                    forecast = min(forecast, p.forecast_end)
                    # Troubled projects: the next milestone is already overdue.
                    overdue_at = T - timedelta(days=int(rng.integers(5, 26)))
                    if (
                        troubled
                        and not missing_seen
                        and T <= forecast <= T + timedelta(days=120)
                        and previous < overdue_at
                        and baseline <= overdue_at
                    ):
                        forecast = overdue_at
                previous = forecast
                actual = None
                if forecast < T and not missing_seen:
                    overdue_p = 0.9 if troubled else 0.4
                    recent = (T - forecast).days <= 30
                    held = p.hold_date is not None and forecast > p.hold_date
                    if p.phase != "Closed" and (held or (recent and rng.random() < overdue_p)):
                        missing_seen = True
                    else:
                        actual = forecast + timedelta(days=int(rng.integers(-4, 8)))
                        actual = min(actual, T - timedelta(days=1))
                        if p.phase == "Closed":
                            actual = min(actual, p.forecast_end)
                if p.phase == "Closed" and actual is None:
                    actual = min(forecast, p.forecast_end)
                rows.append((p.project_id, name, baseline, forecast, actual, gate))
        frame = pd.DataFrame(
            rows,
            columns=[
                "project_id",
                "name",
                "baseline_date",
                "forecast_date",
                "actual_date",
                "is_gate",
            ],
        )
        frame.insert(0, "milestone_id", _ids("MS-", len(frame), 4))
        return frame

    # ------------------------------------------------------------------ RAID

    def _raid(self) -> pd.DataFrame:
        rng = self.rng_raid
        r = random.Random(int(rng.integers(2**62)))
        n = self.size.raid
        T = self.as_of
        H = self.history_start
        types = _apportion(_RAID_TYPE_WEIGHTS, n, rng)
        weights = np.array(
            [
                (0.3 if p.phase == "Closed" else 1.0)
                * (2.5 if p.role in ("watermelon", "red") else 1.0)
                * (1.0 + 0.6 * p.levels[4])
                for p in self.projects
            ]
        )
        proj_idx = rng.choice(len(self.projects), size=n, p=weights / weights.sum())
        # Forced open high risks (score ≥ 15, a few ≥ 20) on troubled projects.
        risk_rows = [i for i, t in enumerate(types) if t == "Risk"]
        n_high = min(len(risk_rows), max(6, round(0.04 * n)))
        n_critical = max(2, round(0.01 * n))
        high_order = [int(i) for i in rng.permutation(risk_rows)[:n_high]]
        high_rank = {row: rank for rank, row in enumerate(high_order)}
        # About 10 % at portfolio level (no project).
        others = np.array([i for i in range(n) if i not in high_rank], dtype=int)
        portfolio_level = np.zeros(n, dtype=bool)
        portfolio_level[
            rng.choice(others, size=min(len(others), round(0.10 * n)), replace=False)
        ] = True
        troubled = [i for i, p in enumerate(self.projects) if p.role in ("watermelon", "red")]
        high_scores = [(4, 4), (5, 3), (3, 5), (4, 4), (3, 5), (5, 3)]
        vendors = [v[0] for v in CONTRACT_VENDORS[:12]]
        rows = []
        for i in range(n):
            kind = types[i]
            high = i in high_rank
            if high and troubled:
                proj_idx[i] = troubled[high_rank[i] % len(troubled)]
                portfolio_level[i] = False
            p = None if portfolio_level[i] else self.projects[proj_idx[i]]
            fill = {
                "vendor": r.choice(vendors),
                "portfolio": p.portfolio if p else r.choice(PORTFOLIOS),
                "system": r.choice(p.info["systems"] if p else _GENERIC_INFO["systems"]),
                "month": _month_label(_shift_months(T, r.randint(1, 5))),
            }
            if kind in ("Risk", "Issue"):
                category = r.choice(RAID_CATEGORIES)
                title = r.choice((_RISKS if kind == "Risk" else _ISSUES)[category]).format(**fill)
            else:
                title, category = r.choice(_OTHER_RAID[kind])
                title = title.format(**fill)
            # dates
            lo = max(H, p.start) if p else H
            hi = min(T - timedelta(days=1), p.forecast_end) if p else T - timedelta(days=1)
            if hi < lo:
                hi = lo
            raised = lo + timedelta(days=int(rng.integers(0, (hi - lo).days + 1)))
            if high:
                raised = max(lo, T - timedelta(days=int(rng.integers(20, 150))))
            horizon = {"Decision": (7, 30), "Assumption": (30, 180), "Dependency": (30, 180)}
            a, b = horizon.get(kind, (14, 120))
            due = raised + timedelta(days=int(rng.integers(a, b)))
            age = (T - raised).days
            closed_project = p is not None and p.phase == "Closed"
            if closed_project:
                status = "Closed"
            elif high:
                status = "Open" if rng.random() < 0.6 else "In progress"
            elif rng.random() < 0.15 + 0.6 * min(age / 365, 1.0):
                status = "Closed"
            else:
                status = "Open" if rng.random() < 0.55 else "In progress"
            if kind == "Decision" and status != "Closed" and rng.random() < 0.5:
                status = "Closed"
            closed = None
            if status == "Closed":
                end = min(T - timedelta(days=1), p.forecast_end if closed_project else T)
                closed = raised + timedelta(days=int(rng.integers(3, 150)))
                closed = max(min(closed, end), raised)
            elif kind == "Action" and rng.random() < 0.4:  # overdue action
                due = T - timedelta(days=int(rng.integers(3, 40)))
                raised = min(raised, due - timedelta(days=int(rng.integers(10, 40))))
            # scores
            prob = imp = None
            if kind == "Risk":
                prob = int(rng.choice(5, p=[0.12, 0.30, 0.30, 0.18, 0.10])) + 1
                imp = int(rng.choice(5, p=[0.10, 0.25, 0.32, 0.22, 0.11])) + 1
                if prob * imp >= 15 and not high and status != "Closed":
                    prob = min(prob, 2)  # open high scores come from the chosen few below
                if high:
                    k = high_rank[i]
                    if k < n_critical:
                        prob, imp = (5, 4) if k % 2 == 0 else (4, 5)
                    else:
                        prob, imp = high_scores[k % len(high_scores)]
            elif kind == "Issue":
                imp = int(rng.choice(5, p=[0.10, 0.25, 0.35, 0.20, 0.10])) + 1
            elif kind in ("Assumption", "Dependency"):
                prob = int(rng.choice(5, p=[0.25, 0.35, 0.25, 0.10, 0.05])) + 1
                imp = int(rng.choice(5, p=[0.15, 0.30, 0.30, 0.17, 0.08])) + 1
            if p is not None and rng.random() < 0.5:
                owner = p.project_manager
            else:
                owner = r.choice(self.people[:30])
            if kind == "Risk":
                description = f"If this happens, {r.choice(_EFFECTS[category])}."
            elif kind == "Issue":
                description = f"Impact: {r.choice(_EFFECTS[category])}."
            else:
                description = f"{title}; recorded for {p.name if p else 'the whole portfolio'}."
            response = _RESPONSES[category] if kind in ("Risk", "Issue", "Action") else None
            rows.append(
                (
                    p.project_id if p else None,
                    kind,
                    title,
                    description,
                    category,
                    prob,
                    imp,
                    owner,
                    response,
                    status,
                    raised,
                    due,
                    closed,
                    high,
                )
            )
        frame = pd.DataFrame(
            rows,
            columns=[
                "project_id",
                "type",
                "title",
                "description",
                "category",
                "probability",
                "impact",
                "owner",
                "response",
                "status",
                "raised_date",
                "due_date",
                "closed_date",
                "_high",
            ],
        )
        frame.insert(0, "raid_id", _ids("RAID-", n, 4))
        # About 8 % for the committee, preferably open, high-scoring items and open decisions.
        score = (frame["probability"].fillna(3) * frame["impact"].fillna(3)).to_numpy(float)
        is_open = (frame["status"] != "Closed").to_numpy()
        w = np.where(is_open, 3.0, 0.2) * (1.0 + score / 5.0)
        w = w * np.where(frame["_high"].to_numpy(bool), 4.0, 1.0)
        n_committee = max(1, round(0.08 * n))
        chosen = rng.choice(n, size=n_committee, replace=False, p=w / w.sum())
        flag = np.zeros(n, dtype=bool)
        flag[chosen] = True
        frame["for_committee"] = flag
        return frame.drop(columns="_high")

    # ------------------------------------------------------------------ operations

    def _sla_targets(self) -> pd.DataFrame:
        rows = []
        for service in schema.SERVICES:
            resolution = (
                _RESOLUTION_HOURS_INFRA if service == "Infrastructure" else _RESOLUTION_HOURS
            )
            for k, prio in enumerate(schema.TICKET_PRIORITIES):
                rows.append(
                    (service, prio, _RESPONSE_HOURS[k], resolution[k], _TARGET_PCT[service])
                )
        return pd.DataFrame(
            rows,
            columns=["service", "priority", "response_hours", "resolution_hours", "target_pct"],
        )

    def _ticket_times(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """Opening times (µs since epoch) with weekday, business-hour, seasonal and trend shape."""
        start = np.datetime64(self.history_start, "D")
        n_days = int((np.datetime64(self.as_of, "D") - start).astype(int))
        days = start + np.arange(n_days)
        weekday = (days.astype(int) + 3) % 7  # 1970-01-01 was a Thursday
        w = np.array([1.25, 1.10, 1.0, 0.95, 0.80, 0.12, 0.08])[weekday]
        month = days.astype("datetime64[M]").astype(int) % 12
        w = w * np.array([1.1, 1.0, 1.0, 0.95, 0.95, 0.95, 0.85, 0.75, 1.1, 1.05, 1.0, 0.85])[month]
        w = w * np.linspace(0.9, 1.1, n_days)  # slow growth
        doy = (days - days.astype("datetime64[Y]")).astype(int)
        w = np.where((doy >= 357) | (doy <= 1), w * 0.4, w)  # Christmas break
        # A few major-incident days.
        spikes = rng.choice(n_days, size=3, replace=False)
        w[spikes] *= 3.0
        day_idx = rng.choice(n_days, size=n, p=w / w.sum())
        hour_w = np.array(
            [0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3, 1.2, 3.0, 3.5, 3.2, 2.6,
             1.8, 2.8, 3.0, 2.6, 2.0, 1.2, 0.6, 0.4, 0.3, 0.25, 0.2, 0.15]
        )  # fmt: skip
        hours = rng.choice(24, size=n, p=hour_w / hour_w.sum())
        start_us = start.astype("datetime64[us]").astype(np.int64)
        hour_us = 3_600_000_000
        micro = (rng.random(n) * hour_us).astype(np.int64) // 1_000_000 * 1_000_000
        return np.sort(start_us + day_idx * 24 * hour_us + hours * hour_us + micro)

    def _tickets(self, sla: pd.DataFrame) -> pd.DataFrame:
        """All the tickets as one frame, made in one pass (``chunk_rows`` None)."""
        (frame,) = self.ticket_chunks(sla, None)
        return frame

    def ticket_chunks(self, sla: pd.DataFrame, chunk_rows: int | None) -> Iterator[pd.DataFrame]:
        """The tickets, in order of opening, ``chunk_rows`` at a time (None: one frame).

        The opening times of all tickets are drawn first (8 bytes a ticket), then each chunk
        draws the rest of its tickets' values as one pass over all of them would, so chunks
        have the same distribution. The only step that looks across tickets, keeping recent
        resolved tickets open until 3 % of all tickets are open, picks among tickets opened in
        the last RECENT_OPEN_DAYS days: those all go in the last chunk, which makes up the
        backlog from what the earlier chunks left open.
        """
        rng = self.rng_tickets
        n = self.size.tickets
        opened = self._ticket_times(rng, n)
        now = np.datetime64(self.as_of, "D").astype("datetime64[us]").astype(np.int64)
        target_open = int(0.03 * n)
        if chunk_rows is None:
            bounds = [0, n]
        else:
            recent = now - RECENT_OPEN_DAYS * 24 * 3_600_000_000
            tail = int(np.searchsorted(opened, recent, side="right"))
            bounds = [*range(0, tail, max(int(chunk_rows), 1)), tail, n]
            bounds = sorted(set(bounds))
        open_before = 0
        for lo, hi in pairwise(bounds):
            last = hi == n
            frame, n_open = self._ticket_rows(
                sla, opened[lo:hi], lo, target_open - open_before if last else None
            )
            open_before += n_open
            yield frame

    def _ticket_rows(
        self, sla: pd.DataFrame, opened: np.ndarray, offset: int, target_open: int | None
    ) -> tuple[pd.DataFrame, int]:
        """Tickets opened at ``opened`` (numbered from ``offset`` + 1) and how many are open;
        with ``target_open``, recent resolved ones are kept open until that many are."""
        rng = self.rng_tickets
        n = len(opened)
        hour = 3_600_000_000.0
        services = list(schema.SERVICES)
        now = np.datetime64(self.as_of, "D").astype("datetime64[us]").astype(np.int64)
        first = np.datetime64(self.history_start, "D").astype("datetime64[us]").astype(np.int64)
        age_frac = (opened - first) / max(now - first, 1)

        svc = rng.choice(4, size=n, p=np.array(list(SERVICE_WEIGHTS.values())))
        prio = np.empty(n, dtype=np.int64)
        cat_codes = np.empty(n, dtype=np.int64)
        group_codes = np.empty(n, dtype=np.int64)
        cause = np.empty(n, dtype=np.int64)
        cat_names: list[str] = []
        group_names: list[str] = []
        for s, service in enumerate(services):
            mask = svc == s
            m = int(mask.sum())
            prio[mask] = rng.choice(4, size=m, p=_PRIORITY_WEIGHTS_BY_SERVICE[service])
            cats = TICKET_CATEGORIES[service]
            cat_codes[mask] = len(cat_names) + rng.choice(
                len(cats), size=m, p=np.array(list(cats.values()))
            )
            cat_names += list(cats)
            groups = ASSIGNMENT_GROUPS[service]
            group_codes[mask] = len(group_names) + rng.choice(
                len(groups), size=m, p=np.array(list(groups.values()))
            )
            group_names += list(groups)
            cause[mask] = rng.choice(7, size=m, p=_ROOT_CAUSE_WEIGHTS[service])

        targets = sla.set_index(["service", "priority"])
        res_target = np.array(
            [
                targets.loc[(s, p), "resolution_hours"]
                for s in services
                for p in schema.TICKET_PRIORITIES
            ]
        )[svc * 4 + prio]
        resp_target = np.array(_RESPONSE_HOURS)[prio]
        speed = np.array([_SERVICE_SPEED[s] for s in services])[svc]
        # Applications got slower over the last months, Desktop Support faster.
        recent = np.clip((age_frac - 0.75) / 0.25, 0, 1)
        speed = np.where(svc == 3, speed * (1 + 0.8 * recent), speed)
        speed = np.where(svc == 1, speed * (1.3 - 0.5 * age_frac), speed)
        sigma = np.array([0.8, 0.9, 1.0, 1.0])[prio]
        duration_h = res_target * speed * np.exp(sigma * rng.standard_normal(n))
        quick = (svc == 0) & (prio >= 2) & (rng.random(n) < 0.4)  # first-contact resolution
        duration_h = np.where(quick, rng.uniform(0.05, 0.5, n), duration_h)
        response_h = np.minimum(
            resp_target * 0.3 * np.exp(0.8 * rng.standard_normal(n)), duration_h
        )
        second = 1_000_000
        resolved = opened + (duration_h * hour).astype(np.int64) // second * second
        responded = opened + (response_h * hour).astype(np.int64) // second * second

        cancelled = (rng.random(n) < 0.01) & (opened < now - 3 * 24 * int(hour))
        is_open = (resolved > now) & ~cancelled
        extra = 0 if target_open is None else target_open - int(is_open.sum())
        if extra > 0:
            age_days = (now - opened) / (24 * hour)
            cand = np.nonzero(~is_open & ~cancelled & (age_days < RECENT_OPEN_DAYS))[0]
            if len(cand):
                cw = np.exp(-age_days[cand] / 25.0)
                pick = rng.choice(cand, size=min(extra, len(cand)), replace=False, p=cw / cw.sum())
                is_open[pick] = True
        resolved_ok = ~is_open & ~cancelled
        closed = (
            resolved + ((72 + rng.exponential(12, n)) * hour).astype(np.int64) // second * second
        )
        is_closed = resolved_ok & (closed <= now)
        cancel_after = (rng.uniform(0.5, 48, n) * hour).astype(np.int64) // second * second
        closed = np.where(cancelled, opened + cancel_after, closed)

        status_names = np.array(schema.TICKET_STATUSES)
        status = np.where(is_closed, 4, 3)  # Closed / Resolved
        status = np.where(cancelled, 5, status)
        age_h = (now - opened) / hour
        new = is_open & (((age_h < 48) & (rng.random(n) < 0.6)) | (responded > now))
        status = np.where(is_open, np.where(new, 0, np.where(rng.random(n) < 0.65, 1, 2)), status)

        breached = resolved_ok & (duration_h > res_target)
        esc_p = np.array([0.25, 0.12, 0.05, 0.03])[prio] * np.where(breached, 1.8, 1.0)
        escalated = rng.random(n) < esc_p
        reopened = np.where(
            resolved_ok, rng.choice(4, size=n, p=[0.94, 0.045, 0.012, 0.003]), 0
        ).astype(np.int64)
        sat_good = rng.choice(5, size=n, p=[0.03, 0.05, 0.12, 0.35, 0.45]) + 1
        sat_bad = rng.choice(5, size=n, p=[0.12, 0.15, 0.25, 0.30, 0.18]) + 1
        satisfaction = np.where(breached | (reopened > 0), sat_bad, sat_good).astype(float)
        satisfaction[~(resolved_ok & (rng.random(n) < 0.30))] = np.nan

        def ts(values: np.ndarray, missing: np.ndarray) -> np.ndarray:
            out = values.astype("datetime64[us]")
            out[missing] = np.datetime64("NaT")
            return out

        def text(codes: np.ndarray, names: list[str], missing: np.ndarray | None = None):
            s = pd.Series(pd.Categorical.from_codes(codes, names)).astype("str")
            if missing is not None:
                s = s.mask(missing)
            return s

        ids = "INC" + pd.Series(np.arange(offset + 1, offset + n + 1)).astype("str").str.zfill(7)
        frame = pd.DataFrame(
            {
                "ticket_id": ids,
                "service": text(svc, services),
                "category": text(cat_codes, cat_names),
                "priority": text(prio, list(schema.TICKET_PRIORITIES)),
                "opened_at": ts(opened, np.zeros(n, dtype=bool)),
                "first_response_at": ts(responded, new | cancelled),
                "resolved_at": ts(resolved, ~resolved_ok),
                "closed_at": ts(closed, ~(is_closed | cancelled)),
                "status": text(status, list(status_names)),
                "escalated": escalated,
                "reopened_count": reopened,
                "assignment_group": text(group_codes, group_names),
                "root_cause": text(cause, list(ROOT_CAUSES), ~resolved_ok),
                "satisfaction": satisfaction,
            }
        )
        return frame, int(is_open.sum())

    def _changes(self) -> pd.DataFrame:
        rng = self.rng_changes
        n = self.size.changes
        hour = 3_600_000_000
        day = 24 * hour
        start = np.datetime64(self.history_start, "D").astype("datetime64[us]").astype(np.int64)
        now = np.datetime64(self.as_of, "D").astype("datetime64[us]").astype(np.int64)
        n_future = max(1, round(0.03 * n))
        total_days = (now - start) // day
        day_idx = np.concatenate(
            [
                rng.integers(0, total_days, n - n_future),
                rng.integers(total_days, total_days + 30, n_future),
            ]
        )
        # Weekend changes move to Monday, except emergencies and some Normal weekend windows.
        weekday = ((start // day + day_idx) + 3) % 7
        shift = np.where(weekday >= 5, 7 - weekday, 0)
        kind = rng.choice(3, size=n, p=[0.60, 0.32, 0.08])
        shift = np.where(((kind == 1) & (rng.random(n) < 0.3)) | (kind == 2), 0, shift)
        day_idx = day_idx + shift
        hours = np.select(
            [kind == 0, kind == 1],
            [rng.integers(8, 17, n), rng.integers(18, 23, n)],
            rng.integers(0, 24, n),
        )
        planned = start + day_idx * day + hours * hour + rng.choice([0, 30], n) * 60_000_000
        order = np.argsort(planned, kind="stable")
        planned, kind = planned[order], kind[order]
        outcome_p = np.array(
            [[0.95, 0.01, 0.01, 0.03], [0.88, 0.03, 0.04, 0.05], [0.80, 0.08, 0.07, 0.05]]
        )
        u = rng.random(n)
        cum = np.cumsum(outcome_p[kind], axis=1)
        outcome = np.minimum((u[:, None] > cum).sum(axis=1), 3)
        minute = 60_000_000
        implemented = planned + rng.integers(0, 150, n) * minute
        pending = implemented > now
        done = ~pending & (outcome != 3)
        caused_p = np.array([0.025, 0.30, 0.20, 0.0])[outcome]
        caused = done & (rng.random(n) < caused_p)
        service = rng.choice(4, size=n, p=[0.10, 0.15, 0.40, 0.35])
        # About a quarter linked to a project active at the time.
        project = np.full(n, -1)
        linked = np.nonzero(rng.random(n) < 0.25)[0]
        starts = np.array(
            [
                np.datetime64(p.start, "D").astype("datetime64[us]").astype(np.int64)
                for p in self.projects
            ]
        )
        ends = np.array(
            [
                np.datetime64(p.forecast_end, "D").astype("datetime64[us]").astype(np.int64)
                for p in self.projects
            ]
        )
        todo = linked
        for _ in range(8):
            if not len(todo):
                break
            cand = rng.integers(0, len(self.projects), len(todo))
            ok = (planned[todo] >= starts[cand] + 30 * day) & (
                planned[todo] <= ends[cand] + 30 * day
            )
            project[todo[ok]] = cand[ok]
            todo = todo[~ok]
        svc_names = list(schema.SERVICES)
        proj_service = np.array([svc_names.index(p.info["service"]) for p in self.projects])
        service = np.where(project >= 0, proj_service[np.maximum(project, 0)], service)
        ids_p = np.array([p.project_id for p in self.projects], dtype=object)
        outcome_names = np.array(schema.CHANGE_OUTCOMES, dtype=object)
        outcome_txt = pd.Series(outcome_names[outcome], dtype="str").mask(pending)
        impl = implemented.astype("datetime64[us]")
        impl[~done] = np.datetime64("NaT")
        return pd.DataFrame(
            {
                "change_id": "CHG" + pd.Series(np.arange(1, n + 1)).astype("str").str.zfill(7),
                "service": pd.Series(np.array(svc_names, dtype=object)[service], dtype="str"),
                "project_id": pd.Series(
                    np.where(project >= 0, ids_p[np.maximum(project, 0)], None), dtype="object"
                ),
                "type": pd.Series(np.array(schema.CHANGE_TYPES, dtype=object)[kind], dtype="str"),
                "planned_start": planned.astype("datetime64[us]"),
                "implemented_at": impl,
                "outcome": outcome_txt,
                "caused_incident": caused,
            }
        )

    # ------------------------------------------------------------------ resources

    def _capacity(self) -> pd.DataFrame:
        rng = self.rng_capacity
        n = self.size.resources
        pms = list(self.project_managers)
        n_internal = max(round(0.65 * n), min(len(pms), n))
        n_pm = min(len(pms), n_internal)
        internal_names = pms[:n_pm] + [p for p in self.people if p not in pms][: n_internal - n_pm]
        if len(internal_names) < n_internal:  # very large scales: numbered internal staff
            internal_names += [
                f"Employee {k:04d}" for k in range(1, n_internal - len(internal_names) + 1)
            ]
        n_external = n - len(internal_names)
        teams_other = {t: v for t, v in CAPACITY_TEAMS.items() if t != "PMO"}
        share = np.array([v[0] for v in teams_other.values()])
        rows = []
        for name in internal_names[:n_pm]:
            rows.append((name, "PMO", "Project manager", "Internal"))
        for name in internal_names[n_pm:]:
            if rng.random() < 0.04:
                team = "PMO"
            else:
                team = str(rng.choice(list(teams_other), p=share / share.sum()))
            role = str(rng.choice(CAPACITY_TEAMS[team][1]))
            rows.append((name, team, role, "Internal"))
        counters: dict[str, int] = {}
        width = 2 if n_external < 300 else 3
        for _ in range(n_external):
            team = str(rng.choice(list(teams_other), p=share / share.sum()))
            role = str(rng.choice(CAPACITY_TEAMS[team][1]))
            counters[role] = counters.get(role, 0) + 1
            rows.append((f"{role} {counters[role]:0{width}d}", team, role, "External"))
        res = pd.DataFrame(rows, columns=["resource", "team", "role", "sourcing"])
        internal = (res["sourcing"] == "Internal").to_numpy()
        m = len(res)
        fte = np.where(internal & (rng.random(m) < 0.12), 0.8, 1.0)
        # Share of working days available for project work (leave, training, run activities).
        availability = rng.uniform(0.80, 0.88, m)
        rate = np.where(
            internal,
            np.round(rng.uniform(450, 700, m) / 5) * 5,
            np.round(rng.uniform(800, 1300, m) / 25) * 25,
        )
        res["day_rate"] = rate
        months = np.arange(
            self.cur_month - HISTORY_MONTHS, self.cur_month + CAPACITY_AHEAD_MONTHS + 1
        )
        first = _months_to_dates(months)
        workdays = np.busday_count(first, _months_to_dates(months + 1))
        cal_month = months % 12
        holiday = np.where(cal_month == 7, 5.0, np.where(cal_month == 11, 3.0, 0.0))
        cap = workdays[None, :] * fte[:, None] * availability[:, None]
        cap = cap - holiday[None, :] * internal[:, None]
        cap = np.round(cap * 2) / 2
        self.resources = res
        self.capacity_months = months
        self.capacity_days = cap
        r_idx = np.repeat(np.arange(m), len(months))
        m_idx = np.tile(np.arange(len(months)), m)
        return pd.DataFrame(
            {
                "resource": res["resource"].to_numpy()[r_idx],
                "month": first[m_idx],
                "team": res["team"].to_numpy()[r_idx],
                "role": res["role"].to_numpy()[r_idx],
                "sourcing": res["sourcing"].to_numpy()[r_idx],
                "capacity_days": cap[r_idx, m_idx],
                "day_rate": rate[r_idx],
            }
        )

    def _allocations(self) -> pd.DataFrame:
        """Planned days per resource, project and month.

        Each project needs a number of days per month (bigger budgets need more, peaking
        mid-project); the total is scaled to about 75 % of the team capacity around as_of and
        spread over 2–4 people, chosen from the project's preferred teams by lowest load. The
        project manager books a few days a month. Then a few people are deliberately
        over-allocated around as_of.
        """
        rng = self.rng_capacity
        res = self.resources
        months = self.capacity_months
        cap = self.capacity_days
        cur = self.cur_month - months[0]
        load = np.zeros_like(cap)
        names = res["resource"].to_numpy()
        teams = res["team"].to_numpy()
        by_team = {t: np.nonzero(teams == t)[0] for t in CAPACITY_TEAMS}
        by_name = {name: i for i, name in enumerate(names)}

        # Days each project needs per month (before scaling).
        needs: list[tuple[int, np.ndarray, np.ndarray]] = []
        for pi, p in enumerate(self.projects):
            lo = max(_month_index(p.start), months[0])
            hi = min(_month_index(p.forecast_end), months[-1])
            if hi < lo:
                continue
            mm = np.arange(lo - months[0], hi - months[0] + 1)
            if p.hold_date is not None:
                hold = _month_index(p.hold_date) - months[0]
                mm = mm[(mm <= hold) | (mm >= cur + 2)]
            if not len(mm):
                continue
            span = max(_month_index(p.forecast_end) - _month_index(p.start), 1)
            x = (months[mm] - _month_index(p.start)) / span
            shape = 0.6 + 0.8 * np.sin(np.pi * np.clip(x, 0, 1))
            needs.append((pi, mm, np.clip(p.budget / 1_000_000 * 12, 6, 40) * shape))
        delivery = np.concatenate([v for t, v in by_team.items() if t != "PMO"])
        demand_now = sum(float(d[m == cur].sum()) for _, m, d in needs)
        supply_now = float(cap[delivery, cur].sum())
        factor = float(np.clip(0.75 * supply_now / max(demand_now, 1.0), 0.2, 3.0))

        records: list[tuple[int, int, np.ndarray, np.ndarray]] = []
        for pi, mm, need in needs:
            p = self.projects[pi]
            total = need * factor
            n_members = int(np.clip(round(total.mean() / 8) + rng.integers(0, 2), 2, 4))
            split = rng.uniform(0.7, 1.3, n_members)
            split = split / split.sum()
            preferred = _TEAM_PREFERENCE.get(p.programme, ("Applications", "Data"))
            members: list[int] = []
            for share in split:
                days = np.round(total * share * 2) / 2
                best, best_score = -1, np.inf
                for t in preferred:
                    pool = np.array([i for i in by_team.get(t, ()) if i not in members], dtype=int)
                    if not len(pool):
                        continue
                    util = (load[pool][:, mm] + days) / np.maximum(cap[pool][:, mm], 1.0)
                    score = util.mean(axis=1) + rng.uniform(0, 0.1, len(pool))
                    k = int(np.argmin(score))
                    if score[k] <= 0.95:
                        best = int(pool[k])
                        break
                    if score[k] < best_score:
                        best, best_score = int(pool[k]), float(score[k])
                if best < 0:
                    continue
                members.append(best)
                load[best, mm] += days
                records.append((best, pi, mm, days))
            pm = by_name.get(p.project_manager)
            if pm is not None:
                days = np.full(len(mm), np.round(rng.uniform(1.5, 4.0) * 2) / 2)
                load[pm, mm] += days
                records.append((pm, pi, mm, days))
        r_idx = np.concatenate([np.full(len(m), r) for r, _, m, _ in records])
        p_idx = np.concatenate([np.full(len(m), pi) for _, pi, m, _ in records])
        m_idx = np.concatenate([m for _, _, m, _ in records])
        planned = np.concatenate([d for _, _, _, d in records]).astype(float)
        keep = planned > 0
        r_idx, p_idx, m_idx, planned = r_idx[keep], p_idx[keep], m_idx[keep], planned[keep]

        # Trim accidental over-allocation, then over-allocate a few people on purpose.
        totals = np.zeros_like(cap)
        np.add.at(totals, (r_idx, m_idx), planned)
        ratio = np.where(totals > cap, cap / np.maximum(totals, 1e-9), 1.0)[r_idx, m_idx]
        trimmed = ratio < 1.0
        planned = np.where(
            trimmed,
            np.floor(planned * ratio * rng.uniform(0.85, 1.0, len(planned)) * 2) / 2,
            planned,
        )
        keep = planned > 0
        r_idx, p_idx, m_idx, planned = r_idx[keep], p_idx[keep], m_idx[keep], planned[keep]

        near = (m_idx >= cur - 1) & (m_idx <= cur + 2)
        candidates = np.unique(r_idx[near & np.isin(teams[r_idx], ["PMO"], invert=True)])
        n_over = min(len(candidates), max(3, round(0.03 * len(res))))
        for r_i in rng.choice(candidates, size=n_over, replace=False) if n_over else ():
            for mj in range(cur - 1, cur + 3):
                rows = np.nonzero((r_idx == r_i) & (m_idx == mj))[0]
                if not len(rows):
                    continue
                target = cap[r_i, mj] * rng.uniform(1.15, 1.4)
                total = planned[rows].sum()
                if total < target:
                    planned[rows[0]] += np.ceil((target - total) * 2) / 2
        past = m_idx < cur
        actual = np.round(planned * rng.uniform(0.75, 1.15, len(planned)) * 2) / 2
        ids_p = np.array([p.project_id for p in self.projects], dtype=object)
        return pd.DataFrame(
            {
                "resource": names[r_idx],
                "project_id": ids_p[p_idx],
                "month": _months_to_dates(months[m_idx]),
                "planned_days": planned,
                "actual_days": np.where(past, actual, np.nan),
            }
        )

    # ------------------------------------------------------------------ contracts, demand

    def _contracts(self) -> pd.DataFrame:
        rng = self.rng_contracts
        n = self.size.contracts
        T = self.as_of
        day = timedelta(days=1)
        by_programme: dict[str, list[_Project]] = {}
        for p in self.projects:
            if p.phase != "Closed":
                by_programme.setdefault(p.programme, []).append(p)
        active = [p for p in self.projects if p.phase != "Closed"] or self.projects
        n_soon = max(3, round(0.1 * n))
        soon = set(rng.choice(n, size=min(n_soon, n), replace=False).tolist())
        rows = []
        for i in range(n):
            vendor, scope, programme, service, value_k = CONTRACT_VENDORS[i % len(CONTRACT_VENDORS)]
            lot = i // len(CONTRACT_VENDORS)
            if lot:
                scope = f"{scope} (lot {lot + 1})"
            project_id = None
            if programme is not None:
                pool = by_programme.get(programme) or active
                project_id = pool[int(rng.integers(len(pool)))].project_id
            start = _month_start(_month_index(T - day * int(rng.integers(60, 1500))))
            years = int(rng.choice([1, 2, 3, 4, 5], p=[0.15, 0.25, 0.3, 0.15, 0.15]))
            end = _shift_months(start, 12 * years) - day
            while end < T + 30 * day:  # renewed
                end = _shift_months(end + day, 12 * years) - day
            notice_days = int(rng.choice([90, 180]))
            if i in soon:
                end = T + day * (notice_days + int(rng.integers(7, 85)))
            notice = end - day * notice_days
            annual = round(value_k * 1000 * rng.uniform(0.7, 1.3), -3)
            years_elapsed = max((min(T, end) - start).days, 0) / 365.25
            spend = round(annual * years_elapsed * rng.uniform(0.85, 1.08), -2)
            sla_pct = round(85 + 15 * rng.beta(5, 2), 1)
            satisfaction = int(rng.choice(5, p=[0.02, 0.10, 0.30, 0.40, 0.18])) + 1
            if sla_pct < 90:
                satisfaction = min(satisfaction, 3)
            rows.append(
                (vendor, scope, project_id, service, start, end, annual, spend, sla_pct,
                 satisfaction, notice)
            )  # fmt: skip
        frame = pd.DataFrame(
            rows,
            columns=[
                "vendor",
                "scope",
                "project_id",
                "service",
                "start_date",
                "end_date",
                "annual_value",
                "spend_to_date",
                "sla_performance_pct",
                "satisfaction",
                "renewal_notice_date",
            ],
        )
        frame.insert(0, "contract_id", _ids("CTR-", n, 3))
        return frame

    def _demand(self) -> pd.DataFrame:
        rng = self.rng_demand
        r = random.Random(int(rng.integers(2**62)))
        n = self.size.demand
        T = self.as_of
        ages = np.sort(np.ceil(540 * rng.random(n) ** 1.6).astype(int))[::-1]  # recent-heavy
        starts = [(p.start, p) for p in self.projects if p.phase != "Closed"]
        requesters = self.people[-40:]  # business people rather than IT staff
        rows = []
        for i, age in enumerate(ages):
            submitted = T - timedelta(days=int(age))
            if age < 30:
                status = r.choices(["New", "Assessing"], [0.6, 0.4])[0]
            elif age < 120:
                status = r.choices(
                    ["New", "Assessing", "Approved", "Rejected", "Converted"],
                    [0.05, 0.4, 0.25, 0.15, 0.15],
                )[0]
            else:
                status = r.choices(
                    ["Assessing", "Approved", "Rejected", "Converted"], [0.05, 0.3, 0.2, 0.45]
                )[0]
            project_id = None
            if status == "Converted":
                later = [p for s, p in starts if s >= submitted + timedelta(days=14)]
                if later:
                    project_id = later[int(rng.integers(len(later)))].project_id
                else:
                    status = "Approved"
            department = r.choice(DEPARTMENTS)
            title = DEMAND_TITLES[i % len(DEMAND_TITLES)]
            if i >= len(DEMAND_TITLES):
                title = f"{title} – {department}"
            effort = float(np.clip(round(rng.lognormal(np.log(60), 0.9)), 5, 800))
            cost = round(effort * rng.uniform(650, 900) + rng.uniform(0, 50_000), -3)
            rows.append(
                (title, r.choice(requesters), department, submitted, status,
                 r.randint(1, 5), r.randint(1, 5), r.randint(1, 5), effort, cost, project_id)
            )  # fmt: skip
        frame = pd.DataFrame(
            rows,
            columns=[
                "title",
                "requester",
                "department",
                "submitted_date",
                "status",
                "value_score",
                "urgency",
                "risk_reduction",
                "effort_days",
                "cost_estimate",
                "project_id",
            ],
        )
        # Every status present when there are enough requests.
        if n >= 20:
            for k, status in enumerate(schema.DEMAND_STATUSES):
                if not (frame["status"] == status).any():
                    idx = len(frame) - 1 - k if status in ("New", "Assessing") else k
                    if status == "Converted":
                        continue
                    frame.loc[idx, "status"] = status
                    frame.loc[idx, "project_id"] = None
        frame.insert(0, "request_id", _ids("REQ-", n, 3))
        return frame


_EFFECTS = {
    "Technical": [
        "go-live slips by four to six weeks",
        "users face degraded performance after go-live",
        "manual workarounds are needed for critical processes",
    ],
    "Vendor": [
        "the release plan slips by a month",
        "costs rise because of change requests from the vendor",
        "knowledge is lost and onboarding restarts",
    ],
    "People": [
        "testing cannot be completed on time",
        "decisions are delayed and the team loses momentum",
        "adoption after go-live stays low",
    ],
    "Budget": [
        "the project exceeds its approved budget",
        "contingency is exhausted before go-live",
        "other projects must be deprioritised to fund the gap",
    ],
    "Security": [
        "sensitive data could be exposed",
        "an attacker could gain administrator rights",
        "the audit opinion is qualified",
    ],
    "Compliance": [
        "the company faces regulatory fines",
        "audit findings remain open another year",
        "the legal deadline is missed",
    ],
    "Schedule": [
        "the go-live date is missed",
        "the critical path shifts by several weeks",
        "dependent projects are delayed",
    ],
}


# --------------------------------------------------------------------------- conformance


def _conform(ds: schema.Dataset, frame: pd.DataFrame) -> pd.DataFrame:
    """Columns in schema order with the agreed dtypes."""
    n = len(frame)
    out: dict[str, pd.Series] = {}
    for col in ds.columns:
        if col.name in frame.columns:
            s = frame[col.name].reset_index(drop=True)
        else:
            s = pd.Series([None] * n, dtype="object")
        t = col.type
        if t in (ColumnType.TEXT, ColumnType.RAG):
            if not isinstance(s.dtype, pd.StringDtype):
                s = s.astype("object").where(s.notna(), None).astype("str")
        elif t is ColumnType.INTEGER:
            s = pd.to_numeric(s.astype("object"), errors="raise").astype("Int64")
        elif t in (ColumnType.NUMBER, ColumnType.MONEY, ColumnType.PERCENT):
            s = pd.to_numeric(s.astype("object")).astype("float64")
        elif t is ColumnType.DATE:
            s = pd.to_datetime(s).dt.normalize().astype("datetime64[us]")
        elif t is ColumnType.DATETIME:
            s = pd.to_datetime(s).astype("datetime64[us]")
        elif t is ColumnType.BOOLEAN:
            s = s.astype("boolean") if s.isna().any() else s.astype(bool)
        out[col.name] = s
    return pd.DataFrame(out, columns=list(ds.column_names))


# --------------------------------------------------------------------------- public API


def generate(
    scale: str = "demo", as_of: date | None = None, seed: int = SEED
) -> dict[str, pd.DataFrame]:
    """One DataFrame per dataset of the schema, for a believable IT department.

    ``scale`` is a key of :data:`SCALES`; ``as_of`` (default: today) anchors every date;
    the same arguments always give identical frames.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; known: {', '.join(SCALES)}")
    generator = _Generator(SCALES[scale], _as_date(as_of), int(seed))
    raw = generator.run()
    return {ds.name: _conform(ds, raw[ds.name]) for ds in schema.DATASETS}


@dataclass
class StreamedSample:
    """The sample with its tickets apart, to be written as they are made (``store.load_sample``).

    ``frames`` holds every dataset, tickets empty; ``ticket_chunks`` gives ``tickets`` rows in
    frames like ``generate``'s, once. With the scale's ``ticket_chunk`` None there is one
    chunk, and the sample is exactly ``generate``'s.
    """

    frames: dict[str, pd.DataFrame]
    tickets: int
    ticket_chunks: Iterator[pd.DataFrame]


def generate_streamed(
    scale: str = "demo",
    as_of: date | None = None,
    seed: int = SEED,
    chunk_rows: int | None = None,
) -> StreamedSample:
    """``generate``, with the tickets made ``chunk_rows`` at a time (default: the scale's
    ``ticket_chunk``) only as they are read, so a huge scale never holds them all."""
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; known: {', '.join(SCALES)}")
    return _streamed(SCALES[scale], as_of, seed, chunk_rows or SCALES[scale].ticket_chunk)


def _streamed(size: Scale, as_of: date | None, seed: int, chunk_rows: int | None) -> StreamedSample:
    generator = _Generator(size, _as_date(as_of), int(seed))
    raw = generator.run(tickets=False)
    frames = {ds.name: _conform(ds, raw[ds.name]) for ds in schema.DATASETS}
    tickets = schema.dataset("tickets")
    chunks = (
        _conform(tickets, chunk)
        for chunk in generator.ticket_chunks(raw["sla_targets"], chunk_rows)
    )
    return StreamedSample(frames, size.tickets, chunks)


def write_workbook(frames: dict[str, pd.DataFrame], path: str | PathLike[str]) -> None:
    """Write one sheet per dataset (sheet name = dataset name, header row = column names).

    Date columns become Excel dates (``yyyy-mm-dd``), datetime columns Excel date-times.
    Datasets of the schema come first, in schema order; any other frame follows.
    """
    order = [ds.name for ds in schema.DATASETS if ds.name in frames]
    order += [name for name in frames if name not in order]
    with pd.ExcelWriter(
        path,
        engine="openpyxl",
        date_format="yyyy-mm-dd",
        datetime_format="yyyy-mm-dd hh:mm:ss",
    ) as writer:
        for name in order:
            frame = frames[name]
            ds = schema.DATASETS_BY_NAME.get(name)
            if ds is not None:
                frame = frame.copy()
                for col in ds.columns:
                    if col.type is ColumnType.DATE and col.name in frame.columns:
                        values = pd.to_datetime(frame[col.name])
                        frame[col.name] = pd.Series(
                            [v.date() if not pd.isna(v) else None for v in values],
                            index=frame.index,
                            dtype="object",
                        )
            frame.to_excel(writer, sheet_name=name, index=False)
