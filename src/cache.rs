//! The build cache: what the last build made, so that the next one does only what changed. It
//! is a folder of its own (`.vardguide-cache/` in the site root by default), safe to delete:
//!
//! - `build.json`: the fingerprint of every page ([`crate::graph::pages::fingerprints`]), so that only
//!   pages whose inputs changed are rendered, compressed and written (the rest stay in the output
//!   as they are), and the hashes of what each language's search index is made from;
//! - the body store: every rendered Markdown body with its warnings, so that only the bodies of
//!   the articles that changed are parsed. The contents are in `contents-….bin`, the files each
//!   build put the bodies it rendered in as it rendered them ([`Spill`]); the faces, warnings
//!   and places are in `bodies-NN.bin`;
//! - `index/<lang>/*.seg`: the search index's chunks ([`crate::index::ChunkStore`]), so that
//!   only the chunks whose documents changed are indexed again before the merge;
//! - `articles-NN.bin`, the record of the articles read: each article file's identity on
//!   disk, parsed front matter and body hash, so that files unchanged on disk are neither read
//!   nor parsed;
//! - `output-files.bin`: every file of the output the last build wrote, so that the next one
//!   need not list the output folder (while the folder's marker file is the one it wrote);
//!
//! What a file was made by is part of it (this binary, and for `build.json` the options). Every
//! file but a contents file is sealed ([`seal`]): a format tag and a 128-bit hash of its bytes,
//! checked before any of it is trusted. A body's content is checked when it is read, against
//! the digest its sealed face keeps; one that fails makes the build start again without the
//! body store, before the output is touched. A file made by another binary is ignored; a
//! damaged one is ignored and named in a warning ([`Damaged`]); either way what it held is made
//! again from the sources, so the output is byte-identical to a clean build whatever bytes the
//! folder holds.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::base::diagnostics::Diagnostic;
use crate::markdown::{BodyContent, BodyFace, RenderedBody, StoredContent};
use crate::source::frontmatter::ArticleFrontMatter;

/// Markdown bodies rendered by an earlier validation of the same site (kept by `serve`, and
/// across builds by the build cache's body store, [`load_bodies`]), reused when the
/// file's text and everything its links resolve against are unchanged.
#[derive(Default)]
pub struct BodyCache {
    /// Rendered body and its diagnostics, by a hash of what it was rendered from.
    pub(crate) entries: HashMap<u64, (Arc<RenderedBody>, Vec<Diagnostic>)>,
    /// Parsed front matter by file and YAML text, for `serve` (a build's is in the record of
    /// the articles read, [`load_articles_read`]).
    pub(crate) front_matter: HashMap<u64, Arc<ArticleFrontMatter>>,
    /// The body store's shards as last read or written: shard → hash of its entries' keys.
    pub(crate) stored: HashMap<u64, u64>,
    /// Bodies in the body store, read when asked for.
    pub(crate) on_disk: HashMap<u64, StoredBody>,
    /// The contents files each shard on disk points into, as last read or written: the others
    /// are removed ([`save_bodies`]).
    pub(crate) contents_files: HashMap<u64, Vec<String>>,
    /// Where bodies rendered now are put; without one they stay in memory.
    pub spill: Option<Spill>,
}

impl BodyCache {
    /// The body rendered under `key`, from memory or the body store.
    pub(crate) fn get(&self, key: u64) -> Option<(Arc<RenderedBody>, Vec<Diagnostic>)> {
        if let Some((body, diags)) = self.entries.get(&key) {
            return Some((Arc::clone(body), diags.clone()));
        }
        let (body, diags) = self.on_disk.get(&key)?.read()?;
        Some((Arc::new(body), diags))
    }
}

/// The cache file's name inside the cache folder.
pub const FILE: &str = "build.json";

/// What every cache file begins with: the sealed format's name and version.
const SEAL_TAG: &[u8; 8] = b"vgcache1";
/// The tag and the payload's hash.
const SEAL_LEN: usize = 8 + 16;

/// `payload` sealed for the cache: `SEAL_TAG`, the payload's xxh3-128 hash, the payload.
pub fn seal(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(SEAL_LEN + payload.len());
    out.extend_from_slice(SEAL_TAG);
    out.extend_from_slice(&xxhash_rust::xxh3::xxh3_128(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The payload of a sealed file, or why there is none.
pub fn unseal(bytes: &[u8]) -> Result<&[u8], Unsealed> {
    if !bytes.starts_with(SEAL_TAG) {
        return Err(Unsealed::Foreign);
    }
    let (head, payload) = bytes.split_at_checked(SEAL_LEN).ok_or(Unsealed::Damaged)?;
    let hash = u128::from_le_bytes(head[8..].try_into().map_err(|_| Unsealed::Damaged)?);
    if xxhash_rust::xxh3::xxh3_128(payload) != hash {
        return Err(Unsealed::Damaged);
    }
    Ok(payload)
}

/// Why a cache file gives nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsealed {
    /// Not a sealed file: one an older vardguide wrote, say (or one whose first bytes were
    /// damaged, which cannot be told apart). Ignored without a word, as after an upgrade.
    Foreign,
    /// There, but its bytes are not the ones that were written: truncated, changed or not a
    /// cache file at all.
    Damaged,
}

/// The cache files a build found damaged and ignored, for one warning at the end.
#[derive(Debug, Default)]
pub struct Damaged(std::sync::Mutex<BTreeSet<PathBuf>>);

impl Damaged {
    /// Notes that `path` was damaged.
    pub fn add(&self, path: &Path) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_path_buf());
    }

    /// The damaged files, sorted.
    pub fn files(&self) -> Vec<PathBuf> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .cloned()
            .collect()
    }
}

/// Holds the cache folder `dir` for one build (an OS lock on `dir/lock`; see
/// [`crate::output::lock`]): two builds of one site never write its cache at once.
pub fn lock(dir: &Path, on_wait: &dyn Fn()) -> std::io::Result<std::fs::File> {
    std::fs::create_dir_all(dir)?;
    lock_file(&dir.join("lock"), on_wait)
}

/// An exclusive OS lock on the file at `path` (made if need be), waiting for it when another
/// process holds it (after calling `on_wait` once).
pub fn lock_file(path: &Path, on_wait: &dyn Fn()) -> std::io::Result<std::fs::File> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => {
            on_wait();
            file.lock()?;
            Ok(file)
        }
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

/// Opens a cache file for reading, refusing anything but a regular file: a FIFO named like a
/// cache file would otherwise hold the build in `open` until something writes to it, and a
/// device could feed it bytes without end. (Non-blocking only for the open, and on Linux only:
/// elsewhere a FIFO still holds `open`. A regular file's reads never block on the flag.)
fn open_cache_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(nix::fcntl::OFlag::O_NONBLOCK.bits());
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "not a regular file",
        ));
    }
    Ok(file)
}

/// The whole of the cache file at `path` (see [`open_cache_file`]).
fn read_cache_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = open_cache_file(path)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The payload of the sealed file at `path`; a damaged file is noted in `damaged`.
pub fn read_sealed(path: &Path, damaged: &Damaged) -> Option<Vec<u8>> {
    let bytes = read_cache_file(path).ok()?;
    match unseal(&bytes) {
        Ok(payload) => Some(payload.to_vec()),
        Err(Unsealed::Foreign) => None,
        Err(Unsealed::Damaged) => {
            damaged.add(path);
            None
        }
    }
}

/// Writes `payload` sealed to `path` through a temporary file and a rename, so that a reader
/// (or a build killed half-way) sees the old file or the new one. False when it failed.
pub fn write_sealed(path: &Path, payload: &[u8]) -> bool {
    let Some(parent) = path.parent() else {
        return false;
    };
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::create_dir_all(parent).is_ok()
        && std::fs::write(&tmp, seal(payload)).is_ok()
        && std::fs::rename(&tmp, path).is_ok()
}

/// What a run made, by fingerprint: the next run compares its own with these to know what
/// changed. `build` keeps it in the cache ([`BuildCache`]), `serve` in memory.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Made {
    /// Fingerprint of every page, by output file.
    pub pages: BTreeMap<String, u64>,
    /// Hash of the inputs of every language's search index, by name
    /// ([`crate::graph::pages::index_input_hashes`]).
    pub inputs: BTreeMap<String, u64>,
    /// Each group of site files (the sitemap, finder data, assets): its fingerprint and files.
    #[serde(default)]
    pub site_files: BTreeMap<String, (u64, Vec<String>)>,
}

/// What one build leaves for the next.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct BuildCache {
    /// The binary and the options the output was built with; another key means no reuse.
    pub key: String,
    /// What the build made.
    #[serde(flatten)]
    pub made: Made,
    /// The output's marker file when the build finished (see [`load_output_files`]): another
    /// build into the same folder (one without the cache, say) makes a new one, and then
    /// nothing in the output may be taken as this cache describes it.
    #[serde(default)]
    pub marker: Option<crate::source::load::FileStat>,
}

impl BuildCache {
    /// The cache in `dir` if it was written for `key` and describes the output `out` as it is
    /// (its marker is the file the build that wrote the cache left), else an empty one.
    pub fn load(dir: &Path, key: &str, out: &Path, damaged: &Damaged) -> BuildCache {
        read_sealed(&dir.join(FILE), damaged)
            .and_then(|bytes| serde_json::from_slice::<BuildCache>(&bytes).ok())
            .filter(|c| c.key == key && c.marker.is_some() && c.marker == marker_identity(out))
            .unwrap_or_default()
    }

    /// Removes the record from `dir`: called before a build changes the output, so that a
    /// build stopped half-way (killed, say) leaves the next one a clean build. Without the
    /// record no page is taken as the output has it.
    pub fn forget(dir: &Path) {
        let _ = std::fs::remove_file(dir.join(FILE));
    }

    /// Writes the cache for the output `out` as it is now (best effort: a cache that cannot be
    /// written only makes the next build a full one).
    pub fn save(mut self, dir: &Path, out: &Path) {
        self.marker = marker_identity(out);
        if let Ok(bytes) = serde_json::to_vec(&self) {
            write_sealed(&dir.join(FILE), &bytes);
        }
    }
}

/// What decides whether a previous output can be reused: this binary (its size and
/// modification time), the output folder `out` and `options`, the options that change the output.
pub fn key(out: &Path, options: &impl Hash) -> String {
    let mut h = DefaultHasher::new();
    binary_identity(&mut h);
    output_path(out).hash(&mut h);
    options.hash(&mut h);
    format!("{:016x}", h.finish())
}

/// The output folder's full path, the same before the first build makes the folder and after
/// (a relative `public` that does not exist yet is `/site/public`, not `public`).
fn output_path(out: &Path) -> PathBuf {
    if let Ok(path) = std::fs::canonicalize(out) {
        return path;
    }
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty());
    let parent = parent.map_or_else(|| std::fs::canonicalize("."), std::fs::canonicalize);
    match (parent, out.file_name()) {
        (Ok(parent), Some(name)) => parent.join(name),
        _ => std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf()),
    }
}

/// The default cache folder of a site.
pub fn default_dir(root: &Path) -> PathBuf {
    root.join(".vardguide-cache")
}

/// The body store: every rendered Markdown body of the last build (with its diagnostics), kept
/// in the cache folder so that the next build parses only the articles that changed. It is two
/// kinds of file:
///
/// - the contents files (`contents-….bin`): each is the file a build put the bodies it rendered
///   in as it rendered them ([`Spill`]), kept, so that no body is written twice. A content is
///   checked when it is read (against the digest its face keeps): one that does not match makes
///   the build start again without the store ([`crate::pipeline::build`]);
/// - the shards (`bodies-NN.bin`): the bodies' faces and diagnostics, and where each content is,
///   spread over this many files by the body's key, each sealed and checked as a whole when it
///   is read. A build that changed one article writes the one or two shards whose entries
///   changed, and no content but the changed one.
///
/// A shard file is the length of its header (8 bytes, little-endian), the header (this binary's
/// key, the contents files it points into, and each entry's key and places) and the faces.
/// Only the headers are read before validation; validation reads each body's face from its place
/// ([`StoredBody::read`]), and the content stays in its file until a page or the search index
/// asks for it ([`ContentPlace`]), so a cached build reads the content of the changed pages
/// alone. A contents file no shard points into is removed once the shards are written; a file
/// less than half used, or the least used when there are too many, has its contents copied into
/// the newest one ([`to_gather`]).
const BODY_SHARDS: u64 = 32;

/// How many contents files the shards may point into: with more, the contents of the files
/// least used are gathered into the newest until half as many are left ([`to_gather`]).
const CONTENTS_FILES: usize = 8;

/// Which contents files (by name) a build copies the contents still used of into its own file
/// `own`, from each file's bytes still used and its size: every file less than half used, and,
/// while the shards would point into more than [`CONTENTS_FILES`] files, those least used, until
/// half that many are left. A large file mostly in use (the first build's, at national scale a
/// gigabyte and more) stays where it is; the small files later builds add are what is gathered.
fn to_gather(usage: &BTreeMap<&str, (u64, u64)>, own: Option<&str>) -> BTreeSet<String> {
    // Without a file of its own (the cache folder took no new file) there is nowhere to gather to.
    if own.is_none() {
        return BTreeSet::new();
    }
    let mut others: Vec<(&str, u64, u64)> = usage
        .iter()
        .filter(|(name, _)| Some(**name) != own)
        .map(|(name, (used, size))| (*name, *used, *size))
        .collect();
    let mut gathered: BTreeSet<String> = others
        .iter()
        .filter(|(_, used, size)| used.saturating_mul(2) < *size)
        .map(|(name, _, _)| name.to_string())
        .collect();
    others.retain(|(name, _, _)| !gathered.contains(*name));
    if others.len() + 1 > CONTENTS_FILES {
        others.sort_by_key(|(name, used, _)| (*used, *name));
        let excess = others.len() + 1 - CONTENTS_FILES / 2;
        gathered.extend(
            others
                .iter()
                .take(excess)
                .map(|(name, _, _)| name.to_string()),
        );
    }
    gathered
}

fn shard_file(dir: &Path, shard: u64) -> PathBuf {
    dir.join(format!("bodies-{shard:02}.bin"))
}

/// Whether `name` is what a contents file is called (a shard names nothing else, and nothing
/// outside the folder).
fn is_contents_name(name: &str) -> bool {
    name.strip_prefix("contents-")
        .and_then(|n| n.strip_suffix(".bin"))
        .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[derive(Serialize, Deserialize)]
struct ShardHeader {
    key: String,
    /// The contents files the entries point into, by name.
    files: Vec<String>,
    /// Entry key; offset of its face after the header and the face's length; its content's
    /// file (an index into `files`), offset and length there.
    entries: Vec<(u64, u64, u32, u32, u64, u32)>,
}

/// Where one stored body is: its face in a shard file's bytes (read whole, for its seal, and
/// kept while validation asks for faces) and its content in a contents file.
pub(crate) struct StoredBody {
    shard: Arc<Vec<u8>>,
    offset: u64,
    face_len: u32,
    content: ContentPlace,
}

impl StoredBody {
    /// The body (its content left in the store until it is asked for) and its diagnostics, or
    /// `None` when they cannot be read back (the body is then parsed again).
    pub(crate) fn read(&self) -> Option<(RenderedBody, Vec<Diagnostic>)> {
        let start = usize::try_from(self.offset).ok()?;
        let face = self
            .shard
            .get(start..start.checked_add(self.face_len as usize)?)?;
        let (face, diags): (BodyFace, Vec<Diagnostic>) = rmp_serde::from_slice(face).ok()?;
        Some((
            RenderedBody::stored(face, Arc::new(self.content.clone())),
            diags,
        ))
    }
}

/// A file of rendered bodies' contents ([`Spill`]).
#[derive(Debug)]
pub(crate) struct Contents {
    /// Where it is, when it has a name (in the cache folder); `None` for a file without one.
    path: Option<PathBuf>,
    file: std::fs::File,
}

impl Contents {
    fn name(&self) -> Option<&str> {
        self.path.as_ref()?.file_name()?.to_str()
    }
}

/// Where a body's content is.
#[derive(Debug, Clone)]
struct ContentPlace {
    file: Arc<Contents>,
    offset: u64,
    len: u32,
}

impl StoredContent for ContentPlace {
    fn read(&self) -> Option<BodyContent> {
        rmp_serde::from_slice(&self.bytes()?).ok()
    }

    fn bytes(&self) -> Option<Vec<u8>> {
        let mut buf = vec![0; self.len as usize];
        read_at(&self.file.file, &mut buf, self.offset).ok()?;
        Some(buf)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn origin(&self) -> Option<PathBuf> {
        self.file.path.clone()
    }
}

/// The file a build puts each body's content in as soon as the body is rendered, so that a large
/// site never holds every rendered body in memory at once: pages and the search index read each
/// body back when they need it. With a build cache it is a contents file of the body store
/// (`contents-….bin` in the cache folder), which the shards point into, so that a body is
/// written once; a build killed before its shards are written leaves it to the next build to
/// remove. Without one, or when the cache folder cannot take it, it is a file without a name in
/// a scratch folder the caller names (the output's, so that it is on the disk the site goes to,
/// not in a system temporary folder that may be memory: tmpfs), else in the system's temporary
/// folder; gone when the last body that points into it is, or when the process ends, however it
/// ends. The bodies rendered then are not stored.
pub struct Spill {
    file: Arc<Contents>,
    /// Where the next content goes: writers reserve their range here and write in parallel.
    end: std::sync::atomic::AtomicU64,
    /// [`save_bodies`] has decided whether the file stays; until then it goes with the spill
    /// (a build that stops on an error leaves no contents file behind).
    saved: std::sync::atomic::AtomicBool,
}

impl Drop for Spill {
    fn drop(&mut self) {
        // Bodies that point into the file can still read it: it only loses its name.
        if !self.saved.load(std::sync::atomic::Ordering::Relaxed)
            && let Some(path) = &self.file.path
        {
            let _ = std::fs::remove_file(path);
        }
    }
}

impl Spill {
    /// A new contents file in the cache folder `dir` (made if need be), or a file without a
    /// name in `scratch` or else the system's temporary folder; `None` when none can be made
    /// (the bodies then stay in memory).
    pub fn new(dir: Option<&Path>, scratch: &Path) -> Option<Spill> {
        let named = dir.and_then(|d| {
            std::fs::create_dir_all(d).ok()?;
            let (file, path) = tempfile::Builder::new()
                .prefix("contents-")
                .suffix(".bin")
                .rand_bytes(12)
                .tempfile_in(d)
                .ok()?
                .keep()
                .ok()?;
            // The random part of the name is alphanumeric; anything else would not be found.
            let ok = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(is_contents_name);
            if !ok {
                let _ = std::fs::remove_file(&path);
                return None;
            }
            Some(Contents {
                path: Some(path),
                file,
            })
        });
        let contents = match named {
            Some(c) => c,
            None => Contents {
                path: None,
                file: tempfile::tempfile_in(scratch)
                    .or_else(|_| tempfile::tempfile())
                    .ok()?,
            },
        };
        Some(Spill {
            file: Arc::new(contents),
            end: std::sync::atomic::AtomicU64::new(0),
            saved: std::sync::atomic::AtomicBool::new(false),
        })
    }

    /// Writes `content` and says where it is; `None` when it could not be written.
    pub fn put(&self, content: &BodyContent) -> Option<Arc<dyn StoredContent>> {
        let bytes = rmp_serde::to_vec(content).ok()?;
        Some(Arc::new(self.put_bytes(&bytes)?))
    }

    /// Writes a content already encoded.
    fn put_bytes(&self, bytes: &[u8]) -> Option<ContentPlace> {
        let len = u32::try_from(bytes.len()).ok()?;
        let offset = self
            .end
            .fetch_add(u64::from(len), std::sync::atomic::Ordering::Relaxed);
        write_at(&self.file.file, bytes, offset).ok()?;
        Some(ContentPlace {
            file: Arc::clone(&self.file),
            offset,
            len,
        })
    }
}

#[cfg(unix)]
fn write_at(file: &std::fs::File, buf: &[u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, buf, offset)
}

#[cfg(not(unix))]
fn write_at(_: &std::fs::File, _: &[u8], _: u64) -> std::io::Result<()> {
    Err(std::io::Error::other(
        "bodies are put in a file on Unix only",
    ))
}

#[cfg(unix)]
fn read_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(not(unix))]
fn read_at(_: &std::fs::File, _: &mut [u8], _: u64) -> std::io::Result<()> {
    Err(std::io::Error::other("the body store is read on Unix only"))
}

/// A contents file, open, and its size.
type OpenContents = (Arc<Contents>, u64);

/// A shard's entries, read: each key's place, the contents files the shard points into, and
/// whether every entry could be used (a shard with one left out is written again).
type ShardRead = (Vec<(u64, StoredBody)>, Vec<String>, bool);

/// Reads a shard's header: its entries' places, if it was written by this binary (`key`). The
/// whole file is read and its seal checked first, so that no entry of a damaged shard is used;
/// its bytes are kept, and each entry's face decoded from them when validation asks for it. An
/// entry whose contents file is missing or too short for it (a short one is named in
/// `damaged`) is left out: it is parsed again.
fn read_shard(
    path: &Path,
    key: &str,
    contents: &dyn Fn(&str) -> Option<OpenContents>,
    damaged: &Damaged,
) -> Option<ShardRead> {
    use std::io::Read;
    let mut file = open_cache_file(path).ok()?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    let payload = match unseal(&bytes) {
        Ok(payload) => payload,
        Err(Unsealed::Foreign) => return None,
        Err(Unsealed::Damaged) => {
            damaged.add(path);
            return None;
        }
    };
    let (len, rest) = payload.split_at_checked(8)?;
    let len = u64::from_le_bytes(len.try_into().ok()?);
    let head = rest.get(..usize::try_from(len).ok()?)?;
    let header: ShardHeader = rmp_serde::from_slice(head).ok()?;
    if header.key != key || !header.files.iter().all(|n| is_contents_name(n)) {
        return None;
    }
    let files: Vec<Option<OpenContents>> = header.files.iter().map(|name| contents(name)).collect();
    let start = (SEAL_LEN as u64) + 8 + len;
    let size = bytes.len() as u64;
    let shard = Arc::new(bytes);
    let mut entries = Vec::with_capacity(header.entries.len());
    let mut complete = true;
    for (k, offset, face_len, in_file, content_offset, content_len) in header.entries {
        let place = StoredBody {
            shard: Arc::clone(&shard),
            offset: start.checked_add(offset)?,
            face_len,
            content: match files.get(in_file as usize)? {
                Some((contents, contents_size)) => {
                    let end = content_offset.checked_add(u64::from(content_len))?;
                    if end > *contents_size {
                        if let Some(path) = &contents.path {
                            damaged.add(path);
                        }
                        complete = false;
                        continue;
                    }
                    ContentPlace {
                        file: Arc::clone(contents),
                        offset: content_offset,
                        len: content_len,
                    }
                }
                None => {
                    complete = false;
                    continue;
                }
            },
        };
        // A face that lies past the end is a bug, not damage (the seal held): the shard is
        // not used.
        let end = place.offset.checked_add(u64::from(face_len))?;
        if end > size {
            return None;
        }
        entries.push((k, place));
    }
    Some((entries, header.files, complete))
}

/// A hash of a shard's entry keys (sorted), to tell whether it must be written again.
fn keys_hash(keys: &mut [u64]) -> u64 {
    keys.sort_unstable();
    let mut h = DefaultHasher::new();
    keys.hash(&mut h);
    h.finish()
}

/// The bodies stored in `dir` by a build of this binary (`key`, from [`binary_key`]): their
/// places, read when validation asks for them. A missing, unreadable or foreign shard, or a
/// missing or short contents file, only means those bodies are parsed again (a content that
/// fails its check when it is read makes the build start again: [`crate::pipeline::build`]).
pub fn load_bodies(dir: &Path, key: &str, damaged: &Damaged) -> BodyCache {
    // Each contents file is opened once, whichever shards point into it.
    let opened: std::sync::Mutex<HashMap<String, Option<OpenContents>>> =
        std::sync::Mutex::default();
    let contents = |name: &str| -> Option<OpenContents> {
        let mut opened = opened.lock().unwrap_or_else(|e| e.into_inner());
        opened
            .entry(name.to_string())
            .or_insert_with(|| {
                let path = dir.join(name);
                let file = open_cache_file(&path).ok()?;
                let size = file.metadata().ok()?.len();
                let contents = Contents {
                    path: Some(path),
                    file,
                };
                Some((Arc::new(contents), size))
            })
            .clone()
    };
    let shards: Vec<(u64, ShardRead)> = (0..BODY_SHARDS)
        .into_par_iter()
        .filter_map(|shard| {
            read_shard(&shard_file(dir, shard), key, &contents, damaged).map(|e| (shard, e))
        })
        .collect();
    let mut cache = BodyCache::default();
    for (shard, (entries, files, complete)) in shards {
        let mut keys: Vec<u64> = entries.iter().map(|e| e.0).collect();
        // A shard with entries left out is written again: it must not keep pointing into a
        // contents file that cannot give them.
        if complete {
            cache.stored.insert(shard, keys_hash(&mut keys));
        }
        cache.contents_files.insert(shard, files);
        cache.on_disk.extend(entries);
    }
    cache
}

/// Removes the body store and the record of the articles read: the next build reads and
/// parses every article again.
pub fn remove_bodies(dir: &Path) {
    for shard in 0..BODY_SHARDS {
        let _ = std::fs::remove_file(shard_file(dir, shard));
        let _ = std::fs::remove_file(articles_file(dir, shard));
    }
    remove_contents_files(dir, &BTreeSet::new());
}

/// Removes the contents files in `dir` that are not `kept`.
fn remove_contents_files(dir: &Path, kept: &BTreeSet<&str>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        if let Some(name) = name.to_str()
            && is_contents_name(name)
            && !kept.contains(name)
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// One shard's file, sealed (header length, header, faces), and the contents files it points
/// into. Each content stays where it is when `keep` says so of its contents file, else it is
/// written to the spill; an entry whose content cannot be put anywhere is left out (it is
/// parsed again).
fn shard_bytes(
    key: &str,
    entries: &[(u64, &RenderedBody, &[Diagnostic])],
    keep: &dyn Fn(&Contents) -> bool,
    spill: Option<&Spill>,
) -> Option<(Vec<u8>, Vec<String>)> {
    let mut data = Vec::new();
    let mut files: Vec<String> = Vec::new();
    let mut places = Vec::with_capacity(entries.len());
    for (k, body, diags) in entries {
        let kept = body
            .store()
            .and_then(|s| s.as_any().downcast_ref::<ContentPlace>())
            .filter(|p| p.file.name().is_some() && keep(&p.file))
            .cloned();
        let place = match kept {
            Some(place) => place,
            None => {
                let Some(spill) = spill.filter(|s| s.file.name().is_some()) else {
                    continue;
                };
                let bytes = match body.stored_bytes() {
                    Some(bytes) => bytes,
                    None => {
                        let (_, content) = body.parts()?;
                        rmp_serde::to_vec(content.as_ref()).ok()?
                    }
                };
                match spill.put_bytes(&bytes) {
                    Some(place) => place,
                    None => continue,
                }
            }
        };
        let name = place.file.name()?;
        let in_file = match files.iter().position(|f| f == name) {
            Some(i) => i,
            None => {
                files.push(name.to_string());
                files.len() - 1
            }
        };
        let start = data.len();
        rmp_serde::encode::write(&mut data, &(body.face(), diags)).ok()?;
        let face_len = u32::try_from(data.len() - start).ok()?;
        places.push((
            *k,
            start as u64,
            face_len,
            u32::try_from(in_file).ok()?,
            place.offset,
            place.len,
        ));
    }
    let header = ShardHeader {
        key: key.to_string(),
        files,
        entries: places,
    };
    let head = rmp_serde::to_vec(&header).ok()?;
    let mut out = Vec::with_capacity(8 + head.len() + data.len());
    out.extend_from_slice(&(head.len() as u64).to_le_bytes());
    out.extend_from_slice(&head);
    out.extend_from_slice(&data);
    Some((seal(&out), header.files))
}

/// Writes the shards of `cache` whose entries differ from what `dir` holds (best effort, like
/// [`BuildCache::save`]), records them as stored, and removes the contents files no shard
/// points into. The contents of the files `to_gather` names are copied into the spill, and
/// the shards that pointed into them written again.
pub fn save_bodies(dir: &Path, key: &str, cache: &mut BodyCache) {
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let mut by_shard: BTreeMap<u64, Vec<u64>> = (0..BODY_SHARDS).map(|s| (s, Vec::new())).collect();
    for k in cache.entries.keys() {
        by_shard.entry(k % BODY_SHARDS).or_default().push(*k);
    }
    let spill = cache.spill.as_ref();
    if let Some(spill) = spill {
        spill
            .saved
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }
    let own = spill.and_then(|s| s.file.name()).map(str::to_string);
    // Each contents file's bytes still used by a body, and its size.
    let mut usage: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for (body, _) in cache.entries.values() {
        let Some(place) = body
            .store()
            .and_then(|s| s.as_any().downcast_ref::<ContentPlace>())
        else {
            continue;
        };
        let Some(name) = place.file.name() else {
            continue;
        };
        let entry = usage.entry(name).or_insert_with(|| {
            let size = place.file.file.metadata().map_or(0, |m| m.len());
            (0, size)
        });
        entry.0 += u64::from(place.len);
    }
    let gathered = to_gather(&usage, own.as_deref());
    let changed: Vec<(u64, u64, Vec<u64>)> = by_shard
        .into_iter()
        .filter_map(|(shard, mut keys)| {
            let hash = keys_hash(&mut keys);
            let moves = cache
                .contents_files
                .get(&shard)
                .is_some_and(|files| files.iter().any(|f| gathered.contains(f)));
            (moves || cache.stored.get(&shard) != Some(&hash)).then_some((shard, hash, keys))
        })
        .collect();
    let entries = &cache.entries;
    let keep = |c: &Contents| c.name().is_some_and(|n| !gathered.contains(n));
    let written: Vec<(u64, u64, Vec<String>)> = changed
        .into_par_iter()
        .filter_map(|(shard, hash, keys)| {
            let listed: Vec<(u64, &RenderedBody, &[Diagnostic])> = keys
                .iter()
                .filter_map(|k| entries.get(k).map(|(b, d)| (*k, b.as_ref(), d.as_slice())))
                .collect();
            let (bytes, files) = shard_bytes(key, &listed, &keep, spill)?;
            let path = shard_file(dir, shard);
            let tmp = path.with_extension("tmp");
            std::fs::write(&tmp, bytes).ok()?;
            std::fs::rename(&tmp, &path).ok()?;
            Some((shard, hash, files))
        })
        .collect();
    for (shard, hash, files) in written {
        cache.stored.insert(shard, hash);
        cache.contents_files.insert(shard, files);
    }
    // Every shard on disk is now one this build read or wrote, or one it could not use and
    // could not write again (its entries pointing into a removed file are then left out by
    // the build that reads it).
    let kept: BTreeSet<&str> = cache
        .contents_files
        .values()
        .flatten()
        .map(String::as_str)
        .collect();
    remove_contents_files(dir, &kept);
    // Kept by builds before the front matter went into the record of the articles read.
    let _ = std::fs::remove_file(dir.join("front-matter.bin"));
    let _ = std::fs::remove_file(dir.join("articles-read.bin"));
}

/// The record of the articles read ([`crate::source::load::ArticleRead`]: each file's identity
/// on disk, parsed front matter and body hash) is kept in this many files, by a hash of the
/// file's path, so that a build that read a few files writes a few small records again, and
/// the records are read in parallel.
const ARTICLE_SHARDS: u64 = 32;

fn articles_file(dir: &Path, shard: u64) -> PathBuf {
    dir.join(format!("articles-{shard:02}.bin"))
}

fn article_shard(path: &Path) -> u64 {
    xxhash_rust::xxh3::xxh3_64(path.as_os_str().as_encoded_bytes()) % ARTICLE_SHARDS
}

#[derive(Serialize)]
struct ArticlesReadOut<'a> {
    key: &'a str,
    entries: Vec<(&'a Path, &'a crate::source::load::ArticleRead)>,
}

#[derive(Deserialize)]
struct ArticlesReadFile {
    key: String,
    entries: Vec<(PathBuf, crate::source::load::ArticleRead)>,
}

/// What an earlier build stored of the articles it read ([`load_articles_read`]).
#[derive(Default)]
pub struct ArticleRecords {
    /// Each file's record, by its path relative to the site root.
    pub known: crate::source::load::ArticlesRead,
    /// The record files that could be used, one bit per shard: the others are written again.
    pub usable: u64,
}

/// What a build of this binary (`key`) stored in `dir` of the articles it read; empty when
/// there is nothing usable. A record file that is damaged, missing or another binary's only
/// means its files are read again.
pub fn load_articles_read(dir: &Path, key: &str, damaged: &Damaged) -> ArticleRecords {
    let shards: Vec<(u64, Vec<(PathBuf, crate::source::load::ArticleRead)>)> = (0..ARTICLE_SHARDS)
        .into_par_iter()
        .filter_map(|shard| {
            let bytes = read_sealed(&articles_file(dir, shard), damaged)?;
            let file: ArticlesReadFile = rmp_serde::from_slice(&bytes).ok()?;
            // A record in the wrong file is a bug, not damage (the seal held): not used.
            let right =
                file.key == key && file.entries.iter().all(|(p, _)| article_shard(p) == shard);
            right.then_some((shard, file.entries))
        })
        .collect();
    let mut records = ArticleRecords::default();
    for (shard, entries) in shards {
        records.usable |= 1 << shard;
        records.known.extend(entries);
    }
    records
}

/// Stores what this build read of `articles` (best effort): the record files whose articles
/// differ from what `known`, the record this build started from, says of them (one was read
/// now, or one is gone), and those that could not be used.
pub fn save_articles_read(
    dir: &Path,
    key: &str,
    known: &ArticleRecords,
    articles: &[(PathBuf, crate::source::load::ArticleRead)],
) {
    let mut by_shard: Vec<Vec<(&Path, &crate::source::load::ArticleRead)>> =
        (0..ARTICLE_SHARDS).map(|_| Vec::new()).collect();
    for (path, read) in articles {
        by_shard[article_shard(path) as usize].push((path.as_path(), read));
    }
    let mut known_count = vec![0usize; ARTICLE_SHARDS as usize];
    for path in known.known.keys() {
        known_count[article_shard(path) as usize] += 1;
    }
    by_shard
        .into_par_iter()
        .zip(known_count)
        .enumerate()
        .for_each(|(shard, (entries, known_count))| {
            let usable = known.usable & (1 << shard) != 0;
            let unchanged =
                usable && entries.len() == known_count && entries.iter().all(|(_, r)| !r.read_now);
            if unchanged {
                return;
            }
            let file = ArticlesReadOut { key, entries };
            // Fields by place, not name: the record is read by this binary alone.
            if let Ok(bytes) = rmp_serde::to_vec(&file) {
                write_sealed(&articles_file(dir, shard as u64), &bytes);
            }
        });
}

const OUTPUT_FILES: &str = "output-files.bin";

/// The files of an output folder when a build finished with it, and the identity of the
/// folder's marker file then. A full build writes a new marker (a new file), a cached build
/// leaves it as it is; so while the marker is the same file, the output holds these files
/// (unless they were changed by hand: the README says to build with `--no-cache` then).
#[derive(Serialize, Deserialize)]
struct OutputFilesFile {
    key: String,
    marker: crate::source::load::FileStat,
    files: Vec<String>,
}

/// The identity on disk of the output marker in `out`: a new one is written by every build, so an
/// output whose marker has another identity is not the one a record describes.
pub(crate) fn marker_identity(out: &Path) -> Option<crate::source::load::FileStat> {
    let meta = std::fs::metadata(out.join(crate::graph::files::MARKER)).ok()?;
    crate::source::load::FileStat::of(&meta)
}

/// The files of `out` as the last build with this `key` ([`key`]) left them, when its marker
/// is still the file that build saw; `None` when `out` must be listed.
pub fn load_output_files(
    dir: &Path,
    key: &str,
    out: &Path,
    damaged: &Damaged,
) -> Option<rustc_hash::FxHashSet<String>> {
    let bytes = read_sealed(&dir.join(OUTPUT_FILES), damaged)?;
    let record: OutputFilesFile = rmp_serde::from_slice(&bytes).ok()?;
    (record.key == key && Some(record.marker) == marker_identity(out))
        .then(|| record.files.into_iter().collect())
}

/// Forgets the record of the output's files: called before a build changes the output, so that
/// a build stopped half-way leaves the next one to list the folder.
pub fn forget_output_files(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(OUTPUT_FILES));
}

/// Records the files of `out` after a build (best effort).
pub fn save_output_files(dir: &Path, key: &str, out: &Path, files: &rustc_hash::FxHashSet<String>) {
    let Some(marker) = marker_identity(out) else {
        return;
    };
    let record = OutputFilesFile {
        key: key.to_string(),
        marker,
        files: files.iter().cloned().collect(),
    };
    if let Ok(bytes) = rmp_serde::to_vec(&record) {
        write_sealed(&dir.join(OUTPUT_FILES), &bytes);
    }
}

/// Reads every record of the cache folder `dir` as a build of this binary (`key`) would, every
/// stored body's face and content included, and returns how many records it could use. For the
/// cache fuzzer (`fuzz/fuzz_targets/cache_records.rs`): whatever the files hold, this never
/// panics.
pub fn read_all(dir: &Path, key: &str, out: &Path) -> usize {
    let damaged = Damaged::default();
    let record = BuildCache::load(dir, key, out, &damaged);
    let listed = load_output_files(dir, key, out, &damaged).map_or(0, |f| f.len());
    let read = load_articles_read(dir, key, &damaged).known.len();
    let bodies = load_bodies(dir, key, &damaged);
    let faces = bodies
        .on_disk
        .values()
        .filter_map(StoredBody::read)
        .filter(|(body, _)| !body.blocks().is_empty() || !body.is_unreadable())
        .count();
    record.made.pages.len() + listed + read + faces
}

/// What decides whether stored bodies can be reused: this binary alone (a body depends on its
/// source and the site's article keys, which its entry key holds, not on the build options).
pub fn binary_key() -> String {
    let mut h = DefaultHasher::new();
    binary_identity(&mut h);
    format!("{:016x}", h.finish())
}

fn binary_identity(h: &mut DefaultHasher) {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|exe| std::fs::metadata(exe).ok())
        .map(|meta| (meta.len(), meta.modified().ok()));
    identity_of(exe, h);
}

/// Hashes what tells this executable from another build: its file's size and time, and the
/// version. Without the file (removed while running, or unreadable), another build of the same
/// version, whose stored types may differ, could not be told apart: the key is then this
/// process's alone, and nothing another process stored is read back.
fn identity_of(exe: Option<(u64, Option<std::time::SystemTime>)>, h: &mut DefaultHasher) {
    match exe {
        Some(file) => file.hash(h),
        None => {
            // Once per process, so that `serve`'s builds still share what they store.
            static RUN: std::sync::OnceLock<(u32, std::time::SystemTime)> =
                std::sync::OnceLock::new();
            RUN.get_or_init(|| (std::process::id(), std::time::SystemTime::now()))
                .hash(h);
        }
    }
    env!("CARGO_PKG_VERSION").hash(h);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{self, BodyContext, Sanitizer};

    /// The key of an executable whose file cannot be read is its process's own: the same for
    /// every build the process runs, and not the key of a file of this version.
    #[test]
    fn an_executable_without_its_file_gets_a_key_of_its_own() {
        let key = |exe| {
            let mut h = DefaultHasher::new();
            identity_of(exe, &mut h);
            h.finish()
        };
        let file = Some((1234, Some(std::time::SystemTime::UNIX_EPOCH)));
        assert_eq!(key(file), key(file));
        assert_ne!(key(file), key(Some((1235, file.and_then(|f| f.1)))));
        assert_eq!(key(None), key(None), "one key for the whole process");
        assert_ne!(key(None), key(file));
        assert_ne!(key(None), key(Some((0, None))));
    }

    /// A body with every kind of note, a care card, a regional note and a diagnostic.
    fn body() -> (RenderedBody, Vec<Diagnostic>) {
        let images = crate::source::images::rash_png();
        let sanitizer = Sanitizer::new();
        let resolve = |_: &str, _: &str| Err("no such article".to_string());
        let ctx = BodyContext {
            file: Path::new("content/articles/a/sv.md"),
            regions: &["skane"],
            images: &images,
            key: "a",
            base_path: "/",
            resolve: &resolve,
            sanitizer: &sanitizer,
        };
        let text = "Text med [länk](http://example.org/).\n\n![](rash.png)\n\n#### Djupt\n\n\
                    :::care urgent\nSök vård.\n:::\n\n:::region skane\nRing.\n:::\n\n\
                    [saknas](article:nowhere)\n";
        markdown::render(text, 5, &ctx)
    }

    /// The contents files in `dir`, by name.
    fn contents_files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| is_contents_name(n))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn stored_bodies_read_back_as_they_were() {
        let (a, a_diags) = body();
        assert!(a.notes().len() >= 3, "{:?}", a.notes());
        assert!(!a_diags.is_empty(), "the unknown link is reported");
        let b = RenderedBody::default();
        let dir = tempfile::tempdir().expect("tempdir");
        let mut cache = BodyCache {
            spill: Spill::new(Some(dir.path()), dir.path()),
            ..BodyCache::default()
        };
        // Bodies in memory (as `serve` keeps them) are put in the spill when they are stored.
        cache
            .entries
            .insert(7, (Arc::new(a.clone()), a_diags.clone()));
        cache.entries.insert(9, (Arc::new(b.clone()), Vec::new()));
        save_bodies(dir.path(), "k1", &mut cache);
        drop(cache);

        assert!(
            load_bodies(dir.path(), "another binary", &Damaged::default())
                .on_disk
                .is_empty()
        );
        let read = load_bodies(dir.path(), "k1", &Damaged::default());
        let mut keys: Vec<u64> = read.on_disk.keys().copied().collect();
        keys.sort();
        assert_eq!(keys, vec![7, 9]);
        let (got, got_diags) = read.on_disk[&7].read().expect("the first body");
        assert_eq!(got.digest(), a.digest());
        assert_eq!((got.links(), got.notes()), (a.links(), a.notes()));
        assert_eq!(got_diags, a_diags);
        // The content is read when it is asked for.
        assert_eq!((got.blocks(), got.text()), (a.blocks(), a.text()));
        assert!(!got.is_unreadable());
        let (got, _) = read.on_disk[&9].read().expect("the second body");
        assert_eq!((got.blocks(), got.digest()), (b.blocks(), b.digest()));

        // Content that no longer reads back as it was stored: empty, and the body says so and
        // names its file.
        let (first, _) = read.on_disk[&7].read().expect("the first body");
        let place = &read.on_disk[&7].content;
        let path = place.file.path.clone().expect("a named file");
        let damaged = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .expect("open");
        std::os::unix::fs::FileExt::write_all_at(&damaged, &[0xFF; 4], place.offset + 4)
            .expect("damage");
        assert!(first.blocks().is_empty());
        assert!(first.is_unreadable());
        assert_eq!(first.store().and_then(|s| s.origin()), Some(path.clone()));
        assert!(
            first.parts().is_none(),
            "an unreadable body is not stored again"
        );
        // A contents file too short for an entry: the entry is left out.
        damaged.set_len(place.offset + 1).expect("truncate");
        let noted = Damaged::default();
        let short = load_bodies(dir.path(), "k1", &noted);
        assert!(!short.on_disk.contains_key(&7));
        assert_eq!(noted.files(), vec![path.clone()], "the short file is named");
        assert!(
            !short.stored.contains_key(&(7 % BODY_SHARDS)),
            "the shard is written again even if the entry is no longer needed"
        );

        // A damaged shard: none of its entries is used, and it is named.
        let shard = shard_file(dir.path(), 9 % BODY_SHARDS);
        std::fs::write(&shard, &seal(b"damaged")[..20]).expect("damage");
        let noted = Damaged::default();
        assert!(
            !load_bodies(dir.path(), "k1", &noted)
                .on_disk
                .contains_key(&9)
        );
        assert!(noted.files().contains(&shard), "{:?}", noted.files());
    }

    #[test]
    fn spilled_bodies_are_stored_where_they_are() {
        let (a, a_diags) = body();
        let dir = tempfile::tempdir().expect("tempdir");
        // Without a build cache the spill has no name: nothing is left in any folder.
        let unnamed = Spill::new(None, dir.path()).expect("a spill file");
        assert!(unnamed.file.path.is_none());
        assert!(contents_files(dir.path()).is_empty());
        #[cfg(target_os = "linux")]
        {
            // In the scratch folder given (the output's), not the system's temporary folder.
            use std::os::fd::AsRawFd;
            let fd = unnamed.file.file.as_raw_fd();
            let link = std::fs::read_link(format!("/proc/self/fd/{fd}")).expect("the file");
            let scratch = std::fs::canonicalize(dir.path()).expect("scratch");
            assert!(link.starts_with(&scratch), "{link:?} is not in {scratch:?}");
        }
        let spill = Spill::new(Some(dir.path()), dir.path()).expect("a spill file");
        let spilled: Vec<RenderedBody> = (0..3)
            .map(|_| a.clone().into_stored(|c| spill.put(c)))
            .collect();
        for body in &spilled {
            assert!(body.stored_bytes().is_some(), "the content is in the file");
            assert_eq!((body.blocks(), body.text()), (a.blocks(), a.text()));
            assert!(!body.is_unreadable());
        }
        let names = contents_files(dir.path());
        assert_eq!(names.len(), 1);
        let size = std::fs::metadata(dir.path().join(&names[0]))
            .expect("size")
            .len();
        // The body store points into the spill: no content is written again.
        let mut cache = BodyCache {
            spill: Some(spill),
            ..BodyCache::default()
        };
        cache
            .entries
            .insert(5, (Arc::new(spilled[1].clone()), a_diags.clone()));
        save_bodies(dir.path(), "k1", &mut cache);
        assert_eq!(contents_files(dir.path()), names);
        let after = std::fs::metadata(dir.path().join(&names[0]))
            .expect("size")
            .len();
        assert_eq!(after, size, "no content was copied");
        let read = load_bodies(dir.path(), "k1", &Damaged::default());
        let (got, got_diags) = read.get(5).expect("the stored body");
        assert_eq!(got_diags, a_diags);
        assert_eq!(
            (got.blocks(), got.text(), got.digest()),
            (a.blocks(), a.text(), a.digest())
        );
        assert!(!got.is_unreadable());
    }

    /// Gathering copies the small files and the mostly unused ones, never a large file mostly
    /// in use, nor the build's own.
    #[test]
    fn gathering_takes_the_least_used_files_and_leaves_a_large_one() {
        let names: Vec<String> = (1..=8).map(|i| format!("small-{i}")).collect();
        let mut usage: BTreeMap<&str, (u64, u64)> =
            names.iter().map(|n| (n.as_str(), (10, 10))).collect();
        usage.insert("first-build", (900, 1000));
        usage.insert("own", (5, 5));
        // Ten files: gathered down to four (the large one, three small ones, and the build's own).
        let gathered = to_gather(&usage, Some("own"));
        assert_eq!(gathered.len(), 6, "{gathered:?}");
        assert!(!gathered.contains("first-build") && !gathered.contains("own"));
        // Few files: only one less than half used is gathered.
        let usage: BTreeMap<&str, (u64, u64)> = [
            ("half-dead", (499, 1000)),
            ("half-used", (500, 1000)),
            ("own", (5, 5)),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            to_gather(&usage, Some("own")),
            BTreeSet::from(["half-dead".to_string()])
        );
        // Without a file of its own, nothing is gathered.
        assert!(to_gather(&usage, None).is_empty());
    }

    #[test]
    fn contents_files_no_shard_points_into_go_and_many_are_gathered() {
        let (a, diags) = body();
        let dir = tempfile::tempdir().expect("tempdir");
        // A build that stops on an error leaves no contents file; one killed leaves it.
        let failed = Spill::new(Some(dir.path()), dir.path()).expect("a spill file");
        let _ = failed.put(&BodyContent::default());
        drop(failed);
        assert!(contents_files(dir.path()).is_empty());
        let killed = Spill::new(Some(dir.path()), dir.path()).expect("a spill file");
        let _ = killed.put(&BodyContent::default());
        std::mem::forget(killed);
        assert_eq!(contents_files(dir.path()).len(), 1);
        // Builds that each change one body: each adds a contents file, until there would be
        // too many, and every body still reads back.
        let mut most = 0;
        for build in 0..(CONTENTS_FILES as u64 * 2) {
            let mut cache = load_bodies(dir.path(), "k1", &Damaged::default());
            cache.entries = cache
                .on_disk
                .iter()
                .map(|(k, stored)| {
                    let (body, diags) = stored.read().expect("stored");
                    (*k, (Arc::new(body), diags))
                })
                .collect();
            cache.spill = Spill::new(Some(dir.path()), dir.path());
            let spill = cache.spill.as_ref().expect("a spill file");
            let body = a.clone().into_stored(|c| spill.put(c));
            cache.entries.insert(build, (Arc::new(body), diags.clone()));
            save_bodies(dir.path(), "k1", &mut cache);
            drop(cache);
            let files = contents_files(dir.path()).len();
            assert!(
                files <= CONTENTS_FILES,
                "{files} contents files after build {build}"
            );
            most = most.max(files);
            let read = load_bodies(dir.path(), "k1", &Damaged::default());
            assert_eq!(read.on_disk.len() as u64, build + 1);
            for stored in read.on_disk.values() {
                let (body, _) = stored.read().expect("stored");
                assert_eq!(body.blocks(), a.blocks());
                assert!(!body.is_unreadable());
            }
        }
        assert_eq!(
            most, CONTENTS_FILES,
            "the files were gathered when there were too many"
        );
        // Removing the store removes its contents files.
        remove_bodies(dir.path());
        assert!(contents_files(dir.path()).is_empty());
    }

    #[test]
    fn the_record_of_an_article_read_reads_back_as_it_was() {
        let text = "---\ntitle: Feber\nsummary: Om feber.\nkind: symptom\ntopics: [infections]\n\
                    reviewed: 2026-01-02\nreviewer: {name: A B, role: Läkare}\nnext_review: 2027-01-02\n\
                    updated: 2026-03-04\nslug: feber-vuxna\nrelated: [cough]\ndraft: true\n\
                    translated_from: {lang: en, date: 2026-02-03, version: easy}\n\
                    keywords: [temp]\nreview_hash: abc\n---\nText.\n";
        let path = Path::new("content/articles/fever/sv.md");
        let split = crate::source::frontmatter::split(text, path).expect("splits");
        let fm = crate::source::frontmatter::parse_article(&split, path).expect("parses");
        let read = crate::source::load::ArticleRead {
            stat: None,
            head_hash: 7,
            body_line: 17,
            front_matter: Some(Arc::new(fm)),
            body_hash: 9,
            includes: vec!["call-112".into()],
            unread: None,
            read_now: true,
        };
        let broken = crate::source::load::ArticleRead {
            front_matter: None,
            ..read.clone()
        };
        let articles = vec![
            (path.to_path_buf(), read),
            (PathBuf::from("content/articles/cough/sv.md"), broken),
        ];
        let dir = tempfile::tempdir().expect("tempdir");
        save_articles_read(dir.path(), "k1", &ArticleRecords::default(), &articles);
        let records = load_articles_read(dir.path(), "k1", &Damaged::default());
        assert_eq!(records.usable, u64::MAX >> (64 - ARTICLE_SHARDS));
        let mut got: Vec<_> = records.known.into_iter().collect();
        got.sort_by(|a, b| b.0.cmp(&a.0));
        // Whether a file was read is this build's, not the record's.
        let kept: Vec<_> = articles
            .iter()
            .map(|(p, r)| {
                let r = crate::source::load::ArticleRead {
                    read_now: false,
                    ..r.clone()
                };
                (p.clone(), r)
            })
            .collect();
        assert_eq!(got, kept);
        let other = load_articles_read(dir.path(), "k2", &Damaged::default());
        assert!(other.known.is_empty() && other.usable == 0);
    }

    #[test]
    fn a_build_rewrites_only_the_shards_whose_bodies_changed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (a, diags) = body();
        let mut cache = BodyCache {
            spill: Spill::new(Some(dir.path()), dir.path()),
            ..BodyCache::default()
        };
        for k in 0..100u64 {
            cache
                .entries
                .insert(k, (Arc::new(a.clone()), diags.clone()));
        }
        save_bodies(dir.path(), "k1", &mut cache);
        // A shard written again is a new file (written beside it, then renamed over it).
        let stamp = |shard: u64| {
            std::fs::metadata(shard_file(dir.path(), shard))
                .map(|m| std::os::unix::fs::MetadataExt::ino(&m))
                .ok()
        };
        let before: Vec<_> = (0..BODY_SHARDS).map(stamp).collect();
        assert!(before.iter().all(Option::is_some), "every shard is written");

        let mut next = load_bodies(dir.path(), "k1", &Damaged::default());
        assert_eq!(next.on_disk.len(), 100);
        next.entries = (0..100u64)
            .map(|k| {
                let (body, diags) = next.on_disk[&k].read().expect("stored");
                (k, (Arc::new(body), diags))
            })
            .collect();
        next.spill = Spill::new(Some(dir.path()), dir.path());
        // Body 5 changed: it is stored under a new key in another shard.
        next.entries.remove(&5);
        next.entries
            .insert(1000 + 6, (Arc::new(a.clone()), diags.clone()));
        save_bodies(dir.path(), "k1", &mut next);
        let after: Vec<_> = (0..BODY_SHARDS).map(stamp).collect();
        let rewritten: Vec<u64> = (0..BODY_SHARDS)
            .filter(|s| before[*s as usize] != after[*s as usize])
            .collect();
        assert_eq!(rewritten, vec![5 % BODY_SHARDS, 1006 % BODY_SHARDS]);
        assert!(
            load_bodies(dir.path(), "k1", &Damaged::default())
                .on_disk
                .contains_key(&1006)
        );
        assert!(
            load_bodies(dir.path(), "k2", &Damaged::default())
                .on_disk
                .is_empty(),
            "another binary's store is not used"
        );
    }
}
