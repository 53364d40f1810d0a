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
    // The email shows the picture resized for it, which the preview makes.
    assert!(
        html.contains("src=\"/2026-q4/email/images/jugendbegegnung-polen.jpg\""),
        "{html}"
    );
    let (status, kind, _) = get(&format!(
        "{}/2026-q4/email/images/jugendbegegnung-polen.jpg",
        server.base
    ));
    assert_eq!((status, kind.as_str()), (200, "image/jpeg"));

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
    assert!(text.contains("Read more:\nhttps://"), "{text}");

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
    // A broken issue file: its errors, above the last version that rendered.
    ws.edit("issues/2026-Q4/issue.toml", "title = ", "titel = ");
    let (status, _, body) = get(&format!("{}/_preview/2026-Q4", server.base));
    assert_eq!(status, 422);
    assert!(body.contains("unknown-key"), "{body}");
}

/// Issue 15, finding 2: one unknown front-matter key left only a red line,
/// with no email, no language switch and no way back. The errors now stand
/// above the last version that rendered, marked as such, with the navigation.
#[test]
fn a_broken_save_shows_its_errors_above_the_last_version_that_rendered() {
    let ws = TestWorkspace::sample();
    let server = start(&ws);
    let frame = format!("{}/_preview/2026-Q4", server.base);
    let (status, _, good) = get(&frame);
    assert_eq!(status, 200);
    assert!(!good.contains("class=\"stale\""));
    let (_, _, good_html) = get(&format!("{frame}/email.html?lang=en"));

    ws.edit(
        "issues/2026-Q4/albanien-nordmazedonien.md",
        "title = ",
        "titel = \"x\"\ntitle = ",
    );
    let (status, _, body) = get(&frame);
    assert_eq!(status, 422);
    let errors = body.find("unknown-key").expect("the error is shown");
    let stale = body
        .find("class=\"stale\"")
        .expect("the last version is marked as such");
    let email = body.find("<iframe").expect("the email is still there");
    assert!(errors < stale && stale < email, "errors first: {body}");
    assert!(body.contains("the last version that did"), "{body}");
    assert!(
        body.contains("href=\"?lang=en\""),
        "the language switch stays: {body}"
    );
    assert!(body.contains("href=\"/\""), "the way back stays: {body}");
    let (status, _, html) = get(&format!("{frame}/email.html?lang=en"));
    assert_eq!(status, 200);
    assert_eq!(html, good_html, "the frames show the last good email");

    // Fixed: the fresh render again, without the mark.
    ws.edit(
        "issues/2026-Q4/albanien-nordmazedonien.md",
        "titel = \"x\"\n",
        "",
    );
    let (status, _, body) = get(&frame);
    assert_eq!(status, 200);
    assert!(!body.contains("class=\"stale\""), "{body}");
}

/// An issue broken before the preview ever rendered it: the errors, a way
/// back, and what to do.
#[test]
fn an_issue_that_never_rendered_shows_its_errors_and_the_way_back() {
    let ws = TestWorkspace::sample();
    ws.edit("issues/2026-Q4/issue.toml", "title = ", "titel = ");
    let server = start(&ws);
    let (status, _, body) = get(&format!("{}/_preview/2026-Q4", server.base));
    assert_eq!(status, 422);
    assert!(body.contains("unknown-key"), "{body}");
    assert!(body.contains("href=\"/\""), "{body}");
    assert!(
        body.contains("has not rendered since the preview started"),
        "{body}"
    );
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

/// A GET with the `Host` header the caller chooses, as a page re-pointed at
/// 127.0.0.1 by DNS rebinding would send it; the answer's status and body.
fn get_as_host(base: &str, path: &str, host: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let address = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status in {answer:?}"));
    (status, answer)
}

/// Issue 11, finding 7: a DNS-rebinding page asks with its own host name and
/// must not read the unpublished issue; the editor's own names still work.
#[test]
fn the_preview_refuses_a_foreign_host_name() {
    let ws = TestWorkspace::sample();
    let server = start(&ws);
    let port = server.base.rsplit(':').next().unwrap().to_string();
    for host in ["evil.example", &format!("evil.example:{port}")] {
        for path in [
            "/_preview/2026-Q4/email.html",
            "/",
            "/2026-q4/images/jugendbegegnung-polen.jpg",
        ] {
            let (status, answer) = get_as_host(&server.base, path, host);
            assert_eq!(status, 421, "{host} {path}: {answer}");
            assert!(!answer.contains("Begegnung"), "{answer}");
            assert!(answer.contains("localhost"), "{answer}");
        }
    }
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        "localhost".to_string(),
    ] {
        let (status, answer) = get_as_host(&server.base, "/_preview/2026-Q4/email.html", &host);
        assert_eq!(status, 200, "{host}: {answer}");
        assert!(answer.contains("Begegnung braucht Mut"), "{host}");
    }
}

/// Issue 11, finding 7: `images/x.png -> /etc/passwd` was served. A symlink
/// whose real location is outside the issue folder is as good as missing,
/// while the issue's own images (and a symlink that stays inside) are served.
#[cfg(unix)]
#[test]
fn the_preview_serves_no_file_a_symlink_leads_out_of_the_issue_folder() {
    let ws = TestWorkspace::sample();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.png");
    std::fs::write(&secret, "not for the preview").unwrap();
    let images = ws.root().join("issues/2026-Q4/images");
    std::os::unix::fs::symlink("/etc/passwd", images.join("x.png")).unwrap();
    std::os::unix::fs::symlink(&secret, images.join("y.png")).unwrap();
    std::os::unix::fs::symlink(ws.root().join("rundbrief.toml"), images.join("z.png")).unwrap();
    std::os::unix::fs::symlink(outside.path(), images.join("elsewhere")).unwrap();
    std::os::unix::fs::symlink("../issue.toml", images.join("inside.txt")).unwrap();
    let server = start(&ws);
    for file in ["x.png", "y.png", "z.png", "elsewhere/secret.png"] {
        let (status, _, body) = get(&format!("{}/2026-q4/images/{file}", server.base));
        assert_eq!(status, 404, "{file}: {body}");
        assert!(!body.contains("root:"), "{file}: {body}");
        assert!(!body.contains("not for the preview"), "{file}: {body}");
        assert!(!body.contains("[site]"), "{file}: {body}");
    }
    let (status, kind, _) = get(&format!(
        "{}/2026-q4/images/jugendbegegnung-polen.jpg",
        server.base
    ));
    assert_eq!((status, kind.as_str()), (200, "image/jpeg"));
    let (status, _, body) = get(&format!("{}/2026-q4/images/inside.txt", server.base));
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Begegnung braucht Mut"), "{body}");
}
