//! The email's looks and accessibility as a reader's mail app and screen
//! reader meet them: one h1, named buttons, the preheader, dark mode, the
//! picture's width, the text part's lines; and `[site] logo` and
//! `accent_color` in the email, the archive and `serve`'s pages.

use crate::util::{Daemon, TestWorkspace, get, post};

const ENTRIES: &[&str] = &[
    "Jugendbegegnung mit Polen: drei Kommunen, drei Wege",
    "Albanien und Nordmazedonien: erste Anknüpfungspunkte",
    "Twinning after Brexit: what our British partners told us",
];

fn built() -> TestWorkspace {
    let ws = TestWorkspace::sample();
    ws.run(&["build", "2026-Q4"]).expect(0);
    ws
}

fn branded(accent: &str) -> TestWorkspace {
    let ws = TestWorkspace::sample();
    ws.write("assets/logo.png", include_bytes!("../logo.png"));
    ws.edit(
        "rundbrief.toml",
        "[site]\n",
        &format!("[site]\nlogo = \"assets/logo.png\"\naccent_color = \"{accent}\"\n"),
    );
    ws
}

#[test]
fn the_email_has_exactly_one_h1_the_issues_title() {
    let ws = built();
    for (file, title) in [
        (
            "out/2026-Q4/email.html",
            "Rundbrief 4/2026: Begegnung braucht Mut",
        ),
        ("out/2026-Q4/email.en.html", "Encounters take courage"),
    ] {
        let html = ws.read(file);
        assert_eq!(html.matches("<h1").count(), 1, "{file}");
        let h1 = &html[html.find("<h1").unwrap()..];
        let h1 = &h1[..h1.find("</h1>").unwrap()];
        assert!(h1.contains(title), "{file}: {h1}");
    }
}

#[test]
fn a_markdown_heading_steps_down_under_the_title() {
    let ws = TestWorkspace::sample();
    ws.edit(
        "issues/2026-Q4/issue.toml",
        "editorial = '''\n",
        "editorial = '''\n# Vorweg\n\n",
    );
    ws.run(&["build", "2026-Q4"]).expect(0);
    let html = ws.read("out/2026-Q4/email.html");
    assert_eq!(html.matches("<h1").count(), 1);
    assert!(html.contains("<h2>Vorweg</h2>"), "{html}");
}

#[test]
fn each_read_more_button_names_its_entry() {
    let ws = built();
    let html = ws.read("out/2026-Q4/email.html");
    for title in ENTRIES {
        assert!(
            html.contains(&format!("aria-label=\"Weiterlesen: {title}\"")),
            "{title}"
        );
    }
    let english = ws.read("out/2026-Q4/email.en.html");
    assert!(english.contains(&format!("aria-label=\"Read more: {}\"", ENTRIES[2])));
}

#[test]
fn an_entrys_picture_is_as_wide_as_the_column_less_its_padding() {
    // mrml 6.0.1 writes width="600" here; the reference compiler 552.
    let ws = built();
    let html = ws.read("out/2026-Q4/email.html");
    // The whole <img> tag, whatever the order of its attributes.
    let at = html.find("images/jugendbegegnung-polen.jpg").unwrap();
    let start = html[..at].rfind("<img").unwrap();
    let img = &html[start..];
    let img = &img[..img.find('>').unwrap()];
    assert!(img.contains("width=\"552\""), "{img}");
}

#[test]
fn the_preheader_is_hidden_without_a_white_font_and_padded() {
    let ws = built();
    let html = ws.read("out/2026-Q4/email.html");
    let at = html.find("display:none").expect("a hidden preheader");
    let div = &html[html[..at].rfind("<div").unwrap()..];
    let div = &div[..div.find("</div>").unwrap()];
    let style = &div[..div.find('>').unwrap()];
    assert!(!style.contains("color"), "{style}");
    assert!(
        div.matches("&zwnj;").count() >= 50,
        "filler after the preheader: {div}"
    );
    assert!(!html.contains("color:#ffffff;line-height:1px"));
}

#[test]
fn the_email_declares_both_colour_schemes_and_styles_the_dark_one() {
    let html = built().read("out/2026-Q4/email.html");
    assert!(html.contains("<meta name=\"color-scheme\" content=\"light dark\""));
    assert!(html.contains("<meta name=\"supported-color-schemes\" content=\"light dark\""));
    assert!(html.contains("@media (prefers-color-scheme: dark)"));
}

#[test]
fn links_and_tables_carry_their_styles_inline() {
    let ws = built();
    let html = ws.read("out/2026-Q4/email.html");
    let body = &html[html.find("<body").unwrap()..];
    let bare_links: Vec<&str> = body
        .match_indices("<a ")
        .map(|(at, _)| &body[at..=at + body[at..].find('>').unwrap()])
        // A picture's link shows no text to colour.
        .filter(|tag| !body[body.find(tag).unwrap() + tag.len()..].starts_with("<img"))
        .filter(|tag| !tag.contains("style="))
        .collect();
    assert_eq!(bare_links, Vec::<&str>::new());
}

#[test]
fn the_text_part_keeps_to_78_columns_and_delimits_its_signature() {
    let ws = built();
    for file in [
        "out/2026-Q4/email.txt",
        "out/2026-Q4/email.en.txt",
        "out/2026-Q4/email.pl.txt",
    ] {
        let text = ws.read(file);
        let long: Vec<&str> = text
            .lines()
            .filter(|l| l.chars().count() > 78 && l.trim().contains(' '))
            .collect();
        assert_eq!(long, Vec::<&str>::new(), "{file}");
        assert_eq!(text.matches("\n-- \n").count(), 1, "{file}");
        let signature = &text[text.find("\n-- \n").unwrap()..];
        assert!(signature.contains("Steinstraße 48"), "{file}");
    }
}

#[test]
fn logo_and_accent_shape_the_email_the_archive_and_serves_pages() {
    let ws = branded("#7a1f5c");
    ws.run(&["build", "2026-Q4"]).expect(0);
    let html = ws.read("out/2026-Q4/email.html");
    assert!(
        html.contains("src=\"https://www.example.org/rundbrief/logo.png\""),
        "{html}"
    );
    assert!(html.contains("background-color:#7a1f5c"));
    assert!(!html.contains("#1f4e79"));
    ws.run(&["archive"]).expect(0);
    assert_eq!(
        std::fs::read(ws.path("public/logo.png")).unwrap(),
        include_bytes!("../logo.png")
    );
    let index = ws.read("public/index.html");
    assert!(index.contains("header { background: #7a1f5c;"), "{index}");
    assert!(index.contains("<img src=\"https://www.example.org/rundbrief/logo.png\""));
}

#[test]
fn an_accent_white_text_cannot_be_read_on_is_an_error() {
    let ws = branded("#f5c400");
    let run = ws.run(&["check", "2026-Q4"]);
    assert_ne!(run.code, 0, "{}", run.stdout);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains("low-contrast"), "{all}");
    assert!(all.contains("#f5c400"), "{all}");
}

#[test]
fn serves_pages_take_the_looks_and_mark_the_field_in_error() {
    let ws = branded("#7a1f5c");
    let server = Daemon::start(&ws, &["serve", "--bind", "127.0.0.1:0"]);
    let url = |path: &str| format!("{}{path}", server.base);
    assert!(
        get(&url("/style.css"))
            .body
            .contains("header { background: #7a1f5c;")
    );
    let form = get(&url("/subscribe?lang=de")).body;
    assert!(
        form.contains("<img src=\"https://www.example.org/rundbrief/logo.png\""),
        "{form}"
    );
    assert!(!form.contains("aria-invalid"), "{form}");
    for (email, consent, invalid) in [
        ("keine-adresse", "yes", "id=\"email\""),
        ("erika@example.org", "", "id=\"consent\""),
    ] {
        let page = post(
            &url("/subscribe"),
            &[
                ("email", email),
                ("name", ""),
                ("lang", "de"),
                ("consent", consent),
                ("website", ""),
            ],
        );
        assert_eq!(page.status, 422, "{}", page.body);
        assert_eq!(page.body.matches("aria-invalid=\"true\"").count(), 1);
        let field = &page.body[page.body.find(invalid).unwrap()..];
        let field = &field[..field.find('>').unwrap()];
        assert!(
            field.contains("aria-invalid=\"true\" aria-describedby=\"form-error\""),
            "{field}"
        );
        assert!(page.body.contains("id=\"form-error\""));
    }
}

#[test]
fn passages_in_another_language_carry_it() {
    let ws = built();
    let english = ws.read("out/2026-Q4/email.en.html");
    // The events are written in the issue's German.
    assert!(english.contains(
        "<span lang=\"de\"><a href=\"https://www.example.org/netzwerkstelle/sprechstunde\""
    ));
    // The Polish entry, in the German edition's table of contents.
    let german = ws.read("out/2026-Q4/email.html");
    assert!(
        german.contains("style=\"color:#1f5a96;\" lang=\"pl\">Partnerstwo z perspektywy Opola")
    );
    assert!(!german.contains("<span lang=\"de\">"));
}

#[test]
fn the_confirmation_mail_takes_the_accent_and_the_same_preheader() {
    let smtp = crate::smtp::SmtpServer::start();
    let ws = TestWorkspace::with_smtp(smtp.port);
    ws.edit(
        "rundbrief.toml",
        "[site]\n",
        "[site]\naccent_color = \"#7a1f5c\"\n",
    );
    ws.run(&["subscribers", "add", "anna@example.org"])
        .expect(0);
    let mail = &smtp.to("anna@example.org")[0];
    let html = mail.mime().body_html(0).unwrap().to_string();
    assert!(html.contains("background-color:#7a1f5c"), "{html}");
    assert!(
        !html.contains("#1f4e79") && !html.contains("#1f5a96"),
        "{html}"
    );
    assert!(!html.contains("color:#ffffff;line-height:1px"), "{html}");
    assert!(html.contains("&zwnj;"), "{html}");
}

#[test]
fn a_logo_that_leads_outside_the_workspace_is_not_published() {
    let ws = branded("#1f4e79");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.png"), "not for the web").unwrap();
    std::fs::remove_file(ws.path("assets/logo.png")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.png"),
        ws.path("assets/logo.png"),
    )
    .unwrap();
    let run = ws.run(&["archive"]);
    assert_ne!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stderr.contains("leads outside the workspace"),
        "{}",
        run.stderr
    );
    assert!(!ws.path("public/logo.png").exists());
}
