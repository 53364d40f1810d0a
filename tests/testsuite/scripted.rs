//! A scripted SMTP relay on a loopback port: raw SMTP, a thread per
//! connection, for the ways real relays behave that mailin-embedded cannot
//! play (a limit on connections at once, SMTPUTF8, AUTH only after STARTTLS,
//! silence in the middle of a dialogue, PIPELINING), and a log of every
//! command in the order it arrived, per connection.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the relay answers to a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reply {
    /// These reply lines (one reply; several lines joined by CRLF).
    Say(String),
    /// Nothing, ever: the connection stays open, as a hung relay's does.
    Silence,
}

impl Reply {
    pub(crate) fn say(text: &str) -> Reply {
        Reply::Say(text.to_string())
    }
}

/// Where a relay past its limit of connections says it is busy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Busy {
    /// Instead of the greeting, then it closes.
    AtGreeting,
    /// It greets and answers EHLO, then refuses MAIL and closes.
    AtMail,
}

/// How the relay behaves; `Script::default()` is a well-behaved relay that
/// offers 8BITMIME and accepts everything.
#[derive(Clone)]
pub(crate) struct Script {
    /// The EHLO keywords offered: `8BITMIME`, `SMTPUTF8`, `STARTTLS`, `AUTH PLAIN LOGIN`.
    pub extensions: Vec<&'static str>,
    /// `None`: the relay takes the connection and never greets.
    pub greeting: Option<&'static str>,
    /// Connections served at once; past it the relay answers `busy_reply`.
    pub max_connections: usize,
    pub busy: Busy,
    pub busy_reply: &'static str,
    pub starttls: Reply,
    pub auth: Reply,
    /// The answer to `RCPT TO` for an address (lower case, no brackets).
    pub rcpt: Arc<dyn Fn(&str) -> Reply + Send + Sync>,
    /// The answer to DATA when no recipient was taken (a pipelining client
    /// sends it before it knows); with `354` the data is read and thrown
    /// away.
    pub data_without_recipients: &'static str,
    /// The answer to a second EHLO on one connection, if not the first's.
    pub second_ehlo: Option<&'static str>,
}

impl Default for Script {
    fn default() -> Script {
        Script {
            extensions: vec!["8BITMIME"],
            greeting: Some("220 relay.test ESMTP"),
            max_connections: usize::MAX,
            busy: Busy::AtGreeting,
            busy_reply: "421 4.7.0 Too many connections, try again later",
            starttls: Reply::say("454 4.7.0 TLS not available"),
            auth: Reply::say("235 2.7.0 Authentication successful"),
            rcpt: Arc::new(|_| Reply::say("250 2.1.5 ok")),
            data_without_recipients: "554 5.5.1 Error: no valid recipients",
            second_ehlo: None,
        }
    }
}

/// A message the relay accepted.
#[derive(Debug, Clone)]
pub(crate) struct Delivered {
    /// The whole `MAIL FROM:` line, with its parameters.
    pub mail: String,
    pub to: Vec<String>,
    pub data: String,
}

#[derive(Default)]
struct Log {
    /// Every command line, with the number of its connection.
    commands: Vec<(usize, String)>,
    /// The commands that arrived with the next already behind them, before
    /// their reply: the client pipelined.
    ahead: Vec<String>,
    delivered: Vec<Delivered>,
}

pub(crate) struct ScriptedRelay {
    pub port: u16,
    log: Arc<Mutex<Log>>,
}

/// The connections open at once; a connection leaves when it says QUIT
/// (before the relay answers it, so a client that has its 221 is counted
/// out) or when it closes.
struct Open {
    count: AtomicUsize,
}

struct Admission<'a> {
    open: &'a Open,
    left: bool,
}

impl Admission<'_> {
    fn leave(&mut self) {
        if !std::mem::replace(&mut self.left, true) {
            self.open.count.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

impl Drop for Admission<'_> {
    fn drop(&mut self) {
        self.leave();
    }
}

impl ScriptedRelay {
    /// Starts the relay on an ephemeral loopback port; it runs until the
    /// test process ends.
    pub(crate) fn start(script: Script) -> ScriptedRelay {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(Log::default()));
        let open = Arc::new(Open {
            count: AtomicUsize::new(0),
        });
        let shared_log = log.clone();
        std::thread::spawn(move || {
            for (number, stream) in listener.incoming().enumerate() {
                let Ok(stream) = stream else { return };
                let (script, log, open) = (script.clone(), shared_log.clone(), open.clone());
                std::thread::spawn(move || serve(stream, number, &script, &log, &open));
            }
        });
        ScriptedRelay { port, log }
    }

    /// Every connection's commands, in the order the connections came.
    pub(crate) fn connections(&self) -> Vec<Vec<String>> {
        let log = self.log.lock().unwrap();
        let count = log.commands.iter().map(|(n, _)| n + 1).max().unwrap_or(0);
        let mut connections = vec![Vec::new(); count];
        for (n, command) in &log.commands {
            connections[*n].push(command.clone());
        }
        connections
    }

    /// The addresses of every `RCPT TO`, in the order they arrived.
    pub(crate) fn rcpts(&self) -> Vec<String> {
        self.log
            .lock()
            .unwrap()
            .commands
            .iter()
            .filter_map(|(_, c)| rcpt_address(c))
            .collect()
    }

    /// The commands that came with another already behind them.
    pub(crate) fn pipelined(&self) -> Vec<String> {
        self.log.lock().unwrap().ahead.clone()
    }

    pub(crate) fn delivered(&self) -> Vec<Delivered> {
        self.log.lock().unwrap().delivered.clone()
    }

    /// Waits until `count` messages have arrived (mail sent in the background).
    pub(crate) fn wait_for(&self, count: usize) -> Vec<Delivered> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let delivered = self.delivered();
            if delivered.len() >= count || Instant::now() > deadline {
                return delivered;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until some connection has sent a command starting with `verb`.
    pub(crate) fn wait_for_command(&self, starting: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !self
            .log
            .lock()
            .unwrap()
            .commands
            .iter()
            .any(|(_, c)| c.starts_with(starting))
        {
            assert!(Instant::now() < deadline, "nobody sent {starting}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn rcpt_address(command: &str) -> Option<String> {
    let rest = command.strip_prefix("RCPT TO:")?;
    Some(
        rest.trim()
            .trim_start_matches('<')
            .split('>')
            .next()?
            .to_lowercase(),
    )
}

fn serve(stream: TcpStream, number: usize, script: &Script, log: &Mutex<Log>, open: &Open) {
    let mut admission = Admission { open, left: false };
    let admitted = open.count.fetch_add(1, Ordering::SeqCst) < script.max_connections;
    let mut out = stream.try_clone().unwrap();
    let say = |out: &mut TcpStream, text: &str| {
        let _ = out.write_all(format!("{text}\r\n").as_bytes());
    };
    if !admitted && script.busy == Busy::AtGreeting {
        say(&mut out, script.busy_reply);
        return;
    }
    let mut lines = BufReader::new(stream);
    let Some(greeting) = script.greeting else {
        // Took the connection, never speaks: read until the client gives up.
        while read_line(&mut lines).is_some() {}
        return;
    };
    say(&mut out, greeting);
    let mut transaction: Option<Delivered> = None;
    let mut greeted = false;
    while let Some(line) = read_line(&mut lines) {
        {
            let mut log = log.lock().unwrap();
            log.commands.push((number, line.clone()));
            if !lines.buffer().is_empty() {
                log.ahead.push(line.clone());
            }
        }
        let verb = line
            .split([' ', ':'])
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let reply = match verb.as_str() {
            "EHLO" | "HELO"
                if std::mem::replace(&mut greeted, true) && script.second_ehlo.is_some() =>
            {
                Reply::say(script.second_ehlo.unwrap_or_default())
            }
            "EHLO" | "HELO" => {
                let mut reply = vec!["250-relay.test".to_string()];
                reply.extend(script.extensions.iter().map(|e| format!("250-{e}")));
                reply.push("250 HELP".into());
                Reply::Say(reply.join("\r\n"))
            }
            "STARTTLS" => script.starttls.clone(),
            "AUTH" => script.auth.clone(),
            "MAIL" if !admitted => {
                say(&mut out, script.busy_reply);
                return;
            }
            "MAIL" => {
                transaction = Some(Delivered {
                    mail: line.clone(),
                    to: Vec::new(),
                    data: String::new(),
                });
                Reply::say("250 2.1.0 ok")
            }
            "RCPT" => {
                let address = rcpt_address(&line).unwrap_or_default();
                let reply = (script.rcpt)(&address);
                if matches!(&reply, Reply::Say(text) if text.starts_with('2'))
                    && let Some(transaction) = transaction.as_mut()
                {
                    transaction.to.push(address);
                }
                reply
            }
            "DATA" if transaction.as_ref().is_none_or(|t| t.to.is_empty()) => {
                let reply = script.data_without_recipients;
                say(&mut out, reply);
                if reply.starts_with("354") {
                    while read_line(&mut lines).is_some_and(|line| line != ".") {}
                    transaction = None;
                    Reply::say("250 2.0.0 queued for nobody")
                } else {
                    continue;
                }
            }
            "DATA" => {
                say(&mut out, "354 go ahead");
                let mut data = String::new();
                while let Some(line) = read_line(&mut lines) {
                    if line == "." {
                        break;
                    }
                    data.push_str(&line);
                    data.push_str("\r\n");
                }
                if let Some(mut delivered) = transaction.take() {
                    delivered.data = data;
                    log.lock().unwrap().delivered.push(delivered);
                }
                Reply::say("250 2.0.0 queued")
            }
            "RSET" => {
                transaction = None;
                Reply::say("250 2.0.0 reset")
            }
            "NOOP" => Reply::say("250 2.0.0 ok"),
            "QUIT" => {
                admission.leave();
                say(&mut out, "221 2.0.0 bye");
                return;
            }
            _ => Reply::say("500 5.5.2 unknown command"),
        };
        match reply {
            Reply::Say(text) => say(&mut out, &text),
            Reply::Silence => {
                // Hung: whatever comes, no answer, until the client leaves.
                while let Some(line) = read_line(&mut lines) {
                    log.lock().unwrap().commands.push((number, line));
                }
                return;
            }
        }
    }
}

/// One line without its CRLF, bytes that are not UTF-8 replaced; `None` at
/// the end of the stream.
fn read_line(lines: &mut BufReader<TcpStream>) -> Option<String> {
    let mut bytes = Vec::new();
    match lines.read_until(b'\n', &mut bytes) {
        Ok(0) | Err(_) => None,
        Ok(_) => {
            let text = String::from_utf8_lossy(&bytes);
            Some(text.trim_end_matches(['\r', '\n']).to_string())
        }
    }
}
