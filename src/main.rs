//! The `rundbrief` binary: parses the command line, runs one command, and
//! turns its outcome into an exit status. Errors print as one readable chain.

mod cli;
mod cmd;

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::parse();
    match cmd::run(cli) {
        Ok(_) if cmd::output_failed() => ExitCode::FAILURE,
        Ok(code) => code,
        // A closed pipe (`| head`) is where the reader wanted to stop.
        Err(err) if cmd::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            cmd::write_err(format_args!("rundbrief: {err:#}"));
            ExitCode::FAILURE
        }
    }
}
