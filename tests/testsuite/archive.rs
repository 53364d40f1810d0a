//! `rundbrief archive`: the static site, checked as a reader's browser, a
//! feed reader and a link checker would.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::util::{Daemon, TestWorkspace, html_links};

const BASE: &str = "https://www.example.org/rundbrief/";

/// The file a site URL is served from, if it is inside the site.
fn file_of(public: &Path, url: &str) -> Option<PathBuf> {
    let path = url.strip_prefix(BASE)?;
    let path = path.split(['#', '?']).next().unwrap();
    Some(if path.is_empty() || path.ends_with('/') {
        public.join(path).join("index.html")
    } else {
        public.join(path)
    })
}

fn pages(dir: &Path, found: &mut Vec<PathBuf>) {
    for item in std::fs::read_dir(dir).unwrap() {
        let path = item.unwrap().path();
        if path.is_dir() {
            pages(&path, found);
        } else if path.extension().is_some_and(|e| e == "html") {
            found.push(path);
        }
    }
}

fn archive(ws: &TestWorkspace, args: &[&str]) -> PathBuf {
    let mut all = vec!["archive"];
    all.extend(args);
    let run = ws.run(&all).expect(0);
    assert!(run.stdout.contains("public: 2 issues"), "{}", run.stdout);
    ws.path("public")
}

#[test]
fn every_link_in_the_site_resolves_inside_it_and_every_page_is_well_formed() {
    let ws = TestWorkspace::sample();
    let public = archive(&ws, &[]);
    let mut found = Vec::new();
    pages(&public, &mut found);
    assert!(found.len() >= 20, "{found:?}");
    let mut checked = BTreeSet::new();
    for page in &found {
        let html = std::fs::read_to_string(page).unwrap();
        let parsed = scraper::Html::parse_document(&html);
        assert!(
            parsed.errors.is_empty(),
            "{}: {:?}",
            page.display(),
            parsed.errors
        );
        for link in html_links(&html) {
            if link.starts_with(&format!("{BASE}subscribe?")) {
                continue; // answered by `rundbrief serve`, not the archive
            }
            if let Some(file) = file_of(&public, &link) {
                assert!(
                    file.is_file(),
                    "{} links {link}, which is not in the site",
                    page.display()
                );
                checked.insert(link);
            }
        }
    }
    assert!(
        checked.len() >= 25,
        "too few internal links checked: {checked:?}"
    );
}

#[test]
fn issues_and_entries_have_pretty_urls_and_the_email_links_point_at_them() {
    let ws = TestWorkspace::sample();
    let public = archive(&ws, &[]);
    for issue in ["2026-q3", "2026-q4"] {
        assert!(public.join(issue).join("index.html").is_file());
        assert!(public.join(issue).join("email.eml").is_file());
    }
    assert!(
        public.join("2026-q4/en/index.html").is_file(),
        "the English edition has its web version"
    );
    assert!(
        public
            .join("2026-q4/images/jugendbegegnung-polen.jpg")
            .is_file()
    );
    assert!(public.join("404.html").is_file());

    // What the email links to is exactly what the archive has.
    ws.run(&["build", "2026-Q4"]).expect(0);
    for file in ["out/2026-Q4/email.html", "out/2026-Q4/email.en.html"] {
        let html = ws.read(file);
        let internal: Vec<String> = html_links(&html)
            .into_iter()
            .filter(|l| l.starts_with(BASE))
            .collect();
        assert!(internal.len() >= 5, "{internal:?}");
        for link in internal {
            if link.contains("/unsubscribe/") || link.contains("/preferences/") {
                continue; // answered by `rundbrief serve`, not the archive
            }
            assert!(
                file_of(&public, &link).unwrap().is_file(),
                "{file} links {link}, missing in the archive"
            );
        }
    }
    let english = ws.read("out/2026-Q4/email.en.html");
    assert!(
        english.contains("href=\"https://www.example.org/rundbrief/2026-q4/en/\""),
        "the web version of the English edition"
    );

    let index = std::fs::read_to_string(public.join("index.html")).unwrap();
    let q4 = index.find("Begegnung braucht Mut").unwrap();
    let q3 = index.find("Partnerschaft in Bewegung").unwrap();
    assert!(q4 < q3, "newest first");
    assert!(
        index.contains("Drei Kommunen berichten vom Jugendaustausch mit Polen"),
        "each issue's card shows its preheader"
    );
    assert!(
        index.contains(
            "<img src=\"https://www.example.org/rundbrief/2026-q4/images/jugendbegegnung-polen.jpg\""
        ),
        "and its lead image: {index}"
    );
}

/// The `content` of `<meta property|name="{key}">` in `html`.
fn meta(html: &scraper::Html, key: &str) -> Option<String> {
    let selector =
        scraper::Selector::parse(&format!("meta[property=\"{key}\"], meta[name=\"{key}\"]"))
            .unwrap();
    html.select(&selector)
        .next()
        .and_then(|m| m.value().attr("content"))
        .map(str::to_string)
}

/// The address a page of the site is served at.
fn url_of(public: &Path, page: &Path) -> String {
    let relative = page.strip_prefix(public).unwrap().to_str().unwrap();
    format!("{BASE}{}", relative.trim_end_matches("index.html"))
}

#[test]
fn every_page_previews_when_shared_and_invites_to_subscribe() {
    let ws = TestWorkspace::sample();
    let public = archive(&ws, &[]);
    let mut found = Vec::new();
    pages(&public, &mut found);
    let mut with_image = 0;
    for page in found.iter().filter(|p| !p.ends_with("404.html")) {
        let html = scraper::Html::parse_document(&std::fs::read_to_string(page).unwrap());
        let shown = page.display();
        let url = url_of(&public, page);
        assert_eq!(
            meta(&html, "og:url").as_deref(),
            Some(url.as_str()),
            "{shown}"
        );
        for key in [
            "og:title",
            "og:description",
            "description",
            "og:type",
            "twitter:card",
        ] {
            assert!(
                meta(&html, key).is_some_and(|v| !v.trim().is_empty()),
                "{shown} lacks {key}"
            );
        }
        if let Some(image) = meta(&html, "og:image") {
            // A preview is fetched by another server: the address is absolute
            // and the image is published.
            assert!(
                file_of(&public, &image).unwrap().is_file(),
                "{shown}: {image}"
            );
            assert_eq!(meta(&html, "twitter:card").unwrap(), "summary_large_image");
            with_image += 1;
        }
        let lang = html
            .select(&scraper::Selector::parse("html").unwrap())
            .next()
            .and_then(|h| h.value().attr("lang"))
            .unwrap()
            .to_string();
        let subscribe = html
            .select(&scraper::Selector::parse("nav.site a.subscribe").unwrap())
            .next()
            .unwrap_or_else(|| panic!("{shown} has no subscribe link"));
        assert_eq!(
            subscribe.value().attr("href").unwrap(),
            format!("{BASE}subscribe?lang={lang}"),
            "{shown}: serve's form, in the page's language"
        );
    }
    assert!(
        with_image >= 8,
        "issues and entries with pictures: {with_image}"
    );

    let issue = std::fs::read_to_string(public.join("2026-q4/index.html")).unwrap();
    let issue = scraper::Html::parse_document(&issue);
    assert_eq!(
        meta(&issue, "og:title").unwrap(),
        "Rundbrief 4/2026: Begegnung braucht Mut"
    );
    assert_eq!(
        meta(&issue, "og:description").unwrap(),
        "Drei Kommunen berichten vom Jugendaustausch mit Polen, und wir laden zur Sprechstunde ein."
    );
    assert_eq!(meta(&issue, "og:type").unwrap(), "article");
    assert_eq!(
        meta(&issue, "og:image").unwrap(),
        format!("{BASE}2026-q4/images/jugendbegegnung-polen.jpg")
    );
    let english = std::fs::read_to_string(public.join("2026-q4/en/index.html")).unwrap();
    assert!(
        english.contains(&format!("href=\"{BASE}subscribe?lang=en\"")),
        "the English edition invites to the English form"
    );
}

#[test]
fn each_language_has_its_index_and_one_page_lists_every_country_and_theme() {
    let ws = TestWorkspace::sample();
    let public = archive(&ws, &[]);
    let english = std::fs::read_to_string(public.join("en/index.html")).unwrap();
    assert!(
        english.starts_with("<!doctype html>\n<html lang=\"en\">"),
        "{english}"
    );
    assert!(english.contains("All issues in English"));
    assert!(
        english.contains(&format!("href=\"{BASE}2026-q4/en/\"")),
        "{english}"
    );
    assert!(
        english.contains("Three towns report on youth exchanges with Poland"),
        "the English preheader"
    );
    assert!(
        !english.contains(&format!("href=\"{BASE}2026-q3/\">")),
        "2026-Q3 has no English edition"
    );
    let german = std::fs::read_to_string(public.join("de/index.html")).unwrap();
    assert!(german.contains(&format!("href=\"{BASE}2026-q3/\"")));
    let index = std::fs::read_to_string(public.join("index.html")).unwrap();
    for lang in ["de", "en", "pl"] {
        assert!(
            index.contains(&format!("href=\"{BASE}{lang}/\" hreflang=\"{lang}\"")),
            "the front page links the {lang} index"
        );
    }

    let topics = std::fs::read_to_string(public.join("laender-und-themen/index.html")).unwrap();
    assert!(
        topics.contains(&format!(
            "<a href=\"{BASE}land/polen/\">Polen <span class=\"count\">4</span></a>"
        )),
        "{topics}"
    );
    assert!(topics.contains(&format!("<a href=\"{BASE}thema/jugend/\">Jugend ")));
    assert!(
        index.contains(&format!("href=\"{BASE}laender-und-themen/\"")),
        "every page leads to the overview"
    );
}

/// The pages elasticlunr.js finds for `word`, read from the index as its
/// search walks it: one character after another down the field's tree.
fn found(index: &serde_json::Value, field: &str, word: &str) -> Vec<String> {
    let mut node = &index["index"]["index"][field]["root"];
    for c in word.chars() {
        node = &node[c.to_string()];
    }
    node["docs"]
        .as_object()
        .map(|docs| docs.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn the_search_index_finds_a_word_from_an_entry() {
    let ws = TestWorkspace::sample();
    let public = archive(&ws, &[]);
    let json = std::fs::read_to_string(public.join("suche/index.json")).unwrap();
    let index: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        index["index"]["version"], "0.9.5",
        "the elasticlunr.js vendored"
    );
    assert_eq!(index["index"]["pipeline"], serde_json::json!(["trimmer"]));
    let entry = format!("{BASE}2026-q3/mit-dem-zug-zur-partnerstadt/");
    let body = ws.read("issues/2026-Q3/mit-dem-zug-zur-partnerstadt.md");
    assert!(
        body.contains("nach einer Zumutung."),
        "the word is the entry's"
    );
    assert_eq!(found(&index, "body", "zumutung"), vec![entry.clone()]);
    // The full stop after it is gone; letters beyond ASCII stay.
    assert_eq!(
        found(&index, "title", "städtepartnerschaften"),
        vec![format!(
            "{BASE}2026-q3/tag-der-staedtepartnerschaften-2026-ein-rueckblick/"
        )]
    );
    assert_eq!(
        index["pages"][&entry]["title"], "Mit dem Zug zur Partnerstadt",
        "what a result shows"
    );
    assert!(found(&index, "body", "klima").is_empty(), "no drafts");
    for file in [
        "suche/index.html",
        "suche/suche.js",
        "suche/elasticlunr.min.js",
    ] {
        assert!(public.join(file).is_file(), "{file}");
    }
}

#[test]
fn entry_pages_show_their_issue_tags_and_neighbours() {
    let ws = TestWorkspace::sample();
    let public = archive(&ws, &[]);
    let page = std::fs::read_to_string(
        public.join("2026-q4/jugendbegegnung-mit-polen-drei-kommunen-drei-wege/index.html"),
    )
    .unwrap();
    assert!(page.contains("Katarzyna Nowak"));
    assert!(page.contains("12. November 2026"));
    assert!(
        page.contains("href=\"https://www.example.org/rundbrief/land/polen/\">Polen</a>"),
        "{page}"
    );
    assert!(page.contains("href=\"https://www.example.org/rundbrief/thema/jugend/\">Jugend</a>"));
    assert!(page.contains("Erschienen in <a href=\"https://www.example.org/rundbrief/2026-q4/\">"));
    assert!(
        page.contains("rel=\"prev\""),
        "the last entry of 2026-Q3 comes before"
    );
    assert!(page.contains("rel=\"next\""));
    // The first entry of all has no predecessor.
    let first = std::fs::read_to_string(
        public.join("2026-q3/tag-der-staedtepartnerschaften-2026-ein-rueckblick/index.html"),
    )
    .unwrap();
    assert!(!first.contains("rel=\"prev\""));
}

#[test]
fn tag_pages_list_the_entries_of_every_issue() {
    let ws = TestWorkspace::sample();
    let public = archive(&ws, &[]);
    let polen = std::fs::read_to_string(public.join("land/polen/index.html")).unwrap();
    for title in [
        "Jugendbegegnung mit Polen: drei Kommunen, drei Wege",
        "Mit dem Zug zur Partnerstadt",
        "Tag der Städtepartnerschaften 2026: ein Rückblick",
        "Partnerstwo z perspektywy Opola",
    ] {
        assert!(polen.contains(title), "{title} missing from land/polen");
    }
    assert!(!polen.contains("Twinning after Brexit"));
    assert_eq!(polen.matches("<li lang=").count(), 4, "{polen}");
    // An entry in another language says so to screen readers.
    assert!(polen.contains("<li lang=\"pl\""), "{polen}");
    let jugend = std::fs::read_to_string(public.join("thema/jugend/index.html")).unwrap();
    assert!(jugend.contains("Twinning after Brexit"));
}

#[test]
fn the_feed_is_atom_with_every_published_entry() {
    let ws = TestWorkspace::sample();
    let public = archive(&ws, &[]);
    let file = std::fs::File::open(public.join("feed.xml")).unwrap();
    let feed = atom_syndication::Feed::read_from(std::io::BufReader::new(file))
        .expect("a valid Atom feed");
    assert_eq!(
        feed.title().as_str(),
        "Netzwerkstelle Städtepartnerschaften NRW"
    );
    assert_eq!(feed.entries().len(), 9);
    for entry in feed.entries() {
        let link = entry.links()[0].href();
        assert!(link.starts_with(BASE), "{link}");
        assert!(file_of(&public, link).unwrap().is_file(), "{link}");
        assert_eq!(entry.id(), link);
        assert!(!entry.authors().is_empty());
        assert!(
            entry
                .content()
                .and_then(|c| c.value())
                .is_some_and(|v| v.contains("<p>"))
        );
    }
    assert_eq!(
        feed.entries()[0].title().as_str(),
        "Partnerstwo z perspektywy Opola: czego oczekujemy od przyjaciół w NRW",
        "newest first"
    );
    assert!(
        !feed
            .entries()
            .iter()
            .any(|e| e.title().as_str().contains("Klima")),
        "no drafts"
    );
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://www.example.org/rundbrief/2026-q4/</loc>"));
    assert!(sitemap.contains("<loc>https://www.example.org/rundbrief/land/polen/</loc>"));
}

#[test]
fn drafts_appear_only_when_asked_for() {
    let ws = TestWorkspace::sample();
    let draft = "2026-q4/gemeinsam-fuer-das-klima-eine-partnerschaft-mit-der-tuerkei/index.html";
    let public = archive(&ws, &[]);
    assert!(!public.join(draft).exists());
    assert!(
        !std::fs::read_to_string(public.join("land/tuerkei/index.html"))
            .unwrap()
            .contains("Klima")
    );
    let public = archive(&ws, &["--drafts"]);
    assert!(public.join(draft).is_file());
    ws.edit(
        "issues/2026-Q3/issue.toml",
        "number = 11",
        "number = 11\ndraft = true",
    );
    let run = ws.run(&["archive"]).expect(0);
    assert!(run.stdout.contains("public: 1 issues"), "{}", run.stdout);
    assert!(
        !ws.path("public/2026-q3").exists(),
        "a draft issue is left out"
    );
}

#[test]
fn a_failed_archive_leaves_the_published_site_untouched() {
    let ws = TestWorkspace::sample();
    let public = archive(&ws, &[]);
    let before = std::fs::read_to_string(public.join("index.html")).unwrap();
    ws.edit(
        "issues/2026-Q3/mit-dem-zug-zur-partnerstadt.md",
        "title = \"Mit dem Zug zur Partnerstadt\"",
        "title = \"Neue Kontakte in die USA\"",
    );
    let run = ws.run(&["archive"]).expect(1);
    assert!(run.stderr.contains("duplicate-slug"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the archive was not written, public is unchanged"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(public.join("index.html")).unwrap(),
        before
    );
    let leftovers: Vec<String> = std::fs::read_dir(ws.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

// Regression: the archive templates were missing from the built-in set, so a
// workspace without its own templates/ folder could not build an archive.
#[test]
fn a_workspace_without_templates_uses_the_built_in_ones() {
    let ws = TestWorkspace::sample();
    std::fs::remove_dir_all(ws.path("templates")).unwrap();
    let public = archive(&ws, &[]);
    let feed = std::fs::read_to_string(public.join("feed.xml")).unwrap();
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    ws.run(&["build"]).expect(0);
}

/// Issue 11, finding 7, as it applies to the archive: an image of an entry
/// that is a symlink out of the issue folder (to a file outside the
/// workspace) is not copied into the public site; the archive fails and
/// names it.
#[cfg(unix)]
#[test]
fn an_image_symlinked_out_of_its_issue_folder_is_not_published() {
    let ws = TestWorkspace::sample();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.jpg");
    std::fs::write(&secret, "not for the public").unwrap();
    let image = ws.path("issues/2026-Q4/images/jugendbegegnung-polen.jpg");
    std::fs::remove_file(&image).unwrap();
    std::os::unix::fs::symlink(&secret, &image).unwrap();
    let run = ws.run(&["archive"]).expect(1);
    assert!(
        run.stderr.contains("jugendbegegnung-polen.jpg")
            && run.stderr.contains("leads outside its issue folder"),
        "{}",
        run.stderr
    );
    let copied = ws.path("public/2026-q4/images/jugendbegegnung-polen.jpg");
    assert!(!copied.exists(), "the file outside was published");

    // A symlink that stays inside the issue folder is published as before.
    std::fs::remove_file(&image).unwrap();
    std::fs::copy(&secret, ws.path("issues/2026-Q4/images/real.jpg")).unwrap();
    std::os::unix::fs::symlink("real.jpg", &image).unwrap();
    archive(&ws, &[]);
    assert_eq!(
        std::fs::read_to_string(copied).unwrap(),
        "not for the public"
    );
}

#[test]
fn archive_serve_shows_the_written_site_with_its_links_made_local() {
    let ws = TestWorkspace::sample();
    let served = Daemon::start(&ws, &["archive", "--serve", "--bind", "127.0.0.1:0"]);
    let base = &served.base;
    let index = crate::util::get(&format!("{base}/"));
    assert_eq!(index.status, 200);
    assert_eq!(index.header("content-type"), "text/html; charset=utf-8");
    assert!(index.body.contains("Begegnung braucht Mut"));
    assert!(
        index
            .body
            .contains("<a href=\"/2026-q4/\">Rundbrief 4/2026"),
        "links into the site stay in the local copy: {}",
        index.body
    );
    assert!(!index.body.contains(&format!("href=\"{BASE}2026-q4/")));
    assert!(
        index
            .body
            .contains(&format!("href=\"{BASE}subscribe?lang=de\"")),
        "the form is serve's, and stays where it is"
    );
    let entry = crate::util::get(&format!("{base}/2026-q3/mit-dem-zug-zur-partnerstadt/"));
    assert!(entry.body.contains("Zumutung"));
    let image = crate::util::get(&format!("{base}/2026-q4/images/jugendbegegnung-polen.jpg"));
    assert_eq!(
        (image.status, image.header("content-type")),
        (200, "image/jpeg")
    );
    let search = crate::util::get(&format!("{base}/suche/index.json"));
    assert!(
        search
            .body
            .contains("\"/2026-q3/mit-dem-zug-zur-partnerstadt/\"")
    );
    let missing = crate::util::get(&format!("{base}/2026-q9/"));
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Seite nicht gefunden"));
    for outside in ["/../rundbrief.toml", "/%2e%2e/rundbrief.toml"] {
        let page = crate::util::get(&format!("{base}{outside}"));
        assert_eq!(page.status, 404, "{outside}");
        assert!(!page.body.contains("[site]"), "{outside}");
    }
}
