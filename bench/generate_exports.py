"""Write realistic lead exports at any scale, deterministically, for the scale benchmarks.

    python -m bench.generate_exports --leads N --events M --out DIR [--seed 1] [--as-of 2026-11-20] [--day-offset K]
                                     [--gzip]

Six files, in the exact layouts the loader recognises (dagster_project/ingest/sources/*.yml):

| file                                  | layout                                                              |
|---------------------------------------|---------------------------------------------------------------------|
| hubspot_contacts_<day>.csv            | HubSpot UI export: UTF-8 with BOM, CRLF, display labels             |
| salesforce_api_leads_<day>.csv        | Data Loader CSV: API names, UTF-8, LF, ISO ...000Z timestamps       |
| webform_leads_<day>.csv               | semicolon-delimited, UTF-8, LF, quoted fields holding `;`           |
| x_education_leads_<day>.csv           | X Education layout: no emails, `Converted`, `Select`, CRLF          |
| activity_events_<day>.csv             | one row per event: event_id,occurred_at,email,crm_id,event_type,... |
| intent_surge_<day>.csv                | Week,Domain,Company Name,Topic,Topic Cluster,Composite Score,Bucket  |

`--leads N` is the number of lead rows over the four lead exports (HubSpot 35%, Salesforce 20%, web form
30%, X Education 15%); `--events M` the number of event rows. Both are exact. The people behind them
(about N / 1.6 of them, X Education's own prospects aside) overlap: the same person is in HubSpot, in
Salesforce and behind web-form submissions, with the email's case and spaces varying per export;
HubSpot and Salesforce carry a few duplicate records, web-form people submit again. Companies and
people are Zipf-like: a few companies and people have very many events, most have one to three.
Funnel: most people are cold, a few are hot (recent pricing views and demo requests), some are MQL,
SQL, opportunity or customer with CRM stages and dates; a few emails are free-mail, role, disposable
or malformed. The head companies are those of seeds/reference/companies.csv, so the offline
firmographic provider matches the biggest accounts.

History runs over the 180 days before `--as-of` and through that day. `--day-offset K` writes the
drop of day as-of + K instead: about 1% new leads (mostly new people, some updated records of
existing ones), about 1% of M new events, all dated on that day, in files whose names carry the day.
Intent is weekly: a day drop has an intent file only when its day is a Monday.

`--gzip` writes each file gzipped, as `<name>.csv.gz` (level 1, for speed: about a quarter of the disk
space, which matters at 10M leads / 200M events); the loader reads it as it is. It decompresses to
exactly the bytes the same arguments write without `--gzip`.

Everything is streamed in vectorised chunks (numpy for the draws, Arrow compute for the text), so
1M leads / 20M events take a few minutes and well under 1 GB of memory. Same arguments, same bytes
(gzipped too: the gzip header carries no timestamp).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import io
import sys
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

PROJECT_ROOT = Path(__file__).resolve().parents[1]
REFERENCE_COMPANIES = PROJECT_ROOT / "seeds" / "reference" / "companies.csv"
SITE = "https://www.signalpath.io"
HISTORY_DAYS = 180
DAY = 86_400
CHUNK_ROWS = 250_000
LEAD_SHARES = {"hubspot_contacts": 0.35, "salesforce_api_leads": 0.20, "webform_leads": 0.30, "x_education_leads": 0.15}
DAY_SHARE = 0.01  # a later day's drop: this share of N new lead rows and of M new events

# --- vocabularies ---------------------------------------------------------------------------------------
FIRST_NAMES = [
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Mason", "Harper", "Ethan", "Chloe", "Ryan", "Megan", "Derek",
    "Tessa", "Caleb", "Grant", "Nadia", "Owen", "Hannah", "Sophie", "Wesley", "Kira", "Dominic", "Jane",
    "Laura", "Daniel", "Michael", "Sarah", "David", "Emily", "James", "Anna", "Robert", "Julia", "Thomas",
    "Maria", "Peter", "Linda", "Jürgen", "Katrin", "Lukas", "Sabine", "Matthias", "Anja", "Felix", "Miriam",
    "Tobias", "Jana", "Élodie", "Julien", "Camille", "Mathieu", "Aurélie", "Théo", "Manon", "Hugo", "Mariana",
    "Andrés", "Lucía", "Santiago", "Valentina", "Camilo", "Rafael", "Paula", "João", "Beatriz", "Thiago",
    "Larissa", "Rodrigo", "Inês", "Sigrid", "Håkon", "Ingrid", "Eirik", "Priya", "Arjun", "Wei", "Mei",
    "Kenji", "Yuki", "Omar", "Leila", "Fatima", "Ahmed", "Chen", "Sanjay"
]
LAST_NAMES = [
    "Whitaker", "Callahan", "Brennan", "Okoro", "Lindqvist", "Marsh", "Delgado", "Haworth", "Pruitt",
    "Abernathy", "Nguyen", "Patel", "Sorensen", "Fairbanks", "Quinlan", "Ashby", "Greer", "Vance", "Smith",
    "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Moore",
    "Martin", "Weber", "Krüger", "Hoffmann", "Schäfer", "Brandt", "Vogel", "Lindner", "Haas", "Böhm",
    "Ziegler", "Lefèvre", "Moreau", "Girard", "Rousseau", "Fontaine", "Chevalier", "Bonnet", "Gómez",
    "Restrepo", "Martínez", "Ortiz", "Herrera", "Vargas", "Castaño", "Albuquerque", "Ferreira", "Costa",
    "Moura", "Azevedo", "Solberg", "Haugen", "Bakke", "Dahl", "Sharma", "Gupta", "Tanaka", "Suzuki", "Kim",
    "Park", "Hassan", "Rahman", "Cohen", "Novak", "Kowalski", "Rossi", "Bianchi"
]
LEVELS = ["exec", "director", "manager", "ic", "other"]
TITLES = {
    "exec": ["Chief Marketing Officer", "Chief Revenue Officer", "CEO & Co-Founder", "VP of Marketing", "VP Sales"],
    "director": ["Director of Demand Generation", "Head of Revenue Operations", "Director, Marketing Operations",
                 "Head of Growth", "Sales Director EMEA"],
    "manager": ["Marketing Operations Manager", "CRM Manager", "Demand Gen Manager", "BI Manager", "Sales Manager"],
    "ic": ["Marketing Specialist", "Data Analyst", "Analytics Engineer", "Sales Development Representative",
           "Marketing Coordinator"],
    "other": ["Student", "Consultant", "Intern", ""],
}
LOCAL_TITLES = {  # web forms of a European tool: titles in the person's language (exec, director, manager, ic)
    "de": ["Geschäftsführer", "Leiter Vertrieb", "Teamleiterin Marketing", "Sachbearbeiter Vertrieb"],
    "fr": ["Directrice Marketing", "Responsable Marketing Opérationnel", "Chef de projet CRM", "Chargée de marketing"],
    "es": ["Directora General", "Jefe de Ventas", "Gerente de Marketing", "Analista de Datos"],
}
# code, name, dial, tld, legal suffix, locale, weight, cities, spellings a web form sees
COUNTRIES = [
    ("US", "United States", "+1", ".com", "Inc.", "en", 52, ["New York", "Austin", "Chicago", "Boston", "Denver", "Seattle"],
     ["United States", "US", "USA"]),
    ("GB", "United Kingdom", "+44", ".co.uk", "Ltd", "en", 9, ["London", "Manchester", "Leeds"], ["United Kingdom", "UK", "GB"]),
    ("DE", "Germany", "+49", ".de", "GmbH", "de", 9, ["Berlin", "München", "Hamburg", "Köln"], ["Germany", "DE", "Deutschland"]),
    ("FR", "France", "+33", ".fr", "SAS", "fr", 5, ["Paris", "Lyon", "Toulouse"], ["France", "FR"]),
    ("CA", "Canada", "+1", ".ca", "Inc.", "en", 5, ["Toronto", "Montréal", "Vancouver"], ["Canada", "CA"]),
    ("CH", "Switzerland", "+41", ".ch", "AG", "de", 3, ["Zürich", "Basel", "Genève"], ["Switzerland", "CH", "Schweiz"]),
    ("ES", "Spain", "+34", ".es", "S.L.", "es", 3, ["Madrid", "Barcelona", "Valencia"], ["Spain", "España", "ES"]),
    ("NL", "Netherlands", "+31", ".nl", "B.V.", "en", 3, ["Amsterdam", "Rotterdam"], ["Netherlands", "NL"]),
    ("BR", "Brazil", "+55", ".com.br", "Ltda.", "en", 3, ["São Paulo", "Rio de Janeiro"], ["Brazil", "BR", "Brasil"]),
    ("AU", "Australia", "+61", ".com.au", "Pty Ltd", "en", 3, ["Sydney", "Melbourne"], ["Australia", "AU"]),
    ("IN", "India", "+91", ".in", "Pvt Ltd", "en", 3, ["Bengaluru", "Mumbai", "Pune"], ["India", "IN"]),
    ("SG", "Singapore", "+65", ".sg", "Pte Ltd", "en", 2, ["Singapore"], ["Singapore", "SG"]),
    ("IE", "Ireland", "+353", ".ie", "Ltd", "en", 1, ["Dublin", "Cork"], ["Ireland", "IE"]),
    ("NO", "Norway", "+47", ".no", "AS", "en", 1, ["Oslo", "Bergen"], ["Norway", "NO", "Norge"]),
    ("PT", "Portugal", "+351", ".pt", "Lda.", "en", 1, ["Lisbon", "Porto"], ["Portugal", "PT"]),
    ("CO", "Colombia", "+57", ".co", "S.A.S.", "es", 1, ["Bogotá", "Medellín"], ["Colombia", "CO"]),
]
INDUSTRIES = [  # HubSpot label, Salesforce picklist, weight
    ("Computer Software", "Technology", 18), ("Information Technology and Services", "Technology", 12),
    ("Financial Services", "Finance", 8), ("Marketing and Advertising", "Media", 6), ("Hospital & Health Care", "Healthcare", 6),
    ("Retail", "Retail", 5), ("Logistics and Supply Chain", "Shipping", 5), ("Insurance", "Insurance", 4),
    ("Industrial Automation", "Manufacturing", 5), ("Biotechnology", "Biotechnology", 3), ("E-Learning", "Education", 3),
    ("Telecommunications", "Telecommunications", 3), ("Management Consulting", "Consulting", 4), ("Internet", "Technology", 5),
    ("Construction", "Construction", 3), ("Food & Beverages", "Food & Beverage", 3), ("Staffing and Recruiting", "Consulting", 3),
    ("Oil & Energy", "Energy", 2), ("Computer & Network Security", "Technology", 2),
]
NAME_PREFIX = [
    "Blue", "Red", "Green", "North", "South", "East", "West", "Silver", "Golden", "Iron", "Stone", "River",
    "Lake", "Bright", "Clear", "Swift", "Quiet", "Bold", "True", "Prime", "Cedar", "Maple", "Pine", "Oak",
    "Birch", "Willow", "Aspen", "Alder", "Summit", "Harbor", "Canyon", "Meadow", "Prairie", "Coral", "Amber",
    "Ivory", "Cobalt", "Crimson", "Azure", "Falcon", "Eagle", "Heron", "Otter", "Fox", "Wolf", "Lynx",
    "Raven", "Sparrow", "Orion", "Vega", "Nova", "Polar", "Solar", "Lunar", "Atlas", "Apex", "Vertex"
]
NAME_ROOT = [
    "field", "bridge", "works", "point", "path", "line", "gate", "wave", "stream", "forge", "yard", "labs",
    "logic", "metrics", "data", "systems", "soft", "ware", "cloud", "grid", "ledger", "signal", "vector",
    "scale", "spark", "pulse", "beam", "core", "nest", "mark", "craft", "view", "bay", "ridge", "crest",
    "hill", "vale", "port", "dock", "mill", "loom", "wing", "leaf", "root", "seed", "bloom", "tide", "shore",
    "peak", "rock", "well", "spring", "brook", "haven", "wharf", "trail", "quest"
]
FREE_DOMAINS = [
    "gmail.com", "gmail.com", "gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "gmx.de", "web.de"
]
ROLE_LOCALS = ["info", "sales", "contact", "marketing", "hello", "office"]
STAGES = ["cold", "warm", "hot", "mql", "sql", "opportunity", "customer", "disqualified", "unsubscribed"]
COLD, WARM, HOT, MQL, SQL, OPP, CUSTOMER, DISQUALIFIED, UNSUBSCRIBED = range(len(STAGES))
STAGE_P = [0.50, 0.22, 0.06, 0.06, 0.05, 0.04, 0.03, 0.03, 0.01]
NEW_PEOPLE_STAGE_P = [0.62, 0.25, 0.06, 0.03, 0.01, 0.0, 0.0, 0.02, 0.01]  # a day's new people are early in the funnel
LEVEL_P = {  # exec, director, manager, ic, other per stage (as in seeds/make_samples.py)
    COLD: (1, 2, 4, 6, 2), WARM: (1, 3, 4, 4, 1), HOT: (3, 5, 2, 1, 0), MQL: (1, 3, 3, 2, 0), SQL: (2, 4, 2, 0, 0),
    OPP: (3, 4, 1, 0, 0), CUSTOMER: (3, 4, 1, 0, 0), DISQUALIFIED: (0, 1, 2, 3, 4), UNSUBSCRIBED: (1, 1, 3, 3, 1),
}
EVENT_TYPES = ["page_view", "email_open", "email_click", "content_download", "pricing_page_view", "form_submit",
               "webinar_attended", "demo_request", "unsubscribe", "email_bounce", "sales_email_sent", "call_logged",
               "meeting_booked"]
(PAGE_VIEW, EMAIL_OPEN, EMAIL_CLICK, DOWNLOAD, PRICING, FORM_SUBMIT, WEBINAR, DEMO, UNSUBSCRIBE, BOUNCE,
 SALES_EMAIL, CALL, MEETING) = range(len(EVENT_TYPES))
SALES_TOUCHES = (SALES_EMAIL, CALL, MEETING)
_BASE_MIX = [38, 26, 10, 6, 3, 1.5, 0.7, 0.05, 0.0, 0.0, 0, 0, 0]
EVENT_MIX = {  # event-type weights per stage; sales touches only for people with an owner, bounces only for bounced
    COLD: _BASE_MIX,
    WARM: [36, 26, 12, 8, 4, 2, 1, 0.1, 0, 0, 0.5, 0.3, 0],
    HOT: [30, 18, 10, 7, 14, 3, 1.5, 2.5, 0, 0, 1, 0.8, 0.2],
    MQL: [32, 22, 10, 7, 6, 2, 1, 0.6, 0, 0, 3, 2, 0.3],
    SQL: [28, 18, 9, 6, 7, 2, 1, 2, 0, 0, 6, 5, 2],
    OPP: [26, 16, 8, 5, 6, 1, 1, 1, 0, 0, 8, 7, 4],
    CUSTOMER: [30, 24, 10, 5, 3, 1, 1, 0.2, 0, 0, 4, 3, 1.5],
    DISQUALIFIED: [36, 28, 8, 4, 1, 1, 0.3, 0, 0, 0, 3, 3, 0],
    UNSUBSCRIBED: [34, 30, 6, 3, 1, 0.5, 0.2, 0, 3, 0, 0, 0, 0],
}
EVENT_RATE = [0.5, 2.0, 6.0, 3.0, 4.0, 4.0, 3.0, 0.6, 0.4]  # per-stage activity multiplier
PAGES = ["/", "/product/scoring", "/product/sync", "/blog/mql-vs-sql", "/blog/intent-data-101", "/customers",
         "/integrations/hubspot", "/docs/quickstart"]
CAMPAIGNS = [
    "nl-2026-09", "nl-2026-10", "2026-ebook-scoring", "2026-q4-demo", "webinar-2026-11-scoring",
    "nurture-track-b"
]
FORMS = [("Demo Request", "google", "cpc", "2026-q4-demo"), ("Ebook: Lead Scoring Playbook", "linkedin", "paid_social",
         "2026-ebook-scoring"), ("Contact Sales", "", "", ""), ("Newsletter Signup", "newsletter", "email", "nl-2026-10"),
         ("Pricing Inquiry", "google", "organic", ""), ("Webinar Registration", "partner_reseller", "referral",
         "webinar-2026-11-scoring")]
TOPICS = [("Lead Scoring", "Marketing Technology"), ("Marketing Automation", "Marketing Technology"),
          ("Customer Data Platform", "Data Management"), ("Sales Intelligence", "Sales"), ("Revenue Operations", "Sales"),
          ("Data Warehousing", "Data Management")]

HS_HEADER = [
    "Record ID", "First Name", "Last Name", "Email", "Phone Number", "Company Name", "Website URL",
    "Job Title", "Country/Region", "Industry", "Number of Employees", "Annual Revenue", "Lifecycle Stage",
    "Lead Status", "Create Date", "Became a Lead Date", "Became a Marketing Qualified Lead Date",
    "Became a Sales Qualified Lead Date", "Became an Opportunity Date", "Became a Customer Date",
    "Contact owner", "Original Source", "Unsubscribed from all email", "HubSpot Score", "Last Activity Date",
    "Budget", "Authority", "Need", "Timeline"
]
HS_LIFECYCLE = [
    "Subscriber", "Lead", "Marketing Qualified Lead", "Sales Qualified Lead", "Opportunity", "Customer"
]
HS_STATUS = [
    "", "New", "Open", "In Progress", "Open Deal", "Unqualified", "Attempted to Contact", "Connected",
    "Bad Timing"
]
HS_STATUS_BY_STAGE = {COLD: [1, 1, 0], WARM: [2, 6, 1], HOT: [1, 6, 7], MQL: [1, 2], SQL: [3], OPP: [4], CUSTOMER: [7],
                      DISQUALIFIED: [5], UNSUBSCRIBED: [8, 0]}
HS_SOURCES = [
    "Organic Search", "Paid Search", "Direct Traffic", "Social Media", "Referrals", "Email Marketing",
    "Offline Sources"
]
SF_HEADER = [
    "Id", "FirstName", "LastName", "Company", "Email", "Title", "LeadSource", "Status", "Rating", "Industry",
    "NumberOfEmployees", "AnnualRevenue", "CreatedDate", "IsConverted", "ConvertedDate", "OwnerId",
    "HasOptedOutOfEmail", "Phone", "Country", "Website"
]
SF_STATUS = ["Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"]
SF_STATUS_BY_STAGE = [0, 1, 1, 0, 1, 2, 2, 3, 0]
SF_RATING = ["", "Hot", "Warm", "Cold"]
SF_RATING_BY_STAGE = [3, 2, 1, 2, 1, 1, 2, 0, 0]
SF_SOURCES = [
    "Web", "Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Trade Show", "Webinar", "Other"
]
WF_HEADER = [
    "submitted_at", "email", "first_name", "last_name", "company", "job_title", "phone", "country", "website",
    "form_name", "utm_source", "utm_medium", "utm_campaign", "consent_marketing"
]
EV_HEADER = ["event_id", "occurred_at", "email", "crm_id", "event_type", "actor", "url", "campaign"]
IN_HEADER = ["Week", "Domain", "Company Name", "Topic", "Topic Cluster", "Composite Score", "Bucket Code"]
XE_HEADER = [
    "Prospect ID", "Lead Number", "Lead Origin", "Lead Source", "Do Not Email", "Do Not Call", "Converted",
    "TotalVisits", "Total Time Spent on Website", "Page Views Per Visit", "Last Activity", "Country",
    "Specialization", "How did you hear about X Education", "What is your current occupation",
    "What matters most to you in choosing a course", "Search", "Magazine", "Newspaper Article",
    "X Education Forums", "Newspaper", "Digital Advertisement", "Through Recommendations",
    "Receive More Updates About Our Courses", "Tags", "Lead Quality", "Update me on Supply Chain Content",
    "Get updates on DM Content", "Lead Profile", "City", "Asymmetrique Activity Index",
    "Asymmetrique Profile Index", "Asymmetrique Activity Score", "Asymmetrique Profile Score",
    "I agree to pay the amount through cheque", "A free copy of Mastering The Interview",
    "Last Notable Activity"
]
# X Education columns: (converted spec, not-converted spec); "value:weight|..." as in seeds/make_samples.py
XE_SPECS = {
    "Lead Origin": ("Landing Page Submission:5|API:4|Lead Add Form:2|Lead Import:.3",
                    "Landing Page Submission:5|API:4|Lead Add Form:.5|Lead Import:.3"),
    "Lead Source": ("Google:30|Direct Traffic:26|Olark Chat:18|Organic Search:12|Reference:8|Welingak Website:2|google:1|bing:.5|Facebook:1|:.5",
                    "Google:30|Direct Traffic:26|Olark Chat:18|Organic Search:12|Reference:2|Welingak Website:2|google:1|bing:.5|Facebook:1|:.5"),
    "Do Not Email": ("No:9|Yes:1", "No:9|Yes:1"),
    "TotalVisits": ("0:10|1:5|2:18|3:14|4:12|5:10|6:7|8:5|11:3|:2", "0:22|1:5|2:18|3:14|4:12|5:8|6:5|8:3|11:2|:2"),
    "Last Activity": (("Email Opened:35|SMS Sent:27|Olark Chat Conversation:10|Page Visited on Website:7|"
                       "Converted to Lead:4|Email Bounced:3|Email Link Clicked:3|Unreachable:1|Unsubscribed:1|:1"),
                      ("Email Opened:35|SMS Sent:15|Olark Chat Conversation:10|Page Visited on Website:7|"
                       "Converted to Lead:4|Email Bounced:3|Email Link Clicked:3|Unreachable:1|Unsubscribed:1|:1")),
    "Country": ("India:70|:24|United States:2|United Arab Emirates:2|Singapore:1",) * 2,
    "Specialization": (("Select:20|:15|Finance Management:11|Human Resource Management:9|Marketing Management:9|"
                        "Operations Management:5|Business Administration:4|IT Projects Management:4|"
                        "Supply Chain Management:4"),) * 2,
    "How did you hear about X Education": ("Select:55|:24|Online Search:9|Word Of Mouth:4|Student of SomeSchool:3|Other:2",) * 2,
    "What is your current occupation": ("Working Professional:20|Unemployed:55|:20|Student:5",
                                        "Unemployed:62|:31|Student:3|Working Professional:2"),
    "What matters most to you in choosing a course": ("Better Career Prospects:70|:29",) * 2,
    "Search": ("No:99|Yes:1",) * 2,
    "Tags": ("Will revert after reading the email:6|Closed by Horizzon:3|:3",
             ":5|Ringing:4|Interested in other courses:2|Already a student:2|switched off:1|Busy:1|Lost to EINS:1"),
    "Lead Quality": ("High in Relevance:3|Might be:3|:4", ":5|Not Sure:2|Worst:2|Low in Relevance:2|Might be:1"),
    "Lead Profile": ("Potential Lead:5|Select:3|:2", "Select:5|:3|Other Leads:1|Student of SomeSchool:1"),
    "City": ("Mumbai:35|Select:24|:15|Thane & Outskirts:8|Other Cities:7|Other Cities of Maharashtra:5|Other Metro Cities:4",) * 2,
    "Asymmetrique Activity Index": (":45|01.High:2|02.Medium:8|03.Low:1",) * 2,
    "Asymmetrique Profile Index": (":45|01.High:5|02.Medium:6|03.Low:1",) * 2,
    "A free copy of Mastering The Interview": ("No:7|Yes:3",) * 2,
    "Last Notable Activity": (("Modified:35|Email Opened:30|SMS Sent:25|Page Visited on Website:4|"
                               "Olark Chat Conversation:3|Email Link Clicked:2|Email Bounced:1|Unsubscribed:1|"
                               "Had a Phone Conversation:1"),
                              ("Modified:35|Email Opened:30|SMS Sent:10|Page Visited on Website:4|"
                               "Olark Chat Conversation:3|Email Link Clicked:2|Email Bounced:1|Unsubscribed:1|"
                               "Had a Phone Conversation:1")),
}


# --- small helpers --------------------------------------------------------------------------------------
def ascii_fold(text: str) -> str:
    text = text.replace("ø", "o").replace("ß", "ss").replace("å", "a").replace("Å", "A")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii()).lower().replace(" ", "")


def rng_for(seed: int, *keys: int) -> np.random.Generator:
    """An independent stream per (seed, part, day): parts never shift each other's draws."""
    return np.random.default_rng(np.random.SeedSequence([seed, *keys]))


def strings(values: Sequence[str]) -> pa.Array:
    return pa.array(list(values), type=pa.string())


def take(vocab: pa.Array, index: np.ndarray) -> pa.Array:
    return vocab.take(pa.array(np.asarray(index, dtype=np.int64)))


def join(*parts) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def blank_where(values: pa.Array, mask: np.ndarray) -> pa.Array:
    return pc.if_else(pa.array(mask), pa.scalar("", pa.string()), values)


def as_text(numbers: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """Integers as text; '' where mask is true."""
    arr = pc.cast(pa.array(np.asarray(numbers, dtype=np.int64)), pa.string())
    return blank_where(arr, mask) if mask is not None else arr


def zero_pad(numbers: np.ndarray, width: int) -> pa.Array:
    return pc.utf8_lpad(as_text(numbers), width=width, padding="0")


def fmt_time(seconds: np.ndarray, fmt: str) -> pa.Array:
    """Unix seconds formatted; a negative value (no date) becomes ''."""
    seconds = np.asarray(seconds, dtype=np.int64)
    arr = pa.array(seconds, type=pa.timestamp("s"), mask=seconds < 0)
    return pc.fill_null(pc.strftime(arr, format=fmt), "")


def weighted(spec: str) -> tuple[list[str], np.ndarray]:
    values, weights = zip(*(item.rsplit(":", 1) for item in spec.split("|")))
    w = np.array([float(x) for x in weights])
    return list(values), w / w.sum()


def pick(rng: np.random.Generator, n: int, p: Sequence[float]) -> np.ndarray:
    """n draws of an index with probabilities p (vectorised inverse CDF)."""
    cdf = np.cumsum(np.asarray(p, dtype=np.float64))
    cdf /= cdf[-1]
    return np.minimum(np.searchsorted(cdf, rng.random(n), side="right"), len(cdf) - 1)


def top_k(rng: np.random.Generator, weights: np.ndarray, k: int) -> np.ndarray:
    """k distinct indices drawn with probability proportional to weights (Efraimidis-Spirakis), sorted."""
    k = min(k, int((weights > 0).sum()))
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    keys = np.log(rng.random(len(weights))) / np.where(weights > 0, weights, 1e-300)
    chosen = np.argpartition(-keys, k - 1)[:k] if k < len(weights) else np.arange(len(weights))
    return np.sort(chosen)


def sfid(prefix: str, numbers: np.ndarray) -> pa.Array:
    """18-character Salesforce ids: a 9-character prefix, 6 base-62 digits, the case-checksum suffix."""
    alphabet = np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", dtype=np.uint8)
    numbers = (np.asarray(numbers, dtype=np.int64) * 48271 + 1013) % 62**6  # a bijection: ids look random
    codes = np.empty((len(numbers), 18), dtype=np.uint8)
    codes[:, :9] = np.frombuffer(prefix.encode(), dtype=np.uint8)
    for position in range(14, 8, -1):
        codes[:, position] = alphabet[numbers % 62]
        numbers //= 62
    upper = (codes[:, :15] >= ord("A")) & (codes[:, :15] <= ord("Z"))
    suffix = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", dtype=np.uint8)
    for group in range(3):
        bits = (upper[:, group * 5:group * 5 + 5] * (1 << np.arange(5))).sum(axis=1)
        codes[:, 15 + group] = suffix[bits]
    return pc.cast(pa.array(codes.view("S18").ravel(), type=pa.binary()), pa.string())


def uuid4s(rng: np.random.Generator, n: int) -> pa.Array:
    raw = rng.integers(0, 256, size=(n, 16), dtype=np.uint8)
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    hexchars = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
    nibbles = np.empty((n, 32), dtype=np.uint8)
    nibbles[:, 0::2], nibbles[:, 1::2] = raw >> 4, raw & 0x0F
    out = np.full((n, 36), ord("-"), dtype=np.uint8)
    for start, stop, at in ((0, 8, 0), (8, 12, 9), (12, 16, 14), (16, 20, 19), (20, 32, 24)):
        out[:, at:at + stop - start] = hexchars[nibbles[:, start:stop]]
    return pc.cast(pa.array(out.view("S36").ravel(), type=pa.binary()), pa.string())


def hex_ids(prefix: str, numbers: np.ndarray) -> pa.Array:
    """prefix + 12 lower-case hex digits of each number (< 2**48)."""
    hexchars = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
    width = len(prefix) + 12
    out = np.empty((len(numbers), width), dtype=np.uint8)
    out[:, :len(prefix)] = np.frombuffer(prefix.encode(), dtype=np.uint8)
    numbers = np.asarray(numbers, dtype=np.int64).copy()
    for position in range(width - 1, len(prefix) - 1, -1):
        out[:, position] = hexchars[numbers & 15]
        numbers >>= 4
    return pc.cast(pa.array(out.view(f"S{width}").ravel(), type=pa.binary()), pa.string())


def email_variant(rng: np.random.Generator, emails: pa.Array, rate: float) -> pa.Array:
    """The same address as a careless export writes it: other case, stray spaces (about `rate` of rows)."""
    n = len(emails)
    style = np.where(rng.random(n) < rate, rng.integers(1, 5, n), 0).astype(np.int8)
    if not style.any():
        return emails
    capitalised = pc.utf8_capitalize(emails)
    return pc.choose(pa.array(style), emails, pc.utf8_upper(emails), capitalised,
                     join(" ", capitalised, " "), join(emails, " "))


# --- CSV writing ----------------------------------------------------------------------------------------
class CsvWriter:
    """Append column chunks to a CSV file; quoting as Python's csv module (minimal), built in Arrow.

    A path ending in `.gz` is written gzipped (level 1, for speed), with mtime 0 in its header so the
    same arguments still give the same bytes.
    """

    def __init__(self, path: Path, header: list[str], *, delimiter: str = ",", eol: str = "\n", bom: bool = False,
                 quoted: Sequence[str] = ()):
        self.path, self.header, self.delimiter, self.eol = path, header, delimiter, eol
        self.quoted = {header.index(name) for name in quoted}
        self.rows = 0
        if path.name.endswith(".gz"):
            self.handle = gzip.GzipFile(path, "wb", compresslevel=1, mtime=0)
        else:
            self.handle = open(path, "wb")  # noqa: SIM115 - open across chunks, closed by close()
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter, lineterminator=eol).writerow(header)
        self.handle.write((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8"))

    def _quote(self, column: pa.Array) -> pa.Array:
        needs = None
        for char in (self.delimiter, '"', "\n", "\r"):
            hit = pc.match_substring(column, char)
            needs = hit if needs is None else pc.or_(needs, hit)
        if not pc.any(needs).as_py():
            return column
        return pc.if_else(needs, join('"', pc.replace_substring(column, '"', '""'), '"'), column)

    def write(self, columns: list[pa.Array]) -> None:
        assert len(columns) == len(self.header), (self.path.name, len(columns), len(self.header))
        n = len(columns[0])
        if n == 0:
            return
        cells = []
        for index, column in enumerate(columns):
            column = pc.fill_null(column, "")
            cells.append(self._quote(column) if index in self.quoted else column)
        lines = pc.binary_join_element_wise(*cells, self.delimiter) if len(cells) > 1 else cells[0]
        lines = join(lines, pa.scalar(self.eol))
        width = np.int64 if lines.type == pa.large_string() else np.int32
        offsets = np.frombuffer(lines.buffers()[1], dtype=width)[lines.offset:lines.offset + n + 1]
        self.handle.write(memoryview(lines.buffers()[2])[offsets[0]:offsets[-1]])
        self.rows += n

    def close(self) -> None:
        self.handle.close()


# --- the world: companies and people --------------------------------------------------------------------
@dataclass
class Companies:
    n: int
    name: pa.Array
    domain: pa.Array
    industry: np.ndarray
    employees: np.ndarray
    revenue: np.ndarray
    country: np.ndarray
    city: pa.Array
    pattern: np.ndarray  # email pattern: 0 first.last, 1 flast, 2 first, 3 first_last
    weight: np.ndarray  # Zipf-like share of people


def build_companies(rng: np.random.Generator, n: int) -> Companies:
    with open(REFERENCE_COMPANIES, encoding="utf-8", newline="") as handle:
        reference = list(csv.DictReader(handle))
    n = max(n, len(reference) + 10)
    codes = [c[0] for c in COUNTRIES]
    industry_labels = [i[0].lower() for i in INDUSTRIES]
    head = len(reference)
    k = n - head
    order = rng.permutation(k)
    a, b = order % len(NAME_PREFIX), (order // len(NAME_PREFIX)) % len(NAME_ROOT)
    series = order // (len(NAME_PREFIX) * len(NAME_ROOT))
    country = np.empty(n, dtype=np.int64)
    country[:head] = [codes.index(r["country_code"]) if r["country_code"] in codes else 0 for r in reference]
    country[head:] = pick(rng, k, [c[6] for c in COUNTRIES])
    prefix, root = take(strings(NAME_PREFIX), a), take(strings(NAME_ROOT), b)
    number = blank_where(join(" ", as_text(series + 1)), series == 0)
    stem = join(prefix, root, number)
    legal = take(strings([c[4] for c in COUNTRIES]), country[head:])
    generated_names = join(pc.utf8_capitalize(pc.utf8_lower(join(prefix, root))), number, " ", legal)
    slug = pc.utf8_lower(pc.replace_substring(stem, " ", ""))
    generated_domains = join(slug, take(strings([c[3] for c in COUNTRIES]), country[head:]))
    name = pa.concat_arrays([strings([r["company_name"] for r in reference]), generated_names])
    domain = pa.concat_arrays([strings([r["domain"] for r in reference]), generated_domains])
    industry = np.empty(n, dtype=np.int64)
    industry[:head] = [industry_labels.index(r["industry"].lower()) if r["industry"].lower() in industry_labels else 0
                       for r in reference]
    industry[head:] = pick(rng, k, [i[2] for i in INDUSTRIES])
    employees = np.empty(n, dtype=np.int64)
    employees[:head] = [int(r["employee_count"]) for r in reference]
    employees[head:] = np.clip(rng.lognormal(4.6, 1.5, k), 2, 250_000).astype(np.int64)
    revenue = np.empty(n, dtype=np.int64)
    revenue[:head] = [int(float(r["annual_revenue_usd"])) for r in reference]
    revenue[head:] = (employees[head:] * rng.lognormal(np.log(180_000), 0.6, k)).astype(np.int64) // 1000 * 1000
    cities = [c[7] for c in COUNTRIES]
    city_index = np.array([sum(len(x) for x in cities[:i]) for i in range(len(cities))])
    city_pick = city_index[country[head:]] + (rng.integers(0, 1 << 30, k) % np.array([len(x) for x in cities])[country[head:]])
    city = pa.concat_arrays([strings([r["city"] for r in reference]),
                             take(strings([c for x in cities for c in x]), city_pick)])
    rank = np.arange(n, dtype=np.float64)
    weight = 1.0 / (rank + 5.0) ** 1.05
    return Companies(n, name, domain, industry, employees, revenue, country, city,
                     pick(rng, n, [0.5, 0.2, 0.1, 0.2]), weight / weight.sum())


@dataclass
class People:
    """Per person: arrays indexed by person number (base people first, then a day's new people)."""

    n: int
    company: np.ndarray
    first: np.ndarray
    last: np.ndarray
    level: np.ndarray
    title: np.ndarray
    stage: np.ndarray
    created: np.ndarray
    mql: np.ndarray
    sql: np.ndarray
    opp: np.ndarray
    won: np.ndarray
    owner: np.ndarray
    mailkind: np.ndarray  # 0 business, 1 free, 2 role, 3 disposable, 4 malformed
    bounced: np.ndarray
    opted_out: np.ndarray
    phone: np.ndarray
    activity: np.ndarray
    mail_draws: np.ndarray  # (n, 4): free-mail domain, free-mail number, role word, malformed style
    owner_draw: np.ndarray
    email: pa.Array = field(default=None)
    hs_id: np.ndarray = field(default=None)
    sf_number: np.ndarray = field(default=None)
    in_hubspot: np.ndarray = field(default=None)
    in_salesforce: np.ndarray = field(default=None)


def draw_people(rng: np.random.Generator, n: int, companies: Companies, start: int, end: int,
                stage_p: Sequence[float], recent: bool = False) -> People:
    """n people. `recent`: created within [start, end) (a day's new people), else over the history."""
    stage = pick(rng, n, stage_p)
    company = pick(rng, n, companies.weight)
    level = np.empty(n, dtype=np.int64)
    for s, weights in LEVEL_P.items():
        at = np.flatnonzero(stage == s)
        level[at] = pick(rng, len(at), weights)
    title_offsets = np.cumsum([0] + [len(TITLES[lv]) for lv in LEVELS])[:-1]
    title_counts = np.array([len(TITLES[lv]) for lv in LEVELS])
    title = title_offsets[level] + rng.integers(0, 1 << 30, n) % title_counts[level]
    span = end - start
    if recent:
        created = start + (rng.random(n) * span).astype(np.int64)
    else:
        late = np.where(np.isin(stage, [OPP, CUSTOMER]), 0.55, 0.96)
        created = start + (rng.random(n) * late * span).astype(np.int64)
    hours = lambda lo, hi: (rng.uniform(lo, hi, n) * 3600).astype(np.int64)
    none = np.full(n, -1, dtype=np.int64)
    has_mql = np.isin(stage, [MQL, HOT, SQL, OPP, CUSTOMER]) | ((stage == WARM) & (rng.random(n) < 0.3))
    mql = np.where(has_mql, np.maximum(created, np.minimum(created + hours(72, 720), end - 6 * DAY)), none)
    recent_hot = (stage == HOT) & (rng.random(n) < 0.5)
    mql = np.where(recent_hot, np.maximum(created, end - hours(72, 336)), mql)
    has_sql = np.isin(stage, [SQL, OPP, CUSTOMER])
    sql = np.where(has_sql, np.maximum(mql, np.minimum(mql + hours(48, 432), end - 3 * DAY)), none)
    has_opp = np.isin(stage, [OPP, CUSTOMER])
    opp = np.where(has_opp, np.maximum(sql, np.minimum(sql + hours(24, 288), end - 2 * DAY)), none)
    won = np.where(stage == CUSTOMER, np.maximum(opp, np.minimum(opp + hours(336, 1080), end - DAY)), none)
    if recent:  # a new person's dates all fall within the day
        for dates in (mql, sql, opp, won):
            dates[dates >= 0] = np.clip(dates[dates >= 0], created[dates >= 0], end - 1)
    owned = np.isin(stage, [SQL, OPP, CUSTOMER, DISQUALIFIED]) | (has_mql & (rng.random(n) < 0.5))
    owner = np.where(owned, -2, -1)  # reps are numbered once their count is known
    mailkind = pick(rng, n, [0.895, 0.08, 0.005, 0.002, 0.003])
    mailkind[np.isin(stage, [OPP, CUSTOMER]) & (mailkind == 1)] = 0
    bounced = (mailkind == 4) | (rng.random(n) < 0.02)
    opted_out = stage == UNSUBSCRIBED
    phone = rng.integers(2_000_000_000, 9_899_999_999, n)
    # Event activity: log-normal (most people 1-3 events, a few thousands), no one above 0.2% of all events.
    activity = np.minimum(rng.lognormal(0.0, 2.5, n), np.exp(2.5 * 4.0)) * np.array(EVENT_RATE)[stage]
    activity = np.minimum(activity, 0.002 * activity.sum())
    mail_draws = np.stack([rng.integers(0, len(FREE_DOMAINS), n), rng.integers(71, 100, n),
                           rng.integers(0, len(ROLE_LOCALS), n), rng.integers(0, 2, n)], axis=1)
    return People(n, company, rng.integers(0, len(FIRST_NAMES), n), rng.integers(0, len(LAST_NAMES), n), level,
                  title, stage, created, mql, sql, opp, won, owner, mailkind, bounced, opted_out, phone, activity,
                  mail_draws, rng.integers(0, 1 << 30, n))


def concat_people(a: People, b: People) -> People:
    names = ["company", "first", "last", "level", "title", "stage", "created", "mql", "sql", "opp", "won", "owner",
             "mailkind", "bounced", "opted_out", "phone", "activity", "mail_draws", "owner_draw"]
    return People(a.n + b.n, *(np.concatenate([getattr(a, x), getattr(b, x)]) for x in names))


def assign_emails(people: People, companies: Companies) -> None:
    """Canonical emails. Business and free-mail addresses are made unique by a number ('jane.doe2@');
    role addresses are shared on purpose (info@ is several people), malformed ones are left as they are."""
    n = people.n
    first = take(strings([ascii_fold(x) for x in FIRST_NAMES]), people.first)
    last = take(strings([ascii_fold(x) for x in LAST_NAMES]), people.last)
    domain = take(companies.domain, people.company)
    pattern = companies.pattern[people.company]
    business = pc.choose(pa.array(pattern), join(first, ".", last), join(pc.utf8_slice_codeunits(first, 0, 1), last),
                         first, join(first, "_", last))
    draws = people.mail_draws
    free_domain = take(strings(FREE_DOMAINS), draws[:, 0])
    free = join(first, ".", last, as_text(draws[:, 1]))
    kind = people.mailkind
    local = pc.if_else(pa.array(kind == 1), free, business)
    where = pc.if_else(pa.array(kind == 1), free_domain, domain)
    key = join(local, "@", where)
    codes = key.dictionary_encode().indices.to_numpy(zero_copy_only=False).astype(np.int64)
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    group_start = np.r_[0, np.flatnonzero(np.diff(sorted_codes)) + 1]
    starts = np.repeat(group_start, np.diff(np.r_[group_start, n]))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - starts
    local = pc.if_else(pa.array(rank > 0), join(local, as_text(rank + 1)), local)
    unique = join(local, "@", where)
    role = join(take(strings(ROLE_LOCALS), draws[:, 2]), "@", domain)
    disposable = join(first, last, as_text(np.arange(n) % 9973), "@mailinator.com")
    malformed = pc.if_else(pa.array(draws[:, 3] == 0), join(first, ".", last, "@@", domain),
                           join(first, ".", last, ".", domain))
    people.email = pc.choose(pa.array(np.where(kind == 1, 0, kind)), unique, unique, role, disposable, malformed)


# --- the scenario ---------------------------------------------------------------------------------------
@dataclass
class Plan:
    leads: int
    events: int
    seed: int
    as_of: dt.date
    day_offset: int

    @property
    def day(self) -> dt.date:
        return self.as_of + dt.timedelta(days=self.day_offset)

    def lead_rows(self, total: int) -> dict[str, int]:
        rows = {name: int(total * share) for name, share in LEAD_SHARES.items()}
        rows["hubspot_contacts"] += total - sum(rows.values())
        return rows


def epoch(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


class World:
    """Companies, base people (and a day's new people), reps and who is in which CRM, from the seed."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.end = epoch(plan.as_of) + DAY  # history runs through the as-of day
        self.start = self.end - (HISTORY_DAYS + 1) * DAY
        base_rows = plan.lead_rows(plan.leads)
        person_rows = plan.leads - base_rows["x_education_leads"]
        self.base_people = max(1, round(person_rows / 1.35)) if person_rows else 0
        self.companies = build_companies(rng_for(plan.seed, 1), max(60, self.base_people // 4))
        people = draw_people(rng_for(plan.seed, 2), self.base_people, self.companies, self.start, self.end, STAGE_P)
        self.day_start = epoch(plan.day)
        self.new_people = 0
        if plan.day_offset:
            self.new_people = max(1, round(self.base_people * DAY_SHARE)) if self.base_people else 0
            fresh = draw_people(rng_for(plan.seed, 2, plan.day_offset), self.new_people, self.companies,
                                self.day_start, self.day_start + DAY, NEW_PEOPLE_STAGE_P, recent=True)
            people = concat_people(people, fresh)
        self.people = people
        self.n_reps = int(np.clip(self.base_people // 1500, 4, 400))
        owned = people.owner == -2
        people.owner[owned] = people.owner_draw[owned] % self.n_reps
        assign_emails(people, self.companies)
        index = np.arange(people.n, dtype=np.int64)
        people.hs_id = 10_000_000_000 + index * 11 + (index * 7919) % 11
        people.sf_number = index
        rep = np.arange(self.n_reps)
        self.rep_names = join(take(strings(FIRST_NAMES), rep % len(FIRST_NAMES)), " ",
                              take(strings(LAST_NAMES), (rep * 7 + 3) % len(LAST_NAMES)))
        rep_handles = join("rep_", take(strings([ascii_fold(x) for x in FIRST_NAMES]), rep % len(FIRST_NAMES)),
                           blank_where(as_text(rep // len(FIRST_NAMES) + 1), rep < len(FIRST_NAMES)))
        self.actors = pa.concat_arrays([strings(["automation"]), rep_handles])
        self.rep_sf_ids = sfid("0058d0000", rep)
        self.selection = self._select()

    def _select(self) -> dict[str, np.ndarray]:
        """Person index per row of each lead export (base rows, or the day's rows); sets CRM membership."""
        plan, people = self.plan, self.people
        stage = people.stage
        n_base = self.base_people
        hs_weight = np.where(stage == COLD, 0.5, 1.0) * np.where(people.mailkind == 3, 0.1, 1.0)
        sf_weight = np.where(np.isin(stage, [MQL, SQL, OPP, CUSTOMER, DISQUALIFIED]), 8.0, 1.0)
        sf_weight = sf_weight * np.where(np.isin(people.mailkind, [3, 4]), 0.0, 1.0)
        wf_weight = np.where(np.isin(stage, [HOT, WARM, MQL, SQL, OPP]), 4.0, 1.0)
        # Base membership is drawn the same way whatever the day, so a day's rows can refer to it.
        base = self._draw(rng_for(plan.seed, 5), slice(0, n_base), plan.lead_rows(plan.leads),
                          hs_weight, sf_weight, wf_weight)
        people.in_hubspot = np.zeros(people.n, dtype=bool)
        people.in_salesforce = np.zeros(people.n, dtype=bool)
        people.in_hubspot[base["hubspot_contacts"]] = True
        people.in_salesforce[base["salesforce_api_leads"]] = True
        if not plan.day_offset:
            return base
        rows = plan.lead_rows(round(plan.leads * DAY_SHARE))
        rng = rng_for(plan.seed, 5, plan.day_offset)
        new = self._draw(rng, slice(n_base, people.n), {k: round(v * 0.8) for k, v in rows.items()},
                         hs_weight, sf_weight, wf_weight)
        old = self._draw(rng, slice(0, n_base), {k: v - round(v * 0.8) for k, v in rows.items()},
                         hs_weight * people.in_hubspot, sf_weight * people.in_salesforce, wf_weight)
        day = {name: np.sort(np.concatenate([old[name], new[name]])) for name in new}
        day["x_education_leads"] = np.zeros(rows["x_education_leads"], dtype=np.int64)
        people.in_hubspot[day["hubspot_contacts"]] = True
        people.in_salesforce[day["salesforce_api_leads"]] = True
        return day

    @staticmethod
    def _draw(rng, span: slice, rows: dict[str, int], hs_w, sf_w, wf_w) -> dict[str, np.ndarray]:
        offset = span.start
        out = {}
        for name, weights, repeat in (("hubspot_contacts", hs_w, 0.03), ("salesforce_api_leads", sf_w, 0.01),
                                      ("webform_leads", wf_w, 0.20)):
            k = rows[name]
            w = weights[span]
            unique = top_k(rng, w, k - int(k * repeat)) if len(w) else np.empty(0, dtype=np.int64)
            extra = k - len(unique)  # duplicate records / repeated submissions, more often by active people
            if extra and len(unique):
                again = unique[pick(rng, extra, w[unique])]
                unique = np.sort(np.concatenate([unique, again]))
            out[name] = unique + offset
            if len(out[name]) < k:  # fewer people than rows asked for (tiny runs): repeat people
                out[name] = np.sort(np.resize(out[name], k)) if len(out[name]) else out[name]
        out["x_education_leads"] = np.zeros(rows["x_education_leads"], dtype=np.int64)
        return out


# --- the exports ----------------------------------------------------------------------------------------
def chunks(total: int, size: int = CHUNK_ROWS):
    for start in range(0, total, size):
        yield start, min(size, total - start)


def website(rng: np.random.Generator, domain: pa.Array) -> pa.Array:
    style = rng.integers(0, 5, len(domain)).astype(np.int8)
    return pc.choose(pa.array(style), join("https://www.", domain, "/"), join("http://", domain), join("www.", domain),
                     domain, join("https://", pc.utf8_capitalize(domain)))


def phones(rng: np.random.Generator, people: People, companies: Companies, pid: np.ndarray, blank: float) -> pa.Array:
    digits = people.phone[pid]
    country = companies.country[people.company[pid]]
    a, b, c = digits // 10_000_000 % 1000, digits // 10_000 % 1000, digits % 10_000
    intl = join(take(strings([x[2] for x in COUNTRIES]), country), " ", zero_pad(a, 3), " ", zero_pad(b, 3), " ",
                zero_pad(c, 4))
    north_america = np.isin(country, [0, 4])
    local = pc.if_else(pa.array(north_america), join("(", zero_pad(a, 3), ") ", zero_pad(b, 3), "-", zero_pad(c, 4)),
                       join("0", zero_pad(a, 3), zero_pad(b, 3), zero_pad(c, 4)))
    style = np.where(rng.random(len(pid)) < blank, 2, rng.integers(0, 2, len(pid))).astype(np.int8)
    return pc.choose(pa.array(style), intl, local, pa.scalar("", pa.string()))


def between(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    return lo + (rng.random(len(lo)) * np.maximum(hi - lo, 1)).astype(np.int64)


def write_hubspot(world: World, path: Path, pid_all: np.ndarray, rng: np.random.Generator) -> CsvWriter:
    people, companies = world.people, world.companies
    out = CsvWriter(path, HS_HEADER, eol="\r\n", bom=True,
                    quoted=["First Name", "Last Name", "Company Name", "Job Title", "Contact owner", "Email"])
    seen = np.zeros(people.n, dtype=bool)
    dup_counter = 0
    for start, n in chunks(len(pid_all)):
        pid = pid_all[start:start + n]
        # the second record of a person (a duplicate contact) gets its own Record ID
        first_time = ~seen[pid]
        first_time &= np.r_[True, pid[1:] != pid[:-1]]
        seen[pid] = True
        dups = np.flatnonzero(~first_time)
        record = people.hs_id[pid].copy()
        record[dups] = 90_000_000_000 + dup_counter + np.arange(len(dups)) * 3
        dup_counter += len(dups) * 3
        stage, co = people.stage[pid], people.company[pid]
        life = np.array([1, 1, 1, 2, 3, 4, 5, 1, 1])[stage]
        life = np.where(np.isin(stage, [COLD, UNSUBSCRIBED]) & (rng.random(n) < 0.5), 0, life)
        life = np.where(np.isin(stage, [WARM, HOT]) & (people.mql[pid] >= 0), 2, life)
        status = np.empty(n, dtype=np.int64)
        for s, options in HS_STATUS_BY_STAGE.items():
            at = np.flatnonzero(stage == s)
            status[at] = np.array(options)[rng.integers(0, len(options), len(at))]
        created = people.created[pid]
        bant = np.isin(stage, [SQL, OPP, CUSTOMER]) & (rng.random(n) < 0.7)
        score = np.where(np.isin(stage, [HOT, CUSTOMER, OPP]), rng.integers(55, 96, n), rng.integers(0, 46, n))
        owner = people.owner[pid]
        mql = np.where(life >= 2, people.mql[pid], -1)
        out.write([
            as_text(record),
            take(strings(FIRST_NAMES), people.first[pid]),
            take(strings(LAST_NAMES), people.last[pid]),
            email_variant(rng, take(people.email, pid), 0.15),
            phones(rng, people, companies, pid, blank=0.3),
            take(companies.name, co),
            blank_where(website(rng, take(companies.domain, co)), rng.random(n) < 0.2),
            take(strings([t for lv in LEVELS for t in TITLES[lv]]), people.title[pid]),
            blank_where(take(strings([c[1] for c in COUNTRIES]), companies.country[co]), rng.random(n) < 0.1),
            blank_where(take(strings([i[0] for i in INDUSTRIES]), companies.industry[co]), rng.random(n) < 0.4),
            as_text(companies.employees[co], rng.random(n) < 0.5),
            as_text(companies.revenue[co], rng.random(n) < 0.7),
            take(strings(HS_LIFECYCLE), life),
            take(strings(HS_STATUS), status),
            fmt_time(created, "%Y-%m-%d %H:%M"),
            fmt_time(np.where(life > 0, created + rng.integers(0, 1800, n), -1), "%Y-%m-%d %H:%M"),
            fmt_time(mql, "%Y-%m-%d %H:%M"),
            fmt_time(people.sql[pid], "%Y-%m-%d %H:%M"),
            fmt_time(people.opp[pid], "%Y-%m-%d %H:%M"),
            fmt_time(people.won[pid], "%Y-%m-%d %H:%M"),
            blank_where(take(world.rep_names, np.maximum(owner, 0)), owner < 0),
            take(strings(HS_SOURCES), rng.integers(0, len(HS_SOURCES), n)),
            pc.if_else(pa.array(people.opted_out[pid]), "true",
                       take(strings(["false", "false", ""]), rng.integers(0, 3, n))),
            as_text(score),
            fmt_time(between(rng, created, np.full(n, world.end if not world.plan.day_offset else world.day_start + DAY)),
                     "%Y-%m-%d %H:%M"),
            blank_where(take(strings(["Approved", "Requested", ""]), rng.integers(0, 3, n)), ~bant),
            blank_where(take(strings(["Decision maker", "Influencer"]), rng.integers(0, 2, n)), ~bant),
            blank_where(pa.array(["Confirmed"] * n), ~bant),
            blank_where(take(strings(["This quarter", "Next quarter"]), rng.integers(0, 2, n)), ~bant),
        ])
    return out


def write_salesforce(world: World, path: Path, pid_all: np.ndarray, rng: np.random.Generator) -> CsvWriter:
    people, companies = world.people, world.companies
    out = CsvWriter(path, SF_HEADER, quoted=["FirstName", "LastName", "Company", "Title", "Email"])
    seen = np.zeros(people.n, dtype=bool)
    dup_counter = 0
    for start, n in chunks(len(pid_all)):
        pid = pid_all[start:start + n]
        first_time = ~seen[pid] & np.r_[True, pid[1:] != pid[:-1]]
        seen[pid] = True
        number = people.sf_number[pid].copy()
        dups = np.flatnonzero(~first_time)
        ids = sfid("00Q8d0000", number)
        if len(dups):  # a duplicate lead record: same person, another Id
            dup_ids = sfid("00Q8d0001", dup_counter + np.arange(len(dups)))
            dup_counter += len(dups)
            mask = np.zeros(n, dtype=bool)
            mask[dups] = True
            ids = pc.replace_with_mask(ids, pa.array(mask), dup_ids)
        stage, co = people.stage[pid], people.company[pid]
        converted = np.isin(stage, [OPP, CUSTOMER])
        owner = people.owner[pid]
        owner = np.where(owner >= 0, owner, pid % world.n_reps)
        out.write([
            ids,
            take(strings(FIRST_NAMES), people.first[pid]),
            take(strings(LAST_NAMES), people.last[pid]),
            take(companies.name, co),
            take(people.email, pid),
            take(strings([t for lv in LEVELS for t in TITLES[lv]]), people.title[pid]),
            take(strings(SF_SOURCES), rng.integers(0, len(SF_SOURCES), n)),
            take(strings(SF_STATUS), np.array(SF_STATUS_BY_STAGE)[stage]),
            blank_where(take(strings(SF_RATING), np.array(SF_RATING_BY_STAGE)[stage]), rng.random(n) < 0.3),
            take(strings([i[1] for i in INDUSTRIES]), companies.industry[co]),
            as_text(companies.employees[co], rng.random(n) < 0.2),
            as_text(companies.revenue[co], rng.random(n) < 0.5),
            fmt_time(people.created[pid], "%Y-%m-%dT%H:%M:%S.000Z"),
            pc.if_else(pa.array(converted), "true", "false"),
            fmt_time(np.where(converted, people.opp[pid], -1), "%Y-%m-%d"),
            take(world.rep_sf_ids, owner),
            pc.if_else(pa.array(people.opted_out[pid]), "true", "false"),
            phones(rng, people, companies, pid, blank=0.05),
            take(strings([c[1] for c in COUNTRIES]), companies.country[co]),
            join("www.", take(companies.domain, co)),
        ])
    return out


def write_webform(world: World, path: Path, pid_all: np.ndarray, rng: np.random.Generator) -> CsvWriter:
    people, companies = world.people, world.companies
    out = CsvWriter(path, WF_HEADER, delimiter=";", quoted=["first_name", "last_name", "company", "job_title", "email"])
    day = world.plan.day_offset
    hi_all = world.day_start + DAY if day else world.end
    flat_titles = [t for lv in LEVELS for t in TITLES[lv]]
    local_titles = {loc: titles for loc, titles in LOCAL_TITLES.items()}
    for start, n in chunks(len(pid_all)):
        pid = pid_all[start:start + n]
        stage, co = people.stage[pid], people.company[pid]
        hot = stage == HOT
        form = np.where(hot & (rng.random(n) < 0.6), 0, rng.integers(0, len(FORMS), n))
        lo = np.maximum(people.created[pid], world.day_start if day else world.start)
        submitted = between(rng, lo, np.full(n, hi_all))
        demo_recent = hot & (form == 0) & (not day)
        submitted = np.where(demo_recent, between(rng, np.maximum(lo, world.end - 15 * DAY), np.full(n, hi_all)),
                             submitted)
        order = np.argsort(submitted, kind="stable")
        pid, stage, co, form, submitted = pid[order], stage[order], co[order], form[order], submitted[order]
        country = companies.country[co]
        locale = np.array([c[5] for c in COUNTRIES])[country]
        title = take(strings(flat_titles), people.title[pid])
        level = people.level[pid]
        for loc, titles in local_titles.items():
            use = (locale == loc) & (level < 4) & (rng.random(n) < 0.7)
            if use.any():
                title = pc.if_else(pa.array(use), take(strings(titles), np.minimum(level, 3)), title)
        title = pc.if_else(pa.array(rng.random(n) < 0.01), join(title, "; EMEA"), title)  # a quoted field holding ';'
        company = take(companies.name, co)
        company = pc.if_else(pa.array((country == 2) & (rng.random(n) < 0.05)), join(company, " ; Niederlassung Süd"),
                             company)
        spellings = [c[8] for c in COUNTRIES]
        spell_offsets = np.cumsum([0] + [len(s) for s in spellings])[:-1]
        spell_counts = np.array([len(s) for s in spellings])
        spelled = take(strings([s for x in spellings for s in x]),
                       spell_offsets[country] + rng.integers(0, 1 << 30, n) % spell_counts[country])
        consent = np.where(people.opted_out[pid], 1, rng.integers(0, 4, n))  # yes, no, yes, ''
        out.write([
            fmt_time(submitted, "%Y-%m-%d %H:%M:%S"),
            email_variant(rng, take(people.email, pid), 0.25),
            take(strings(FIRST_NAMES), people.first[pid]),
            take(strings(LAST_NAMES), people.last[pid]),
            company,
            title,
            phones(rng, people, companies, pid, blank=0.3),
            spelled,
            blank_where(website(rng, take(companies.domain, co)), rng.random(n) < 0.4),
            take(strings([f[0] for f in FORMS]), form),
            take(strings([f[1] for f in FORMS]), form),
            take(strings([f[2] for f in FORMS]), form),
            take(strings([f[3] for f in FORMS]), form),
            take(strings(["yes", "no", "yes", ""]), consent),
        ])
    return out


def write_x_education(world: World, path: Path, n_rows: int, rng: np.random.Generator) -> CsvWriter:
    out = CsvWriter(path, XE_HEADER, eol="\r\n")
    base_number = 600_000 + world.plan.day_offset * 10_000_000
    specs = {name: (weighted(a), weighted(b)) for name, (a, b) in XE_SPECS.items()}
    for start, n in chunks(n_rows):
        converted = rng.random(n) < 0.385
        values = {}
        for name, ((yes_values, yes_p), (no_values, no_p)) in specs.items():
            index_yes, index_no = pick(rng, n, yes_p), pick(rng, n, no_p)
            vocab = strings(yes_values + no_values)
            values[name] = take(vocab, np.where(converted, index_yes, len(yes_values) + index_no))
        visits_text = values["TotalVisits"]
        visits = pc.cast(pc.if_else(pc.equal(visits_text, ""), "0", visits_text), pa.int64()).to_numpy()
        blank_visits = pc.equal(visits_text, "").to_numpy(zero_copy_only=False)
        seconds = np.where(visits == 0, 0, rng.integers(40, 1900, n) + 500 * converted)
        per_visit = np.where(visits == 0, 0.0, np.round(rng.uniform(1, 4, n), 2))
        per_visit_text = pc.if_else(pa.array(visits == 0), "0", pc.cast(pa.array(per_visit), pa.string()))
        activity = values["Asymmetrique Activity Index"]
        profile = values["Asymmetrique Profile Index"]
        activity_score = as_text(rng.integers(8, 19, n), pc.equal(activity, "").to_numpy(zero_copy_only=False))
        profile_score = as_text(rng.integers(11, 21, n), pc.equal(profile, "").to_numpy(zero_copy_only=False))
        no = pa.array(["No"] * n)
        columns = {
            "Prospect ID": uuid4s(rng, n),
            "Lead Number": as_text(base_number + (start + np.arange(n)) * 3 + rng.integers(0, 3, n)),
            "Do Not Call": no,
            "Converted": as_text(converted.astype(np.int64)),
            "Total Time Spent on Website": blank_where(as_text(seconds), blank_visits),
            "Page Views Per Visit": blank_where(per_visit_text, blank_visits),
            "Asymmetrique Activity Score": activity_score,
            "Asymmetrique Profile Score": profile_score,
            **values,
        }
        out.write([columns.get(name, no) for name in XE_HEADER])
    return out


def write_events(world: World, path: Path, n_rows: int, rng: np.random.Generator) -> CsvWriter:
    people = world.people
    out = CsvWriter(path, EV_HEADER)
    day = world.plan.day_offset
    weight = people.activity.copy()
    if day and world.new_people:  # a day's new people are busy on their first day: a tenth of its events
        base_total, new_total = weight[:world.base_people].sum(), weight[world.base_people:].sum()
        weight[world.base_people:] *= 0.1 * base_total / max(new_total, 1e-12) / 0.9
    cdf = np.cumsum(weight)
    cdf /= cdf[-1]
    mix = np.array([EVENT_MIX[s] for s in range(len(STAGES))], dtype=np.float64)
    mix_cdf = np.cumsum(mix / mix.sum(axis=1, keepdims=True), axis=1)
    mix_cdf[:, -1] = 1.0
    flat_cdf = (mix_cdf + np.arange(len(STAGES))[:, None]).ravel()
    # url vocabulary: '' + pages + tracked pages
    urls = ([""] + [SITE + p for p in PAGES] + [SITE + p + "?utm_medium=email" for p in PAGES]
            + [f"{SITE}/pricing", f"{SITE}/pricing?plan=growth", f"{SITE}/resources/lead-scoring-playbook.pdf",
               f"{SITE}/demo", f"{SITE}/preferences/unsubscribe"]
            + [f"{SITE}/forms/{f[0].split(':')[0].lower().replace(' ', '-')}" for f in FORMS])
    n_pages = len(PAGES)
    pricing_at, download_at, demo_at, unsub_at = 1 + 2 * n_pages, 3 + 2 * n_pages, 4 + 2 * n_pages, 5 + 2 * n_pages
    form_at = 6 + 2 * n_pages
    url_vocab, campaign_vocab, type_vocab = strings(urls), strings([""] + CAMPAIGNS), strings(EVENT_TYPES)
    lo_all = world.day_start if day else world.start
    hi_all = world.day_start + DAY if day else world.end
    id_space = np.int64(day) << np.int64(40)
    for start, n in chunks(n_rows):
        pid = np.minimum(np.searchsorted(cdf, rng.random(n), side="right"), people.n - 1)
        stage = people.stage[pid]
        # the event type: one inverse-CDF lookup in the stage's row of the mix (rows laid end to end)
        kind = np.searchsorted(flat_cdf, stage + rng.random(n), side="right") - stage * len(EVENT_TYPES)
        kind = np.clip(kind, 0, len(EVENT_TYPES) - 1)
        owner = people.owner[pid]
        kind = np.where(np.isin(kind, SALES_TOUCHES) & (owner < 0), EMAIL_OPEN, kind)
        kind = np.where(people.bounced[pid] & (rng.random(n) < 0.02), BOUNCE, kind)
        lo = np.maximum(people.created[pid], lo_all)
        hi = np.full(n, hi_all)
        t = between(rng, lo, hi)
        if not day:
            recent = (stage == HOT) & (rng.random(n) < 0.8)  # hot people: mostly recent
            t = np.where(recent, np.maximum(lo, hi - (rng.exponential(300 * 3600, n)).astype(np.int64)), t)
            hot_signal = (stage == HOT) & np.isin(kind, [PRICING, DEMO])
            t = np.where(hot_signal, between(rng, np.maximum(lo, hi - 14 * DAY), hi), t)
            touch = np.isin(kind, SALES_TOUCHES)
            after = np.where(people.mql[pid] >= 0, people.mql[pid], people.created[pid] + 3 * DAY)
            t = np.where(touch, between(rng, np.minimum(after, hi - 1), hi), t)
        order = np.argsort(t, kind="stable")
        pid, kind, t, stage, owner = pid[order], kind[order], t[order], stage[order], owner[order]
        page = rng.integers(0, n_pages, n)
        url = np.zeros(n, dtype=np.int64)
        url = np.where(kind == PAGE_VIEW, 1 + page, url)
        url = np.where(kind == EMAIL_CLICK, 1 + n_pages + page, url)
        url = np.where(kind == PRICING, pricing_at + (rng.random(n) < 0.3), url)
        url = np.where(kind == DOWNLOAD, download_at, url)
        url = np.where(kind == DEMO, demo_at, url)
        url = np.where(kind == UNSUBSCRIBE, unsub_at, url)
        url = np.where(kind == FORM_SUBMIT, form_at + rng.integers(0, len(FORMS), n), url)
        campaign = np.where(np.isin(kind, [EMAIL_OPEN, EMAIL_CLICK, DOWNLOAD, BOUNCE, UNSUBSCRIBE])
                            | (rng.random(n) < 0.1), 1 + rng.integers(0, len(CAMPAIGNS), n), 0)
        campaign = np.where(kind == DEMO, 1 + CAMPAIGNS.index("2026-q4-demo"), campaign)
        campaign = np.where(kind == WEBINAR, 1 + CAMPAIGNS.index("webinar-2026-11-scoring"), campaign)
        campaign = np.where(np.isin(kind, SALES_TOUCHES), 0, campaign)
        actor = np.where(np.isin(kind, SALES_TOUCHES), 1 + np.maximum(owner, 0), 0)
        # some rows carry the CRM id instead of (or next to) the email
        in_hs, in_sf = people.in_hubspot[pid], people.in_salesforce[pid]
        use_crm = (in_hs | in_sf) & (rng.random(n) < 0.12)
        use_sf = in_sf & (~in_hs | (rng.random(n) < 0.5))
        crm = pc.if_else(pa.array(use_sf), sfid("00Q8d0000", people.sf_number[pid]), as_text(people.hs_id[pid]))
        crm = blank_where(crm, ~use_crm)
        email = blank_where(email_variant(rng, take(people.email, pid), 0.05), use_crm & (rng.random(n) < 0.6))
        number = (id_space + np.int64(start) + np.arange(n, dtype=np.int64)) * np.int64(0x9E3779B1) + np.int64(0x7F4A7C15)
        event_id = hex_ids("evt_", number & np.int64((1 << 48) - 1))
        out.write([
            event_id,
            fmt_time(t, "%Y-%m-%dT%H:%M:%SZ"),
            email,
            crm,
            take(type_vocab, kind),
            take(world.actors, actor),
            take(url_vocab, url),
            take(campaign_vocab, campaign),
        ])
    return out


def write_intent(world: World, path: Path, rng: np.random.Generator) -> CsvWriter:
    """Weekly surge per company domain and topic; companies with buying people surge (>= 60) lately."""
    people, companies = world.people, world.companies
    out = CsvWriter(path, IN_HEADER, quoted=["Company Name"])
    buying_people = np.isin(people.stage, [HOT, SQL, OPP])
    buying = np.zeros(companies.n, dtype=bool)
    buying[people.company[buying_people]] = True
    n_companies = max(22, companies.n // 10)
    chosen = np.concatenate([np.flatnonzero(buying)[: n_companies // 2],
                             top_k(rng, np.where(buying, 0, companies.weight) + 1e-12, n_companies - n_companies // 2)])
    chosen = np.unique(chosen)
    monday = world.plan.day - dt.timedelta(days=world.plan.day.weekday())
    weeks = [monday] if world.plan.day_offset else [monday - dt.timedelta(weeks=k) for k in range(10, -1, -1)]
    surging = buying[chosen]
    first_topic = rng.integers(0, len(TOPICS), len(chosen))
    second_topic = (first_topic + rng.integers(1, len(TOPICS), len(chosen))) % len(TOPICS)
    has_second = rng.random(len(chosen)) < 0.5
    for week_number, week in enumerate(weeks):
        late = world.plan.day_offset or week_number >= len(weeks) - 3
        for topic, present in ((first_topic, np.ones(len(chosen), dtype=bool)), (second_topic, has_second)):
            keep = present & (rng.random(len(chosen)) < np.where(surging, 0.5, 0.3))
            co, tp, hot = chosen[keep], topic[keep], surging[keep]
            score = np.minimum(99, rng.integers(20, 59, len(co)) + np.where(hot & late, rng.integers(15, 41, len(co)), 0))
            name = take(companies.name, co)
            name = pc.if_else(pa.array(rng.random(len(co)) < 0.3), pc.utf8_rtrim(pc.utf8_upper(name), characters="."), name)
            out.write([
                pa.array([week.isoformat()] * len(co)),
                take(companies.domain, co),
                name,
                take(strings([t[0] for t in TOPICS]), tp),
                take(strings([t[1] for t in TOPICS]), tp),
                as_text(score),
                take(strings(["A", "B", "C"]), np.where(score >= 80, 0, np.where(score >= 60, 1, 2))),
            ])
    return out


def generate(leads: int, events: int, out_dir: Path, seed: int = 1, as_of: dt.date = dt.date(2026, 11, 20),
             day_offset: int = 0, verbose: bool = True, compress: bool = False) -> list[dict]:
    """Write the exports, gzipped with `compress`; return one dict per file (file, source, rows, bytes on
    disk, seconds)."""
    if leads < 0 or events < 0 or day_offset < 0:
        raise ValueError("--leads, --events and --day-offset must not be negative")
    out_dir.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    plan = Plan(leads, events, seed, as_of, day_offset)
    world = World(plan)
    if verbose:
        print(f"world: {world.base_people:,} people (+{world.new_people:,} new), {world.companies.n:,} companies,"
              f" {world.n_reps} reps; built in {time.perf_counter() - began:.1f}s", file=sys.stderr)
    stamp = plan.day.isoformat()
    n_events = round(events * DAY_SHARE) if day_offset else events
    sel = world.selection
    jobs = [
        ("hubspot_contacts", lambda p, r: write_hubspot(world, p, sel["hubspot_contacts"], r)),
        ("salesforce_api_leads", lambda p, r: write_salesforce(world, p, sel["salesforce_api_leads"], r)),
        ("webform_leads", lambda p, r: write_webform(world, p, sel["webform_leads"], r)),
        ("x_education_leads", lambda p, r: write_x_education(world, p, len(sel["x_education_leads"]), r)),
        ("activity_events", lambda p, r: write_events(world, p, n_events, r)),
    ]
    if not day_offset or plan.day.weekday() == 0:
        jobs.append(("intent_surge", lambda p, r: write_intent(world, p, r)))
    report = []
    for number, (source, job) in enumerate(jobs, start=10):
        started = time.perf_counter()
        path = out_dir / f"{source}_{stamp}.csv{'.gz' if compress else ''}"
        writer = job(path, rng_for(seed, number, day_offset))
        writer.close()
        entry = {"file": path.name, "source": source, "rows": writer.rows, "bytes": path.stat().st_size,
                 "seconds": round(time.perf_counter() - started, 2)}
        report.append(entry)
        if verbose:
            print(f"  {entry['file']:<40} {entry['rows']:>12,} rows {entry['bytes'] / 1e6:>10.1f} MB"
                  f" {entry['seconds']:>8.1f}s", file=sys.stderr)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate_exports", description=__doc__.split("\n\n")[0])
    parser.add_argument("--leads", type=int, required=True, help="lead rows over the four lead exports")
    parser.add_argument("--events", type=int, required=True, help="activity event rows")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into (created if missing)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 20),
                        help="the run date the history leads up to (ISO)")
    parser.add_argument("--day-offset", type=int, default=0,
                        help="write the drop of day as-of + K instead: ~1%% new leads and events dated that day")
    parser.add_argument("--gzip", action="store_true", help="write each file gzipped, as <name>.csv.gz")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    report = generate(args.leads, args.events, args.out, args.seed, args.as_of, args.day_offset, compress=args.gzip)
    seconds = time.perf_counter() - began
    width = max(len(r["file"]) for r in report)
    print(f"{'file':<{width}} {'rows':>12} {'bytes':>15} {'seconds':>8}")
    for r in report:
        print(f"{r['file']:<{width}} {r['rows']:>12,} {r['bytes']:>15,} {r['seconds']:>8.2f}")
    print(f"{'total':<{width}} {sum(r['rows'] for r in report):>12,} {sum(r['bytes'] for r in report):>15,}"
          f" {seconds:>8.2f}")
    print(f"wrote {len(report)} files into {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
