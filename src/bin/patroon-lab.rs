//! The `patroon-lab` command: `generate` (a fictional region with its ground truth) and
//! `evaluate` (scores against that truth), for tests and measurements. A separate binary,
//! so that the one a prosecutor runs holds none of the generator. See `patroon-lab --help`.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = patroon::cmd::LabCli::parse();
    match patroon::cmd::run_lab(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("patroon-lab: {error}");
            error.exit_code()
        }
    }
}
