//! A real SMTP server on a loopback port, in this process (mailin-embedded),
//! that keeps every message it accepts and can be told to refuse recipients.

use std::collections::HashMap;
use std::net::{IpAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mailin_embedded::{Handler, Response, Server, SslConfig, response};

/// One message as the server received it.
#[derive(Debug, Clone)]
pub(crate) struct Received {
    /// The envelope sender (MAIL FROM), where bounces go.
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
    /// When the server accepted it.
    pub at: Instant,
}

impl Received {
    /// The message parsed as MIME by a real parser (mail-parser).
    pub(crate) fn mime(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default()
            .parse(self.data.as_bytes())
            .expect("the message parses as MIME")
    }

    /// A header's value, unfolded.
    pub(crate) fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next()?;
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        unfolded.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
    }

    /// A header's value with RFC 2047 encoded words decoded.
    pub(crate) fn decoded_header(&self, name: &str) -> Option<String> {
        let value = self.header(name)?;
        let mut out = String::new();
        let mut previous_encoded = false;
        for word in value.split(' ') {
            let decoded = word
                .strip_prefix("=?utf-8?b?")
                .and_then(|rest| rest.strip_suffix("?="))
                .map(|b64| String::from_utf8(base64_decode(b64)).unwrap());
            // Whitespace between two encoded words is not part of the text.
            let joined = previous_encoded && decoded.is_some();
            if !out.is_empty() && !joined {
                out.push(' ');
            }
            previous_encoded = decoded.is_some();
            out.push_str(decoded.as_deref().unwrap_or(word));
        }
        Some(out)
    }

    /// The body with quoted-printable soft breaks and escapes undone, enough
    /// to search it for links and words.
    pub(crate) fn text(&self) -> String {
        let mut out = Vec::new();
        let bytes = self.data.replace("=\r\n", "").into_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let escaped = (bytes[i] == b'=' && i + 2 < bytes.len())
                .then(|| std::str::from_utf8(&bytes[i + 1..i + 3]).ok())
                .flatten()
                .and_then(|hex| u8::from_str_radix(hex, 16).ok());
            if let Some(byte) = escaped {
                out.push(byte);
                i += 3;
                continue;
            }
            out.push(bytes[i]);
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
}

fn base64_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for byte in text.bytes().filter(|b| *b != b'=') {
        let value = ALPHABET.iter().position(|a| *a == byte).expect("base64") as u32;
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    out
}

#[derive(Clone, Default)]
struct Mailbox {
    received: Arc<Mutex<Vec<Received>>>,
    /// Recipients (lower-case) and the reply their RCPT gets.
    refuse: Arc<Mutex<HashMap<String, (u16, String)>>>,
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
    /// The one password AUTH accepts, and who logged in with it.
    password: Option<String>,
    logins: Arc<Mutex<Vec<String>>>,
    /// How long each RCPT waits for its answer.
    delay: Arc<Mutex<Duration>>,
    /// Connections that greeted (EHLO or HELO), each counted once:
    /// rundbrief greets twice, the second time to learn PIPELINING.
    greetings: Arc<Mutex<usize>>,
    /// This connection greeted: mailin gives each connection a fresh clone.
    greeted: bool,
}

impl Handler for Mailbox {
    fn helo(&mut self, _ip: IpAddr, _domain: &str) -> Response {
        if !std::mem::replace(&mut self.greeted, true) {
            *self.greetings.lock().unwrap() += 1;
        }
        response::OK
    }

    fn auth_plain(&mut self, _authorization_id: &str, user: &str, password: &str) -> Response {
        if self.password.as_deref() == Some(password) {
            self.logins.lock().unwrap().push(user.to_string());
            response::AUTH_OK
        } else {
            response::INVALID_CREDENTIALS
        }
    }

    fn mail(&mut self, _ip: IpAddr, _domain: &str, from: &str) -> Response {
        self.from = from.trim_matches(['<', '>']).to_string();
        self.to.clear();
        self.data.clear();
        response::OK
    }

    fn rcpt(&mut self, to: &str) -> Response {
        // A slow relay answers each recipient late: a client killed while
        // it waits has not sent the message (a wait after the data would be
        // RFC 1047's window, where the server has a message the client
        // cannot know it took).
        let delay = *self.delay.lock().unwrap();
        std::thread::sleep(delay);
        let to = to.trim_matches(['<', '>']).to_lowercase();
        if let Some((code, message)) = self.refuse.lock().unwrap().get(&to) {
            return Response::custom(*code, message.clone());
        }
        self.to.push(to);
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        self.received.lock().unwrap().push(Received {
            from: std::mem::take(&mut self.from),
            to: std::mem::take(&mut self.to),
            data: String::from_utf8_lossy(&std::mem::take(&mut self.data)).into_owned(),
            at: Instant::now(),
        });
        response::OK
    }
}

pub(crate) struct SmtpServer {
    pub port: u16,
    mailbox: Mailbox,
}

impl SmtpServer {
    /// Starts a server on an ephemeral loopback port; it runs until the test
    /// process ends.
    pub(crate) fn start() -> SmtpServer {
        SmtpServer::serve(Mailbox::default(), SslConfig::None)
    }

    /// A server offering STARTTLS with the certificate and key in these PEM
    /// files, and AUTH PLAIN that accepts only `password`.
    pub(crate) fn start_tls(cert_path: &str, key_path: &str, password: &str) -> SmtpServer {
        let mailbox = Mailbox {
            password: Some(password.to_string()),
            ..Mailbox::default()
        };
        let ssl = SslConfig::SelfSigned {
            cert_path: cert_path.to_string(),
            key_path: key_path.to_string(),
        };
        SmtpServer::serve(mailbox, ssl)
    }

    fn serve(mailbox: Mailbox, ssl: SslConfig) -> SmtpServer {
        // The test process links rustls with two crypto providers (through
        // mailin-embedded's defaults); the server must be told which.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let mut server = Server::new(mailbox.clone());
        if mailbox.password.is_some() {
            // mailin then requires a login before any mail.
            server.with_auth(mailin_embedded::AuthMechanism::Plain);
        }
        server
            .with_name("smtp.test")
            .with_ssl(ssl)
            .unwrap()
            .with_num_threads(8)
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        SmtpServer { port, mailbox }
    }

    /// Makes RCPT TO `address` answer `code message`.
    pub(crate) fn refuse(&self, address: &str, code: u16, message: &str) {
        self.mailbox
            .refuse
            .lock()
            .unwrap()
            .insert(address.to_lowercase(), (code, message.to_string()));
    }

    /// Accepts `address` again.
    pub(crate) fn accept(&self, address: &str) {
        self.mailbox
            .refuse
            .lock()
            .unwrap()
            .remove(&address.to_lowercase());
    }

    /// Answers every RCPT only after `delay`.
    pub(crate) fn answer_slowly(&self, delay: Duration) {
        *self.mailbox.delay.lock().unwrap() = delay;
    }

    /// How many connections greeted the server (EHLO or HELO).
    pub(crate) fn connections(&self) -> usize {
        *self.mailbox.greetings.lock().unwrap()
    }

    /// The users that logged in with AUTH.
    pub(crate) fn logins(&self) -> Vec<String> {
        self.mailbox.logins.lock().unwrap().clone()
    }

    pub(crate) fn received(&self) -> Vec<Received> {
        self.mailbox.received.lock().unwrap().clone()
    }

    /// Waits until `count` messages have arrived (mail sent in the background).
    pub(crate) fn wait_for(&self, count: usize) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let received = self.received();
            if received.len() >= count || Instant::now() > deadline {
                return received;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The messages sent to `address`.
    pub(crate) fn to(&self, address: &str) -> Vec<Received> {
        let address = address.to_lowercase();
        self.received()
            .into_iter()
            .filter(|m| m.to.contains(&address))
            .collect()
    }
}
