//! Stage 5, write: the output plan (path → bytes) and the only code that touches the output folder.
//! Files are written into a fresh sibling folder as they are produced, and nothing in the output
//! changes until the whole build has succeeded, so a failed build never leaves a half-written
//! site. A full build then replaces the old output with the new folder in one rename; a cached
//! build ([`Staging::in_place`]) keeps the files it reuses where they are, moves each changed file
//! over its old version with a rename and removes the files no page produces any more. Text files
//! get precompressed `.gz` copies (theme assets `.br` too) for servers that serve them as they are.
//!
//! One build at a time: [`lock`] holds an OS lock on a file beside the output for the whole
//! build (the kernel releases it when the process dies, however it dies), so a second build
//! into the same folder waits. Whatever a killed build left beside the output (its staging
//! folder, or the old output it was about to remove) is removed by the next one.
//! [`deploy`] writes the manifest of what changed beside the output; [`spool`] keeps the files
//! `serve` shows on disk.

pub mod deploy;
pub mod spool;

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use libdeflater::{CompressionLvl, Compressor};
use rayon::prelude::*;
use rustc_hash::FxHashSet;

use crate::graph::files::MARKER;

/// Why writing failed.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("output path `{0}` would leave the output folder")]
    UnsafePath(String),
    #[error("two files would be written to `{0}`")]
    Duplicate(String),
    #[error(
        "{0} exists and is not a vardguide output folder (no {MARKER} file); refusing to replace it"
    )]
    NotOurs(PathBuf),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Holds the output folder `out` for one build: an OS lock on `.<name>.lock` beside it, taken
/// at once if free, or after `on_wait` was called and the build holding it finished. Dropped,
/// or when the process ends in any way, the lock is released.
pub fn lock(out: &Path, on_wait: &dyn Fn()) -> Result<std::fs::File, WriteError> {
    let (parent, name) = parent_and_name(out);
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let path = parent.join(format!(".{name}.lock"));
    crate::cache::lock_file(&path, on_wait).map_err(io(&path))
}

/// The folder `out` is in and its name.
fn parent_and_name(out: &Path) -> (PathBuf, String) {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    (parent, name)
}

/// Removes what builds into `out` that were stopped (killed, or the machine turned off) left
/// beside it: `.<name>.tmp-<pid>` staging folders, `.<name>.old-<pid>` previous outputs and
/// `.<name>.deploy.json.tmp-<pid>` deploy manifests being written. Called with the output's
/// [`lock`] held, so no running build owns them.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let folders = [format!(".{name}.tmp-"), format!(".{name}.old-")];
    let files = [deploy::tmp_prefix(name)];
    let left_by = |prefixes: &[String], file_name: &str| {
        prefixes.iter().any(|p| {
            file_name
                .strip_prefix(p.as_str())
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        })
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() && left_by(&folders, &file_name) {
            remove_tree(&entry.path());
        } else if kind.is_file() && left_by(&files, &file_name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The precompressed copies of a compressible file, unless `exists` says a copy is already
/// there: a `.gz` of every such file, and a `.br` of the theme's content-hashed assets.
fn compressed_copies(
    path: &str,
    bytes: &[u8],
    exists: impl Fn(&str) -> bool,
) -> Vec<(String, Vec<u8>)> {
    if !is_compressible(path) || bytes.len() <= 256 {
        return Vec::new();
    }
    // Content-hashed assets and search indexes' hot files are few and fetched by many visits:
    // compress them hard (a national index's hot file: 17 % smaller than at the fast level).
    // Pages are many and change often: a fast level keeps builds quick.
    let asset = crate::graph::files::is_asset(path);
    let level = if crate::graph::files::compressed_hard(path) {
        Level::Best
    } else {
        Level::Fast
    };
    // A copy the encoder could not make is left out, never written empty: the server then
    // sends the file itself. (Neither encoder fails on a buffer in memory.)
    let mut out = Vec::new();
    let gz = format!("{path}.gz");
    if !exists(&gz)
        && let Some(copy) = gzip(bytes, level)
    {
        out.push((gz, copy));
    }
    // Pages get no `.br`: at a level fast enough for thousands of pages brotli makes a copy only
    // 2.4 % smaller than libdeflate's level 1 for about 2.8 times the CPU (BENCHMARKS.md,
    // "Precompression"), and every browser takes the `.gz`. An asset is compressed once, at
    // quality 11, and kept for a year: there the `.br` is worth its time. (A hot file's `.br`
    // would be no smaller than its best `.gz`: its bytes are an index's, already dense.)
    let br = format!("{path}.br");
    if asset
        && !exists(&br)
        && let Some(copy) = brotli(bytes)
    {
        out.push((br, copy));
    }
    out
}

/// The names of the precompressed copies a compressible file above 256 bytes gets: `.gz`, and
/// for an asset `.br` too (see [`compressed_copies`]).
fn copy_names(path: &str) -> Vec<String> {
    let mut names = vec![format!("{path}.gz")];
    if crate::graph::files::is_asset(path) {
        names.push(format!("{path}.br"));
    }
    names
}

/// A path that stays inside the output folder: relative, with no `.`, `..` or empty parts.
pub fn check_path(path: &str) -> Result<(), WriteError> {
    let safe = !path.is_empty()
        && !path.contains('\\')
        && path
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if safe {
        Ok(())
    } else {
        Err(WriteError::UnsafePath(path.to_string()))
    }
}

/// A build's output being written: files go straight into a fresh folder beside the output as
/// they are produced (from many threads), and [`Staging::commit`] puts them in place. Dropped
/// without a commit, the folder is removed and the previous output stays as it was.
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    compress: bool,
    /// Reused files stay in the output; only the written ones move there at the commit.
    in_place: bool,
    /// In place: the files the output had when the build started.
    existing: FxHashSet<String>,
    /// Every file of the new output, written or reused.
    written: Mutex<FxHashSet<String>>,
    /// The files written into the staging folder (in place: the ones to move).
    staged: Mutex<Vec<String>>,
    /// The hash ([`deploy::hash`]) of each file whose bytes went through [`Staging::put`].
    hashes: Mutex<HashMap<String, u64>>,
    dirs: Mutex<BTreeSet<PathBuf>>,
    committed: bool,
}

impl Staging {
    /// Prepares a fresh folder next to `out`. Refuses an `out` that is not vardguide output.
    /// The caller holds the output's [`lock`].
    pub fn new(out: &Path, compress: bool) -> Result<Staging, WriteError> {
        if out.exists() && !is_ours(out) {
            return Err(WriteError::NotOurs(out.to_path_buf()));
        }
        let (parent, name) = parent_and_name(out);
        std::fs::create_dir_all(&parent).map_err(io(&parent))?;
        remove_leftovers(&parent, &name);
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(io(&tmp))?;
        }
        std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
        Ok(Staging {
            out: out.to_path_buf(),
            tmp,
            old,
            compress,
            in_place: false,
            existing: FxHashSet::default(),
            written: Mutex::default(),
            staged: Mutex::default(),
            hashes: Mutex::default(),
            dirs: Mutex::default(),
            committed: false,
        })
    }

    /// Like [`Staging::new`], for a build that reuses most of the existing output `out` (whose
    /// files the build cache describes): reused files are not copied or linked, and the commit
    /// moves only the written files into `out` and removes the files of `out` that neither were
    /// written nor reused. Falls back to [`Staging::new`] when `out` is not an output folder yet.
    /// `listing` is [`list_output`] of `out` when the caller made it already (while doing
    /// something else).
    pub fn in_place(
        out: &Path,
        compress: bool,
        listing: Option<FxHashSet<String>>,
    ) -> Result<Staging, WriteError> {
        let mut staging = Staging::new(out, compress)?;
        staging.in_place = out.join(MARKER).is_file();
        if staging.in_place {
            staging.existing = listing.unwrap_or_else(|| list_output(out));
        }
        Ok(staging)
    }

    /// Writes one file (and its compressed copies when compressing).
    pub fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), WriteError> {
        check_path(&path)?;
        self.hashes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.clone(), deploy::hash(&bytes));
        if self.unchanged_in_place(&path, &bytes) {
            // The same bytes are already there (a page rendered again, the sitemap, finder data):
            // keep them and their copies rather than compress and write them again.
            self.keep(&path)?;
            if self.gets_copies(&path, bytes.len() as u64) {
                for copy in copy_names(&path) {
                    // Copies given as files of their own (the search module's) came first.
                    let given = self
                        .written
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .contains(&copy);
                    if !given {
                        self.keep(&copy)?;
                    }
                }
            }
            return Ok(());
        }
        let copies = if self.compress {
            // Which copies were given as files of their own, asked under the lock; the
            // compression itself runs outside it, so that every thread compresses at once.
            let given: Vec<String> = {
                let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
                copy_names(&path)
                    .into_iter()
                    .filter(|c| written.contains(c))
                    .collect()
            };
            compressed_copies(&path, &bytes, |c| given.iter().any(|g| g == c))
        } else {
            Vec::new()
        };
        if !copies.is_empty() {
            let mut hashes = self.hashes.lock().unwrap_or_else(|e| e.into_inner());
            for (p, b) in &copies {
                hashes.insert(p.clone(), deploy::hash(b));
            }
        }
        for (p, b) in std::iter::once((path, bytes)).chain(copies) {
            let full = self.claim(&p)?;
            std::fs::write(&full, &b).map_err(io(&full))?;
            self.staged
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(p);
        }
        Ok(())
    }

    /// Whether a file of `len` bytes at `path` is written with its [`copy_names`] copies.
    fn gets_copies(&self, path: &str, len: u64) -> bool {
        self.compress && is_compressible(path) && len > 256
    }

    /// In place: whether the output already has `path` with exactly `bytes` (and, when
    /// compressing, all its copies).
    fn unchanged_in_place(&self, path: &str, bytes: &[u8]) -> bool {
        if !self.in_place || !self.existing.contains(path) {
            return false;
        }
        if self.gets_copies(path, bytes.len() as u64)
            && !copy_names(path).iter().all(|c| self.existing.contains(c))
        {
            return false;
        }
        let full = self.out.join(path);
        std::fs::metadata(&full).is_ok_and(|m| m.len() == bytes.len() as u64)
            && std::fs::read(&full).is_ok_and(|old| old == bytes)
    }

    /// Records that `path` is part of the new output without writing it (a second time is an
    /// error, as for [`Staging::claim`]).
    fn keep(&self, path: &str) -> Result<(), WriteError> {
        if self
            .written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string())
        {
            Ok(())
        } else {
            Err(WriteError::Duplicate(path.to_string()))
        }
    }

    /// Records that `path` is written (a second time is an error: two pages share a file) and
    /// makes its folder; returns where it goes in the staging folder.
    fn claim(&self, path: &str) -> Result<PathBuf, WriteError> {
        if !self
            .written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string())
        {
            return Err(WriteError::Duplicate(path.to_string()));
        }
        let full = self.tmp.join(path);
        if let Some(dir) = full.parent() {
            // A folder goes into the set only once it exists: another thread that finds it there
            // may write into it at once. Two threads may both create it, which is harmless.
            let dirs = || self.dirs.lock().unwrap_or_else(|e| e.into_inner());
            if !dirs().contains(dir) {
                std::fs::create_dir_all(dir).map_err(io(dir))?;
                dirs().insert(dir.to_path_buf());
            }
        }
        Ok(full)
    }

    /// Takes `path` (and its `copy_names` copies when compressing) unchanged from a previous
    /// output `from`, as hard links (copies where links are not possible). Returns false, having
    /// taken nothing, when `from` lacks the file or a copy it should have.
    pub fn reuse(&self, from: &Path, path: &str) -> Result<bool, WriteError> {
        self.reuse_all(from, &[path])
    }

    /// [`Staging::reuse`] for several files: all of them, or none when one cannot be taken.
    pub fn reuse_all(&self, from: &Path, paths: &[&str]) -> Result<bool, WriteError> {
        let mut take = Vec::new();
        // A file's copies may be named among `paths` too (the search module's, which are made
        // beside it): each is taken once.
        let mut seen = FxHashSet::default();
        for path in paths {
            check_path(path)?;
            match self.reusable(from, path) {
                Some(files) if paths.len() == 1 => take = files,
                Some(files) => {
                    take.extend(files.into_iter().filter(|f| seen.insert(f.clone())));
                }
                None => return Ok(false),
            }
        }
        for p in take {
            if self.in_place && from == self.out {
                self.keep(&p)?;
            } else {
                let full = self.claim(&p)?;
                let old = from.join(&p);
                if std::fs::hard_link(&old, &full).is_err() {
                    std::fs::copy(&old, &full).map_err(io(&full))?;
                }
            }
        }
        Ok(true)
    }

    /// The files to take for `path` from `from` (it and its copies), if `from` has them all.
    fn reusable(&self, from: &Path, path: &str) -> Option<Vec<String>> {
        let mut files = vec![path.to_string()];
        if self.in_place && from == self.out {
            // The listing made at the start answers without touching the disk.
            if !self.existing.contains(path) {
                return None;
            }
            if self.compress && is_compressible(path) {
                let copies = copy_names(path);
                let have = copies.iter().filter(|c| self.existing.contains(*c)).count();
                // Small files have no copies; a file that lacks some of its copies is damaged.
                match have {
                    n if n == copies.len() => files.extend(copies),
                    0 if std::fs::metadata(from.join(path)).is_ok_and(|m| m.len() <= 256) => {}
                    _ => return None,
                }
            }
            return Some(files);
        }
        let meta = std::fs::metadata(from.join(path)).ok()?;
        if self.gets_copies(path, meta.len()) {
            for copy in copy_names(path) {
                if !from.join(&copy).is_file() {
                    return None;
                }
                files.push(copy);
            }
        }
        Some(files)
    }

    /// The hashes of the files whose bytes this build gave ([`deploy::hash`]), for the deploy
    /// manifest; files kept or reused as they were are not among them.
    pub fn hashes(&self) -> HashMap<String, u64> {
        std::mem::take(&mut *self.hashes.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Number of files written.
    pub fn len(&self) -> usize {
        self.written.lock().map(|w| w.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Replaces the output with what was written. Returns every file of the new output (but
    /// the marker).
    pub fn commit(mut self) -> Result<FxHashSet<String>, WriteError> {
        let files = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        if self.in_place {
            self.commit_in_place(&files)?;
            // A marker that is a new file: the output is not what any earlier record describes.
            let marker = self.tmp.join(MARKER);
            write_marker(&marker)?;
            let to = self.out.join(MARKER);
            std::fs::rename(&marker, &to).map_err(io(&to))?;
            self.committed = true;
            remove_tree(&self.tmp);
            return Ok(files);
        }
        write_marker(&self.tmp.join(MARKER))?;
        if self.out.exists() {
            // One step where the system can: the old output and the new change places, so that
            // the output folder is never missing, even for a moment.
            if exchange(&self.tmp, &self.out) {
                self.committed = true;
                // The staging folder's name now holds the old output.
                remove_tree(&self.tmp);
                return Ok(files);
            }
            std::fs::rename(&self.out, &self.old).map_err(io(&self.out))?;
            if let Err(e) = std::fs::rename(&self.tmp, &self.out) {
                // Put the previous site back.
                let _ = std::fs::rename(&self.old, &self.out);
                return Err(WriteError::Io {
                    path: self.out.clone(),
                    source: e,
                });
            }
            remove_tree(&self.old);
        } else {
            std::fs::rename(&self.tmp, &self.out).map_err(io(&self.out))?;
        }
        self.committed = true;
        Ok(files)
    }
}

/// Writes the output marker at `path`.
fn write_marker(path: &Path) -> Result<(), WriteError> {
    std::fs::write(
        path,
        b"Built by vardguide. This folder is replaced on every build.\n",
    )
    .map_err(io(path))
}

/// Swaps the folders `a` and `b` in one step; false where the system cannot (the caller then
/// renames twice).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn exchange(a: &Path, b: &Path) -> bool {
    use nix::fcntl::{AT_FDCWD, RenameFlags, renameat2};
    renameat2(AT_FDCWD, a, AT_FDCWD, b, RenameFlags::RENAME_EXCHANGE).is_ok()
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

impl Staging {
    /// Moves each written file over its old version (one rename each, so a reader sees the old
    /// file or the new one, never a mix), then removes the files of the output that are no part
    /// of the new one, and folders left empty.
    fn commit_in_place(&mut self, written: &FxHashSet<String>) -> Result<(), WriteError> {
        let staged = std::mem::take(&mut *self.staged.lock().unwrap_or_else(|e| e.into_inner()));
        staged.par_iter().try_for_each(|p| {
            let from = self.tmp.join(p);
            let to = self.out.join(p);
            make_parent(&self.out, &to)?;
            if to.is_dir() {
                std::fs::remove_dir_all(&to).map_err(io(&to))?;
            }
            std::fs::rename(&from, &to).map_err(io(&to))
        })?;
        let stale: Vec<PathBuf> = self
            .existing
            .iter()
            .filter(|p| !written.contains(*p))
            .map(|p| self.out.join(p))
            .collect();
        stale.par_iter().try_for_each(|p| {
            std::fs::remove_file(p)
                .or_else(|e| match e.kind() {
                    std::io::ErrorKind::NotFound => Ok(()),
                    _ => Err(e),
                })
                .map_err(io(p))
        })?;
        // The folders of removed files, deepest first; a folder that still holds files stays.
        let mut dirs: BTreeSet<PathBuf> = BTreeSet::new();
        for p in &stale {
            let mut at = p.parent();
            while let Some(d) = at {
                if d == self.out || !dirs.insert(d.to_path_buf()) {
                    break;
                }
                at = d.parent();
            }
        }
        let mut dirs: Vec<PathBuf> = dirs.into_iter().collect();
        dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for d in dirs {
            let _ = std::fs::remove_dir(&d);
        }
        Ok(())
    }
}

/// Every file under `out` (but the marker), as paths relative to it with `/`. The top-level
/// folders (one per language) are listed in parallel.
pub fn list_output(out: &Path) -> FxHashSet<String> {
    let relative = |p: &Path| {
        p.strip_prefix(out)
            .ok()
            .map(|r| r.to_string_lossy().replace('\\', "/"))
    };
    let Ok(entries) = std::fs::read_dir(out) else {
        return FxHashSet::default();
    };
    let (dirs, files): (Vec<_>, Vec<_>) = entries
        .filter_map(Result::ok)
        .partition(|e| e.file_type().is_ok_and(|t| t.is_dir()));
    let mut all: FxHashSet<String> = files
        .iter()
        .filter_map(|e| relative(&e.path()))
        .filter(|rel| rel != MARKER)
        .collect();
    let nested: Vec<Vec<String>> = dirs
        .par_iter()
        .map(|d| {
            walkdir::WalkDir::new(d.path())
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| !e.file_type().is_dir())
                .filter_map(|e| relative(e.path()))
                .collect()
        })
        .collect();
    all.extend(nested.into_iter().flatten());
    all
}

/// Makes the folder of `file` inside `out`, removing a file that stands where a folder must go
/// (a page that became a folder of pages).
fn make_parent(out: &Path, file: &Path) -> Result<(), WriteError> {
    let Some(dir) = file.parent() else {
        return Ok(());
    };
    if dir.is_dir() {
        return Ok(());
    }
    let mut at = dir;
    while at != out {
        if at.is_file() {
            std::fs::remove_file(at).map_err(io(at))?;
            break;
        }
        match at.parent() {
            Some(p) => at = p,
            None => break,
        }
    }
    std::fs::create_dir_all(dir).map_err(io(dir))
}

/// Removes a folder tree, its top-level entries in parallel (a large site has tens of thousands
/// of files, and removing them one after another dominates a rebuild).
fn remove_tree(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        let paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.par_iter().for_each(|p| {
            let _ = if p.is_dir() {
                std::fs::remove_dir_all(p)
            } else {
                std::fs::remove_file(p)
            };
        });
    }
    let _ = std::fs::remove_dir_all(dir);
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed && self.tmp.exists() {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

fn is_ours(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
        || std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false)
}

fn is_compressible(path: &str) -> bool {
    matches!(
        path.rsplit('.').next(),
        Some("html" | "css" | "js" | "xml" | "json" | "txt" | "svg" | "wasm" | "hot")
    )
}

#[derive(Clone, Copy)]
enum Level {
    Fast,
    Best,
}

fn gzip(bytes: &[u8], level: Level) -> Option<Vec<u8>> {
    thread_local! {
        // libdeflate's compressors hold their match finder's tables: one per thread and level.
        // (Level 1, not `CompressionLvl::fastest()`: that is level 0, which stores, not compresses.)
        static FAST: RefCell<Compressor> = RefCell::new(Compressor::new(CompressionLvl::new(1).unwrap_or_default()));
        static BEST: RefCell<Compressor> = RefCell::new(Compressor::new(CompressionLvl::best()));
    }
    // Pages: libdeflate's level 1 is 2x faster than zlib's level 4 for copies 4 % larger, and
    // smaller than zlib's level 2 (BENCHMARKS.md, "Build speed, third pass"). It is the only
    // copy a page gets; assets get a `.br` as well. libdeflate writes no timestamp or file name,
    // so the output is deterministic.
    // Text compresses to well under half its size, so that is the buffer tried first; only what
    // does not fit gets the worst-case bound (for a 23 MB sitemap, 12 MB instead of 23).
    let compress = |c: &RefCell<Compressor>| {
        let mut c = c.borrow_mut();
        let bound = c.gzip_compress_bound(bytes.len());
        for size in [(bytes.len() / 2 + 64).min(bound), bound] {
            let mut out = vec![0; size];
            if let Ok(len) = c.gzip_compress(bytes, &mut out) {
                out.truncate(len);
                out.shrink_to_fit();
                return Some(out);
            }
        }
        None
    };
    match level {
        Level::Fast => FAST.with(compress),
        Level::Best => BEST.with(compress),
    }
}

/// A brotli copy at quality 11, for the theme's assets. Its match finder takes memory in
/// proportion to its window (2^22 bytes took about 40 MB per file at once); a window fitted to
/// the file gives the same compression for a file smaller than the window.
fn brotli(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() / 3);
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: window_bits(bytes.len(), 22),
        size_hint: bytes.len(),
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)
        .ok()
        .map(|_| out)
}

/// The smallest brotli window (as a power of two, from 16 to `max`) that holds `len` bytes.
fn window_bits(len: usize, max: i32) -> i32 {
    (usize::BITS - len.saturating_sub(1).leading_zeros()).clamp(16, max as u32) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_outside_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new(&dir.path().join("site"), false).unwrap();
        assert!(staging.put("../etc/passwd".into(), vec![]).is_err());
        assert!(staging.put("/etc/passwd".into(), vec![]).is_err());
        assert!(staging.put("sv/./x".into(), vec![]).is_err());
        assert!(staging.put("sv/index.html".into(), vec![]).is_ok());
        assert!(staging.put("sv/index.html".into(), vec![]).is_err());
    }

    #[test]
    fn refuses_to_replace_a_foreign_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("precious.txt"), "keep").unwrap();
        assert!(matches!(
            Staging::new(&out, false),
            Err(WriteError::NotOurs(_))
        ));
        assert!(out.join("precious.txt").exists());
    }

    #[test]
    fn compression_round_trips() {
        let text = "hej ".repeat(200);
        for level in [Level::Fast, Level::Best] {
            let gz = gzip(text.as_bytes(), level).expect("gzip");
            let mut back = vec![0; text.len()];
            let n = libdeflater::Decompressor::new()
                .gzip_decompress(&gz, &mut back)
                .unwrap();
            assert_eq!(&back[..n], text.as_bytes());
            assert_eq!(
                Some(&gz),
                gzip(text.as_bytes(), level).as_ref(),
                "deterministic"
            );
            assert!(gz.len() < text.len() / 10, "compressed: {} bytes", gz.len());
        }
        let br = brotli(text.as_bytes()).expect("brotli");
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut out).unwrap();
        assert_eq!(out, text.as_bytes());
        assert!(br.len() < text.len() / 10, "compressed: {} bytes", br.len());
        assert_eq!(Some(&br), brotli(text.as_bytes()).as_ref(), "deterministic");
    }

    #[test]
    fn assets_get_a_brotli_copy_hot_files_a_best_gzip() {
        let text: String = (0..3000u32)
            .map(|i| format!("ord{} ", i.wrapping_mul(7919) % 1000))
            .collect();
        assert_ne!(
            gzip(text.as_bytes(), Level::Fast),
            gzip(text.as_bytes(), Level::Best),
            "the levels differ on this text"
        );
        let copies = |path: &str| compressed_copies(path, text.as_bytes(), |_| false);
        let names = |path: &str| -> Vec<String> {
            copies(path).into_iter().map(|(name, _)| name).collect()
        };
        let asset = "assets/style.0123456789.css";
        assert_eq!(names(asset), [format!("{asset}.gz"), format!("{asset}.br")]);
        for path in ["sv/search/0123456789abcdef.hot", "sv/index.html"] {
            assert_eq!(names(path), [format!("{path}.gz")]);
        }
        for path in [asset, "sv/search/0123456789abcdef.hot", "sv/index.html"] {
            assert_eq!(names(path), copy_names(path));
        }
        let best = gzip(text.as_bytes(), Level::Best);
        assert_eq!(copies("sv/search/0123456789abcdef.hot")[0].1, best.unwrap());
        assert_eq!(
            copies("sv/index.html")[0].1,
            gzip(text.as_bytes(), Level::Fast).unwrap()
        );
        assert!(names("sv/search/0123456789abcdef.store").is_empty());
        assert!(!crate::graph::files::is_search_hot("sv/notes.hot"));
    }

    #[test]
    fn brotli_window_fits_the_file() {
        assert_eq!(window_bits(0, 18), 16);
        assert_eq!(window_bits(14_000, 18), 16);
        assert_eq!(window_bits(65_536, 18), 16);
        assert_eq!(window_bits(65_537, 18), 17);
        assert_eq!(window_bits(200_000, 18), 18);
        assert_eq!(window_bits(50_000_000, 18), 18);
        assert_eq!(window_bits(200_000, 22), 18);
        assert_eq!(window_bits(50_000_000, 22), 22);
    }
}
