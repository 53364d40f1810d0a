//! How long `rundbrief archive` takes for ten years of a quarterly: 40
//! issues × 6 entries (~600 words each, tagged), generated. Goal: under 1 s.
//! Run with `cargo bench --bench archive`.

use std::path::Path;
use std::time::{Duration, Instant};

use rundbrief::Workspace;
use rundbrief::archive::build_archive;

const ISSUES: usize = 40;
const ENTRIES: usize = 6;
const COUNTRIES: &[&str] = &[
    "uk",
    "usa",
    "polen",
    "ungarn",
    "tuerkei",
    "albanien",
    "nordmazedonien",
];
const THEMES: &[&str] = &[
    "integration",
    "migration",
    "digitalisierung",
    "jugend",
    "bildung",
    "nachhaltigkeit",
];

fn body(n: usize) -> String {
    let sentence = "Die Städtepartnerschaft lebt von Begegnungen, von Vereinen und von Menschen, die sich kennenlernen wollen. ";
    let mut text = String::new();
    for section in 0..5 {
        text.push_str(&format!("## Abschnitt {section} zu Beitrag {n}\n\n"));
        text.push_str(&sentence.repeat(8));
        text.push_str("\n\n- ein Punkt\n- noch ein [Link](https://www.example.org/)\n\n");
    }
    text
}

fn workspace(root: &Path) -> Workspace {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(sample.join("rundbrief.toml"), root.join("rundbrief.toml")).unwrap();
    for i in 0..ISSUES {
        let (year, quarter) = (2017 + i / 4, i % 4 + 1);
        let dir = root.join(format!("issues/{year}-Q{quarter}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("issue.toml"),
            format!(
                "title = \"Rundbrief {quarter}/{year}\"\nnumber = {}\ndate = {year}-{:02}-15\nsubject = \"Rundbrief {quarter}/{year}\"\n\
                 preheader = \"Neues aus den Partnerschaften\"\neditorial = '''\nLiebe Leserinnen und Leser, dies ist Ausgabe {quarter}/{year}.\n'''\n",
                i + 1,
                quarter * 3 - 1
            ),
        )
        .unwrap();
        for e in 0..ENTRIES {
            let n = i * ENTRIES + e;
            std::fs::write(
                dir.join(format!("beitrag-{e}.md")),
                format!(
                    "+++\ntitle = \"Beitrag {n} über Partnerschaften\"\nauthor = \"Redaktion\"\ndate = {year}-{:02}-{:02}\n\
                     summary = \"Eine kurze Zusammenfassung von Beitrag {n}.\"\ncountries = [\"{}\"]\nthemes = [\"{}\", \"{}\"]\norder = {e}\n+++\n\n{}",
                    quarter * 3 - 1,
                    e + 1,
                    COUNTRIES[n % COUNTRIES.len()],
                    THEMES[n % THEMES.len()],
                    THEMES[(n + 1) % THEMES.len()],
                    body(n)
                ),
            )
            .unwrap();
        }
    }
    Workspace::open(root).unwrap()
}

fn main() {
    let runs = if std::env::args().any(|a| a == "--bench") {
        5
    } else {
        1
    };
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let mut times: Vec<Duration> = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        last = Some(build_archive(&ws, Path::new("public"), false).unwrap());
        times.push(start.elapsed());
    }
    times.sort();
    let report = last.unwrap();
    println!(
        "archive of {} issues, {} entries, {} files: median {:.0} ms, min {:.0} ms ({runs} runs)",
        report.issues,
        report.entries,
        report.files,
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3
    );
}
