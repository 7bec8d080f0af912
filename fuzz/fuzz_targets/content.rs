//! Fuzzes what an editor controls in one article file: decoding, front matter, `:::` blocks and
//! Markdown rendering with sanitising. Any panic is a bug; found inputs become regression tests in
//! tests/testsuite/adversarial.rs.
#![no_main]

use std::collections::BTreeSet;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use vardguide::markdown::{self, BodyContext, Sanitizer};
use vardguide::source::{files, frontmatter};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = files::decode(data) else { return };
    let file = Path::new("content/articles/fuzz/sv.md");
    let Ok(split) = frontmatter::split(&text, file) else { return };
    let _ = frontmatter::parse_article(&split, file);
    let images = BTreeSet::from(["a.png".to_string()]);
    let sanitizer = Sanitizer::new();
    let resolve = |key: &str| if key == "known" { Ok("/sv/known/".to_string()) } else { Err("no such article".to_string()) };
    let ctx = BodyContext { file, regions: &["stockholm"], images: &images, resolve: &resolve, sanitizer: &sanitizer };
    let (body, _) = markdown::render(split.body, split.body_line, &ctx);
    for block in &body.blocks {
        assert!(!block.html.to_lowercase().contains("<script"), "script survived sanitising");
    }
});
