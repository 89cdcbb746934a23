//! patroon: from the scattered records of several organisations to one pattern-oriented,
//! traceable case dossier about domestic violence and coercive control.
//!
//! The pipeline runs one way: **ingest → resolve → graph → detect → dossier**, each stage
//! a module, with the shared types in [`model`]. This version has the first stage:
//! [`ingest`] reads the six export layouts (described by mapping files in
//! `templates/sources/`) into canonical, referenced records. The later stages are built in
//! their own issues; nothing here pretends to do their work.
//!
//! Beside the pipeline, [`generate`] writes a fictional region with its ground truth, so
//! that every stage can be tested and measured at scale without real case data.
//!
//! The command-line interface (`src/main.rs`, `src/cmd/`) is a thin layer over this library.

pub mod classify;
pub mod cmd;
pub mod detect;
pub mod evaluate;
pub mod generate;
pub mod graph;
pub mod ingest;
pub mod model;
pub mod pipeline;
pub mod resolve;
pub mod rules;
pub mod text;
