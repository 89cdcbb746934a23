//! The `patroon` command: a thin layer over the library. See `patroon --help`.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = patroon::cmd::Cli::parse();
    match patroon::cmd::run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("patroon: {message}");
            ExitCode::from(2)
        }
    }
}
