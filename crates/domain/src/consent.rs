//! Consent and legal grounds (F18): every disclosure of a household's data to another organisation rests
//! on one of two bases. Either **consent** — which household member gave it, for which purpose and which
//! organisation, from when and how; revocable, and revoking stops further sharing from that moment but
//! undoes nothing — or a **legal ground** from the register of processing activities
//! ([`crate::register`]): the right to report to Veilig Thuis, the Raad's statutory investigation, a GI's
//! execution of a court measure.
//!
//! Scaling up to the Regional Safety Team is the disclosure Regie carries out: a consultation without a
//! basis is anonymous ([`crate::involvement::anonymous_to`]), joint work or a transfer without one is refused
//! ([`basis_for`] decides, [`missing_ground`] says what is missing). Reports to Veilig Thuis and the local
//! team, and the feedback to their reporter, rest on the meldrecht (`report_to_vt` in the register).

use crate::case::LegalFrame;
use crate::directory::{Actor, OrganisationKind};
use crate::error::DomainError;
use crate::ids::{ConsentId, HouseholdId, OrganisationId, PersonId, ProfessionalId};
use crate::register::{self, Activity};
use crate::route::{Ground, ScaleForm, is_rvt};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// From this age a person gives consent for their own data alone; for a younger child the parents with
/// authority give it (Burgerlijk Wetboek Boek 7 art. 7:450 lid 1 and 2, applied to youth care by Jeugdwet
/// art. 7.3.4 lid 1 and art. 7.3.11 lid 1).
pub const CONSENT_AGE: i16 = 16;

/// What a consent lets Regie share, with the organisation it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// The Regional Safety Team thinks along about the family, knowing who they are.
    RvtConsultation,
    /// A professional of the Regional Safety Team works in the case together with the local team.
    RvtJointWork,
    /// The Regional Safety Team takes over the case.
    RvtTransfer,
}

impl Purpose {
    /// Every purpose, in the order a form offers them.
    pub const ALL: [Self; 3] = [Self::RvtConsultation, Self::RvtJointWork, Self::RvtTransfer];

    /// The purpose a scale-up of this form serves.
    pub fn of_scale(form: ScaleForm) -> Self {
        match form {
            ScaleForm::Consultation => Self::RvtConsultation,
            ScaleForm::JointWork => Self::RvtJointWork,
            ScaleForm::Transfer => Self::RvtTransfer,
        }
    }

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::RvtConsultation => "rvt_consultation",
            Self::RvtJointWork => "rvt_joint_work",
            Self::RvtTransfer => "rvt_transfer",
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }

    /// In plain Dutch, as the family reads it: "… met `<organisation>`".
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::RvtConsultation => "meedenken over uw gezin, met uw namen (consultatie van het RVT)",
            Self::RvtJointWork => "samen met het lokaal team de hulp regelen (samenwerking met het RVT)",
            Self::RvtTransfer => "de hulp overnemen van het lokaal team (overdracht aan het RVT)",
        }
    }
}

/// How the consent was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Manner {
    /// Said to the professional, who wrote it down.
    Verbal,
    /// On paper or by e-mail, signed.
    Written,
}

impl Manner {
    /// Every manner, in the order a form offers them.
    pub const ALL: [Self; 2] = [Self::Verbal, Self::Written];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Verbal => "verbal",
            Self::Written => "written",
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }

    /// In Dutch.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::Verbal => "mondeling",
            Self::Written => "schriftelijk",
        }
    }
}

/// Who revoked a consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum Revoker {
    /// The person who gave it, in the portal.
    Family(PersonId),
    /// A professional of the case, recording what the person told them.
    Professional(ProfessionalId),
}

/// The end of a consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Revocation {
    /// When.
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    /// By whom.
    pub by: Revoker,
}

/// A household member's consent to share the household's data with one organisation for one purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    /// Identifier.
    pub id: ConsentId,
    /// The household whose data it concerns.
    pub household: HouseholdId,
    /// Who gave it: a member of the household of [`CONSENT_AGE`] or older.
    pub person: PersonId,
    /// What for.
    pub purpose: Purpose,
    /// With whom the data may be shared.
    pub organisation: OrganisationId,
    /// From which day.
    pub from: Date,
    /// How it was given.
    pub manner: Manner,
    /// The professional who recorded it.
    pub recorded_by: ProfessionalId,
    /// When it was recorded.
    pub recorded_at: Timestamp,
    /// Its end, once revoked.
    pub revoked: Option<Revocation>,
}

/// A consent as a form or an API call gives it: every field still raw, so that every wrong one is reported
/// at once.
#[derive(Debug, Clone, Default)]
pub struct ConsentForm<'a> {
    /// The person's id.
    pub person: &'a str,
    /// A [`Purpose`] code.
    pub purpose: &'a str,
    /// The organisation's id.
    pub organisation: &'a str,
    /// The first day, `YYYY-MM-DD`.
    pub from: &'a str,
    /// A [`Manner`] code.
    pub manner: &'a str,
}

/// What [`Consent::record`] checks the form against, looked up by the caller.
#[derive(Debug, Clone, Default)]
pub struct ConsentContext {
    /// The household's current members with their date of birth.
    pub members: Vec<(PersonId, Date)>,
    /// The region's organisations.
    pub organisations: Vec<(OrganisationId, OrganisationKind)>,
    /// Today, in the Netherlands.
    pub today: Date,
}

impl Consent {
    /// Records a consent given by a member of `household`, as `actor`: the person is a current member of
    /// [`CONSENT_AGE`] or older, the purpose is known, the organisation is one of the Regional Safety Team's
    /// (Veilig Thuis, the Raad or a GI) in the region, and the first day is not in the future. Every wrong
    /// field is reported at once.
    pub fn record(
        actor: &Actor,
        household: HouseholdId,
        form: &ConsentForm<'_>,
        ctx: &ConsentContext,
        at: Timestamp,
    ) -> Result<Self, Vec<DomainError>> {
        let person = form
            .person
            .trim()
            .parse::<PersonId>()
            .ok()
            .and_then(|p| ctx.members.iter().find(|(m, _)| *m == p))
            .ok_or_else(|| {
                DomainError::invalid(
                    "person_id",
                    "not_a_member",
                    "choose who gave consent from the household's current members",
                    "Kies wie toestemming gaf uit de huidige gezinsleden.",
                )
            })
            .and_then(|(p, born)| {
                let age = crate::person::age(*born, ctx.today);
                if age < CONSENT_AGE {
                    Err(DomainError::invalid(
                        "person_id",
                        "too_young",
                        format!("a child under {CONSENT_AGE} does not consent alone: record the consent of a parent with authority"),
                        format!("Een kind onder de {CONSENT_AGE} geeft niet alleen toestemming: leg de toestemming van een ouder met gezag vast."),
                    ))
                } else {
                    Ok(*p)
                }
            });
        let purpose = Purpose::parse(form.purpose.trim()).ok_or_else(|| {
            DomainError::invalid(
                "purpose",
                "unknown_purpose",
                "choose what the consent is for",
                "Kies waarvoor de toestemming is.",
            )
        });
        let organisation = form
            .organisation
            .trim()
            .parse::<OrganisationId>()
            .ok()
            .and_then(|o| ctx.organisations.iter().find(|(id, _)| *id == o))
            .filter(|(_, kind)| is_rvt(*kind))
            .map(|(id, _)| *id)
            .ok_or_else(|| {
                DomainError::invalid(
                    "organisation_id",
                    "not_rvt",
                    "choose Veilig Thuis, the Raad voor de Kinderbescherming or a GI of the region",
                    "Kies Veilig Thuis, de Raad voor de Kinderbescherming of een GI uit de regio.",
                )
            });
        let from = match form.from.trim().parse::<Date>() {
            Ok(d) if d > ctx.today => Err(DomainError::invalid(
                "from",
                "in_future",
                "consent is recorded once it is given: the first day is today or earlier",
                "Leg toestemming vast als die gegeven is: de eerste dag is vandaag of eerder.",
            )),
            Ok(d) => Ok(d),
            Err(_) => Err(DomainError::invalid(
                "from",
                "invalid_date",
                "give the day the consent was given as YYYY-MM-DD",
                "Vul de dag in waarop de toestemming gegeven is, als JJJJ-MM-DD.",
            )),
        };
        let manner = Manner::parse(form.manner.trim()).ok_or_else(|| {
            DomainError::invalid(
                "manner",
                "required",
                "choose how the consent was given",
                "Kies hoe de toestemming gegeven is.",
            )
        });
        match (person, purpose, organisation, from, manner) {
            (Ok(person), Ok(purpose), Ok(organisation), Ok(from), Ok(manner)) => Ok(Self {
                id: ConsentId::new(),
                household,
                person,
                purpose,
                organisation,
                from,
                manner,
                recorded_by: actor.professional,
                recorded_at: at,
                revoked: None,
            }),
            (person, purpose, organisation, from, manner) => Err([
                person.err(),
                purpose.err(),
                organisation.err(),
                from.err(),
                manner.err(),
            ]
            .into_iter()
            .flatten()
            .collect()),
        }
    }

    /// Whether the consent holds on `today`: given by then and not revoked.
    pub fn in_force(&self, today: Date) -> bool {
        self.revoked.is_none() && self.from <= today
    }

    /// Revokes the consent. A family member revokes only a consent they gave themselves; a consent ends
    /// once.
    pub fn revoke(&self, by: Revoker, at: Timestamp) -> Result<Self, DomainError> {
        if matches!(by, Revoker::Family(p) if p != self.person) {
            return Err(DomainError::forbidden(
                "not_your_consent",
                "you can revoke only a consent you gave yourself",
                "u kunt alleen een toestemming intrekken die u zelf gaf",
            ));
        }
        if self.revoked.is_some() {
            return Err(DomainError::conflict(
                None,
                "already_revoked",
                "this consent was already revoked",
                "deze toestemming is al ingetrokken",
            ));
        }
        Ok(Self {
            revoked: Some(Revocation { at, by }),
            ..self.clone()
        })
    }
}

/// On what basis a household's data is shared with another organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Basis {
    /// A household member's consent.
    Consent {
        /// The consent.
        consent: ConsentId,
        /// Who gave it.
        person: PersonId,
    },
    /// A legal ground: an activity of the register of processing activities, and the article that lets
    /// it share without consent.
    Legal {
        /// The activity's id in [`crate::register::ACTIVITIES`].
        activity: String,
        /// The article.
        article: String,
    },
}

impl Basis {
    /// In Dutch, with the article for a legal ground; `person` names who gave a consent.
    pub fn label_nl(&self, person: &str) -> String {
        match self {
            Self::Consent { .. } => format!("toestemming van {person}"),
            Self::Legal { article, .. } => format!("wettelijke grondslag ({article})"),
        }
    }
}

/// The legal ground for sharing a case with the Regional Safety Team, if there is one, by the kind of the
/// organisation it goes to: a suspicion of acute or structural unsafety may be reported to Veilig Thuis
/// without consent (meldrecht, Wmo 2015 art. 5.2.6) and the Raad may be informed for its investigation
/// without consent (BW Boek 1 art. 1:240), as in a frame of drang or a measure; a GI receives what it needs
/// only under a court measure (Jeugdwet art. 7.3.11 lid 4).
pub fn legal_ground(
    to: OrganisationKind,
    ground: Ground,
    frame: LegalFrame,
) -> Option<(&'static Activity, &'static str)> {
    let unsafe_now = matches!(ground, Ground::AcuteUnsafety | Ground::StructuralUnsafety);
    let (id, article) = match to {
        OrganisationKind::Vt if unsafe_now || frame != LegalFrame::Voluntary => {
            ("report_to_vt", "meldrecht, Wmo 2015 art. 5.2.6")
        }
        OrganisationKind::Rvdk if unsafe_now || frame != LegalFrame::Voluntary => {
            ("rvdk_investigation", "inlichtingen aan de Raad, BW Boek 1 art. 1:240")
        }
        OrganisationKind::Gi if frame == LegalFrame::Mandatory => {
            ("gi_measure", "kinderbeschermingsmaatregel, Jeugdwet art. 7.3.11 lid 4")
        }
        _ => return None,
    };
    register::find(id).map(|a| (a, article))
}

/// The basis for sharing a case with `to` for `purpose`: a legal ground first, else a consent in force on
/// `today` for that purpose and organisation; none when neither exists.
pub fn basis_for(
    to: &Actor,
    purpose: Purpose,
    ground: Ground,
    frame: LegalFrame,
    consents: &[Consent],
    today: Date,
) -> Option<Basis> {
    if let Some((activity, article)) = legal_ground(to.kind, ground, frame) {
        return Some(Basis::Legal {
            activity: activity.id.to_owned(),
            article: article.to_owned(),
        });
    }
    consents
        .iter()
        .find(|c| c.purpose == purpose && c.organisation == to.organisation && c.in_force(today))
        .map(|c| Basis::Consent {
            consent: c.id,
            person: c.person,
        })
}

/// The refusal of a disclosure without a basis, saying which one is missing.
pub fn missing_ground(field: &'static str, purpose: Purpose) -> DomainError {
    DomainError::invalid(
        field,
        "missing_ground",
        format!(
            "there is no ground to share this family's data for '{}': no legal ground applies, so record the consent of a household member for this purpose and organisation first, or ask a consultation (which stays anonymous)",
            purpose.code()
        ),
        format!(
            "Er is geen grondslag om de gegevens van dit gezin te delen voor {}: er geldt geen wettelijke grondslag, dus leg eerst de toestemming van een gezinslid vast voor dit doel en deze organisatie, of vraag een consultatie (die blijft anoniem).",
            purpose.label_nl()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::actor;
    use proptest::prelude::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    struct World {
        lt: Actor,
        vt: Actor,
        gi: Actor,
        parent: PersonId,
        child: PersonId,
        ctx: ConsentContext,
    }

    fn world() -> World {
        let (lt, vt, gi) = (
            actor(OrganisationKind::LocalTeam),
            actor(OrganisationKind::Vt),
            actor(OrganisationKind::Gi),
        );
        let (parent, child) = (PersonId::new(), PersonId::new());
        let ctx = ConsentContext {
            members: vec![(parent, date("1985-03-01")), (child, date("2012-06-01"))],
            organisations: vec![
                (lt.organisation, lt.kind),
                (vt.organisation, vt.kind),
                (gi.organisation, gi.kind),
            ],
            today: date("2026-12-02"),
        };
        World {
            lt,
            vt,
            gi,
            parent,
            child,
            ctx,
        }
    }

    fn consent(w: &World, person: PersonId, purpose: Purpose, to: &Actor, from: &str) -> Consent {
        let (person, organisation) = (person.to_string(), to.organisation.to_string());
        let form = ConsentForm {
            person: &person,
            purpose: purpose.code(),
            organisation: &organisation,
            from,
            manner: "verbal",
        };
        Consent::record(&w.lt, HouseholdId::new(), &form, &w.ctx, Timestamp::UNIX_EPOCH).unwrap()
    }

    #[test]
    fn every_wrong_field_is_reported_at_once() {
        let w = world();
        let errors = Consent::record(
            &w.lt,
            HouseholdId::new(),
            &ConsentForm {
                person: &PersonId::new().to_string(),
                purpose: "everything",
                organisation: &w.lt.organisation.to_string(),
                from: "2026-12-03",
                manner: "",
            },
            &w.ctx,
            Timestamp::UNIX_EPOCH,
        )
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| (e.field.unwrap(), e.code)).collect();
        assert_eq!(
            fields,
            [
                ("person_id", "not_a_member"),
                ("purpose", "unknown_purpose"),
                ("organisation_id", "not_rvt"),
                ("from", "in_future"),
                ("manner", "required"),
            ]
        );
        assert!(errors.iter().all(|e| e.nl.ends_with('.')), "whole Dutch sentences");
    }

    #[test]
    fn a_child_under_sixteen_does_not_consent_alone() {
        let w = world();
        let form = ConsentForm {
            person: &w.child.to_string(),
            purpose: "rvt_consultation",
            organisation: &w.vt.organisation.to_string(),
            from: "2026-12-01",
            manner: "written",
        };
        let errors = Consent::record(&w.lt, HouseholdId::new(), &form, &w.ctx, Timestamp::UNIX_EPOCH).unwrap_err();
        assert_eq!(errors[0].code, "too_young");
    }

    #[test]
    fn only_the_giver_revokes_in_the_portal_and_only_once() {
        let w = world();
        let c = consent(&w, w.parent, Purpose::RvtConsultation, &w.vt, "2026-12-01");
        assert!(c.in_force(w.ctx.today));
        assert!(!c.in_force(date("2026-11-30")), "not before it was given");
        assert_eq!(
            c.revoke(Revoker::Family(w.child), Timestamp::UNIX_EPOCH)
                .unwrap_err()
                .code,
            "not_your_consent"
        );
        let revoked = c.revoke(Revoker::Family(w.parent), Timestamp::UNIX_EPOCH).unwrap();
        assert!(!revoked.in_force(w.ctx.today));
        assert_eq!(
            revoked
                .revoke(Revoker::Professional(w.lt.professional), Timestamp::UNIX_EPOCH)
                .unwrap_err()
                .code,
            "already_revoked"
        );
    }

    #[test]
    fn a_legal_ground_goes_first_and_a_consent_must_fit_purpose_and_organisation() {
        let w = world();
        let today = w.ctx.today;
        let voluntary = LegalFrame::Voluntary;
        // Unsafety may be shared with Veilig Thuis under the meldrecht, without consent.
        assert_eq!(
            basis_for(
                &w.vt,
                Purpose::RvtJointWork,
                Ground::AcuteUnsafety,
                voluntary,
                &[],
                today
            ),
            Some(Basis::Legal {
                activity: "report_to_vt".into(),
                article: "meldrecht, Wmo 2015 art. 5.2.6".into()
            })
        );
        // A threat to development in a voluntary case needs consent.
        assert_eq!(
            basis_for(
                &w.vt,
                Purpose::RvtJointWork,
                Ground::DevelopmentThreat,
                voluntary,
                &[],
                today
            ),
            None
        );
        let c = consent(&w, w.parent, Purpose::RvtJointWork, &w.vt, "2026-12-01");
        let consents = [c.clone()];
        assert_eq!(
            basis_for(
                &w.vt,
                Purpose::RvtJointWork,
                Ground::DevelopmentThreat,
                voluntary,
                &consents,
                today
            ),
            Some(Basis::Consent {
                consent: c.id,
                person: w.parent
            })
        );
        // Not for another purpose, another organisation, or once revoked.
        let other = Purpose::RvtTransfer;
        assert_eq!(
            basis_for(&w.vt, other, Ground::DevelopmentThreat, voluntary, &consents, today),
            None
        );
        assert_eq!(
            basis_for(
                &w.gi,
                Purpose::RvtJointWork,
                Ground::DevelopmentThreat,
                voluntary,
                &consents,
                today
            ),
            None
        );
        let revoked = [c.revoke(Revoker::Family(w.parent), Timestamp::UNIX_EPOCH).unwrap()];
        assert_eq!(
            basis_for(
                &w.vt,
                Purpose::RvtJointWork,
                Ground::DevelopmentThreat,
                voluntary,
                &revoked,
                today
            ),
            None
        );
        // A GI's ground is the court measure.
        assert!(legal_ground(OrganisationKind::Gi, Ground::AcuteUnsafety, voluntary).is_none());
        assert_eq!(
            legal_ground(OrganisationKind::Gi, Ground::PartnerRequest, LegalFrame::Mandatory).map(|(a, _)| a.id),
            Some("gi_measure")
        );
    }

    proptest! {
        /// Whatever is asked, a basis is either a legal ground of the register that the receiving
        /// organisation performs, or a consent in force that names that organisation and purpose.
        #[test]
        fn a_basis_always_fits_the_organisation_and_purpose(
            kind in prop::sample::select(OrganisationKind::ALL.to_vec()),
            ground in prop::sample::select(vec![Ground::AcuteUnsafety, Ground::StructuralUnsafety, Ground::DevelopmentThreat, Ground::PartnerRequest]),
            frame in prop::sample::select(LegalFrame::ALL.to_vec()),
            purpose in prop::sample::select(Purpose::ALL.to_vec()),
            given in prop::sample::select(Purpose::ALL.to_vec()),
            revoked in any::<bool>(),
        ) {
            let w = world();
            let to = Actor { kind, ..w.vt };
            let mut c = consent(&w, w.parent, given, &w.vt, "2026-12-01");
            if revoked {
                c = c.revoke(Revoker::Family(w.parent), Timestamp::UNIX_EPOCH).unwrap();
            }
            match basis_for(&to, purpose, ground, frame, std::slice::from_ref(&c), w.ctx.today) {
                Some(Basis::Legal { activity, .. }) => {
                    let a = register::find(&activity).unwrap();
                    prop_assert!(a.performers.contains(&kind));
                }
                Some(Basis::Consent { consent, .. }) => {
                    prop_assert_eq!(consent, c.id);
                    prop_assert!(!revoked && given == purpose);
                }
                None => prop_assert!(legal_ground(kind, ground, frame).is_none() && (revoked || given != purpose)),
            }
        }
    }
}
