//! The one place where a command's failure becomes what the user reads and the exit code:
//! each stage reports its own typed error, and `main` prints this one.

use crate::dossier::DossierError;
use crate::templates::TemplateError;
use crate::wording::{Lang, Wording};
use std::process::ExitCode;

/// Why a command could not run.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// A templates file (rules, lexicon, wording, mapping) is missing or wrong.
    #[error(transparent)]
    Templates(#[from] TemplateError),
    /// The dossier could not be written (no such case, a rendering failure).
    #[error(transparent)]
    Dossier(#[from] DossierError),
    /// An investigators' overrides file is wrong.
    #[error(transparent)]
    Overrides(#[from] crate::resolve::overrides::OverridesError),
    /// An investigators' coding file is wrong.
    #[error(transparent)]
    Coding(#[from] crate::coding::CodingError),
    /// Anything else, in a message that says what went wrong and what to do (bad
    /// arguments, an unreadable input or judgement file, an unwritable output).
    #[error("{0}")]
    Message(String),
}

impl CommandError {
    /// The exit code: 2, the command could not run (1 is for rejected records, see `check`).
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(2)
    }

    /// What the user reads, in `lang` where the wording has it (the dossier's case choice),
    /// else as the stage worded it.
    pub fn message(&self, lang: Lang) -> String {
        let Ok(w) = Wording::load(lang, None) else {
            return self.to_string();
        };
        match self {
            CommandError::Dossier(DossierError::NoCase) => w.text("error_no_case"),
            CommandError::Dossier(DossierError::UnknownCase { given, cases }) => w.fill(
                "error_unknown_case",
                &[("given", given.clone()), ("cases", cases.join(", "))],
            ),
            CommandError::Dossier(DossierError::AmbiguousCase { given, cases }) => w.fill(
                "error_ambiguous_case",
                &[
                    ("given", given.clone()),
                    ("n", cases.len().to_string()),
                    ("cases", cases.join(", ")),
                ],
            ),
            _ => self.to_string(),
        }
    }
}

impl From<String> for CommandError {
    fn from(message: String) -> Self {
        CommandError::Message(message)
    }
}

impl From<&str> for CommandError {
    fn from(message: &str) -> Self {
        CommandError::Message(message.to_string())
    }
}
