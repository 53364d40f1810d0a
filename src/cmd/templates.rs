//! `rundbrief templates list` and `rundbrief templates copy NAME [--force]`.

use std::process::ExitCode;

use rundbrief::Workspace;
use rundbrief::scaffold::{self, Override, TemplateState};
use rundbrief::t;

use super::{note, out};
use crate::cli::Templates;

pub(super) fn run(ws: &Workspace, command: &Templates) -> anyhow::Result<ExitCode> {
    match command {
        Templates::List => {
            list(ws);
            Ok(ExitCode::SUCCESS)
        }
        Templates::Copy { name, force } => {
            let path = scaffold::copy_template(ws, name, *force)?;
            note!(
                "{}",
                t!("templates-copied", path = ws.display(&path).to_string())
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Each built-in template, and what the workspace does with it.
fn list(ws: &Workspace) {
    let states = scaffold::template_states(ws);
    let width = states.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
    let folder = ws.config.paths.templates.display().to_string();
    for (name, state) in &states {
        let said = match state {
            TemplateState::BuiltIn => t!("templates-built-in"),
            TemplateState::Overridden(how) => {
                let how = match how {
                    Override::Current => "current",
                    Override::Older => "older",
                    Override::Unchanged => "unchanged",
                    Override::Unknown => "unknown",
                };
                t!("templates-overridden", folder = folder.as_str(), how = how)
            }
        };
        out!("{name:<width$}  {said}");
    }
}
