//! Theme assets: copied under `assets/` with a content hash in the file name, so they can be
//! cached forever; templates ask for them by their plain name through `asset(name=…)`.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::source::files::BinaryFile;

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
    // Hashed file name of each asset. JavaScript modules that import sibling modules
    // (`from './hours.js'`) get those imports rewritten to the hashed names first, so an
    // importer's hash changes whenever what it imports changes.
    let mut hashed: BTreeMap<String, String> = BTreeMap::new();
    let mut bytes: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut pending: Vec<&String> = assets.keys().collect();
    while !pending.is_empty() {
        let before = pending.len();
        pending.retain(|name| {
            let file = &assets[*name];
            let deps = js_imports(name, &file.bytes);
            if deps
                .iter()
                .any(|d| assets.contains_key(d) && !hashed.contains_key(d))
            {
                return true;
            }
            let content = rewrite_imports(name, &file.bytes, &hashed);
            let h = hashed_name(name, &content);
            hashed.insert((*name).clone(), h);
            bytes.insert((*name).clone(), content);
            false
        });
        if pending.len() == before {
            // An import cycle: hash what is left without rewriting.
            for name in pending.drain(..) {
                let content = assets[name].bytes.clone();
                hashed.insert(name.clone(), hashed_name(name, &content));
                bytes.insert(name.clone(), content);
            }
        }
    }
    let mut urls = BTreeMap::new();
    let mut files = Vec::new();
    // Every asset has its hashed name and its bytes: the two maps have the same keys.
    debug_assert!(hashed.keys().eq(bytes.keys()));
    for ((name, h), (_, content)) in hashed.into_iter().zip(bytes) {
        let path = crate::graph::files::asset(&h);
        urls.insert(name, format!("{base_path}{path}"));
        files.push((path, content));
    }
    Assets { urls, files }
}

fn dir_of(name: &str) -> &str {
    name.rfind('/').map_or("", |i| &name[..=i])
}

/// Sibling modules a JavaScript file imports (`from './x.js'`), as asset names.
fn js_imports(name: &str, bytes: &[u8]) -> Vec<String> {
    if !name.ends_with(".js") {
        return Vec::new();
    }
    let text = String::from_utf8_lossy(bytes);
    let mut out = Vec::new();
    for quote in ['\'', '"'] {
        let pat = format!("from {quote}./");
        let mut rest: &str = &text;
        while let Some(i) = rest.find(&pat) {
            let after = &rest[i + pat.len()..];
            if let Some(end) = after.find(quote) {
                out.push(format!("{}{}", dir_of(name), &after[..end]));
            }
            rest = &rest[i + pat.len()..];
        }
    }
    out
}

fn rewrite_imports(name: &str, bytes: &[u8], hashed: &BTreeMap<String, String>) -> Vec<u8> {
    let deps = js_imports(name, bytes);
    if deps.is_empty() {
        return bytes.to_vec();
    }
    let mut text = String::from_utf8_lossy(bytes).into_owned();
    let dir = dir_of(name);
    for dep in deps {
        if let Some(h) = hashed.get(&dep) {
            let plain = &dep[dir.len()..];
            let target = &h[dir.len().min(h.len())..];
            for quote in ['\'', '"'] {
                text = text.replace(
                    &format!("from {quote}./{plain}{quote}"),
                    &format!("from {quote}./{target}{quote}"),
                );
            }
        }
    }
    text.into_bytes()
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

    #[test]
    fn module_imports_point_at_hashed_names() {
        let file = |path: &str, text: &str| BinaryFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        };
        let mut assets = BTreeMap::new();
        assets.insert(
            "js/hours.js".to_string(),
            file("js/hours.js", "export const x = 1;"),
        );
        assets.insert(
            "js/clinic.js".to_string(),
            file("js/clinic.js", "import { x } from './hours.js';"),
        );
        let built = build(&assets, "/");
        let hours = built.urls["js/hours.js"]
            .trim_start_matches("/assets/js/")
            .to_string();
        let clinic = built
            .files
            .iter()
            .find(|(p, _)| p.contains("clinic"))
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .unwrap();
        assert_eq!(clinic, format!("import {{ x }} from './{hours}';"));
    }
}
