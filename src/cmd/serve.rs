//! `rundbrief serve [--bind ADDR]`.

use std::net::SocketAddr;
use std::process::ExitCode;

use rundbrief::Workspace;
use rundbrief::t;
use rundbrief::web;

pub(super) fn run(ws: &Workspace, bind: Option<SocketAddr>) -> anyhow::Result<ExitCode> {
    let store = super::open_store(ws)?;
    let key = super::load_key(ws)?;
    let bind = bind.unwrap_or(ws.config.serve.bind);
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(bind)
            .await
            .map_err(|e| anyhow::anyhow!("{bind}: {e}"))?;
        let address = listener.local_addr()?;
        println!("{}", t!("serve-listening", address = address.to_string()));
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        web::serve(web::App::new(ws, store, key), listener, shutdown).await?;
        Ok(ExitCode::SUCCESS)
    })
}
