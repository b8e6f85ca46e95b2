#!/usr/bin/env python3
"""Write the bundled sample exports (seeds/exports/), the bad-input fixtures (seeds/exports_bad/) and the
offline firmographic reference (seeds/reference/companies.csv). See seeds/README.md.

All values are invented. Layouts copy real exports (header, quoting, encoding, date formats, quirks), never
their rows. Stdlib only, one seeded RNG: `python seeds/make_samples.py` rewrites byte-identical files.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import string
import unicodedata
import uuid
from collections import namedtuple
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT, BAD, REF = HERE / "exports", HERE / "exports_bad", HERE / "reference"
R = random.Random(20261120)
D, T = dt.timedelta, dt.datetime
START, END = T(2026, 6, 1, 8), T(2026, 11, 19, 18)  # the tests run the pipeline as of 2026-11-20
SITE = "https://www.signalpath.io"  # our own (fictional) product site, where the tracked events happen

Co = namedtuple("Co", "name domain industry sf_industry employees revenue cc city region founded in_ref")
_COMPANY_TABLE = """\
Acme Analytics Inc.|acme-analytics.com|Computer Software|Technology|240|38e6|US|Boston|MA|2014|1
Brightpath Logistics|brightpath-logistics.com|Logistics and Supply Chain|Shipping|1200|310e6|US|Columbus|OH|1998|1
Saarbrücker Datenwerk GmbH|datenwerk-saar.de|Information Technology and Services|Technology|180|24e6|DE|Saarbrücken|SL|2009|1
Zürcher Kontor AG|zuercher-kontor.ch|Financial Services|Finance|420|95e6|CH|Zürich|ZH|1987|1
Andina Logística S.A.S.|andina-logistica.co|Logistics and Supply Chain|Shipping|310|41e6|CO|Bogotá|DC|2005|1
Lumière Logiciels SAS|lumiere-logiciels.fr|Computer Software|Technology|95|12e6|FR|Lyon|ARA|2016|1
O’Rourke & Daly Consulting|orourke-daly.ie|Management Consulting|Consulting|60|9e6|IE|Dublin|D|2011|1
Nørdvik Systems AS|nordvik-systems.no|Computer Software|Technology|140|21e6|NO|Oslo|03|2013|1
Quantum Ridge Capital|quantumridge.com|Financial Services|Finance|85|60e6|US|New York|NY|2008|1
Harborview Health Partners|harborviewhealth.com|Hospital & Health Care|Healthcare|2300|520e6|US|Seattle|WA|1976|1
Kestrel Cloudworks|kestrelcloud.io|Information Technology and Services|Technology|55|7e6|US|Austin|TX|2019|1
Bluefin Retail Group|bluefinretail.com|Retail|Retail|5400|1.9e9|US|Chicago|IL|1965|1
Meridian Freight Co.|meridianfreight.com|Transportation/Trucking/Railroad|Transportation|780|150e6|US|Memphis|TN|1991|1
Tallgrass Insurance|tallgrass-insurance.com|Insurance|Insurance|1600|640e6|US|Omaha|NE|1952|1
Ferrowind Manufacturing|ferrowind.com|Industrial Automation|Manufacturing|950|230e6|US|Milwaukee|WI|1983|1
Vantorra Labs|vantorra.com|Biotechnology|Biotechnology|210|45e6|US|San Diego|CA|2012|1
Thistle & Oak Media|thistleoak.co.uk|Marketing and Advertising|Media|45|6e6|GB|London|ENG|2015|0
Redwater Energy Partners|redwater-energy.com|Oil & Energy|Energy|3100|2.2e9|US|Houston|TX|1979|1
Cobaltline Learning|cobaltline-learning.com|E-Learning|Education|130|18e6|CA|Toronto|ON|2010|1
Érable Numérique Inc.|erable-numerique.ca|Computer Software|Technology|75|10e6|CA|Montréal|QC|2017|0
Ipê Pagamentos Ltda.|ipe-pagamentos.com.br|Financial Services|Finance|650|88e6|BR|São Paulo|SP|2012|1
Kranich Maschinenbau GmbH|kranich-mb.de|Machinery|Machinery|1400|410e6|DE|Stuttgart|BW|1961|1
Bergwerk Treuhand AG|bergwerk-treuhand.ch|Accounting|Finance|70|14e6|CH|Basel|BS|1994|1
Sundial Hospitality|sundialhotels.com|Hospitality|Hospitality|2600|480e6|US|Orlando|FL|1988|1
Pinecrest Software|pinecrest-software.com|Computer Software|Technology|320|52e6|US|Denver|CO|2007|1
Driftwood Data|driftwooddata.io|Information Technology and Services|Technology|38|4e6|US|Portland|OR|2021|0
Granite Peak Telecom|granitepeak-telecom.com|Telecommunications|Telecommunications|1900|700e6|US|Salt Lake City|UT|1996|1
Marigold Pantry Foods|marigoldpantry.com|Food & Beverages|Food & Beverage|870|260e6|US|Minneapolis|MN|1972|1
Cedar & Finch Legal|cedarfinch.com|Law Practice|Other|120|33e6|US|Philadelphia|PA|2001|0
Orbitale Robotics|orbitale-robotics.com|Industrial Automation|Manufacturing|260|48e6|FR|Toulouse|OCC|2014|1
Vela Marine Systems|velamarine.es|Maritime|Shipping|340|61e6|ES|Valencia|VC|2003|1
Tejo Digital|tejodigital.pt|Internet|Technology|65|5e6|PT|Lisbon|11|2018|0
Larkspur Biologics|larkspurbio.com|Biotechnology|Biotechnology|410|90e6|US|Cambridge|MA|2011|1
Summitline Staffing|summitline-staffing.com|Staffing and Recruiting|Consulting|520|120e6|US|Atlanta|GA|2000|1
Arcturus Security Ltd|arcturus-sec.com|Computer & Network Security|Technology|150|27e6|GB|Manchester|ENG|2013|1
Wavecrest Media|wavecrestmedia.com|Online Media|Media|90|11e6|AU|Sydney|NSW|2012|0
Hollowbrook Construction|hollowbrook.com|Construction|Construction|1100|390e6|US|Dallas|TX|1985|1
Nimbus Ledger|nimbusledger.io|Financial Services|Finance|48|6e6|SG|Singapore||2020|0
Falkenrot Logistik GmbH|falkenrot.de|Logistics and Supply Chain|Shipping|660|170e6|DE|Hamburg|HH|1978|1
Juniper Row Apparel|juniperrow.com|Apparel & Fashion|Apparel|300|75e6|US|Los Angeles|CA|2006|0
Salesforce, Inc.|salesforce.com|Computer Software|Technology|72000|34.9e9|US|San Francisco|CA|1999|1
HubSpot, Inc.|hubspot.com|Computer Software|Technology|7600|2.6e9|US|Cambridge|MA|2006|1
Oracle Corporation|oracle.com|Computer Software|Technology|159000|53e9|US|Austin|TX|1977|1
SAP SE|sap.com|Computer Software|Technology|108000|36e9|DE|Walldorf|BW|1972|1
Microsoft Corporation|microsoft.com|Computer Software|Technology|228000|245e9|US|Redmond|WA|1975|1
Adobe Inc.|adobe.com|Computer Software|Technology|30000|21.5e9|US|San Jose|CA|1982|1
Siemens AG|siemens.com|Industrial Automation|Manufacturing|320000|84e9|DE|Munich|BY|1847|1
Snowflake Inc.|snowflake.com|Computer Software|Technology|7000|3.6e9|US|Bozeman|MT|2012|1
Zendesk, Inc.|zendesk.com|Computer Software|Technology|6000|2e9|US|San Francisco|CA|2007|1
Shopify Inc.|shopify.com|Internet|Technology|8100|8.9e9|CA|Ottawa|ON|2006|1"""
ALL_COMPANIES = [Co(*f[:4], int(f[4]), int(float(f[5])), *f[6:9], int(f[9]), f[10] == "1")
                 for f in (line.split("|") for line in _COMPANY_TABLE.splitlines())]
COMPANIES, REAL = ALL_COMPANIES[:40], ALL_COMPANIES[40:]  # 40 fictional; 10 well-known (approximate public figures)
CAST_AT_REAL = ["salesforce.com", "oracle.com", "sap.com", "adobe.com", "siemens.com", "siemens.com"]
COUNTRY = {"US": "United States", "DE": "Germany", "CH": "Switzerland", "CO": "Colombia", "FR": "France", "IE": "Ireland", "NO": "Norway",
           "GB": "United Kingdom", "CA": "Canada", "BR": "Brazil", "ES": "Spain", "PT": "Portugal", "AU": "Australia", "SG": "Singapore"}
DIAL = {"US": "+1", "CA": "+1", "DE": "+49", "CH": "+41", "CO": "+57", "FR": "+33", "IE": "+353", "NO": "+47", "GB": "+44", "BR": "+55",
        "ES": "+34", "PT": "+351", "AU": "+61", "SG": "+65"}
LOCALE = {"DE": "de", "CH": "de", "FR": "fr", "CO": "es", "ES": "es", "BR": "pt", "PT": "pt", "NO": "no"}
NAMES = {"en": ("Olivia Liam Emma Noah Ava Mason Harper Ethan Chloe Ryan Megan Derek Tessa Caleb Grant Nadia Owen Hannah Sophie Wesley Kira Dominic",
                "Whitaker Callahan Brennan Okoro Lindqvist Marsh Delgado Haworth Pruitt Abernathy Nguyen Patel Sorensen Fairbanks Quinlan Ashby Greer Vance"),
         "de": ("Jürgen Katrin Lukas Sabine Matthias Anja Felix Miriam Tobias Jana", "Weber Krüger Hoffmann Schäfer Brandt Vogel Lindner Haas Böhm Ziegler"),
         "fr": ("Élodie Julien Camille Mathieu Aurélie Théo Manon Hugo", "Lefèvre Moreau Girard Rousseau Fontaine Chevalier Bonnet"),
         "es": ("Mariana Andrés Lucía Santiago Valentina Camilo Rafael Paula", "Gómez Restrepo Martínez Ortiz Herrera Vargas Castaño"),
         "pt": ("João Beatriz Thiago Larissa Rodrigo Inês", "Albuquerque Ferreira Costa Moura Azevedo"),
         "no": ("Sigrid Håkon Ingrid Eirik", "Solberg Haugen Bakke Dahl")}
TITLES = {"exec": ["Chief Marketing Officer", "Chief Revenue Officer", "CEO & Co-Founder", "VP of Marketing", "VP Sales"],
          "director": ["Director of Demand Generation", "Head of Revenue Operations", "Director, Marketing Operations", "Head of Growth", "Sales Director EMEA"],
          "manager": ["Marketing Operations Manager", "CRM Manager", "Demand Gen Manager", "BI Manager", "Sales Manager"],
          "ic": ["Marketing Specialist", "Data Analyst", "Analytics Engineer", "Sales Development Representative", "Marketing Coordinator"],
          "other": ["Student", "Consultant", "Intern", ""]}
LOCAL_TITLES = {"de": ["Geschäftsführer", "Leiter Vertrieb", "Teamleiterin Marketing", "Sachbearbeiter Vertrieb"],  # exec, director, manager, ic
                "fr": ["Directrice Marketing", "Responsable Marketing Opérationnel", "Chef de projet CRM", "Chargée de marketing"],
                "es": ["Directora General", "Jefe de Ventas", "Gerente de Marketing", "Analista de Datos"]}
# funnel stage -> (people, seniority weights exec/director/manager/ic/other, marketing events per person)
STAGES = {"cold": (52, (1, 2, 4, 6, 2), (0, 3)), "warm": (24, (1, 3, 4, 4, 1), (5, 12)), "hot": (10, (3, 5, 2, 1, 0), (24, 44)),
          "mql": (6, (1, 3, 3, 2, 0), (12, 22)), "sql": (6, (2, 4, 2, 0, 0), (16, 28)), "opportunity": (7, (3, 4, 1, 0, 0), (20, 34)),
          "customer": (5, (3, 4, 1, 0, 0), (20, 34)), "disqualified": (6, (0, 1, 2, 3, 4), (2, 6)), "unsubscribed": (6, (1, 1, 3, 3, 1), (3, 7))}
REPS = [("rep_ana", "Ana Ribeiro"), ("rep_marcus", "Marcus Feld"), ("rep_priya", "Priya Natarajan"), ("rep_tom", "Tom Okafor")]


def rand_dt(lo, hi):
    return lo + D(seconds=R.randint(0, max(0, int((hi - lo).total_seconds()))))


def ascii_name(text):
    text = text.replace("ø", "o").replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii()).lower().replace(" ", "")


_used_ids: set[str] = set()


def sfid(prefix):
    """A unique 18-character Salesforce id (key prefix 00Q lead, 006 opp, 001 account, 005 user ...) with a valid case-checksum suffix."""
    while True:
        base = prefix + "8d0000" + "".join(R.choice(string.ascii_letters + string.digits) for _ in range(6))
        bits = [sum(1 << j for j, c in enumerate(base[i:i + 5]) if c.isupper()) for i in (0, 5, 10)]
        full = base + "".join("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"[b] for b in bits)
        if full not in _used_ids:
            _used_ids.add(full)
            return full


REP_IDS = {rep: sfid("005") for rep, _ in REPS}
RT_LEAD, RT_OPP, RT_ACCT = sfid("012"), sfid("012"), sfid("012")


def build_cast():
    """~120 people at the companies above, each with a funnel stage and the dates it was reached."""
    slots = [c for c in COMPANIES for _ in range(2)] + R.sample(COMPANIES, 34) + [c for d in CAST_AT_REAL for c in REAL if c.domain == d]
    stages = [s for s, (n, _, _) in STAGES.items() for _ in range(n)]
    R.shuffle(slots), R.shuffle(stages)
    pattern = {c.domain: R.choice(["{f}.{l}", "{f}.{l}", "{f0}{l}", "{f}", "{f}_{l}"]) for c in ALL_COMPANIES}
    pattern["acme-analytics.com"] = "{f}.{l}"
    people, emails = [], set()
    for i, (co, stage) in enumerate(zip(slots, stages)):
        loc = LOCALE.get(co.cc, "en")
        first, last = R.choice(NAMES[loc][0].split()), R.choice(NAMES[loc][1].split())
        if i == 0:
            co, stage, first, last = COMPANIES[0], "hot", "Jane", "Doe"
        f, l = ascii_name(first), ascii_name(last)
        email = pattern[co.domain].format(f=f, l=l, f0=f[0]) + "@" + co.domain
        if i % 12 == 5 and stage not in ("customer", "opportunity"):  # private free-mail address
            email = f"{f}.{l}{R.randint(71, 99)}@{R.choice(['gmail.com', 'gmail.com', 'yahoo.com', 'outlook.com'])}"
        while email in emails:
            email = email.replace("@", str(R.randint(2, 9)) + "@", 1)
        emails.add(email)
        level = R.choices(list(TITLES), STAGES[stage][1])[0]
        created = rand_dt(START, T(2026, 8, 15) if stage in ("customer", "opportunity") else T(2026, 10, 28))
        digits = f"{R.randint(200, 989)} 555 01{R.randint(0, 99):02d}"
        p = {"i": i, "first": first, "last": last, "email": email, "co": co, "cc": co.cc, "loc": loc, "stage": stage, "level": level,
             "title": R.choice(TITLES[level]), "created": created, "owner": None, "mql": None, "sql": None, "opp": None, "won": None,
             "bounced": i % 29 == 7, "opted_out": stage == "unsubscribed", "hs_id": None, "sf_id": None, "special": "",
             "phone_intl": f"{DIAL[co.cc]} {digits}",
             "phone_local": f"({digits[:3]}) {digits[4:7]}-{digits[8:]}" if co.cc in ("US", "CA") else "0" + digits.replace(" ", "")}
        if stage in ("mql", "hot", "sql", "opportunity", "customer") or (stage == "warm" and R.random() < .3):
            p["mql"] = min(created + D(days=R.randint(3, 30), hours=R.randint(0, 9)), END - D(days=6))
        if stage == "hot" and R.random() < .5:
            p["mql"] = rand_dt(T(2026, 11, 6), T(2026, 11, 17))
        if stage in ("sql", "opportunity", "customer"):
            p["sql"] = min(p["mql"] + D(days=R.randint(2, 18), hours=R.randint(1, 8)), END - D(days=3))
        if stage in ("opportunity", "customer"):
            p["opp"] = min(p["sql"] + D(days=R.randint(1, 12), hours=R.randint(1, 6)), END - D(days=2))
        if stage == "customer":
            p["won"] = min(p["opp"] + D(days=R.randint(14, 45)), END - D(days=1))
        if stage in ("sql", "opportunity", "customer", "disqualified") or (p["mql"] and R.random() < .5):
            p["owner"] = REPS[i % 4]  # an MQL without an owner is never touched by sales
        people.append(p)
    odd = [p for p in people if p["stage"] in ("cold", "disqualified") and p["email"].endswith(p["co"].domain)]
    odd[0].update(email=f"info@{odd[0]['co'].domain}", special="role")
    odd[1].update(email=f"sales@{odd[1]['co'].domain}", special="role")
    odd[2].update(email="testlead@mailinator.com", first="Test", last="Test", title="asdf", special="disposable")
    for p, bad in ((odd[3], "{f}.{l}@@{d}"), (odd[4], "{f}.{l}.{d}")):  # doubled @, missing @
        p.update(email=bad.format(f=ascii_name(p["first"]), l=ascii_name(p["last"]), d=p["co"].domain), bounced=True, special="malformed")
    return people


def variant(email, rate=0.15):
    """The same address as a careless export writes it: other case, stray spaces."""
    if R.random() >= rate:
        return email
    local, _, domain = email.partition("@")
    styled = ".".join(x.capitalize() for x in local.split(".")) + "@" + "-".join(x.capitalize() for x in domain.split("-"))
    return R.choice([styled, f" {styled} ", email.upper(), f"{email} "])


def website(domain):
    return R.choice([f"https://www.{domain}/", f"http://{domain}", f"www.{domain}", domain, f"https://{domain.title()}"])


def cols(text):
    return text.split(",")


def write_csv(path, header, rows, encoding="utf-8", eol="\r\n", delimiter=",", bom=False):
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=eol)
    writer.writerows(([header] if header else []) + rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode(encoding))  # strict: cp1252 must hold every character


# --- Salesforce report exports: Windows-1252, CRLF, column labels, dates as Excel left them ------------------------------------------------------
LEADS_HDR = cols("Bio Reactors used,Cell Culture Media,Cell Type,City,Companion Lead,Converted,Converted Account ID,Converted Opportunity ID,Country,Created Date,Dead Reason,Email Opt Out,Industry,Key Account,Last Status Change,Lead Application,Lead ID,Lead Source,Lead Status at Conversion,Lead Status Automation Override,Lead Type,LeadConSource,LeadRecordType,Location Text,LS Team Notified,Marketing Segmentation,Mass Spec Manufacturer,Mass Spec Type,Media Provider,Needs Score Synced,Next_Step__c (Leads),Other Dead Reason,Other Mass Spec Type,Other Research Area,Pardot Conversion Date,Pardot Conversion Object Type,Pardot Created Date,Pardot First Activity,Pardot First Referrer Query,Pardot First Referrer Type,Pardot Grade,Pardot Hard Bounced,Pardot Last Activity,Pardot Last Scored At,Primary Application,Product Category,Record Type ID,Region,Research Area,Secondary Application,SS Team Notified,State/Province,Status,Status (Simplified),Web Lead Notification Sent,# Converted Accounts,# Converted Opportunities,Campaign Membership Count,Conversion Rate,Lead Score,Number of Records,Pardot Score,Population Density,Total Leads")
OPPS_HDR = cols("Account ID,Backlog Rev,Bio Reactors used,Campaign ID,Cell Culture Media,Cell Type,Close Date,Closed,Closed Lost Reason,Contact ID,COVID Notes,COVID Status,Created By ID,Created by Lead Conversion,Created Date,Date Opportunity was Closed,DOR Distributor,DOR Expiration,Final Quote,Fiscal Period,Fiscal Quarter,Fiscal Year,Forecast Category,Forecast Category1,Forecast Q Commit,Forecast Q Prior Commit,Funding Source,Has Line Item,Has Open Activity,Has Overdue Task,Industry,Interface Type,Last Activity,Last Modified By ID,Last Modified Date,Last Stage Change Date,Last Stage Change Date1,LDO,Lead Application,Lead Source,Mass Spec Manufacturer,Mass Spec Type,Opportunity ID,Opportunity Type,Order Finalized,Other Closed Lost Details,Other Mass Spec Type,Other Research Area,Owner ID,Price Book ID,Primary Application,Primary Application (FF),Primary Contact,Product Category,Product of Interest,Purchase Agent,Quote ID,Record Type ID,Registered Vendor (confirmed),Secondary Application (FF),Ship This Quarter,Ship This Quarter List,Signing Authority,Stage,Standard Application,System Modstamp,Technical Owner,Validated Customer Needs,Won,# Close Date Extensions,# Close Date Month Extensions,Amount,Days Open,Expected Amount,Probability (%),Push Count")
ACCTS_HDR = cols("Account ID,Account Name,Account Rating,Account Type,Application,Billing City,Billing Country,Billing State/Province,Created By ID,Created Date,Industry,Is Demo Center,Last Activity,Last Modified By ID,Last Modified Date,Lead Type,Life Science KeyAccount,Owner ID,Ownership,Parent Account ID,Record Type ID,Shipping City,Shipping Country,Shipping State/Province,System Modstamp,Employees")
OPEN_STAGES = [("Funnel", 5, "Pipeline", "Pipeline"), ("Qualified Opportunity", 10, "Pipeline", "Pipeline"), ("Quoted Funnel", 30, "Pipeline", "Pipeline"),
               ("Customer Assessment w/ Favorable Evaluation", 30, "Pipeline", "Pipeline"), ("Decision to Purchase", 50, "BestCase", "Best Case"),
               ("Upside", 70, "BestCase", "Best Case"), ("Commit", 90, "Forecast", "Commit")]
WON, LOST = ("Closed Won", 100, "Closed", "Closed"), ("Closed Lost", 0, "Omitted", "Omitted")
LOST_NOTES = ["Went with an in-house build.\r\n\r\nMay revisit after their Q2 2027 budget cycle.", "Champion left; the new VP doesn’t see the need this year."]
LEAD_NOISE = {  # columns that only need plausible values: weighted choices (see pick)
    "Lead Status Automation Override": "FALSE:1", "LS Team Notified": "FALSE:1", "SS Team Notified": "FALSE:1", "LeadConSource": "TRUE:7|FALSE:3",
    "Needs Score Synced": "FALSE:85|TRUE:15", "Web Lead Notification Sent": "FALSE:7|TRUE:3", "Campaign Membership Count": ":1|0:1|1:3|2:1|3:1|5:1",
    "Pardot First Referrer Type": ":6|Google Natural Search:2|Bing Natural Search:1|LinkedIn:1|Google Ad:1",
    "Pardot Grade": ":7|A:.5|A-:.4|B+:.5|B:.8|B-:.3|C:.5|D:.3", "Primary Application": ":2|Lead Scoring:1|Data Sync:1|Lead Scoring;Routing:1"}
SF_SOURCES = "Website:6|Advertisement:4|Trade Show:3|Prospecting Journey:2|Inside Sales:2|Webinar:2|Field Sales:1|Eblasts:1|Referral:1|LinkedIn:1|Other:1"
SF_SOURCES += "|Advertisment:.4|:.4"  # a misspelt picklist value and blanks, as in the real report


def sfdt(t, time=True):
    """Excel re-saved these reports: a day <= 12 became MM-DD-YYYY HH:MM, any other date stayed M/D/YYYY H:MM."""
    if t is None:
        return ""
    if t.day <= 12:
        return f"{t.month:02d}-{t.day:02d}-{t.year}" + (f" {t.hour:02d}:{t.minute:02d}" if time else "")
    return f"{t.month}/{t.day}/{t.year}" + (f" {t.hour}:{t.minute:02d}" if time else "")


def tf(flag):
    return "TRUE" if flag else "FALSE"


def money(x):
    return f"${x:,.2f} " if x is not None else ""  # "$54,805.00 ", trailing space included, as the report writes it


def salesforce_reports(people):
    sf = [p for p in people if p["stage"] in ("sql", "opportunity", "customer", "mql", "disqualified")]
    sf = sorted(sf + R.sample([p for p in people if p not in sf and p["special"] != "disposable"], 80 - len(sf)), key=lambda p: p["created"])
    for p in sf:
        p.update(sf_id=sfid("00Q"), sf_source=pick(SF_SOURCES))
    accounts = {}  # domain -> Account ID

    def account(co):
        if co.domain not in accounts:
            accounts[co.domain] = sfid("001")
        return accounts[co.domain]
    opps = [{"id": sfid("006"), "co": p["co"], "p": p, "stage": WON if p["won"] else R.choice(OPEN_STAGES), "created": p["opp"],
             "closed": p["won"], "amount": R.randrange(12000, 180000, 250)} for p in sf if p["opp"]]
    for co in R.sample(COMPANIES[:30], 8):  # opportunities that did not come from a lead conversion
        stage, created = R.choice([LOST, LOST, LOST, WON, R.choice(OPEN_STAGES)]), rand_dt(START, T(2026, 10, 1))
        opps.append({"id": sfid("006"), "co": co, "p": None, "stage": stage, "created": created,
                     "amount": None if R.random() < .15 else R.randrange(8000, 250000, 500),
                     "closed": min(created + D(days=R.randint(20, 50)), END) if stage in (WON, LOST) else None})
    for o in opps:
        o["acct"] = account(o["co"])
        if o["p"]:
            o["p"]["opp_id"] = o["id"]
    big_scores = [p["i"] for p in sf if p["stage"] in ("hot", "customer")][:3]
    to_existing = [p for p in sf if p["stage"] == "warm"][:3]  # converted to a contact on an existing customer account, no opportunity
    for p in to_existing:
        p["conv_acct"] = account(R.choice([o["co"] for o in opps if o["p"]]))
    for co in COMPANIES[2:7] + [COMPANIES[22]] + R.sample(COMPANIES + REAL[:2], 40):  # accented names first, then fill to 30
        if len(accounts) < 30:
            account(co)

    rows = []
    for p in sf:
        stage, at_conv = p["stage"], ""
        status = {"cold": "Prospect" if R.random() < .06 else "Nurturing", "warm": "Nurturing", "hot": R.choice(["MQL", "MQL", "Nurturing"]),
                  "mql": "MQL", "sql": "Qualified" if p["i"] % 3 == 0 else "SQL", "disqualified": "Disqualified", "unsubscribed": "Nurturing"}.get(stage, "Converted")
        conv = status == "Converted" or p in to_existing
        if status == "Converted":
            at_conv = R.choice(["SQL", "SQL", "MQL", "Nurturing"])
        if p in to_existing:
            status = R.choice(["Converted", "Nurturing"])  # the lead record kept saying Nurturing after conversion: a real quirk
        acct_id = p.get("conv_acct") or (accounts[p["co"].domain] if conv else "")
        score = {"hot": (120, 420), "customer": (150, 900), "opportunity": (100, 600), "sql": (90, 300), "mql": (60, 160), "warm": (15, 80)}.get(stage, (0, 9))
        score = R.randint(1000, 3200) if p["i"] in big_scores else R.randint(*score)  # printed as "1,098"
        first_act, pardot = p["created"] - D(minutes=R.randint(2, 90)), R.random() < .85
        row = {column: pick(spec) for column, spec in LEAD_NOISE.items()}
        row.update({"City": p["co"].city if R.random() < .8 else "", "Converted": tf(conv), "Converted Account ID": acct_id,
                    "Converted Opportunity ID": p.get("opp_id", ""), "Country": R.choice([COUNTRY[p["cc"]]] + [COUNTRY[p["cc"]].upper()] * 5 + [""] * (p["i"] % 9 == 0)),
                    "Created Date": sfdt(p["created"]), "Email Opt Out": tf(p["opted_out"]), "Industry": p["co"].sf_industry,
                    "Key Account": tf(p["co"].employees > 2000), "Last Status Change": sfdt(p["sql"] or p["mql"], time=False), "Lead ID": p["sf_id"],
                    "Lead Source": p["sf_source"], "Lead Status at Conversion": at_conv, "LeadRecordType": RT_LEAD[:15] if R.random() < .9 else "",
                    "Record Type ID": RT_LEAD,
                    "Pardot Created Date": sfdt(first_act - D(minutes=5)) if pardot else "", "Pardot First Activity": sfdt(first_act) if pardot else "",
                    "Pardot Hard Bounced": tf(p["bounced"]),
                    "Pardot Last Activity": sfdt(rand_dt(p["created"], END)) if pardot and stage != "cold" else "",
                    "Pardot Last Scored At": sfdt(rand_dt(p["created"], END)), "Pardot Score": f"{score:,}",
                    "Product Category": "Subscription" if conv else "",
                    "State/Province": p["co"].region if p["cc"] == "US" else R.choice([p["co"].region, ".", "NON-US", ""]), "Status": status,
                    "Status (Simplified)": "Open", "# Converted Accounts": "1" if acct_id else "0", "# Converted Opportunities": "1" if p.get("opp_id") else "0",
                    "Conversion Rate": "100.00%" if conv else "0.00%", "Number of Records": "1", "Total Leads": "1"})
        if stage == "disqualified":
            row["Dead Reason"] = R.choice(["Other", "Competitor", "Non responsive", "Non responsive", "Contact has moved", "Marketing automation"])
        if pardot and R.random() < .4:
            row.update({"Pardot Conversion Date": sfdt(first_act), "Pardot Conversion Object Type": R.choice(["form handler", "form handler", "landing page"])})
        rows.append([row.get(h, "") for h in LEADS_HDR])
    write_csv(OUT / "salesforce_report_leads.csv", LEADS_HDR, rows, encoding="cp1252")

    rows, notes = [], list(LOST_NOTES)
    for o in opps:
        (name, prob, fc, fc1), p, closed = o["stage"], o["p"], o["closed"]
        close = closed or T(2026, 12, 31) + D(days=R.choice([0, 0, 90]))
        owner = REP_IDS[p["owner"][0]] if p else R.choice(list(REP_IDS.values()))
        contact, amount = sfid("003") if p else "", o["amount"]
        row = dict.fromkeys(["Backlog Rev", "Final Quote", "Forecast Q Prior Commit", "LDO", "Ship This Quarter", "Standard Application"], "FALSE")
        row.update({"Account ID": o["acct"], "Campaign ID": sfid("701") if R.random() < .4 else "", "Close Date": sfdt(close, time=False),
                    "Closed": tf(closed), "Contact ID": contact, "Primary Contact": contact, "Created By ID": owner, "Created by Lead Conversion": tf(p),
                    "Created Date": sfdt(o["created"]), "Date Opportunity was Closed": sfdt(closed, time=False),
                    "Fiscal Period": f"{close.year} {(close.month + 2) // 3}", "Fiscal Quarter": str((close.month + 2) // 3), "Fiscal Year": str(close.year),
                    "Forecast Category": fc, "Forecast Category1": fc1, "Forecast Q Commit": tf(name == "Commit"), "Has Line Item": tf(amount),
                    "Has Open Activity": tf(not closed and R.random() < .5), "Has Overdue Task": tf(not closed and R.random() < .2), "Industry": o["co"].sf_industry,
                    "Last Activity": sfdt(rand_dt(o["created"], END), time=False), "Last Modified By ID": owner, "Last Modified Date": sfdt(rand_dt(o["created"], END)),
                    "Last Stage Change Date": sfdt(closed or rand_dt(o["created"], END)), "Lead Source": p["sf_source"] if p else pick(SF_SOURCES),
                    "Opportunity ID": o["id"], "Order Finalized": tf(name == "Closed Won"), "Owner ID": owner, "Price Book ID": sfid("01s") if amount else "",
                    "Product Category": "Subscription", "Product of Interest": R.choice(["Signalpath Score", "Signalpath Sync", ""]), "Record Type ID": RT_OPP,
                    "Quote ID": sfid("0Q0") if prob >= 50 else "", "Registered Vendor (confirmed)": tf(prob == 100), "Stage": name,
                    "System Modstamp": sfdt(END - D(hours=3)), "Validated Customer Needs": tf(prob >= 30), "Won": tf(prob == 100), "Amount": money(amount),
                    "Expected Amount": money(amount * prob / 100) if amount else "", "Probability (%)": str(prob), "Push Count": "0",
                    "# Close Date Extensions": R.choice(["", "0", "0", "1"])})
        if name == "Closed Lost":
            row.update({"Closed Lost Reason": R.choice(["Non Responsive", "Lost or No Budget", "Other", "Price"]), "Other Closed Lost Details": notes.pop(0) if notes else ""})
        rows.append([row.get(h, "") for h in OPPS_HDR])
    write_csv(OUT / "salesforce_report_opportunities.csv", OPPS_HDR, rows, encoding="cp1252")

    kinds = {o["acct"]: "Customer" if o["stage"] == WON else "Prospect" for o in opps if o["stage"] != LOST}
    rows, by_domain = [], {c.domain: c for c in ALL_COMPANIES}
    for domain, acct_id in sorted(accounts.items(), key=lambda kv: kv[1]):
        co, created = by_domain[domain], rand_dt(START, T(2026, 9, 30))
        kind = kinds.get(acct_id) or ("Competitor" if co in REAL else R.choice(["", "", "Prospect", "Partner", "Reseller"]))
        row = {"Account ID": acct_id, "Account Name": co.name, "Account Rating": R.choice(["", "", "Warm", "Cold", "Hot"]), "Account Type": kind,
               "Application": R.choice(["", "Lead Scoring", "Lead Scoring;Data Sync"]), "Billing City": co.city if R.random() < .85 else "",
               "Billing Country": R.choice([COUNTRY[co.cc], COUNTRY[co.cc].upper(), "USA" if co.cc == "US" else COUNTRY[co.cc].upper()]),
               "Billing State/Province": co.region, "Created By ID": R.choice(list(REP_IDS.values())), "Created Date": sfdt(created),
               "Industry": co.sf_industry, "Is Demo Center": "FALSE", "Last Activity": sfdt(rand_dt(created, END), time=False),
               "Last Modified By ID": R.choice(list(REP_IDS.values())), "Last Modified Date": sfdt(rand_dt(created, END)),
               "Lead Type": "Potential Customer" if kind in ("Prospect", "") else "", "Life Science KeyAccount": "FALSE",
               "Owner ID": R.choice(list(REP_IDS.values())), "Ownership": R.choice(["", "", "", "Private", "Public"]), "Record Type ID": RT_ACCT,
               "Parent Account ID": accounts["zuercher-kontor.ch"] if domain == "bergwerk-treuhand.ch" else "",
               "System Modstamp": sfdt(END - D(hours=2)), "Employees": f"{co.employees:,}" if R.random() < .3 else ""}
        if R.random() < .2:
            row.update({"Shipping City": co.city, "Shipping Country": R.choice([COUNTRY[co.cc], COUNTRY[co.cc].upper()]), "Shipping State/Province": co.region})
        rows.append([row.get(h, "") for h in ACCTS_HDR])
    write_csv(OUT / "salesforce_report_accounts.csv", ACCTS_HDR, rows, encoding="cp1252")
    return sf, len(opps), len(accounts)


# --- Salesforce exports with API field names: sfdx data tree JSON and a Data Loader CSV ---------------------------------------------------------
CLASSIC = {"cold": "Open - Not Contacted", "warm": "Working - Contacted", "hot": "Working - Contacted", "mql": "Open - Not Contacted", "sql": "Working - Contacted",
           "opportunity": "Closed - Converted", "customer": "Closed - Converted", "disqualified": "Closed - Not Converted", "unsubscribed": "Open - Not Contacted"}
RATING = {"hot": "Hot", "sql": "Hot", "opportunity": "Hot", "customer": "Warm", "warm": "Warm", "mql": "Warm", "cold": "Cold"}
API_SOURCES = ["Web", "Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Trade Show", "Webinar", "Other"]


def salesforce_api(people):
    valid = [p for p in people if p["special"] not in ("malformed", "disposable")]
    fresh, in_sf = [p for p in valid if not p["sf_id"]], [p for p in valid if p["sf_id"]]
    records = []
    for n, p in enumerate(R.sample(fresh, 9) + R.sample(in_sf, 6), start=1):
        co = p["co"]
        rec = {"Company": co.name, "Country": R.choice([COUNTRY[co.cc], co.cc, "USA" if co.cc == "US" else co.cc]), "Email": p["email"],
               "FirstName": p["first"], "IsConverted": bool(p["opp"]), "LastName": p["last"], "LeadSource": R.choice(API_SOURCES), "Phone": p["phone_local"],
               "Product_Interest__c": R.choice(["Lead Scoring", "Data Sync", "Routing"]), "Status": CLASSIC[p["stage"]], "Title": p["title"]}
        if n == 4:
            rec.update(Status="Closed - Converted", IsConverted=False)  # as in Salesforce's own demo data: the status says converted, the flag does not
        if R.random() < .7:
            rec.update(Industry=co.sf_industry, NumberOfEmployees=co.employees)
        if R.random() < .4:
            rec["AnnualRevenue"] = co.revenue
        if p["stage"] in RATING and R.random() < .6:
            rec["Rating"] = RATING[p["stage"]]
        if co.cc == "US":
            rec["State"] = co.region
        records.append({"attributes": {"type": "Lead", "referenceId": f"LeadRef{n}"}, **dict(sorted(rec.items()))})
    (OUT / "salesforce_api_leads.json").write_text(json.dumps({"records": records}, indent=4, ensure_ascii=False), encoding="utf-8")

    header = cols("Id,FirstName,LastName,Company,Email,Title,LeadSource,Status,Rating,Industry,NumberOfEmployees,AnnualRevenue,CreatedDate,"
                  "IsConverted,ConvertedDate,OwnerId,HasOptedOutOfEmail,Phone,Country,Website")
    rows = [[p["sf_id"], p["first"], p["last"], p["co"].name, p["email"], p["title"], R.choice(API_SOURCES), CLASSIC[p["stage"]],
             RATING.get(p["stage"], "") if R.random() < .7 else "", p["co"].sf_industry, p["co"].employees if R.random() < .8 else "",
             p["co"].revenue if R.random() < .5 else "", p["created"].strftime("%Y-%m-%dT%H:%M:%S.000Z"), str(bool(p["opp"])).lower(),
             p["opp"].date().isoformat() if p["opp"] else "", REP_IDS[(p["owner"] or REPS[p["i"] % 4])[0]], str(p["opted_out"]).lower(),
             R.choice([p["phone_intl"], p["phone_local"]]), COUNTRY[p["cc"]], f"www.{p['co'].domain}"]
            for p in sorted(R.sample(in_sf, 30), key=lambda p: p["created"])]
    write_csv(OUT / "salesforce_api_leads.csv", header, rows, eol="\n")
    return len(records), len(rows)


# --- HubSpot contacts export (UTF-8 with BOM, display labels) -----------------------------------------------------------------------------------
HS_HDR = cols("Record ID,First Name,Last Name,Email,Phone Number,Company Name,Website URL,Job Title,Country/Region,Industry,Number of Employees,Annual Revenue,Lifecycle Stage,Lead Status,Create Date,Became a Lead Date,Became a Marketing Qualified Lead Date,Became a Sales Qualified Lead Date,Became an Opportunity Date,Became a Customer Date,Contact owner,Original Source,Unsubscribed from all email,HubSpot Score,Last Activity Date,Budget,Authority,Need,Timeline")
HS_STAGE = {"cold": ["Subscriber", "Lead"], "warm": ["Lead"], "mql": ["Marketing Qualified Lead"], "sql": ["Sales Qualified Lead"], "opportunity": ["Opportunity"],
            "customer": ["Customer"], "disqualified": ["Lead"], "unsubscribed": ["Subscriber", "Lead"]}
HS_STATUS = {"cold": ["New", "New", ""], "warm": ["Open", "Attempted to Contact", "New"], "hot": ["New", "Attempted to Contact", "Connected"], "mql": ["New", "Open"],
             "sql": ["In Progress"], "opportunity": ["Open Deal"], "customer": ["Connected"], "disqualified": ["Unqualified"], "unsubscribed": ["Bad Timing", ""]}


def hubspot(people):
    special = [p for p in people if p["special"] in ("role", "malformed")][:3]
    pool = [p for p in people if p["stage"] != "cold" and p not in special] + R.sample([p for p in people if p["stage"] == "cold" and not p["special"]], 12)
    hs = lambda t: t.strftime("%Y-%m-%d %H:%M") if t else ""
    rows = []
    for p in sorted(special + R.sample(pool, 47), key=lambda p: p["created"]):
        p["hs_id"], s, co = str(R.randint(10**10, 9 * 10**10)), p["stage"], p["co"]
        life = R.choice(HS_STAGE.get(s) or (["Marketing Qualified Lead"] if p["mql"] else ["Lead"]))
        bant = ["", "", "", ""]
        if s in ("sql", "opportunity", "customer") and R.random() < .7:
            bant = [R.choice(["Approved", "Requested", ""]), R.choice(["Decision maker", "Influencer"]), "Confirmed", R.choice(["This quarter", "Next quarter"])]
        rows.append([p["hs_id"], p["first"], p["last"], variant(p["email"]), R.choice([p["phone_intl"], p["phone_local"], ""]), co.name,
                     website(co.domain) if R.random() < .8 else "", p["title"], COUNTRY[co.cc] if R.random() < .9 else "", co.industry if R.random() < .6 else "",
                     str(co.employees) if R.random() < .5 else "", str(co.revenue) if R.random() < .3 else "", life, R.choice(HS_STATUS[s]), hs(p["created"]),
                     hs(p["created"] + D(minutes=R.randint(0, 30))) if life != "Subscriber" else "", hs(p["mql"]) if life != "Lead" else "", hs(p["sql"]),
                     hs(p["opp"]), hs(p["won"]), p["owner"][1] if p["owner"] else "",
                     R.choice(["Organic Search", "Paid Search", "Direct Traffic", "Social Media", "Referrals", "Email Marketing", "Offline Sources"]),
                     "true" if p["opted_out"] else R.choice(["false", "false", ""]),
                     str(R.randint(55, 95) if s in ("hot", "customer", "opportunity") else R.randint(0, 45)), hs(rand_dt(p["created"], END)), *bant])
    write_csv(OUT / "hubspot_contacts.csv", HS_HDR, rows, bom=True)
    return len(rows)


# --- web-form export (semicolon-delimited, European tool) ---------------------------------------------------------------------------------------
FORMS = [("Demo Request", "google", "cpc", "2026-q4-demo"), ("Ebook: Lead Scoring Playbook", "linkedin", "paid_social", "2026-ebook-scoring"),
         ("Contact Sales", "", "", ""), ("Newsletter Signup", "newsletter", "email", "nl-2026-10"), ("Pricing Inquiry", "google", "organic", ""),
         ("Webinar Registration", "partner_reseller", "referral", "webinar-2026-11-scoring")]
SPELLINGS = {"DE": ["Germany", "DE", "Deutschland"], "CH": ["Switzerland", "CH", "Schweiz"], "FR": ["France", "FR"], "ES": ["Spain", "España", "ES"]}


def webform(people):
    header = cols("submitted_at,email,first_name,last_name,company,job_title,phone,country,website,form_name,utm_source,utm_medium,utm_campaign,"
                  "consent_marketing")
    pool = [p for p in people if p["stage"] in ("hot", "warm", "mql", "sql", "opportunity") or p["special"] in ("disposable", "malformed")]
    subs = []  # (time, person, row)
    for p in R.sample(pool, 34) + R.sample([p for p in people if p["stage"] == "hot"], 4):  # 4 hot people come back a second time
        form = FORMS[0] if p["stage"] == "hot" and R.random() < .6 else R.choice(FORMS)
        t = rand_dt(T(2026, 11, 5), END) if form == FORMS[0] and p["stage"] == "hot" else rand_dt(p["created"], END)
        local = dict(zip(TITLES, LOCAL_TITLES.get(p["loc"], [])))
        title = local.get(p["level"], p["title"]) if R.random() < .7 else p["title"]
        title += ("; DACH" if "EMEA" in title else "; EMEA") if p["i"] % 9 == 2 else ""  # a quoted field holding the delimiter
        company = p["co"].name + (" ; Niederlassung Süd" if p["cc"] == "DE" and R.random() < .25 else "")
        subs.append((t, p, form[0], [t.strftime("%Y-%m-%d %H:%M:%S"), variant(p["email"], .25), p["first"], p["last"], company, title,
                                     R.choice([p["phone_intl"], p["phone_local"], ""]), R.choice(SPELLINGS.get(p["cc"], [COUNTRY[p["cc"]], p["cc"]])),
                                     website(p["co"].domain) if R.random() < .6 else "", form[0], *form[1:],
                                     "no" if p["opted_out"] else R.choice(["yes", "yes", "no", ""])]))
    subs.sort(key=lambda s: s[0])
    rows = [s[3] for s in subs]
    rows.insert(16, rows[15][:-1])  # MALFORMED, data row 17: a repeated submission cut short, consent_marketing missing (13 fields)
    rows.insert(29, rows[28][:5] + ["Head of Sales", "EMEA"] + rows[28][6:])  # MALFORMED, data row 30: an unquoted ';' split job_title (15 fields)
    write_csv(OUT / "webform_leads.csv", header, rows, eol="\n", delimiter=";")
    return len(rows), [s[:3] for s in subs]


# --- Zoom webinar attendee report -------------------------------------------------------------------------------------------------------------
def zoom(people):
    start, z = T(2026, 11, 12, 15, 58), lambda t: f"{t:%b} {t.day}, {t:%Y %I:%M %p}"
    registered = R.sample([p for p in people if p["stage"] in ("hot", "warm", "sql", "opportunity", "customer", "mql")], 20) + \
        R.sample([p for p in people if p["stage"] in ("cold", "unsubscribed") and not p["special"]], 6)
    rows, went = [], []
    for n, p in enumerate(registered):
        name = f"{p['first']} {p['last']}" + (f" ({p['first']}'s iPad)" if n % 11 == 4 else "")
        who = [name, p["first"], p["last"], variant(p["email"], .2), z(rand_dt(T(2026, 10, 20), start - D(hours=2))), "approved"]
        tail = ["Yes", COUNTRY[p["cc"]], p["title"] or "--", p["co"].name]
        if n >= 22 or (p["stage"] == "cold" and n % 2):  # registered, never showed up
            rows.append(["No", *who, "--", "--", "--", *tail])
            continue
        join = start + D(minutes=R.randint(0, 12))
        spans = [(join, start + D(minutes=R.randint(25, 64)))]
        if n % 7 == 3:  # dropped out and rejoined: Zoom writes one row per session
            spans = [(join, join + D(minutes=R.randint(8, 20))), (join + D(minutes=26), start + D(minutes=R.randint(50, 64)))]
        rows += [["Yes", *who, z(a), z(b), str((b - a).seconds // 60), *tail] for a, b in spans]
        went.append((join, p, "webinar"))
    person_hdr = cols("Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),Is Guest,Country/Region Name")
    staff = lambda name, before, minutes, country: ["Yes", name, name.lower().replace(" ", ".") + "@signalpath.io", z(start - D(minutes=before)),
                                                    z(start - D(minutes=before - minutes)), str(minutes), "No", country]
    lines = [["Attendee Report"], ["Report Generated:", "Nov 13, 2026 09:20 AM"],
             cols("Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),# Registered,# Cancelled registrations,Unique Viewers,Total Users,"
                  "Max Concurrent Views"),
             ["Lead Scoring That Sales Actually Trusts", "872 5510 4431", z(start), "66", str(len(registered)), "2", str(len(went)),
              str(sum(r[0] == "Yes" for r in rows)), str(len(went) - 3)], [],
             ["Host Details"], person_hdr, staff("Lena Hartmann", 17, 85, "Germany"), [],
             ["Panelist Details"], person_hdr, staff("Marcus Feld", 9, 75, "Germany"), staff("Priya Natarajan", 6, 72, "United States"), [],
             ["Attendee Details"], person_hdr[:2] + ["First Name", "Last Name", "Email", "Registration Time", "Approval Status"] + person_hdr[3:] +
             ["Job Title", "Organization"], *rows]
    write_csv(OUT / "zoom_webinar_attendees.csv", None, lines, bom=True)
    return len(rows), went


# --- activity events -----------------------------------------------------------------------------------------------------------------------------
MIX = {"page_view": 38, "email_open": 26, "email_click": 10, "content_download": 6, "pricing_page_view": 3}
PAGES = ["/", "/product/scoring", "/product/sync", "/blog/mql-vs-sql", "/blog/intent-data-101", "/customers", "/integrations/hubspot", "/docs/quickstart"]
CAMPAIGNS = ["nl-2026-09", "nl-2026-10", "2026-ebook-scoring", "2026-q4-demo", "webinar-2026-11-scoring", "nurture-track-b"]


def activity_events(people, touchpoints):
    ev = [(t, p, "form_submit" if kind != "webinar" else "webinar_attended", "automation",
           f"{SITE}/forms/{kind.split(':')[0].lower().replace(' ', '-')}" if kind != "webinar" else "", "webinar-2026-11-scoring" if kind == "webinar" else "")
          for t, p, kind in touchpoints]  # (time, person, type, actor, url, campaign)
    for p in people:
        lo, hi = p["created"], END
        if p["opted_out"]:
            hi = rand_dt(lo + D(days=5), END)
            ev.append((hi, p, "unsubscribe", "automation", f"{SITE}/preferences/unsubscribe", R.choice(CAMPAIGNS[:2])))
        for _ in range(R.randint(*STAGES[p["stage"]][2])):
            kind = R.choices(list(MIX), list(MIX.values()))[0]
            t = max(lo, hi - D(hours=R.expovariate(1 / 300))) if p["stage"] == "hot" else rand_dt(lo, hi)  # hot people: mostly recent
            url = {"page_view": SITE + R.choice(PAGES), "pricing_page_view": f"{SITE}/pricing", "email_click": SITE + R.choice(PAGES) + "?utm_medium=email",
                   "content_download": f"{SITE}/resources/lead-scoring-playbook.pdf"}.get(kind, "")
            ev.append((t, p, kind, "automation", url, R.choice(CAMPAIGNS) if kind.startswith(("email", "content")) or R.random() < .1 else ""))
        if p["stage"] == "hot":  # repeated pricing views and a demo request in the last two weeks
            ev += [(rand_dt(T(2026, 11, 6), END), p, "pricing_page_view", "automation", f"{SITE}/pricing" + R.choice(["", "?plan=growth"]), "")
                   for _ in range(R.randint(3, 6))]
            ev.append((rand_dt(T(2026, 11, 9), END), p, "demo_request", "automation", f"{SITE}/demo", "2026-q4-demo"))
        if p["sql"]:
            ev.append((p["sql"] - D(days=1), p, "demo_request", "automation", f"{SITE}/demo", "2026-q4-demo"))
        if p["bounced"]:
            ev.append((rand_dt(lo, END), p, "email_bounce", "automation", "", R.choice(CAMPAIGNS[:2])))
        if p["owner"] and (p["mql"] or p["stage"] == "disqualified"):  # sales touches after the MQL date
            t = p["mql"] or p["created"] + D(days=3)
            for kind in ["sales_email_sent", "call_logged", "sales_email_sent", "call_logged"][:R.randint(1, 4)] + ["meeting_booked"] * bool(p["sql"]):
                t += D(hours=R.randint(2, 70))
                ev.append((min(t, END), p, kind, p["owner"][0], "", ""))
    rows = []
    for t, p, kind, actor, url, campaign in sorted(ev, key=lambda e: (e[0], e[1]["i"], e[2])):
        email, crm, ids = variant(p["email"], .05), "", [x for x in (p["hs_id"], p["sf_id"]) if x]
        if ids and R.random() < .12:  # the CRM id instead of (or next to) the email
            crm, email = R.choice(ids), "" if R.random() < .6 else email
        rows.append([f"evt_{R.getrandbits(48):012x}", t.strftime("%Y-%m-%dT%H:%M:%SZ"), email, crm, kind, actor, url, campaign])
    write_csv(OUT / "activity_events.csv", cols("event_id,occurred_at,email,crm_id,event_type,actor,url,campaign"), rows, eol="\n")
    return len(rows)


# --- intent (Bombora Company Surge style), firmographic reference, X Education layout, bad files ------------------------------------------------
TOPICS = {"Lead Scoring": "Marketing Technology", "Marketing Automation": "Marketing Technology", "Customer Data Platform": "Data Management",
          "Sales Intelligence": "Sales", "Revenue Operations": "Sales", "Data Warehousing": "Data Management"}


def intent(people):
    buying = {p["co"].domain for p in people if p["stage"] in ("hot", "sql", "opportunity")}
    companies = [c for c in COMPANIES if c.domain in buying][:10] + R.sample([c for c in COMPANIES if c.domain not in buying], 10) + [REAL[2], REAL[6]]
    rows = []
    for co in companies:
        surging = co.domain in buying
        for topic in R.sample(list(TOPICS), R.randint(1, 2)):
            for k in range(11):  # weeks of 2026-09-07 .. 2026-11-16; buying companies surge (>= 60) in the last three
                if R.random() < (.5 if surging else .3):
                    score = min(99, R.randint(20, 58) + (R.randint(15, 40) if surging and k >= 8 else 0))
                    rows.append([(dt.date(2026, 9, 7) + D(weeks=k)).isoformat(), co.domain, co.name.upper().rstrip(".") if R.random() < .3 else co.name,
                                 topic, TOPICS[topic], str(score), "A" if score >= 80 else "B" if score >= 60 else "C"])
    write_csv(OUT / "intent_surge.csv", cols("Week,Domain,Company Name,Topic,Topic Cluster,Composite Score,Bucket Code"), sorted(rows), eol="\n")
    return len(rows)


def reference():
    rows = [[c.domain, c.name, c.industry, c.employees, c.revenue, c.cc, c.city, c.founded] for c in ALL_COMPANIES if c.in_ref]
    header = cols("domain,company_name,industry,employee_count,annual_revenue_usd,country_code,city,founded_year")
    write_csv(REF / "companies.csv", header, rows, eol="\n")
    return len(rows)


XE_HDR = cols("Prospect ID,Lead Number,Lead Origin,Lead Source,Do Not Email,Do Not Call,Converted,TotalVisits,Total Time Spent on Website,Page Views Per Visit,Last Activity,Country,Specialization,How did you hear about X Education,What is your current occupation,What matters most to you in choosing a course,Search,Magazine,Newspaper Article,X Education Forums,Newspaper,Digital Advertisement,Through Recommendations,Receive More Updates About Our Courses,Tags,Lead Quality,Update me on Supply Chain Content,Get updates on DM Content,Lead Profile,City,Asymmetrique Activity Index,Asymmetrique Profile Index,Asymmetrique Activity Score,Asymmetrique Profile Score,I agree to pay the amount through cheque,A free copy of Mastering The Interview,Last Notable Activity")


def pick(spec):
    """pick("Google:30|Direct Traffic:26|:2") -> one value, by weight (an empty value is allowed)."""
    values, weights = zip(*(item.rsplit(":", 1) for item in spec.split("|")))
    return R.choices(values, [float(w) for w in weights])[0]


def x_education():
    converted, numbers, rows = set(R.sample(range(60), 23)), sorted(R.sample(range(700000, 712000), 60), reverse=True), []
    for n in range(60):
        c = n in converted
        visits = pick("0:20|1:5|2:18|3:14|4:12|5:8|6:5|8:3|11:2|:2")
        v = int(visits or 0)
        act = pick("01.High:2|02.Medium:8|03.Low:1") if R.random() < .55 else ""
        prof = pick("01.High:5|02.Medium:6|03.Low:1") if act else ""
        rows.append([str(uuid.UUID(int=R.getrandbits(128), version=4)), str(numbers[n]),
                     pick(f"Landing Page Submission:5|API:4|Lead Add Form:{2 if c else .5}|Lead Import:.3"),
                     pick(f"Google:30|Direct Traffic:26|Olark Chat:18|Organic Search:12|Reference:{8 if c else 2}|Welingak Website:2|google:1|bing:.5|Facebook:1|:.5"),
                     pick("No:9|Yes:1"), "No", str(int(c)), visits, "0" if v == 0 else str(R.randint(40, 1900) + 500 * c),
                     "" if not visits else "0" if v == 0 else R.choice([str(v), str(v), f"{v / 2:g}", f"{R.uniform(1, 4):.2f}"]),
                     pick(f"Email Opened:35|SMS Sent:{27 if c else 15}|Olark Chat Conversation:10|Page Visited on Website:7|Converted to Lead:4|Email Bounced:3|"
                          "Email Link Clicked:3|Unreachable:1|Unsubscribed:1|:1"),
                     pick("India:70|:24|United States:2|United Arab Emirates:2|Singapore:1"),
                     pick("Select:20|:15|Finance Management:11|Human Resource Management:9|Marketing Management:9|Operations Management:5|"
                          "Business Administration:4|IT Projects Management:4|Supply Chain Management:4"),
                     pick("Select:55|:24|Online Search:9|Word Of Mouth:4|Student of SomeSchool:3|Other:2"),
                     pick("Working Professional:20|Unemployed:55|:20|Student:5" if c else "Unemployed:62|:31|Student:3|Working Professional:2"),
                     pick("Better Career Prospects:70|:29"), pick("No:99|Yes:1"), *["No"] * 7,
                     pick("Will revert after reading the email:6|Closed by Horizzon:3|:3" if c else
                          ":5|Ringing:4|Interested in other courses:2|Already a student:2|switched off:1|Busy:1|Lost to EINS:1"),
                     pick("High in Relevance:3|Might be:3|:4" if c else ":5|Not Sure:2|Worst:2|Low in Relevance:2|Might be:1"), "No", "No",
                     pick("Potential Lead:5|Select:3|:2" if c else "Select:5|:3|Other Leads:1|Student of SomeSchool:1"),
                     pick("Mumbai:35|Select:24|:15|Thane & Outskirts:8|Other Cities:7|Other Cities of Maharashtra:5|Other Metro Cities:4"), act, prof,
                     str(R.randint(*{"01.High": (16, 18), "02.Medium": (13, 15), "03.Low": (8, 12)}[act])) if act else "",
                     str(R.randint(*{"01.High": (17, 20), "02.Medium": (14, 16), "03.Low": (11, 13)}[prof])) if prof else "", "No", pick("No:7|Yes:3"),
                     pick(f"Modified:35|Email Opened:30|SMS Sent:{25 if c else 10}|Page Visited on Website:4|Olark Chat Conversation:3|Email Link Clicked:2|"
                          "Email Bounced:1|Unsubscribed:1|Had a Phone Conversation:1")])
    write_csv(OUT / "x_education_leads.csv", XE_HDR, rows)
    return len(rows)


def bad_files():
    (BAD / "empty.csv").write_bytes(b"")
    (BAD / "binary.csv").write_bytes(b"PK\x03\x04\x00\x00" + bytes(R.getrandbits(8) for _ in range(1978)) + b"\x00" * 64)
    write_csv(BAD / "unknown_format.csv", ["sku", "price", "qty"], [["SKU-1001", "19.99", "3"], ["SKU-1002", "4.50", "12"], ["SKU-1003", "129.00", "1"]])
    good = [[str(31000000001 + k), "Lee", f"Tester{k}", f"lee.tester{k}@kestrelcloud.io"] + [""] * 8 + ["Lead", "New", f"2026-10-0{k + 1} 10:00"] + [""] * 14
            for k in range(5)]
    write_csv(BAD / "truncated_hubspot.csv", HS_HDR, good, bom=True)
    with open(BAD / "truncated_hubspot.csv", "ab") as handle:  # the export stopped inside an open quoted field
        handle.write(b'31000000006,Rui,Tester,rui.tester@kestrelcloud.io,,Kestrel Cloudworks,,"Head of Data, Platf')


def main():
    for folder in (OUT, BAD, REF):
        folder.mkdir(parents=True, exist_ok=True)
    people = build_cast()
    sf, n_opps, n_accounts = salesforce_reports(people)
    n_json, n_api = salesforce_api(people)
    counts = {"people": len(people), "sf_report_leads": len(sf), "sf_report_opportunities": n_opps, "sf_report_accounts": n_accounts,
              "sf_api_json": n_json, "sf_api_csv": n_api, "hubspot": hubspot(people)}
    counts["webform"], forms = webform(people)
    counts["zoom_attendee_rows"], attended = zoom(people)
    counts.update(activity_events=activity_events(people, forms + attended), intent=intent(people), reference=reference(), x_education=x_education())
    bad_files()
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
