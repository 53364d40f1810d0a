//! An entry file of any bytes: split at its `+++` lines and parsed as an
//! entry of the sample workspace. It may be refused, never panic.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rundbrief::Workspace;

fn workspace() -> &'static Workspace {
    static WS: OnceLock<Workspace> = OnceLock::new();
    WS.get_or_init(|| Workspace::open(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))).unwrap())
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(parts) = rundbrief::content::split_front_matter(text) {
        assert!(parts.front_matter_line >= 2);
        assert!(parts.body_line > parts.front_matter_line);
    }
    let file = Path::new("issues/2026-Q4/fuzz.md");
    if let Ok((entry, _)) = rundbrief::content::parse_entry(workspace().folder(), file, text) {
        assert!(!entry.slug.as_str().is_empty());
        assert!(rundbrief::content::Slug::parse(entry.slug.as_str()).is_some());
    }
});
