//! The build cache: what the last build rendered, so that the next one renders, compresses and
//! writes only the pages whose inputs changed (the page graph's fingerprints,
//! [`crate::pages::fingerprints`]) and rebuilds only the search indexes of languages whose
//! documents changed. Unchanged files are taken from the previous output as hard links. The
//! cache is one JSON file in a folder of its own (`.vardguide-cache/` in the site root by
//! default), safe to delete; a cache from another vardguide binary or other build options is
//! ignored, so the output is always byte-identical to a clean build.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::BuildOptions;

/// The cache file's name inside the cache folder.
pub const FILE: &str = "build.json";

/// What one build leaves for the next.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct BuildCache {
    /// The binary and the options the output was built with; another key means no reuse.
    pub key: String,
    /// Fingerprint of every page, by output file.
    pub pages: BTreeMap<String, u64>,
    /// Hash of every input, by name.
    pub inputs: BTreeMap<String, u64>,
}

impl BuildCache {
    /// The cache in `dir` if it was written for `key`, else an empty one.
    pub fn load(dir: &Path, key: &str) -> BuildCache {
        std::fs::read(dir.join(FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<BuildCache>(&bytes).ok())
            .filter(|c| c.key == key)
            .unwrap_or_default()
    }

    /// Writes the cache (best effort: a cache that cannot be written only makes the next build
    /// a full one).
    pub fn save(&self, dir: &Path) {
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        if let Ok(bytes) = serde_json::to_vec(self) {
            let tmp = dir.join(format!("{FILE}.tmp"));
            if std::fs::write(&tmp, bytes).is_ok() {
                let _ = std::fs::rename(&tmp, dir.join(FILE));
            }
        }
    }
}

/// What decides whether a previous output can be reused: this binary (its size and
/// modification time), the output folder and the options that change the output.
pub fn key(options: &BuildOptions) -> String {
    let mut h = DefaultHasher::new();
    if let Some(meta) = std::env::current_exe()
        .ok()
        .and_then(|exe| std::fs::metadata(exe).ok())
    {
        meta.len().hash(&mut h);
        meta.modified().ok().hash(&mut h);
    }
    env!("CARGO_PKG_VERSION").hash(&mut h);
    std::fs::canonicalize(&options.out)
        .unwrap_or_else(|_| options.out.clone())
        .hash(&mut h);
    (options.drafts, options.precompress, &options.base_url).hash(&mut h);
    format!("{:016x}", h.finish())
}

/// The default cache folder of a site.
pub fn default_dir(root: &Path) -> PathBuf {
    root.join(".vardguide-cache")
}
