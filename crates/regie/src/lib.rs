//! The pieces of the `regie` command that are worth testing on their own: the demo region, synthetic data
//! at scale, the benchmark, the worklist, the signal import, the pilot regions' configuration, and backup
//! and restore.

pub mod backup;
pub mod bench;
pub mod demo;
pub mod generate;
pub mod import;
pub mod region;
pub mod telemetry;
pub mod worklist;
