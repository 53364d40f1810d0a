//! A real authoritative DNS server on a loopback port (UDP and TCP), in this
//! process (hickory-server), serving zones a test writes: the sender's SPF,
//! DKIM key, DMARC policy and MX as a case needs them. Every run of the
//! binary is pointed at one through `RUNDBRIEF_DNS_SERVER` (see
//! `util::rundbrief`), so no test ever asks a real resolver.

use std::net::{Ipv4Addr, SocketAddr};
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use base64::Engine;
use hickory_server::Server;
use hickory_server::proto::rr::rdata::{A, MX, SOA, TXT};
use hickory_server::proto::rr::{LowerName, Name, RData, Record, RecordType};
use hickory_server::store::in_memory::InMemoryZoneHandler;
use hickory_server::zone_handler::{AxfrPolicy, Catalog, ZoneHandler, ZoneType};

/// The Ed25519 DKIM seed the tests sign with (base64, as `key_file` holds it).
pub(crate) const DKIM_SEED: &str = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";

/// The `p=` of a DKIM record for an Ed25519 seed in base64.
pub(crate) fn ed25519_public(seed: &str) -> String {
    use ring::signature::KeyPair;
    let engine = base64::engine::general_purpose::STANDARD;
    let pair = ring::signature::Ed25519KeyPair::from_seed_unchecked(&engine.decode(seed).unwrap())
        .unwrap();
    engine.encode(pair.public_key().as_ref())
}

/// The records of one zone, apex first.
#[derive(Clone)]
pub(crate) struct Zone {
    origin: String,
    records: Vec<(String, RData)>,
}

impl Zone {
    /// An empty zone: its SOA alone.
    pub(crate) fn new(origin: &str) -> Zone {
        let soa = SOA::new(
            name(&format!("ns.{origin}")),
            name(&format!("hostmaster.{origin}")),
            1,
            3600,
            600,
            86400,
            60,
        );
        Zone {
            origin: origin.to_string(),
            records: vec![(origin.to_string(), RData::SOA(soa))],
        }
    }

    /// The sender of the sample workspace, `rundbrief@example.org`, with
    /// nothing missing: SPF, the DKIM key of [`DKIM_SEED`] under the selector
    /// `rundbrief`, DMARC that quarantines, an MX.
    pub(crate) fn sample() -> Zone {
        Zone::new("example.org")
            .txt("example.org", "v=spf1 ip4:127.0.0.1 -all")
            .txt("example.org", "google-site-verification=abc")
            .mx("example.org", "mail.example.org")
            .a("mail.example.org", Ipv4Addr::LOCALHOST)
            .txt(
                "rundbrief._domainkey.example.org",
                &format!("v=DKIM1; k=ed25519; p={}", ed25519_public(DKIM_SEED)),
            )
            .txt(
                "_dmarc.example.org",
                "v=DMARC1; p=quarantine; rua=mailto:dmarc@example.org",
            )
    }

    /// A TXT record; a text over 255 bytes is split into strings as DNS
    /// tools do with long DKIM keys.
    pub(crate) fn txt(mut self, at: &str, text: &str) -> Zone {
        let parts = text
            .as_bytes()
            .chunks(255)
            .map(|chunk| String::from_utf8(chunk.to_vec()).unwrap())
            .collect();
        self.records
            .push((at.to_string(), RData::TXT(TXT::new(parts))));
        self
    }

    pub(crate) fn mx(mut self, at: &str, exchange: &str) -> Zone {
        self.records
            .push((at.to_string(), RData::MX(MX::new(10, name(exchange)))));
        self
    }

    pub(crate) fn a(mut self, at: &str, address: Ipv4Addr) -> Zone {
        self.records
            .push((at.to_string(), RData::A(A::from(address))));
        self
    }

    /// Without the records of `kind` at `at`.
    pub(crate) fn without(mut self, at: &str, kind: RecordType) -> Zone {
        self.records
            .retain(|(name, data)| !(name == at && data.record_type() == kind));
        self
    }

    /// Without the TXT records at `at` that begin with `prefix`.
    pub(crate) fn without_txt(mut self, at: &str, prefix: &str) -> Zone {
        self.records.retain(|(name, data)| match data {
            RData::TXT(txt) if name == at => !txt.txt_data.concat().starts_with(prefix.as_bytes()),
            _ => true,
        });
        self
    }

    fn handler(&self) -> InMemoryZoneHandler {
        let mut handler =
            InMemoryZoneHandler::empty(name(&self.origin), ZoneType::Primary, AxfrPolicy::Deny);
        for (at, data) in &self.records {
            let record = Record::from_rdata(name(at), 60, data.clone());
            assert!(handler.upsert_mut(record, 1), "{at} {data}");
        }
        handler
    }
}

fn name(text: &str) -> Name {
    Name::from_str(&format!("{text}.")).unwrap()
}

/// A DNS server on `127.0.0.1:<port>`, UDP and TCP, answering for its
/// zones (REFUSED for any other name) until dropped.
pub(crate) struct DnsServer {
    pub address: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl DnsServer {
    pub(crate) fn start(zones: &[Zone]) -> DnsServer {
        let mut catalog = Catalog::new();
        for zone in zones {
            let handler: Arc<dyn ZoneHandler> = Arc::new(zone.handler());
            catalog.upsert(LowerName::new(&name(&zone.origin)), vec![handler]);
        }
        let (udp, tcp) = udp_and_tcp_on_one_port();
        let address = udp.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let mut server = Server::new(catalog);
                server.register_socket(tokio::net::UdpSocket::from_std(udp).unwrap());
                server.register_listener(
                    tokio::net::TcpListener::from_std(tcp).unwrap(),
                    std::time::Duration::from_secs(5),
                    4096,
                );
                let _ = stopped.await;
                let _ = server.shutdown_gracefully().await;
            });
        });
        DnsServer {
            address,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// `RUNDBRIEF_DNS_SERVER`'s value for this server.
    pub(crate) fn env(&self) -> String {
        self.address.to_string()
    }
}

impl Drop for DnsServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A UDP socket and a TCP listener on the same loopback port. The UDP port
/// is the system's pick; the same TCP port may be taken, so a few picks.
fn udp_and_tcp_on_one_port() -> (std::net::UdpSocket, std::net::TcpListener) {
    for _ in 0..20 {
        let udp = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        if let Ok(tcp) = std::net::TcpListener::bind(udp.local_addr().unwrap()) {
            udp.set_nonblocking(true).unwrap();
            tcp.set_nonblocking(true).unwrap();
            return (udp, tcp);
        }
    }
    panic!("no loopback port free for both UDP and TCP");
}

/// The server every run of the binary asks unless a test names another:
/// the sample's zone, so that `send` in any test finds nothing amiss.
pub(crate) fn sample_server() -> SocketAddr {
    static SAMPLE: OnceLock<SocketAddr> = OnceLock::new();
    *SAMPLE.get_or_init(|| {
        let server = DnsServer::start(&[Zone::sample()]);
        let address = server.address;
        // It serves every test of this process, to its end.
        std::mem::forget(server);
        address
    })
}

/// A loopback port where a DNS query never gets an answer: a UDP socket
/// that is bound and never read, and a TCP socket bound there that never
/// listens (connections are refused), both held while the value lives.
pub(crate) struct Silent {
    _udp: std::net::UdpSocket,
    _tcp: tokio::net::TcpSocket,
    pub address: SocketAddr,
}

impl Silent {
    pub(crate) fn start() -> Silent {
        for _ in 0..20 {
            let udp = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
            let address = udp.local_addr().unwrap();
            let tcp = tokio::net::TcpSocket::new_v4().unwrap();
            if tcp.bind(address).is_ok() {
                return Silent {
                    _udp: udp,
                    _tcp: tcp,
                    address,
                };
            }
        }
        panic!("no loopback port free for both UDP and TCP");
    }
}
