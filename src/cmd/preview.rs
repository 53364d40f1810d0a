//! `rundbrief preview [ISSUE] [--bind ADDR]`.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use rundbrief::Workspace;
use rundbrief::preview;
use rundbrief::t;

use super::out;

pub(super) fn run(
    ws: &Workspace,
    issue: Option<&str>,
    bind: SocketAddr,
) -> anyhow::Result<ExitCode> {
    let id = ws.pick_issue(issue)?;
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let listener = preview::bind(bind)
            .await
            .with_context(|| format!("{bind}"))?;
        let address = listener.local_addr()?;
        out!(
            "{}",
            t!(
                "preview-listening",
                address = address.to_string(),
                issue = id.to_string()
            )
        );
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        preview::serve(&ws.root, listener, shutdown).await?;
        Ok(ExitCode::SUCCESS)
    })
}
