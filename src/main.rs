//! The `patroon` command: a thin layer over the library. See `patroon --help`.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = patroon::cmd::Cli::parse();
    let lang = cli.lang();
    match patroon::cmd::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("patroon: {}", error.message(lang));
            error.exit_code()
        }
    }
}
