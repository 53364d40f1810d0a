//! How long `rundbrief build` takes for a big issue: 10 entries of about
//! 1,500 words each in a generated workspace. Every word is rendered (the
//! entry pages carry the full text); the email shows each entry's summary, as
//! it must to stay under Gmail's 102 KB. Run with `cargo bench --bench build`.

use std::path::Path;
use std::time::{Duration, Instant};

use rundbrief::Workspace;
use rundbrief::build::build_issue;
use rundbrief::content::IssueId;
use rundbrief::workspace::check_issue;

const ENTRIES: usize = 10;
const WORDS_PER_ENTRY: usize = 1_500;
const RUNS: usize = 30;

const WORDS: &[&str] = &[
    "Städtepartnerschaft",
    "Begegnung",
    "Jugend",
    "Verein",
    "Kommune",
    "Austausch",
    "Europa",
    "Freundschaft",
    "Partnerstadt",
    "Projekt",
    "Schule",
    "Bürgerinnen",
    "Bürger",
    "gemeinsam",
    "lebendig",
    "nachhaltig",
    "digital",
    "und",
    "der",
    "die",
    "das",
    "mit",
    "für",
    "über",
];

fn paragraph(seed: &mut u64, words: usize) -> String {
    let mut out = String::new();
    for i in 0..words {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let word = WORDS[(*seed >> 33) as usize % WORDS.len()];
        if i > 0 {
            out.push(' ');
        }
        match i % 37 {
            5 => out.push_str(&format!("**{word}**")),
            17 => out.push_str(&format!("[{word}](https://www.example.org/{word})")),
            _ => out.push_str(word),
        }
    }
    out.push('.');
    out
}

fn workspace(root: &Path) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(sample.join("rundbrief.toml"), root.join("rundbrief.toml")).unwrap();
    let issue = root.join("issues/2027-Q1");
    std::fs::create_dir_all(&issue).unwrap();
    std::fs::write(
        issue.join("issue.toml"),
        "title = \"Benchmark\"\ndate = 2027-01-15\nsubject = \"Benchmark\"\npreheader = \"Zehn lange Beiträge\"\n\
         editorial = '''\nEin Editorial mit einem [Link](https://www.example.org/).\n'''\n\
         [[events]]\ndate = 2027-02-01T10:00:00\ntitle = \"Seminar\"\nplace = \"Dortmund\"\n",
    )
    .unwrap();
    let mut seed = 42;
    for n in 0..ENTRIES {
        let mut body = String::new();
        let mut words = 0;
        while words < WORDS_PER_ENTRY {
            body.push_str(&format!(
                "## Abschnitt {words}\n\n{}\n\n",
                paragraph(&mut seed, 120)
            ));
            body.push_str("- erstens\n- zweitens\n- drittens\n\n");
            words += 126;
        }
        std::fs::write(
            issue.join(format!("beitrag-{n}.md")),
            format!(
                "+++\ntitle = \"Beitrag Nummer {n}\"\nauthor = \"Autorin\"\ndate = 2027-01-0{}\n\
                 summary = \"{}\"\ncountries = [\"polen\"]\nthemes = [\"jugend\"]\norder = {n}\n+++\n\n{body}",
                n % 9 + 1,
                paragraph(&mut seed.clone(), 40).replace(['[', ']', '(', ')', '*'], "")
            ),
        )
        .unwrap();
    }
}

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let median = times[times.len() / 2];
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    println!(
        "{name:<34} median {:>7.2} ms   mean {:>7.2} ms   min {:>7.2} ms   ({} runs)",
        median.as_secs_f64() * 1e3,
        mean.as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times.len()
    );
}

fn main() {
    // `cargo test --benches` runs this too; one quick round is enough there.
    let runs = if std::env::args().any(|a| a == "--bench") {
        RUNS
    } else {
        1
    };
    let dir = tempfile::tempdir().unwrap();
    workspace(dir.path());
    let ws = Workspace::open(dir.path()).unwrap();
    let id: IssueId = "2027-Q1".parse().unwrap();

    let built = build_issue(&ws, &id).unwrap();
    let html: usize = built.email_sizes.iter().map(|(_, size)| size).sum();
    println!(
        "issue: {ENTRIES} entries × ~{WORDS_PER_ENTRY} words, email HTML {} KB (de)",
        html / 1024
    );

    let mut check_times = Vec::new();
    let mut build_times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let checked =
            check_issue(&ws, &id).unwrap_or_else(|_| panic!("the benchmark issue has errors"));
        check_times.push(start.elapsed());
        assert!(!checked.rendered.emails.is_empty());
        let start = Instant::now();
        build_issue(&ws, &id).unwrap();
        build_times.push(start.elapsed());
    }
    report("load + render + check", check_times);
    report("build (all of it, files written)", build_times);
}
