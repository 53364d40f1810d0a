//! A real Dovecot on loopback for the tests: its own configuration, a
//! throw-away user and a self-signed certificate in a temporary folder,
//! started with `dovecot -c FILE` and stopped when dropped.
//!
//! ```ignore
//! let dovecot = Dovecot::start();
//! dovecot.deliver(b"From: MAILER-DAEMON@example.org\r\n...");   // as an MDA would
//! let settings = dovecot.settings("INBOX");                     // for Inbox::imap
//! let mails = dovecot.list("INBOX");                            // what is there, with flags
//! ```
//!
//! Needs Debian's `dovecot-imapd`; without it the test fails (never skips).
//! The mail user has UID 65534 (Dovecot refuses root), so everything it must
//! read is made traversable and its Maildir is owned by that UID.

use std::future::Future;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use async_imap::types::Flag;
use futures_util::TryStreamExt;
use rundbrief::mail::inbox::ImapSettings;

/// The mail user (an address, as at a real provider) and its password.
pub(crate) const USER: &str = "bounces@example.org";
pub(crate) const PASSWORD: &str = "ge heim\"13";
/// The owner of the mail: Dovecot serves no user with UID 0.
const MAIL_UID: u32 = 65534;

/// A running Dovecot; stopped (and waited for) when dropped.
pub(crate) struct Dovecot {
    dir: tempfile::TempDir,
    /// The port of implicit TLS (`imaps://`).
    pub(crate) port: u16,
    /// The port of plain IMAP that requires STARTTLS before a login (`imap://`).
    pub(crate) starttls_port: u16,
    /// The PEM certificate the server shows: the `ca_file` that trusts it.
    pub(crate) ca_file: PathBuf,
    pid: u32,
}

/// One mail of a folder, as a second IMAP connection sees it.
#[derive(Debug, Clone)]
pub(crate) struct Stored {
    pub(crate) uid: u32,
    /// `\Seen`, `$RundbriefDone`, …; `\Recent` is left out.
    pub(crate) flags: Vec<String>,
    pub(crate) raw: Vec<u8>,
}

impl Stored {
    pub(crate) fn has(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn binary() -> PathBuf {
    let installed = Path::new("/usr/sbin/dovecot");
    if installed.is_file() {
        installed.to_path_buf()
    } else {
        PathBuf::from("dovecot")
    }
}

impl Dovecot {
    pub(crate) fn start() -> Dovecot {
        Dovecot::start_with("")
    }

    /// Started with `extra` lines at the end of its configuration, such as
    /// `imap_capability = …` to play a server without MOVE.
    pub(crate) fn start_with(extra: &str) -> Dovecot {
        let dir = tempfile::Builder::new()
            .prefix("rundbrief-dovecot")
            .tempdir()
            .unwrap();
        let root = dir.path();
        // Dovecot's login and mail processes (dovenull, dovecot, UID 65534)
        // must find their way into the folder tempfile made for root alone.
        std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();

        let rcgen::CertifiedKey { cert, signing_key } = rcgen::generate_simple_self_signed(vec![
            "localhost".to_string(),
            "127.0.0.1".to_string(),
        ])
        .unwrap();
        let ca_file = root.join("cert.pem");
        let key_file = root.join("key.pem");
        std::fs::write(&ca_file, cert.pem()).unwrap();
        std::fs::write(&key_file, signing_key.serialize_pem()).unwrap();

        let home = root.join("home");
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(home.join("Maildir").join(sub)).unwrap();
        }
        chown_all(&home);
        let users = root.join("users");
        std::fs::write(
            &users,
            format!(
                "{USER}:{{PLAIN}}{PASSWORD}:{MAIL_UID}:{MAIL_UID}::{}::\n",
                home.display()
            ),
        )
        .unwrap();

        let (port, starttls_port) = (free_port(), free_port());
        let root_text = root.display();
        let config = format!(
            "base_dir = {root_text}/run
state_dir = {root_text}/state
log_path = {root_text}/dovecot.log
listen = 127.0.0.1
protocols = imap
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
default_login_user = dovenull
default_internal_user = dovecot
default_internal_group = dovecot
first_valid_uid = 0
auth_failure_delay = 0
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = {users}
}}
userdb {{
  driver = passwd-file
  args = {users}
}}
service imap-login {{
  inet_listener imap {{
    port = {starttls_port}
  }}
  inet_listener imaps {{
    port = {port}
  }}
}}
{extra}
",
            cert = ca_file.display(),
            key = key_file.display(),
            users = users.display(),
        );
        let config_file = root.join("dovecot.conf");
        std::fs::write(&config_file, config).unwrap();

        // Into a file, not a pipe: the daemon keeps what it inherited open,
        // and a pipe would never end.
        let said = root.join("dovecot.out");
        let out = std::fs::File::create(&said).unwrap();
        let status = match Command::new(binary())
            .arg("-c")
            .arg(&config_file)
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .status()
        {
            Ok(status) => status,
            Err(e) => panic!(
                "cannot run dovecot ({e}): these tests need a real Dovecot; \
                 install it with `apt-get install dovecot-imapd`"
            ),
        };
        assert!(
            status.success(),
            "dovecot did not start:\n{}",
            std::fs::read_to_string(&said).unwrap_or_default()
        );
        let pid_file = root.join("run/master.pid");
        let deadline = Instant::now() + Duration::from_secs(20);
        let pid = loop {
            let pid = std::fs::read_to_string(&pid_file)
                .ok()
                .and_then(|text| text.trim().parse::<u32>().ok());
            let listening = [port, starttls_port]
                .iter()
                .all(|p| std::net::TcpStream::connect(("127.0.0.1", *p)).is_ok());
            if let (Some(pid), true) = (pid, listening) {
                break pid;
            }
            assert!(
                Instant::now() < deadline,
                "dovecot did not listen on {port} and {starttls_port}; its log:\n{}",
                std::fs::read_to_string(root.join("dovecot.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        Dovecot {
            dir,
            port,
            starttls_port,
            ca_file,
            pid,
        }
    }

    /// `imaps://bounces%40example.org@127.0.0.1:PORT/MAILBOX`.
    pub(crate) fn url(&self, mailbox: &str) -> url::Url {
        url::Url::parse(&format!(
            "imaps://{}@127.0.0.1:{}/{mailbox}",
            USER.replace('@', "%40"),
            self.port
        ))
        .unwrap()
    }

    /// Settings for `Inbox::imap` that trust this server's certificate.
    pub(crate) fn settings(&self, mailbox: &str) -> ImapSettings {
        ImapSettings {
            url: self.url(mailbox),
            password: PASSWORD.to_string(),
            ca_file: Some(self.ca_file.clone()),
            timeout: Duration::from_secs(20),
        }
    }

    /// The user's Maildir (INBOX); its folders are `.NAME` inside.
    pub(crate) fn maildir(&self) -> PathBuf {
        self.dir.path().join("home/Maildir")
    }

    /// The server's log, for a failing assert.
    pub(crate) fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default()
    }

    /// Delivers `raw` into the INBOX as a local delivery agent does: into
    /// tmp/, owned by the mail user, then renamed into new/. Dovecot serves
    /// it with CRLF line ends whatever the file has. Returns the file name.
    pub(crate) fn deliver(&self, raw: &[u8]) -> String {
        static COUNT: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "{}.M{}P{}.rundbrief-test",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs(),
            COUNT.fetch_add(1, Ordering::Relaxed),
            std::process::id()
        );
        let staged = self.maildir().join("tmp").join(&name);
        std::fs::write(&staged, raw).unwrap();
        std::os::unix::fs::chown(&staged, Some(MAIL_UID), Some(MAIL_UID)).unwrap();
        std::fs::rename(&staged, self.maildir().join("new").join(&name)).unwrap();
        name
    }

    /// Gives everything in the Maildir to the mail user, as if the program
    /// that changed it (rundbrief reading the Maildir as root) ran as that user.
    pub(crate) fn own_maildir(&self) {
        chown_all(&self.maildir());
    }

    /// Puts `raw` into `folder` over IMAP (APPEND), byte for byte.
    pub(crate) fn append(&self, folder: &str, raw: &[u8]) {
        let folder = folder.to_string();
        let raw = raw.to_vec();
        self.with_session(move |mut session| async move {
            session.append(&folder, None, None, &raw).await.unwrap();
            session.logout().await.unwrap();
        });
    }

    /// What `folder` holds, oldest first, seen over a connection of its
    /// own; panics when there is no such folder.
    pub(crate) fn list(&self, folder: &str) -> Vec<Stored> {
        let folder = folder.to_string();
        self.with_session(move |mut session| async move {
            session
                .examine(&folder)
                .await
                .unwrap_or_else(|e| panic!("no folder {folder}: {e}"));
            let fetched: Vec<async_imap::types::Fetch> = session
                .uid_fetch("1:*", "(UID FLAGS BODY.PEEK[])")
                .await
                .unwrap()
                .try_collect()
                .await
                .unwrap();
            let mut stored: Vec<Stored> = fetched
                .iter()
                .map(|fetch| Stored {
                    uid: fetch.uid.unwrap(),
                    flags: fetch.flags().filter_map(|flag| flag_name(&flag)).collect(),
                    raw: fetch.body().unwrap_or_default().to_vec(),
                })
                .collect();
            stored.sort_by_key(|s| s.uid);
            session.logout().await.unwrap();
            stored
        })
    }

    /// Runs `work` with a logged-in session on a thread of its own, so that
    /// sync and async tests alike can call it.
    fn with_session<F, Fut, T>(&self, work: F) -> T
    where
        F: FnOnce(
                async_imap::Session<tokio_rustls::client::TlsStream<tokio::net::TcpStream>>,
            ) -> Fut
            + Send
            + 'static,
        Fut: Future<Output = T>,
        T: Send + 'static,
    {
        let (port, ca_file) = (self.port, self.ca_file.clone());
        std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(async move {
                    let mut roots = rustls::RootCertStore::empty();
                    let pem = std::fs::read(&ca_file).unwrap();
                    for cert in rustls::pki_types::pem::PemObject::pem_slice_iter(&pem) {
                        roots.add(cert.unwrap()).unwrap();
                    }
                    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
                        rustls::crypto::ring::default_provider(),
                    ))
                    .with_safe_default_protocol_versions()
                    .unwrap()
                    .with_root_certificates(roots)
                    .with_no_client_auth();
                    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
                        .await
                        .unwrap();
                    let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
                        .connect("localhost".try_into().unwrap(), tcp)
                        .await
                        .unwrap();
                    let mut client = async_imap::Client::new(tls);
                    client.read_response().await.unwrap().unwrap();
                    let session = client
                        .login(USER, PASSWORD)
                        .await
                        .map_err(|(e, _)| e)
                        .unwrap();
                    work(session).await
                })
        })
        .join()
        .unwrap()
    }
}

fn flag_name(flag: &Flag<'_>) -> Option<String> {
    Some(match flag {
        Flag::Seen => "\\Seen".into(),
        Flag::Answered => "\\Answered".into(),
        Flag::Flagged => "\\Flagged".into(),
        Flag::Deleted => "\\Deleted".into(),
        Flag::Draft => "\\Draft".into(),
        Flag::Recent | Flag::MayCreate => return None,
        Flag::Custom(name) => name.to_string(),
    })
}

fn chown_all(path: &Path) {
    std::os::unix::fs::chown(path, Some(MAIL_UID), Some(MAIL_UID)).unwrap();
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            chown_all(&entry.unwrap().path());
        }
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        // Not SIGTERM: Dovecot's orderly shutdown takes a second, each test.
        // Its children see the master gone and leave; the listening sockets
        // they share close with the last of them.
        let _ = Command::new("kill")
            .arg("-KILL")
            .arg(self.pid.to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while (running(self.pid)
            || [self.port, self.starttls_port]
                .iter()
                .any(|p| std::net::TcpStream::connect(("127.0.0.1", *p)).is_ok()))
            && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// Whether the process lives; a zombie (whose parent, the container's init,
/// may never reap it) does not.
fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        stat.rsplit_once(") ")
            .is_some_and(|(_, rest)| !rest.starts_with('Z'))
    })
}
