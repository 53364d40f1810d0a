//! `rundbrief build`: what the editor's issue turns into.

use crate::util::{TestWorkspace, html_links};

/// Titles and draft flags of an issue's entries, read from the Markdown files.
fn entries(ws: &TestWorkspace, issue: &str) -> Vec<(String, bool)> {
    let mut found = Vec::new();
    for item in std::fs::read_dir(ws.path(&format!("issues/{issue}"))).unwrap() {
        let path = item.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(&path).unwrap();
            let front = text.split("+++").nth(1).unwrap();
            let value: toml::Table = toml::from_str(front).unwrap();
            let title = value["title"].as_str().unwrap().to_string();
            let draft = value
                .get("draft")
                .and_then(toml::Value::as_bool)
                .unwrap_or(false);
            found.push((title, draft));
        }
    }
    assert!(
        found.len() >= 4,
        "the sample issue {issue} has too few entries"
    );
    found
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('\'', "&#39;")
        .replace('"', "&quot;")
}

#[test]
fn the_newest_issue_builds_with_every_entry_in_html_and_text() {
    let ws = TestWorkspace::sample();
    let run = ws.run(&["build"]).expect(0);
    assert!(
        run.stdout.contains("out/2026-Q4/email.html"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("email HTML (de):"), "{}", run.stdout);

    let html = ws.read("out/2026-Q4/email.html");
    let text = ws.read("out/2026-Q4/email.txt");
    let base = "https://www.example.org/rundbrief/2026-q4/";
    for (title, draft) in entries(&ws, "2026-Q4") {
        if draft {
            assert!(!html.contains(&escape(&title)), "draft {title:?} was sent");
            assert!(!text.contains(&title), "draft {title:?} in the text part");
        } else {
            assert!(
                html.contains(&escape(&title)),
                "{title:?} missing from the HTML"
            );
            assert!(text.contains(&title), "{title:?} missing from the text");
        }
    }
    let entry_url = format!("{base}jugendbegegnung-mit-polen-drei-kommunen-drei-wege/");
    assert!(html.contains(&format!("href=\"{entry_url}\"")));
    // Too long for one line of 78: the URL goes on a line of its own.
    assert!(text.contains(&format!("Weiterlesen:\n{entry_url}\n")));
    assert!(
        ws.path("out/2026-Q4/jugendbegegnung-mit-polen-drei-kommunen-drei-wege/index.html")
            .is_file()
    );
    assert!(
        ws.path("out/2026-Q4/images/jugendbegegnung-polen.jpg")
            .is_file()
    );
}

#[test]
fn every_link_in_the_email_is_absolute() {
    let ws = TestWorkspace::sample();
    ws.run(&["build", "2026-Q4"]).expect(0);
    let html = ws.read("out/2026-Q4/email.html");
    let links = html_links(&html);
    assert!(links.len() > 10, "{links:?}");
    for link in links {
        assert!(
            link.starts_with("https://") || link.starts_with("mailto:") || link.starts_with('#'),
            "relative or insecure link in the email: {link}"
        );
    }
    // The entry linked relatively from another entry became its web page.
    let page = ws.read("out/2026-Q4/jugendbegegnung-mit-polen-drei-kommunen-drei-wege/index.html");
    assert!(page.contains("href=\"https://www.example.org/rundbrief/2026-q4/partnerschaft-per-videokonferenz-was-aus-der-pandemie-geblieben-ist/\""));
    assert!(page.contains(
        "src=\"https://www.example.org/rundbrief/2026-q4/images/jugendbegegnung-polen.jpg\""
    ));
}

#[test]
fn dates_and_words_follow_the_language_of_each_edition() {
    let ws = TestWorkspace::sample();
    ws.run(&["build", "2026-Q4"]).expect(0);
    let german = ws.read("out/2026-Q4/email.html");
    assert!(german.contains("25. November 2026"));
    assert!(german.contains("3. Dezember 2026, 15:00 Uhr"));
    assert!(german.contains("Weiterlesen"));
    assert!(german.contains("<html lang=\"de\""));
    let english = ws.read("out/2026-Q4/email.en.html");
    assert!(english.contains("25 November 2026"));
    assert!(english.contains("3 December 2026, 15:00"));
    assert!(english.contains("Read more"));
    assert!(english.contains("Encounters take courage"));
    let english_text = ws.read("out/2026-Q4/email.en.txt");
    assert!(english_text.contains("Read more:\nhttps://"));
}

#[test]
fn the_footer_carries_the_unsubscribe_link_and_the_postal_address() {
    let ws = TestWorkspace::sample();
    ws.run(&["build", "2026-Q4"]).expect(0);
    let unsubscribe = "https://www.example.org/rundbrief/unsubscribe/SAMPLE";
    let html = ws.read("out/2026-Q4/email.html");
    let footer = &html[html.rfind("Abmelden").expect("an unsubscribe link") - 200..];
    assert!(footer.contains(unsubscribe), "{footer}");
    assert!(html.contains("Steinstraße 48"));
    assert!(
        ws.read("out/2026-Q4/email.txt")
            .contains(&format!("Abmelden: {unsubscribe}"))
    );
    let eml = ws.read("out/2026-Q4/email.eml");
    assert!(
        eml.contains(&format!("List-Unsubscribe: <{unsubscribe}>")),
        "{eml}"
    );
    assert!(eml.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    assert!(eml.contains("Content-Type: multipart/alternative"));
    assert!(eml.contains("Message-ID: <rundbrief.2026-q4.sample-de@example.org>"));
}

#[test]
fn the_email_stays_below_gmails_clipping_size() {
    let ws = TestWorkspace::sample();
    ws.run(&["build", "2026-Q4"]).expect(0);
    for file in ["out/2026-Q4/email.html", "out/2026-Q4/email.en.html"] {
        let size = std::fs::metadata(ws.path(file)).unwrap().len();
        assert!(size < 102 * 1024, "{file} is {size} bytes");
        assert!(
            size > 5 * 1024,
            "{file} is suspiciously small: {size} bytes"
        );
    }
}

#[test]
fn the_older_issue_builds_too() {
    let ws = TestWorkspace::sample();
    ws.run(&["build", "2026-Q3"]).expect(0);
    let html = ws.read("out/2026-Q3/email.html");
    assert!(html.contains("27. August 2026"));
    for (title, _) in entries(&ws, "2026-Q3") {
        assert!(html.contains(&escape(&title)), "{title}");
    }
    assert!(
        ws.path("out/2026-Q3/images/tag-der-staedtepartnerschaften.jpg")
            .is_file()
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let ws = TestWorkspace::sample();
    ws.run(&["build", "2026-Q4"]).expect(0);
    let before = ws.read("out/2026-Q4/email.html");
    ws.edit(
        "issues/2026-Q4/albanien-nordmazedonien.md",
        "countries = [\"albanien\", \"nordmazedonien\"]",
        "countries = [\"albania\"]",
    );
    ws.edit(
        "issues/2026-Q4/issue.toml",
        "Begegnung braucht Mut",
        "Geändert",
    );
    let run = ws.run(&["build", "2026-Q4"]).expect(1);
    assert!(run.stderr.contains("unknown-tag"), "{}", run.stderr);
    assert!(run.stderr.contains("out/ is unchanged"), "{}", run.stderr);
    assert_eq!(ws.read("out/2026-Q4/email.html"), before);
    let leftovers: Vec<_> = std::fs::read_dir(ws.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(leftovers, vec!["2026-Q4".to_string()]);
}

#[test]
fn a_rebuild_replaces_the_output_whole() {
    let ws = TestWorkspace::sample();
    ws.run(&["build", "2026-Q4"]).expect(0);
    ws.write("out/2026-Q4/stale.txt", "from an earlier build");
    ws.run(&["build", "2026-Q4"]).expect(0);
    assert!(!ws.path("out/2026-Q4/stale.txt").exists());
    assert!(ws.path("out/2026-Q4/email.html").exists());
}
