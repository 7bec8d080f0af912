//! Illustrations: responsive copies with `srcset`, `width` and `height`, the lazy loading of
//! images below the top, an SVG drawn to pixels (its script never published), and the errors an
//! editor gets (no alt text, words in a drawing, an unreadable file).

use std::io::Cursor;

use crate::harness::{TestSite, article};

/// A PNG `width` × `height` pixels, one colour.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(width, height, image::Rgb([200, 60, 90]));
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
        .expect("png");
    bytes
}

const DRAWING: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300" onload="alert('svg-onload')">
<script>alert('svg-script')</script>
<rect width="400" height="300" fill="#ffffff"/>
<circle cx="200" cy="150" r="80" fill="#7a1f5c" stroke="#1b1f24" stroke-width="4"/>
<image href="/etc/hostname" width="10" height="10"/>
</svg>
"##;

fn illustrated() -> TestSite {
    TestSite::new()
        .file("content/articles/rash/spots.svg", DRAWING)
        .bytes("content/articles/rash/photo.png", &png(500, 250))
        .article(
            "rash",
            "sv",
            &article(
                "Utslag",
                "slug: utslag\n",
                "![Prickar som inte bleknar](spots.svg \"Glastestet\")\n\n## Mer\n\nText med en bild ![En röd yta](photo.png) i meningen.\n",
            ),
        )
}

/// Ensure an SVG drawing becomes WebP and PNG copies at every width (the SVG itself, its script
/// and anything it names never reach the output), a bitmap is never enlarged, and the page
/// writes `srcset`, `sizes`, `width`, `height`, a caption and lazy loading below the top.
#[test]
fn illustrations_are_responsive_copies_and_never_the_svg() {
    let site = illustrated();
    site.build();
    for w in [320, 640, 960, 1440] {
        assert!(
            site.exists(&format!("images/rash/spots-{w}.webp")),
            "spots-{w}.webp"
        );
        // The PNG fallback is made at one width only.
        assert_eq!(
            site.exists(&format!("images/rash/spots-{w}.png")),
            w == 960,
            "spots-{w}.png"
        );
    }
    let drawn = image::load_from_memory(
        &std::fs::read(site.out().join("images/rash/spots-960.png")).expect("read"),
    )
    .expect("a PNG");
    assert_eq!((drawn.width(), drawn.height()), (960, 720));
    assert!(site.exists("images/rash/photo-320.webp") && site.exists("images/rash/photo-500.png"));
    assert!(
        !site.exists("images/rash/photo-640.webp"),
        "a bitmap is never enlarged"
    );
    for entry in walkdir::WalkDir::new(site.out())
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        // The theme's own icon is an SVG; no SVG of an editor's is published.
        assert!(
            path.extension().and_then(|e| e.to_str()) != Some("svg")
                || path.starts_with(site.out().join("assets")),
            "{} published",
            path.display()
        );
        if entry.file_type().is_file() {
            let bytes = std::fs::read(path).expect("read");
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("svg-script") && !text.contains("svg-onload"),
                "{} has the SVG's script",
                path.display()
            );
        }
    }
    let page = site.read("sv/utslag/index.html");
    assert!(page.contains(
        "<figure class=\"illustration\"><picture><source type=\"image/webp\" srcset=\"/images/rash/spots-320.webp 320w, /images/rash/spots-640.webp 640w, /images/rash/spots-960.webp 960w, /images/rash/spots-1440.webp 1440w\" sizes=\"(min-width: 48rem) 46rem, calc(100vw - 2rem)\"><img src=\"/images/rash/spots-960.png\""
    ), "{page}");
    assert!(
        page.contains(
            "width=\"960\" height=\"720\" alt=\"Prickar som inte bleknar\" loading=\"eager\""
        ),
        "the top image loads at once"
    );
    assert!(page.contains("<figcaption>Glastestet</figcaption></figure>"));
    assert!(
        page.contains("Text med en bild <picture>"),
        "an image in a sentence stays in it"
    );
    assert!(
        page.contains("width=\"500\" height=\"250\" alt=\"En röd yta\" loading=\"lazy\""),
        "below the top, lazily"
    );
    assert!(
        !page.contains("<p><figure"),
        "a figure is never inside a paragraph"
    );
}

/// Ensure an image without alt text, words drawn into an SVG and a file that is not an image
/// are errors naming the file (and the line), and nothing is written.
#[test]
fn image_mistakes_are_errors_with_their_place() {
    let site = illustrated().edit(
        "content/articles/rash/sv.md",
        "Text med en bild ![En röd yta](photo.png)",
        "Text med en bild ![](photo.png)",
    );
    let errors = site.build_err();
    let alt = errors
        .iter()
        .find(|e| e.message.contains("image `photo.png` has no alt text"))
        .unwrap_or_else(|| panic!("{errors:?}"));
    assert!(alt.is_error());
    assert!(alt.file.ends_with("content/articles/rash/sv.md"));
    assert_eq!(alt.position.map(|p| p.line), Some(14));

    let site = TestSite::new()
        .file(
            "content/articles/rash/words.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\n<rect width=\"10\" height=\"10\"/>\n<text x=\"1\" y=\"5\">Tryck</text>\n</svg>\n",
        )
        .bytes("content/articles/rash/broken.png", b"not a png")
        .article("rash", "sv", &article("Utslag", "", "![Ord](words.svg)\n\n![Trasig](broken.png)\n"));
    let errors = site.build_err();
    let words = errors
        .iter()
        .find(|e| e.message.contains("the drawing has text in it"))
        .unwrap_or_else(|| panic!("{errors:?}"));
    assert!(words.file.ends_with("content/articles/rash/words.svg"));
    assert_eq!(words.position.map(|p| p.line), Some(3));
    assert!(
        errors
            .iter()
            .any(|e| e.file.ends_with("broken.png") && e.message.contains("cannot read the image")),
        "{errors:?}"
    );
    assert!(!site.exists("sv/rash/index.html"), "nothing is written");
}
