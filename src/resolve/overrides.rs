//! An investigator's judgements on pairs of mentions, from a TOML file:
//!
//! ```toml
//! [[judgement]]
//! a = "politie:PL1700-2024011398#p1"      # mention keys: <record reference>#p<n>
//! b = "om:10/701988-24#p1"
//! verdict = "same"                         # same | different | unsure
//! reason = "zelfde BSN in het dossier van de rechtbank"
//! by = "rechercheur A. de Wit"
//! date = "2026-11-20"                      # optional
//! ```
//!
//! `same` joins two mentions; `different` and `unsure` keep them apart (an unsure pair is
//! shown as such). Every later output marks where a judgement was applied.

use serde::{Deserialize, Serialize};

/// One judgement.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Judgement {
    /// One mention key.
    pub a: String,
    /// The other mention key.
    pub b: String,
    /// The investigator's verdict on the pair.
    pub verdict: Verdict,
    /// Why.
    pub reason: String,
    /// Who decided.
    pub by: String,
    /// When, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// What an investigator decided about two mentions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// One person: the mentions are joined.
    Same,
    /// Two persons: the mentions are kept apart.
    Different,
    /// Not known: kept apart, and shown as such.
    Unsure,
}

impl Verdict {
    /// The word the overrides file uses for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Same => "same",
            Verdict::Different => "different",
            Verdict::Unsure => "unsure",
        }
    }
}

/// All judgements.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    /// The judgements, in file order.
    #[serde(default, rename = "judgement")]
    pub judgements: Vec<Judgement>,
}

/// An overrides file that cannot be used, with the file and the judgement that is wrong.
#[derive(Debug)]
pub enum OverridesError {
    /// Not valid TOML, an unknown key, or an unknown verdict (with line and column).
    Syntax {
        /// The file.
        file: String,
        /// What the TOML reader says.
        message: String,
    },
    /// A judgement names something that is not a mention key.
    NotAMentionKey {
        /// The file.
        file: String,
        /// The judgement, counted from 1.
        number: usize,
        /// What it named.
        key: String,
    },
    /// A judgement without who made it or why.
    Unsigned {
        /// The file.
        file: String,
        /// The judgement, counted from 1.
        number: usize,
    },
}

crate::error_worded_by_the_command_layer!(OverridesError);

impl Overrides {
    /// Parses an overrides file; `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Overrides, OverridesError> {
        let o: Overrides = toml::from_str(text).map_err(|e| OverridesError::Syntax {
            file: origin.to_string(),
            message: e.to_string(),
        })?;
        for (i, j) in o.judgements.iter().enumerate() {
            for key in [&j.a, &j.b] {
                if !key.contains("#p") {
                    return Err(OverridesError::NotAMentionKey {
                        file: origin.to_string(),
                        number: i + 1,
                        key: key.clone(),
                    });
                }
            }
            if j.by.trim().is_empty() || j.reason.trim().is_empty() {
                return Err(OverridesError::Unsigned {
                    file: origin.to_string(),
                    number: i + 1,
                });
            }
        }
        Ok(o)
    }
}
