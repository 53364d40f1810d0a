//! A subscriber CSV of any bytes: read as an import would. Every row that
//! comes out has a valid address and a one-line name.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(parsed) = rundbrief::subscriber_csv::parse(Path::new("fuzz.csv"), data) else { return };
    for row in &parsed.rows {
        assert!(row.line >= 2, "a data row comes after the header");
        assert!(!row.address.canonical().is_empty());
        assert!(!row.address.as_str().contains(['\r', '\n']));
        if let Some(name) = &row.name {
            assert!(!name.contains(['\r', '\n']));
        }
    }
    for (line, reason) in &parsed.invalid {
        assert!(*line >= 2 && !reason.to_string().is_empty());
    }
});
