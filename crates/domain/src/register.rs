//! The register of processing activities (verwerkingsregister, AVG art. 30): what Regie processes personal
//! data for, on which legal ground, by which kinds of organisation, and which data each activity may touch.
//!
//! The articles were checked against the law's text (Wmo 2015 and Jeugdwet as of 2015, Burgerlijk Wetboek
//! Boek 1): the Verzamelwet gegevensverwerking VWS I (Kamerstuk 36444) renumbers parts of Wmo 2015
//! chapters 4 and 5, so a region's privacy officer checks them against the current text before go-live.
//!
//! Every processing-log record names its activity (the Logboek Dataverwerkingen's
//! `dpl.core.processing_activity_id`). An access whose activity does not fit the actor's organisation kind,
//! or that asks for data outside the activity's categories, is refused with the rule named ([`require`]).

use crate::directory::OrganisationKind;
use crate::error::DomainError;

/// A kind of personal data an activity may touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// Who someone is: name, date of birth, BSN, address, and who lives together.
    Identity,
    /// The household's case file: the route, the analysis, the plan, help, the timeline.
    CaseFile,
    /// Signals about a family: reports and advice requests, with the reporter.
    Signals,
}

impl Category {
    /// In Dutch.
    pub fn label_nl(self) -> &'static str {
        match self {
            Self::Identity => "identiteit en gezinssamenstelling",
            Self::CaseFile => "het dossier: route, analyse, plan, hulp en tijdlijn",
            Self::Signals => "signalen: meldingen en adviesvragen",
        }
    }
}

/// A processing activity of the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Activity {
    /// Stable id, as in the log.
    pub id: &'static str,
    /// Its name for professionals.
    pub name_nl: &'static str,
    /// What it is for, in plain Dutch for families (taalniveau B1).
    pub plain_nl: &'static str,
    /// The legal ground: law and article.
    pub ground: &'static str,
    /// The organisation kinds that perform it.
    pub performers: &'static [OrganisationKind],
    /// The data it may touch.
    pub categories: &'static [Category],
}

impl Activity {
    /// The URI of the activity in the register, for `dpl.core.processing_activity_id`.
    pub fn uri(&self) -> String {
        format!("urn:regie:verwerkingsactiviteit:{}", self.id)
    }
}

use Category::*;
use OrganisationKind::*;

/// Every activity of the register.
pub const ACTIVITIES: &[Activity] = &[
    Activity {
        id: "local_team_casework",
        name_nl: "Dossiervoering en hulp door het lokaal team",
        plain_nl: "Het lokaal team houdt uw dossier bij om u en uw gezin te helpen.",
        ground: "Jeugdwet art. 2.3 (jeugdhulp) en art. 7.4.0 lid 1 (verwerking door het college); Wmo 2015 art. 2.3.2 (onderzoek) en art. 5.1.1 (verwerking)",
        performers: &[LocalTeam],
        categories: &[Identity, CaseFile, Signals],
    },
    Activity {
        id: "vt_safety_assessment",
        name_nl: "Veiligheidsbeoordeling en onderzoek door Veilig Thuis",
        plain_nl: "Veilig Thuis kijkt na een melding of iedereen in uw gezin veilig is, en onderzoekt dat zo nodig.",
        ground: "Wmo 2015 art. 4.1.1 lid 2 (taken van Veilig Thuis) en art. 5.1.6 (verwerking, ook zonder toestemming)",
        performers: &[Vt],
        categories: &[Identity, CaseFile, Signals],
    },
    Activity {
        id: "rvdk_investigation",
        name_nl: "Onderzoek door de Raad voor de Kinderbescherming",
        plain_nl: "De Raad voor de Kinderbescherming onderzoekt of een kind bescherming van de rechter nodig heeft.",
        ground: "Burgerlijk Wetboek Boek 1 art. 1:238 en 1:242 (onderzoek naar een maatregel) en art. 1:240 (inlichtingen zonder toestemming)",
        performers: &[Rvdk],
        categories: &[Identity, CaseFile, Signals],
    },
    Activity {
        id: "gi_measure",
        name_nl: "Uitvoering van een kinderbeschermingsmaatregel door de gecertificeerde instelling",
        plain_nl: "De jeugdbeschermer voert uit wat de rechter heeft besloten, zoals een ondertoezichtstelling.",
        ground: "Burgerlijk Wetboek Boek 1 art. 1:255 (ondertoezichtstelling); Jeugdwet art. 7.3.1 lid 1 en art. 7.3.11 lid 4 (inlichtingen aan de gecertificeerde instelling)",
        performers: &[Gi],
        categories: &[Identity, CaseFile, Signals],
    },
    Activity {
        id: "court_child_protection",
        name_nl: "Behandeling van een verzoek om een kinderbeschermingsmaatregel door de kinderrechter",
        plain_nl: "De kinderrechter krijgt het verzoek met de gegevens die nodig zijn om te beslissen, hoort u en uw kinderen van 12 jaar en ouder, en beslist.",
        ground: "Burgerlijk Wetboek Boek 1 art. 1:255, 1:257, 1:260, 1:265b en 1:266 (de maatregelen); Wetboek van Burgerlijke Rechtsvordering art. 799 en 809 (verzoek en horen van minderjarigen)",
        performers: &[Court],
        categories: &[Identity, CaseFile],
    },
    Activity {
        id: "justice_partner_track",
        name_nl: "Een strafzaak of reclasseringstoezicht laten weten aan het zaakteam",
        plain_nl: "Het Openbaar Ministerie of de Reclassering laat het zaakteam weten dat er een strafzaak of toezicht loopt, met alleen een kenmerk, de stand en de toezichthouder, zodat zij hun werk op elkaar kunnen afstemmen.",
        ground: "Wet justitiële en strafvorderlijke gegevens art. 39f (verstrekking van strafvorderlijke gegevens voor een zwaarwegend algemeen belang); Reclasseringsregeling 1995 (taken van de reclassering)",
        performers: &[Prosecutor, Probation],
        categories: &[Identity],
    },
    Activity {
        id: "om_child_protection_request",
        name_nl: "Verzoek van het Openbaar Ministerie aan de kinderrechter om een kinderbeschermingsmaatregel",
        plain_nl: "Het Openbaar Ministerie kan de kinderrechter zelf vragen een kind te beschermen, bijvoorbeeld naast een strafzaak; het geeft daarvoor alleen door om welke kinderen het gaat en waarom.",
        ground: "Burgerlijk Wetboek Boek 1 art. 1:255 lid 1 en 1:257 lid 1 (de kinderrechter beslist ook op verzoek van het Openbaar Ministerie)",
        performers: &[Prosecutor],
        categories: &[Identity, CaseFile],
    },
    Activity {
        id: "subject_access",
        name_nl: "Inzage en afschrift van het dossier voor wie het betreft",
        plain_nl: "U mag zien wat over u en uw kinderen onder de 16 is vastgelegd, en er een kopie van krijgen. Wij leggen vast dat u die vroeg en kreeg.",
        ground: "AVG art. 15 (recht van inzage); UAVG art. 5 lid 3 (kinderen onder 16: wie het gezag heeft); Jeugdwet art. 7.3.10 (inzage en afschrift)",
        performers: &[LocalTeam, Vt, Rvdk, Gi],
        categories: &[Identity, CaseFile],
    },
    Activity {
        id: "report_to_vt",
        name_nl: "Melden aan Veilig Thuis of het lokaal team (meldrecht) en terugkoppeling aan de melder",
        plain_nl: "Een professional die zich zorgen maakt, meldt dat, en hoort daarna wat er met de melding gebeurt.",
        ground: "Wmo 2015 art. 5.2.6 (meldrecht, ook zonder toestemming) en art. 4.1.1 lid 2 (terugkoppeling aan de melder); Wet verplichte meldcode",
        performers: &[
            LocalTeam,
            Vt,
            Rvdk,
            Gi,
            Police,
            Prosecutor,
            Probation,
            CareProvider,
            School,
        ],
        categories: &[Identity, Signals],
    },
    Activity {
        id: "family_portal",
        name_nl: "Inzage en inbreng van het gezin in het portaal",
        plain_nl: "U bekijkt uw eigen dossier in het portaal, vult het aan of vraagt om een correctie.",
        ground: "AVG art. 15 (recht op inzage) en art. 16 (recht op rectificatie); Jeugdwet art. 7.3.10 (inzage in het dossier)",
        performers: &[LocalTeam, Vt, Rvdk, Gi],
        categories: &[Identity, CaseFile],
    },
    Activity {
        id: "lawyer_view",
        name_nl: "Inzage door de advocaat van een gezinslid",
        plain_nl: "Als u dat goedvindt, leest uw advocaat mee in wat de kinderrechter over u besliste en in de brieven daarover. U kunt dat altijd weer stoppen.",
        ground: "AVG art. 6 lid 1 sub a en art. 7 (toestemming, altijd in te trekken); Wetboek van Burgerlijke Rechtsvordering art. 799 en 806 (het verzoek, de beschikking en hoger beroep)",
        performers: &[LocalTeam, Vt, Rvdk, Gi],
        categories: &[Identity, CaseFile],
    },
    Activity {
        id: "file_destruction",
        name_nl: "Bewaren en vernietigen van dossiers",
        plain_nl: "Wij bewaren uw dossier niet langer dan de wet zegt, en vernietigen het dan. U kunt ook zelf vragen om vernietiging.",
        ground: "Jeugdwet art. 7.3.8 (bewaartermijn) en art. 7.3.9 (vernietiging op verzoek); AVG art. 5 lid 1 sub e (opslagbeperking) en art. 17 (recht op vergetelheid)",
        performers: &[LocalTeam, Vt, Rvdk, Gi],
        categories: &[Identity, CaseFile, Signals],
    },
    Activity {
        id: "policy_information",
        name_nl: "Beleidsinformatie voor de gemeente",
        plain_nl: "De gemeente ziet alleen getallen, nooit uw naam, om de hulp in de regio te verbeteren.",
        ground: "Jeugdwet art. 7.4.1 lid 2 en art. 7.4.4 (beleidsinformatie, zo veel mogelijk niet herleidbaar); Wmo 2015 art. 4.2.12",
        performers: &[Municipality],
        categories: &[],
    },
    Activity {
        id: "action_research",
        name_nl: "Actieonderzoek in de proeftuin",
        plain_nl: "Onderzoekers leren wat werkt. Zij zien nooit uw naam of dossier, alleen totalen en gegevens die niet naar u te herleiden zijn.",
        ground: "AVG art. 89 lid 1 (waarborgen voor wetenschappelijk onderzoek: pseudonimisering en minimale gegevens) en UAVG art. 24; Jeugdwet art. 7.4.4 (niet herleidbaar)",
        performers: &[Research],
        categories: &[Identity, CaseFile],
    },
];

/// The activity a professional of `kind` performs when working in household files and signals, if any.
pub fn file_activity(kind: OrganisationKind) -> Option<&'static Activity> {
    let id = match kind {
        LocalTeam => "local_team_casework",
        Vt => "vt_safety_assessment",
        Rvdk => "rvdk_investigation",
        Gi => "gi_measure",
        Police | Prosecutor | Probation | CareProvider | School => "report_to_vt",
        Court => "court_child_protection",
        Research => "action_research",
        Municipality => return None,
    };
    find(id)
}

/// The activity with this id.
pub fn find(id: &str) -> Option<&'static Activity> {
    ACTIVITIES.iter().find(|a| a.id == id)
}

/// Refuses, naming the rule, an access by an organisation of `kind` under `activity` to data of
/// `category` that the register does not allow.
pub fn require(activity: Option<&Activity>, kind: OrganisationKind, category: Category) -> Result<(), DomainError> {
    let Some(a) = activity.filter(|a| a.performers.contains(&kind)) else {
        return Err(DomainError::forbidden(
            "no_processing_activity",
            "the register of processing activities has no activity for your organisation that covers this",
            "het verwerkingsregister heeft voor uw organisatie geen verwerkingsactiviteit die dit dekt",
        ));
    };
    if !a.categories.contains(&category) {
        return Err(DomainError::forbidden(
            "outside_activity",
            format!("the activity '{}' does not cover {}", a.name_nl, category_en(category)),
            format!(
                "de verwerkingsactiviteit '{}' omvat geen {}",
                a.name_nl,
                category.label_nl()
            ),
        ));
    }
    Ok(())
}

fn category_en(c: Category) -> &'static str {
    match c {
        Identity => "identity data",
        CaseFile => "the case file",
        Signals => "signals",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_activity_is_unique_has_a_ground_and_its_performers_find_it() {
        for (i, a) in ACTIVITIES.iter().enumerate() {
            assert!(ACTIVITIES[..i].iter().all(|b| b.id != a.id), "{} twice", a.id);
            assert!(a.ground.contains("art."), "{} cites an article", a.id);
            assert!(!a.plain_nl.is_empty() && a.uri().ends_with(a.id));
        }
        for kind in OrganisationKind::ALL {
            if let Some(a) = file_activity(kind) {
                assert!(a.performers.contains(&kind), "{kind:?} performs {}", a.id);
            }
        }
    }

    #[test]
    fn the_register_decides_who_touches_what() {
        let file = |kind| file_activity(kind);
        // Case-running organisations touch every category under their own activity.
        for kind in [LocalTeam, Vt, Rvdk, Gi] {
            for c in [Identity, CaseFile, Signals] {
                assert_eq!(require(file(kind), kind, c), Ok(()), "{kind:?} {c:?}");
            }
        }
        // A reporter's activity covers the signal and who it is about, never the case file.
        for kind in [Police, Prosecutor, Probation, CareProvider, School] {
            assert!(require(file(kind), kind, Signals).is_ok());
            assert_eq!(
                require(file(kind), kind, CaseFile).unwrap_err().code,
                "outside_activity"
            );
        }
        // The municipality has no activity over personal files.
        assert_eq!(
            require(file(Municipality), Municipality, Identity).unwrap_err().code,
            "no_processing_activity"
        );
        // The court handles the requests filed with it, never signals.
        assert!(require(file(Court), Court, CaseFile).is_ok());
        assert_eq!(
            require(file(Court), Court, Signals).unwrap_err().code,
            "outside_activity"
        );
        // Another organisation's activity does not fit.
        assert_eq!(
            require(find("vt_safety_assessment"), LocalTeam, CaseFile)
                .unwrap_err()
                .code,
            "no_processing_activity"
        );
    }
}
