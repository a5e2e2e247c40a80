//! Letters in plain Dutch (taalniveau B1) about the decisions that affect the family (F16): a scale-up to
//! the Regional Safety Team, a change of legal frame, a measure requested, decided, extended or ended, a
//! correction refused, a complaint decided, a request to destroy the file refused.
//!
//! A letter follows from its decision's event in the timeline: the timeline is the file, and its events
//! never change, so the same letter comes out of it every time it is read, for as long as the file is
//! kept (and is destroyed with it). Each letter says what was decided, why, what it means for the reader,
//! what they can do and by when, and who their contact person is; to a youth it says "je", to an adult
//! "u".
//!
//! Who receives one ([`recipients`]): about the household's route, every adult member and each child of 12
//! or older; about a measure, the parents and their partners and each child of 12 or older it concerns (a
//! child of 12 is heard by the court, art. 809 Rv, and has their own rights over the file, Jeugdwet art.
//! 7.3.10); about a member's own correction or complaint, that
//! member alone, as what they ask is theirs (a refused request to destroy the file too; a granted one is
//! destroyed with the file, its letter with it).

use crate::case::{Case, CaseChange, CaseEvent, Lead, LegalFrame};
use crate::complaint::Finding;
use crate::household::Relation;
use crate::ids::{CaseId, OrganisationId, PersonId};
use crate::justice::{Asked, MeasureKind, Outcome};
use crate::person::age;
use crate::route::ScaleForm;
use crate::time::date_nl;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::HashMap;

/// From this age a child receives their own letters.
pub const OWN_LETTER_AGE: i16 = 12;

/// From this age a member is an adult.
const ADULT_AGE: i16 = 18;

/// What a letter is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// The Regional Safety Team was brought in.
    ScaledUp,
    /// Another professional of the Regional Safety Team took over its part, and the family's data went to
    /// them.
    ScaleUpHandedOver,
    /// The legal frame changed.
    FrameChanged,
    /// A measure, or its extension, was requested from the court.
    MeasureRequested,
    /// The court decided on a request.
    MeasureDecided,
    /// A measure ended.
    MeasureEnded,
    /// A correction request was refused.
    CorrectionRefused,
    /// A complaint was decided.
    ComplaintDecided,
    /// A request to destroy the file was refused.
    DestructionRefused,
}

/// One part of a letter, under its heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Section {
    /// The heading.
    pub heading: String,
    /// The text: whole sentences.
    pub text: String,
}

/// A letter to one household member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Letter {
    /// The case.
    pub case: CaseId,
    /// The timeline entry of the decision.
    pub entry: i64,
    /// When the decision was recorded: the letter's date.
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    /// Who it is for.
    pub to: PersonId,
    /// Their full name; for a lawyer's copy, the lawyer's name and whose lawyer they are.
    pub to_name: String,
    /// The lawyer this copy of the member's letter goes to (letters about measures, `crate::lawyer`).
    #[serde(default)]
    pub lawyer: Option<String>,
    /// The organisation that decided, which sends it.
    pub from: String,
    /// What it is about.
    pub topic: Topic,
    /// Its subject line.
    pub subject: String,
    /// What was decided, why, what it means, what the reader can do, and their contact person.
    pub sections: Vec<Section>,
}

impl Letter {
    /// The whole text, for a readability check or a search: subject, headings and sections.
    pub fn text(&self) -> String {
        let mut out = format!("{}.\n", self.subject);
        for s in &self.sections {
            out.push_str(&format!("{}.\n{}\n", s.heading, s.text));
        }
        out
    }
}

/// A household member, past or present, as the letters need them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addressee {
    /// The person.
    pub person: PersonId,
    /// Their full name.
    pub name: String,
    /// Their place in the household.
    pub relation: Relation,
    /// Their date of birth.
    pub born: Date,
    /// Member from this day.
    pub from: Date,
    /// Member until this day, once it ended.
    pub until: Option<Date>,
}

impl Addressee {
    fn member_on(&self, on: Date) -> bool {
        self.from <= on && self.until.is_none_or(|u| u >= on)
    }
}

/// The contact person a letter names.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactPerson {
    /// Their name.
    pub name: String,
    /// Their organisation's name.
    pub organisation: String,
    /// Their work phone number.
    pub phone: Option<String>,
    /// Their work e-mail address.
    pub email: Option<String>,
}

/// What the letters of one event need besides the event.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    /// The case as it is now (for the requests, measures, corrections and complaints the event names).
    pub case: &'a Case,
    /// Every member the household ever had.
    pub members: &'a [Addressee],
    /// The contact person after the event.
    pub contact: &'a ContactPerson,
    /// Organisations' names: the one that decided, the GIs that execute measures.
    pub organisations: &'a HashMap<OrganisationId, String>,
    /// The region's complaint term, in weeks.
    pub complaint_weeks: u32,
    /// The lawyers the members registered.
    pub lawyers: &'a [crate::lawyer::Lawyer],
}

impl Facts<'_> {
    fn organisation(&self, id: OrganisationId) -> &str {
        self.organisations.get(&id).map_or("de organisatie", String::as_str)
    }

    fn name(&self, person: PersonId) -> String {
        (self.members.iter().find(|m| m.person == person)).map_or_else(|| "uw kind".to_owned(), |m| m.name.clone())
    }

    fn names(&self, persons: &[PersonId]) -> String {
        list(persons.iter().map(|p| self.name(*p)).collect())
    }
}

/// The lead after each event of a timeline (oldest first), by the event's sequence number: the contact
/// person a letter names.
pub fn leads<'a>(events: impl IntoIterator<Item = &'a CaseEvent>) -> HashMap<i64, Lead> {
    let mut lead = None;
    let mut out = HashMap::new();
    for e in events {
        lead = e.change.lead_after().or(lead);
        if let Some(l) = lead {
            out.insert(e.seq, l);
        }
    }
    out
}

/// Who receives the letters about `change` on `on`, with whether each is a youth (addressed as "je"): the
/// member concerned for their own correction or complaint; otherwise every adult member and each child of
/// [`OWN_LETTER_AGE`] or older it concerns. Nobody for a change that needs no letter.
pub fn recipients(change: &CaseChange, case: &Case, members: &[Addressee], on: Date) -> Vec<(PersonId, bool)> {
    let youth = |m: &Addressee| age(m.born, on) < ADULT_AGE;
    let own = |person: PersonId| {
        (members.iter().find(|m| m.person == person))
            .map(|m| vec![(m.person, youth(m))])
            .unwrap_or_default()
    };
    let children: Option<Vec<PersonId>> = match change {
        CaseChange::CorrectionDecided { member, decision, .. } if decision.corrected.is_none() => {
            return own(*member);
        }
        CaseChange::ComplaintDecided { member, .. } => return own(*member),
        CaseChange::DestructionDecided { member, decision, .. } if decision.refused.is_some() => {
            return own(*member);
        }
        CaseChange::ScaledUp { basis, .. } if basis.is_some() => None,
        CaseChange::ScaleUpHandedOver {
            part: crate::route::ScalePart::Rvt,
            basis: Some(_),
            ..
        } => None,
        CaseChange::LegalFrameChanged { .. } => None,
        CaseChange::InvestigationConcluded { request: Some(r), .. } | CaseChange::CourtRequestFiled { request: r } => {
            Some(r.children.clone())
        }
        CaseChange::CourtDecided { request, .. } => {
            (case.route.justice.requests.iter().find(|r| r.number == *request)).map(|r| r.children.clone())
        }
        CaseChange::MeasureEnded { measure, .. } => {
            (case.route.justice.measures.iter().find(|m| m.number == *measure)).map(|m| vec![m.child])
        }
        _ => return Vec::new(),
    };
    (members.iter())
        .filter(|m| m.member_on(on))
        .filter(|m| {
            let years = age(m.born, on);
            let concerned = children.as_ref().is_none_or(|c| c.contains(&m.person));
            match m.relation {
                // A measure concerns the children it is about and those who raise them; an adult brother or a
                // lodger is not concerned by it, though the household's route concerns every adult.
                Relation::Child => years >= OWN_LETTER_AGE && concerned,
                Relation::OtherAdult => years >= ADULT_AGE && children.is_none(),
                Relation::Parent | Relation::Partner | Relation::StepParent => years >= ADULT_AGE,
            }
        })
        .map(|m| (m.person, youth(m)))
        .collect()
}

/// The letters about `event`, one for each of its [`recipients`]; none when the event needs no letter. A
/// letter about a measure requested, decided or ended goes, as a copy, to the recipient's lawyer too, when
/// they had registered one by then.
pub fn letters(event: &CaseEvent, facts: &Facts) -> Vec<Letter> {
    let on = crate::time::date_in_nl(event.at);
    let mut out: Vec<Letter> = (recipients(&event.change, facts.case, facts.members, on).into_iter())
        .filter_map(|(person, youth)| {
            let voice = Voice { youth };
            let (topic, subject, decided, why, means, act) = compose(event, facts, &voice)?;
            let sections = vec![
                section("Wat is besloten", decided),
                section("Waarom", why),
                section(&voice.say("Wat betekent dit voor {u}"), means),
                section(&voice.say("Wat {u} kunt doen"), act),
                section(&voice.say("{Uw} contactpersoon"), contact(facts.contact, &voice)),
            ];
            Some(Letter {
                case: event.case_id,
                entry: event.seq,
                at: event.at,
                to: person,
                to_name: facts.name(person),
                lawyer: None,
                from: facts.organisation(event.organisation).to_owned(),
                topic,
                subject: voice.say(&subject),
                sections,
            })
        })
        .collect();
    let copies: Vec<Letter> = (out.iter())
        .filter(|l| {
            matches!(
                l.topic,
                Topic::MeasureRequested | Topic::MeasureDecided | Topic::MeasureEnded
            )
        })
        .filter_map(|l| {
            let lawyer = (facts.lawyers.iter()).find(|x| x.client == l.to && x.registered_at <= event.at)?;
            Some(Letter {
                to_name: lawyer.label_nl(&l.to_name),
                lawyer: Some(lawyer.name.clone()),
                ..l.clone()
            })
        })
        .collect();
    out.extend(copies);
    out
}

fn section(heading: &str, text: String) -> Section {
    Section {
        heading: heading.to_owned(),
        text,
    }
}

/// "u" to an adult, "je" to a youth. The templates write `{u}`, `{U}`, `{uw}` and `{Uw}` and keep to verb
/// forms both share ("{u} kunt", "{u} bent", "{u} hebt", "mag {u}"), so one text serves both.
struct Voice {
    youth: bool,
}

impl Voice {
    fn say(&self, text: &str) -> String {
        let (u, cap_u, uw, cap_uw) = if self.youth {
            ("je", "Je", "jouw", "Jouw")
        } else {
            ("u", "U", "uw", "Uw")
        };
        (text.replace("{uw}", uw).replace("{Uw}", cap_uw))
            .replace("{u}", u)
            .replace("{U}", cap_u)
    }
}

/// Subject, what was decided, why, what it means, what the reader can do.
type Parts = (Topic, String, String, String, String, String);

fn compose(event: &CaseEvent, facts: &Facts, voice: &Voice) -> Option<Parts> {
    let day = date_nl(crate::time::date_in_nl(event.at));
    let decider = facts.organisation(event.organisation).to_owned();
    let explained = |fallback: &str| match &event.reason {
        Some(r) => format!("{}: “{}”", voice.say("Wij schreven {u} daarover"), r.trim()),
        None => voice.say(fallback),
    };
    let complain = complaint_route(&decider, facts.complaint_weeks, voice);
    let say = |t: &str| voice.say(t);
    Some(match &event.change {
        CaseChange::ScaledUp { form, ground, .. } => {
            let (subject, how) = match form {
                ScaleForm::Consultation => (
                    "Wij vragen advies aan het Regionaal Veiligheidsteam",
                    "Wij vragen het team om advies. Wij blijven zelf {uw} contactpersoon.",
                ),
                ScaleForm::JointWork => (
                    "Het Regionaal Veiligheidsteam gaat met ons samenwerken",
                    "Het team gaat met ons samenwerken. Wij blijven allebei betrokken bij {uw} gezin.",
                ),
                ScaleForm::Transfer => (
                    "Het Regionaal Veiligheidsteam neemt de hulp van ons over",
                    "Het team neemt de hulp van ons over. {U} krijgt een nieuwe contactpersoon.",
                ),
            };
            (
                Topic::ScaledUp,
                subject.to_owned(),
                format!(
                    "{} {}",
                    say(&format!(
                        "Op {day} hebben wij besloten om het Regionaal Veiligheidsteam in te schakelen. Dit team helpt als een kind niet veilig is."
                    )),
                    say(how)
                ),
                format!(
                    "Wij maken ons zorgen over de veiligheid. De reden is: {}. {}",
                    ground.label_nl(),
                    explained("Vraag {uw} contactpersoon om meer uitleg.")
                ),
                say(
                    "Het team krijgt gegevens over {uw} gezin. Dat is nodig om goed te kunnen helpen. Wij maken het plan samen met {u}. De hulp blijft zo veel mogelijk vrijwillig.",
                ),
                complain,
            )
        }
        CaseChange::ScaleUpHandedOver { .. } => (
            Topic::ScaleUpHandedOver,
            "Iemand anders van het Regionaal Veiligheidsteam werkt aan {uw} zaak".to_owned(),
            say(&format!(
                "Op {day} is besloten dat iemand anders van het Regionaal Veiligheidsteam aan de zaak van {{uw}} gezin werkt. {{U}} houdt dezelfde zaak en hetzelfde plan."
            )),
            explained("Vraag {uw} contactpersoon om meer uitleg."),
            say(
                "Deze nieuwe medewerker krijgt de gegevens over {uw} gezin. Dat is nodig om goed te kunnen helpen. {U} hoeft {uw} verhaal niet opnieuw te vertellen.",
            ),
            complain,
        ),
        CaseChange::LegalFrameChanged { from, to } => {
            let (subject, means) = match to {
                LegalFrame::Voluntary => (
                    "De hulp aan {uw} gezin is weer vrijwillig",
                    "{U} beslist zelf mee over de hulp. Wij maken het plan samen met {u}.",
                ),
                LegalFrame::Pressure => (
                    "Wij maken ons ernstige zorgen over de veiligheid",
                    "De hulp is nog vrijwillig. Maar het is nodig dat de hulp nu goed op gang komt. Als dat niet lukt, kunnen wij de Raad voor de Kinderbescherming om een onderzoek vragen.",
                ),
                LegalFrame::Mandatory => (
                    "De hulp aan {uw} gezin is niet meer vrijwillig",
                    "De kinderrechter heeft een maatregel opgelegd. De hulp is daardoor niet meer vrijwillig. Wij blijven wel met {u} praten over wat er gebeurt.",
                ),
            };
            (
                Topic::FrameChanged,
                subject.to_owned(),
                format!(
                    "{} {}",
                    say(&format!(
                        "Op {day} hebben wij besloten dat de hulp aan {{uw}} gezin verandert."
                    )),
                    format_args!(
                        "Eerst was de hulp {}. Nu is de hulp {}.",
                        from.label_nl(),
                        frame_word(*to)
                    ),
                ),
                explained("Vraag {uw} contactpersoon waarom wij dit besloten."),
                say(means),
                complain,
            )
        }
        CaseChange::InvestigationConcluded { request: Some(r), .. } | CaseChange::CourtRequestFiled { request: r } => {
            let by = match (r.parent, r.filed_by) {
                (Some(parent), _) => facts.name(parent),
                (None, Some(org)) => facts.organisation(org).to_owned(),
                (None, None) => decider.clone(),
            };
            let what = match &r.asked {
                Asked::Measures { kinds } => list(kinds.iter().map(|k| k.label_nl().to_owned()).collect()),
                Asked::Extension { .. } => "verlenging van de maatregel".to_owned(),
            };
            (
                Topic::MeasureRequested,
                "Er is een verzoek gedaan aan de kinderrechter".to_owned(),
                format!(
                    "Op {} heeft {by} de kinderrechter gevraagd om een {what} voor {}.",
                    date_nl(r.filed_on),
                    facts.names(&r.children)
                ),
                format!("In het verzoek staat waarom: “{}”", r.grounds.trim()),
                say(
                    "De kinderrechter beslist over het verzoek. Eerst is er meestal een zitting. Daar mag {u} zeggen wat {u} ervan vindt. Kinderen van 12 jaar of ouder mogen hun mening aan de rechter geven. {U} krijgt een brief van de rechtbank met de dag van de zitting.",
                ),
                say(
                    "{U} mag een advocaat nemen. Als {u} weinig geld hebt, betaalt de overheid een groot deel. Zet {uw} advocaat in het portaal bij Mijn advocaat. Dan krijgt die ook deze brieven.",
                ),
            )
        }
        CaseChange::CourtDecided {
            request,
            decision,
            measures,
            ..
        } => {
            let asked = (facts.case.route.justice.requests.iter()).find(|r| r.number == *request)?;
            let extension = matches!(asked.asked, Asked::Extension { .. });
            let subject = match decision.outcome {
                Outcome::Granted => "De kinderrechter heeft het verzoek toegewezen",
                Outcome::PartlyGranted => "De kinderrechter heeft het verzoek voor een deel toegewezen",
                Outcome::Rejected => "De kinderrechter heeft het verzoek afgewezen",
            };
            let mut decided = format!(
                "Op {} heeft de kinderrechter beslist over het verzoek van {}. Het verzoek is {}.",
                date_nl(decision.on),
                date_nl(asked.filed_on),
                decision.outcome.label_nl()
            );
            for m in measures {
                let until = match m.until {
                    Some(u) => format!("tot {}", date_nl(u)),
                    None => format!("tot {} 18 jaar wordt", facts.name(m.child)),
                };
                decided.push_str(&format!(
                    " {} {} voor {}: {until}.",
                    if extension { "Verlengd is de" } else { "Het is een" },
                    m.kind.label_nl(),
                    facts.name(m.child)
                ));
            }
            let mut kinds: Vec<(MeasureKind, PersonId, OrganisationId)> = measures
                .iter()
                .map(|m| (m.kind, m.child, m.executor.organisation))
                .collect();
            kinds.dedup_by_key(|(k, _, _)| *k);
            let means = if measures.is_empty() {
                say("Er komt geen maatregel. De hulp gaat door zoals die nu is.")
            } else {
                (kinds.iter())
                    .map(|(kind, child, gi)| meaning(*kind, &facts.name(*child), facts.organisation(*gi), voice))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            (
                Topic::MeasureDecided,
                subject.to_owned(),
                decided,
                match &event.reason {
                    Some(r) => format!("De rechter schreef: “{}”", r.trim()),
                    None => say(
                        "In de beschikking van de rechter staat waarom. {Uw} contactpersoon kan die met {u} bespreken.",
                    ),
                },
                means,
                say(&format!(
                    "Als {{u}} het niet eens bent met deze beslissing, mag {{u}} in hoger beroep gaan bij het gerechtshof. Dat moet uiterlijk op {}. {{U}} hebt daarvoor een advocaat nodig.",
                    date_nl(decision.appeal_until)
                )),
            )
        }
        CaseChange::MeasureEnded {
            measure,
            on,
            legal_frame,
            ..
        } => {
            let m = (facts.case.route.justice.measures.iter()).find(|x| x.number == *measure)?;
            let child = facts.name(m.child);
            let ran_out = m.until == Some(*on);
            (
                Topic::MeasureEnded,
                format!("De maatregel voor {child} is gestopt"),
                format!("De {} voor {child} is gestopt op {}.", m.kind.label_nl(), date_nl(*on)),
                if ran_out {
                    "De tijd van de maatregel was om. Er is geen verlenging gevraagd of gegeven.".to_owned()
                } else {
                    explained("Vraag {uw} contactpersoon waarom de maatregel eerder stopte.")
                },
                if legal_frame.is_some() {
                    say("Er is nu geen maatregel meer. De hulp is weer vrijwillig. {U} beslist zelf mee over de hulp.")
                } else {
                    "Andere maatregelen lopen nog door. Die blijven gelden tot hun einde.".to_owned()
                },
                say("Als {u} nog hulp wilt, vraag het dan aan {uw} contactpersoon."),
            )
        }
        CaseChange::CorrectionDecided { number, decision, .. } => {
            let asked = (facts.case.route.rectification.corrections.iter()).find(|c| c.number == *number)?;
            (
                Topic::CorrectionRefused,
                "Wij passen {uw} gegevens niet aan".to_owned(),
                say(&format!(
                    "Op {} vroeg {{u}} ons om iets in {{uw}} dossier te verbeteren. Op {} hebben wij besloten om dat niet te doen.",
                    date_nl(asked.asked_on),
                    date_nl(decision.on)
                )),
                format!("{}: “{}”", say("Dit is de reden"), decision.reason.trim()),
                say("Wat er in het dossier staat, blijft staan."),
                format!(
                    "{} {}",
                    say(
                        "{U} mag een eigen verklaring toevoegen. Daarin schrijft {u} wat volgens {u} klopt. Die staat dan altijd naast het gegeven. {U} doet dat in het portaal. Ook mag {u} de rechtbank vragen om te beslissen. Dat moet binnen zes weken na deze brief (art. 35 UAVG).",
                    ),
                    complain
                ),
            )
        }
        CaseChange::ComplaintDecided { number, decision, .. } => {
            let complaint = (facts.case.route.rectification.complaints.iter()).find(|c| c.number == *number)?;
            let means = match decision.finding {
                Finding::WellFounded => "Wij vinden dat {u} gelijk hebt. Wij doen iets met {uw} klacht.",
                Finding::PartlyWellFounded => "Wij vinden dat {u} voor een deel gelijk hebt.",
                Finding::Unfounded => "Wij vinden dat wij goed hebben gehandeld.",
            };
            let next = if voice.youth {
                "Als je het niet eens bent met dit besluit, mag je naar de Kinderombudsman. Die helpt kinderen en jongeren gratis."
            } else {
                "Als u het niet eens bent met dit besluit, mag u naar de Nationale ombudsman (art. 9:18 Awb). Dat is gratis."
            };
            (
                Topic::ComplaintDecided,
                "Wij hebben {uw} klacht behandeld".to_owned(),
                say(&format!(
                    "Op {} diende {{u}} een klacht in bij {decider}. Op {} hebben wij besloten: {{uw}} klacht is {}.",
                    date_nl(complaint.filed_on),
                    date_nl(decision.on),
                    decision.finding.label_nl()
                )),
                format!("{}: “{}”", say("Dit is de reden"), decision.reason.trim()),
                say(means),
                next.to_owned(),
            )
        }
        CaseChange::DestructionDecided { number, decision, .. } => {
            let asked = (facts.case.route.rectification.destructions.iter()).find(|r| r.number == *number)?;
            let ground = decision.refused?;
            (
                Topic::DestructionRefused,
                "Wij vernietigen {uw} dossier niet".to_owned(),
                say(&format!(
                    "Op {} vroeg {{u}} ons om {{uw}} dossier te vernietigen. Op {} hebben wij besloten om dat niet te doen.",
                    date_nl(asked.asked_on),
                    date_nl(decision.on)
                )),
                format!(
                    "{} {}: “{}”",
                    say(&format!(
                        "De wet staat een weigering maar om twee redenen toe. Wij weigeren omdat {}.",
                        ground.label_nl()
                    )),
                    say("Dit is de uitleg"),
                    decision.reason.trim()
                ),
                say(
                    "{Uw} dossier blijft bewaard. Alleen wie met {uw} gezin werkt, mag het lezen. Als de bewaartermijn voorbij is, vernietigen wij het.",
                ),
                format!(
                    "{} {}",
                    complain,
                    say(
                        "Ook mag {u} de rechtbank vragen om te beslissen. Dat moet binnen zes weken na deze brief (art. 35 UAVG)."
                    ),
                ),
            )
        }
        _ => return None,
    })
}

/// The frame as a word after "de hulp is".
fn frame_word(frame: LegalFrame) -> &'static str {
    match frame {
        LegalFrame::Voluntary => "vrijwillig",
        LegalFrame::Pressure => "vrijwillig, maar met drang",
        LegalFrame::Mandatory => "gedwongen",
    }
}

/// What a measure means for the family.
fn meaning(kind: MeasureKind, child: &str, gi: &str, voice: &Voice) -> String {
    voice.say(&match kind {
        MeasureKind::ProvisionalSupervision | MeasureKind::Supervision => format!(
            "Een jeugdbeschermer van {gi} helpt {{uw}} gezin. De jeugdbeschermer mag ook zeggen wat er moet gebeuren. De ouders houden zelf het gezag over {child}."
        ),
        MeasureKind::Placement => format!(
            "{child} mag een tijd ergens anders wonen, bijvoorbeeld in een pleeggezin. De jeugdbeschermer van {gi} bespreekt met {{u}} waar."
        ),
        MeasureKind::AuthorityTermination => format!(
            "De ouders hebben niet langer het gezag over {child}. {gi} wordt de voogd en beslist over de opvoeding."
        ),
    })
}

/// Where to complain about a decision, and how long it takes.
fn complaint_route(organisation: &str, weeks: u32, voice: &Voice) -> String {
    voice.say(&format!(
        "Als {{u}} vragen hebt, bel of mail dan {{uw}} contactpersoon. {{U}} mag ook een klacht indienen bij {organisation} als {{u}} het niet eens bent met dit besluit. {{U}} doet dat in het portaal, bij Niet eens met een beslissing. {organisation} beslist binnen {weeks} weken."
    ))
}

/// The contact person's section.
fn contact(c: &ContactPerson, voice: &Voice) -> String {
    let mut out = voice.say(&format!("{{Uw}} contactpersoon is {} van {}.", c.name, c.organisation));
    if let Some(phone) = &c.phone {
        out.push_str(&format!(" Telefoon: {phone}."));
    }
    if let Some(email) = &c.email {
        out.push_str(&format!(" E-mail: {email}."));
    }
    out
}

/// "a", "a en b", "a, b en c".
fn list(mut items: Vec<String>) -> String {
    match items.len() {
        0 => String::new(),
        1 => items.remove(0),
        _ => {
            let last = items.pop().unwrap_or_default();
            format!("{} en {last}", items.join(", "))
        }
    }
}

/// The Flesch-Douma reading ease of a Dutch text: 206.835 − 0.93 × words per sentence − 77 × syllables per
/// word (Douma 1960). Higher is easier: 60 to 70 reads fairly easily, above 70 easily. A syllable is a group
/// of vowels (a trema starts a new one: "geëvalueerd"); a sentence ends at ".", "!" or "?" before a capital
/// letter, a quote or the end, so "art. 35" does not end one. `None` for a text without words.
pub fn flesch_douma(text: &str) -> Option<f64> {
    let words: Vec<&str> = (text.split(|c: char| !c.is_alphabetic() && c != '-'))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    if words.is_empty() {
        return None;
    }
    let syllables: usize = words.iter().map(|w| syllables(w)).sum();
    let chars: Vec<char> = text.chars().collect();
    let ends = (chars.iter().enumerate())
        .filter(|(i, c)| {
            matches!(c, '.' | '!' | '?') && {
                let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
                chars.get(i + 1).is_none_or(|c| c.is_whitespace() || *c == '”')
                    && next.is_none_or(|n| n.is_uppercase() || matches!(n, '“' | '”' | '(' | '"'))
            }
        })
        .count()
        .max(1);
    let words_n = words.len() as f64;
    Some(206.835 - 0.93 * (words_n / ends as f64) - 77.0 * (syllables as f64 / words_n))
}

/// The syllables of a word: its groups of vowels, at least one.
fn syllables(word: &str) -> usize {
    let vowel = |c: char| "aeiouyáéíóúàèìòùâêîôûäöü".contains(c.to_ascii_lowercase());
    let mut count = 0;
    let mut in_group = false;
    for c in word.chars().flat_map(char::to_lowercase) {
        if matches!(c, 'ë' | 'ï') {
            count += 1;
            in_group = true;
        } else if vowel(c) {
            if !in_group {
                count += 1;
            }
            in_group = true;
        } else {
            in_group = false;
        }
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{EventActor, Lead};
    use crate::complaint::{Complaint, ComplaintDecision};
    use crate::correction::{Correction, CorrectionDecision};
    use crate::ids::ProfessionalId;
    use crate::justice::{CourtDecision, CourtRequest, Executor, Measure};
    use crate::route::Ground;
    use jiff::civil::date;

    const DAY: Date = date(2026, 12, 3);

    fn member(name: &str, relation: Relation, born: Date) -> Addressee {
        Addressee {
            person: PersonId::new(),
            name: name.to_owned(),
            relation,
            born,
            from: date(2010, 1, 1),
            until: None,
        }
    }

    struct World {
        case: Case,
        members: Vec<Addressee>,
        organisations: HashMap<OrganisationId, String>,
        team: OrganisationId,
    }

    /// A household of a mother, her partner, a child of 14 and one of 8, with a request for supervision
    /// of both children granted, one measure ended, a refused correction and a decided complaint.
    fn world() -> World {
        let members = vec![
            member("Eva Test", Relation::Parent, date(1988, 5, 1)),
            member("Rik Test", Relation::Partner, date(1986, 2, 1)),
            member("Sam Test", Relation::Child, date(2012, 6, 1)),
            member("Lotte Test", Relation::Child, date(2018, 6, 1)),
        ];
        let (gi, raad, court) = (OrganisationId::new(), OrganisationId::new(), OrganisationId::new());
        let team_member = crate::fixtures::actor(crate::directory::OrganisationKind::LocalTeam);
        let team = team_member.organisation;
        let mut case = crate::fixtures::case_led_by(&team_member);
        let organisations = HashMap::from([
            (team, "Lokaal team Noord".to_owned()),
            (gi, "Jeugdbescherming Regio".to_owned()),
            (raad, "Raad voor de Kinderbescherming".to_owned()),
        ]);
        let executor = Executor {
            organisation: gi,
            professional: ProfessionalId::new(),
        };
        let children = vec![members[2].person, members[3].person];
        case.route.justice.requests.push(CourtRequest {
            number: 1,
            asked: Asked::Measures {
                kinds: vec![MeasureKind::Supervision],
            },
            filed_by: Some(raad),
            parent: None,
            filed_on: date(2026, 9, 1),
            court,
            children: children.clone(),
            grounds: "De kinderen zijn thuis niet veilig.".into(),
            investigation: Some(1),
            executor,
            hearing: None,
            decision: None,
        });
        for (number, child) in [(1, children[0]), (2, children[1])] {
            case.route.justice.measures.push(Measure {
                number,
                kind: MeasureKind::Supervision,
                child,
                start: date(2026, 10, 1),
                until: Some(date(2027, 10, 1)),
                executor,
                request: 1,
                extended_by: Vec::new(),
                placed_on: None,
                ended_on: None,
            });
        }
        case.route.rectification.corrections.push(Correction {
            number: 1,
            entry: 3,
            by: members[0].person,
            asked: "Ik heb dat niet gezegd.".into(),
            asked_on: date(2026, 11, 1),
            due: date(2026, 12, 1),
            extended: None,
            decision: None,
        });
        case.route.rectification.complaints.push(Complaint {
            number: 1,
            entry: 3,
            by: members[2].person,
            organisation: team,
            about: None,
            text: "Niemand vroeg wat ik wilde.".into(),
            filed_on: date(2026, 11, 2),
            due: date(2026, 12, 14),
            decision: None,
        });
        case.route
            .rectification
            .destructions
            .push(crate::retention::DestructionRequest {
                number: 1,
                by: members[0].person,
                text: Some("Ik wil dat alles weg is.".into()),
                asked_on: date(2026, 11, 3),
                due: date(2027, 2, 3),
                decision: None,
            });
        World {
            case,
            members,
            organisations,
            team,
        }
    }

    fn event(w: &World, change: CaseChange, reason: Option<&str>) -> CaseEvent {
        CaseEvent {
            case_id: w.case.id,
            seq: 7,
            at: DAY.to_zoned(crate::time::zone()).unwrap().timestamp(),
            actor: EventActor::Professional {
                professional_id: ProfessionalId::new(),
            },
            organisation: w.team,
            reason: reason.map(str::to_owned),
            change,
        }
    }

    fn contact() -> ContactPerson {
        ContactPerson {
            name: "Noor de Vries".into(),
            organisation: "Lokaal team Noord".into(),
            phone: Some("050 123 4567".into()),
            email: Some("noor@example.org".into()),
        }
    }

    fn facts<'a>(w: &'a World, contact: &'a ContactPerson) -> Facts<'a> {
        Facts {
            case: &w.case,
            members: &w.members,
            contact,
            organisations: &w.organisations,
            complaint_weeks: 6,
            lawyers: &[],
        }
    }

    #[test]
    fn a_lawyer_registered_before_a_decision_on_a_measure_receives_a_copy_and_none_of_other_letters() {
        let w = world();
        let c = contact();
        let topics = every_topic(&w);
        let mother = w.members[0].person;
        let day = topics[3].at;
        let lawyer = |at: Timestamp| {
            crate::lawyer::Lawyer::register(mother, "mr. A. de Wit", "Wit Advocaten", "", "wit@example.nl", at).unwrap()
        };
        let before = [lawyer(day.checked_sub(jiff::Span::new().hours(1)).unwrap())];
        let f = Facts {
            lawyers: &before,
            ..facts(&w, &c)
        };
        let decided = letters(&topics[3], &f);
        let copies: Vec<&Letter> = decided.iter().filter(|l| l.lawyer.is_some()).collect();
        assert_eq!(copies.len(), 1);
        assert_eq!(copies[0].to, mother);
        assert_eq!(
            copies[0].to_name,
            "mr. A. de Wit (Wit Advocaten), advocaat van Eva Test"
        );
        assert_eq!(copies[0].sections, decided[0].sections);
        // Not of a refused correction, and not of a decision before the lawyer was registered.
        assert!(letters(&topics[5], &f).iter().all(|l| l.lawyer.is_none()));
        let after = [lawyer(day.checked_add(jiff::Span::new().hours(1)).unwrap())];
        let g = Facts {
            lawyers: &after,
            ..facts(&w, &c)
        };
        assert!(letters(&topics[3], &g).iter().all(|l| l.lawyer.is_none()));
    }

    /// One event of every topic.
    fn every_topic(w: &World) -> Vec<CaseEvent> {
        let lead = w.case.lead;
        let decision = CourtDecision {
            on: date(2026, 10, 1),
            outcome: Outcome::Granted,
            heard: Vec::new(),
            urgent: None,
            appeal_until: date(2027, 1, 1),
            measures: vec![1, 2],
        };
        vec![
            event(
                w,
                CaseChange::ScaledUp {
                    form: ScaleForm::JointWork,
                    ground: Ground::StructuralUnsafety,
                    rvt_professional: ProfessionalId::new(),
                    deadline: None,
                    lead,
                    basis: Some(crate::consent::Basis::Legal {
                        activity: "rvt".into(),
                        article: "art. 4.1.1 Wmo 2015".into(),
                    }),
                },
                Some("Er was weer ruzie met geweld."),
            ),
            event(
                w,
                CaseChange::LegalFrameChanged {
                    from: LegalFrame::Voluntary,
                    to: LegalFrame::Pressure,
                },
                None,
            ),
            event(
                w,
                CaseChange::CourtRequestFiled {
                    request: w.case.route.justice.requests[0].clone(),
                },
                None,
            ),
            event(
                w,
                CaseChange::CourtDecided {
                    request: 1,
                    decision,
                    measures: w.case.route.justice.measures.clone(),
                    legal_frame: Some(LegalFrame::Mandatory),
                    lead: None,
                },
                Some("De kinderen hebben hulp nodig die de ouders nu niet kunnen geven."),
            ),
            event(
                w,
                CaseChange::MeasureEnded {
                    measure: 2,
                    on: date(2026, 11, 20),
                    legal_frame: None,
                    lead: None,
                },
                Some("Het gaat nu goed thuis."),
            ),
            event(
                w,
                CaseChange::CorrectionDecided {
                    number: 1,
                    member: w.members[0].person,
                    entry: 3,
                    decision: CorrectionDecision {
                        on: DAY,
                        by: ProfessionalId::new(),
                        corrected: None,
                        reason: "Dit staat zo in ons verslag van het gesprek.".into(),
                    },
                },
                None,
            ),
            event(
                w,
                CaseChange::ComplaintDecided {
                    number: 1,
                    member: w.members[2].person,
                    decision: ComplaintDecision {
                        on: DAY,
                        by: ProfessionalId::new(),
                        finding: Finding::PartlyWellFounded,
                        reason: "Wij hadden het je eerder moeten vragen.".into(),
                    },
                },
                None,
            ),
            event(
                w,
                CaseChange::DestructionDecided {
                    number: 1,
                    member: w.members[0].person,
                    decision: crate::retention::DestructionDecision {
                        on: DAY,
                        by: ProfessionalId::new(),
                        refused: Some(crate::retention::RefusalGround::OthersInterest),
                        reason: "Het plan voor de veiligheid van de kinderen staat erin.".into(),
                    },
                },
                None,
            ),
            event(
                w,
                CaseChange::ScaleUpHandedOver {
                    part: crate::route::ScalePart::Rvt,
                    from: ProfessionalId::new(),
                    to: ProfessionalId::new(),
                    lead: Some(lead),
                    basis: Some(crate::consent::Basis::Legal {
                        activity: "rvdk_investigation".into(),
                        article: "inlichtingen aan de Raad, BW Boek 1 art. 1:240".into(),
                    }),
                },
                Some("Onze collega gaat weg bij Veilig Thuis."),
            ),
        ]
    }

    #[test]
    fn every_letter_reads_at_b1_level_for_adults_and_youths() {
        let w = world();
        let c = contact();
        let f = facts(&w, &c);
        let mut seen = Vec::new();
        for e in every_topic(&w) {
            let letters = letters(&e, &f);
            assert!(!letters.is_empty(), "no letter for {}", e.change.kind());
            for l in letters {
                let text = l.text();
                let score = flesch_douma(&text).unwrap();
                assert!(
                    score >= 60.0,
                    "{:?} to {} scores {score:.1}:\n{text}",
                    l.topic,
                    l.to_name
                );
                assert!(!text.contains('{'), "a placeholder is left in:\n{text}");
                assert!(
                    text.contains("Noor de Vries") && text.contains("050 123 4567"),
                    "{text}"
                );
                seen.push((l.topic, l.to_name.contains("Sam")));
            }
        }
        for topic in [
            Topic::ScaledUp,
            Topic::ScaleUpHandedOver,
            Topic::FrameChanged,
            Topic::MeasureRequested,
            Topic::MeasureDecided,
            Topic::MeasureEnded,
            Topic::CorrectionRefused,
            Topic::ComplaintDecided,
            Topic::DestructionRefused,
        ] {
            assert!(seen.iter().any(|(t, _)| *t == topic), "{topic:?} has no letter");
        }
        assert!(seen.iter().any(|(_, youth)| *youth), "no letter to the youth");
    }

    #[test]
    fn adults_and_concerned_children_of_twelve_receive_a_measure_letter_and_only_the_member_their_own() {
        let w = world();
        let c = contact();
        let f = facts(&w, &c);
        let topics = every_topic(&w);
        let names = |e: &CaseEvent| -> Vec<String> { letters(e, &f).into_iter().map(|l| l.to_name).collect() };
        // Sam (14) is concerned and receives one, Lotte (8) does not.
        assert_eq!(names(&topics[3]), ["Eva Test", "Rik Test", "Sam Test"]);
        // The ended measure is Lotte's: Sam is not concerned.
        assert_eq!(names(&topics[4]), ["Eva Test", "Rik Test"]);
        assert_eq!(names(&topics[5]), ["Eva Test"]);
        assert_eq!(names(&topics[6]), ["Sam Test"]);
        assert_eq!(names(&topics[7]), ["Eva Test"]);
        // To a youth: "je", to an adult: "u".
        let decided = letters(&topics[3], &f);
        assert!(decided[0].text().contains("Als u het niet eens bent"));
        assert!(decided[2].text().contains("Als je het niet eens bent"));
        assert!(!decided[2].text().contains(" u "));
        // The youth's complaint letter names the Kinderombudsman.
        assert!(letters(&topics[6], &f)[0].text().contains("Kinderombudsman"));
    }

    #[test]
    fn an_accepted_correction_an_anonymous_consultation_and_other_events_need_no_letter() {
        let w = world();
        let c = contact();
        let f = facts(&w, &c);
        let mut events = every_topic(&w);
        let CaseChange::CorrectionDecided { decision, .. } = &mut events[5].change else {
            panic!("the sixth event decides a correction")
        };
        decision.corrected = Some("Zo is het wel goed.".into());
        assert!(letters(&events[5], &f).is_empty());
        let CaseChange::ScaledUp { basis, .. } = &mut events[0].change else {
            panic!("the first event scales up")
        };
        *basis = None;
        assert!(letters(&events[0], &f).is_empty());
        // A hand-over in the RVT of an anonymous consultation shares nothing; the local team's part neither.
        let handed = |part, basis| {
            let (from, to) = (ProfessionalId::new(), ProfessionalId::new());
            let change = CaseChange::ScaleUpHandedOver {
                part,
                from,
                to,
                lead: None,
                basis,
            };
            letters(&event(&w, change, None), &f)
        };
        assert!(handed(crate::route::ScalePart::Rvt, None).is_empty());
        let shared = crate::consent::Basis::Legal {
            activity: "report_to_vt".into(),
            article: "meldrecht, Wmo 2015 art. 5.2.6".into(),
        };
        assert!(handed(crate::route::ScalePart::Local, Some(shared)).is_empty());
        let seen = event(&w, CaseChange::ConsultationAnswerSeen, None);
        assert!(letters(&seen, &f).is_empty());
    }

    #[test]
    fn an_adult_brother_and_a_lodger_receive_the_route_letters_but_not_a_measure_of_another_child() {
        let mut w = world();
        w.members.push(member("Bram Test", Relation::Child, date(2004, 1, 1)));
        w.members
            .push(member("Kamerhuurder Test", Relation::OtherAdult, date(1970, 1, 1)));
        let c = contact();
        let f = facts(&w, &c);
        let topics = every_topic(&w);
        let names = |e: &CaseEvent| -> Vec<String> { letters(e, &f).into_iter().map(|l| l.to_name).collect() };
        assert_eq!(
            names(&topics[1]),
            ["Eva Test", "Rik Test", "Sam Test", "Bram Test", "Kamerhuurder Test"]
        );
        assert_eq!(names(&topics[3]), ["Eva Test", "Rik Test", "Sam Test"]);
    }

    #[test]
    fn a_member_who_left_the_household_receives_no_letter() {
        let mut w = world();
        w.members[1].until = Some(date(2026, 6, 1));
        let c = contact();
        let f = facts(&w, &c);
        let topics = every_topic(&w);
        let names: Vec<String> = letters(&topics[1], &f).into_iter().map(|l| l.to_name).collect();
        assert_eq!(names, ["Eva Test", "Sam Test"]);
    }

    #[test]
    fn the_contact_person_is_the_lead_after_each_event() {
        let w = world();
        let first = w.case.lead;
        let other = Lead {
            primary: ProfessionalId::new(),
            secondary: None,
        };
        let mut opened = event(
            &w,
            CaseChange::Opened {
                lead: first,
                legal_frame: LegalFrame::Voluntary,
            },
            None,
        );
        opened.seq = 1;
        let mut changed = event(&w, CaseChange::LeadChanged { from: first, to: other }, None);
        changed.seq = 2;
        let mut seen = event(&w, CaseChange::ConsultationAnswerSeen, None);
        seen.seq = 3;
        let leads = leads([&opened, &changed, &seen]);
        assert_eq!((leads[&1], leads[&2], leads[&3]), (first, other, other));
    }

    #[test]
    fn flesch_douma_scores_plain_dutch_above_officialese() {
        let plain = flesch_douma("De hulp is weer vrijwillig. U beslist zelf mee. Wij maken het plan samen.").unwrap();
        let dense = flesch_douma(
            "Naar aanleiding van de door de gecertificeerde instelling geconstateerde ontwikkelingsbedreiging is besloten tot verlenging van de ondertoezichtstelling.",
        )
        .unwrap();
        assert!(plain > 70.0, "{plain}");
        assert!(dense < 30.0, "{dense}");
        assert_eq!(syllables("geëist"), 2);
        assert_eq!(syllables("ondertoezichtstelling"), 6);
        assert_eq!(flesch_douma("12 34"), None);
        // "art. 35" does not end a sentence.
        let one = flesch_douma("Dat staat in art. 35 UAVG.").unwrap();
        let two = flesch_douma("Dat staat in art. Vijf staat er ook.").unwrap();
        assert!(one < two);
    }

    proptest::proptest! {
        #[test]
        fn the_score_is_finite_and_an_extra_short_sentence_never_makes_a_text_harder(
            words in proptest::collection::vec("[a-z]{1,12}", 1..40)
        ) {
            let text = format!("{}.", words.join(" "));
            let score = flesch_douma(&text).unwrap();
            proptest::prop_assert!(score.is_finite());
            let easier = flesch_douma(&format!("{text} Ja.")).unwrap();
            proptest::prop_assert!(easier >= score - 1e-9);
        }
    }
}
