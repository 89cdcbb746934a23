//! Stage 4, `detect`: what the records say happened, and (in later versions) what recurs.
//!
//! This version classifies each record into the behaviour categories of the domain
//! reference ([`classify`]): from its structured fields (`templates/fields.toml`) and from
//! its Dutch narrative through the lexicon (`templates/lexicon.toml`), with negation and the
//! suspect's own statements handled. Every assignment keeps the words or field that
//! triggered it. The pattern detectors (recurrence, escalation, red flags, ...) come with
//! their own issue; nothing here reports a pattern.

pub mod classify;
