"""The mixed load of docs/performance.md (issue 17, item 5, R8), for Locust; `scripts/loadtest` runs it.

Professionals of the local teams work through their worklist, search their households, read household pages,
cases and the radar, and save analyses and plans; Veilig Thuis takes in reports and reads its triage list;
parents read their own plan and their processing log in the portal. Each simulated user signs in as a
professional or household member of its own, through the sign-in page, as a person would; writes go through
the API with that professional's token, as a partner system's would.

Accounts are made before the first user starts (`setup`), with the `regie` command on the same database:
passwords for the synthetic professionals, API tokens, and portal accounts for a parent in households the
local team professionals work with. All names and numbers are the generator's fictional ones.
"""

import itertools
import os
import random
import re
import subprocess
import threading

from locust import HttpUser, between, events, task

BIN = os.environ["REGIE_BIN"]
DATABASE = os.environ["REGIE_DATABASE"]
USERS = int(os.environ.get("REGIE_LOAD_USERS", "200"))
# Fictional: the synthetic region's accounts exist only in a benchmark database.
PASSWORD = "proef-wachtwoord-2026"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
CASE_LINK = re.compile(r'href="/zaken/([0-9a-f-]{36})/')
HOUSEHOLD_LINK = re.compile(r'href="/huishoudens/([0-9a-f-]{36})"')
SIGNAL_LINK = re.compile(r'href="/signalen/([0-9a-f-]{36})"')
# The start of family names the generator uses: what a professional types in the search box.
SEARCHES = ["jan", "de v", "bak", "vis", "smi", "mei", "de b", "mul", "van d", "el a"]

# Who signs in as whom: filled by `setup`, taken one by one by the users as they start.
ACCOUNTS = {"local": [], "vt": [], "family": []}
# Households some local team works with, for Veilig Thuis's reports.
KNOWN_HOUSEHOLDS = []
TAKEN = {kind: itertools.count() for kind in ACCOUNTS}
LOCK = threading.Lock()

# How many users of each kind, of every 10.
WEIGHTS = {"local": 6, "vt": 2, "family": 2}


def regie(*args, stdin=None):
    """Runs the regie command on the load test's database and returns what it printed."""
    out = subprocess.run(
        [BIN, *args, "--database", DATABASE],
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def professional(username):
    """Sets the professional's password and returns their API token."""
    regie("account", "password", "--user", username, stdin=PASSWORD + "\n")
    return regie("token", "issue", "--user", username).splitlines()[-1]


@events.test_start.add_listener
def setup(environment, **_kwargs):
    """Makes the accounts the users sign in with (once, before the first user starts)."""
    import requests

    counts = {kind: USERS * w // sum(WEIGHTS.values()) + 1 for kind, w in WEIGHTS.items()}
    for i in range(counts["local"]):
        username = f"synth-local-{i}"
        ACCOUNTS["local"].append((username, professional(username)))
    for i in range(counts["vt"]):
        username = f"synth-vt-{i}"
        ACCOUNTS["vt"].append((username, professional(username)))
    # A parent (or another adult) of a household each local team professional works with gets a portal
    # account, until there are enough.
    host = environment.host
    for _, token in ACCOUNTS["local"]:
        auth = {"Authorization": f"Bearer {token}"}
        page = requests.get(f"{host}/api/v1/households?limit=5", headers=auth, timeout=30).json()
        for summary in page["items"]:
            household = summary["id"]
            KNOWN_HOUSEHOLDS.append(household)
            if len(ACCOUNTS["family"]) >= counts["family"]:
                continue
            detail = requests.get(f"{host}/api/v1/households/{household}", headers=auth, timeout=30).json()
            adults = [m for m in detail["members"] if m["current"] and m["membership"]["relation"] == "parent"]
            if adults:
                username = f"synth-gezin-{len(ACCOUNTS['family'])}"
                regie(
                    "account", "portal", "--person", adults[0]["person"]["id"], "--user", username,
                    stdin=PASSWORD + "\n",
                )
                ACCOUNTS["family"].append((username, None))
    print(
        f"setup: {len(ACCOUNTS['local'])} local team professionals, {len(ACCOUNTS['vt'])} at Veilig Thuis, "
        f"{len(ACCOUNTS['family'])} parents in the portal, {len(KNOWN_HOUSEHOLDS)} households for reports"
    )


class Signed(HttpUser):
    """A user who signs in through the sign-in page with an account of their own kind."""

    abstract = True
    kind = ""
    wait_time = between(1, 5)

    def on_start(self):
        with LOCK:
            accounts = ACCOUNTS[self.kind]
            self.username, self.token = accounts[next(TAKEN[self.kind]) % len(accounts)]
        page = self.client.get("/inloggen", name="/inloggen")
        csrf = CSRF.search(page.text).group(1)
        form = {"csrf": csrf, "username": self.username, "password": PASSWORD}
        with self.client.post("/inloggen", data=form, name="POST /inloggen", catch_response=True) as r:
            # The sign-in page again means the sign-in was refused.
            if 'action="/inloggen"' in r.text:
                r.failure(f"sign-in refused for {self.username}")

    def api(self, method, path, name, **kwargs):
        """A call to the API with the professional's token."""
        headers = {"Authorization": f"Bearer {self.token}"}
        return self.client.request(method, f"/api/v1{path}", headers=headers, name=name, **kwargs)


class LocalTeam(Signed):
    """A professional of a local team: their worklist, households, cases, the radar; analyses and plans."""

    weight = WEIGHTS["local"]
    kind = "local"

    def on_start(self):
        super().on_start()
        self.cases, self.households = [], []
        self.worklist()

    @task(3)
    def worklist(self):
        page = self.client.get("/werklijst", name="/werklijst").text
        found = HOUSEHOLD_LINK.findall(page)
        if found:
            self.households = list(dict.fromkeys(found))

    @task(2)
    def search(self):
        page = self.client.get(f"/huishoudens?q={random.choice(SEARCHES)}", name="/huishoudens?q=").text
        found = HOUSEHOLD_LINK.findall(page)
        if found:
            self.households = list(dict.fromkeys(self.households + found))[-50:]

    @task(4)
    def household(self):
        """The household page, with its open case and timeline."""
        if self.households:
            page = self.client.get(f"/huishoudens/{random.choice(self.households)}", name="/huishoudens/{id}").text
            self.cases = list(dict.fromkeys(self.cases + CASE_LINK.findall(page)))[-20:]

    @task(2)
    def analysis_page(self):
        if self.cases:
            self.client.get(f"/zaken/{random.choice(self.cases)}/analyse", name="/zaken/{id}/analyse")

    @task(2)
    def plan_page(self):
        if self.cases:
            self.client.get(f"/zaken/{random.choice(self.cases)}/plan", name="/zaken/{id}/plan")

    @task(1)
    def radar(self):
        if self.households:
            self.client.get(f"/huishoudens/{random.choice(self.households)}/radar", name="/huishoudens/{id}/radar")

    def save_analysis(self, case):
        """A new version of the joint analysis: a line of what works for every current member."""
        household = self.api("GET", f"/households/{case['household_id']}", "GET /api/v1/households/{id}").json()
        members = [
            {"person_id": m["person"]["id"], "what_works": {"professionals": "Afspraken worden nagekomen."}}
            for m in household["members"]
            if m["current"]
        ]
        body = {"version": case["version"], "members": members}
        return self.api("POST", f"/cases/{case['id']}/analysis", "POST /api/v1/cases/{id}/analysis", json=body)

    @task(1)
    def analysis(self):
        if self.cases:
            self.save_analysis(self.api("GET", f"/cases/{random.choice(self.cases)}", "GET /api/v1/cases/{id}").json())

    @task(1)
    def plan(self):
        """A new version of the safety plan; the analysis comes first where there is none yet."""
        if not self.cases:
            return
        case = self.api("GET", f"/cases/{random.choice(self.cases)}", "GET /api/v1/cases/{id}").json()
        if case["route"]["analysis"] is None:
            case = self.save_analysis(case).json()
        body = {
            "version": case["version"],
            "goals": ["De kinderen gaan elke dag naar school."],
            "conditions": ["Er wordt in huis niet geslagen."],
        }
        self.api("POST", f"/cases/{case['id']}/plan", "POST /api/v1/cases/{id}/plan", json=body)


class VeiligThuis(Signed):
    """A Veilig Thuis professional: reports come in, the triage list, a report's page."""

    weight = WEIGHTS["vt"]
    kind = "vt"

    def on_start(self):
        super().on_start()
        self.signals = []

    @task(2)
    def report(self):
        """A neighbour's report about a household a local team works with."""
        body = {
            "kind": "report",
            "reporter": {"category": "neighbour"},
            "household_id": random.choice(KNOWN_HOUSEHOLDS),
            "observed": "De buren horen 's avonds geschreeuw en een kind dat huilt.",
        }
        r = self.api("POST", "/signals", "POST /api/v1/signals", json=body)
        if r.ok:
            self.signals = (self.signals + [r.json()["id"]])[-20:]

    @task(3)
    def triage(self):
        page = self.client.get("/triage", name="/triage").text
        self.signals = list(dict.fromkeys(self.signals + SIGNAL_LINK.findall(page)))[-20:]

    @task(2)
    def signal(self):
        if self.signals:
            self.client.get(f"/signalen/{random.choice(self.signals)}", name="/signalen/{id}")


class Family(Signed):
    """A parent in the portal: the family's page, their plan, who looked at their data."""

    weight = WEIGHTS["family"]
    kind = "family"

    @task(3)
    def portal(self):
        self.client.get("/portaal", name="/portaal")

    @task(2)
    def plan(self):
        self.client.get("/portaal/plan", name="/portaal/plan")

    @task(1)
    def processing_log(self):
        self.client.get("/portaal/verwerkingen", name="/portaal/verwerkingen")
