//! The `rundbrief` binary: parses the command line, runs one command, and
//! turns its outcome into an exit status. Errors print as one readable chain.

mod cli;
mod cmd;

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("rundbrief: {err:#}");
            ExitCode::FAILURE
        }
    }
}
