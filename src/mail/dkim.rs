//! DKIM signing of every mail rundbrief sends (issues, test copies, the
//! confirmation mail), with mail-auth rather than lettre's signer because
//! only mail-auth can over-sign: a header named once more in `h=` than the
//! message has it makes a verifier fail when someone adds that header after
//! signing (RFC 6376 §8.15) — a second From, or a Reply-To where there was
//! none, would otherwise still verify.

use std::path::Path;
use std::sync::Arc;

use lettre::message::header::{HeaderName, HeaderValue};
use mail_auth::common::crypto::{Ed25519Key, RsaKey, Sha256};
use mail_auth::common::headers::HeaderWriter;
use mail_auth::dkim::{Canonicalization, DkimSigner, Done};
use rustls_pki_types::PrivateKeyDer;
use rustls_pki_types::pem::PemObject;

use crate::config::{Dkim, DkimAlgorithm};

/// The headers the signature covers, each as often as it is signed: the
/// ones a reader trusts or acts on twice, so that none can be added later.
const SIGNED: &[&str] = &[
    "From",
    "From",
    "To",
    "Subject",
    "Subject",
    "Date",
    "Message-ID",
    "Reply-To",
    "Reply-To",
    "MIME-Version",
    "Content-Type",
    "List-Id",
    "List-Unsubscribe",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
];

enum Key {
    Rsa(DkimSigner<RsaKey<Sha256>, Done>),
    Ed25519(DkimSigner<Ed25519Key, Done>),
}

/// The signer of `[smtp.dkim]`, read once and shared by every connection.
#[derive(Clone)]
pub struct Signer(Arc<Key>);

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer")
    }
}

#[derive(Debug, Clone, thiserror::Error)]
#[error("DKIM: {0}")]
pub struct DkimError(String);

impl Signer {
    /// Reads the private key of `dkim` (relative to `root`): RSA as PEM
    /// (PKCS#1 or PKCS#8), Ed25519 as its 32-byte seed in base64.
    pub fn from_config(dkim: &Dkim, root: &Path) -> Result<Signer, DkimError> {
        let path = root.join(&dkim.key_file);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| DkimError(format!("{}: {e}", path.display())))?;
        let bad_key = |problem: String| {
            DkimError(crate::t!(
                "mail-dkim-bad-key",
                path = path.display().to_string(),
                algorithm = format!("{:?}", dkim.algorithm),
                problem = problem,
            ))
        };
        let key = match dkim.algorithm {
            DkimAlgorithm::Rsa => {
                let der = PrivateKeyDer::from_pem_slice(text.trim().as_bytes())
                    .map_err(|e| bad_key(e.to_string()))?;
                let key =
                    RsaKey::<Sha256>::from_key_der(der).map_err(|e| bad_key(e.to_string()))?;
                Key::Rsa(Self::template(DkimSigner::from_key(key), dkim))
            }
            DkimAlgorithm::Ed25519 => {
                let key = ed25519_from_seed(text.trim()).map_err(bad_key)?;
                Key::Ed25519(Self::template(DkimSigner::from_key(key), dkim))
            }
        };
        Ok(Signer(Arc::new(key)))
    }

    fn template<K: mail_auth::common::crypto::SigningKey>(
        signer: DkimSigner<K, mail_auth::dkim::NeedDomain>,
        dkim: &Dkim,
    ) -> DkimSigner<K, Done> {
        signer
            .domain(dkim.domain.clone())
            .selector(dkim.selector.clone())
            .headers(SIGNED.iter().copied())
            .header_canonicalization(Canonicalization::Relaxed)
            .body_canonicalization(Canonicalization::Relaxed)
    }

    /// Adds a DKIM-Signature header to `message`.
    pub fn sign(&self, message: &mut lettre::Message) -> Result<(), DkimError> {
        let header = self.header(&message.formatted())?;
        let value = header
            .strip_prefix("DKIM-Signature: ")
            .unwrap_or(&header)
            .trim_end_matches(['\r', '\n']);
        message
            .headers_mut()
            .insert_raw(HeaderValue::dangerous_new_pre_encoded(
                HeaderName::new_from_ascii_str("DKIM-Signature"),
                value.to_string(),
                value.to_string(),
            ));
        Ok(())
    }

    /// `message` (CRLF throughout) with a DKIM-Signature header before it.
    pub fn signed(&self, message: &[u8]) -> Result<Vec<u8>, DkimError> {
        let header = self.header(message)?;
        let mut signed = Vec::with_capacity(header.len() + message.len());
        signed.extend_from_slice(header.as_bytes());
        signed.extend_from_slice(message);
        Ok(signed)
    }

    /// The DKIM-Signature header of `message`, `DKIM-Signature: …` with
    /// its CRLF.
    fn header(&self, message: &[u8]) -> Result<String, DkimError> {
        let signature = match &*self.0 {
            Key::Rsa(signer) => signer.sign(message),
            Key::Ed25519(signer) => signer.sign(message),
        }
        .map_err(|e| DkimError(e.to_string()))?;
        let mut header = signature.to_header();
        if !header.ends_with("\r\n") {
            header.push_str("\r\n");
        }
        Ok(header)
    }
}

/// An Ed25519 key from the base64 of its seed, the form lettre took and
/// `openssl genpkey` users are told to publish.
fn ed25519_from_seed(base64: &str) -> Result<Ed25519Key, String> {
    use base64::Engine as _;
    let seed = base64::engine::general_purpose::STANDARD
        .decode(base64)
        .map_err(|e| e.to_string())?;
    let pair = ring::signature::Ed25519KeyPair::from_seed_unchecked(&seed)
        .map_err(|_| format!("{} bytes, not a 32-byte seed", seed.len()))?;
    use ring::signature::KeyPair;
    Ed25519Key::from_seed_and_public_key(&seed, pair.public_key().as_ref())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ed25519(dir: &Path) -> Dkim {
        std::fs::write(
            dir.join("dkim.key"),
            "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=\n",
        )
        .unwrap();
        Dkim {
            selector: "rundbrief".into(),
            domain: "example.org".into(),
            key_file: "dkim.key".into(),
            algorithm: DkimAlgorithm::Ed25519,
        }
    }

    fn message() -> lettre::Message {
        lettre::Message::builder()
            .from("Netzwerkstelle <info@example.org>".parse().unwrap())
            .to("anna@example.org".parse().unwrap())
            .subject("Rundbrief")
            .body("Hallo\r\n".to_string())
            .unwrap()
    }

    fn signed_headers(message: &lettre::Message) -> Vec<String> {
        let formatted = String::from_utf8(message.formatted()).unwrap();
        let signature = formatted.split("DKIM-Signature: ").nth(1).expect("signed");
        let h = signature
            .split("h=")
            .nth(1)
            .unwrap()
            .split(';')
            .next()
            .unwrap();
        h.split(':')
            .map(|name| name.trim().to_ascii_lowercase())
            .collect()
    }

    #[test]
    fn the_headers_a_reader_trusts_are_over_signed() {
        let dir = tempfile::tempdir().unwrap();
        let signer = Signer::from_config(&ed25519(dir.path()), dir.path()).unwrap();
        assert_eq!(format!("{signer:?}"), "Signer", "no key material in logs");
        let mut message = message();
        signer.sign(&mut message).unwrap();
        let signed = signed_headers(&message);
        let count = |name: &str| signed.iter().filter(|h| *h == name).count();
        // Once for the header present, once more so none can be added.
        for name in ["from", "subject", "list-unsubscribe", "reply-to"] {
            assert_eq!(count(name), 2, "{name} in {signed:?}");
        }
        assert_eq!(count("to"), 1, "{signed:?}");
        assert_eq!(count("date"), 1, "{signed:?}");
    }

    /// A resolver cache holding the one DKIM record the test publishes, so
    /// that verifying never asks a name server.
    struct Published(std::sync::Mutex<std::collections::HashMap<Box<str>, mail_auth::Txt>>);

    impl mail_auth::ResolverCache<Box<str>, mail_auth::Txt> for Published {
        fn get<Q>(&self, name: &Q) -> Option<mail_auth::Txt>
        where
            Box<str>: std::borrow::Borrow<Q>,
            Q: std::hash::Hash + Eq + ?Sized,
        {
            self.0.lock().unwrap().get(name).cloned()
        }
        fn remove<Q>(&self, name: &Q) -> Option<mail_auth::Txt>
        where
            Box<str>: std::borrow::Borrow<Q>,
            Q: std::hash::Hash + Eq + ?Sized,
        {
            self.0.lock().unwrap().remove(name)
        }
        fn insert(&self, key: Box<str>, value: mail_auth::Txt, _: std::time::Instant) {
            self.0.lock().unwrap().insert(key, value);
        }
    }

    async fn verifies(raw: &[u8], public_key: &[u8]) -> bool {
        use base64::Engine as _;
        use mail_auth::common::parse::TxtRecordParser;
        use mail_auth::common::verify::DomainKey;
        let record = format!(
            "v=DKIM1; k=ed25519; p={}",
            base64::engine::general_purpose::STANDARD.encode(public_key)
        );
        let key = DomainKey::parse(record.as_bytes()).unwrap();
        let published = Published(std::sync::Mutex::default());
        published.0.lock().unwrap().insert(
            "rundbrief._domainkey.example.org.".into(),
            mail_auth::Txt::DomainKey(std::sync::Arc::new(key)),
        );
        // A closed loopback port: a lookup past the cache would fail, not leave the machine.
        let config = mail_auth::hickory_resolver::config::ResolverConfig::from_name_servers(vec![
            mail_auth::hickory_resolver::config::NameServerConfig::udp(std::net::IpAddr::from([
                127, 0, 0, 1,
            ])),
        ]);
        let authenticator = mail_auth::MessageAuthenticator::new(
            config,
            mail_auth::hickory_resolver::config::ResolverOpts::default(),
        )
        .unwrap();
        let message = mail_auth::AuthenticatedMessage::parse(raw).unwrap();
        let results = authenticator
            .verify_dkim(mail_auth::Parameters::new(&message).with_txt_cache(&published))
            .await;
        !results.is_empty()
            && results
                .iter()
                .all(|r| *r.result() == mail_auth::DkimResult::Pass)
    }

    /// Issue 10 (every mail signed and named right): a Reply-To added after
    /// signing still verified. Over-signed, it breaks the signature.
    #[tokio::test]
    async fn a_header_added_after_signing_breaks_the_signature() {
        let dir = tempfile::tempdir().unwrap();
        let signer = Signer::from_config(&ed25519(dir.path()), dir.path()).unwrap();
        let mut message = message();
        signer.sign(&mut message).unwrap();
        let public_key = {
            use base64::Engine as _;
            use ring::signature::KeyPair;
            let seed = base64::engine::general_purpose::STANDARD
                .decode("nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=")
                .unwrap();
            ring::signature::Ed25519KeyPair::from_seed_unchecked(&seed)
                .unwrap()
                .public_key()
                .as_ref()
                .to_vec()
        };
        let raw = message.formatted();
        assert!(
            verifies(&raw, &public_key).await,
            "the signed message verifies"
        );
        // Sealed bytes are signed the same way (issue 14: encode once).
        let sealed = signer.signed(&self::tests::message().formatted()).unwrap();
        assert!(sealed.starts_with(b"DKIM-Signature: "));
        assert!(verifies(&sealed, &public_key).await, "signed bytes verify");
        let mut tampered = sealed.clone();
        let at = tampered.len() - 4;
        tampered[at] = b'X';
        assert!(
            !verifies(&tampered, &public_key).await,
            "a changed body is caught"
        );
        let mut tampered = b"Reply-To: attacker@example.net\r\n".to_vec();
        tampered.extend_from_slice(&raw);
        assert!(
            !verifies(&tampered, &public_key).await,
            "an added Reply-To is caught"
        );
        let mut tampered = b"From: Bank <security@example.net>\r\n".to_vec();
        tampered.extend_from_slice(&raw);
        assert!(
            !verifies(&tampered, &public_key).await,
            "an added From is caught"
        );
    }

    #[test]
    fn a_key_that_is_not_one_names_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut dkim = ed25519(dir.path());
        std::fs::write(dir.path().join("dkim.key"), "c2hvcnQ=").unwrap();
        let error = Signer::from_config(&dkim, dir.path())
            .unwrap_err()
            .to_string();
        assert!(error.contains("dkim.key"), "{error}");
        dkim.algorithm = DkimAlgorithm::Rsa;
        let error = Signer::from_config(&dkim, dir.path())
            .unwrap_err()
            .to_string();
        assert!(error.contains("dkim.key"), "{error}");
    }
}
