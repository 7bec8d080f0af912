//! The build cache: what the last build made, so that the next one does only what changed. It
//! is a folder of its own (`.vardguide-cache/` in the site root by default), safe to delete:
//!
//! - `build.json`: the fingerprint of every page ([`crate::pages::fingerprints`]) and every
//!   input, so that only pages whose inputs changed are rendered, compressed and written; the
//!   rest stay in the output as they are;
//! - `bodies-NN.bin`, the body store: every rendered Markdown body with its warnings, so that
//!   validation parses only the articles that changed;
//! - `index/<lang>/*.seg`: the search index's chunks ([`crate::index::ChunkStore`]), so that
//!   only the chunks whose documents changed are indexed again before the merge.
//!
//! What a file was made by is part of it (this binary, and for `build.json` the options), and
//! anything made by another binary, damaged or unreadable is ignored, so the output is always
//! byte-identical to a clean build.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::BuildOptions;
use crate::diagnostics::Diagnostic;
use crate::markdown::RenderedBody;
use crate::validate::BodyCache;

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
    /// Each group of site files (the sitemap, finder data): its fingerprint and its files.
    #[serde(default)]
    pub site_files: BTreeMap<String, (u64, Vec<String>)>,
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
    binary_identity(&mut h);
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

/// The body store: every rendered Markdown body of the last build (with its diagnostics), kept
/// in the cache folder so that the next build parses only the articles that changed. Entries are
/// spread over this many files by their key; a build that changed one article rewrites the one or
/// two files whose entries changed.
const BODY_SHARDS: u64 = 32;

fn shard_file(dir: &Path, shard: u64) -> PathBuf {
    dir.join(format!("bodies-{shard:02}.bin"))
}

#[derive(Serialize)]
struct ShardOut<'a> {
    key: &'a str,
    entries: Vec<(u64, &'a RenderedBody, &'a [Diagnostic])>,
}

#[derive(Deserialize)]
struct ShardIn {
    key: String,
    entries: Vec<(u64, RenderedBody, Vec<Diagnostic>)>,
}

/// A hash of a shard's entry keys (sorted), to tell whether it must be written again.
fn keys_hash(keys: &mut [u64]) -> u64 {
    keys.sort_unstable();
    let mut h = DefaultHasher::new();
    keys.hash(&mut h);
    h.finish()
}

/// The bodies stored in `dir` by a build of this binary (`key`, from [`binary_key`]). A missing,
/// unreadable or foreign shard only means its bodies are rendered again.
pub fn load_bodies(dir: &Path, key: &str) -> BodyCache {
    let shards: Vec<(u64, ShardIn)> = (0..BODY_SHARDS)
        .into_par_iter()
        .filter_map(|shard| {
            // Read through a small buffer: the shard's bodies are the only copy made.
            let file = std::fs::File::open(shard_file(dir, shard)).ok()?;
            let read: ShardIn =
                rmp_serde::from_read(std::io::BufReader::with_capacity(1 << 16, file)).ok()?;
            (read.key == key).then_some((shard, read))
        })
        .collect();
    let mut cache = BodyCache::default();
    for (shard, read) in shards {
        let mut keys: Vec<u64> = read.entries.iter().map(|e| e.0).collect();
        cache.stored.insert(shard, keys_hash(&mut keys));
        for (k, body, diags) in read.entries {
            cache.entries.insert(k, (Arc::new(body), diags));
        }
    }
    cache
}

/// Writes the shards of `cache` whose entries differ from what `dir` holds (best effort, like
/// [`BuildCache::save`]), and records them as stored.
pub fn save_bodies(dir: &Path, key: &str, cache: &mut BodyCache) {
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let mut by_shard: BTreeMap<u64, Vec<u64>> = (0..BODY_SHARDS).map(|s| (s, Vec::new())).collect();
    for k in cache.entries.keys() {
        by_shard.entry(k % BODY_SHARDS).or_default().push(*k);
    }
    let changed: Vec<(u64, u64, Vec<u64>)> = by_shard
        .into_iter()
        .filter_map(|(shard, mut keys)| {
            let hash = keys_hash(&mut keys);
            (cache.stored.get(&shard) != Some(&hash)).then_some((shard, hash, keys))
        })
        .collect();
    let entries = &cache.entries;
    let written: Vec<(u64, u64)> = changed
        .into_par_iter()
        .filter_map(|(shard, hash, keys)| {
            let out = ShardOut {
                key,
                entries: keys
                    .iter()
                    .filter_map(|k| entries.get(k).map(|(b, d)| (*k, b.as_ref(), d.as_slice())))
                    .collect(),
            };
            let path = shard_file(dir, shard);
            let tmp = path.with_extension("tmp");
            let mut file =
                std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&tmp).ok()?);
            rmp_serde::encode::write_named(&mut file, &out).ok()?;
            file.into_inner().ok()?;
            std::fs::rename(&tmp, &path).ok()?;
            Some((shard, hash))
        })
        .collect();
    cache.stored.extend(written);
}

/// What decides whether stored bodies can be reused: this binary alone (a body depends on its
/// source and the site's article keys, which its entry key holds, not on the build options).
pub fn binary_key() -> String {
    let mut h = DefaultHasher::new();
    binary_identity(&mut h);
    format!("{:016x}", h.finish())
}

fn binary_identity(h: &mut DefaultHasher) {
    if let Some(meta) = std::env::current_exe()
        .ok()
        .and_then(|exe| std::fs::metadata(exe).ok())
    {
        meta.len().hash(h);
        meta.modified().ok().hash(h);
    }
    env!("CARGO_PKG_VERSION").hash(h);
}
