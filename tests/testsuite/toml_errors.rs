//! TOML problems in issue.toml, an entry's front matter and rundbrief.toml,
//! as a German editor reads them: every problem of a file in line order,
//! the nearest known key for a typo, the date written out, no English from
//! the TOML parser.

use crate::util::{Run, TestWorkspace, rundbrief};

const ALBANIEN: &str = "issues/2026-Q4/albanien-nordmazedonien.md";
const ISSUE: &str = "issues/2026-Q4/issue.toml";

/// `rundbrief check` with the interface in German.
fn check_de(ws: &TestWorkspace) -> Run {
    let output = rundbrief()
        .current_dir(ws.root())
        .env("RUNDBRIEF_LANG", "de")
        .arg("check")
        .output()
        .unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The 1-based line of `needle` in a workspace file.
#[track_caller]
fn line_of(ws: &TestWorkspace, file: &str, needle: &str) -> usize {
    ws.read(file)
        .lines()
        .position(|line| line.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in {file}"))
        + 1
}

/// The lines of stderr that report a problem of `file`.
fn reports<'a>(run: &'a Run, file: &str) -> Vec<&'a str> {
    run.stderr
        .lines()
        .filter(|line| line.contains(&format!("{file}:")))
        .collect()
}

/// English the toml crate says, which a German report must not contain.
const TOML_ENGLISH: &[&str] = &[
    "unknown field",
    "missing field",
    "invalid type",
    "expected one of",
    "invalid date",
    "invalid float",
    "string values must be quoted",
    "TOML parse error",
];

#[track_caller]
fn no_toml_english(run: &Run) {
    for english in TOML_ENGLISH {
        assert!(
            !run.stderr.contains(english),
            "{english:?} in\n{}",
            run.stderr
        );
    }
}

#[test]
fn a_mistyped_key_suggests_the_nearest_known_one() {
    let ws = TestWorkspace::sample();
    ws.edit(ALBANIEN, "author = ", "autor = ");
    let run = check_de(&ws).expect(1);
    let line = line_of(&ws, ALBANIEN, "autor = ");
    let expected = format!(
        "{ALBANIEN}:{line}: Fehler[unknown-key]: unbekannte Angabe `autor`; Meinten Sie `author`?"
    );
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
    // The suggestion says that `author` is missing; no second report says it again.
    assert_eq!(reports(&run, ALBANIEN).len(), 1, "{}", run.stderr);
    no_toml_english(&run);
}

#[test]
fn a_key_far_from_every_known_one_lists_them() {
    let ws = TestWorkspace::sample();
    ws.edit(ALBANIEN, "order = 20", "order = 20\nfarbe = \"blau\"");
    let run = check_de(&ws).expect(1);
    assert!(
        run.stderr.contains(
            "unbekannte Angabe `farbe`; prüfen Sie die Schreibweise oder entfernen Sie die Angabe (bekannt sind: `title`, `author`"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("Meinten Sie"), "{}", run.stderr);
}

#[test]
fn two_unknown_keys_in_one_file_are_two_reports_in_line_order() {
    let ws = TestWorkspace::sample();
    // `zzz` sorts last and stands first, `aaa` the other way round: the
    // reports follow the file, not the order the keys are checked in.
    ws.edit(ALBANIEN, "title = ", "zzz = 1\ntitle = ");
    ws.edit(ALBANIEN, "order = 20", "order = 20\naaa = 2");
    let run = check_de(&ws).expect(1);
    let (first, second) = (
        line_of(&ws, ALBANIEN, "zzz = 1"),
        line_of(&ws, ALBANIEN, "aaa = 2"),
    );
    assert_eq!(
        reports(&run, ALBANIEN),
        vec![
            format!(
                "{ALBANIEN}:{first}: Fehler[unknown-key]: unbekannte Angabe `zzz`; prüfen Sie die Schreibweise oder entfernen Sie die Angabe (bekannt sind: `title`, `author`, `date`, `summary`, `countries`, `themes`, `image`, `image_alt`, `order`, `draft`, `language`, `slug`)"
            ),
            format!(
                "{ALBANIEN}:{second}: Fehler[unknown-key]: unbekannte Angabe `aaa`; prüfen Sie die Schreibweise oder entfernen Sie die Angabe (bekannt sind: `title`, `author`, `date`, `summary`, `countries`, `themes`, `image`, `image_alt`, `order`, `draft`, `language`, `slug`)"
            ),
        ],
        "{}",
        run.stderr
    );
}

const DATE_HINT: &str = "Fehler[invalid-value]: kein gültiges Datum; schreiben Sie das Datum als JJJJ-MM-TT (zum Beispiel 2026-11-25), mit Uhrzeit als 2026-11-25T15:00:00";

#[test]
fn a_date_toml_cannot_read_is_explained_and_the_rest_still_checked() {
    let ws = TestWorkspace::sample();
    ws.edit(ALBANIEN, "date = 2026-11-05", "date = 2026-13-45");
    ws.edit(ALBANIEN, "order = 20", "order = 20\nfarbe = \"blau\"");
    let run = check_de(&ws).expect(1);
    let (date, farbe) = (
        line_of(&ws, ALBANIEN, "date = "),
        line_of(&ws, ALBANIEN, "farbe = "),
    );
    let found = reports(&run, ALBANIEN);
    assert_eq!(found.len(), 2, "{}", run.stderr);
    assert_eq!(found[0], format!("{ALBANIEN}:{date}: {DATE_HINT}"));
    assert!(
        found[1].starts_with(&format!("{ALBANIEN}:{farbe}: Fehler[unknown-key]")),
        "{}",
        run.stderr
    );
    no_toml_english(&run);
}

#[test]
fn a_date_written_the_german_way_gets_the_date_hint() {
    for written in [
        "date = 25.11.2026",
        "date = \"25.11.2026\"",
        "date = 2026-11-31",
    ] {
        let ws = TestWorkspace::sample();
        ws.edit(ISSUE, "date = 2026-11-25", written);
        let run = check_de(&ws).expect(1);
        let line = line_of(&ws, ISSUE, written);
        assert!(
            run.stderr.contains(&format!("{ISSUE}:{line}: {DATE_HINT}")),
            "{written}:\n{}",
            run.stderr
        );
        no_toml_english(&run);
    }
}

#[test]
fn wrong_types_and_missing_fields_are_told_in_german() {
    let ws = TestWorkspace::sample();
    ws.edit(ISSUE, "number = 12", "number = \"zwölf\"");
    ws.edit(ISSUE, "subject = ", "betreff = ");
    let run = check_de(&ws).expect(1);
    let number = line_of(&ws, ISSUE, "number = ");
    assert!(
        run.stderr.contains(&format!(
            "{ISSUE}:{number}: Fehler[invalid-value]: hier steht ein Text (\"zwölf\"), erwartet wird eine ganze Zahl ab 0"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "Fehler[missing-field]: die Angabe `subject` fehlt; ergänzen Sie sie (`rundbrief new` zeigt alle Felder)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("unbekannte Angabe `betreff`"),
        "{}",
        run.stderr
    );
    no_toml_english(&run);
}

#[test]
fn a_syntax_error_says_where_in_german() {
    let ws = TestWorkspace::sample();
    ws.edit(ALBANIEN, "order = 20", "order = zwanzig");
    let run = check_de(&ws).expect(1);
    let line = line_of(&ws, ALBANIEN, "order = ");
    assert!(
        run.stderr.contains(&format!(
            "{ALBANIEN}:{line}: Fehler[invalid-value]: TOML-Schreibfehler in Spalte 9: Texte stehen in Anführungszeichen"
        )),
        "{}",
        run.stderr
    );
    no_toml_english(&run);
}

#[test]
fn every_problem_of_the_configuration_is_reported_in_german() {
    let ws = TestWorkspace::sample();
    ws.edit("rundbrief.toml", "postal_address =", "postal_adress =");
    ws.edit("rundbrief.toml", "tls = \"starttls\"", "tls = \"startls\"");
    ws.edit(
        "rundbrief.toml",
        "allow_html = false",
        "allow_html = \"nein\"",
    );
    let run = check_de(&ws).expect(1);
    let file = "rundbrief.toml";
    let (address, tls, html) = (
        line_of(&ws, file, "postal_adress"),
        line_of(&ws, file, "tls = "),
        line_of(&ws, file, "allow_html"),
    );
    let found = reports(&run, file);
    assert_eq!(found.len(), 3, "{}", run.stderr);
    assert!(
        found[0].ends_with(&format!(
            "{file}:{address}: Fehler[unknown-key]: unbekannte Angabe `postal_adress`; Meinten Sie `postal_address`?"
        )),
        "{}",
        run.stderr
    );
    assert!(
        found[1].ends_with(&format!(
            "{file}:{tls}: Fehler[invalid-value]: unbekannter Wert `startls`; Meinten Sie `starttls`? (möglich sind `none`, `starttls`, `tls`)"
        )),
        "{}",
        run.stderr
    );
    assert!(
        found[2].ends_with(&format!(
            "{file}:{html}: Fehler[invalid-value]: hier steht ein Text (\"nein\"), erwartet wird true oder false"
        )),
        "{}",
        run.stderr
    );
    no_toml_english(&run);
}
