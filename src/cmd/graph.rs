//! `patroon graph INPUT... --format graphml|dot|json [--case CASE] [--out FILE]`: the event
//! graph (persons, incidents, records and the edges between them) for link-analysis tools
//! such as yEd, Gephi and Cytoscape, whole or of one case. The writing is in
//! [`crate::graph::export`]; this command reads the input and chooses the case.

use super::{CommandError, InputArgs};
use crate::graph::export::{self, Format, Scope};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `graph`.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// What to read.
    #[command(flatten)]
    pub input: InputArgs,
    /// The file format: GraphML (yEd, Gephi, Cytoscape), Graphviz DOT, or JSON.
    #[arg(long, value_enum)]
    pub format: Format,
    /// Only this case's part of the graph: a case id, a person id (victim or suspect) or a
    /// record reference, as with `dossier --case`. Without it, the whole graph.
    #[arg(long, value_name = "CASE")]
    pub case: Option<String>,
    /// Write to FILE (`-` or absent: standard output).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// An overrides file with investigators' judgements.
    #[arg(long, value_name = "FILE")]
    pub overrides: Option<PathBuf>,
    /// Investigators' codings (see README, "Investigator coding"), so the incidents'
    /// categories are the ones the dossier shows.
    #[arg(long, value_name = "FILE")]
    pub coding: Option<PathBuf>,
}

/// Runs `graph`.
pub fn run(args: &GraphArgs) -> Result<ExitCode, CommandError> {
    let ingested = args.input.read()?;
    let overrides = super::load_overrides(args.overrides.as_deref())?;
    let rules = crate::pipeline::Rules::load(args.input.templates.as_deref())?;
    let codings = super::load_codings(args.coding.as_deref(), &ingested.records)?;
    let analysis = crate::pipeline::analyse_coded(&ingested, &rules, &overrides, &codings);
    let (graph, _) = crate::pipeline::detect(&ingested, &analysis, &rules);
    let scope = match args.case.as_deref() {
        None => Scope::Whole,
        Some(wanted) => {
            let (case, _) = crate::dossier::build::choose_among(&analysis.resolution.incidents.cases, Some(wanted))?;
            let timeline = graph
                .cases
                .iter()
                .find(|t| t.case == case.id)
                .ok_or_else(|| CommandError::NoTimeline {
                    given: wanted.to_string(),
                    case: case.id.to_string(),
                })?;
            Scope::Case(timeline)
        }
    };
    let exported = export::export(&graph, &ingested.records, &analysis.resolution.persons.persons, scope);
    let text = export::write(&exported, args.format).map_err(|detail| CommandError::Internal { detail })?;
    let target = args.out.as_ref().filter(|path| path.as_os_str() != "-");
    match target {
        None => super::emit(&text)?,
        Some(path) => std::fs::write(path, &text).map_err(|e| CommandError::CannotWrite {
            path: path.display().to_string(),
            detail: e.to_string(),
        })?,
    }
    // What was written, on stderr so that standard output stays the graph alone.
    let w = crate::wording::Wording::load(args.input.lang, args.input.templates.as_deref())?;
    let what = match scope {
        Scope::Case(timeline) => w.fill("graph_case", &[("case", timeline.case.clone())]),
        Scope::Whole => w.text("graph_whole"),
    };
    let place = target.map_or_else(|| w.text("graph_stdout"), |p| p.display().to_string());
    let summary = w.fill(
        "graph_written",
        &[
            ("what", what),
            ("nodes", exported.nodes.len().to_string()),
            ("edges", exported.edges.len().to_string()),
            ("place", place),
        ],
    );
    eprintln!("patroon: {summary}");
    if !ingested.rejects.is_empty() {
        let n = ingested.rejects.iter().map(|r| r.records).sum::<usize>();
        eprintln!("patroon: {}", w.fill("graph_rejected", &[("n", n.to_string())]));
    }
    Ok(ExitCode::SUCCESS)
}
