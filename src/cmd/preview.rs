//! `rundbrief preview [ISSUE] [--bind ADDR]`.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use rundbrief::Workspace;
use rundbrief::i18n::{UiLang, ui};
use rundbrief::preview;

pub fn run(ws: &Workspace, issue: Option<&str>, bind: SocketAddr) -> anyhow::Result<ExitCode> {
    let id = ws.pick_issue(issue)?;
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let listener = preview::bind(bind)
            .await
            .with_context(|| format!("{bind}"))?;
        let address = listener.local_addr()?;
        println!(
            "{}",
            match ui() {
                UiLang::De =>
                    format!("Vorschau auf http://{address}/_preview/{id} (Strg-C beendet)"),
                UiLang::En => format!("Preview at http://{address}/_preview/{id} (Ctrl-C stops)"),
            }
        );
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        preview::serve(&ws.root, listener, shutdown).await?;
        Ok(ExitCode::SUCCESS)
    })
}
