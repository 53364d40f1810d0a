//! `rundbrief serve`: the real server on a loopback port, asked with a real
//! HTTP client, mailing through a real SMTP server.

use crate::smtp::SmtpServer;
use crate::subscribers::confirm_link;
use crate::util::{Daemon, TestWorkspace, get, http, post};

const PUBLIC: &str = "https://www.example.org/rundbrief";

struct Site {
    smtp: SmtpServer,
    ws: TestWorkspace,
    server: Daemon,
}

impl Site {
    /// A workspace with `extra` appended to its configuration, served.
    fn start(extra: &str) -> Site {
        let smtp = SmtpServer::start();
        let ws = TestWorkspace::with_smtp(smtp.port);
        ws.configure(extra);
        let server = Daemon::start(&ws, &["serve", "--bind", "127.0.0.1:0"]);
        Site { smtp, ws, server }
    }

    /// A public link, pointed at the test server.
    fn local(&self, link: &str) -> String {
        link.replace(PUBLIC, &self.server.base)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base)
    }

    fn subscribe(&self, email: &str, lang: &str) -> crate::util::Page {
        post(
            &self.url("/subscribe"),
            &[
                ("email", email),
                ("name", ""),
                ("lang", lang),
                ("consent", "yes"),
                ("website", ""),
            ],
        )
    }

    /// The confirm link of the confirmation mail to `email`, on the test server.
    fn confirm_link(&self, email: &str) -> String {
        self.smtp.wait_for(1);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            if let Some(mail) = self.smtp.to(email).first() {
                return self.local(&confirm_link(&mail.text()));
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no confirmation mail to {email}"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

#[test]
fn subscribe_confirm_by_button_and_the_consent_log_holds_both_steps() {
    let site = Site::start("");
    let form = get(&site.url("/subscribe?lang=en"));
    assert_eq!(form.status, 200);
    assert!(
        form.body.contains("Subscribe to the newsletter"),
        "{}",
        form.body
    );
    assert!(
        form.body.contains("name=\"website\""),
        "the honeypot field is there"
    );
    assert!(
        form.body.contains("I can unsubscribe at any time"),
        "the consent text is shown"
    );

    let answer = site.subscribe("Erika@Example.org", "de");
    assert_eq!(answer.status, 200);
    assert!(answer.body.contains("Fast geschafft"), "{}", answer.body);
    let link = site.confirm_link("erika@example.org");

    // A mail scanner fetching the link confirms nobody.
    let page = get(&link);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Anmeldung bestätigen"), "{}", page.body);
    assert!(page.body.contains("Erika@Example.org"));
    assert!(
        site.ws
            .show("erika@example.org")
            .contains("status:        pending")
    );

    let done = Page::post_empty(&link);
    assert_eq!(done.status, 200);
    assert!(done.body.contains("Vielen Dank!"), "{}", done.body);
    let show = site.ws.show("erika@example.org");
    assert!(show.contains("status:        confirmed"), "{show}");
    let requested = show.lines().find(|l| l.contains("requested")).unwrap();
    assert!(
        requested.contains("form") && requested.contains("IP 127.0.0.1"),
        "{show}"
    );
    assert!(requested.contains("consent text 1"), "{show}");
    let confirmed = show.lines().find(|l| l.contains(" confirmed ")).unwrap();
    assert!(
        confirmed.contains("link") && confirmed.contains("IP 127.0.0.1"),
        "{show}"
    );
    assert!(
        confirmed.contains("\"ureq/"),
        "the user agent is logged: {show}"
    );

    // Following the link again is harmless.
    assert!(Page::post_empty(&link).body.contains("Vielen Dank!"));
    assert_eq!(site.smtp.received().len(), 1);
}

#[test]
fn the_answer_is_the_same_whoever_is_already_subscribed() {
    let site = Site::start("");
    let new = site.subscribe("neu@example.org", "de");
    let link = site.confirm_link("neu@example.org");
    let pending = site.subscribe("neu@example.org", "de");
    Page::post_empty(&link);
    let confirmed = site.subscribe("neu@example.org", "de");
    assert_eq!(new.status, 200);
    assert_eq!(new.body, pending.body);
    assert_eq!(new.body, confirmed.body);
    assert_eq!(
        site.smtp.received().len(),
        1,
        "no second mail within the cooldown or once confirmed"
    );
}

#[test]
fn the_form_refuses_bad_input_and_ignores_bots() {
    let site = Site::start("");
    let bad = site.subscribe("kein-at-zeichen", "de");
    assert_eq!(bad.status, 422);
    assert!(
        bad.body
            .contains("Bitte geben Sie eine gültige E-Mail-Adresse an.")
    );
    assert!(
        bad.body.contains("value=\"kein-at-zeichen\""),
        "the form keeps what was typed"
    );

    let no_consent = post(
        &site.url("/subscribe"),
        &[("email", "a@example.org"), ("lang", "en")],
    );
    assert_eq!(no_consent.status, 422);
    assert!(
        no_consent.body.contains("Please agree"),
        "{}",
        no_consent.body
    );

    let long_name = "x".repeat(300);
    let too_long = post(
        &site.url("/subscribe"),
        &[
            ("email", "a@example.org"),
            ("name", &long_name),
            ("consent", "yes"),
        ],
    );
    assert_eq!(too_long.status, 422);

    let bot = post(
        &site.url("/subscribe"),
        &[
            ("email", "bot@example.org"),
            ("consent", "yes"),
            ("website", "https://spam.example"),
        ],
    );
    assert_eq!(bot.status, 200, "a bot sees what a person sees");
    let huge = "a".repeat(64 * 1024);
    let flood = post(&site.url("/subscribe"), &[("email", &huge)]);
    assert_eq!(flood.status, 413);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(site.smtp.received().is_empty());
    let stats = site.ws.run(&["subscribers", "stats"]).expect(0).stdout;
    assert!(stats.contains("total                0"), "{stats}");
}

#[test]
fn forged_expired_and_malformed_tokens_get_a_friendly_page() {
    let site = Site::start("[subscribers]\nconfirm_expiry_days = 0\n");
    site.subscribe("spaet@example.org", "en");
    let link = site.confirm_link("spaet@example.org");
    let expired = get(&link);
    assert_eq!(expired.status, 410);
    assert!(
        expired.body.contains("This link has expired"),
        "{}",
        expired.body
    );
    assert_eq!(Page::post_empty(&link).status, 410);
    assert!(site.ws.show("spaet@example.org").contains("pending"));

    let token = link.rsplit('/').next().unwrap();
    let mut forged = token.to_string();
    let last = if forged.ends_with('0') { "1" } else { "0" };
    forged.replace_range(47..48, last);
    let forged_page = Page::post_empty(&site.url(&format!("/confirm/{forged}")));
    assert_eq!(forged_page.status, 404);
    assert!(
        forged_page.body.contains("Dieser Link ist nicht gültig"),
        "{}",
        forged_page.body
    );
    assert_eq!(get(&site.url("/confirm/../../etc/passwd")).status, 404);
    assert_eq!(get(&site.url("/unsubscribe/zzz")).status, 404);
    assert_eq!(
        get(&site.url(&format!("/unsubscribe/{token}"))).status,
        404,
        "a confirm token does not unsubscribe"
    );
}

#[test]
fn one_click_unsubscribe_from_the_mail_client_is_idempotent() {
    let site = Site::start("");
    site.ws
        .write("liste.csv", "email,language\nleser@example.org,en\n");
    site.ws
        .run(&[
            "subscribers",
            "import",
            "liste.csv",
            "--consent",
            "Formular 2025",
        ])
        .expect(0);
    let show = site.ws.show("leser@example.org");
    let link = show
        .lines()
        .find_map(|l| l.trim().strip_prefix("unsubscribe:"))
        .unwrap()
        .trim();
    let link = site.local(link);

    let page = get(&link);
    assert!(
        page.body.contains("Unsubscribe from the newsletter"),
        "{}",
        page.body
    );
    assert!(
        site.ws
            .show("leser@example.org")
            .contains("status:        confirmed")
    );

    let one_click = || {
        crate::util::Page::from(
            http()
                .post(&link)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .send("List-Unsubscribe=One-Click")
                .unwrap(),
        )
    };
    let first = one_click();
    assert_eq!(first.status, 200);
    assert!(
        first.body.contains("You are unsubscribed"),
        "{}",
        first.body
    );
    assert_eq!(one_click().status, 200);
    let show = site.ws.show("leser@example.org");
    assert!(show.contains("status:        unsubscribed"), "{show}");
    assert_eq!(show.matches("one-click").count(), 1, "{show}");
}

#[test]
fn sign_ups_are_rate_limited_per_client_and_per_address() {
    let site =
        Site::start("[serve]\nsubscribes_per_ip_per_hour = 3\ntrusted_proxies = [\"127.0.0.1\"]\n");
    let from = |ip: &str, email: &str| {
        crate::util::Page::from(
            http()
                .post(&site.url("/subscribe"))
                .header("X-Forwarded-For", ip)
                .send_form([("email", email), ("consent", "yes")])
                .unwrap(),
        )
    };
    for n in 0..3 {
        assert_eq!(
            from("203.0.113.1", &format!("a{n}@example.org")).status,
            200
        );
    }
    let fourth = from("203.0.113.1", "a3@example.org");
    assert_eq!(fourth.status, 429);
    assert!(fourth.body.contains("Too many") || fourth.body.contains("Zu viele"));
    // A victim's address submitted from many clients gets one mail.
    for n in 0..6 {
        assert_eq!(
            from(&format!("198.51.100.{n}"), "opfer@example.org").status,
            200
        );
    }
    site.smtp.wait_for(4);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(site.smtp.to("opfer@example.org").len(), 1);
    assert_eq!(site.smtp.received().len(), 4);
    // The address the trusted proxy forwarded is the one logged.
    assert!(site.ws.show("a0@example.org").contains("IP 203.0.113.1"));
}

#[test]
fn pages_carry_security_headers_and_follow_the_browser_language() {
    let site = Site::start("");
    let page = crate::util::Page::from(
        http()
            .get(&site.url("/subscribe"))
            .header("Accept-Language", "en-GB,en;q=0.9,de;q=0.5")
            .call()
            .unwrap(),
    );
    assert!(page.body.contains("<html lang=\"en\">"));
    assert!(
        page.header("content-security-policy")
            .starts_with("default-src 'none'")
    );
    // Issue 11: the form's own post must carry its `Origin`, which
    // `no-referrer` would turn into `null`.
    assert_eq!(page.header("referrer-policy"), "same-origin");
    assert_eq!(
        get(&site.url("/nothing-here")).header("referrer-policy"),
        "no-referrer"
    );
    assert_eq!(page.header("x-frame-options"), "DENY");
    let css = get(&site.url("/style.css"));
    assert!(css.header("content-type").starts_with("text/css"));
    assert_eq!(get(&site.url("/nothing-here")).status, 404);
}

#[test]
fn an_import_runs_while_the_server_writes() {
    let site = Site::start("[serve]\nsubscribes_per_ip_per_hour = 1000\n");
    let rows: String = (0..2000)
        .map(|n| format!("import{n}@example.org\n"))
        .collect();
    site.ws.write("gross.csv", format!("email\n{rows}"));
    let writer = {
        let url = site.url("/subscribe");
        std::thread::spawn(move || {
            let mut statuses = Vec::new();
            for n in 0..150 {
                let page = post(
                    &url,
                    &[
                        ("email", &format!("form{n}@example.org")),
                        ("consent", "yes"),
                    ],
                );
                statuses.push(page.status);
            }
            statuses
        })
    };
    let run = site
        .ws
        .run(&[
            "subscribers",
            "import",
            "gross.csv",
            "--consent",
            "Altbestand 2024",
        ])
        .expect(0);
    assert!(run.stdout.contains("added: 2000,"), "{}", run.stdout);
    let statuses = writer.join().unwrap();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    site.smtp.wait_for(150);
    let stats = site.ws.run(&["subscribers", "stats"]).expect(0).stdout;
    assert!(stats.contains("total             2150"), "{stats}");
}

#[test]
fn a_confirmation_mail_that_cannot_be_sent_is_logged_and_the_address_stays_pending() {
    // A relay on a loopback port that refuses every connection.
    let relay = crate::util::closed_port();
    let ws = TestWorkspace::with_smtp(relay.port);
    let server = Daemon::start(&ws, &["serve", "--bind", "127.0.0.1:0"]);
    let answer = post(
        &format!("{}/subscribe", server.base),
        &[
            ("email", "erika@example.org"),
            ("name", ""),
            ("lang", "de"),
            ("consent", "yes"),
            ("website", ""),
        ],
    );
    assert_eq!(answer.status, 200);
    assert!(answer.body.contains("Fast geschafft"), "{}", answer.body);
    // The mail goes out in the background; its failure is logged on stderr.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !server
        .stderr()
        .contains("cannot reach the SMTP server 127.0.0.1:")
    {
        assert!(
            std::time::Instant::now() < deadline,
            "no report of the failed mail: {}",
            server.stderr()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(
        server
            .stderr()
            .contains("rundbrief serve: confirmation mail to subscriber #"),
        "{}",
        server.stderr()
    );
    let show = ws.show("erika@example.org");
    assert!(show.contains("status:        pending"), "{show}");
    assert!(!show.contains("confirmation-sent"), "{show}");
}

/// Issue 10 (serve never lets one stuck mail hold back the others): the
/// confirmation mailer held its lock while it talked to the relay, so a
/// relay that hung on one message held every other sign-up's mail until
/// `[smtp] timeout` (a minute by default). A second sign-up's mail now
/// goes out while the first still hangs.
#[test]
fn a_confirmation_mail_the_relay_hangs_on_holds_back_no_other() {
    use crate::scripted::{Reply, Script, ScriptedRelay};
    let relay = ScriptedRelay::start(Script {
        rcpt: std::sync::Arc::new(|to| {
            if to == "haenger@example.org" {
                Reply::Silence
            } else {
                Reply::say("250 2.1.5 ok")
            }
        }),
        ..Script::default()
    });
    let ws = TestWorkspace::with_smtp(relay.port);
    ws.edit(
        "rundbrief.toml",
        "tls = \"none\"",
        "tls = \"none\"\ntimeout = \"300s\"",
    );
    let server = Daemon::start(&ws, &["serve", "--bind", "127.0.0.1:0"]);
    let subscribe = |email: &str| {
        let answer = post(
            &format!("{}/subscribe", server.base),
            &[
                ("email", email),
                ("name", ""),
                ("lang", "en"),
                ("consent", "yes"),
                ("website", ""),
            ],
        );
        assert_eq!(answer.status, 200, "{}", answer.body);
    };
    subscribe("haenger@example.org");
    relay.wait_for_command("RCPT TO:<haenger@example.org>");
    subscribe("anna@example.org");
    // A bound for a hang far below the relay's 300 s: with the lock held,
    // anna's mail would wait for the hung one.
    let delivered = relay.wait_for(1);
    assert_eq!(
        delivered.iter().map(|d| d.to.clone()).collect::<Vec<_>>(),
        [["anna@example.org"]],
        "{}",
        server.stderr()
    );
    // Logged once the relay's answer is in, a moment after it arrived.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !ws.show("anna@example.org").contains("confirmation-sent") {
        assert!(
            std::time::Instant::now() < deadline,
            "{}",
            ws.show("anna@example.org")
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn ctrl_c_shuts_the_server_down_gracefully() {
    let mut site = Site::start("");
    assert_eq!(get(&site.url("/subscribe")).status, 200);
    let pid = site.server.child.id().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = site.server.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

use crate::util::Page;

impl Page {
    /// POST without a body, as the confirm and unsubscribe buttons do.
    pub(crate) fn post_empty(url: &str) -> Page {
        Page::from(http().post(url).send_empty().unwrap())
    }
}
