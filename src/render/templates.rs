//! The templates: the workspace's `templates/` folder first, the built-in set
//! (the repository's own `templates/`, compiled in) for every file it lacks,
//! so a workspace overrides only what it wants to change.

use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment};

use crate::diagnostic::{Diagnostic, Kind};
use crate::locale::{Catalog, FluentArgs, FluentValue};
use std::sync::Arc;

/// The built-in templates, by name.
pub(crate) const BUILTIN: &[(&str, &str)] = &[
    ("email.mjml", include_str!("../../templates/email.mjml")),
    ("email.txt", include_str!("../../templates/email.txt")),
    ("mailing.mjml", include_str!("../../templates/mailing.mjml")),
    ("mailing.txt", include_str!("../../templates/mailing.txt")),
    (
        "partials/entry.mjml",
        include_str!("../../templates/partials/entry.mjml"),
    ),
    (
        "partials/events.mjml",
        include_str!("../../templates/partials/events.mjml"),
    ),
    (
        "partials/preheader.mjml",
        include_str!("../../templates/partials/preheader.mjml"),
    ),
    (
        "archive/topics.html",
        include_str!("../../templates/archive/topics.html"),
    ),
    (
        "archive/search.html",
        include_str!("../../templates/archive/search.html"),
    ),
    ("page.html", include_str!("../../templates/page.html")),
    ("entry.html", include_str!("../../templates/entry.html")),
    ("confirm.mjml", include_str!("../../templates/confirm.mjml")),
    ("confirm.txt", include_str!("../../templates/confirm.txt")),
    ("notice.mjml", include_str!("../../templates/notice.mjml")),
    ("notice.txt", include_str!("../../templates/notice.txt")),
    (
        "web/signup_form.html",
        include_str!("../../templates/web/signup_form.html"),
    ),
    (
        "web/embed.html",
        include_str!("../../templates/web/embed.html"),
    ),
    (
        "web/interests.html",
        include_str!("../../templates/web/interests.html"),
    ),
    (
        "web/preferences.html",
        include_str!("../../templates/web/preferences.html"),
    ),
    (
        "web/erase.html",
        include_str!("../../templates/web/erase.html"),
    ),
    (
        "web/new_address.html",
        include_str!("../../templates/web/new_address.html"),
    ),
    (
        "web/ask_link.html",
        include_str!("../../templates/web/ask_link.html"),
    ),
    ("welcome.mjml", include_str!("../../templates/welcome.mjml")),
    ("welcome.txt", include_str!("../../templates/welcome.txt")),
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
        "archive/mailing.html",
        include_str!("../../templates/archive/mailing.html"),
    ),
    (
        "archive/tag.html",
        include_str!("../../templates/archive/tag.html"),
    ),
    (
        "archive/events.html",
        include_str!("../../templates/archive/events.html"),
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

pub(crate) fn builtin(name: &str) -> Option<&'static str> {
    BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// A template environment reading from `dir` (absolute) with the built-ins behind it.
pub(crate) fn environment(dir: &Path) -> Environment<'static> {
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
                crate::t!("template-unreadable", name = name, problem = e.to_string()),
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
        let extension = std::path::Path::new(name).extension();
        if extension.is_some_and(|e| {
            ["mjml", "html", "xml"]
                .iter()
                .any(|x| e.eq_ignore_ascii_case(x))
        }) {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.add_filter("email_html", |html: &str, demote: Option<usize>| {
        minijinja::Value::from_safe_string(super::email_html(html, demote.unwrap_or(0)))
    });
    env
}

/// The catalog of a template's language, callable as `tr`:
/// `{{ tr("confirm-mail-ignore", days=expiry_days) }}`. Plain words are
/// also in `t` (`{{ t.read_more }}`); `tr` is for messages with arguments.
#[derive(Debug)]
pub(crate) struct Translator(pub Arc<Catalog>);

impl Translator {
    pub(crate) fn value(catalog: Arc<Catalog>) -> minijinja::Value {
        minijinja::Value::from_object(Translator(catalog))
    }
}

impl minijinja::value::Object for Translator {
    fn call(
        self: &Arc<Self>,
        _state: &mut minijinja::State<'_, '_>,
        args: &[minijinja::Value],
    ) -> Result<minijinja::Value, minijinja::Error> {
        let (id, kwargs): (&str, minijinja::value::Kwargs) = minijinja::value::from_args(args)?;
        let mut fluent = FluentArgs::new();
        for key in kwargs.args() {
            let value: minijinja::Value = kwargs.get(key)?;
            let value = match (value.as_i64(), value.as_str()) {
                (Some(number), _) => FluentValue::from(number),
                (None, Some(text)) => FluentValue::from(text.to_string()),
                (None, None) => FluentValue::from(value.to_string()),
            };
            fluent.set(key.to_string(), value);
        }
        if !self.0.has(id) {
            return Err(minijinja::Error::new(
                minijinja::ErrorKind::UndefinedError,
                crate::t!(
                    "template-no-message",
                    id = id,
                    lang = self.0.lang().to_string()
                ),
            ));
        }
        Ok(minijinja::Value::from(self.0.format(id, &fluent)))
    }
}

/// Renders template `name` with `context`, or a diagnostic naming the template and line.
pub(crate) fn render(
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
    let mut problem = e.to_string();
    if let Some(detail) = e.detail()
        && !problem.contains(detail)
    {
        problem = format!("{problem} ({detail})");
    }
    let message = if e.kind() == minijinja::ErrorKind::TemplateNotFound {
        crate::t!("template-missing", problem = problem)
    } else {
        crate::t!("template-invalid", problem = problem)
    };
    Diagnostic::error(Kind::Template, &file, e.line(), message)
}
