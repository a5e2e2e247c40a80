//! The burgerservicenummer (BSN): nine digits that pass the 11-proef.
//!
//! A BSN is personal data of the most sensitive kind: its `Debug` output is masked so that it never ends
//! up in a log line by accident.

use crate::error::DomainError;
use serde::{Serialize, Serializer};

/// A validated BSN. Construct with [`Bsn::parse`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Bsn([u8; 9]);

impl Bsn {
    /// Parses a BSN for the request field `field`. Spaces and dots are ignored; an eight-digit number gets
    /// its leading zero, as the BRP does.
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, DomainError> {
        let digits: Vec<u8> = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '.'))
            .map(|c| c.to_digit(10).map(|d| d as u8).ok_or(()))
            .collect::<Result<_, _>>()
            .map_err(|()| {
                DomainError::invalid(
                    field,
                    "bsn_format",
                    "a BSN has only digits",
                    "een BSN bestaat alleen uit cijfers",
                )
            })?;
        let digits: [u8; 9] = match digits.len() {
            9 => digits.try_into().expect("length checked"),
            8 => {
                let mut d = [0u8; 9];
                d[1..].copy_from_slice(&digits);
                d
            }
            _ => {
                return Err(DomainError::invalid(
                    field,
                    "bsn_length",
                    "a BSN has nine digits",
                    "een BSN heeft negen cijfers",
                ));
            }
        };
        if !passes_eleven_test(&digits) {
            return Err(DomainError::invalid(
                field,
                "bsn_checksum",
                "this is not a valid BSN: it fails the 11-proef",
                "dit is geen geldig BSN: het voldoet niet aan de 11-proef",
            ));
        }
        Ok(Self(digits))
    }

    /// The nine digits as text.
    pub fn as_string(&self) -> String {
        self.0.iter().map(|d| char::from(b'0' + d)).collect()
    }
}

/// The 11-proef: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11 (and not all digits are zero).
pub fn passes_eleven_test(d: &[u8; 9]) -> bool {
    let sum: i32 = d[..8]
        .iter()
        .zip((2..=9).rev())
        .map(|(&x, w)| i32::from(x) * w)
        .sum::<i32>()
        - i32::from(d[8]);
    sum % 11 == 0 && d.iter().any(|&x| x != 0)
}

impl std::fmt::Debug for Bsn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Bsn(*********)")
    }
}

impl Serialize for Bsn {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.as_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_test_bsns_pass() {
        for s in ["999990019", "999990020", "999993653", "111222333", "123456782"] {
            assert!(Bsn::parse("bsn", s).is_ok(), "{s}");
        }
    }

    #[test]
    fn a_changed_digit_fails_the_eleven_test() {
        let err = Bsn::parse("bsn", "123456781").unwrap_err();
        assert_eq!((err.field, err.code), (Some("bsn"), "bsn_checksum"));
    }

    #[test]
    fn wrong_length_and_letters_are_refused_with_their_own_reason() {
        assert_eq!(Bsn::parse("bsn", "1234").unwrap_err().code, "bsn_length");
        assert_eq!(Bsn::parse("bsn", "12345678a").unwrap_err().code, "bsn_format");
        assert_eq!(Bsn::parse("bsn", "000000000").unwrap_err().code, "bsn_checksum");
    }

    #[test]
    fn eight_digits_get_a_leading_zero_and_separators_are_ignored() {
        // 0 1 2 3 4 5 6 7 x: 9*0+8*1+7*2+6*3+5*4+4*5+3*6+2*7 = 112 = 10*11 + 2, so x = 2.
        assert_eq!(Bsn::parse("bsn", "12345672").unwrap().as_string(), "012345672");
        assert_eq!(Bsn::parse("bsn", "1234.56.782").unwrap().as_string(), "123456782");
    }

    #[test]
    fn debug_output_never_shows_the_number() {
        let b = Bsn::parse("bsn", "999990019").unwrap();
        assert!(!format!("{b:?}").contains("999990019"));
    }

    proptest! {
        #[test]
        fn every_eight_digit_prefix_has_at_most_one_valid_check_digit(prefix in proptest::array::uniform8(0u8..10)) {
            let valid: Vec<u8> = (0..10)
                .filter(|&c| {
                    let mut d = [0u8; 9];
                    d[..8].copy_from_slice(&prefix);
                    d[8] = c;
                    passes_eleven_test(&d)
                })
                .collect();
            prop_assert!(valid.len() <= 1);
        }

        #[test]
        fn parse_accepts_exactly_what_the_eleven_test_accepts(d in proptest::array::uniform9(0u8..10)) {
            let s: String = d.iter().map(|x| char::from(b'0' + x)).collect();
            prop_assert_eq!(Bsn::parse("bsn", &s).is_ok(), passes_eleven_test(&d));
        }

        #[test]
        fn a_single_digit_error_is_always_caught(prefix in proptest::array::uniform8(0u8..10), pos in 0usize..9, delta in 1u8..10) {
            // Build a valid number from the prefix: the check digit makes the weighted sum a multiple of 11.
            let sum: i32 = prefix.iter().zip((2..=9).rev()).map(|(&x, w)| i32::from(x) * w).sum();
            let check = sum % 11;
            prop_assume!(check < 10 && (sum > 0));
            let mut d = [0u8; 9];
            d[..8].copy_from_slice(&prefix);
            d[8] = check as u8;
            prop_assert!(passes_eleven_test(&d));
            let mut e = d;
            e[pos] = (e[pos] + delta) % 10;
            prop_assert!(!passes_eleven_test(&e));
        }
    }
}
