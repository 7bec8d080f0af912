//! Illustrations: the images beside an article (PNG, JPEG, GIF, WebP, and SVG drawings) become
//! responsive copies under `images/<key>/`: several widths, lossless WebP with a PNG fallback
//! (JPEG photographs stay JPEG), and an SVG is always drawn to pixels, so that the editor's SVG,
//! which can carry scripts, is never published. [`inspect`] reads an image's size and kind when
//! the site is validated (the Markdown renderer writes `width`, `height` and `srcset` from it);
//! [`copies`] makes the files when the site is written.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, imageops::FilterType};

use crate::base::diagnostics::Diagnostic;
use crate::source::files::BinaryFile;

/// The widths made of each image (at most its own, for a bitmap): a phone, a phone at twice its
/// pixel density or a tablet, and the text column at twice its density.
pub const WIDTHS: &[u32] = &[320, 640, 960, 1440];

/// The width of the copy an old browser (or a `srcset`-less reader) gets.
const FALLBACK_WIDTH: u32 = 960;

/// The largest drawing accepted, in either direction (an SVG can declare any size).
const MAX_SIDE: f32 = 20_000.0;

/// How tall an image may be for its width: a taller one is a mistake or a pixel bomb.
const MAX_ASPECT: f32 = 8.0;

/// The `sizes` of every illustration: the text column (46rem) or the screen less its margins.
pub const SIZES: &str = "(min-width: 48rem) 46rem, calc(100vw - 2rem)";

/// What an image is, for how it is copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Kind {
    /// An SVG drawing: drawn at every width.
    Drawing,
    /// A photograph (JPEG): JPEG copies.
    Photo,
    /// Any other bitmap (PNG, GIF, WebP): lossless WebP with a PNG fallback.
    Graphic,
}

/// An image's name, size and kind, read when the site is validated.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ImageInfo {
    /// The file name without its extension (`glass-test`).
    pub stem: String,
    pub width: u32,
    pub height: u32,
    pub kind: Kind,
}

/// Output files: path and bytes.
pub type Files = Vec<(String, Vec<u8>)>;

/// The images beside one article (or page), by file name: `None` for one that cannot be
/// published (its error is reported once, by [`infos`]).
pub type Infos = std::collections::BTreeMap<String, Option<ImageInfo>>;

/// The images of each article (or page).
pub type InfosByOwner<'a> = std::collections::BTreeMap<&'a str, Infos>;

/// One copy of an image: its width and height and its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Copy {
    pub width: u32,
    pub height: u32,
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    WebP,
    Png,
    Jpeg,
}

impl Format {
    fn ext(self) -> &'static str {
        match self {
            Format::WebP => "webp",
            Format::Png => "png",
            Format::Jpeg => "jpg",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::WebP => "image/webp",
            Format::Png => "image/png",
            Format::Jpeg => "image/jpeg",
        }
    }
}

impl ImageInfo {
    /// The widths made of this image.
    pub fn widths(&self) -> Vec<u32> {
        match self.kind {
            Kind::Drawing => WIDTHS.to_vec(),
            _ => {
                let mut w: Vec<u32> = WIDTHS.iter().copied().filter(|w| *w < self.width).collect();
                w.push(self.width.min(WIDTHS[WIDTHS.len() - 1]));
                w.dedup();
                w
            }
        }
    }

    /// The formats made, the modern one first; the last is the fallback.
    pub fn formats(&self) -> &'static [Format] {
        match self.kind {
            Kind::Photo => &[Format::Jpeg],
            Kind::Drawing | Kind::Graphic => &[Format::WebP, Format::Png],
        }
    }

    /// Every copy made of this image: the modern format at every width; a fallback format
    /// beside it only at the fallback width (every browser that lacks WebP also lacks `srcset`
    /// choices worth making), a photograph's JPEG at every width.
    pub fn copies(&self) -> Vec<Copy> {
        let formats = self.formats();
        let fallback = self.fallback();
        let mut out = Vec::new();
        for width in self.widths() {
            for (i, &format) in formats.iter().enumerate() {
                let only_fallback = formats.len() > 1 && i == formats.len() - 1;
                if !only_fallback || width == fallback.width {
                    out.push(Copy {
                        width,
                        height: self.height_at(width),
                        format,
                    });
                }
            }
        }
        out
    }

    /// The height of the copy `width` wide.
    pub fn height_at(&self, width: u32) -> u32 {
        let h = (u64::from(self.height) * u64::from(width) + u64::from(self.width) / 2)
            / u64::from(self.width.max(1));
        u32::try_from(h.max(1)).unwrap_or(u32::MAX)
    }

    /// The copy an `<img src>` shows: the fallback format at the largest width up to 960.
    pub fn fallback(&self) -> Copy {
        let format = *self.formats().last().unwrap_or(&Format::Png);
        let width = self
            .widths()
            .into_iter()
            .filter(|w| *w <= FALLBACK_WIDTH)
            .max()
            .unwrap_or(self.widths()[0]);
        Copy {
            width,
            height: self.height_at(width),
            format,
        }
    }
}

/// The output file of a copy of the image `stem` beside the article `key`.
pub fn copy_file(key: &str, stem: &str, copy: Copy) -> String {
    format!("images/{key}/{stem}-{}.{}", copy.width, copy.format.ext())
}

/// Whether an image file name can be published as it is: ASCII letters, digits, `-` and `_`.
fn publishable_stem(stem: &str) -> bool {
    !stem.is_empty()
        && stem
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Reads an image's size and kind; an error names the file and what to do.
pub fn inspect(file: &BinaryFile) -> Result<ImageInfo, Diagnostic> {
    let name = file
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name.as_str(), ""));
    let ext = ext.to_ascii_lowercase();
    if !publishable_stem(stem) {
        return Err(Diagnostic::error(
            &file.path,
            format!("the image name `{name}` cannot be part of an address"),
        )
        .help(
            "rename the file with ASCII letters, digits, `-` and `_` only, e.g. `glass-test.svg`",
        ));
    }
    let (width, height, kind) = if ext == "svg" {
        let tree = parse_svg(file)?;
        let size = tree.size();
        let (w, h) = (size.width(), size.height());
        if !(w >= 1.0 && h >= 1.0 && w <= MAX_SIDE && h <= MAX_SIDE) {
            return Err(Diagnostic::error(
                &file.path,
                format!("the drawing's size ({w} × {h}) is not usable"),
            )
            .help("give the <svg> a viewBox or width and height between 1 and 20000"));
        }
        (w.round() as u32, h.round() as u32, Kind::Drawing)
    } else {
        let reader = image::ImageReader::new(Cursor::new(&file.bytes))
            .with_guessed_format()
            .map_err(|e| unreadable(file, &e.to_string()))?;
        let kind = match reader.format() {
            Some(ImageFormat::Jpeg) => Kind::Photo,
            Some(ImageFormat::Png | ImageFormat::Gif | ImageFormat::WebP) => Kind::Graphic,
            _ => return Err(unreadable(file, "not a PNG, JPEG, GIF or WebP image")),
        };
        let (w, h) = reader
            .into_dimensions()
            .map_err(|e| unreadable(file, &e.to_string()))?;
        (w, h, kind)
    };
    if width == 0 || height == 0 || height as f32 > width as f32 * MAX_ASPECT {
        return Err(Diagnostic::error(
            &file.path,
            format!("the image is {width} × {height} pixels: too narrow for its height to show in an article"),
        )
        .help(format!("crop it: an illustration may be at most {MAX_ASPECT} times as tall as it is wide")));
    }
    Ok(ImageInfo {
        stem: stem.to_string(),
        width,
        height,
        kind,
    })
}

/// The images beside one article, by file name, and what is wrong with those that cannot be
/// published (two files whose copies would have the same names included).
pub fn infos(files: &[BinaryFile]) -> (Infos, Vec<Diagnostic>) {
    use rayon::prelude::*;
    let read: Vec<(&BinaryFile, Result<ImageInfo, Diagnostic>)> =
        files.par_iter().map(|f| (f, inspect(f))).collect();
    let mut out = std::collections::BTreeMap::new();
    let mut errors = Vec::new();
    let mut stems: std::collections::BTreeMap<String, &std::path::Path> = Default::default();
    for (file, result) in read {
        let name = file
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match result {
            Ok(info) => {
                if let Some(other) = stems.get(&info.stem) {
                    errors.push(
                        Diagnostic::error(
                            &file.path,
                            format!(
                                "`{}` and {} would be published under one name",
                                info.stem,
                                other.display()
                            ),
                        )
                        .help("give one of the images another name before its extension"),
                    );
                    out.insert(name, None);
                    continue;
                }
                stems.insert(info.stem.clone(), &file.path);
                out.insert(name, Some(info));
            }
            Err(d) => {
                errors.push(d);
                out.insert(name, None);
            }
        }
    }
    (out, errors)
}

fn unreadable(file: &BinaryFile, why: &str) -> Diagnostic {
    Diagnostic::error(&file.path, format!("cannot read the image: {why}"))
        .help("save it again as PNG, JPEG, GIF, WebP or SVG")
}

/// An SVG read with nothing from outside it: no referenced files or fonts, no text.
fn parse_svg(file: &BinaryFile) -> Result<resvg::usvg::Tree, Diagnostic> {
    let text = std::str::from_utf8(&file.bytes)
        .map_err(|_| unreadable(file, "an SVG must be UTF-8 text"))?;
    // Words in a drawing cannot be translated or read aloud: they belong in the alt text.
    if let Some(at) = text.find("<text").or_else(|| text.find(":text")) {
        let line = text[..at].matches('\n').count() + 1;
        return Err(Diagnostic::error(&file.path, "the drawing has text in it")
            .at_line(line, 1)
            .help("put the words in the image's alt text or caption in each language, and remove the <text> from the drawing"));
    }
    // An SVG may name other files (`<image href="…">`): none is read.
    let options = resvg::usvg::Options {
        image_href_resolver: resvg::usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..Default::default()
    };
    resvg::usvg::Tree::from_data(text.as_bytes(), &options)
        .map_err(|e| unreadable(file, &format!("not a valid SVG drawing ({e})")))
}

/// Every copy of the image `file` (beside the article `key`), as output files.
pub fn copies(key: &str, file: &BinaryFile, info: &ImageInfo) -> Result<Files, Diagnostic> {
    let mut out = Vec::new();
    let source = match info.kind {
        Kind::Drawing => None,
        _ => Some(
            image::load_from_memory(&file.bytes).map_err(|e| unreadable(file, &e.to_string()))?,
        ),
    };
    let tree = match info.kind {
        Kind::Drawing => Some(parse_svg(file)?),
        _ => None,
    };
    for width in info.widths() {
        let height = info.height_at(width);
        let pixels = match (&source, &tree) {
            (Some(img), _) if img.width() == width => img.clone(),
            (Some(img), _) => img.resize_exact(width, height, FilterType::Lanczos3),
            (None, Some(tree)) => draw(tree, width, height)
                .ok_or_else(|| unreadable(file, "the drawing could not be drawn"))?,
            (None, None) => return Err(unreadable(file, "nothing to draw")),
        };
        for copy in info.copies().into_iter().filter(|c| c.width == width) {
            out.push((
                copy_file(key, &info.stem, copy),
                encode(&pixels, copy.format, file)?,
            ));
        }
    }
    Ok(out)
}

/// The drawing at `width` × `height` pixels.
fn draw(tree: &resvg::usvg::Tree, width: u32, height: u32) -> Option<DynamicImage> {
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height)?;
    let size = tree.size();
    let transform = resvg::tiny_skia::Transform::from_scale(
        width as f32 / size.width(),
        height as f32 / size.height(),
    );
    resvg::render(tree, transform, &mut pixmap.as_mut());
    let mut rgba = Vec::with_capacity(pixmap.data().len());
    for p in pixmap.pixels() {
        let c = p.demultiply();
        rgba.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
    }
    image::RgbaImage::from_raw(width, height, rgba).map(DynamicImage::ImageRgba8)
}

fn encode(pixels: &DynamicImage, format: Format, file: &BinaryFile) -> Result<Vec<u8>, Diagnostic> {
    let mut bytes = Vec::new();
    let written = match format {
        Format::Png => pixels.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png),
        Format::WebP => DynamicImage::ImageRgba8(pixels.to_rgba8())
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::WebP),
        Format::Jpeg => {
            let encoder =
                image::codecs::jpeg::JpegEncoder::new_with_quality(Cursor::new(&mut bytes), 82);
            DynamicImage::ImageRgb8(pixels.to_rgb8()).write_with_encoder(encoder)
        }
    };
    written.map_err(|e| unreadable(file, &format!("a copy could not be written ({e})")))?;
    Ok(bytes)
}

/// The HTML of an illustration: a `<picture>` with the modern format's `srcset` and the
/// fallback `<img>` with its `width` and `height` (so nothing moves as it loads). `eager` for
/// an image near the top of the page; the others load as the reader comes to them. `alt` and
/// `caption` are plain text; a caption makes it a `<figure>`.
pub fn picture_html(
    base_path: &str,
    key: &str,
    info: &ImageInfo,
    alt: &str,
    caption: Option<&str>,
    eager: bool,
) -> String {
    let copies = info.copies();
    let srcset = |format: Format| {
        copies
            .iter()
            .filter(|c| c.format == format)
            .map(|c| format!("{base_path}{} {}w", copy_file(key, &info.stem, *c), c.width))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let fallback = info.fallback();
    let mut html = String::from("<picture>");
    for &format in &info.formats()[..info.formats().len() - 1] {
        html.push_str(&format!(
            "<source type=\"{}\" srcset=\"{}\" sizes=\"{SIZES}\">",
            format.mime(),
            srcset(format)
        ));
    }
    // The fallback's own choice of widths, when it has several (a photograph's JPEG).
    let fallback_srcset = if copies
        .iter()
        .filter(|c| c.format == fallback.format)
        .count()
        > 1
    {
        format!(" srcset=\"{}\" sizes=\"{SIZES}\"", srcset(fallback.format))
    } else {
        String::new()
    };
    html.push_str(&format!(
        "<img src=\"{base_path}{}\"{fallback_srcset} width=\"{}\" height=\"{}\" alt=\"{}\" loading=\"{}\" decoding=\"async\"></picture>",
        copy_file(key, &info.stem, fallback),
        fallback.width,
        fallback.height,
        html_escape::encode_double_quoted_attribute(alt),
        if eager { "eager" } else { "lazy" }
    ));
    match caption {
        Some(c) => format!(
            "<figure class=\"illustration\">{html}<figcaption>{}</figcaption></figure>",
            html_escape::encode_text(c)
        ),
        None => html,
    }
}

/// For unit tests elsewhere: an 800 × 600 `rash.png`.
#[cfg(test)]
pub fn rash_png() -> Infos {
    [(
        "rash.png".to_string(),
        Some(ImageInfo {
            stem: "rash".into(),
            width: 800,
            height: 600,
            kind: Kind::Graphic,
        }),
    )]
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(width: u32, height: u32, kind: Kind) -> ImageInfo {
        ImageInfo {
            stem: "x".into(),
            width,
            height,
            kind,
        }
    }

    #[test]
    fn a_bitmap_is_never_made_larger_than_it_is() {
        assert_eq!(info(800, 600, Kind::Graphic).widths(), vec![320, 640, 800]);
        assert_eq!(info(200, 100, Kind::Photo).widths(), vec![200]);
        assert_eq!(
            info(3000, 2000, Kind::Photo).widths(),
            vec![320, 640, 960, 1440]
        );
        assert_eq!(info(800, 600, Kind::Drawing).widths(), WIDTHS.to_vec());
        assert_eq!(info(800, 600, Kind::Drawing).height_at(320), 240);
    }

    #[test]
    fn photographs_stay_jpeg_and_graphics_get_webp_with_a_png_fallback() {
        let photo = info(3000, 2000, Kind::Photo);
        assert_eq!(photo.fallback().format, Format::Jpeg);
        assert_eq!(photo.fallback().width, 960);
        let drawing = info(800, 600, Kind::Drawing);
        let html = picture_html(
            "/h/",
            "rash",
            &drawing,
            "A \"glass\" test",
            Some("Caption <b>"),
            false,
        );
        assert!(html.starts_with("<figure class=\"illustration\"><picture><source type=\"image/webp\" srcset=\"/h/images/rash/x-320.webp 320w, "));
        assert!(html.contains("<img src=\"/h/images/rash/x-960.png\""));
        assert!(html.contains(
            "width=\"960\" height=\"720\" alt=\"A &quot;glass&quot; test\" loading=\"lazy\""
        ));
        assert!(html.ends_with("<figcaption>Caption &lt;b&gt;</figcaption></figure>"));
    }
}
