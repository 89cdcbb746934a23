//! Subcommands, one file each, over the library. Exit codes: 0 done, 1 done but records
//! were rejected (see `check`), 2 the command could not run (bad arguments, bad mapping).

pub mod check;
pub mod classify;
pub mod dossier;
mod error;
pub mod evaluate;
pub mod explain;
pub mod generate;
pub mod graph;
pub mod review;
pub mod timeline;

pub use error::CommandError;

use crate::ingest::mapping::{self, Mapping};
use crate::ingest::{ingest, Ingested, Input};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// patroon reads the exports of police, Veilig Thuis, OM, probation, municipality and
/// child protection about one household, and shows what they say together.
#[derive(Debug, Parser)]
#[command(name = "patroon", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read the inputs and report per file how many records were read, accepted and
    /// rejected, with file, line, field and reason for each reject.
    Check(check::CheckArgs),
    /// The chronology: one line per record, in true time order, with the precision of
    /// each date visible.
    Timeline(timeline::TimelineArgs),
    /// Explain how persons were resolved (merges with reasons, near misses, role-only
    /// mentions), or what each record says (categories with their triggers, incidents).
    Explain(explain::ExplainArgs),
    /// The dossier (PDF or Markdown) of one case, and/or the findings as JSON (persons,
    /// incidents, cases, categories, patterns, red flags, gaps).
    Dossier(dossier::DossierArgs),
    /// The event graph (persons, incidents, records and how they are linked) as GraphML,
    /// DOT or JSON for link-analysis tools (yEd, Gephi, Cytoscape), whole or of one case.
    Graph(graph::GraphArgs),
    /// The lexicon's test bench: classify text (standard input or --text) and show every
    /// rule that fired, or score a labelled corpus with --score.
    Classify(classify::ClassifyArgs),
    /// Every sentence that holds conduct vocabulary but got no category, with its record
    /// (nothing missed in silence), or how that list covers a labelled corpus (--score).
    Review(review::ReviewArgs),
}

/// `patroon-lab`: the tools for measuring patroon on fictional data, kept out of the
/// binary a prosecutor runs (the generator and its phrase sets are not linked into it).
#[derive(Debug, Parser)]
#[command(
    name = "patroon-lab",
    version,
    about = "Measuring tools for patroon: a fictional region in the six export layouts with its ground truth, and scores against that truth.",
    long_about = None
)]
pub struct LabCli {
    /// What to do.
    #[command(subcommand)]
    pub command: LabCommand,
}

/// The lab's subcommands.
#[derive(Debug, Subcommand)]
pub enum LabCommand {
    /// Write a fictional region in the six export layouts, with its ground truth
    /// (`truth.json`), for tests and measurements.
    Generate(generate::GenerateArgs),
    /// Score a generated region against its truth.json: person and incident resolution,
    /// the categories of each record, and the patterns of each household (precision,
    /// recall, specificity).
    Evaluate(evaluate::EvaluateArgs),
}

/// Runs a `patroon-lab` subcommand.
pub fn run_lab(cli: LabCli) -> Result<ExitCode, CommandError> {
    match cli.command {
        LabCommand::Generate(args) => generate::run(&args),
        LabCommand::Evaluate(args) => evaluate::run(&args),
    }
}

/// Input options shared by every command that reads exports.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Export files or folders; the layout of each file is recognised by its header or shape.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Read PATH (a file or folder) as LAYOUT, e.g. `--source politie=export.csv`.
    #[arg(long = "source", value_name = "LAYOUT=PATH")]
    pub sources: Vec<String>,
    /// An extra mapping file for a layout variant (see README, "Adding a mapping").
    /// Tried before the built-in mappings.
    #[arg(long = "mapping", value_name = "FILE")]
    pub mappings: Vec<PathBuf>,
    /// Read the mappings (DIR/sources/*.toml), the lexicon (DIR/lexicon.toml,
    /// DIR/fields.toml) and the rule set (DIR/rules.toml) from DIR instead of the copies
    /// built into the binary (for domain experts editing `templates/`).
    #[arg(long = "templates", value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// The language of what patroon says: the dossier, the terminal output and its
    /// messages (wording from templates/dossier/<lang>.toml). Record text stays as written.
    #[arg(long, value_enum, default_value = "nl")]
    pub lang: crate::wording::Lang,
}

impl InputArgs {
    /// Loads the mappings and reads every input.
    pub fn read(&self) -> Result<Ingested, CommandError> {
        let mappings = self.load_mappings()?;
        let mut inputs: Vec<Input> = self.inputs.iter().cloned().map(Input::Detect).collect();
        for s in &self.sources {
            let (layout, path) = s
                .split_once('=')
                .ok_or_else(|| CommandError::SourceSyntax { given: s.clone() })?;
            inputs.push(Input::Layout(layout.trim().to_string(), PathBuf::from(path)));
        }
        if inputs.is_empty() {
            return Err(CommandError::NoInput);
        }
        Ok(ingest(&inputs, &mappings))
    }

    fn load_mappings(&self) -> Result<Vec<Mapping>, CommandError> {
        let mut mappings = Vec::new();
        for path in &self.mappings {
            mappings.push(read_mapping(path)?);
        }
        match &self.templates {
            Some(dir) => {
                let sources = dir.join("sources");
                let mut files: Vec<PathBuf> = std::fs::read_dir(&sources)
                    .map_err(|e| CommandError::cannot_read(&sources, e))?
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                    .collect();
                files.sort();
                for path in files {
                    mappings.push(read_mapping(&path)?);
                }
            }
            None => mappings.extend(mapping::built_in()?),
        }
        Ok(mappings)
    }
}

/// Writes a command's output to standard output. A reader that stops reading (`| head`)
/// ends the output quietly, never with a panic.
pub fn emit(text: &str) -> Result<(), CommandError> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|_| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CommandError::CannotWriteStdout { detail: e.to_string() }),
    }
}

/// Reads an overrides file, or none.
pub fn load_overrides(path: Option<&std::path::Path>) -> Result<crate::resolve::Overrides, CommandError> {
    match path {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| CommandError::cannot_read(p, e))?;
            Ok(crate::resolve::Overrides::from_toml(&text, &p.display().to_string())?)
        }
        None => Ok(crate::resolve::Overrides::default()),
    }
}

/// Reads a coding file (investigators' judgements on categories), checked against the
/// records, or none.
pub fn load_codings(
    path: Option<&std::path::Path>,
    records: &[crate::model::Record],
) -> Result<crate::coding::Codings, CommandError> {
    match path {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| CommandError::cannot_read(p, e))?;
            Ok(crate::coding::Codings::parse(&text, &p.display().to_string(), records)?)
        }
        None => Ok(crate::coding::Codings::default()),
    }
}

fn read_mapping(path: &std::path::Path) -> Result<Mapping, CommandError> {
    let text = std::fs::read_to_string(path).map_err(|e| CommandError::cannot_read(path, e))?;
    Ok(Mapping::from_toml(&text, &path.display().to_string())?)
}

impl Cli {
    /// The language the user asked for (`--lang`), for the messages of the command.
    pub fn lang(&self) -> crate::wording::Lang {
        match &self.command {
            Command::Check(args) => args.input.lang,
            Command::Timeline(args) => args.input.lang,
            Command::Explain(args) => args.input.lang,
            Command::Dossier(args) => args.input.lang,
            Command::Graph(args) => args.input.lang,
            Command::Review(args) => args.input.lang,
            Command::Classify(_) => crate::wording::Lang::Nl,
        }
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode, CommandError> {
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Timeline(args) => timeline::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Dossier(args) => dossier::run(&args),
        Command::Graph(args) => graph::run(&args),
        Command::Classify(args) => classify::run(&args),
        Command::Review(args) => review::run(&args),
    }
}
