//! Languages as data: the sample workspace speaks Polish through its own
//! catalog (`locales/pl/reader.ftl`) and a Polish edition of 2026-Q4, with no
//! Polish anywhere in the code; a made-up fourth language is added with files
//! only; a broken or missing catalog is an error that names the file.

use crate::smtp::SmtpServer;
use crate::subscribers::confirm_link;
use crate::util::{Daemon, TestWorkspace, get, post};

const PUBLIC: &str = "https://www.example.org/rundbrief";

#[test]
fn build_writes_the_polish_edition_in_polish() {
    let ws = TestWorkspace::sample();
    ws.run(&["build", "2026-Q4"]).expect(0);
    let html = ws.read("out/2026-Q4/email.pl.html");
    let text = ws.read("out/2026-Q4/email.pl.txt");
    let eml = ws.read("out/2026-Q4/email.pl.eml");
    for expected in ["Czytaj dalej", "25 listopada 2026", "Terminy", "Wypisz się"] {
        assert!(html.contains(expected), "{expected} missing from the HTML");
    }
    assert!(
        html.contains("<html lang=\"pl\""),
        "the email says its language"
    );
    // The editorial, and the Polish entry among the German ones.
    assert!(text.contains("rok dobiega końca"), "{text}");
    assert!(text.contains("Partnerstwo z perspektywy Opola"), "{text}");
    // Dates of events in Polish, with the month in the genitive.
    assert!(text.contains("3 grudnia 2026, godz. 15:00"), "{text}");
    // The greeting of the sample recipient comes from the catalog too.
    assert!(text.contains("Dzień dobry, Jan Kowalski,"), "{text}");
    let subject = eml
        .lines()
        .find(|line| line.starts_with("Subject:"))
        .unwrap();
    // Encoded, since it is not ASCII; no isolation marks (U+2068/9) anywhere.
    assert!(subject.contains("=?utf-8?"), "{subject}");
    for file in [&html, &text, &eml] {
        assert!(!file.contains('\u{2068}') && !file.contains('\u{2069}'));
    }
    // German and English editions are untouched by the third language.
    assert!(ws.read("out/2026-Q4/email.html").contains("Weiterlesen"));
    assert!(ws.read("out/2026-Q4/email.en.html").contains("Read more"));
}

#[test]
fn the_archive_has_the_polish_edition() {
    let ws = TestWorkspace::sample();
    ws.run(&["archive"]).expect(0);
    let page = ws.read("public/2026-q4/pl/index.html");
    assert!(page.contains("<html lang=\"pl\""), "{page}");
    assert!(page.contains("Biuletyn 4/2026: Spotkanie wymaga odwagi"));
    assert!(page.contains("Czytaj dalej"));
    // The German edition links to it under its own name.
    let german = ws.read("public/2026-q4/index.html");
    assert!(german.contains("/2026-q4/pl/"), "{german}");
    assert!(german.contains("Polski"), "{german}");
}

#[test]
fn a_polish_reader_gets_the_polish_edition_and_polish_confirmation_mail() {
    let smtp = SmtpServer::start();
    let ws = TestWorkspace::with_smtp(smtp.port);
    ws.edit("rundbrief.toml", "rate = \"10/s\"", "rate = \"unlimited\"");
    ws.run(&[
        "subscribers",
        "add",
        "agnieszka@example.org",
        "--name",
        "Agnieszka",
        "--lang",
        "pl",
    ])
    .expect(0);
    let confirmation = smtp.wait_for(1).remove(0);
    assert_eq!(
        confirmation.decoded_header("Subject").unwrap(),
        "Potwierdź subskrypcję: Netzwerkstelle Städtepartnerschaften NRW"
    );
    let body = confirmation.text();
    // Issue 11: the name waits for the confirmation; the greeting is plain.
    assert!(body.contains("Dzień dobry,"), "{body}");
    assert!(!body.contains("Agnieszka"), "{body}");
    assert!(body.contains("link wygaśnie po 7 dniach"), "{body}");
    assert!(
        body.contains("przez zespół „Netzwerkstelle Städtepartnerschaften NRW”"),
        "{body}"
    );

    ws.write(
        "liste.csv",
        "email,language\nanna@example.org,de\njan@example.org,pl\n",
    );
    ws.run(&[
        "subscribers",
        "import",
        "liste.csv",
        "--consent",
        "Formular 2025",
    ])
    .expect(0);
    ws.run(&["send", "2026-Q4", "--yes"]).expect(0);
    let polish = smtp.to("jan@example.org");
    assert_eq!(polish.len(), 1);
    assert_eq!(
        polish[0].decoded_header("Subject").unwrap(),
        "Biuletyn 4/2026: wymiana młodzieży z Polską, Albania w centrum uwagi"
    );
    assert!(polish[0].text().contains("Czytaj dalej"));
    let german = smtp.to("anna@example.org");
    assert!(german[0].text().contains("Weiterlesen"));
}

#[test]
fn serve_answers_polish_visitors_in_polish() {
    let smtp = SmtpServer::start();
    let ws = TestWorkspace::with_smtp(smtp.port);
    let server = Daemon::start(&ws, &["serve", "--bind", "127.0.0.1:0"]);
    let url = |path: &str| format!("{}{path}", server.base);
    let form = get(&url("/subscribe?lang=pl"));
    assert_eq!(form.status, 200);
    assert!(form.body.contains("Zamów biuletyn"), "{}", form.body);
    assert!(form.body.contains("Tak, chcę otrzymywać biuletyn"));
    assert!(
        form.body.contains("Polski"),
        "the language choice names Polish"
    );

    let done = post(
        &url("/subscribe"),
        &[
            ("email", "ola@example.org"),
            ("name", ""),
            ("lang", "pl"),
            ("consent", "yes"),
            ("website", ""),
        ],
    );
    assert!(done.body.contains("Prawie gotowe"), "{}", done.body);
    let mail = smtp.wait_for(1).remove(0);
    // The mail says how the sign-up came: through the form, on this host.
    assert!(
        mail.text()
            .contains("przez formularz zapisu na www.example.org"),
        "{}",
        mail.text()
    );
    let link = confirm_link(&mail.text()).replace(PUBLIC, &server.base);
    let confirm = get(&link);
    assert!(
        confirm.body.contains("Potwierdź subskrypcję"),
        "{}",
        confirm.body
    );
    let confirmed = crate::util::Page::post_empty(&link);
    assert!(confirmed.body.contains("Dziękujemy!"), "{}", confirmed.body);
    // A browser that prefers Polish gets Polish without asking.
    let page = crate::util::Page::from(
        crate::util::http()
            .get(&url("/subscribe"))
            .header("Accept-Language", "pl-PL,pl;q=0.9,en;q=0.5")
            .call()
            .unwrap(),
    );
    assert!(page.body.contains("Zamów biuletyn"), "{}", page.body);

    // Her unsubscribe page, and the page after it, speak Polish too.
    let show = ws.show("ola@example.org");
    let unsubscribe = show
        .split_whitespace()
        .find(|word| word.starts_with(&format!("{PUBLIC}/unsubscribe/")))
        .unwrap_or_else(|| panic!("no unsubscribe link in {show}"))
        .replace(PUBLIC, &server.base);
    let page = get(&unsubscribe);
    assert!(
        page.body.contains("Wypisz się z biuletynu"),
        "{}",
        page.body
    );
    let done = crate::util::Page::post_empty(&unsubscribe);
    assert!(done.body.contains("Wypisano Cię"), "{}", done.body);
}

/// The English catalog copied to `qx` (a language no code knows), a few
/// messages changed, and an edition in it: the email speaks it.
#[test]
fn a_fourth_language_is_added_with_files_only() {
    let ws = TestWorkspace::sample();
    let english = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/en/reader.ftl"),
    )
    .unwrap();
    let made_up = english
        .replace("read-more = Read more", "read-more = Qx lire plus")
        .replace("events = Upcoming dates", "events = Qx dates")
        .replace("unsubscribe = Unsubscribe", "unsubscribe = Qx leave")
        .replace("format-date = %-d %B %Y", "format-date = %Y/%m/%d");
    ws.write("locales/qx/reader.ftl", made_up);
    ws.edit(
        "rundbrief.toml",
        "languages = [\"de\", \"en\", \"pl\"]",
        "languages = [\"de\", \"en\", \"pl\", \"qx\"]",
    );
    let issue = ws.read("issues/2026-Q4/issue.toml");
    ws.write(
        "issues/2026-Q4/issue.toml",
        format!(
            "{issue}\n[editions.qx]\nsubject = \"Qx 4/2026\"\npreheader = \"Qx preheader\"\neditorial = '''\nQx editorial.\n'''\n"
        ),
    );
    ws.run(&["build", "2026-Q4"]).expect(0);
    let html = ws.read("out/2026-Q4/email.qx.html");
    assert!(html.contains("Qx lire plus"), "the changed message");
    assert!(html.contains("Qx dates"));
    assert!(html.contains("Qx leave"));
    assert!(
        html.contains("2026/11/25"),
        "the language's own date format"
    );
    assert!(html.contains("Qx editorial."));
    assert!(
        html.contains("View in your browser"),
        "unchanged messages stay"
    );
}

#[test]
fn a_language_without_a_catalog_says_which_file_to_add() {
    let ws = TestWorkspace::sample();
    ws.edit(
        "rundbrief.toml",
        "languages = [\"de\", \"en\", \"pl\"]",
        "languages = [\"de\", \"en\", \"pl\", \"hu\"]",
    );
    let run = ws.run(&["build"]).expect(1);
    assert!(
        run.stderr
            .contains("the language \"hu\" has no catalog; add locales/hu/reader.ftl"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_catalog_with_a_syntax_error_names_file_and_line() {
    let ws = TestWorkspace::sample();
    let catalog = ws.read("locales/pl/reader.ftl");
    let broken = catalog.replacen("read-more = Czytaj dalej", "read-more = { Czytaj dalej", 1);
    ws.write("locales/pl/reader.ftl", &broken);
    let line = broken
        .lines()
        .position(|l| l.starts_with("read-more"))
        .unwrap()
        + 1;
    let run = ws.run(&["build"]).expect(1);
    assert!(
        run.stderr
            .contains(&format!("locales/pl/reader.ftl:{line}: ")),
        "{}",
        run.stderr
    );
    let de = ws
        .run_with_env(&["build"], &[("RUNDBRIEF_LANG", "de")])
        .expect(1);
    assert!(
        de.stderr.contains("der Katalog ist nicht lesbar"),
        "{}",
        de.stderr
    );
}

#[test]
fn check_names_the_messages_a_catalog_lacks() {
    let ws = TestWorkspace::sample();
    let catalog = ws.read("locales/pl/reader.ftl");
    let shorter: String = catalog
        .lines()
        .filter(|line| !line.starts_with("read-more =") && !line.starts_with("feed ="))
        .map(|line| format!("{line}\n"))
        .collect();
    ws.write("locales/pl/reader.ftl", shorter);
    let run = ws.run(&["check", "2026-Q4"]).expect(0);
    assert!(
        run.stderr.contains(
            "locales/pl/reader.ftl: warning[missing-translation]: the catalog of \"pl\" lacks 2 messages, shown in English until translated: feed, read-more"
        ),
        "{}",
        run.stderr
    );
    // Until then the Polish email says it in English.
    ws.run(&["build", "2026-Q4"]).expect(0);
    assert!(ws.read("out/2026-Q4/email.pl.html").contains("Read more"));
    let german = ws.run_with_env(&["check", "2026-Q4"], &[("RUNDBRIEF_LANG", "de")]);
    assert!(
        german
            .stderr
            .contains("dem Katalog von „pl“ fehlen 2 Meldungen"),
        "{}",
        german.stderr
    );
}
