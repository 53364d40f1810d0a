//! What arrives in URLs and links: tokens from confirm and unsubscribe links,
//! email addresses from the form, links the editor writes in Markdown, and
//! neutralised CSV cells. Refused or accepted, never a panic; accepted
//! values keep their promises.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rundbrief::Workspace;
use rundbrief::address::Address;
use rundbrief::content::SiteIndex;
use rundbrief::urls::{Resolver, Target};
use rundbrief::store::{TOKEN_LEN, Token};

fn workspace() -> &'static (Workspace, SiteIndex) {
    static WS: OnceLock<(Workspace, SiteIndex)> = OnceLock::new();
    WS.get_or_init(|| {
        let ws = Workspace::open(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))).unwrap();
        let index = ws.index();
        (ws, index)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Some(token) = Token::parse(text) {
        assert_eq!(token.as_str().len(), TOKEN_LEN);
        assert!(token.as_str().bytes().all(|b| b.is_ascii_hexdigit()));
    }
    if let Ok(address) = Address::parse(text) {
        assert!(address.canonical().is_ascii() || address.canonical().contains('@'));
        assert!(!address.as_str().contains(['\r', '\n']));
        assert!(address.as_str().len() <= rundbrief::address::MAX_LEN);
    }
    let (ws, index) = workspace();
    let resolver = Resolver::new(&ws.config.site.base_url, &ws.config.paths.issues, index);
    if let Ok(Target::Asset { file, url }) = resolver.resolve(Path::new("issues/2026-Q4/fuzz.md"), text) {
        // A link may only ever point at a file inside the issues folder.
        assert!(file.starts_with(&ws.config.paths.issues), "{file:?} from {text:?}");
        assert!(url.starts_with(ws.config.site.base_url.as_str()));
    }
    let cell = rundbrief::subscriber_csv::neutralise(text);
    assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']));
});
