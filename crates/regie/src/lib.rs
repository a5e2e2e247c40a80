//! The pieces of the `regie` command that are worth testing on their own: the demo region, synthetic data
//! at scale, and the benchmark.

pub mod bench;
pub mod demo;
pub mod generate;
