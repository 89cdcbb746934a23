//! The files of `templates/` (rules, lexicon, lemmas, field rules, review vocabulary,
//! wording, mappings): compiled into the binary, or read from a folder with `--templates`
//! so that domain experts can edit them without a rebuild. One error type for all of them,
//! naming the file, so that a typo in an edited file points to where it is.

use std::path::{Path, PathBuf};

/// A templates file that could not be read or does not hold what it should.
#[derive(Debug)]
pub enum TemplateError {
    /// The file is missing or unreadable.
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is read but its content is wrong (TOML syntax, an unknown key, a bad pattern).
    Invalid {
        /// The file, as the user knows it (`templates/rules.toml` or the path given).
        file: String,
        /// What is wrong, with line and column where known.
        message: String,
    },
}

crate::error_worded_by_the_command_layer!(TemplateError);

impl TemplateError {
    /// The file's content is wrong.
    pub fn invalid(file: impl Into<String>, message: impl std::fmt::Display) -> Self {
        TemplateError::Invalid {
            file: file.into(),
            message: message.to_string(),
        }
    }
}

/// The text of `dir/name`.
pub fn read(dir: &Path, name: &str) -> Result<String, TemplateError> {
    let path = dir.join(name);
    std::fs::read_to_string(&path).map_err(|source| TemplateError::Read { path, source })
}
