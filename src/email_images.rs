//! Pictures fit for email: every JPEG and PNG of an issue that its email
//! shows, resized to at most twice the email's column (sharp on dense
//! screens, yet light), re-encoded in its own format, which drops EXIF and
//! the location a phone writes into it, and published beside the issue
//! under `email/`. The email's `<img>` tags point at these copies and carry
//! width and height, so a mail app lays the message out before the pictures
//! arrive. The archive's pages keep the originals. Also the budgets `check`
//! holds an email's pictures and its whole weight to.

use std::io::Cursor;
use std::path::Path;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

use crate::config::Config;
use crate::content::Issue;
use crate::diagnostic::{Diagnostic, Kind};
use crate::render::{Rendered, escape_html};
use crate::t;
use crate::urls::SiteUrls;

pub use crate::render::{COLUMN_WIDTH, EmailImage};

/// Twice the column, for screens with two device pixels to one CSS pixel.
pub const MAX_WIDTH: u32 = 2 * COLUMN_WIDTH;
/// The folder of an issue in the archive (and in `out/`) that holds the copies.
pub const EMAIL_FOLDER: &str = "email";
const JPEG_QUALITY: u8 = 82;

/// The format a file's name promises, if the email carries that format.
fn format_of(path: &Path) -> Option<ImageFormat> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "jpg" | "jpeg" => Some(ImageFormat::Jpeg),
        "png" => Some(ImageFormat::Png),
        _ => None,
    }
}

/// A picture at most `MAX_WIDTH` wide in the same format, without its
/// metadata: the copy's bytes, width and height. A photo turned by its EXIF
/// orientation is turned for real first, since the copy has no EXIF to say so.
pub fn fit(bytes: &[u8], format: ImageFormat) -> image::ImageResult<(Vec<u8>, u32, u32)> {
    let mut decoder = ImageReader::with_format(Cursor::new(bytes), format).into_decoder()?;
    let orientation = decoder.orientation()?;
    let mut picture = DynamicImage::from_decoder(decoder)?;
    picture.apply_orientation(orientation);
    if picture.width() > MAX_WIDTH {
        picture = picture.resize(MAX_WIDTH, picture.height(), FilterType::Lanczos3);
    }
    let mut out = Vec::new();
    if format == ImageFormat::Png {
        picture.write_with_encoder(PngEncoder::new(&mut out))?;
    } else {
        // JPEG has no transparency to keep.
        let rgb = DynamicImage::ImageRgb8(picture.to_rgb8());
        rgb.write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY))?;
    }
    Ok((out, picture.width(), picture.height()))
}

/// Makes the email copy of each picture of `issue` that `rendered` uses,
/// points the emails at them and returns what went wrong (a picture that
/// does not decode stays as it is, with a warning).
pub fn fit_for_email(
    root: &Path,
    urls: SiteUrls<'_>,
    issue: &Issue,
    rendered: &mut Rendered,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut images = Vec::new();
    for asset in &rendered.assets {
        // Pictures of other issues get their copies with their own issue.
        let (Ok(inside), Some(format)) = (asset.strip_prefix(&issue.dir), format_of(asset)) else {
            continue;
        };
        // A missing file is already a broken link of its own, and one that
        // leads out of its issue's folder an error of the archive.
        let Some(bytes) = read_inside(root, &issue.dir, asset) else {
            continue;
        };
        match fit(&bytes, format) {
            Ok((bytes, width, height)) => {
                let path = Path::new(EMAIL_FOLDER).join(inside);
                images.push(EmailImage {
                    source: asset.clone(),
                    original_url: urls.asset_file(&issue.id, inside),
                    url: urls.asset_file(&issue.id, &path),
                    path,
                    width,
                    height,
                    bytes,
                });
            }
            Err(e) => problems.push(Diagnostic::warning(
                Kind::ImageUnreadable,
                asset,
                None,
                t!("check-image-unreadable", problem = e.to_string()),
            )),
        }
    }
    for email in &mut rendered.emails {
        email.html = point_at_copies(&email.html, &images);
    }
    rendered.images = images;
    problems
}

/// The bytes of `asset` if its real location, symlinks resolved, lies in
/// the real location of its issue's folder. Issue 11, finding 7: a picture
/// linked to a file elsewhere must not be published, not even resized.
fn read_inside(root: &Path, folder: &Path, asset: &Path) -> Option<Vec<u8>> {
    let real_folder = std::fs::canonicalize(root.join(folder)).ok()?;
    let real = std::fs::canonicalize(root.join(asset)).ok()?;
    real.starts_with(&real_folder)
        .then(|| std::fs::read(&real).ok())
        .flatten()
}

/// `check`'s budgets: each picture as the email carries it, and each
/// edition's whole weight (its HTML and the pictures it shows).
pub fn budgets(config: &Config, issue_file: &Path, rendered: &Rendered) -> Vec<Diagnostic> {
    let ui = crate::locale::ui();
    let image_budget = config.check.image_budget_kb as usize * 1024;
    let email_budget = config.check.email_budget_kb as usize * 1024;
    let mut out = Vec::new();
    for image in &rendered.images {
        if image.bytes.len() > image_budget {
            out.push(Diagnostic::warning(
                Kind::ImageSize,
                &image.source,
                None,
                t!(
                    "check-image-heavy",
                    size = ui.size(image.bytes.len()),
                    budget = ui.size(image_budget)
                ),
            ));
        }
    }
    for email in &rendered.emails {
        let weight = email.html.len()
            + rendered
                .images
                .iter()
                .filter(|image| email.html.contains(&escape_html(&image.url)))
                .map(|image| image.bytes.len())
                .sum::<usize>();
        if weight > email_budget {
            out.push(Diagnostic::warning(
                Kind::EmailWeight,
                issue_file,
                None,
                t!(
                    "check-email-heavy",
                    lang = email.lang.code(),
                    size = ui.size(weight),
                    budget = ui.size(email_budget)
                ),
            ));
        }
    }
    out
}

/// The email's HTML with each `<img>` of an original pointing at its copy,
/// with the copy's shown width and height.
pub fn point_at_copies(html: &str, images: &[EmailImage]) -> String {
    if images.is_empty() {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<img") {
        out.push_str(&rest[..at]);
        let length = rest[at..].find('>').map_or(rest.len() - at, |end| end + 1);
        let tag = &rest[at..at + length];
        match retag(tag, images) {
            Some(changed) => out.push_str(&changed),
            None => out.push_str(tag),
        }
        rest = &rest[at + length..];
    }
    out.push_str(rest);
    out
}

/// The byte range of ` name="value"` in a tag, and the value.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<(std::ops::Range<usize>, &'a str)> {
    let needle = format!("{name}=\"");
    let mut from = 0;
    while let Some(found) = tag[from..].find(&needle) {
        let start = from + found;
        let value_start = start + needle.len();
        // Only a whole attribute: ` src="`, not `data-src="`.
        if tag[..start].ends_with(char::is_whitespace) {
            let value_end = value_start + tag[value_start..].find('"')?;
            return Some((start - 1..value_end + 1, &tag[value_start..value_end]));
        }
        from = value_start;
    }
    None
}

fn retag(tag: &str, images: &[EmailImage]) -> Option<String> {
    let (src_range, src) = attribute(tag, "src")?;
    let image = images
        .iter()
        .find(|image| src == image.original_url || src == escape_html(&image.original_url))?;
    let mut tag = format!(
        "{} src=\"{}\"{}",
        &tag[..src_range.start],
        escape_html(&image.url),
        &tag[src_range.end..]
    );
    for name in ["width", "height"] {
        if let Some((range, _)) = attribute(&tag, name) {
            tag.replace_range(range, "");
        }
    }
    let (width, height) = image.shown();
    tag.insert_str(
        "<img".len(),
        &format!(" width=\"{width}\" height=\"{height}\""),
    );
    Some(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(width: u32, height: u32) -> EmailImage {
        EmailImage {
            source: "issues/2026-Q4/images/rathaus.jpg".into(),
            path: "email/images/rathaus.jpg".into(),
            original_url: "https://example.org/2026-q4/images/rathaus.jpg".into(),
            url: "https://example.org/2026-q4/email/images/rathaus.jpg".into(),
            width,
            height,
            bytes: Vec::new(),
        }
    }

    #[test]
    fn images_of_originals_point_at_their_copies_with_their_shown_size() {
        let copy = "https://example.org/2026-q4/email/images/rathaus.jpg";
        for (html, expected) in [
            // mrml's mj-image: its width and "auto" height give way.
            (
                r#"<img alt="Rathaus" height="auto" src="https://example.org/2026-q4/images/rathaus.jpg" style="width:100%" width="600" />"#,
                format!(
                    r#"<img width="552" height="276" alt="Rathaus" src="{copy}" style="width:100%" />"#
                ),
            ),
            // comrak's image in an entry's body.
            (
                r#"<p><img style="max-width:100%;height:auto;" src="https://example.org/2026-q4/images/rathaus.jpg" alt="" /></p>"#,
                format!(
                    r#"<p><img width="552" height="276" style="max-width:100%;height:auto;" src="{copy}" alt="" /></p>"#
                ),
            ),
            // Someone else's picture stays as it is.
            (
                r#"<img src="https://elsewhere.example/x.jpg" width="10">"#,
                r#"<img src="https://elsewhere.example/x.jpg" width="10">"#.to_string(),
            ),
            // An attribute that only ends in "src" is not the source.
            (
                r#"<img data-src="https://example.org/2026-q4/images/rathaus.jpg">"#,
                r#"<img data-src="https://example.org/2026-q4/images/rathaus.jpg">"#.to_string(),
            ),
        ] {
            assert_eq!(point_at_copies(html, &[image(1104, 552)]), expected);
        }
    }

    #[test]
    fn a_picture_is_shown_at_its_own_size_or_the_column_width() {
        for ((width, height), shown) in [
            ((1104, 552), (552, 276)),
            ((552, 300), (552, 300)),
            ((200, 80), (200, 80)),
            ((1104, 1), (552, 1)),
        ] {
            assert_eq!(image(width, height).shown(), shown, "{width}x{height}");
        }
    }

    #[test]
    fn formats_come_from_the_name() {
        for (name, format) in [
            ("a.jpg", Some(ImageFormat::Jpeg)),
            ("a.JPEG", Some(ImageFormat::Jpeg)),
            ("a.png", Some(ImageFormat::Png)),
            ("a.gif", None),
            ("a.pdf", None),
            ("a", None),
        ] {
            assert_eq!(format_of(Path::new(name)), format, "{name}");
        }
    }
}
