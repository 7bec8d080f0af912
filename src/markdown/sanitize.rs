//! The HTML allow-list: whatever an editor writes, only harmless markup reaches the page. Scripts,
//! styles, event handlers, comments and `javascript:` URLs are removed by ammonia.

use std::collections::HashSet;

/// A configured ammonia cleaner, built once per build and shared by all threads.
pub struct Sanitizer {
    builder: ammonia::Builder<'static>,
}

impl Default for Sanitizer {
    fn default() -> Self {
        Self::new()
    }
}

impl Sanitizer {
    pub fn new() -> Self {
        let mut builder = ammonia::Builder::default();
        builder
            .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
            .add_generic_attributes(["dir"])
            .rm_tags(["img"])
            .add_tags(["img"])
            .add_tag_attributes("img", ["src", "alt", "width", "height", "loading"])
            .add_tag_attributes("h2", ["id"])
            .strip_comments(true)
            .link_rel(None);
        Sanitizer { builder }
    }

    pub fn clean(&self, html: &str) -> String {
        self.builder.clean(html).to_string()
    }
}
