//! Fluent catalogs: the built-in ones compiled in, a workspace's read from
//! `locales/<code>/*.ftl`, stacked so that every language falls back to
//! English message by message, and a workspace may override any built-in
//! message.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use fluent_syntax::ast;

use super::format::Conventions;
use super::{Lang, args};

/// The readers' catalogs every workspace has, by language.
const READER: &[(&str, &str, &str)] = &[
    (
        "de",
        "locales/de/reader.ftl",
        include_str!("../../locales/de/reader.ftl"),
    ),
    (
        "en",
        "locales/en/reader.ftl",
        include_str!("../../locales/en/reader.ftl"),
    ),
];

/// The staff's interface: what the command line, `check` and the preview say.
const INTERFACE: &[(&str, &str, &str)] = &[
    (
        "de",
        "src/locale/interface/de/general.ftl",
        include_str!("interface/de/general.ftl"),
    ),
    (
        "de",
        "src/locale/interface/de/looks.ftl",
        include_str!("interface/de/looks.ftl"),
    ),
    (
        "de",
        "src/locale/interface/de/cmd.ftl",
        include_str!("interface/de/cmd.ftl"),
    ),
    (
        "de",
        "src/locale/interface/de/editor.ftl",
        include_str!("interface/de/editor.ftl"),
    ),
    (
        "de",
        "src/locale/interface/de/images.ftl",
        include_str!("interface/de/images.ftl"),
    ),
    (
        "de",
        "src/locale/interface/de/subscribers.ftl",
        include_str!("interface/de/subscribers.ftl"),
    ),
    (
        "de",
        "src/locale/interface/de/returns.ftl",
        include_str!("interface/de/returns.ftl"),
    ),
    (
        "de",
        "src/locale/interface/de/site.ftl",
        include_str!("interface/de/site.ftl"),
    ),
    (
        "de",
        "src/locale/interface/de/dns.ftl",
        include_str!("interface/de/dns.ftl"),
    ),
    (
        "de",
        "src/locale/interface/de/inbox.ftl",
        include_str!("interface/de/inbox.ftl"),
    ),
    (
        "de",
        "src/locale/interface/de/schedules.ftl",
        include_str!("interface/de/schedules.ftl"),
    ),
    (
        "en",
        "src/locale/interface/en/general.ftl",
        include_str!("interface/en/general.ftl"),
    ),
    (
        "en",
        "src/locale/interface/en/looks.ftl",
        include_str!("interface/en/looks.ftl"),
    ),
    (
        "en",
        "src/locale/interface/en/cmd.ftl",
        include_str!("interface/en/cmd.ftl"),
    ),
    (
        "en",
        "src/locale/interface/en/editor.ftl",
        include_str!("interface/en/editor.ftl"),
    ),
    (
        "en",
        "src/locale/interface/en/images.ftl",
        include_str!("interface/en/images.ftl"),
    ),
    (
        "en",
        "src/locale/interface/en/subscribers.ftl",
        include_str!("interface/en/subscribers.ftl"),
    ),
    (
        "en",
        "src/locale/interface/en/returns.ftl",
        include_str!("interface/en/returns.ftl"),
    ),
    (
        "en",
        "src/locale/interface/en/site.ftl",
        include_str!("interface/en/site.ftl"),
    ),
    (
        "en",
        "src/locale/interface/en/dns.ftl",
        include_str!("interface/en/dns.ftl"),
    ),
    (
        "en",
        "src/locale/interface/en/inbox.ftl",
        include_str!("interface/en/inbox.ftl"),
    ),
    (
        "en",
        "src/locale/interface/en/schedules.ftl",
        include_str!("interface/en/schedules.ftl"),
    ),
];

/// Whether the staff's interface speaks `lang`.
pub(super) fn has_interface(lang: Lang) -> bool {
    INTERFACE.iter().any(|(code, ..)| *code == lang.code())
}

/// A catalog that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("{}", super::ui().format("catalog-syntax", &args([
        ("file", file.display().to_string()),
        ("line", line.to_string()),
        ("problem", message.clone()),
    ])))]
    Syntax {
        file: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{}", super::ui().format("catalog-missing", &args([
        ("lang", lang.to_string()),
        ("file", file.display().to_string()),
    ])))]
    Missing { lang: Lang, file: PathBuf },
    #[error("{}: {source}", .file.display())]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
}

/// The messages a language's catalog lacks; English stands in for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingKeys {
    pub lang: Lang,
    /// Where the catalog is, or should be, relative to the workspace root.
    pub file: PathBuf,
    pub keys: Vec<String>,
}

/// One language's messages, with English behind every missing one.
pub struct Catalog {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
    /// The messages that take no arguments, as templates see them
    /// (`read-more` as `t.read_more`).
    words: BTreeMap<String, String>,
    pub(super) conventions: Conventions,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Catalog({})", self.lang)
    }
}

/// One `.ftl` text and where it came from.
struct Source {
    file: PathBuf,
    text: String,
}

fn builtin(table: &[(&str, &str, &str)], lang: Lang) -> Vec<Source> {
    table
        .iter()
        .filter(|(code, ..)| *code == lang.code())
        .map(|(_, file, text)| Source {
            file: PathBuf::from(file),
            text: (*text).to_string(),
        })
        .collect()
}

fn parse(source: &Source) -> Result<FluentResource, CatalogError> {
    FluentResource::try_new(source.text.clone()).map_err(|(_, errors)| {
        let first = &errors[0];
        let line = source.text[..first.pos.start.min(source.text.len())]
            .matches('\n')
            .count()
            + 1;
        CatalogError::Syntax {
            file: source.file.clone(),
            line,
            message: first.kind.to_string(),
        }
    })
}

fn message_ids(resource: &FluentResource) -> impl Iterator<Item = &str> {
    resource.entries().filter_map(|entry| match entry {
        ast::Entry::Message(message) => Some(message.id.name),
        _ => None,
    })
}

impl Catalog {
    /// Stacks `layers` (English first) into one catalog for `lang`.
    /// `own`: the messages `lang`'s own catalogs define (all, for English).
    fn build(lang: Lang, layers: Vec<FluentResource>, own: &BTreeSet<String>) -> Catalog {
        let langid = lang
            .code()
            .parse()
            .unwrap_or_else(|_| unic_langid::LanguageIdentifier::default());
        let mut bundle = FluentBundle::new_concurrent(vec![langid]);
        // Isolation marks would end up in mail headers and plain text.
        bundle.set_use_isolating(false);
        let mut ids = BTreeSet::new();
        for resource in layers {
            ids.extend(message_ids(&resource).map(str::to_string));
            bundle.add_resource_overriding(resource);
        }
        let mut words = BTreeMap::new();
        for id in &ids {
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, None, &mut errors);
                if errors.is_empty() {
                    words.insert(id.replace('-', "_"), text.into_owned());
                }
            }
        }
        let mut catalog = Catalog {
            lang,
            bundle,
            words,
            conventions: Conventions::default(),
        };
        catalog.conventions = Conventions::of(&catalog, own);
        catalog
    }

    /// The staff's interface in `lang` (German or English), from the built-ins.
    pub(super) fn interface(lang: Lang) -> Catalog {
        let mut sources = builtin(READER, Lang::EN);
        sources.extend(builtin(INTERFACE, Lang::EN));
        let english = sources.len();
        if lang != Lang::EN {
            sources.extend(builtin(READER, lang));
            sources.extend(builtin(INTERFACE, lang));
        }
        let layers: Vec<FluentResource> = sources
            .iter()
            .map(|source| parse(source).expect("the built-in catalogs parse"))
            .collect();
        let own_layers = if lang == Lang::EN {
            &layers[..]
        } else {
            &layers[english..]
        };
        let own = own_layers
            .iter()
            .flat_map(message_ids)
            .map(str::to_string)
            .collect();
        Catalog::build(lang, layers, &own)
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// A message without arguments; its id when no catalog has it.
    pub fn text(&self, id: &str) -> String {
        self.format_with(id, None)
    }

    /// A message with arguments; its id when no catalog has it.
    pub fn format(&self, id: &str, args: &FluentArgs<'_>) -> String {
        self.format_with(id, Some(args))
    }

    fn format_with(&self, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned()
    }

    /// Every message without arguments, keyed as templates use them.
    pub fn words(&self) -> &BTreeMap<String, String> {
        &self.words
    }
}

/// The catalogs of a workspace's languages.
#[derive(Debug, Clone)]
pub struct Locales {
    catalogs: BTreeMap<Lang, Arc<Catalog>>,
    missing: Vec<MissingKeys>,
}

/// The folder a workspace keeps its catalogs in.
pub(super) const LOCALES_DIR: &str = "locales";

fn workspace_sources(root: &Path, lang: Lang) -> Result<Vec<Source>, CatalogError> {
    let dir = Path::new(LOCALES_DIR).join(lang.code());
    let mut files: Vec<PathBuf> = match std::fs::read_dir(root.join(&dir)) {
        Ok(read) => read
            .filter_map(Result::ok)
            .map(|item| item.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "ftl"))
            .filter_map(|path| path.file_name().map(|name| dir.join(name)))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(source) => return Err(CatalogError::Read { file: dir, source }),
    };
    files.sort();
    files
        .into_iter()
        .map(|file| match std::fs::read_to_string(root.join(&file)) {
            Ok(text) => Ok(Source {
                file,
                text: text.trim_start_matches('\u{feff}').to_string(),
            }),
            Err(source) => Err(CatalogError::Read { file, source }),
        })
        .collect()
}

impl Locales {
    /// The built-in catalogs of `languages`, with nothing from a workspace.
    pub fn builtin(languages: &[Lang]) -> Locales {
        Locales::load_from(None, languages).expect("the built-in catalogs parse")
    }

    /// The catalogs of `languages` for the workspace at `root`: the built-in
    /// ones, then `locales/<code>/*.ftl`, English behind every language.
    pub fn load(root: &Path, languages: &[Lang]) -> Result<Locales, CatalogError> {
        Locales::load_from(Some(root), languages)
    }

    fn load_from(root: Option<&Path>, languages: &[Lang]) -> Result<Locales, CatalogError> {
        let sources_of = |lang: Lang| -> Result<(Vec<Source>, Vec<Source>), CatalogError> {
            let own = match root {
                Some(root) => workspace_sources(root, lang)?,
                None => Vec::new(),
            };
            Ok((builtin(READER, lang), own))
        };
        let (english_builtin, english_own) = sources_of(Lang::EN)?;
        let english: Vec<FluentResource> = english_builtin
            .iter()
            .chain(&english_own)
            .map(parse)
            .collect::<Result<_, _>>()?;
        let english_ids: BTreeSet<String> = english
            .iter()
            .flat_map(|r| message_ids(r).map(str::to_string).collect::<Vec<_>>())
            .collect();
        let mut catalogs = BTreeMap::new();
        let mut missing = Vec::new();
        for &lang in languages {
            let mut layers: Vec<FluentResource> = english_builtin
                .iter()
                .chain(&english_own)
                .map(parse)
                .collect::<Result<_, _>>()?;
            if lang == Lang::EN {
                catalogs.insert(lang, Arc::new(Catalog::build(lang, layers, &english_ids)));
            } else {
                let (builtin, own) = sources_of(lang)?;
                let file = Path::new(LOCALES_DIR).join(lang.code()).join("reader.ftl");
                if builtin.is_empty() && own.is_empty() {
                    return Err(CatalogError::Missing { lang, file });
                }
                let resources: Vec<FluentResource> = builtin
                    .iter()
                    .chain(&own)
                    .map(parse)
                    .collect::<Result<_, _>>()?;
                let defined: BTreeSet<String> = resources
                    .iter()
                    .flat_map(message_ids)
                    .map(str::to_string)
                    .collect();
                let lacking: Vec<String> = english_ids.difference(&defined).cloned().collect();
                if !lacking.is_empty() {
                    let file = own.first().map_or(file, |source| source.file.clone());
                    missing.push(MissingKeys {
                        lang,
                        file,
                        keys: lacking,
                    });
                }
                layers.extend(resources);
                catalogs.insert(lang, Arc::new(Catalog::build(lang, layers, &defined)));
            }
        }
        Ok(Locales { catalogs, missing })
    }

    /// The catalog of `lang`; the first language's for one the workspace
    /// does not speak.
    pub fn get(&self, lang: Lang) -> &Catalog {
        self.catalogs
            .get(&lang)
            .or_else(|| self.catalogs.values().next())
            .expect("a workspace has at least one language")
    }

    /// The catalog of `lang`, shared.
    pub fn shared(&self, lang: Lang) -> Arc<Catalog> {
        self.catalogs
            .get(&lang)
            .or_else(|| self.catalogs.values().next())
            .cloned()
            .expect("a workspace has at least one language")
    }

    /// What each language's catalog lacks (English stands in for it).
    pub fn missing_keys(&self) -> &[MissingKeys] {
        &self.missing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(table: &[(&str, &str, &str)], code: &str) -> BTreeSet<String> {
        table
            .iter()
            .filter(|(c, ..)| *c == code)
            .flat_map(|(_, file, text)| {
                let source = Source {
                    file: PathBuf::from(file),
                    text: text.to_string(),
                };
                let resource = parse(&source).unwrap();
                message_ids(&resource)
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn german_and_english_catalogs_have_the_same_messages() {
        for table in [READER, INTERFACE] {
            let (de, en) = (ids(table, "de"), ids(table, "en"));
            let only_de: Vec<_> = de.difference(&en).collect();
            let only_en: Vec<_> = en.difference(&de).collect();
            assert!(
                only_de.is_empty() && only_en.is_empty(),
                "only German: {only_de:?}; only English: {only_en:?}"
            );
        }
    }

    #[test]
    fn every_message_the_code_asks_for_exists() {
        let interface = Catalog::interface(Lang::EN);
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut unknown = Vec::new();
        for file in rust_files(&src) {
            let text = std::fs::read_to_string(&file).unwrap();
            for (at, _) in text.match_indices("t!(\"") {
                let before = text[..at].chars().next_back().unwrap_or(' ');
                if before.is_alphanumeric() || before == '_' {
                    continue;
                }
                let rest = &text[at + 4..];
                let id = &rest[..rest.find('"').unwrap()];
                if !interface.has(id) {
                    unknown.push(format!("{}: {id}", file.display()));
                }
            }
        }
        assert!(
            unknown.is_empty(),
            "messages missing from the catalogs: {unknown:#?}"
        );
    }

    fn rust_files(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for item in std::fs::read_dir(dir).unwrap() {
            let path = item.unwrap().path();
            if path.is_dir() {
                out.extend(rust_files(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
        out
    }

    #[test]
    fn the_interface_speaks_german_or_english_in_its_own_conventions() {
        let (de, en) = (Catalog::interface(Lang::DE), Catalog::interface(Lang::EN));
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(de.date(day), "25. November 2026");
        assert_eq!(de.decimal(9.5), "9,5");
        assert_eq!(en.decimal(9.5), "9.5");
        assert!(
            de.format("error-unknown-lang", &args([("code", "x")]))
                .contains("kein Sprachcode")
        );
        assert!(
            en.format("error-unknown-lang", &args([("code", "x")]))
                .contains("not a language code")
        );
        assert!(!de.has("no-such-message") && de.has("catalog-syntax"));
        assert_eq!(de.text("no-such-message"), "no-such-message");
        assert_eq!(format!("{de:?}"), "Catalog(de)");
    }

    #[test]
    fn only_german_and_english_have_an_interface() {
        assert!(has_interface(Lang::DE) && has_interface(Lang::EN));
        assert!(!has_interface("pl".parse().unwrap()));
    }

    #[test]
    fn an_unreadable_catalog_folder_is_an_error_not_a_missing_language() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("locales")).unwrap();
        // A file where the folder should be: read_dir fails, not with NotFound.
        std::fs::write(dir.path().join("locales/pl"), "").unwrap();
        let err = Locales::load(dir.path(), &["pl".parse().unwrap()]).unwrap_err();
        assert!(matches!(err, CatalogError::Read { .. }), "{err:?}");
    }

    #[test]
    fn a_language_without_a_catalog_names_the_file_to_add() {
        let dir = tempfile::tempdir().unwrap();
        let err = Locales::load(dir.path(), &["pl".parse().unwrap()]).unwrap_err();
        assert!(
            matches!(&err, CatalogError::Missing { file, .. } if file == Path::new("locales/pl/reader.ftl")),
            "{err:?}"
        );
    }

    #[test]
    fn a_workspace_catalog_adds_a_language_and_english_fills_its_gaps() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("locales/pl")).unwrap();
        std::fs::write(
            dir.path().join("locales/pl/reader.ftl"),
            "read-more = Czytaj dalej\nformat-locale = pl_PL\n",
        )
        .unwrap();
        let pl: Lang = "pl".parse().unwrap();
        let locales = Locales::load(dir.path(), &[Lang::DE, pl]).unwrap();
        let polish = locales.get(pl);
        assert_eq!(polish.text("read-more"), "Czytaj dalej");
        assert_eq!(polish.text("unsubscribe"), "Unsubscribe");
        assert_eq!(polish.words()["read_more"], "Czytaj dalej");
        let missing = locales.missing_keys();
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].lang, pl);
        assert!(missing[0].keys.contains(&"unsubscribe".to_string()));
        assert!(!missing[0].keys.contains(&"read-more".to_string()));
        assert_eq!(missing[0].file, Path::new("locales/pl/reader.ftl"));
    }

    #[test]
    fn a_syntax_error_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("locales/pl")).unwrap();
        std::fs::write(
            dir.path().join("locales/pl/reader.ftl"),
            "read-more = Czytaj dalej\n\nunsubscribe = { $\n",
        )
        .unwrap();
        let err = Locales::load(dir.path(), &["pl".parse().unwrap()]).unwrap_err();
        match err {
            CatalogError::Syntax { file, line, .. } => {
                assert_eq!(file, Path::new("locales/pl/reader.ftl"));
                assert_eq!(line, 3);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_workspace_overrides_a_single_builtin_message() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("locales/de")).unwrap();
        std::fs::write(
            dir.path().join("locales/de/eigene.ftl"),
            "greeting-all = Guten Tag,\n",
        )
        .unwrap();
        let locales = Locales::load(dir.path(), &[Lang::DE]).unwrap();
        assert_eq!(locales.get(Lang::DE).text("greeting-all"), "Guten Tag,");
        assert_eq!(locales.get(Lang::DE).text("read-more"), "Weiterlesen");
        assert!(locales.missing_keys().is_empty());
    }

    #[test]
    fn plurals_follow_the_language() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("locales/pl")).unwrap();
        std::fs::write(
            dir.path().join("locales/pl/reader.ftl"),
            "days = { $n ->\n  [one] { $n } dzień\n  [few] { $n } dni\n *[many] { $n } dni!\n}\n",
        )
        .unwrap();
        let pl: Lang = "pl".parse().unwrap();
        let locales = Locales::load(dir.path(), &[pl]).unwrap();
        let say = |n: i64| locales.get(pl).format("days", &args([("n", n)]));
        assert_eq!(say(1), "1 dzień");
        assert_eq!(say(3), "3 dni");
        assert_eq!(say(5), "5 dni!");
    }
}
