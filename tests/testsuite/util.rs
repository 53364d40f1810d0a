//! A copy of the sample workspace in a temporary folder, and running the
//! `rundbrief` binary in it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root: the sample workspace.
pub(crate) fn sample_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) struct TestWorkspace {
    dir: tempfile::TempDir,
    /// The closed loopback port `[smtp]` of `sample()` points at, held so
    /// that no other test's server can take it while this workspace lives.
    relay: Option<ClosedPort>,
}

/// A loopback port on which every connection is refused, reserved for as
/// long as the value lives: a socket bound to `127.0.0.1:0` that never
/// listens (and, without `SO_REUSEADDR`, cannot be shared), so no server of
/// another test, nor one the developer runs, can answer on it.
pub(crate) struct ClosedPort {
    _socket: tokio::net::TcpSocket,
    pub port: u16,
}

/// A reserved loopback port that refuses connections; see [`ClosedPort`].
pub(crate) fn closed_port() -> ClosedPort {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let port = socket.local_addr().unwrap().port();
    ClosedPort {
        _socket: socket,
        port,
    }
}

/// What a run of the binary printed and how it ended.
pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(output: &Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Panics with everything printed unless the run ended with `code`.
    #[track_caller]
    pub(crate) fn expect(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "exit status\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// The binary, speaking English, asking the DNS server of the sample's
/// zone (`dns_server::sample_server`) and never the system's resolver; a
/// test names another server with `run_with_env`.
pub(crate) fn rundbrief() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rundbrief"));
    command
        .env("RUNDBRIEF_LANG", "en")
        .env(
            "RUNDBRIEF_DNS_SERVER",
            crate::dns_server::sample_server().to_string(),
        )
        .env_remove("RUNDBRIEF_WORKSPACE");
    command
}

impl TestWorkspace {
    /// A copy of the repository's sample workspace, without `out/`, whose
    /// `[smtp]` relay is a reserved loopback port that refuses connections
    /// (see [`closed_port`]) instead of the sample's `localhost:587`: a mail
    /// server on the developer's machine never gets test mail, and a command
    /// that tries to mail fails the same everywhere.
    pub(crate) fn sample() -> TestWorkspace {
        let dir = tempfile::tempdir().unwrap();
        let root = sample_root();
        std::fs::copy(
            root.join("rundbrief.toml"),
            dir.path().join("rundbrief.toml"),
        )
        .unwrap();
        copy_dir(&root.join("issues"), &dir.path().join("issues"));
        copy_dir(&root.join("templates"), &dir.path().join("templates"));
        copy_dir(&root.join("locales"), &dir.path().join("locales"));
        let relay = closed_port();
        let port = relay.port;
        let ws = TestWorkspace {
            dir,
            relay: Some(relay),
        };
        ws.edit(
            "rundbrief.toml",
            "host = \"localhost\"",
            "host = \"127.0.0.1\"",
        );
        ws.edit("rundbrief.toml", "port = 587", &format!("port = {port}"));
        ws
    }

    /// The sample workspace, sending through the test SMTP server on `port`
    /// (a loopback port the test started a server on, or one from
    /// [`closed_port`] it holds), without TLS.
    pub(crate) fn with_smtp(port: u16) -> TestWorkspace {
        let mut ws = TestWorkspace::sample();
        let reserved = ws.relay.take().expect("sample() reserves a port").port;
        ws.edit(
            "rundbrief.toml",
            &format!("port = {reserved}"),
            &format!("port = {port}"),
        );
        ws.edit("rundbrief.toml", "tls = \"starttls\"", "tls = \"none\"");
        // The test servers take mail without a login.
        ws.edit("rundbrief.toml", "user = \"rundbrief@example.org\"\n", "");
        ws
    }

    /// Appends TOML to `rundbrief.toml` (new sections only).
    pub(crate) fn configure(&self, toml: &str) {
        let text = self.read("rundbrief.toml");
        self.write("rundbrief.toml", format!("{text}\n{toml}\n"));
    }

    /// Appends TOML to the sample issue's `issue.toml` (new tables only).
    pub(crate) fn configure_issue(&self, toml: &str) {
        let file = "issues/2026-Q4/issue.toml";
        let text = self.read(file);
        self.write(file, format!("{text}\n{toml}\n"));
    }

    /// An empty folder (for `init`).
    pub(crate) fn empty() -> TestWorkspace {
        TestWorkspace {
            dir: tempfile::tempdir().unwrap(),
            relay: None,
        }
    }

    pub(crate) fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
    }

    pub(crate) fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    /// Replaces `from` by `to` in a file; panics if `from` is not there, so a
    /// fixture cannot silently stop testing what it claims to.
    #[track_caller]
    pub(crate) fn edit(&self, relative: &str, from: &str, to: &str) {
        let text = self.read(relative);
        assert!(text.contains(from), "{relative} does not contain {from:?}");
        self.write(relative, text.replacen(from, to, 1));
    }

    /// Runs `rundbrief ARGS` in this workspace.
    pub(crate) fn run(&self, args: &[&str]) -> Run {
        Run::from(
            &rundbrief()
                .current_dir(self.root())
                .args(args)
                .output()
                .unwrap(),
        )
    }

    /// Runs `rundbrief ARGS` with environment variables set (`RUNDBRIEF_LANG=de`).
    pub(crate) fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut command = rundbrief();
        command.current_dir(self.root()).args(args);
        for (key, value) in env {
            command.env(key, value);
        }
        Run::from(&command.output().unwrap())
    }

    /// Imports confirmed subscribers (consent given elsewhere): `address,language` lines.
    pub(crate) fn import_confirmed(&self, rows: &str) {
        self.write("liste.csv", format!("email,language\n{rows}"));
        self.run(&[
            "subscribers",
            "import",
            "liste.csv",
            "--consent",
            "Formular 2025",
        ])
        .expect(0);
    }

    /// A subscriber's state, as `subscribers show` gives it (`bounced`).
    pub(crate) fn status_of(&self, address: &str) -> String {
        let show = self.show(address);
        show.lines()
            .find_map(|l| l.trim().strip_prefix("status:"))
            .unwrap_or_else(|| panic!("{show}"))
            .trim()
            .to_string()
    }

    /// The consent history `subscribers show` prints for `address`.
    pub(crate) fn show(&self, address: &str) -> String {
        self.run(&["subscribers", "show", address]).expect(0).stdout
    }
}

/// A `rundbrief` server (`serve`, `preview`) started in a workspace; killed
/// when dropped.
///
/// Its stderr is not inherited (it would print past the test harness on
/// every run): a thread reads it, keeps it for [`Daemon::stderr`] and
/// passes each line to `eprintln!`, which the harness captures like the
/// test's own output: shown when the test fails or with `--nocapture`.
pub(crate) struct Daemon {
    pub child: std::process::Child,
    /// `http://127.0.0.1:PORT`, read from the line the server prints.
    pub base: String,
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Daemon {
    pub(crate) fn start(ws: &TestWorkspace, args: &[&str]) -> Daemon {
        Daemon::start_with_env(ws, args, &[])
    }

    /// Starts the server with environment variables set (`RUNDBRIEF_LANG=de`).
    pub(crate) fn start_with_env(
        ws: &TestWorkspace,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Daemon {
        use std::io::{BufRead, BufReader};
        let mut command = rundbrief();
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command
            .current_dir(ws.root())
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let reader = {
            let (pipe, stderr) = (child.stderr.take().unwrap(), stderr.clone());
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines() {
                    let Ok(line) = line else { break };
                    eprintln!("{line}");
                    let mut kept = stderr.lock().unwrap();
                    kept.push_str(&line);
                    kept.push('\n');
                }
            })
        };
        // The first line with an address: `archive --serve` reports the
        // site it wrote before it listens.
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut printed = String::new();
        let url = loop {
            let mut line = String::new();
            assert!(
                stdout.read_line(&mut line).unwrap() > 0,
                "no address in {printed:?}"
            );
            printed.push_str(&line);
            if let Some(url) = line
                .split_whitespace()
                .find(|word| word.starts_with("http://127.0.0.1:"))
            {
                break url.to_string();
            }
        };
        let base = url.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
        Daemon {
            child,
            base,
            stderr,
            reader: Some(reader),
        }
    }

    /// What the server has printed to stderr so far.
    pub(crate) fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
    }
}

/// An HTTP client that reports every status instead of failing on 4xx.
pub(crate) fn http() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

/// A response read whole: status, headers, body.
pub(crate) struct Page {
    pub status: u16,
    pub headers: ureq::http::HeaderMap,
    pub body: String,
}

impl Page {
    pub(crate) fn from(mut response: ureq::http::Response<ureq::Body>) -> Page {
        Page {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.body_mut().read_to_string().unwrap_or_default(),
        }
    }

    pub(crate) fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", |v| v.to_str().unwrap())
    }
}

pub(crate) fn get(url: &str) -> Page {
    Page::from(http().get(url).call().unwrap())
}

/// POSTs a form (`application/x-www-form-urlencoded`).
pub(crate) fn post(url: &str, form: &[(&str, &str)]) -> Page {
    Page::from(http().post(url).send_form(form.iter().copied()).unwrap())
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for item in std::fs::read_dir(from).unwrap() {
        let item = item.unwrap();
        let target = to.join(item.file_name());
        if item.file_type().unwrap().is_dir() {
            copy_dir(&item.path(), &target);
        } else {
            std::fs::copy(item.path(), target).unwrap();
        }
    }
}

/// Every `href` and `src` value of an HTML text.
pub(crate) fn html_links(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            rest = &rest[at + attribute.len()..];
            let end = rest.find('"').unwrap();
            links.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    links
}
