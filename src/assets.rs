//! Theme assets: copied under `assets/` with a content hash in the file name, so they can be
//! cached forever; templates ask for them by their plain name through `asset(name=…)`.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::load::BinaryFile;

/// Hashed output paths and URLs of the theme's static files.
pub struct Assets {
    /// Plain name (`style.css`) → URL (`/base/assets/style.1a2b3c4d5e.css`).
    pub urls: BTreeMap<String, String>,
    /// Output path → bytes.
    pub files: Vec<(String, Vec<u8>)>,
}

pub fn hashed_name(name: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hash: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !stem.ends_with('/') => {
            format!("{stem}.{hash}.{ext}")
        }
        _ => format!("{name}.{hash}"),
    }
}

pub fn build(assets: &BTreeMap<String, BinaryFile>, base_path: &str) -> Assets {
    let mut urls = BTreeMap::new();
    let mut files = Vec::new();
    for (name, file) in assets {
        let path = format!("assets/{}", hashed_name(name, &file.bytes));
        urls.insert(name.clone(), format!("{base_path}{path}"));
        files.push((path, file.bytes.clone()));
    }
    Assets { urls, files }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_goes_before_the_extension_and_follows_content() {
        let a = hashed_name("style.css", b"body{}");
        assert!(
            a.starts_with("style.") && a.ends_with(".css") && a.len() == "style..css".len() + 10,
            "{a}"
        );
        assert_ne!(a, hashed_name("style.css", b"body{ }"));
        assert_eq!(a, hashed_name("style.css", b"body{}"));
    }
}
