//! The templates: the workspace's `templates/` folder first, the built-in set
//! (the repository's own `templates/`, compiled in) for every file it lacks,
//! so a workspace overrides only what it wants to change.

use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment};

use crate::check::{Diagnostic, Kind};
use crate::i18n::{Lang, ui};

/// The built-in templates, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    ("email.mjml", include_str!("../../templates/email.mjml")),
    ("email.txt", include_str!("../../templates/email.txt")),
    (
        "partials/entry.mjml",
        include_str!("../../templates/partials/entry.mjml"),
    ),
    (
        "partials/events.mjml",
        include_str!("../../templates/partials/events.mjml"),
    ),
    ("page.html", include_str!("../../templates/page.html")),
    ("entry.html", include_str!("../../templates/entry.html")),
    (
        "confirm.de.mjml",
        include_str!("../../templates/confirm.de.mjml"),
    ),
    (
        "confirm.en.mjml",
        include_str!("../../templates/confirm.en.mjml"),
    ),
    (
        "confirm.de.txt",
        include_str!("../../templates/confirm.de.txt"),
    ),
    (
        "confirm.en.txt",
        include_str!("../../templates/confirm.en.txt"),
    ),
    (
        "web/frame.html",
        include_str!("../../templates/web/frame.html"),
    ),
    (
        "web/subscribe.html",
        include_str!("../../templates/web/subscribe.html"),
    ),
    (
        "web/message.html",
        include_str!("../../templates/web/message.html"),
    ),
    (
        "web/confirm.html",
        include_str!("../../templates/web/confirm.html"),
    ),
    (
        "web/unsubscribe.html",
        include_str!("../../templates/web/unsubscribe.html"),
    ),
    (
        "web/style.css",
        include_str!("../../templates/web/style.css"),
    ),
    (
        "archive/index.html",
        include_str!("../../templates/archive/index.html"),
    ),
    (
        "archive/issue.html",
        include_str!("../../templates/archive/issue.html"),
    ),
    (
        "archive/tag.html",
        include_str!("../../templates/archive/tag.html"),
    ),
    (
        "archive/404.html",
        include_str!("../../templates/archive/404.html"),
    ),
    (
        "archive/feed.xml",
        include_str!("../../templates/archive/feed.xml"),
    ),
    (
        "archive/sitemap.xml",
        include_str!("../../templates/archive/sitemap.xml"),
    ),
];

pub fn builtin(name: &str) -> Option<&'static str> {
    BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// A template environment reading from `dir` (absolute) with the built-ins behind it.
pub fn environment(dir: &Path) -> Environment<'static> {
    let mut env = Environment::new();
    let dir = dir.to_path_buf();
    env.set_loader(move |name| {
        if name.split('/').any(|part| part == ".." || part.is_empty()) {
            return Ok(None);
        }
        match std::fs::read_to_string(dir.join(name)) {
            Ok(text) => Ok(Some(text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Ok(builtin(name).map(str::to_string))
            }
            Err(e) => Err(minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                format!("cannot read template {name}: {e}"),
            )),
        }
    });
    // minijinja's HTML escaping also writes `/` as `&#x2f;`, which makes every
    // URL in an email unreadable to link checkers and to the preview's
    // rewriting; escaping the five HTML-significant characters is enough.
    env.set_formatter(
        |out, state, value| match (state.auto_escape(), value.as_str()) {
            (AutoEscape::Html, Some(text)) if !value.is_safe() => out
                .write_str(&crate::render::escape_html(text))
                .map_err(|_| minijinja::Error::from(minijinja::ErrorKind::WriteFailure)),
            _ => minijinja::escape_formatter(out, state, value),
        },
    );
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".mjml") || name.ends_with(".html") || name.ends_with(".xml") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env
}

/// Renders template `name` with `context`, or a diagnostic naming the template and line.
pub fn render(
    env: &Environment<'_>,
    templates: &Path,
    name: &str,
    context: impl serde::Serialize,
) -> Result<String, Diagnostic> {
    env.get_template(name)
        .and_then(|template| {
            template.render(minijinja::Value::from(minijinja::value::Serde(context)))
        })
        .map_err(|e| template_error(templates, name, &e))
}

fn template_error(templates: &Path, name: &str, e: &minijinja::Error) -> Diagnostic {
    let file: PathBuf = templates.join(e.name().unwrap_or(name));
    let hint = match (e.kind(), ui()) {
        (minijinja::ErrorKind::TemplateNotFound, Lang::De) => {
            " — die Vorlage fehlt; legen Sie sie an oder entfernen Sie den Verweis darauf"
        }
        (minijinja::ErrorKind::TemplateNotFound, Lang::En) => {
            " — the template is missing; create it or remove the reference to it"
        }
        (_, Lang::De) => " — prüfen Sie die Vorlage",
        (_, Lang::En) => " — check the template",
    };
    let mut message = e.to_string();
    if let Some(detail) = e.detail()
        && !message.contains(detail)
    {
        message = format!("{message} ({detail})");
    }
    Diagnostic::error(Kind::Template, &file, e.line(), format!("{message}{hint}"))
}
