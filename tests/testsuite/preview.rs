//! `rundbrief preview`: a real server on loopback, asked with a real HTTP
//! client, re-rendering from disk on every request.

use crate::util::{Daemon, TestWorkspace};

fn start(ws: &TestWorkspace) -> Daemon {
    Daemon::start(ws, &["preview", "2026-Q4", "--bind", "127.0.0.1:0"])
}

/// The preview with the staff's interface in German.
fn start_german(ws: &TestWorkspace) -> Daemon {
    Daemon::start_with_env(
        ws,
        &["preview", "2026-Q4", "--bind", "127.0.0.1:0"],
        &[("RUNDBRIEF_LANG", "de")],
    )
}

fn get(url: &str) -> (u16, String, String) {
    let page = crate::util::get(url);
    let kind = page.header("content-type").to_string();
    (page.status, kind, page.body)
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
    for label in [
        "<h2>600 px</h2>",
        "<h2>Text</h2>",
        "<h2>Entries</h2>",
        ">German</a>",
    ] {
        assert!(frame.contains(label), "{label} missing: {frame}");
    }

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
fn the_preview_shows_the_errors_above_the_email() {
    let ws = TestWorkspace::sample();
    let server = start(&ws);
    ws.edit(
        "issues/2026-Q4/albanien-nordmazedonien.md",
        "\"nordmazedonien\"]",
        "\"mazedonien\"]",
    );
    let (status, _, body) = get(&format!("{}/_preview/2026-Q4", server.base));
    assert_eq!(status, 200);
    assert!(body.contains("class=\"error\""), "{body}");
    assert!(body.contains("unknown-tag"), "{body}");
    // A broken issue file leaves nothing to show but the errors.
    ws.edit("issues/2026-Q4/issue.toml", "title = ", "titel = ");
    let (status, _, body) = get(&format!("{}/_preview/2026-Q4", server.base));
    assert_eq!(status, 422);
    assert!(body.contains("unknown-key"), "{body}");
}

#[test]
fn the_preview_speaks_the_staff_language() {
    let ws = TestWorkspace::sample();
    let server = start_german(&ws);
    let (status, _, frame) = get(&format!("{}/_preview/2026-Q4", server.base));
    assert_eq!(status, 200, "{frame}");
    for label in [
        "<html lang=\"de\">",
        "2026-Q4 · rundbrief-Vorschau",
        "title=\"alle Ausgaben\"",
        ">Deutsch</a>",
        ">Englisch</a>",
        "<h2>600 px</h2>",
        "<h2>375 px</h2>",
        "<h2>Textfassung</h2>",
        "<h2>Beiträge</h2>",
    ] {
        assert!(frame.contains(label), "{label} missing: {frame}");
    }
    for english in [
        "Entries",
        "rundbrief preview",
        ">German</a>",
        ">English</a>",
    ] {
        assert!(!frame.contains(english), "{english} left: {frame}");
    }
    // The email's size is written the German way, with a decimal comma.
    let size = frame
        .split_once(">HTML</a> · ")
        .and_then(|(_, rest)| rest.split_once("</p>"))
        .map_or_else(|| panic!("no size: {frame}"), |(size, _)| size);
    assert!(size.ends_with(" KB") && size.contains(','), "{size}");

    let (status, _, missing) = get(&format!("{}/2026-q4/nichts-hier/", server.base));
    assert_eq!(status, 404);
    assert!(missing.contains("nicht gefunden"), "{missing}");
}
