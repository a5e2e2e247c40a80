//! Persons of any age, their address, and the normalisation used to find duplicates (F2).

use crate::bsn::Bsn;
use crate::error::DomainError;
use crate::ids::PersonId;
use crate::text::ShortText;
use jiff::civil::Date;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

/// A person's name as the BRP knows it: given names and family name (with its prefix, e.g. "de Vries").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonName {
    /// Given name(s), e.g. "Sanne".
    pub given: ShortText,
    /// Family name including any prefix, e.g. "van den Berg".
    pub family: ShortText,
}

impl PersonName {
    /// The name as it is written: "Sanne van den Berg".
    pub fn full(&self) -> String {
        format!("{} {}", self.given.as_str(), self.family.as_str())
    }

    /// The key two spellings of the same name share: lower case, no diacritics, single spaces.
    pub fn match_key(&self) -> String {
        normalise(&self.full())
    }
}

/// A Dutch address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Address {
    /// Street name.
    pub street: ShortText,
    /// House number with any addition, e.g. "12" or "12-bis".
    pub house_number: ShortText,
    /// Postcode in the form "1234 AB".
    pub postcode: String,
    /// Place name.
    pub city: ShortText,
}

impl Address {
    /// Builds an address, validating each part and reporting every part that fails; `prefix` is the
    /// request path of the address object.
    pub fn parse(
        prefix: Prefix,
        street: &str,
        house_number: &str,
        postcode: &str,
        city: &str,
    ) -> Result<Self, Vec<DomainError>> {
        let number = parse_house_number(prefix.field("house_number"), house_number);
        Self::with_number(prefix, street, number, postcode, city)
    }

    /// An address as stored: the house number is checked as text only, so that addresses recorded before
    /// [`parse_house_number`]'s rule keep loading.
    pub fn stored(street: &str, house_number: &str, postcode: &str, city: &str) -> Result<Self, Vec<DomainError>> {
        let number = ShortText::parse(Prefix::Address.field("house_number"), house_number);
        Self::with_number(Prefix::Address, street, number, postcode, city)
    }

    fn with_number(
        prefix: Prefix,
        street: &str,
        house_number: Result<ShortText, DomainError>,
        postcode: &str,
        city: &str,
    ) -> Result<Self, Vec<DomainError>> {
        let street = ShortText::parse(prefix.field("street"), street);
        let postcode = parse_postcode(prefix.field("postcode"), postcode);
        let city = ShortText::parse(prefix.field("city"), city);
        match (street, house_number, postcode, city) {
            (Ok(street), Ok(house_number), Ok(postcode), Ok(city)) => Ok(Self {
                street,
                house_number,
                postcode,
                city,
            }),
            (s, n, p, c) => Err([s.err(), n.err(), p.err(), c.err()].into_iter().flatten().collect()),
        }
    }
}

/// Where in a request an address sits, so that errors name the full field path.
#[derive(Debug, Clone, Copy)]
pub enum Prefix {
    /// `address.*` (a person's or a household's address).
    Address,
}

impl Prefix {
    fn field(self, part: &'static str) -> &'static str {
        match (self, part) {
            (Prefix::Address, "street") => "address.street",
            (Prefix::Address, "house_number") => "address.house_number",
            (Prefix::Address, "postcode") => "address.postcode",
            (Prefix::Address, _) => "address.city",
        }
    }
}

/// A Dutch house number as the BAG keeps it: a number from 1 to 99999, then optionally a house letter and
/// an addition ("12", "12a", "12 A", "12-2", "12 bis", "12A-3"): at most six letters, digits, spaces or
/// hyphens after the number.
pub fn parse_house_number(field: &'static str, raw: &str) -> Result<ShortText, DomainError> {
    let s = raw.trim();
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    let addition = &s[digits..];
    let number_ok = (1..=5).contains(&digits) && !s.starts_with('0');
    let addition_ok = addition.is_empty()
        || (addition.chars().count() <= 6
            && addition.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
            && addition.ends_with(char::is_alphanumeric));
    if s.is_empty() || !number_ok || !addition_ok {
        return Err(DomainError::invalid(
            field,
            "house_number_format",
            "write a house number as a number from 1, with an addition if there is one, e.g. 12 or 12a",
            "schrijf het huisnummer als een getal vanaf 1, met een toevoeging als die er is, bijvoorbeeld 12 of 12a",
        ));
    }
    ShortText::parse(field, s)
}

/// A Dutch postcode: four digits (not starting with 0) and two letters; returned as "1234 AB".
pub fn parse_postcode(field: &'static str, raw: &str) -> Result<String, DomainError> {
    let compact: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let b = compact.as_bytes();
    let ok = b.len() == 6
        && b[0] != b'0'
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4..].iter().all(u8::is_ascii_uppercase);
    if !ok {
        return Err(DomainError::invalid(
            field,
            "postcode_format",
            "a postcode is four digits and two letters, e.g. 1234 AB",
            "een postcode bestaat uit vier cijfers en twee letters, bijvoorbeeld 1234 AB",
        ));
    }
    Ok(format!("{} {}", &compact[..4], &compact[4..]))
}

/// A date of birth: not in the future and not more than 120 years ago.
pub fn parse_date_of_birth(field: &'static str, date: Date, today: Date) -> Result<Date, DomainError> {
    if date > today {
        return Err(DomainError::invalid(
            field,
            "date_in_future",
            "a date of birth cannot be in the future",
            "een geboortedatum kan niet in de toekomst liggen",
        ));
    }
    if date.year() < today.year() - 120 {
        return Err(DomainError::invalid(
            field,
            "date_too_old",
            "a date of birth more than 120 years ago is not plausible",
            "een geboortedatum van meer dan 120 jaar geleden is niet aannemelijk",
        ));
    }
    Ok(date)
}

/// Latin letters that Unicode does not decompose into a base letter and a mark, spelled as Dutch
/// registrations usually spell them (Yılmaz as Yilmaz, Øster as Oster, Straße as Strasse).
fn fold_latin(c: char) -> impl Iterator<Item = char> {
    let s: &str = match c {
        'ı' => "i",
        'ł' => "l",
        'ø' => "o",
        'đ' | 'ð' => "d",
        'þ' => "th",
        'æ' => "ae",
        'œ' => "oe",
        'ß' => "ss",
        _ => "",
    };
    let single = s.is_empty().then_some(c);
    single.into_iter().chain(s.chars())
}

/// Lower case, diacritics removed, special Latin letters folded (see `fold_latin`), runs of whitespace, hyphens and apostrophes as one space.
pub fn normalise(s: &str) -> String {
    let folded: String = s
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .flat_map(fold_latin)
        .map(|c| if c == '-' || c == '\'' { ' ' } else { c })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A person, of any age, known to the region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    /// Identifier.
    pub id: PersonId,
    /// Name.
    pub name: PersonName,
    /// Date of birth.
    pub date_of_birth: Date,
    /// BSN, if known (optional: not everyone has one, and a reporter may not know it).
    pub bsn: Option<Bsn>,
    /// Address, if known.
    pub address: Option<Address>,
    /// Optimistic version.
    pub version: i64,
}

impl Person {
    /// A new person from what was typed: given and family name, date of birth (`YYYY-MM-DD`, not in the
    /// future) and a BSN, blank when unknown. Every wrong field is reported.
    pub fn typed(
        given: &str,
        family: &str,
        date_of_birth: &str,
        bsn: &str,
        address: Option<Address>,
        today: Date,
    ) -> Result<Self, Vec<DomainError>> {
        let mut errors = Vec::new();
        let mut keep = |e| errors.push(e);
        let given = ShortText::parse("given_name", given).map_err(&mut keep).ok();
        let family = ShortText::parse("family_name", family).map_err(&mut keep).ok();
        let born = crate::time::parse_date("date_of_birth", date_of_birth)
            .and_then(|d| parse_date_of_birth("date_of_birth", d, today))
            .map_err(&mut keep)
            .ok();
        let bsn = match bsn.trim() {
            "" => Some(None),
            raw => Bsn::parse("bsn", raw).map(Some).map_err(&mut keep).ok(),
        };
        match (given, family, born, bsn) {
            (Some(given), Some(family), Some(date_of_birth), Some(bsn)) => Ok(Self {
                id: PersonId::new(),
                name: PersonName { given, family },
                date_of_birth,
                bsn,
                address,
                version: 1,
            }),
            _ => Err(errors),
        }
    }

    /// Age in whole years on `on`.
    pub fn age_on(&self, on: Date) -> i16 {
        age(self.date_of_birth, on)
    }
}

/// The age in whole years on `on` of someone born on `born`.
pub fn age(born: Date, on: Date) -> i16 {
    let mut age = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    age
}

/// Why an existing person is offered as a possible duplicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchReason {
    /// Same BSN: certainly the same person.
    SameBsn,
    /// Same normalised name and date of birth.
    SameNameAndDateOfBirth,
}

/// Decides why `existing` may be the person described by the name key (see [`PersonName::match_key`]), date
/// of birth and BSN, if at all.
pub fn match_reason(existing: &Person, name_key: &str, dob: Date, bsn: Option<&Bsn>) -> Option<MatchReason> {
    if bsn.is_some() && existing.bsn.as_ref() == bsn {
        Some(MatchReason::SameBsn)
    } else if existing.date_of_birth == dob && existing.name.match_key() == name_key {
        Some(MatchReason::SameNameAndDateOfBirth)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_house_number_is_a_number_with_an_optional_addition() {
        for good in ["12", "1", "99999", "12a", "12 A", "12-2", "12 bis", "12A-3"] {
            assert_eq!(parse_house_number("n", good).unwrap().as_str(), good, "{good}");
        }
        for bad in ["", "0", "012", "-3", "abc", "123456", "12 !", "12-", "12 toevoeging"] {
            assert_eq!(
                parse_house_number("n", bad).unwrap_err().code,
                "house_number_format",
                "{bad:?}"
            );
        }
    }

    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn name(g: &str, f: &str) -> PersonName {
        PersonName {
            given: ShortText::parse("given_name", g).unwrap(),
            family: ShortText::parse("family_name", f).unwrap(),
        }
    }

    fn person(g: &str, f: &str, dob: Date, bsn: Option<&str>) -> Person {
        Person {
            id: PersonId::new(),
            name: name(g, f),
            date_of_birth: dob,
            bsn: bsn.map(|b| Bsn::parse("bsn", b).unwrap()),
            address: None,
            version: 1,
        }
    }

    #[test]
    fn spelling_variants_of_one_name_share_a_key() {
        assert_eq!(
            name("Anaïs", "de  Vries").match_key(),
            name("anais", "De Vries").match_key()
        );
        assert_eq!(
            name("Jan-Willem", "Bakker").match_key(),
            name("Jan Willem", "bakker").match_key()
        );
        assert_eq!(name("Ayşe", "Yılmaz").match_key(), "ayse yilmaz");
        assert_ne!(name("Jan", "Bakker").match_key(), name("Jan", "Bakkers").match_key());
    }

    #[test]
    fn same_bsn_wins_over_a_different_name() {
        let p = person("Sanne", "Jansen", date(2015, 3, 1), Some("999990019"));
        let bsn = Bsn::parse("bsn", "999990019").unwrap();
        assert_eq!(
            match_reason(&p, &name("Sanna", "Janssen").match_key(), date(2015, 3, 2), Some(&bsn)),
            Some(MatchReason::SameBsn)
        );
    }

    #[test]
    fn same_name_needs_the_same_date_of_birth() {
        let p = person("Sanne", "Jansen", date(2015, 3, 1), None);
        assert_eq!(
            match_reason(&p, &name("sanne", "JANSEN").match_key(), date(2015, 3, 1), None),
            Some(MatchReason::SameNameAndDateOfBirth)
        );
        assert_eq!(
            match_reason(&p, &name("Sanne", "Jansen").match_key(), date(2015, 3, 2), None),
            None
        );
    }

    #[test]
    fn postcodes_are_normalised_and_checked() {
        assert_eq!(parse_postcode("address.postcode", " 1234ab ").unwrap(), "1234 AB");
        for bad in ["0123 AB", "123 AB", "1234 A1", "12345 AB", ""] {
            assert_eq!(
                parse_postcode("address.postcode", bad).unwrap_err().code,
                "postcode_format",
                "{bad}"
            );
        }
    }

    #[test]
    fn future_and_implausible_birth_dates_are_refused() {
        let today = date(2026, 11, 23);
        assert!(parse_date_of_birth("date_of_birth", date(2026, 11, 24), today).is_err());
        assert!(parse_date_of_birth("date_of_birth", date(1900, 1, 1), today).is_err());
        assert!(parse_date_of_birth("date_of_birth", date(1936, 1, 1), today).is_ok());
    }

    #[test]
    fn a_typed_person_reports_every_wrong_field() {
        let today = jiff::civil::date(2026, 11, 23);
        let p = Person::typed(" Sem ", "Bakker", "2015-03-31", "", None, today).unwrap();
        assert_eq!(
            (p.name.full(), p.date_of_birth, p.bsn),
            ("Sem Bakker".into(), jiff::civil::date(2015, 3, 31), None)
        );
        let errors = Person::typed("", "Bakker", "2027-01-01", "12345", None, today).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.unwrap()).collect();
        assert_eq!(fields, ["given_name", "date_of_birth", "bsn"]);
    }

    #[test]
    fn age_counts_whole_years() {
        let p = person("Bram", "Smit", date(2014, 11, 24), None);
        assert_eq!(p.age_on(date(2026, 11, 23)), 11);
        assert_eq!(p.age_on(date(2026, 11, 24)), 12);
    }

    proptest! {
        #[test]
        fn normalising_is_idempotent_and_case_blind(s in "[a-zA-ZÀ-ÖØ-öø-ÿ '-]{0,40}") {
            let n = normalise(&s);
            prop_assert_eq!(normalise(&n), n.clone());
            prop_assert_eq!(normalise(&s.to_uppercase()), normalise(&s.to_lowercase()));
        }
    }
}
