//! The workspace's secret key and what is derived from it: where the key
//! comes from (`RUNDBRIEF_SECRET_KEY`, or a key file outside the repository),
//! random tokens, keyed hashes, and comparisons in constant time.

use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

pub const ENV: &str = "RUNDBRIEF_SECRET_KEY";

/// 256 bits that never appear in the repository, a log line or the database.
#[derive(Clone)]
pub struct SecretKey([u8; 32]);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(…)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{}", self.message())]
    Malformed { source_name: String },
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", self.message())]
    Nowhere,
}

impl KeyError {
    /// What the staff reads, in their language.
    fn message(&self) -> String {
        match self {
            KeyError::Malformed { source_name } => {
                crate::t!("secret-malformed", source = source_name.as_str())
            }
            KeyError::Io { path, source } => format!("{}: {source}", path.display()),
            KeyError::Nowhere => crate::t!("secret-nowhere", env = ENV),
        }
    }
}

impl SecretKey {
    /// The key from the environment, the configured `key_file` (relative to
    /// `root`), or the user's config folder (created there on first use,
    /// readable by the owner only). Returns the key and, when it was just
    /// created, where.
    pub fn load(
        key_file: Option<&Path>,
        root: &Path,
    ) -> Result<(SecretKey, Option<PathBuf>), KeyError> {
        if let Ok(text) = std::env::var(ENV) {
            return SecretKey::from_hex(&text, ENV).map(|key| (key, None));
        }
        let path = match key_file {
            Some(path) => root.join(path),
            None => default_path().ok_or(KeyError::Nowhere)?,
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                SecretKey::from_hex(&text, &path.display().to_string()).map(|key| (key, None))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = SecretKey(random_bytes());
                write_private(&path, &hex(&key.0)).map_err(|source| KeyError::Io {
                    path: path.clone(),
                    source,
                })?;
                Ok((key, Some(path)))
            }
            Err(source) => Err(KeyError::Io { path, source }),
        }
    }

    pub fn from_hex(text: &str, source_name: &str) -> Result<SecretKey, KeyError> {
        let malformed = || KeyError::Malformed {
            source_name: source_name.to_string(),
        };
        let bytes = unhex(text.trim()).ok_or_else(malformed)?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| malformed())?;
        Ok(SecretKey(key))
    }

    /// HMAC-SHA-256 of `data` under this key, separated by `purpose` so that
    /// one kind of derived value can never stand in for another.
    pub fn mac(&self, purpose: &str, data: &[u8]) -> [u8; 32] {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(data);
        mac.finalize().into_bytes().into()
    }
}

fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))?;
    Some(base.join("rundbrief").join("secret.key"))
}

fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(parent) = path.parent() {
        let mut folder = std::fs::DirBuilder::new();
        folder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            folder.mode(0o700);
        }
        folder.create(parent)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.write_all(b"\n")
}

/// `N` bytes from the operating system's random source.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    bytes
}

pub fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// Compares two secrets without leaking, through timing, where they differ.
pub fn same(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(DIGITS[usize::from(byte >> 4)] as char);
        out.push(DIGITS[usize::from(byte & 15)] as char);
    }
    out
}

pub fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(text.get(at..at + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips() {
        let bytes = random_bytes::<16>();
        assert_eq!(unhex(&hex(&bytes)).unwrap(), bytes);
        assert_eq!(unhex("zz"), None);
        assert_eq!(unhex("abc"), None);
        assert_eq!(unhex("é1"), None);
    }

    #[test]
    fn macs_differ_by_purpose_and_key() {
        let a = SecretKey::from_hex(&"11".repeat(32), "test").unwrap();
        let b = SecretKey::from_hex(&"22".repeat(32), "test").unwrap();
        assert_ne!(a.mac("suppression", b"x"), a.mac("unsubscribe", b"x"));
        assert_ne!(a.mac("suppression", b"x"), b.mac("suppression", b"x"));
        assert_eq!(a.mac("suppression", b"x"), a.mac("suppression", b"x"));
    }

    #[test]
    fn a_short_key_is_refused() {
        assert!(SecretKey::from_hex("abcd", "RUNDBRIEF_SECRET_KEY").is_err());
    }
}
