//! The subscriber pages, the preview and the archive, driven in headless
//! Chromium over WebDriver (Debian's `chromium` and `chromium-driver`): a
//! person fills in the form, presses the confirm and unsubscribe buttons;
//! the email at phone width needs no sideways scrolling and shows its
//! images, in light and in dark mode; the archive's search finds an entry.
//! Screenshots land in `target/screenshots/`.

#[allow(dead_code)]
#[path = "../testsuite/dns_server.rs"]
mod dns_server;
#[allow(dead_code)]
#[path = "../testsuite/smtp.rs"]
mod smtp;
#[allow(dead_code)]
#[path = "../testsuite/util.rs"]
mod util;

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::http::Method;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use smtp::SmtpServer;
use util::{Daemon, TestWorkspace};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// ChromeDriver on a loopback port; killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        let port = free_port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is installed (apt-get install chromium chromium-driver)");
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, url }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn browser(driver: &Driver) -> Client {
    browser_with(driver, None, true).await
}

/// A browser that saves downloads in `downloads` without asking.
async fn browser_saving_to(driver: &Driver, downloads: Option<&std::path::Path>) -> Client {
    browser_with(driver, downloads, true).await
}

async fn browser_with(
    driver: &Driver,
    downloads: Option<&std::path::Path>,
    javascript: bool,
) -> Client {
    let profile = tempfile::tempdir().unwrap().keep();
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                format!("--user-data-dir={}", profile.display()),
            ],
            "prefs": {
                "download.default_directory": downloads.map(|d| d.display().to_string()),
                "download.prompt_for_download": false,
                "profile.managed_default_content_settings.javascript": if javascript { 1 } else { 2 },
            },
        }),
    );
    // ChromeDriver speaks plain HTTP on loopback: no TLS stack needed.
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("a Chromium session")
}

fn screenshots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Waits until the page (after a click, a navigation) shows `needle`.
async fn shows(client: &Client, needle: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let source = client.source().await.unwrap_or_default();
        if source.contains(needle) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the page never showed {needle:?}:\n{source}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_person_subscribes_confirms_and_unsubscribes_in_the_browser() {
    let smtp = SmtpServer::start();
    let port = free_port();
    let public = format!("http://127.0.0.1:{port}");
    let ws = TestWorkspace::with_smtp(smtp.port);
    ws.edit(
        "rundbrief.toml",
        "public_url = \"https://www.example.org/rundbrief\"",
        &format!("public_url = \"{public}\""),
    );
    let _server = Daemon::start(&ws, &["serve", "--bind", &format!("127.0.0.1:{port}")]);
    let driver = Driver::start();
    let client = browser(&driver).await;

    client
        .goto(&format!("{public}/subscribe?lang=de"))
        .await
        .unwrap();
    client
        .find(Locator::Css("#email"))
        .await
        .unwrap()
        .send_keys("erika@example.org")
        .await
        .unwrap();
    client
        .find(Locator::Css("#name"))
        .await
        .unwrap()
        .send_keys("Erika Mustermann")
        .await
        .unwrap();
    client
        .find(Locator::Css("#consent"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The whole form, filled in, for the README.
    client.set_window_size(800, 1500).await.unwrap();
    client
        .execute("window.scrollTo(0, 0);", vec![])
        .await
        .unwrap();
    std::fs::write(
        screenshots().join("subscribe-form.png"),
        client.screenshot().await.unwrap(),
    )
    .unwrap();
    client
        .find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    shows(&client, "Fast geschafft").await;
    std::fs::write(
        screenshots().join("subscribed.png"),
        client.screenshot().await.unwrap(),
    )
    .unwrap();

    let mail = smtp.wait_for(1).remove(0);
    let body = mail.mime().body_text(0).unwrap().to_string();
    let start = body
        .find(&format!("{public}/confirm/"))
        .expect("a confirm link");
    let link: String = body[start..].split_whitespace().next().unwrap().to_string();
    client.goto(&link).await.unwrap();
    shows(&client, "Anmeldung bestätigen").await;
    assert!(
        ws.show("erika@example.org")
            .contains("status:        pending")
    );
    client
        .find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    shows(&client, "Vielen Dank!").await;
    let show = ws.show("erika@example.org");
    assert!(show.contains("status:        confirmed"), "{show}");
    assert!(
        show.contains("Chrome"),
        "the browser's user agent is in the consent log: {show}"
    );

    let unsubscribe = show
        .lines()
        .find_map(|l| l.trim().strip_prefix("unsubscribe:"))
        .unwrap()
        .trim();
    client.goto(unsubscribe).await.unwrap();
    shows(&client, "Rundbrief abbestellen").await;
    client
        .find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    shows(&client, "Sie sind abgemeldet").await;
    assert!(
        ws.show("erika@example.org")
            .contains("status:        unsubscribed")
    );
    client.close().await.unwrap();
}

/// Chromium's DevTools command, over ChromeDriver, that makes the page see
/// `prefers-color-scheme: dark` as a mail app in dark mode does.
#[derive(Debug)]
struct DarkScheme;

impl WebDriverCompatibleCommand for DarkScheme {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (Method, Option<String>) {
        let body = json!({
            "cmd": "Emulation.setEmulatedMedia",
            "params": { "features": [{ "name": "prefers-color-scheme", "value": "dark" }] },
        });
        (Method::POST, Some(body.to_string()))
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_email_fits_a_phone_and_shows_its_images_in_light_and_dark() {
    let ws = TestWorkspace::sample();
    ws.write("assets/logo.png", include_bytes!("../logo.png"));
    ws.edit(
        "rundbrief.toml",
        "[site]\n",
        "[site]\nlogo = \"assets/logo.png\"\n",
    );
    let preview = Daemon::start(&ws, &["preview", "2026-Q4", "--bind", "127.0.0.1:0"]);
    let driver = Driver::start();
    let client = browser(&driver).await;
    // An entry's card: white by day, dark grey by night, its text light.
    for (scheme, card, text) in [
        ("light", "rgb(255, 255, 255)", "rgb(29, 39, 51)"),
        ("dark", "rgb(27, 35, 44)", "rgb(227, 233, 239)"),
    ] {
        if scheme == "dark" {
            client.issue_cmd(DarkScheme).await.unwrap();
            // Chromium repaints a page already shown only after a new load.
            client.refresh().await.unwrap();
        }
        for width in [600u32, 375] {
            client.set_window_size(width, 1200).await.unwrap();
            client
                .goto(&format!("{}/_preview/2026-Q4/email.html", preview.base))
                .await
                .unwrap();
            let measured = client
                .execute(
                    "const card = document.querySelector('.card');
                     const words = card.querySelector('p');
                     return [document.documentElement.scrollWidth, window.innerWidth,
                             Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src),
                             document.images.length,
                             getComputedStyle(card).backgroundColor, getComputedStyle(words).color];",
                    vec![],
                )
                .await
                .unwrap();
            let (scroll, inner) = (measured[0].as_u64().unwrap(), measured[1].as_u64().unwrap());
            assert!(
                scroll <= inner,
                "at {width} px the email scrolls sideways: {scroll} > {inner}"
            );
            assert_eq!(
                measured[2],
                json!([]),
                "images that did not load at {width} px"
            );
            assert!(
                measured[3].as_u64().unwrap() >= 2,
                "the sample issue has a logo and a picture"
            );
            assert_eq!(measured[4], json!(card), "{scheme} card at {width} px");
            assert_eq!(measured[5], json!(text), "{scheme} text at {width} px");
            // The whole email in one picture, to look at before a release.
            let height = client
                .execute(
                    "return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight;",
                    vec![],
                )
                .await
                .unwrap()
                .as_u64()
                .unwrap();
            client
                .set_window_size(width, u32::try_from(height).unwrap())
                .await
                .unwrap();
            // Two frames: the screenshot then shows what the styles say,
            // not tiles painted before the colour scheme changed.
            client
                .execute_async(
                    "const done = arguments[0];
                     requestAnimationFrame(() => requestAnimationFrame(() => done()));",
                    vec![],
                )
                .await
                .unwrap();
            let name = if scheme == "light" {
                format!("email-{width}.png")
            } else {
                format!("email-{width}-dark.png")
            };
            std::fs::write(screenshots().join(name), client.screenshot().await.unwrap()).unwrap();
        }
    }
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reader_changes_language_and_interests_downloads_the_data_and_erases() {
    let smtp = SmtpServer::start();
    let port = free_port();
    let public = format!("http://127.0.0.1:{port}");
    let ws = TestWorkspace::with_smtp(smtp.port);
    ws.edit(
        "rundbrief.toml",
        "public_url = \"https://www.example.org/rundbrief\"",
        &format!("public_url = \"{public}\""),
    );
    ws.import_confirmed("anna@example.org,de\n");
    let _server = Daemon::start(&ws, &["serve", "--bind", &format!("127.0.0.1:{port}")]);
    let show = ws.show("anna@example.org");
    let link = show
        .lines()
        .find_map(|l| l.trim().strip_prefix("preferences:"))
        .unwrap()
        .trim()
        .to_string();
    let downloads = tempfile::tempdir().unwrap();
    let driver = Driver::start();
    let client = browser_saving_to(&driver, Some(downloads.path())).await;

    client.goto(&link).await.unwrap();
    shows(&client, "Ihre Einstellungen").await;
    client
        .find(Locator::Css("#lang option[value=en]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    for interest in ["polen", "jugend"] {
        client
            .find(Locator::Css(&format!("label[for=interest-{interest}]")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }
    client
        .find(Locator::Css("#preferences button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    shows(&client, "Your preferences are saved.").await;
    std::fs::write(
        screenshots().join("preferences.png"),
        client.screenshot().await.unwrap(),
    )
    .unwrap();
    let show = ws.show("anna@example.org");
    assert!(show.contains("language:      en"), "{show}");
    assert!(show.contains("interests:     jugend, polen"), "{show}");
    assert!(
        show.contains("preferences-changed") && show.contains("Chrome"),
        "logged with the browser that did it: {show}"
    );

    client
        .find(Locator::Css("#download"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let saved = downloads.path().join("rundbrief-data.json");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !saved.is_file() {
        assert!(Instant::now() < deadline, "the download never arrived");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    assert_eq!(data["email"], "anna@example.org");
    assert_eq!(data["language"], "en");
    assert_eq!(data["interests"], json!(["jugend", "polen"]));

    client
        .find(Locator::Css("button.secondary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    shows(&client, "Really erase all your data?").await;
    assert!(
        ws.show("anna@example.org")
            .contains("status:        confirmed")
    );
    client
        .find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    shows(&client, "Your data is erased").await;
    let gone = ws.run(&["subscribers", "show", "anna@example.org"]);
    assert_ne!(gone.code, 0, "{}", gone.stdout);
    client.close().await.unwrap();
}

/// The width at which the page scrolls sideways, if it does, and the
/// images that did not load.
async fn overflow_and_broken_images(client: &Client) -> (bool, serde_json::Value) {
    // Pictures below the fold load lazily: fetched now, and waited for.
    client
        .execute(
            "document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager');",
            vec![],
        )
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        let loaded = client
            .execute(
                "return Array.from(document.images).every(i => i.complete);",
                vec![],
            )
            .await
            .unwrap();
        if loaded.as_bool() == Some(true) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let measured = client
        .execute(
            "return [document.documentElement.scrollWidth > window.innerWidth,
                     Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)];",
            vec![],
        )
        .await
        .unwrap();
    (measured[0].as_bool().unwrap(), measured[1].clone())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_archive_reads_well_and_its_search_finds_an_entry() {
    let ws = TestWorkspace::sample();
    let site = Daemon::start(&ws, &["archive", "--serve", "--bind", "127.0.0.1:0"]);
    let driver = Driver::start();
    let client = browser(&driver).await;
    let pages = [
        ("archive-index", "/", "Begegnung braucht Mut"),
        ("archive-issue", "/2026-q4/", "drei Kommunen, drei Wege"),
        (
            "archive-entry",
            "/2026-q4/jugendbegegnung-mit-polen-drei-kommunen-drei-wege/",
            "Katarzyna Nowak",
        ),
        (
            "archive-topics",
            "/laender-und-themen/",
            "Länder und Themen",
        ),
        ("archive-en", "/en/", "All issues in English"),
        (
            "archive-events",
            "/termine/",
            "Tag der Städtepartnerschaften 2027",
        ),
    ];
    for width in [1000u32, 375] {
        client.set_window_size(width, 1400).await.unwrap();
        for (name, path, needle) in pages {
            client.goto(&format!("{}{path}", site.base)).await.unwrap();
            shows(&client, needle).await;
            let (scrolls, broken) = overflow_and_broken_images(&client).await;
            assert!(!scrolls, "{path} scrolls sideways at {width} px");
            assert_eq!(broken, json!([]), "{path}: images that did not load");
            // The script shows the search box, hidden for a browser without it.
            let hidden = client
                .execute(
                    "return document.querySelector('nav.site form.search').hidden;",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(hidden, json!(false), "{path}");
            std::fs::write(
                screenshots().join(format!("{name}-{width}.png")),
                client.screenshot().await.unwrap(),
            )
            .unwrap();
        }
    }

    client.set_window_size(1000, 1000).await.unwrap();
    client.goto(&format!("{}/", site.base)).await.unwrap();
    let input = client.find(Locator::Css("#site-search")).await.unwrap();
    input.send_keys("Zumutung").await.unwrap();
    client
        .find(Locator::Css("nav.site form.search button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    shows(&client, "Treffer: 1").await;
    let found = client
        .find(Locator::Css("#search-results a"))
        .await
        .unwrap();
    assert_eq!(found.text().await.unwrap(), "Mit dem Zug zur Partnerstadt");
    assert_eq!(
        found.attr("href").await.unwrap().as_deref(),
        Some("/2026-q3/mit-dem-zug-zur-partnerstadt/")
    );
    std::fs::write(
        screenshots().join("archive-search.png"),
        client.screenshot().await.unwrap(),
    )
    .unwrap();
    // A word's beginning finds it, in any letters.
    client
        .goto(&format!("{}/suche/?q=st%C3%A4dtepartner", site.base))
        .await
        .unwrap();
    shows(&client, "Tag der Städtepartnerschaften 2026").await;
    client
        .goto(&format!("{}/suche/?q=xylophon", site.base))
        .await
        .unwrap();
    shows(&client, "Nichts gefunden.").await;
    client.close().await.unwrap();

    // Without JavaScript the pages read the same; the search box, which
    // could do nothing, is not shown, and the search page says where else
    // to look.
    let client = browser_with(&driver, None, false).await;
    client.goto(&format!("{}/", site.base)).await.unwrap();
    shows(&client, "Begegnung braucht Mut").await;
    let search_box = client.find(Locator::Css("#site-search")).await.unwrap();
    assert!(!search_box.is_displayed().await.unwrap());
    assert!(
        client
            .find(Locator::Css("nav.site a.subscribe"))
            .await
            .unwrap()
            .is_displayed()
            .await
            .unwrap()
    );
    client
        .goto(&format!("{}/suche/?q=Zumutung", site.base))
        .await
        .unwrap();
    let body = client
        .find(Locator::Css("main"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains("Die Suche braucht JavaScript"), "{body}");
    assert!(!body.contains("Mit dem Zug zur Partnerstadt"), "{body}");
    client.close().await.unwrap();
}
