//! What the API test files share: a test app on a fresh store with one professional per organisation kind,
//! and a macro that runs each test on SQLite and on PostgreSQL.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use regie_access::Access;
use regie_domain::{
    Organisation, OrganisationId, OrganisationKind, Professional, ProfessionalId, Region, RegionId, Team, TeamId,
};
use regie_store::{HouseholdQuery, Store};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use tower::ServiceExt;

/// Runs each named test function on a fresh SQLite and a fresh PostgreSQL store.
#[macro_export]
macro_rules! api_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test]
            async fn $name() {
                let t = regie_store::testing::sqlite().await;
                super::$name(super::common::TestApp::new(t.store.clone()).await).await;
            })*
        }
        mod postgres {
            $(#[tokio::test]
            async fn $name() {
                let t = regie_store::testing::postgres().await;
                super::$name(super::common::TestApp::new(t.store.clone()).await).await;
            })*
        }
    };
}

pub struct TestApp {
    pub router: Router,
    pub store: Arc<dyn Store>,
    pub tokens: HashMap<&'static str, String>,
    pub ids: HashMap<&'static str, ProfessionalId>,
}

pub const USERS: &[(&str, OrganisationKind)] = &[
    ("local", OrganisationKind::LocalTeam),
    ("local2", OrganisationKind::LocalTeam),
    ("colleague", OrganisationKind::LocalTeam),
    ("vt", OrganisationKind::Vt),
    ("rvdk", OrganisationKind::Rvdk),
    ("gi", OrganisationKind::Gi),
    ("municipality", OrganisationKind::Municipality),
    ("police", OrganisationKind::Police),
    ("school", OrganisationKind::School),
    ("court", OrganisationKind::Court),
    ("om", OrganisationKind::Prosecutor),
    ("reclassering", OrganisationKind::Probation),
    ("outsider", OrganisationKind::LocalTeam),
    ("reviewer", OrganisationKind::Gi),
    ("researcher", OrganisationKind::Research),
];

impl TestApp {
    pub async fn new(store: Arc<dyn Store>) -> Self {
        let access = Access::new(store.clone());
        let region = Region {
            id: RegionId::new(),
            name: "Regio Test".into(),
        };
        let mut orgs: Vec<Organisation> = Vec::new();
        let mut teams = Vec::new();
        let mut pros = Vec::new();
        let mut ids = HashMap::new();
        let mut extra_teams = Vec::new();
        for (user, kind) in USERS {
            // "colleague" works in the same organisation and team as "local"; "outsider" in the same
            // organisation, in a team of its own.
            let shared = match *user {
                "colleague" => Some((orgs[0].id, teams[0])),
                // "outsider" works for the organisation of "local" in another team; "reviewer" reviews the
                // emergency accesses of the GI of "gi", in a team of its own.
                "outsider" | "reviewer" => {
                    let of = if *user == "outsider" { "Org local" } else { "Org gi" };
                    let org = orgs.iter().find(|o| o.name == of).expect("created before").id;
                    let team = Team {
                        id: TeamId::new(),
                        organisation_id: org,
                        name: format!("Team {user}"),
                        contact: Default::default(),
                    };
                    extra_teams.push(team.clone());
                    Some((org, team.id))
                }
                _ => None,
            };
            let (org_id, team_id) = shared.unwrap_or_else(|| {
                let org = Organisation {
                    id: OrganisationId::new(),
                    region_id: region.id,
                    name: format!("Org {user}"),
                    kind: *kind,
                };
                let ids = (org.id, TeamId::new());
                orgs.push(org);
                teams.push(ids.1);
                ids
            });
            let pro = Professional {
                id: ProfessionalId::new(),
                organisation_id: org_id,
                team_id: Some(team_id),
                username: (*user).into(),
                display_name: format!("Professional {user}"),
                contact: Default::default(),
                ended: None,
            };
            ids.insert(*user, pro.id);
            pros.push(pro);
        }
        let teams: Vec<Team> = orgs
            .iter()
            .zip(&teams)
            .map(|(o, id)| Team {
                id: *id,
                organisation_id: o.id,
                name: format!("Team {}", o.name),
                contact: Default::default(),
            })
            .chain(extra_teams)
            .collect();
        access.configure_region(&region, &orgs, &teams, &pros).await.unwrap();
        access.appoint("reviewer", regie_domain::Role::Reviewer).await.unwrap();
        // "outsider" also manages the accounts of the organisation of "local".
        access
            .appoint("outsider", regie_domain::Role::Administrator)
            .await
            .unwrap();
        // ... and configures the region.
        access
            .appoint("outsider", regie_domain::Role::RegionAdministrator)
            .await
            .unwrap();
        let mut tokens = HashMap::new();
        for (user, _) in USERS {
            tokens.insert(*user, access.issue_token(user).await.unwrap());
        }
        Self {
            router: regie_web::app(store.clone()),
            store,
            tokens,
            ids,
        }
    }

    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Body,
        content_type: Option<&str>,
    ) -> (StatusCode, String, String) {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        let res = self.router.clone().oneshot(req.body(body).unwrap()).await.unwrap();
        let status = res.status();
        let ct = res
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        (status, ct, String::from_utf8(bytes.to_vec()).unwrap())
    }

    pub async fn call(&self, user: &str, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        self.call_with(&self.tokens[user].clone(), method, path, body).await
    }

    /// As `call`, with an API token issued to a user made during the test.
    pub async fn call_with(&self, token: &str, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let (body, ct) = match body {
            Some(v) => (Body::from(v.to_string()), Some("application/json")),
            None => (Body::empty(), None),
        };
        let (status, content_type, text) = self.raw(method, path, Some(token), body, ct).await;
        if status.is_client_error() || status.is_server_error() {
            assert_eq!(content_type, "application/problem+json", "{text}");
        }
        (
            status,
            if text.is_empty() {
                Value::Null
            } else {
                serde_json::from_str(&text).unwrap()
            },
        )
    }

    pub async fn delete(&self, user: &str, path: &str) -> (StatusCode, Value) {
        self.call(user, Method::DELETE, path, None).await
    }

    pub async fn get(&self, user: &str, path: &str) -> (StatusCode, Value) {
        self.call(user, Method::GET, path, None).await
    }

    pub async fn post(&self, user: &str, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(user, Method::POST, path, Some(body)).await
    }

    /// The organisation of a test user.
    pub async fn org_of(&self, user: &str) -> OrganisationId {
        self.store.professional(self.ids[user]).await.unwrap().unwrap().1.id
    }

    /// The status of `GET path` for professional `username` of `user`'s organisation, made the first time
    /// in `user`'s team or in a team of their own (with an API token issued to them).
    pub async fn get_as_new(&self, user: &str, username: &str, same_team: bool, path: &str) -> StatusCode {
        let access = Access::new(self.store.clone());
        if self.store.professional_by_username(username).await.unwrap().is_none() {
            let (beside, organisation) = self.store.professional(self.ids[user]).await.unwrap().unwrap();
            let team = match same_team {
                true => (self.store.teams_of(organisation.id).await.unwrap().into_iter())
                    .find(|t| Some(t.id) == beside.team_id)
                    .unwrap(),
                false => (access.add_team(organisation.region_id, organisation.id, &format!("Team {username}")))
                    .await
                    .unwrap(),
            };
            let display_name = format!("Professional {username}");
            (access.add_professional(
                organisation.region_id,
                &organisation.name,
                Some(&team.name),
                username,
                &display_name,
            ))
            .await
            .unwrap();
        }
        let token = access.issue_token(username).await.unwrap();
        self.raw(Method::GET, path, Some(&token), Body::empty(), None).await.0
    }

    /// The team of a test user.
    pub async fn team_of(&self, user: &str) -> TeamId {
        self.store
            .professional(self.ids[user])
            .await
            .unwrap()
            .unwrap()
            .0
            .team_id
            .unwrap()
    }

    pub async fn household_count(&self) -> usize {
        self.store
            .list_households(&HouseholdQuery {
                words: vec![],
                phrase: None,
                after: None,
                limit: 1000,
                within: None,
            })
            .await
            .unwrap()
            .len()
    }

    pub async fn household(&self, name: &str) -> String {
        let (s, h) = self.post("local", "/api/v1/households", json!({"name": name})).await;
        assert_eq!(s, StatusCode::CREATED, "{h}");
        h["id"].as_str().unwrap().to_owned()
    }

    pub async fn person(&self, given: &str, dob: &str, bsn: Option<&str>) -> String {
        let (s, p) = self
            .post(
                "local",
                "/api/v1/persons",
                json!({"given_name": given, "family_name": "Test", "date_of_birth": dob, "bsn": bsn}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{p}");
        p["id"].as_str().unwrap().to_owned()
    }

    /// A household with a mother and a child, added as members by the local team; returns (household,
    /// mother, child).
    pub async fn family(&self, name: &str) -> (String, String, String) {
        let h = self.household(name).await;
        let mother = self.person("Anouk", "1990-04-12", None).await;
        let child = self.person("Sem", "2017-09-01", None).await;
        self.add_member(&h, &mother, "parent").await;
        self.add_member(&h, &child, "child").await;
        (h, mother, child)
    }

    /// Adds a person to a household as the local team, with `relation`.
    pub async fn add_member(&self, household: &str, person: &str, relation: &str) {
        let (s, m) = self
            .post(
                "local",
                &format!("/api/v1/households/{household}/members"),
                json!({"person_id": person, "relation": relation}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{m}");
    }

    pub async fn open_case(&self, household: &str) -> Value {
        let (s, c) = self
            .post(
                "local",
                "/api/v1/cases",
                json!({"household_id": household, "reason": "Het gezin vraagt hulp", "lead": {"primary": self.ids["local"]}}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{c}");
        c
    }
}

pub fn field_codes(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap_or("").to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// A browser without JavaScript: a cookie jar, GET and form POST.
pub struct Client<'a> {
    pub app: &'a TestApp,
    pub cookies: HashMap<String, String>,
    pub forwarded_https: bool,
}

/// A page as the client received it.
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub set_cookies: Vec<String>,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    /// The body as received (a PDF is no text).
    pub bytes: Vec<u8>,
}

impl<'a> Client<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Self {
            app,
            cookies: HashMap::new(),
            forwarded_https: false,
        }
    }

    pub async fn send(&mut self, method: Method, path: &str, form: Option<&[(&str, &str)]>) -> Page {
        let mut req = Request::builder().method(method).uri(path);
        if !self.cookies.is_empty() {
            let cookie: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            req = req.header(header::COOKIE, cookie.join("; "));
        }
        if self.forwarded_https {
            req = req.header("x-forwarded-proto", "https");
        }
        let body = match form {
            Some(fields) => {
                req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                Body::from(serde_urlencoded(fields))
            }
            None => Body::empty(),
        };
        let res = self.app.router.clone().oneshot(req.body(body).unwrap()).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let set_cookies: Vec<String> = headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        for c in &set_cookies {
            let (pair, _) = c.split_once(';').unwrap_or((c, ""));
            let (k, v) = pair.split_once('=').unwrap();
            if v.is_empty() || c.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_owned(), v.to_owned());
            }
        }
        let location = headers.get(header::LOCATION).map(|v| v.to_str().unwrap().to_owned());
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Page {
            status,
            location,
            set_cookies,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        self.send(Method::POST, path, Some(fields)).await
    }

    /// The CSRF token in a page's forms.
    pub fn csrf(page: &Page) -> String {
        let at = page.body.find("name=\"csrf\" value=\"").expect("the page has a form") + 19;
        page.body[at..].split('"').next().unwrap().to_owned()
    }

    pub async fn sign_in(&mut self, username: &str, password: &str) -> Page {
        let form = self.get("/inloggen").await;
        let csrf = Self::csrf(&form);
        self.post(
            "/inloggen",
            &[("csrf", &csrf), ("username", username), ("password", password)],
        )
        .await
    }
}

fn serde_urlencoded(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
