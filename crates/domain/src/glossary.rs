//! The shared language (F25): one meaning per word for every organisation in the chain, from the
//! programme's glossary. Code uses the English name, the pages the Dutch term; each term carries a short
//! Dutch definition, shown inline wherever a form or page uses the term, listed on `/begrippen` and served
//! by the API. No organisation-specific synonyms.

use serde::Serialize;

/// A term of the shared language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Term {
    /// Stable code; for a term that is also a value in Regie (a ground, a form of scaling up, a legal
    /// frame), the value's code.
    pub code: &'static str,
    /// The Dutch term the pages show.
    pub nl: &'static str,
    /// The English name code and API use.
    pub en: &'static str,
    /// What it means, in plain Dutch: one or two whole sentences.
    pub definition: &'static str,
}

const fn term(code: &'static str, nl: &'static str, en: &'static str, definition: &'static str) -> Term {
    Term {
        code,
        nl,
        en,
        definition,
    }
}

/// Every term, in the glossary's order.
pub const TERMS: &[Term] = &[
    term(
        "household",
        "huishouden",
        "household",
        "De mensen die samen wonen. Een zaak gaat altijd over een huishouden.",
    ),
    term(
        "member",
        "gezinslid",
        "member",
        "Iemand die bij een huishouden hoort, van elke leeftijd.",
    ),
    term(
        "bsn",
        "BSN",
        "bsn",
        "Het burgerservicenummer: negen cijfers die de elfproef doorstaan.",
    ),
    term(
        "local_team",
        "lokaal team",
        "local team",
        "Het team van de gemeente dat hulp toegankelijk maakt, vrijwillige hulp geeft en de spil is rond het gezin.",
    ),
    term(
        "rvt",
        "Regionaal Veiligheidsteam (RVT)",
        "regional safety team",
        "Het team dat de veiligheidstaken van Veilig Thuis, de Raad voor de Kinderbescherming en de gecertificeerde instelling bundelt.",
    ),
    term(
        "vt",
        "Veilig Thuis",
        "vt",
        "Het advies- en meldpunt voor huiselijk geweld en kindermishandeling.",
    ),
    term(
        "rvdk",
        "Raad voor de Kinderbescherming",
        "rvdk",
        "Doet onderzoek en vraagt de kinderrechter om een kinderbeschermingsmaatregel.",
    ),
    term(
        "gi",
        "gecertificeerde instelling (GI)",
        "gi",
        "Voert kinderbeschermingsmaatregelen uit, zoals een ondertoezichtstelling of voogdij, en jeugdreclassering.",
    ),
    term(
        "municipality",
        "gemeente",
        "municipality",
        "Verantwoordelijk voor de jeugdhulp en voor de regie op de hulp in de regio.",
    ),
    term(
        "report",
        "melding",
        "report (signal)",
        "Een melding van (een vermoeden van) huiselijk geweld of kindermishandeling.",
    ),
    term(
        "advice_request",
        "adviesvraag",
        "advice request",
        "Een vraag om advies, zonder te melden.",
    ),
    term(
        "reporter",
        "melder",
        "reporter",
        "Wie de melding doet. De melder kan afgeschermd blijven voor het gezin.",
    ),
    term(
        "meldcode",
        "meldcode",
        "reporting code",
        "Het stappenplan in vijf stappen dat professionals volgen voordat zij melden.",
    ),
    term(
        "decision_framework",
        "afwegingskader",
        "decision framework",
        "De vragen van stap 5 van de meldcode: is melden nodig, en is hulp mogelijk.",
    ),
    term(
        "safety_assessment",
        "veiligheidsbeoordeling",
        "safety assessment",
        "De eerste beoordeling na een melding, binnen vijf werkdagen.",
    ),
    term(
        "acute_unsafety",
        "acute onveiligheid",
        "acute unsafety",
        "Een bedreiging van lijf of leven, nu. Er moet vandaag iets gebeuren.",
    ),
    term(
        "structural_unsafety",
        "structurele onveiligheid",
        "structural unsafety",
        "Onveiligheid die steeds terugkomt of blijft bestaan.",
    ),
    term(
        "development_threat",
        "ontwikkelingsbedreiging",
        "threat to development",
        "De ontwikkeling van een kind wordt ernstig bedreigd.",
    ),
    term(
        "partner_request",
        "verzoek van een partner",
        "partner request",
        "Een partner in de keten vraagt om het Regionaal Veiligheidsteam erbij te halen.",
    ),
    term(
        "client_route",
        "klantroute",
        "client route",
        "De ene weg van een huishouden, van de eerste vraag tot een maatregel en terug.",
    ),
    term(
        "fixed_contact",
        "vaste contactpersoon",
        "fixed contact person",
        "De ene professional (of het duo) die het overzicht houdt en de regie voert.",
    ),
    term(
        "lead",
        "regie",
        "lead",
        "Wie een zaak coördineert. Een wissel van regie heet een regiewissel.",
    ),
    term(
        "relay_work",
        "estafettewerken",
        "relay work",
        "Een gezin doorgeven van organisatie naar organisatie. Dat wil Regie voorkomen.",
    ),
    term(
        "scale_up",
        "opschalen",
        "scale up",
        "Het Regionaal Veiligheidsteam erbij halen.",
    ),
    term(
        "scale_down",
        "afschalen",
        "scale down",
        "De zaak teruggeven aan het lokaal team.",
    ),
    term(
        "consultation",
        "consultatie",
        "consultation",
        "Het RVT geeft advies; de regie blijft bij het lokaal team.",
    ),
    term(
        "joint_work",
        "samenwerking",
        "joint work",
        "Het lokaal team en het RVT werken samen, als duo.",
    ),
    term("transfer", "overdracht", "transfer", "Het RVT neemt de regie over."),
    term(
        "joint_analysis",
        "integrale probleemanalyse",
        "joint analysis",
        "Een analyse van het hele huishouden, samen met het gezin gemaakt.",
    ),
    term(
        "analysis_columns",
        "zorgen / wat gaat goed / wat moet er gebeuren",
        "worries / what works / next steps",
        "De drie kolommen van de analyse.",
    ),
    term(
        "safety_score",
        "veiligheidsschaal",
        "safety score",
        "Ieders eigen oordeel over de veiligheid, van 0 (zeker schade) tot 10 (veilig genoeg om af te sluiten).",
    ),
    term(
        "safety_plan",
        "veiligheidsplan",
        "safety plan",
        "De afgesproken voorwaarden, doelen en acties.",
    ),
    term(
        "safety_conditions",
        "veiligheidsvoorwaarden",
        "safety conditions",
        "Wat waar moet zijn om het kind veilig te laten zijn. Daarover wordt niet onderhandeld.",
    ),
    term(
        "voluntary",
        "vrijwillig",
        "voluntary",
        "Hulp met toestemming van het gezin.",
    ),
    term(
        "pressure",
        "drang",
        "pressure",
        "Hulp onder druk, zonder uitspraak van de rechter.",
    ),
    term(
        "mandatory",
        "gedwongen",
        "mandatory",
        "Hulp na een kinderbeschermingsmaatregel van de rechter.",
    ),
    term(
        "protection_measure",
        "kinderbeschermingsmaatregel",
        "protection measure",
        "Een maatregel van de rechter: ondertoezichtstelling, voogdij of uithuisplaatsing.",
    ),
    term(
        "court_request",
        "verzoek",
        "court request",
        "Het verzoek van de Raad (of het OM) aan de kinderrechter om een maatregel.",
    ),
    term(
        "supervision",
        "ondertoezichtstelling (OTS)",
        "supervision order",
        "Een jeugdbeschermer helpt en begeleidt het gezin, tot een jaar, telkens met een jaar te verlengen.",
    ),
    term(
        "provisional_supervision",
        "voorlopige ondertoezichtstelling",
        "provisional supervision order",
        "Een spoedmaatregel van ten hoogste drie maanden.",
    ),
    term(
        "placement",
        "machtiging uithuisplaatsing",
        "placement authorisation",
        "De rechter staat toe dat een kind ergens anders gaat wonen.",
    ),
    term(
        "authority_termination",
        "gezagsbeëindigende maatregel",
        "termination of parental authority",
        "De ouders hebben niet langer het gezag; de voogdij gaat naar een GI.",
    ),
    term(
        "court_terms",
        "kinderrechter / beschikking / zitting",
        "juvenile judge / decision / hearing",
        "De rechter die over kinderen beslist, diens beslissing en de zitting waar die over het verzoek praat.",
    ),
    term(
        "legal_protection",
        "rechtsbescherming",
        "legal protection",
        "De rechten die gezinnen beschermen tegen de macht van het systeem.",
    ),
    term(
        "file_rights",
        "inzage / correctie / eigen verklaring",
        "inspection / correction / own statement",
        "De rechten van een gezinslid over het dossier: het lezen, laten verbeteren en er een eigen verklaring bij zetten.",
    ),
    term(
        "objection_complaint",
        "bezwaar / klacht",
        "objection / complaint",
        "De manieren waarop een gezinslid het niet eens kan zijn met een beslissing.",
    ),
    term(
        "consent_ground",
        "toestemming / grondslag",
        "consent / legal ground",
        "De twee bases om gegevens te delen: toestemming van het gezinslid, of een wettelijke grond.",
    ),
    term(
        "purpose_binding",
        "doelbinding",
        "purpose binding",
        "Gegevens worden alleen gebruikt voor het doel waarvoor ze zijn gedeeld.",
    ),
    term(
        "emergency_access",
        "noodtoegang",
        "emergency access",
        "Toegang tot een dossier waar iemand niet aan werkt, in een noodgeval, met een reden, en achteraf beoordeeld.",
    ),
    term(
        "processing_log",
        "Logboek Dataverwerkingen",
        "processing log",
        "De Nederlandse standaard om elke verwerking van persoonsgegevens vast te leggen.",
    ),
    term(
        "retention",
        "bewaartermijn / vernietiging",
        "retention / destruction",
        "Hoe lang een dossier bewaard blijft, volgens de Jeugdwet twintig jaar, en dat het daarna wordt vernietigd.",
    ),
    term("inflow", "instroom", "inflow", "Nieuwe meldingen en zaken, naar bron."),
    term(
        "throughput_time",
        "doorlooptijd",
        "throughput time",
        "De tijd tussen twee punten van de route.",
    ),
    term(
        "waiting_time",
        "wachttijd",
        "waiting time",
        "De tijd tussen het vragen om hulp en het begin ervan.",
    ),
    term(
        "client_journey",
        "klantreis",
        "client journey",
        "De route zoals het gezin die beleefde.",
    ),
    term(
        "pilot_region",
        "proeftuin",
        "pilot region",
        "Een regio die de nieuwe manier van werken uitprobeert.",
    ),
    term(
        "action_research",
        "actieonderzoek",
        "action research",
        "Lerend onderzoek terwijl de proeftuinen lopen.",
    ),
    term(
        "working_day",
        "werkdag",
        "working day",
        "Geen weekenddag en geen feestdag van de Algemene termijnenwet.",
    ),
];

/// The term with this code.
pub fn find(code: &str) -> Option<&'static Term> {
    TERMS.iter().find(|t| t.code == code)
}

/// The terms a page's running texts use (a timeline's entries, a worklist's reasons), in the glossary's
/// order, so the page can show their definitions beside them: a term counts when one of its Dutch names
/// ("samenwerking"; for "bezwaar / klacht" each of both; "(GI)" left out) occurs as a whole word, in any case.
pub fn used_in<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<&'static Term> {
    let text: String = texts.into_iter().collect::<Vec<_>>().join("\n").to_lowercase();
    TERMS
        .iter()
        .filter(|t| names(t).any(|name| occurs(&text, &name)))
        .collect()
}

/// A term's Dutch names, lower-case, without a parenthesised abbreviation.
fn names(t: &Term) -> impl Iterator<Item = String> {
    t.nl.split(" / ").map(|n| {
        let n = n.split(" (").next().unwrap_or(n);
        n.trim().to_lowercase()
    })
}

/// Whether `word` occurs in `text` as a whole word (not inside another word).
fn occurs(text: &str, word: &str) -> bool {
    !word.is_empty()
        && text.match_indices(word).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + word.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn running_texts_name_the_terms_they_use_as_whole_words() {
        let codes = |texts: &[&str]| {
            used_in(texts.iter().copied())
                .iter()
                .map(|t| t.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            codes(&[
                "Opgeschaald naar het RVT: Samenwerking",
                "Kader gewijzigd: vrijwillig → drang"
            ]),
            ["joint_work", "voluntary", "pressure"]
        );
        // Inside another word it is not the term; each name of a term with several counts.
        assert_eq!(
            codes(&["samenwerkingsverband", "Er loopt een klacht"]),
            ["objection_complaint"]
        );
        assert_eq!(codes(&["een nieuwe ondertoezichtstelling"]), ["supervision"]);
        assert!(codes(&[]).is_empty());
    }

    #[test]
    fn every_term_has_one_code_one_dutch_name_and_a_definition_in_whole_sentences() {
        let codes: HashSet<_> = TERMS.iter().map(|t| t.code).collect();
        let names: HashSet<_> = TERMS.iter().map(|t| t.nl.to_lowercase()).collect();
        assert_eq!((codes.len(), names.len()), (TERMS.len(), TERMS.len()));
        for t in TERMS {
            assert!(t.definition.ends_with(['.', '?']), "{}", t.code);
            assert!(t.definition.starts_with(char::is_uppercase), "{}", t.code);
        }
    }

    #[test]
    fn the_values_regie_offers_in_its_forms_each_have_their_term() {
        use crate::case::LegalFrame;
        use crate::route::{Ground, ScaleForm};
        for f in LegalFrame::ALL {
            assert_eq!(find(f.as_str()).map(|t| t.nl), Some(f.label_nl()), "{f:?}");
        }
        let codes = |v: serde_json::Value| v.as_str().unwrap().to_owned();
        for g in [
            Ground::AcuteUnsafety,
            Ground::StructuralUnsafety,
            Ground::DevelopmentThreat,
            Ground::PartnerRequest,
        ] {
            let code = codes(serde_json::to_value(g).unwrap());
            assert_eq!(find(&code).map(|t| t.nl), Some(g.label_nl()), "{g:?}");
        }
        for f in [ScaleForm::Consultation, ScaleForm::JointWork, ScaleForm::Transfer] {
            let code = codes(serde_json::to_value(f).unwrap());
            assert_eq!(find(&code).map(|t| t.nl), Some(f.label_nl()), "{f:?}");
        }
    }
}
