//! The region's directory: organisations of the chain, their teams and professionals, and who acts.

use crate::error::DomainError;
use crate::ids::{OrganisationId, ProfessionalId, RegionId, TeamId};
use serde::{Deserialize, Serialize};

/// A region (in the pilots: a "proeftuin") with its own organisations and route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    /// Identifier.
    pub id: RegionId,
    /// Display name, e.g. "Regio Voorbeeld".
    pub name: String,
}

/// The kind of an organisation decides its statutory tasks (see [`crate::policy`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    /// Municipal local team (lokaal team / wijkteam): access to help, voluntary help, the hub.
    LocalTeam,
    /// Veilig Thuis: advice and reporting centre for domestic violence and child abuse.
    Vt,
    /// Raad voor de Kinderbescherming.
    Rvdk,
    /// Gecertificeerde Instelling: executes child protection measures.
    Gi,
    /// Gemeente: steers on aggregates.
    Municipality,
    /// Politie.
    Police,
    /// Openbaar Ministerie.
    Prosecutor,
    /// Rechtspraak (the juvenile court).
    Court,
    /// Reclassering.
    Probation,
    /// A provider of youth or adult care.
    CareProvider,
    /// A school: it reports worries under the meldcode, and works in no household files.
    School,
    /// A research institute doing the pilot region's action research (F24): anonymised exports and client
    /// journeys only, never a file.
    Research,
}

impl OrganisationKind {
    /// Every kind, for exhaustive tests and listings.
    pub const ALL: [OrganisationKind; 12] = [
        Self::LocalTeam,
        Self::Vt,
        Self::Rvdk,
        Self::Gi,
        Self::Municipality,
        Self::Police,
        Self::Prosecutor,
        Self::Court,
        Self::Probation,
        Self::CareProvider,
        Self::School,
        Self::Research,
    ];

    /// The stable code used in the database and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LocalTeam => "local_team",
            Self::Vt => "vt",
            Self::Rvdk => "rvdk",
            Self::Gi => "gi",
            Self::Municipality => "municipality",
            Self::Police => "police",
            Self::Prosecutor => "prosecutor",
            Self::Court => "court",
            Self::Probation => "probation",
            Self::CareProvider => "care_provider",
            Self::School => "school",
            Self::Research => "research",
        }
    }

    /// The Dutch name shown to users.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::LocalTeam => "lokaal team",
            Self::Vt => "Veilig Thuis",
            Self::Rvdk => "Raad voor de Kinderbescherming",
            Self::Gi => "Gecertificeerde Instelling",
            Self::Municipality => "gemeente",
            Self::Police => "politie",
            Self::Prosecutor => "Openbaar Ministerie",
            Self::Court => "Rechtspraak",
            Self::Probation => "Reclassering",
            Self::CareProvider => "zorgaanbieder",
            Self::School => "school",
            Self::Research => "onderzoeksinstelling",
        }
    }

    /// Parses the stable code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == code)
    }
}

/// An organisation in the region's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organisation {
    /// Identifier.
    pub id: OrganisationId,
    /// The region it works in.
    pub region_id: RegionId,
    /// Display name.
    pub name: String,
    /// Its kind, which decides its statutory tasks.
    pub kind: OrganisationKind,
}

impl Organisation {
    /// A new organisation of `region` named `name`, of the kind with code `kind`, as a functional
    /// administrator adds it (F26). Refused with every wrong field at once: a name that is empty, too long
    /// or already another organisation's in the region (`existing`), and an unknown kind.
    pub fn new(region: RegionId, name: &str, kind: &str, existing: &[Organisation]) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let name = crate::text::ShortText::parse("name", name)
            .map_err(|e| errors.push(e))
            .ok();
        if let Some(n) = &name
            && (existing.iter()).any(|o| o.region_id == region && o.name.eq_ignore_ascii_case(n.as_str()))
        {
            errors.push(DomainError::invalid(
                "name",
                "duplicate_name",
                "the region already has an organisation of this name",
                "De regio heeft al een organisatie met deze naam. Kies een andere naam.",
            ));
        }
        let kind = OrganisationKind::parse(kind);
        if kind.is_none() {
            errors.push(DomainError::invalid(
                "kind",
                "unknown_kind",
                "choose one of the kinds of organisation",
                "Kies wat voor organisatie het is.",
            ));
        }
        match (name, kind, errors.is_empty()) {
            (Some(name), Some(kind), true) => Ok(Self {
                id: OrganisationId::new(),
                region_id: region,
                name: name.as_str().to_owned(),
                kind,
            }),
            _ => Err(errors),
        }
    }
}

impl Team {
    /// A new team of `organisation` named `name`, refused when the name is empty, too long or already
    /// another of its teams' (`existing`).
    pub fn new(organisation: &Organisation, name: &str, existing: &[Team]) -> Result<Self, DomainError> {
        let name = crate::text::ShortText::parse("name", name)?;
        if (existing.iter()).any(|t| t.organisation_id == organisation.id && t.name.eq_ignore_ascii_case(name.as_str()))
        {
            return Err(DomainError::invalid(
                "name",
                "duplicate_name",
                "the organisation already has a team of this name",
                "Deze organisatie heeft al een team met deze naam. Kies een andere naam.",
            ));
        }
        Ok(Self {
            id: TeamId::new(),
            organisation_id: organisation.id,
            name: name.as_str().to_owned(),
            contact: Contact::default(),
        })
    }
}

/// A team inside an organisation (a local team's neighbourhood team, the RVT's VT unit, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Team {
    /// Identifier.
    pub id: TeamId,
    /// The organisation it belongs to.
    pub organisation_id: OrganisationId,
    /// Display name.
    pub name: String,
    /// How a family reaches the team when its contact person gave no details of their own.
    pub contact: Contact,
}

/// A work phone number and e-mail address, as a family may use them; either may be absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Contact {
    /// A phone number as typed: digits, spaces, "+", "-", "(" and ")", with 10 to 15 digits.
    pub phone: Option<String>,
    /// An e-mail address: one "@", a dotted domain, no spaces.
    pub email: Option<String>,
}

impl Contact {
    /// Contact details from a form's fields (empty means none); every wrong field is named at once.
    pub fn parse(phone: &str, email: &str) -> Result<Self, Vec<DomainError>> {
        let (phone, email) = (phone.trim(), email.trim());
        let mut errors = Vec::new();
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        let phone_ok = phone.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)) && (10..=15).contains(&digits);
        if !phone.is_empty() && !phone_ok {
            errors.push(DomainError::invalid(
                "phone",
                "phone_invalid",
                "a phone number has 10 to 15 digits, with spaces, +, - or brackets at most",
                "Vul een telefoonnummer in met 10 tot 15 cijfers, zoals 020 123 45 67 of +31 20 123 45 67.",
            ));
        }
        // Plain addresses only: the portal puts it in a mailto: link, where "?" or "&" would add a subject,
        // a body or more recipients.
        let email_ok = match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && local.chars().all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
                    && domain.chars().all(|c| c.is_ascii_alphanumeric() || ".-".contains(c))
                    && domain.split('.').count() >= 2
                    && domain.split('.').all(|part| !part.is_empty())
                    && email.len() <= 254
            }
            None => false,
        };
        if !email.is_empty() && !email_ok {
            errors.push(DomainError::invalid(
                "email",
                "email_invalid",
                "an e-mail address looks like name@organisation.nl",
                "Vul een e-mailadres in zoals naam@organisatie.nl.",
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let some = |t: &str| (!t.is_empty()).then(|| t.to_owned());
        Ok(Self {
            phone: some(phone),
            email: some(email),
        })
    }

    /// These details, each missing one taken from `fallback` (a professional's own, else their team's).
    pub fn or(&self, fallback: &Contact) -> Contact {
        Contact {
            phone: self.phone.clone().or_else(|| fallback.phone.clone()),
            email: self.email.clone().or_else(|| fallback.email.clone()),
        }
    }
}

/// A professional: a user who works for one organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Professional {
    /// Identifier.
    pub id: ProfessionalId,
    /// The one organisation they work for.
    pub organisation_id: OrganisationId,
    /// Their team, if any.
    pub team_id: Option<TeamId>,
    /// Sign-in name.
    pub username: String,
    /// Name shown to colleagues and families.
    pub display_name: String,
    /// Their work phone number and e-mail address, as families may use them.
    pub contact: Contact,
    /// When and by whom their access ended (they left the organisation): from then on they cannot sign in,
    /// and no form offers them to be chosen ([`crate::departure`]). The record stays, because timelines, the
    /// processing log and earlier decisions name them.
    pub ended: Option<crate::departure::Ended>,
}

impl Professional {
    /// A new professional of `organisation`, in `team` (one of its teams) if given, as a functional
    /// administrator or the operator adds them. Refused with every wrong field at once: a username that is
    /// not 3 to 64 lower-case letters, digits, `-`, `_` or `.`, or is `taken`; an empty or too long name.
    pub fn new(
        organisation: &Organisation,
        team: Option<&Team>,
        username: &str,
        display_name: &str,
        taken: bool,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let username = username.trim();
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c);
        if !(3..=64).contains(&username.len()) || !username.chars().all(allowed) {
            errors.push(DomainError::invalid(
                "username",
                "username_format",
                "a username is 3 to 64 lower-case letters, digits, '-', '_' or '.'",
                "Een gebruikersnaam heeft 3 tot 64 tekens: kleine letters, cijfers, '-', '_' of '.'.",
            ));
        } else if taken {
            errors.push(DomainError::invalid(
                "username",
                "username_taken",
                "this username is taken",
                "Deze gebruikersnaam bestaat al. Kies een andere.",
            ));
        }
        let name = crate::text::ShortText::parse("display_name", display_name)
            .map_err(|e| errors.push(e))
            .ok();
        if team.is_some_and(|t| t.organisation_id != organisation.id) {
            errors.push(DomainError::invalid(
                "team",
                "team_of_other_organisation",
                "the team belongs to another organisation",
                "Dit team hoort bij een andere organisatie. Kies een team van de organisatie.",
            ));
        }
        match name {
            Some(name) if errors.is_empty() => Ok(Self {
                id: ProfessionalId::new(),
                organisation_id: organisation.id,
                team_id: team.map(|t| t.id),
                username: username.to_owned(),
                display_name: name.as_str().to_owned(),
                contact: Contact::default(),
                ended: None,
            }),
            _ => Err(errors),
        }
    }
}

impl Professional {
    /// Whether every word of a search is the start of a word of their name or username (the accounts list).
    pub fn found_by(&self, words: &SearchWords) -> bool {
        words.found_in(&format!("{} {}", self.display_name, self.username))
    }
}

/// A task a professional holds for their organisation beyond casework (functional administration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reviews the organisation's emergency accesses (the privacy officer or team manager).
    Reviewer,
    /// Manages the organisation's accounts: resets a colleague's password (functioneel beheerder).
    Administrator,
    /// Configures the region (F26): its route variant, organisations and teams, norms and help catalogue
    /// (functioneel beheerder van de regio).
    RegionAdministrator,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 3] = [Role::Reviewer, Role::Administrator, Role::RegionAdministrator];

    /// The stable code stored and used in the API and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reviewer => "reviewer",
            Self::Administrator => "administrator",
            Self::RegionAdministrator => "region_administrator",
        }
    }

    /// The role for a code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == code)
    }

    /// In Dutch, for people.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::Reviewer => "beoordelaar van noodtoegang",
            Self::Administrator => "functioneel beheerder",
            Self::RegionAdministrator => "functioneel beheerder van de regio",
        }
    }
}

/// Who acts: a professional, for their organisation (whose kind decides what they may do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    /// The professional.
    pub professional: ProfessionalId,
    /// Their organisation.
    pub organisation: OrganisationId,
    /// The organisation's kind.
    pub kind: OrganisationKind,
    /// The organisation's region: an actor works only with the households, professionals and settings of
    /// their own region (F26).
    pub region: RegionId,
}

impl Actor {
    /// A professional acting for their organisation.
    pub fn of(professional: ProfessionalId, organisation: &Organisation) -> Self {
        Self {
            professional,
            organisation: organisation.id,
            kind: organisation.kind,
            region: organisation.region_id,
        }
    }
}

/// Whom a form asks for when it names a professional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Choosing {
    /// Someone who may lead a case: the fixed contact person, or the second of a duo.
    Lead,
    /// A professional of the Regional Safety Team (Veilig Thuis, the Raad, a GI), to scale up to.
    Rvt,
    /// A jeugdbeschermer of a GI, who executes a child protection measure (art. 1:255 BW).
    Executor,
    /// Another jeugdbeschermer of the chooser's own GI, to hand its measures over to.
    Successor,
}

impl Choosing {
    /// The task whose forms offer this choice: only an organisation with it reads the choice's list.
    pub fn task(self) -> crate::Action {
        match self {
            Self::Lead => crate::Action::ChangeLead,
            Self::Rvt => crate::Action::ScaleUp,
            Self::Executor => crate::Action::RequestMeasure,
            Self::Successor => crate::Action::ExecuteMeasure,
        }
    }

    /// Whether professionals of an organisation of `kind` are among those to choose from.
    pub fn admits(self, kind: OrganisationKind) -> bool {
        match self {
            Self::Lead => crate::policy::require(kind, crate::Action::LeadCase).is_ok(),
            Self::Rvt => crate::route::is_rvt(kind),
            Self::Executor | Self::Successor => kind == OrganisationKind::Gi,
        }
    }

    /// Whether the professionals of `organisation` are among those `chooser` chooses from: of a kind it
    /// [`admits`](Self::admits), and for a successor, of the chooser's own organisation.
    pub fn admits_from(self, organisation: &Organisation, chooser: &Professional) -> bool {
        self.admits(organisation.kind) && (self != Self::Successor || organisation.id == chooser.organisation_id)
    }
}

/// The professionals a form offers for one choice: the first of those admitted that match the search,
/// grouped by team, the chooser's own team first, then the rest of their organisation, then the other
/// organisations by name. A large region has thousands of professionals; a list shows a few dozen, and a
/// search finds the others. The API answers with it as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Choices {
    /// The groups shown, in order.
    pub groups: Vec<ChoiceGroup>,
    /// How many professionals the choice admits, searched or not.
    pub admitted: usize,
    /// How many of them match the search (all when there is none); the groups may hold fewer (the limit) and
    /// more (those kept whatever the search).
    pub found: usize,
}

/// One team's (or a team-less organisation's) professionals in a choice list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ChoiceGroup {
    /// "Team Noord (Lokaal team Voorbeeld)", or the organisation's name for its professionals without a team.
    pub label: String,
    /// The team's name, if the group is a team.
    pub team: Option<String>,
    /// The organisation's name.
    pub organisation: String,
    /// Whether this is the chooser's own team.
    pub own_team: bool,
    /// The professionals, by name.
    #[serde(rename = "professionals")]
    pub options: Vec<ChoiceOption>,
}

/// One professional in a choice list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ChoiceOption {
    /// Who, as a case change takes it.
    pub id: ProfessionalId,
    /// Their name.
    pub name: String,
    /// Their organisation's name.
    pub organisation: String,
}

impl ChoiceOption {
    /// As a list shows them: "Fatima El Amrani (Lokaal team Voorbeeld)".
    pub fn text(&self) -> String {
        format!("{} ({})", self.name, self.organisation)
    }
}

impl Choices {
    /// How many professionals the groups show.
    pub fn shown(&self) -> usize {
        self.groups.iter().map(|g| g.options.len()).sum()
    }
}

/// The words of a search in the directory: a professional is found when their name (team, organisation,
/// username) holds every word, case and diacritics ignored as in the household search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchWords(Vec<String>);

impl SearchWords {
    /// The words of `search`; none finds everyone.
    pub fn new(search: &str) -> Self {
        Self(
            (crate::person::normalise(search).split(' '))
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect(),
        )
    }

    /// Whether `text` holds every word (without words, at once: a list's first view reads thousands).
    pub fn found_in(&self, text: &str) -> bool {
        if self.0.is_empty() {
            return true;
        }
        let text = crate::person::normalise(text);
        self.0.iter().all(|w| text.contains(w.as_str()))
    }
}

/// The choice `choosing` among a region's `directory` (with its `teams`) for `chooser`: at most `limit`
/// professionals whose name, team or organisation holds every word of `search` (case and diacritics
/// ignored, as in the household search), and those of `keep` (the case's current leads, what the form has
/// chosen already) whatever the search and the limit, so that a search for the second of a duo does not take
/// away the first. Names are ordered as folded for the search ("de Vries" among the d's, "Ünal" among the
/// u's).
pub fn choices(
    directory: &[(Professional, Organisation)],
    teams: &[Team],
    chooser: &Professional,
    choosing: Choosing,
    (search, keep): (&str, &[ProfessionalId]),
    limit: usize,
) -> Choices {
    let teams: std::collections::HashMap<TeamId, &str> = teams.iter().map(|t| (t.id, t.name.as_str())).collect();
    let team_name = |p: &Professional| p.team_id.and_then(|id| teams.get(&id).copied());
    // Each team's and organisation's name folded once, not once per professional.
    let mut folded: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    for name in (teams.values().copied()).chain(directory.iter().map(|(_, o)| o.name.as_str())) {
        folded.entry(name).or_insert_with(|| fold(name));
    }
    let folded = |name: &str| folded.get(name).cloned().unwrap_or_else(|| fold(name));
    let words = SearchWords::new(search);
    // Whoever left is never offered, not even as the value a form had (a form that keeps them is refused).
    let admitted: Vec<&(Professional, Organisation)> = (directory.iter())
        .filter(|(p, o)| p.ended.is_none() && choosing.admits_from(o, chooser))
        .collect();
    let mut listed: Vec<Listed> = (admitted.iter())
        .filter_map(|(p, o)| {
            let team = team_name(p);
            let found = words.found_in(&format!("{} {} {}", p.display_name, team.unwrap_or_default(), o.name));
            (found || keep.contains(&p.id)).then(|| {
                let rank = match (p.organisation_id == chooser.organisation_id, p.team_id) {
                    (true, Some(t)) if chooser.team_id == Some(t) => 0,
                    (true, _) => 1,
                    _ => 2,
                };
                // Within an organisation its teams by name, then its professionals without a team; the ids
                // keep each organisation and team together where two names fold alike ("Één", "Een").
                let key = (
                    rank,
                    folded(&o.name),
                    o.id,
                    team.is_none(),
                    team.map(folded),
                    p.team_id,
                    fold(&p.display_name),
                );
                Listed {
                    key,
                    found,
                    team,
                    professional: p,
                    organisation: o,
                }
            })
        })
        .collect();
    listed.sort_by(|a, b| a.key.cmp(&b.key));
    let found = listed.iter().filter(|l| l.found).count();
    let mut groups: Vec<ChoiceGroup> = Vec::new();
    let mut taken = 0;
    for l in &listed {
        if l.found && taken < limit {
            taken += 1;
        } else if !keep.contains(&l.professional.id) {
            continue;
        }
        let organisation = l.organisation.name.as_str();
        let label = match l.team {
            Some(t) => format!("{t} ({organisation})"),
            None => organisation.to_owned(),
        };
        if groups.last().is_none_or(|g| g.label != label) {
            groups.push(ChoiceGroup {
                label,
                team: l.team.map(str::to_owned),
                organisation: organisation.to_owned(),
                own_team: l.key.0 == 0,
                options: Vec::new(),
            });
        }
        if let Some(g) = groups.last_mut() {
            g.options.push(ChoiceOption {
                id: l.professional.id,
                name: l.professional.display_name.clone(),
                organisation: organisation.to_owned(),
            });
        }
    }
    Choices {
        groups,
        admitted: admitted.len(),
        found,
    }
}

/// A professional on their way into a choice list: where they sort, and whether the search found them.
struct Listed<'a> {
    /// Own team (0), own organisation (1) or another (2); then organisation, team and name, folded (with
    /// the organisation's and team's ids).
    key: (u8, String, OrganisationId, bool, Option<String>, Option<TeamId>, String),
    found: bool,
    team: Option<&'a str>,
    professional: &'a Professional,
    organisation: &'a Organisation,
}

/// A name as it sorts in a list: folded as for the search.
fn fold(name: &str) -> String {
    crate::person::normalise(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_organisation_reports_every_wrong_field_and_keeps_names_unique_per_region() {
        let region = RegionId::new();
        let existing = Organisation::new(region, "Lokaal team Noord", "local_team", &[]).unwrap();
        let codes = |name: &str, kind: &str, r: RegionId| {
            Organisation::new(r, name, kind, std::slice::from_ref(&existing))
                .map(|_| Vec::new())
                .unwrap_or_else(|e| e.iter().map(|e| (e.field, e.code)).collect())
        };
        assert_eq!(
            codes("", "bakkerij", region),
            [(Some("name"), "required"), (Some("kind"), "unknown_kind")]
        );
        assert_eq!(
            codes("lokaal team noord", "vt", region),
            [(Some("name"), "duplicate_name")]
        );
        assert!(
            codes("Lokaal team Noord", "local_team", RegionId::new()).is_empty(),
            "another region may"
        );
        let team = Team::new(&existing, "Wijkteam Oost", &[]).unwrap();
        let other = Organisation::new(region, "Veilig Thuis", "vt", &[]).unwrap();
        let codes = |r: Result<Professional, Vec<DomainError>>| {
            r.map(|_| Vec::new())
                .unwrap_or_else(|e| e.iter().map(|e| e.code).collect::<Vec<_>>())
        };
        assert_eq!(
            codes(Professional::new(&other, Some(&team), "Fatima El", "", false)),
            ["username_format", "required", "team_of_other_organisation"]
        );
        assert_eq!(
            codes(Professional::new(&existing, Some(&team), "fatima", "Fatima", true)),
            ["username_taken"]
        );
        let p = Professional::new(&existing, Some(&team), " fatima.e ", "Fatima El Amrani", false).unwrap();
        assert_eq!((p.username.as_str(), p.team_id), ("fatima.e", Some(team.id)));
        assert_eq!(
            Team::new(&existing, "WIJKTEAM OOST", &[team]).unwrap_err().code,
            "duplicate_name"
        );
    }

    #[test]
    fn contact_details_are_checked_field_by_field() {
        let ok = Contact::parse(" 020 123 45 67 ", "team.noord@gemeente.example").unwrap();
        assert_eq!(ok.phone.as_deref(), Some("020 123 45 67"));
        assert_eq!(Contact::parse("", "").unwrap(), Contact::default());
        let codes = |phone, email| {
            Contact::parse(phone, email)
                .unwrap_err()
                .iter()
                .map(|e| e.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(codes("12345", "geen-adres"), ["phone_invalid", "email_invalid"]);
        assert_eq!(codes("020 123 45 67 bel", ""), ["phone_invalid"]);
        for bad in [
            "a@b",
            "@x.nl",
            "a@@x.nl",
            "a b@x.nl",
            "a@x..nl",
            "a@x.nl?body=hoi",
            "a@x.nl&cc=b@y.nl",
        ] {
            assert_eq!(codes("", bad), ["email_invalid"], "{bad}");
        }
        let own = Contact {
            phone: None,
            email: Some("fatima@x.example".into()),
        };
        let team = Contact {
            phone: Some("020 000 00 00".into()),
            email: Some("team@x.example".into()),
        };
        assert_eq!(
            own.or(&team),
            Contact {
                phone: team.phone.clone(),
                email: own.email.clone()
            }
        );
    }

    /// A region of three organisations: a local team with teams Noord and Oost and a professional without a
    /// team, Veilig Thuis with one team, and a municipality.
    fn region() -> (Vec<(Professional, Organisation)>, Vec<Team>) {
        let region = RegionId::new();
        let local = Organisation::new(region, "Lokaal team Voorbeeld", "local_team", &[]).unwrap();
        let vt = Organisation::new(region, "Veilig Thuis", "vt", &[]).unwrap();
        let town = Organisation::new(region, "Gemeente Voorbeeld", "municipality", &[]).unwrap();
        let noord = Team::new(&local, "Noord", &[]).unwrap();
        let oost = Team::new(&local, "Oost", &[]).unwrap();
        let unit = Team::new(&vt, "Team 1", &[]).unwrap();
        let pro = |o: &Organisation, t: Option<&Team>, user: &str, name: &str| {
            (Professional::new(o, t, user, name, false).unwrap(), o.clone())
        };
        let directory = vec![
            pro(&vt, Some(&unit), "samira", "Samira Haddou"),
            pro(&local, Some(&oost), "bram", "Bram de Wit"),
            pro(&local, None, "ilse", "Ilse Jansen"),
            pro(&local, Some(&noord), "zoe", "Zoë Bakker"),
            pro(&local, Some(&noord), "fatima", "Fatima El Amrani"),
            pro(&town, None, "beleid", "Beleidsmedewerker"),
        ];
        (directory, vec![noord, oost, unit])
    }

    fn labels(c: &Choices) -> Vec<(String, Vec<String>)> {
        (c.groups.iter())
            .map(|g| (g.label.clone(), g.options.iter().map(ChoiceOption::text).collect()))
            .collect()
    }

    #[test]
    fn a_choice_lists_the_own_team_first_then_the_organisation_then_the_others() {
        let (directory, teams) = region();
        let fatima = &directory[4].0;
        let c = choices(&directory, &teams, fatima, Choosing::Lead, ("", &[]), 10);
        assert_eq!(
            labels(&c),
            [
                (
                    "Noord (Lokaal team Voorbeeld)".to_owned(),
                    vec![
                        "Fatima El Amrani (Lokaal team Voorbeeld)".to_owned(),
                        "Zoë Bakker (Lokaal team Voorbeeld)".to_owned()
                    ]
                ),
                (
                    "Oost (Lokaal team Voorbeeld)".to_owned(),
                    vec!["Bram de Wit (Lokaal team Voorbeeld)".to_owned()]
                ),
                (
                    "Lokaal team Voorbeeld".to_owned(),
                    vec!["Ilse Jansen (Lokaal team Voorbeeld)".to_owned()]
                ),
                (
                    "Team 1 (Veilig Thuis)".to_owned(),
                    vec!["Samira Haddou (Veilig Thuis)".to_owned()]
                ),
            ]
        );
        assert!(c.groups[0].own_team && !c.groups[1].own_team);
        assert_eq!(
            (c.admitted, c.found, c.shown()),
            (5, 5, 5),
            "the municipality leads no case"
        );
        // A limit cuts the list, in the same order.
        let c = choices(&directory, &teams, fatima, Choosing::Lead, ("", &[]), 3);
        assert_eq!((c.admitted, c.found, c.shown()), (5, 5, 3));
        assert_eq!(c.groups.len(), 2);
        // The Regional Safety Team's professionals only, for a scale-up; a GI's for a measure: none here.
        let c = choices(&directory, &teams, fatima, Choosing::Rvt, ("", &[]), 10);
        assert_eq!(labels(&c).len(), 1);
        assert_eq!(c.groups[0].options[0].id, directory[0].0.id);
        assert_eq!(
            choices(&directory, &teams, fatima, Choosing::Executor, ("", &[]), 10).admitted,
            0
        );
        // Whoever left is offered to nobody, not even kept as the form's value.
        let mut left = directory.clone();
        let zoe = left.iter_mut().find(|(p, _)| p.display_name == "Zoë Bakker").unwrap();
        zoe.0.ended = Some(crate::departure::Ended {
            at: jiff::Timestamp::UNIX_EPOCH,
            by: None,
        });
        let zoe = zoe.0.id;
        let c = choices(&left, &teams, fatima, Choosing::Lead, ("", &[zoe]), 10);
        assert_eq!((c.admitted, c.found, c.shown()), (4, 4, 4));
        assert!(!(c.groups.iter()).any(|g| g.options.iter().any(|o| o.id == zoe)));
    }

    #[test]
    fn a_search_finds_a_name_team_or_organisation_whatever_its_case_and_accents() {
        let (directory, teams) = region();
        let fatima = &directory[4].0;
        let names = |search: &str| {
            let c = choices(&directory, &teams, fatima, Choosing::Lead, (search, &[]), 10);
            (c.groups.iter())
                .flat_map(|g| g.options.iter().map(|o| o.name.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(names("zoe"), ["Zoë Bakker"]);
        assert_eq!(names("HADD"), ["Samira Haddou"]);
        assert_eq!(names("oost"), ["Bram de Wit"]);
        assert_eq!(names("veilig thuis"), ["Samira Haddou"]);
        assert_eq!(names("noord bakker"), ["Zoë Bakker"], "every word must match");
        assert!(names("beleidsmedewerker").is_empty(), "not admitted, so not found");
        let c = choices(&directory, &teams, fatima, Choosing::Lead, ("jansen", &[]), 10);
        assert_eq!((c.admitted, c.found), (5, 1));
        // Whom the form keeps (the current lead, a choice already made) stays, in their own group.
        let c = choices(&directory, &teams, fatima, Choosing::Lead, ("haddou", &[fatima.id]), 10);
        assert_eq!(
            labels(&c),
            [
                (
                    "Noord (Lokaal team Voorbeeld)".to_owned(),
                    vec!["Fatima El Amrani (Lokaal team Voorbeeld)".to_owned()]
                ),
                (
                    "Team 1 (Veilig Thuis)".to_owned(),
                    vec!["Samira Haddou (Veilig Thuis)".to_owned()]
                ),
            ]
        );
        assert_eq!((c.found, c.shown()), (1, 2));
        assert_eq!(
            (c.groups[0].team.as_deref(), c.groups[1].organisation.as_str()),
            (Some("Noord"), "Veilig Thuis")
        );
    }

    #[test]
    fn organisations_whose_names_fold_alike_stay_each_in_one_group() {
        let region = RegionId::new();
        let een = Organisation::new(region, "Zorg Één", "local_team", &[]).unwrap();
        let other = Organisation::new(region, "Zorg Een", "local_team", std::slice::from_ref(&een)).unwrap();
        let directory: Vec<(Professional, Organisation)> = ["Anna", "Bert", "Cor", "Dirk"]
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let o = if i % 2 == 0 { &een } else { &other };
                let user = name.to_lowercase();
                (Professional::new(o, None, &user, name, false).unwrap(), o.clone())
            })
            .collect();
        let chooser = Professional::new(
            &Organisation::new(region, "Raad", "rvdk", &[]).unwrap(),
            None,
            "raad",
            "Raad",
            false,
        )
        .unwrap();
        let c = choices(&directory, &[], &chooser, Choosing::Lead, ("", &[]), 10);
        let labels: Vec<&str> = c.groups.iter().map(|g| g.label.as_str()).collect();
        assert_eq!(labels.len(), 2, "{labels:?}");
        assert_eq!(c.shown(), 4);
    }

    #[test]
    fn a_successor_is_a_jeugdbeschermer_of_the_choosers_own_gi() {
        let (mut directory, teams) = region();
        let region = directory[0].1.region_id;
        let gi = Organisation::new(region, "GI Voorbeeld", "gi", &[]).unwrap();
        let other = Organisation::new(region, "GI Elders", "gi", &[]).unwrap();
        for (o, user, name) in [
            (&gi, "noor", "Noor Visser"),
            (&gi, "ahmed", "Ahmed Yilmaz"),
            (&other, "els", "Els Smit"),
        ] {
            directory.push((Professional::new(o, None, user, name, false).unwrap(), o.clone()));
        }
        let noor = &directory[6].0;
        let names = |choosing| {
            let c = choices(&directory, &teams, noor, choosing, ("", &[]), 10);
            let mut names: Vec<String> = c
                .groups
                .iter()
                .flat_map(|g| g.options.iter().map(|o| o.name.clone()))
                .collect();
            names.sort();
            names
        };
        assert_eq!(names(Choosing::Successor), ["Ahmed Yilmaz", "Noor Visser"]);
        assert_eq!(names(Choosing::Executor), ["Ahmed Yilmaz", "Els Smit", "Noor Visser"]);
    }

    proptest::proptest! {
        #[test]
        fn a_choice_shows_at_most_its_limit_of_the_matching_and_admitted_each_once(
            search in "[a-zA-Zë ]{0,6}",
            limit in 0usize..8,
            chooser in 0usize..6,
            kept in proptest::collection::vec(0usize..6, 0..3),
        ) {
            let (directory, teams) = region();
            let keep: Vec<ProfessionalId> = kept.iter().map(|k| directory[*k].0.id).collect();
            let c = choices(&directory, &teams, &directory[chooser].0, Choosing::Lead, (&search, &keep), limit);
            let shown: Vec<ProfessionalId> = c.groups.iter().flat_map(|g| g.options.iter().map(|o| o.id)).collect();
            let extra = keep.iter().filter(|k| shown.contains(k)).count();
            proptest::prop_assert!(c.shown() >= c.found.min(limit) && c.shown() <= c.found.min(limit) + extra);
            for (k, id) in kept.iter().zip(&keep) {
                // Whom the form keeps is shown whenever the choice admits them.
                proptest::prop_assert_eq!(shown.contains(id), Choosing::Lead.admits(directory[*k].1.kind));
            }
            proptest::prop_assert!(c.found <= c.admitted);
            let ids: Vec<ProfessionalId> = c.groups.iter().flat_map(|g| g.options.iter().map(|o| o.id)).collect();
            let unique: std::collections::HashSet<_> = ids.iter().collect();
            proptest::prop_assert_eq!(unique.len(), ids.len());
            for id in ids {
                let (p, o) = directory.iter().find(|(p, _)| p.id == id).unwrap();
                proptest::prop_assert!(Choosing::Lead.admits(o.kind));
                let chooser = &directory[chooser].0;
                let own = p.organisation_id == chooser.organisation_id && p.team_id.is_some() && p.team_id == chooser.team_id;
                let group = c.groups.iter().position(|g| g.options.iter().any(|o| o.id == id)).unwrap();
                proptest::prop_assert_eq!(own, c.groups[group].own_team);
                if own {
                    proptest::prop_assert_eq!(group, 0, "the own team comes first");
                }
            }
        }
    }
}
