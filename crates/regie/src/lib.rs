//! The pieces of the `regie` command that are worth testing on their own: the demo region, synthetic data
//! at scale, the benchmark, the worklist, the signal import and the pilot regions' configuration.

pub mod bench;
pub mod demo;
pub mod generate;
pub mod import;
pub mod region;
pub mod worklist;
