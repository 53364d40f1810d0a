//! `rundbrief preview`: a real server on loopback, asked with a real HTTP
//! client, re-rendering from disk on every request.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

use crate::util::{TestWorkspace, rundbrief};

/// The preview server; killed when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(ws: &TestWorkspace) -> Server {
    let mut child = rundbrief()
        .current_dir(ws.root())
        .args(["preview", "2026-Q4", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|word| word.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    let base = url.split("/_preview").next().unwrap().to_string();
    Server { child, base }
}

fn get(url: &str) -> (u16, String, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent.get(url).call().unwrap();
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    (status, kind, body)
}

#[test]
fn the_preview_shows_both_widths_the_text_and_every_save() {
    let ws = TestWorkspace::sample();
    let server = start(&ws);
    let (status, _, frame) = get(&format!("{}/_preview/2026-Q4", server.base));
    assert_eq!(status, 200, "{frame}");
    assert!(frame.contains("width=\"600\""), "{frame}");
    assert!(frame.contains("width=\"375\""), "{frame}");
    assert!(
        frame.contains("draft"),
        "the check result is shown: {frame}"
    );

    let (status, _, html) = get(&format!("{}/_preview/2026-Q4/email.html", server.base));
    assert_eq!(status, 200);
    assert!(html.contains("Begegnung braucht Mut"));
    // Images and entry pages are served by the preview itself.
    assert!(
        html.contains("src=\"/2026-q4/images/jugendbegegnung-polen.jpg\""),
        "{html}"
    );

    ws.edit(
        "issues/2026-Q4/issue.toml",
        "Begegnung braucht Mut",
        "Mut zur Begegnung",
    );
    let (_, _, html) = get(&format!("{}/_preview/2026-Q4/email.html", server.base));
    assert!(
        html.contains("Mut zur Begegnung"),
        "the preview did not re-render"
    );

    let (status, kind, text) = get(&format!(
        "{}/_preview/2026-Q4/email.txt?lang=en",
        server.base
    ));
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/plain"), "{kind}");
    assert!(text.contains("Read more: https://"), "{text}");

    let (status, _, page) = get(&format!(
        "{}/2026-q4/jugendbegegnung-mit-polen-drei-kommunen-drei-wege/",
        server.base
    ));
    assert_eq!(status, 200);
    assert!(page.contains("Woran es hakt"));

    let (status, kind, _) = get(&format!(
        "{}/2026-q4/images/jugendbegegnung-polen.jpg",
        server.base
    ));
    assert_eq!((status, kind.as_str()), (200, "image/jpeg"));
    let (status, _, _) = get(&format!("{}/2026-q4/../rundbrief.toml", server.base));
    assert_eq!(status, 404);
}

#[test]
fn the_preview_shows_errors_instead_of_the_email() {
    let ws = TestWorkspace::sample();
    let server = start(&ws);
    ws.edit(
        "issues/2026-Q4/albanien-nordmazedonien.md",
        "\"nordmazedonien\"]",
        "\"mazedonien\"]",
    );
    let (status, _, body) = get(&format!("{}/_preview/2026-Q4", server.base));
    assert_eq!(status, 422);
    assert!(body.contains("unknown-tag"), "{body}");
}
