//! The sender's DNS: `check --dns` and the warnings of `send`, against a DNS
//! server on loopback that each test starts with the zone its case needs.

use hickory_server::proto::rr::RecordType;

use crate::dns_server::{DKIM_SEED, DnsServer, Silent, Zone, ed25519_public};
use crate::smtp::SmtpServer;
use crate::util::{Run, TestWorkspace};

/// Every code `check --dns` may report; the other checks' codes are left
/// out of what the cases compare.
const DNS_CODES: &[&str] = &[
    "no-domain",
    "no-spf",
    "spf-multiple",
    "spf-invalid",
    "spf-pass-all",
    "no-dkim-record",
    "dkim-key-mismatch",
    "dkim-key-revoked",
    "dkim-record-invalid",
    "no-dmarc",
    "dmarc-invalid",
    "dmarc-alignment",
    "no-mx",
    "dns-lookup",
];

const DKIM_RECORD: &str = "rundbrief._domainkey.example.org";

/// The findings about DNS in a report: `(severity, code, message)`.
fn findings(run: &Run) -> Vec<(String, String, String)> {
    run.stderr
        .lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("rundbrief.toml: ")?;
            let (severity, rest) = rest.split_once('[')?;
            let (code, message) = rest.split_once("]: ")?;
            DNS_CODES
                .contains(&code)
                .then(|| (severity.into(), code.into(), message.into()))
        })
        .collect()
}

/// The sample workspace signing with the test's Ed25519 key as
/// `rundbrief._domainkey.<domain>`.
fn signing(domain: &str) -> TestWorkspace {
    let ws = TestWorkspace::sample();
    ws.write("dkim.key", DKIM_SEED);
    ws.configure(&format!(
        "[smtp.dkim]\nselector = \"rundbrief\"\ndomain = \"{domain}\"\nkey_file = \"dkim.key\"\nalgorithm = \"ed25519\"\n"
    ));
    ws
}

fn check_dns(ws: &TestWorkspace, server: &str, lang: &str) -> Run {
    ws.run_with_env(
        &["check", "--dns"],
        &[("RUNDBRIEF_DNS_SERVER", server), ("RUNDBRIEF_LANG", lang)],
    )
}

// Made by openssl: a private key, and the public keys of it and of
// another, as a DKIM record's `p=` holds them (tests/fixtures/dkim/).
const RSA_A: &str = include_str!("../fixtures/dkim/rsa-a.pem");
const RSA_A_SPKI: &str = include_str!("../fixtures/dkim/rsa-a.spki.b64");
const RSA_B_SPKI: &str = include_str!("../fixtures/dkim/rsa-b.spki.b64");

/// Each case: a zone (changed from the sample's) and a signing domain;
/// the findings it must give (severity, code, a word the message names),
/// and `check`'s exit status.
#[test]
fn each_dns_problem_is_found_and_names_its_record() {
    type Case = (
        &'static str,
        fn() -> Vec<Zone>,
        &'static str,
        &'static [(&'static str, &'static str, &'static str)],
        i32,
    );
    let cases: &[Case] = &[
        ("all good", || vec![Zone::sample()], "example.org", &[], 0),
        (
            "no SPF",
            || vec![Zone::sample().without_txt("example.org", "v=spf1")],
            "example.org",
            &[("warning", "no-spf", "example.org has no SPF record")],
            0,
        ),
        (
            "two SPF records",
            || vec![Zone::sample().txt("example.org", "v=spf1 mx -all")],
            "example.org",
            &[("error", "spf-multiple", "example.org has 2 SPF records")],
            1,
        ),
        (
            "SPF that lets everyone send",
            || {
                vec![
                    Zone::sample()
                        .without_txt("example.org", "v=spf1")
                        .txt("example.org", "v=spf1 mx +all"),
                ]
            },
            "example.org",
            &[("warning", "spf-pass-all", "\"v=spf1 mx +all\"")],
            0,
        ),
        (
            "another DKIM key in DNS",
            || {
                vec![Zone::sample().without(DKIM_RECORD, RecordType::TXT).txt(
                    DKIM_RECORD,
                    &format!(
                        "v=DKIM1; k=ed25519; p={}",
                        ed25519_public("AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=")
                    ),
                )]
            },
            "example.org",
            &[("error", "dkim-key-mismatch", DKIM_RECORD)],
            1,
        ),
        (
            "the DKIM record missing",
            || vec![Zone::sample().without(DKIM_RECORD, RecordType::TXT)],
            "example.org",
            &[("error", "no-dkim-record", DKIM_RECORD)],
            1,
        ),
        (
            "the DKIM key revoked",
            || {
                vec![
                    Zone::sample()
                        .without(DKIM_RECORD, RecordType::TXT)
                        .txt(DKIM_RECORD, "v=DKIM1; k=ed25519; p="),
                ]
            },
            "example.org",
            &[("error", "dkim-key-revoked", DKIM_RECORD)],
            1,
        ),
        (
            "no DMARC",
            || vec![Zone::sample().without("_dmarc.example.org", RecordType::TXT)],
            "example.org",
            &[("warning", "no-dmarc", "_dmarc.example.org")],
            0,
        ),
        (
            "DMARC p=reject and a DKIM domain of another organisation",
            || {
                vec![
                    Zone::sample()
                        .without("_dmarc.example.org", RecordType::TXT)
                        .txt("_dmarc.example.org", "v=DMARC1; p=reject"),
                    Zone::new("example.net").txt(
                        "rundbrief._domainkey.mailer.example.net",
                        &format!("v=DKIM1; k=ed25519; p={}", ed25519_public(DKIM_SEED)),
                    ),
                ]
            },
            "mailer.example.net",
            &[("error", "dmarc-alignment", "mailer.example.net")],
            1,
        ),
        (
            "DMARC p=none and a DKIM domain of another organisation",
            || {
                vec![
                    Zone::sample()
                        .without("_dmarc.example.org", RecordType::TXT)
                        .txt("_dmarc.example.org", "v=DMARC1; p=none"),
                    Zone::new("example.net").txt(
                        "rundbrief._domainkey.mailer.example.net",
                        &format!("v=DKIM1; k=ed25519; p={}", ed25519_public(DKIM_SEED)),
                    ),
                ]
            },
            "mailer.example.net",
            &[("warning", "dmarc-alignment", "mailer.example.net")],
            0,
        ),
        (
            "no MX for the bounce domain",
            || vec![Zone::sample().without("example.org", RecordType::MX)],
            "example.org",
            &[("warning", "no-mx", "example.org has neither an MX")],
            0,
        ),
        (
            "no MX but an address",
            || {
                vec![
                    Zone::sample()
                        .without("example.org", RecordType::MX)
                        .a("example.org", std::net::Ipv4Addr::LOCALHOST),
                ]
            },
            "example.org",
            &[],
            0,
        ),
    ];
    for (case, zones, domain, expected, code) in cases {
        let server = DnsServer::start(&zones());
        let ws = signing(domain);
        let run = check_dns(&ws, &server.env(), "en");
        let found = findings(&run);
        let kinds: Vec<(&str, &str)> = found
            .iter()
            .map(|(severity, code, _)| (severity.as_str(), code.as_str()))
            .collect();
        let wanted: Vec<(&str, &str)> = expected.iter().map(|(s, c, _)| (*s, *c)).collect();
        assert_eq!(kinds, wanted, "{case}:\n{}", run.stderr);
        for ((_, _, message), (_, _, named)) in found.iter().zip(expected.iter()) {
            assert!(message.contains(named), "{case}: {named:?} in {message}");
        }
        assert_eq!(run.code, *code, "{case}:\n{}", run.stderr);
    }
}

/// An RSA key in PEM (the usual kind) against its public key published as
/// SubjectPublicKeyInfo, and against another key's.
#[test]
fn an_rsa_key_is_compared_with_the_published_one() {
    let ws = TestWorkspace::sample();
    ws.write("dkim.pem", RSA_A);
    ws.configure(
        "[smtp.dkim]\nselector = \"rundbrief\"\ndomain = \"example.org\"\nkey_file = \"dkim.pem\"\n",
    );
    for (published, expected) in [
        (RSA_A_SPKI, vec![]),
        (RSA_B_SPKI, vec!["dkim-key-mismatch"]),
    ] {
        // A 2048-bit key is longer than one 255-byte string of a TXT record.
        let zone = Zone::sample().without(DKIM_RECORD, RecordType::TXT).txt(
            DKIM_RECORD,
            &format!("v=DKIM1; k=rsa; p={}", published.trim()),
        );
        let server = DnsServer::start(&[zone]);
        let run = check_dns(&ws, &server.env(), "en");
        let codes: Vec<String> = findings(&run).into_iter().map(|(_, c, _)| c).collect();
        assert_eq!(codes, expected, "{}", run.stderr);
    }
}

/// A server that never answers: the check ends after its timeout with one
/// finding that says so, and `check` itself does not fail on it.
#[test]
fn a_server_that_does_not_answer_is_one_finding() {
    let silent = Silent::start();
    let ws = signing("example.org");
    let address = silent.address.to_string();
    let run = check_dns(&ws, &address, "en").expect(0);
    let found = findings(&run);
    assert_eq!(found.len(), 1, "{}", run.stderr);
    let (severity, code, message) = &found[0];
    assert_eq!(
        (severity.as_str(), code.as_str()),
        ("warning", "dns-lookup")
    );
    for named in [
        address.as_str(),
        "example.org",
        DKIM_RECORD,
        "_dmarc.example.org",
    ] {
        assert!(message.contains(named), "{named:?} in {message}");
    }
}

#[test]
fn a_server_address_that_is_none_is_refused_and_off_skips_the_lookups() {
    let ws = signing("example.org");
    let run = check_dns(&ws, "dns.example.org", "en").expect(1);
    assert!(
        run.stderr
            .contains("RUNDBRIEF_DNS_SERVER=\"dns.example.org\""),
        "{}",
        run.stderr
    );
    let run = check_dns(&ws, "off", "en").expect(0);
    let codes: Vec<String> = findings(&run).into_iter().map(|(_, c, _)| c).collect();
    assert_eq!(codes, ["dns-lookup"], "{}", run.stderr);
    assert!(
        run.stderr.contains("RUNDBRIEF_DNS_SERVER=off"),
        "{}",
        run.stderr
    );
}

/// Without `--dns`, `check` asks no DNS server (a silent one would cost a
/// timeout and a finding).
#[test]
fn check_without_dns_looks_nothing_up() {
    let silent = Silent::start();
    let ws = signing("example.org");
    let run = ws.run_with_env(
        &["check"],
        &[("RUNDBRIEF_DNS_SERVER", &silent.address.to_string())],
    );
    assert!(findings(&run).is_empty(), "{}", run.stderr);
}

/// Several findings as the staff reads them, in German and in English.
#[test]
fn a_dns_report_reads_well_in_both_languages() {
    let zone = Zone::sample()
        .without_txt("example.org", "v=spf1")
        .without(DKIM_RECORD, RecordType::TXT)
        .txt(
            DKIM_RECORD,
            &format!(
                "v=DKIM1; k=ed25519; p={}",
                ed25519_public("AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=")
            ),
        )
        .without("_dmarc.example.org", RecordType::TXT)
        .without("example.org", RecordType::MX);
    let server = DnsServer::start(&[zone]);
    let ws = signing("example.org");
    // The draft entry of the sample is published: only DNS is reported.
    ws.edit(
        "issues/2026-Q4/klimapartnerschaft-tuerkei.md",
        "draft = true",
        "draft = false",
    );
    for lang in ["de", "en"] {
        let run = check_dns(&ws, &server.env(), lang).expect(1);
        let codes: Vec<String> = findings(&run).into_iter().map(|(_, c, _)| c).collect();
        assert_eq!(
            codes,
            ["dkim-key-mismatch", "no-spf", "no-mx", "no-dmarc"],
            "{}",
            run.stderr
        );
        insta::assert_snapshot!(format!("dns_report_{lang}"), run.stderr);
    }
}

/// `send` with a sender lacking DMARC warns and sends all the same.
#[test]
fn send_warns_about_dns_and_sends() {
    let smtp = SmtpServer::start();
    let server = DnsServer::start(&[Zone::sample().without("_dmarc.example.org", RecordType::TXT)]);
    let ws = TestWorkspace::with_smtp(smtp.port);
    ws.write("liste.csv", "email,language\nanna@example.org,de\n");
    ws.run(&[
        "subscribers",
        "import",
        "liste.csv",
        "--consent",
        "Formular 2025",
    ])
    .expect(0);
    let env = [("RUNDBRIEF_DNS_SERVER", server.env())];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let run = ws
        .run_with_env(&["send", "2026-Q4", "--yes"], &env)
        .expect(0);
    assert!(
        run.stderr
            .contains("rundbrief.toml: warning[no-dmarc]: no DMARC record at _dmarc.example.org"),
        "{}",
        run.stderr
    );
    assert_eq!(smtp.received().len(), 1);

    // A DKIM key DNS does not know is an error to `check --dns`, but only a
    // warning before a send, which goes ahead.
    ws.write("dkim.key", "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=");
    ws.configure(
        "[smtp.dkim]\nselector = \"rundbrief\"\ndomain = \"example.org\"\nkey_file = \"dkim.key\"\nalgorithm = \"ed25519\"\n",
    );
    let run = ws
        .run_with_env(
            &["send", "2026-Q4", "--test", "redaktion@example.org"],
            &env,
        )
        .expect(0);
    assert!(
        run.stderr
            .contains("rundbrief.toml: warning[dkim-key-mismatch]"),
        "{}",
        run.stderr
    );
    assert_eq!(smtp.received().len(), 2);
}
