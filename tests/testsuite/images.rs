//! Pictures fit for email: `build` writes each picture the email shows at
//! most twice the column wide, in its own format, without EXIF, and the
//! email gives it width and height; the archive keeps the original;
//! `check` weighs pictures and emails against their budgets.

use std::io::Cursor;

use image::{ImageFormat, RgbImage, RgbaImage};

use crate::util::TestWorkspace;

const BASE: &str = "https://www.example.org/rundbrief/";
/// Two device pixels for each of the column's 552 CSS pixels.
const MOST: u32 = 2 * 552;
/// What the EXIF segment carries, as a phone's GPS position would be.
const SECRET: &[u8] = b"GPS 51.5136 N 7.4653 E, rundbrief-secret";

/// A JPEG `width` pixels wide with an EXIF segment (APP1) written in by
/// hand right after the start of image, where cameras put it.
fn photo_with_exif(width: u32, height: u32) -> Vec<u8> {
    let picture = RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x / 16) % 256) as u8])
    });
    let mut jpeg = Vec::new();
    picture
        .write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg)
        .unwrap();
    let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\0\0\0\0\0".to_vec();
    exif.extend_from_slice(SECRET);
    let length = u16::try_from(exif.len() + 2).unwrap().to_be_bytes();
    let mut segment = vec![0xFF, 0xE1, length[0], length[1]];
    segment.extend(exif);
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8]);
    let mut out = jpeg[..2].to_vec();
    out.extend(segment);
    out.extend_from_slice(&jpeg[2..]);
    // The fixture carries what the test says is gone afterwards.
    assert!(contains(&out, b"Exif\0\0") && contains(&out, SECRET));
    image::load_from_memory_with_format(&out, ImageFormat::Jpeg).expect("still a JPEG");
    out
}

fn map_png(width: u32, height: u32) -> Vec<u8> {
    let picture = RgbaImage::from_fn(width, height, |x, _| {
        image::Rgba([0, (x % 256) as u8, 200, 180])
    });
    let mut png = Vec::new();
    picture
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .unwrap();
    png
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The sample's 2026-Q4 with a 4000 px photo as an entry's picture and a
/// 3000 px PNG in another entry's summary.
fn workspace() -> (TestWorkspace, Vec<u8>) {
    let ws = TestWorkspace::sample();
    let photo = photo_with_exif(4000, 300);
    ws.write("issues/2026-Q4/images/jugendbegegnung-polen.jpg", &photo);
    ws.write("issues/2026-Q4/images/karte.png", map_png(3000, 200));
    ws.edit(
        "issues/2026-Q4/albanien-nordmazedonien.md",
        "summary = \"Zu Albanien",
        "summary = \"![Karte der Region](images/karte.png) Zu Albanien",
    );
    (ws, photo)
}

/// The `<img>` of the email whose source ends in `name`: its width and height.
fn img_size(html: &str, name: &str) -> (String, String) {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse("img").unwrap();
    let img = document
        .select(&selector)
        .find(|img| {
            img.value()
                .attr("src")
                .is_some_and(|src| src.ends_with(name))
        })
        .unwrap_or_else(|| panic!("no <img> of {name} in\n{html}"));
    let attr = |name| img.value().attr(name).unwrap_or("").to_string();
    (attr("width"), attr("height"))
}

#[test]
fn a_4000_px_photo_goes_into_the_email_at_most_twice_the_column_wide_without_exif() {
    let (ws, original) = workspace();
    ws.run(&["build", "2026-Q4"]).expect(0);

    let copy =
        std::fs::read(ws.path("out/2026-Q4/email/images/jugendbegegnung-polen.jpg")).unwrap();
    assert_eq!(image::guess_format(&copy).unwrap(), ImageFormat::Jpeg);
    let decoded = image::load_from_memory(&copy).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (MOST, 83));
    assert!(!contains(&copy, b"Exif"), "the EXIF segment is gone");
    assert!(!contains(&copy, SECRET), "and what it said with it");

    let png = std::fs::read(ws.path("out/2026-Q4/email/images/karte.png")).unwrap();
    assert_eq!(image::guess_format(&png).unwrap(), ImageFormat::Png);
    let decoded = image::load_from_memory(&png).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (MOST, 74));
    assert!(decoded.color().has_alpha(), "a PNG keeps its transparency");

    // The email shows the copies, at the column's width, with their height.
    for lang in ["html", "en.html"] {
        let html = ws.read(&format!("out/2026-Q4/email.{lang}"));
        assert_eq!(
            img_size(&html, "2026-q4/email/images/jugendbegegnung-polen.jpg"),
            ("552".into(), "41".into())
        );
        assert_eq!(
            img_size(&html, "2026-q4/email/images/karte.png"),
            ("552".into(), "37".into())
        );
        assert!(
            !html.contains(&format!("{BASE}2026-q4/images/jugendbegegnung-polen.jpg")),
            "the email never loads the original"
        );
    }

    // The archive keeps the original for its pages and serves the copy the email loads.
    ws.run(&["archive"]).expect(0);
    assert_eq!(
        std::fs::read(ws.path("public/2026-q4/images/jugendbegegnung-polen.jpg")).unwrap(),
        original
    );
    assert_eq!(
        std::fs::read(ws.path("public/2026-q4/email/images/jugendbegegnung-polen.jpg")).unwrap(),
        copy
    );
    let page = ws.read("public/2026-q4/index.html");
    assert!(
        page.contains(&format!("{BASE}2026-q4/images/jugendbegegnung-polen.jpg")),
        "{page}"
    );
}

#[test]
fn a_small_picture_keeps_its_size_but_not_its_exif() {
    let ws = TestWorkspace::sample();
    ws.write(
        "issues/2026-Q4/images/jugendbegegnung-polen.jpg",
        photo_with_exif(400, 200),
    );
    ws.run(&["build", "2026-Q4"]).expect(0);
    let copy =
        std::fs::read(ws.path("out/2026-Q4/email/images/jugendbegegnung-polen.jpg")).unwrap();
    let decoded = image::load_from_memory(&copy).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (400, 200));
    assert!(!contains(&copy, SECRET));
    let html = ws.read("out/2026-Q4/email.html");
    assert_eq!(
        img_size(&html, "email/images/jugendbegegnung-polen.jpg"),
        ("400".into(), "200".into())
    );
}

#[test]
fn check_warns_about_a_heavy_picture_and_a_heavy_email() {
    let (ws, _) = workspace();
    // Within the default budgets.
    let run = ws.run(&["check", "2026-Q4"]).expect(0);
    assert!(!run.stderr.contains("image-size"), "{}", run.stderr);
    assert!(!run.stderr.contains("email-weight"), "{}", run.stderr);

    ws.write(
        "rundbrief.toml",
        format!(
            "{}\n[check]\nimage_budget_kb = 4\nemail_budget_kb = 40\n",
            ws.read("rundbrief.toml")
        ),
    );
    let run = ws.run(&["check", "2026-Q4"]).expect(0);
    assert!(
        run.stderr
            .contains("issues/2026-Q4/images/jugendbegegnung-polen.jpg: warning[image-size]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("issues/2026-Q4/issue.toml: warning[email-weight]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("(budget 4.0 KB)"), "{}", run.stderr);
}

#[test]
fn a_picture_linked_out_of_its_issue_folder_gets_no_email_copy() {
    let ws = TestWorkspace::sample();
    let outside = tempfile::tempdir().unwrap();
    let private = outside.path().join("private.jpg");
    std::fs::write(&private, photo_with_exif(800, 100)).unwrap();
    let image = ws.path("issues/2026-Q4/images/jugendbegegnung-polen.jpg");
    std::fs::remove_file(&image).unwrap();
    std::os::unix::fs::symlink(&private, &image).unwrap();
    ws.run(&["build", "2026-Q4"]).expect(0);
    assert!(
        !ws.path("out/2026-Q4/email/images/jugendbegegnung-polen.jpg")
            .exists()
    );
    let html = ws.read("out/2026-Q4/email.html");
    assert!(!html.contains("email/images/"), "{html}");
}
