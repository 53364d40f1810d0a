//! `rundbrief preview`: a local web server on loopback for the editor. Every
//! request renders the issue afresh from disk, so each save shows at once:
//! the email at desktop (600 px) and phone (375 px) width, the text part, the
//! entry pages, and what `check` says. A save that breaks the issue shows
//! its errors above the last version that rendered, marked as such.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::build::{Sample, sample_message};
use crate::content::IssueId;
use crate::diagnostic::Report;
use crate::locale::Lang;
use crate::render::escape_html;
use crate::workspace::Workspace;
use crate::workspace::{self, Checked};

/// A handler's result so far, or the page it answers with early (boxed: a
/// `Response` is large).
type Early<T> = Result<T, Box<Response>>;

#[allow(clippy::unnecessary_box_returns)] // boxed for `Early`'s sake
fn early(status: StatusCode, title: &str, body: &str) -> Box<Response> {
    Box::new(page(status, title, body))
}

#[derive(Clone)]
struct Preview {
    root: PathBuf,
    /// Per issue, the last render that succeeded and when: what the page
    /// keeps showing while a save breaks the issue.
    last_good: Arc<Mutex<LastGood>>,
}

/// By issue: its last render that succeeded, and when.
type LastGood = HashMap<String, (Arc<Checked>, chrono::DateTime<chrono::Utc>)>;

/// What the preview shows of an issue.
struct Shown {
    checked: Arc<Checked>,
    /// The render failed: why, and when the shown one was made.
    stale: Option<(Report, chrono::DateTime<chrono::Utc>)>,
}

impl Preview {
    /// The workspace as it is on disk now.
    fn workspace(&self) -> Early<Workspace> {
        Workspace::open(&self.root).map_err(|e| {
            early(
                StatusCode::INTERNAL_SERVER_ERROR,
                "rundbrief",
                &escape_html(&e.to_string()),
            )
        })
    }

    /// The issue as it renders now; if it does not, the last version that
    /// did, with the reasons. Only a first render that fails is an error page.
    fn shown(&self, ws: &Workspace, id: &IssueId) -> Early<Shown> {
        let key = id.to_string();
        // Rendered before the lock is taken: requests for the frames and
        // pictures of one page render side by side.
        let rendered = workspace::check_issue(ws, id);
        let mut last_good = self
            .last_good
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match rendered {
            Ok(checked) => {
                let checked = Arc::new(checked);
                last_good.insert(key, (Arc::clone(&checked), chrono::Utc::now()));
                Ok(Shown {
                    checked,
                    stale: None,
                })
            }
            Err(report) => match last_good.get(&key) {
                Some((checked, at)) => Ok(Shown {
                    checked: Arc::clone(checked),
                    stale: Some((report, *at)),
                }),
                None => Err(early(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &key,
                    &format!(
                        "<p><a href=\"/\">← {back}</a></p><h1>{id}</h1>{problems}<p>{never}</p>",
                        back = label(&crate::t!("preview-back")),
                        problems = diagnostics(&report),
                        never = label(&crate::t!("preview-never-rendered")),
                    ),
                )),
            },
        }
    }
}

/// The preview's routes for the workspace at `root`.
pub fn router(root: &Path) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/_preview/{issue}", get(frame))
        .route("/_preview/{issue}/{part}", get(part))
        .fallback(get(site_file))
        .layer(axum::middleware::from_fn(loopback_host_only))
        .with_state(Preview {
            root: root.to_path_buf(),
            last_good: Arc::default(),
        })
}

/// Issue 11, finding 7: the preview answered any `Host`, so a page on the
/// web whose name was re-pointed at 127.0.0.1 (DNS rebinding) could read
/// unpublished issues through the editor's browser. Such a page's requests
/// carry its own host name; only loopback names reach the preview.
async fn loopback_host_only(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    if host.is_some_and(is_loopback_host) {
        next.run(request).await
    } else {
        (
            StatusCode::MISDIRECTED_REQUEST,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            crate::t!("preview-foreign-host"),
        )
            .into_response()
    }
}

/// `localhost` or a loopback address (`127.0.0.1`, `[::1]`), with or
/// without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((inside, "")) => inside,
            Some((inside, port)) if port.strip_prefix(':').is_some_and(is_port) => inside,
            _ => return false,
        }
    } else {
        match host.split_once(':') {
            Some((name, port)) if is_port(port) => name,
            Some(_) => return false,
            None => host,
        }
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn is_port(text: &str) -> bool {
    text.parse::<u16>().is_ok()
}

/// Serves the preview until `shutdown` completes.
pub async fn serve(
    root: &Path,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(root))
        .with_graceful_shutdown(shutdown)
        .await
}

pub async fn bind(addr: SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(addr).await
}

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font:15px/1.5 Helvetica,Arial,sans-serif;margin:1rem 2rem;color:#1d2733}}\
         .frames{{display:flex;gap:2rem;align-items:flex-start;flex-wrap:wrap}}\
         iframe{{border:1px solid #ccd;background:#fff;height:1400px}}\
         .error{{color:#a00}}.warning{{color:#8a5a00}}\
         .stale{{background:#fff4d6;border-left:4px solid #c98a00;padding:.5rem .8rem}}pre{{white-space:pre-wrap}}</style></head>\
         <body>{body}</body></html>",
        lang = crate::locale::ui().lang(),
        title = escape_html(&crate::t!("preview-title", title = title)),
    );
    (status, Html(html)).into_response()
}

fn diagnostics(report: &Report) -> String {
    if report.diagnostics.is_empty() {
        return format!("<p>{}</p>", escape_html(&crate::t!("preview-check-ok")));
    }
    let items: String = report
        .diagnostics
        .iter()
        .map(|d| {
            let class = if d.is_error() { "error" } else { "warning" };
            format!("<li class=\"{class}\">{}</li>", escape_html(&d.to_string()))
        })
        .collect();
    format!("<ul class=\"diagnostics\">{items}</ul>")
}

async fn index(State(preview): State<Preview>) -> Response {
    let ws = match preview.workspace() {
        Ok(ws) => ws,
        Err(response) => return *response,
    };
    let ids = ws.issue_ids().unwrap_or_default();
    let items: String = ids
        .iter()
        .rev()
        .map(|id| format!("<li><a href=\"/_preview/{id}\">{id}</a></li>"))
        .collect();
    page(
        StatusCode::OK,
        &ws.config.site.name,
        &format!(
            "<h1>{}</h1><ul>{items}</ul>",
            escape_html(&ws.config.site.name)
        ),
    )
}

#[derive(Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

impl LangQuery {
    fn lang(&self) -> Option<Lang> {
        self.lang.as_deref().and_then(|l| l.parse().ok())
    }
}

async fn frame(
    State(preview): State<Preview>,
    UrlPath(issue): UrlPath<String>,
    Query(query): Query<LangQuery>,
) -> Response {
    let (ws, id) = match open(&preview, &issue) {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let Shown { checked, stale } = match preview.shown(&ws, &id) {
        Ok(shown) => shown,
        Err(response) => return *response,
    };
    let lang = query.lang().unwrap_or(checked.issue.lang);
    let email = checked.rendered.email(lang);
    let languages: String = checked
        .issue
        .languages()
        .iter()
        .map(|l| {
            let name = crate::t!("preview-language-name", code = l.code());
            format!("<a href=\"?lang={l}\">{}</a> ", escape_html(&name))
        })
        .collect();
    let entries: String = checked
        .rendered
        .pages
        .iter()
        .map(|p| {
            format!(
                "<li><a href=\"/{}/{}/\">{}</a></li>",
                id.url_segment(),
                p.slug,
                p.slug
            )
        })
        .collect();
    // A broken save: its errors first, then the last version that rendered.
    let (status, diagnostics) = match &stale {
        Some((report, at)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "{}<p class=\"stale\">{}</p>",
                self::diagnostics(report),
                label(&crate::t!(
                    "preview-stale",
                    at = crate::locale::ui().zoned(*at, ws.config.site.timezone)
                ))
            ),
        ),
        None => (StatusCode::OK, self::diagnostics(&checked.report)),
    };
    let body = format!(
        "<p><a href=\"/\" title=\"{back}\">←</a></p><h1>{id}: {subject}</h1>{diagnostics}\
         <p>{languages}· <a href=\"/_preview/{id}/email.txt?lang={lang}\">{text_link}</a> · \
         <a href=\"/_preview/{id}/email.html?lang={lang}\">{html_link}</a> · {size}</p>\
         <div class=\"frames\"><div><h2>{desktop}</h2><iframe width=\"600\" src=\"/_preview/{id}/email.html?lang={lang}\"></iframe></div>\
         <div><h2>{phone}</h2><iframe width=\"375\" src=\"/_preview/{id}/email.html?lang={lang}\"></iframe></div>\
         <div><h2>{text}</h2><iframe width=\"560\" src=\"/_preview/{id}/email.txt?lang={lang}\"></iframe></div></div>\
         <h2>{entries_heading}</h2><ul>{entries}</ul>",
        back = label(&crate::t!("preview-back")),
        subject = escape_html(&email.subject),
        text_link = label(&crate::t!("preview-text-link")),
        html_link = label(&crate::t!("preview-html-link")),
        size = crate::locale::ui().size(email.html.len()),
        desktop = label(&crate::t!("preview-width", width = 600)),
        phone = label(&crate::t!("preview-width", width = 375)),
        text = label(&crate::t!("preview-text")),
        entries_heading = label(&crate::t!("preview-entries")),
    );
    page(status, &id.to_string(), &body)
}

/// A message of the catalog, ready for the page.
fn label(text: &str) -> String {
    escape_html(text)
}

fn open(preview: &Preview, issue: &str) -> Early<(Workspace, IssueId)> {
    let ws = preview.workspace()?;
    let id: IssueId = issue.parse().map_err(|e: crate::content::BadIssueId| {
        early(StatusCode::NOT_FOUND, issue, &escape_html(&e.to_string()))
    })?;
    Ok((ws, id))
}

async fn part(
    State(preview): State<Preview>,
    UrlPath((issue, part)): UrlPath<(String, String)>,
    Query(query): Query<LangQuery>,
) -> Response {
    let (ws, id) = match open(&preview, &issue) {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let checked = match preview.shown(&ws, &id) {
        Ok(shown) => shown.checked,
        Err(response) => return *response,
    };
    let email = checked
        .rendered
        .email(query.lang().unwrap_or(checked.issue.lang));
    let (html, text) = sample_message(&ws, &id, email, Sample::Record).parts();
    match part.as_str() {
        "email.html" => Html(local_links(&ws, &html)).into_response(),
        "email.txt" => {
            ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
        }
        _ => page(StatusCode::NOT_FOUND, &part, &not_found()),
    }
}

fn not_found() -> String {
    escape_html(&crate::t!("preview-not-found"))
}

/// Points the site's absolute links at the preview server, so images and
/// entry pages open locally before they are published.
fn local_links(ws: &Workspace, html: &str) -> String {
    html.replace(&format!("{}/", ws.config.site.base_url), "/")
}

/// `/2026-q4/<slug>/` is an entry page; `/2026-q4/<file>` a file of the issue.
async fn site_file(State(preview): State<Preview>, uri: axum::http::Uri) -> Response {
    let ws = match preview.workspace() {
        Ok(ws) => ws,
        Err(response) => return *response,
    };
    let path = uri.path().trim_start_matches('/');
    let Some((segment, rest)) = path.split_once('/') else {
        return logo(&ws, path).await;
    };
    let Some(id) = ws
        .issue_ids()
        .unwrap_or_default()
        .into_iter()
        .find(|id| id.url_segment() == segment)
    else {
        return page(StatusCode::NOT_FOUND, path, &not_found());
    };
    if rest.is_empty() {
        return Redirect::to(&format!("/_preview/{id}")).into_response();
    }
    if let Some(slug) = rest.strip_suffix('/') {
        let checked = match preview.shown(&ws, &id) {
            Ok(shown) => shown.checked,
            Err(response) => return *response,
        };
        return match checked
            .rendered
            .pages
            .iter()
            .find(|p| p.slug.as_str() == slug)
        {
            Some(page) => Html(local_links(&ws, &page.html)).into_response(),
            None => self::page(StatusCode::NOT_FOUND, slug, &not_found()),
        };
    }
    let decoded = url::form_urlencoded::parse(format!("p={rest}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    if decoded
        .split('/')
        .any(|part| part == ".." || part.is_empty())
    {
        return page(StatusCode::NOT_FOUND, rest, &not_found());
    }
    // The email's pictures are made, not stored in the issue's folder.
    if decoded.starts_with(&format!("{}/", crate::email_images::EMAIL_FOLDER)) {
        let checked = match preview.shown(&ws, &id) {
            Ok(shown) => shown.checked,
            Err(response) => return *response,
        };
        return match checked
            .rendered
            .images
            .iter()
            .find(|image| image.path == Path::new(&decoded))
        {
            Some(image) => (
                [(header::CONTENT_TYPE, content_type(&image.path))],
                image.bytes.clone(),
            )
                .into_response(),
            None => page(StatusCode::NOT_FOUND, rest, &not_found()),
        };
    }
    let folder = ws.root.join(ws.issue_dir(&id));
    let Some(file) = inside(&folder, &decoded).await else {
        return page(StatusCode::NOT_FOUND, rest, &not_found());
    };
    match tokio::fs::read(&file).await {
        Ok(bytes) => ([(header::CONTENT_TYPE, content_type(&file))], bytes).into_response(),
        Err(_) => page(StatusCode::NOT_FOUND, rest, &not_found()),
    }
}

/// `[site] logo`, which the archive publishes at its root.
async fn logo(ws: &Workspace, path: &str) -> Response {
    let Some(logo) = ws.config.site.logo.as_ref().filter(|logo| {
        logo.file_name()
            .is_some_and(|name| name.to_str() == Some(path))
    }) else {
        return page(StatusCode::NOT_FOUND, path, &not_found());
    };
    let Some(parent) = logo.parent() else {
        return page(StatusCode::NOT_FOUND, path, &not_found());
    };
    let Some(file) = inside(&ws.root.join(parent), path).await else {
        return page(StatusCode::NOT_FOUND, path, &not_found());
    };
    match tokio::fs::read(&file).await {
        Ok(bytes) => ([(header::CONTENT_TYPE, content_type(&file))], bytes).into_response(),
        Err(_) => page(StatusCode::NOT_FOUND, path, &not_found()),
    }
}

/// Issue 11, finding 7: `images/x.png -> /etc/passwd` was served, because
/// the check for `..` looked at the name and not at where it leads. The
/// real location of `relative` (every symlink resolved) must lie in the real
/// location of the issue folder; anything else is as good as missing.
async fn inside(folder: &Path, relative: &str) -> Option<PathBuf> {
    let folder = tokio::fs::canonicalize(folder).await.ok()?;
    let file = tokio::fs::canonicalize(folder.join(relative)).await.ok()?;
    file.starts_with(&folder).then_some(file)
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("svg") => "image/svg+xml",
        Some("pdf") => "application/pdf",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::is_loopback_host;

    #[test]
    fn only_loopback_names_reach_the_preview() {
        for (host, expected) in [
            ("localhost", true),
            ("localhost:8000", true),
            ("LocalHost:8000", true),
            ("127.0.0.1", true),
            ("127.0.0.1:41234", true),
            ("[::1]", true),
            ("[::1]:8000", true),
            ("evil.example", false),
            ("evil.example:8000", false),
            ("localhost.evil.example", false),
            ("127.0.0.1.evil.example", false),
            ("localhost:80:80", false),
            ("localhost::80", false),
            ("127.0.0.2:8000", true),
            ("localhost:", false),
            ("[::1]x", false),
            ("[::2]:8000", false),
            ("::1", false),
            ("", false),
        ] {
            assert_eq!(is_loopback_host(host), expected, "{host}");
        }
    }
}
