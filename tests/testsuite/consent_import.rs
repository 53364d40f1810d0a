//! Moving from another tool: a Mailchimp or CleverReach export keeps its
//! proof of opt-in as consent events marked as imported, and the list goes
//! back out as a file German Excel opens directly.

use crate::util::TestWorkspace;

fn fixture(ws: &TestWorkspace, name: &str) {
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/imports")
        .join(name);
    ws.write(name, std::fs::read(from).unwrap());
}

/// `subscribers show` on a server in UTC: times still in the workspace zone.
fn show(ws: &TestWorkspace, address: &str) -> String {
    ws.run_with_env(&["subscribers", "show", address], &[("TZ", "UTC")])
        .expect(0)
        .stdout
}

/// The consent-history line of `show` that holds `needle`.
fn event<'a>(show: &'a str, needle: &str) -> &'a str {
    show.lines()
        .find(|line| line.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in\n{show}"))
}

#[test]
fn a_mailchimp_export_keeps_its_opt_in_and_confirmation_times_and_addresses() {
    let ws = TestWorkspace::sample();
    fixture(&ws, "mailchimp.csv");
    let run = ws
        .run(&["subscribers", "import", "mailchimp.csv", "--no-mail"])
        .expect(0);
    // Confirmed in Mailchimp: nothing to confirm here. Not confirmed: a link.
    assert!(
        !run.stdout.contains("anna.schmidt@example.org"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("jan.kowalski@example.org\thttps://"),
        "{}",
        run.stdout
    );

    assert_eq!(ws.status_of("anna.schmidt@example.org"), "confirmed");
    let anna = show(&ws, "anna.schmidt@example.org");
    assert!(anna.contains("Anna Schmidt"), "{anna}");
    let requested = event(&anna, "IP 203.0.113.7");
    assert!(requested.contains("requested"), "{anna}");
    assert!(requested.contains("import"), "{anna}");
    assert!(requested.contains("5 April 2023, 12:11 CEST"), "{anna}");
    assert!(
        requested.contains("— imported from Mailchimp export"),
        "{anna}"
    );
    let confirmed = event(&anna, "IP 198.51.100.23");
    assert!(confirmed.contains(" confirmed "), "{anna}");
    // Mailchimp's UTC, shown in the workspace's zone (Europe/Berlin).
    assert!(confirmed.contains("12:14 CEST"), "{anna}");
    assert!(
        confirmed.contains("— imported from Mailchimp export"),
        "{anna}"
    );
    // The person saw Mailchimp's consent text, not ours: no version.
    assert!(!confirmed.contains("consent text"), "{anna}");

    assert_eq!(ws.status_of("jan.kowalski@example.org"), "pending");
    let jan = show(&ws, "jan.kowalski@example.org");
    let requested = event(&jan, "IP 2001:db8::17");
    assert!(requested.contains("30 November 2022, 09:00 CET"), "{jan}");
    assert!(!jan.contains(" confirmed "), "{jan}");
}

#[test]
fn a_cleverreach_export_keeps_its_sign_up_and_activation() {
    let ws = TestWorkspace::sample();
    fixture(&ws, "cleverreach.csv");
    ws.run(&["subscribers", "import", "cleverreach.csv", "--no-mail"])
        .expect(0);
    assert_eq!(ws.status_of("marie@example.org"), "confirmed");
    let marie = show(&ws, "marie@example.org");
    let requested = event(&marie, "IP 192.0.2.44");
    assert!(requested.contains("requested"), "{marie}");
    assert!(
        requested.contains("— imported from CleverReach export"),
        "{marie}"
    );
    let confirmed = event(&marie, "10:05 CET  confirmed");
    assert!(confirmed.contains(" confirmed "), "{marie}");
    // activated = 0: never confirmed there, so pending here.
    assert_eq!(ws.status_of("paul@example.org"), "pending");
}

#[test]
fn export_excel_writes_semicolons_utf8_with_bom_and_crlf() {
    let ws = TestWorkspace::sample();
    fixture(&ws, "mailchimp.csv");
    ws.run(&["subscribers", "import", "mailchimp.csv", "--no-mail"])
        .expect(0);
    ws.import_confirmed("ohne.namen@example.org,de\n");
    ws.run(&["subscribers", "export", "--excel", "--out", "liste.csv"])
        .expect(0);
    let bytes = std::fs::read(ws.path("liste.csv")).unwrap();
    let header: &[u8] =
        b"\xef\xbb\xbfemail;first name;last name;name;language;status;created;confirmed;unsubscribed\r\n";
    assert!(
        bytes.starts_with(header),
        "{:?}",
        String::from_utf8_lossy(&bytes[..bytes.len().min(120)])
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(
        text.contains("\r\nanna.schmidt@example.org;Anna;Schmidt;Anna Schmidt;de;confirmed;"),
        "{text}"
    );
    assert!(
        text.contains(";2023-04-05T12:14:40+02:00;\r\n"),
        "the confirmation time is Mailchimp's (10:14:40 UTC), in the workspace's zone with its offset: {text}"
    );
    assert!(
        text.contains("\r\nohne.namen@example.org;;;;de;confirmed;"),
        "{text}"
    );
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "only CRLF line ends"
    );
    // And the file reads back in.
    let again = TestWorkspace::sample();
    again.write("liste.csv", &bytes);
    let run = again
        .run(&["subscribers", "import", "liste.csv", "--consent", "Umzug"])
        .expect(0);
    assert!(run.stdout.contains("added: 3,"), "{}", run.stdout);
}
