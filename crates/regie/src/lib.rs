//! The pieces of the `regie` command that are worth testing on their own: the demo region, synthetic data
//! at scale, the benchmark and the worklist.

pub mod bench;
pub mod demo;
pub mod generate;
pub mod worklist;
