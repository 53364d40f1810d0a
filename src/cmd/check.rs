//! `rundbrief check [ISSUE] [--strict] [--dns] [--links]`.

use super::note;
use std::process::ExitCode;

use rundbrief::Workspace;
use rundbrief::dns_check::{self, Nameserver};
use rundbrief::link_check;
use rundbrief::t;
use rundbrief::workspace;

use super::print_report;

pub(super) fn run(
    ws: &Workspace,
    issue: Option<&str>,
    strict: bool,
    dns: bool,
    links: bool,
) -> anyhow::Result<ExitCode> {
    let id = &ws.pick_issue(issue)?;
    let mut report = match workspace::check_issue(ws, id) {
        Ok(checked) => {
            let mut report = checked.report;
            if links {
                let dead = link_check::check(
                    &ws.config,
                    &checked.issue,
                    &checked.rendered,
                    link_check::TIMEOUT,
                );
                report.diagnostics.extend(dead);
                report.sort();
            }
            report
        }
        Err(report) => report,
    };
    if dns {
        let server = Nameserver::from_env()?;
        let findings = super::block_on(dns_check::check(&ws.config, &ws.root, server))?;
        report.diagnostics.extend(findings);
        report.sort();
    }
    print_report(&report);
    let failed = report.errors() > 0 || (strict && report.warnings() > 0);
    if report.diagnostics.is_empty() {
        note!("{}", t!("check-clean", issue = id.to_string()));
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
