//! Regie's domain: the rules of the household file, free of IO.
//!
//! Everything here is pure: handlers parse requests into these types, ask the domain to decide, and hand
//! the result (new state plus the event that records the change) to the store. See `docs/architecture.md`.

pub mod analysis;
pub mod authority;
pub mod bsn;
pub mod calendar;
pub mod case;
pub mod complaint;
pub mod consent;
pub mod correction;
pub mod departure;
pub mod directory;
pub mod emergency;
pub mod error;
#[cfg(test)]
mod fixtures;
pub mod forecast;
pub mod glossary;
pub mod help;
pub mod household;
pub mod ids;
pub mod involvement;
pub mod justice;
pub mod lawyer;
pub mod letter;
pub mod meldcode;
pub mod merge;
pub mod notification;
pub mod partners;
pub mod person;
pub mod plan;
pub mod policy;
pub mod portal;
pub mod questionnaire;
pub mod register;
pub mod research;
pub mod retention;
pub mod rights;
pub mod route;
pub mod signal;
pub mod stats;
pub mod text;
pub mod time;
pub mod worklist;

pub use bsn::Bsn;
pub use case::{Case, CaseChange, CaseEvent, EventActor, Lead, LegalFrame, NewEvent, Phase};
pub use directory::{Actor, Contact, Organisation, OrganisationKind, Professional, Region, Role, Team};
pub use error::{DomainError, ErrorKind};
pub use household::{Household, Membership, Relation};
pub use ids::*;
pub use person::{Address, Person, PersonName};
pub use policy::{Action, Decision};
pub use route::{CaseContext, Ground, Route, ScaleForm, ScalePart, ScaleUp, Standing};
pub use text::{Reason, ShortText};
