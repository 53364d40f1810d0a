//! The return mailbox against a real Dovecot on loopback (Debian's
//! `dovecot-imapd`): reading unprocessed mails over IMAP and TLS, filing
//! them, and each way the connection can fail. `dovecot.rs` is the harness;
//! end-to-end tests of `rundbrief inbox` belong beside this file.
//! Run with `cargo test --test imap`.

#[allow(dead_code)]
#[path = "../testsuite/dns_server.rs"]
mod dns_server;
mod dovecot;
#[allow(dead_code)]
#[path = "../testsuite/returned.rs"]
mod returned;
mod returns;
#[allow(dead_code)]
#[path = "../testsuite/smtp.rs"]
mod smtp;
#[allow(dead_code)]
#[path = "../testsuite/util.rs"]
mod util;

use std::time::Duration;

use rundbrief::mail::inbox::{DONE_KEYWORD, Disposal, Inbox, InboxError, PASSWORD_ENV, Stage};

use dovecot::{Dovecot, PASSWORD, USER};

fn bounce(n: u32) -> Vec<u8> {
    format!(
        "From: MAILER-DAEMON@example.org\r\n\
         To: bounces@example.org\r\n\
         Subject: Undelivered Mail Returned to Sender {n}\r\n\
         Message-ID: <bounce-{n}@example.org>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         \r\n\
         Die Adresse leser{n}@example.net gibt es nicht.\r\n"
    )
    .into_bytes()
}

/// The Subject line of a raw mail, for readable asserts.
fn subject(raw: &[u8]) -> String {
    String::from_utf8_lossy(raw)
        .lines()
        .find(|line| line.starts_with("Subject:"))
        .unwrap_or_default()
        .to_string()
}

async fn open(dovecot: &Dovecot) -> Inbox {
    Inbox::imap(&dovecot.settings("INBOX"))
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", dovecot.log()))
}

async fn connect_error(settings: &rundbrief::mail::inbox::ImapSettings) -> InboxError {
    match Inbox::imap(settings).await {
        Ok(_) => panic!("connected to {}", settings.url),
        Err(e) => e,
    }
}

#[tokio::test]
async fn unprocessed_mails_come_byte_for_byte_oldest_first() {
    let dovecot = Dovecot::start();
    dovecot.append("INBOX", &bounce(1));
    dovecot.append("INBOX", &bounce(2));
    // Delivered as a file with LF line ends, as many delivery agents do:
    // IMAP hands it out with CRLF.
    dovecot.deliver(b"Subject: lf\n\nline\n");
    let mut inbox = open(&dovecot).await;

    let found = inbox.unprocessed(10).await.unwrap();
    assert!(found.skipped.is_empty(), "{:?}", found.skipped);
    let raws: Vec<&[u8]> = found.letters.iter().map(|l| l.raw.as_slice()).collect();
    assert_eq!(
        raws,
        [
            bounce(1).as_slice(),
            bounce(2).as_slice(),
            b"Subject: lf\r\n\r\nline\r\n"
        ]
    );
    // Reading marks nothing: not even \Seen.
    assert!(dovecot.list("INBOX").iter().all(|m| m.flags.is_empty()));

    let first_two = inbox.unprocessed(2).await.unwrap().letters;
    assert_eq!(first_two.len(), 2);
    assert_eq!(first_two[1].raw, bounce(2));
    inbox.close().await;
}

#[tokio::test]
async fn a_flagged_mail_is_not_read_again_and_carries_the_keyword() {
    let dovecot = Dovecot::start();
    dovecot.append("INBOX", &bounce(1));
    dovecot.append("INBOX", &bounce(2));
    let mut inbox = open(&dovecot).await;
    let letters = inbox.unprocessed(10).await.unwrap().letters;
    inbox.file(&letters[0].id, &Disposal::Flag).await.unwrap();

    let left = inbox.unprocessed(10).await.unwrap().letters;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].raw, bounce(2));
    inbox.close().await;

    // Seen from a second connection: the mark is the server's.
    let stored = dovecot.list("INBOX");
    assert!(stored[0].has(DONE_KEYWORD), "{stored:?}");
    assert!(stored[0].has("\\Seen"), "{stored:?}");
    assert!(stored[1].flags.is_empty(), "{stored:?}");
    // A second run sees only the other mail.
    let mut again = open(&dovecot).await;
    let left = again.unprocessed(10).await.unwrap().letters;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].raw, bounce(2));
    again.close().await;
}

#[tokio::test]
async fn a_moved_mail_lands_in_a_folder_made_for_it() {
    let dovecot = Dovecot::start();
    dovecot.append("INBOX", &bounce(1));
    dovecot.append("INBOX", &bounce(2));
    dovecot.append("INBOX", &bounce(3));
    let mut inbox = open(&dovecot).await;
    let letters = inbox.unprocessed(10).await.unwrap().letters;
    let processed = Disposal::Move("Processed".into());
    inbox.file(&letters[0].id, &processed).await.unwrap();
    inbox.file(&letters[1].id, &processed).await.unwrap();
    let umlaut = Disposal::Move("Rückläufer".into());
    inbox.file(&letters[2].id, &umlaut).await.unwrap();
    assert!(inbox.unprocessed(10).await.unwrap().letters.is_empty());
    inbox.close().await;

    assert!(dovecot.list("INBOX").is_empty());
    let moved: Vec<Vec<u8>> = dovecot
        .list("Processed")
        .into_iter()
        .map(|m| m.raw)
        .collect();
    assert_eq!(moved, [bounce(1), bounce(2)]);
    // The folder's name went out in modified UTF-7, as Dovecot keeps it.
    assert_eq!(dovecot.list("R&APw-ckl&AOQ-ufer")[0].raw, bounce(3));
}

#[tokio::test]
async fn without_move_a_mail_is_copied_then_expunged() {
    // A server that does not announce MOVE (Dovecot told to leave it out).
    let dovecot = Dovecot::start_with(
        "imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ UIDPLUS",
    );
    dovecot.append("INBOX", &bounce(1));
    dovecot.append("INBOX", &bounce(2));
    let mut inbox = open(&dovecot).await;
    let letters = inbox.unprocessed(10).await.unwrap().letters;
    inbox
        .file(&letters[0].id, &Disposal::Move("Processed".into()))
        .await
        .unwrap();
    inbox.close().await;

    let left = dovecot.list("INBOX");
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0].raw, bounce(2));
    assert_eq!(dovecot.list("Processed")[0].raw, bounce(1));
}

#[tokio::test]
async fn a_deleted_mail_is_gone_and_the_others_stay() {
    let dovecot = Dovecot::start();
    dovecot.append("INBOX", &bounce(1));
    dovecot.append("INBOX", &bounce(2));
    let mut inbox = open(&dovecot).await;
    let letters = inbox.unprocessed(10).await.unwrap().letters;
    inbox.file(&letters[0].id, &Disposal::Delete).await.unwrap();
    // Filing it once more finds nothing to file.
    let e = inbox
        .file(&letters[0].id, &Disposal::Flag)
        .await
        .unwrap_err();
    assert!(e.is_gone(), "{e}");
    for disposal in [Disposal::Delete, Disposal::Move("Processed".into())] {
        let e = inbox.file(&letters[0].id, &disposal).await.unwrap_err();
        assert!(e.is_gone(), "{disposal:?}: {e}");
    }
    inbox.close().await;

    let left = dovecot.list("INBOX");
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0].raw, bounce(2));
    assert!(left[0].flags.is_empty());
}

#[tokio::test]
async fn a_self_signed_certificate_needs_the_ca_file() {
    let dovecot = Dovecot::start();
    let mut settings = dovecot.settings("INBOX");
    settings.ca_file = None;
    let e = connect_error(&settings).await;
    assert!(e.is_untrusted_certificate(), "{e:?}");
    assert!(e.needs_setup());
    assert!(!e.is_transient());
    assert!(e.to_string().contains("ca_file"), "{e}");

    // With the certificate as ca_file, the same server is trusted.
    settings.ca_file = Some(dovecot.ca_file.clone());
    Inbox::imap(&settings).await.unwrap().close().await;
}

#[tokio::test]
async fn a_wrong_password_names_the_user_and_not_the_password() {
    let dovecot = Dovecot::start();
    let mut settings = dovecot.settings("INBOX");
    settings.password = "falsch-7531".into();
    let e = connect_error(&settings).await;
    assert!(matches!(e, InboxError::Login { .. }), "{e:?}");
    let text = e.to_string();
    assert!(text.contains(USER), "{text}");
    assert!(text.contains(PASSWORD_ENV), "{text}");
    assert!(!text.contains("falsch-7531"), "{text}");
    assert!(!text.contains(PASSWORD), "{text}");
    assert!(!format!("{e:?}").contains("falsch-7531"));
}

#[tokio::test]
async fn a_mailbox_that_does_not_exist_is_named() {
    let dovecot = Dovecot::start();
    let e = connect_error(&dovecot.settings("Bounces")).await;
    assert!(matches!(e, InboxError::NoMailbox { .. }), "{e:?}");
    assert!(e.needs_setup());
    assert!(e.to_string().contains("Bounces"), "{e}");
}

#[tokio::test]
async fn starttls_on_the_plain_port_works_too() {
    let dovecot = Dovecot::start();
    dovecot.append("INBOX", &bounce(1));
    let mut settings = dovecot.settings("INBOX");
    settings
        .url
        .set_scheme("imap")
        .expect("imaps and imap are both special-less schemes");
    settings.url.set_port(Some(dovecot.starttls_port)).unwrap();
    let mut inbox = Inbox::imap(&settings)
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", dovecot.log()));
    let letters = inbox.unprocessed(10).await.unwrap().letters;
    assert_eq!(letters[0].raw, bounce(1));
    inbox.close().await;
}

#[tokio::test]
async fn a_closed_port_is_unreachable() {
    let closed = util::closed_port();
    let settings = rundbrief::mail::inbox::ImapSettings {
        url: url::Url::parse(&format!("imaps://u@127.0.0.1:{}/INBOX", closed.port)).unwrap(),
        password: "x".into(),
        ca_file: None,
        timeout: Duration::from_secs(20),
    };
    let e = connect_error(&settings).await;
    assert!(matches!(e, InboxError::Unreachable { .. }), "{e:?}");
    assert!(e.is_transient());
    assert!(e.to_string().contains(&closed.port.to_string()), "{e}");
}

#[tokio::test]
async fn a_server_that_never_speaks_times_out_at_the_stage_it_hangs() {
    // Accepts connections and says nothing, ever.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            open.push(socket);
        }
    });
    for (scheme, stage) in [("imaps", Stage::Tls), ("imap", Stage::Greeting)] {
        let settings = rundbrief::mail::inbox::ImapSettings {
            url: url::Url::parse(&format!("{scheme}://u@127.0.0.1:{port}/INBOX")).unwrap(),
            password: "x".into(),
            ca_file: None,
            timeout: Duration::from_secs(1),
        };
        // The outer limit only keeps a broken timeout from hanging the run.
        let e = tokio::time::timeout(Duration::from_secs(60), connect_error(&settings))
            .await
            .expect("the configured timeout ended the wait");
        assert!(
            matches!(e, InboxError::Timeout { stage: s, .. } if s == stage),
            "{scheme}: {e:?}"
        );
        assert!(e.is_transient());
        assert!(e.to_string().contains(&stage.to_string()), "{e}");
    }
    held.abort();
}

#[tokio::test]
async fn imap_and_maildir_agree_on_what_is_processed() {
    let dovecot = Dovecot::start();
    dovecot.deliver(&bounce(1));
    dovecot.deliver(&bounce(2));
    // Marked over IMAP: Dovecot writes the keyword's letter into the file
    // name, and reading the Maildir directly passes the mail by.
    let mut imap = open(&dovecot).await;
    let letters = imap.unprocessed(10).await.unwrap().letters;
    imap.file(&letters[0].id, &Disposal::Flag).await.unwrap();
    imap.close().await;

    let mut maildir = Inbox::maildir(&dovecot.maildir()).unwrap();
    let left = maildir.unprocessed(10).await.unwrap().letters;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].raw, bounce(2));

    // Marked in the Maildir: Dovecot shows the keyword.
    maildir.file(&left[0].id, &Disposal::Flag).await.unwrap();
    dovecot.own_maildir();
    let stored = dovecot.list("INBOX");
    assert!(
        stored
            .iter()
            .all(|m| m.has(DONE_KEYWORD) && m.has("\\Seen")),
        "{stored:?}\n{}",
        dovecot.log()
    );
    let mut imap = open(&dovecot).await;
    assert!(imap.unprocessed(10).await.unwrap().letters.is_empty());
    imap.close().await;
}

#[tokio::test]
async fn a_mail_the_server_cannot_read_is_skipped_and_the_others_come() {
    let dovecot = Dovecot::start();
    dovecot.deliver(&bounce(1));
    let broken = dovecot.deliver(&bounce(2));
    dovecot.deliver(&bounce(3));
    // The mail user may no longer read this one file.
    let path = dovecot.maildir().join("new").join(&broken);
    std::os::unix::fs::chown(&path, Some(0), Some(0)).unwrap();
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();

    let mut inbox = open(&dovecot).await;
    let found = inbox.unprocessed(10).await.unwrap();
    let subjects: Vec<String> = found.letters.iter().map(|l| subject(&l.raw)).collect();
    assert_eq!(
        subjects,
        [subject(&bounce(1)), subject(&bounce(3))],
        "{:?}\n{}",
        found.skipped,
        dovecot.log()
    );
    assert_eq!(found.skipped.len(), 1, "{:?}", found.skipped);
    assert_eq!(found.skipped[0].error.stage(), Some(Stage::Fetch));
    // The connection is still good for filing the others.
    for letter in &found.letters {
        inbox.file(&letter.id, &Disposal::Flag).await.unwrap();
    }
    let left = inbox.unprocessed(10).await.unwrap();
    assert!(left.letters.is_empty(), "{:?}", left.letters);
    assert_eq!(
        left.skipped.len(),
        1,
        "{:?}\n{}",
        left.skipped,
        dovecot.log()
    );
    inbox.close().await;
}
