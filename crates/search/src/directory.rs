//! A read-only tantivy `Directory` for searching where there is no file system: every file is
//! either held in memory or read in byte ranges on demand through a [`RangeSource`] (in the
//! browser, range requests from a Web Worker). Locks and watches are no-ops, so opening an index
//! never sleeps or spawns a thread.
//!
//! Lazily read files keep every range they were given. Asynchronous reads (tantivy's warm-up
//! calls) never block: a range that is not cached yet is written down in [`Fetches`] so the caller
//! can fetch all of a round's ranges at once, in parallel, hand them over with
//! [`ReadOnlyDirectory::provide`] and run the query again. Synchronous reads of a range that was
//! never provided still work, through [`RangeSource::read`], and are counted.
//!
//! The hot file ([`hot`]) carries the ranges every query reads (footers, term-dictionary indexes,
//! field norms, the document store's skip index) so they arrive in one request when the search
//! page opens.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use tantivy::HasLen;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, OwnedBytes, WatchCallback, WatchHandle, WritePtr,
};

/// Reads byte ranges of index files that were not loaded whole.
pub trait RangeSource: Send + Sync + fmt::Debug + 'static {
    /// Returns exactly the bytes `range` of `file`.
    fn read(&self, file: &str, range: Range<usize>) -> io::Result<Vec<u8>>;
}

/// A byte range of a lazily read file that a query needs and that is not cached yet.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Wanted {
    pub file: String,
    pub start: usize,
    pub end: usize,
    /// For the stored fields of the results shown: the rank (0 = first shown) of the best
    /// result that needs this range, so the caller can ask for the top results first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<usize>,
}

/// `ranges` sorted, with overlapping and touching ranges of a file merged into one.
pub fn merge(mut ranges: Vec<Wanted>) -> Vec<Wanted> {
    ranges.sort();
    let mut merged: Vec<Wanted> = Vec::with_capacity(ranges.len());
    for w in ranges {
        match merged.last_mut() {
            Some(last) if last.file == w.file && w.start <= last.end => {
                last.end = last.end.max(w.end);
                last.rank = match (last.rank, w.rank) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
            _ => merged.push(w),
        }
    }
    merged
}

/// The ranges asynchronous reads asked for and did not find, and the count of synchronous reads
/// that had to go to the [`RangeSource`] one at a time.
#[derive(Debug, Default)]
pub struct Fetches {
    wanted: Mutex<Vec<Wanted>>,
    sync_reads: AtomicU32,
}

impl Fetches {
    fn want(&self, file: &str, range: &Range<usize>) {
        let mut wanted = self.wanted.lock().unwrap_or_else(|e| e.into_inner());
        wanted.push(Wanted {
            file: file.to_string(),
            start: range.start,
            end: range.end,
            rank: None,
        });
    }

    /// The ranges wanted since the last call, sorted, with overlapping and touching ranges of a
    /// file merged.
    pub fn take_wanted(&self) -> Vec<Wanted> {
        merge(std::mem::take(
            &mut *self.wanted.lock().unwrap_or_else(|e| e.into_inner()),
        ))
    }

    /// Synchronous reads that missed the cache so far (each one a blocking request in the
    /// browser).
    pub fn sync_reads(&self) -> u32 {
        self.sync_reads.load(Ordering::Relaxed)
    }
}

/// The ranges of one lazily read file received so far, by start offset.
#[derive(Debug, Default)]
struct RangeCache {
    ranges: Mutex<BTreeMap<usize, OwnedBytes>>,
}

impl RangeCache {
    fn get(&self, range: &Range<usize>) -> Option<OwnedBytes> {
        let ranges = self.ranges.lock().unwrap_or_else(|e| e.into_inner());
        // Any cached range that starts at or before `range.start` may cover it; the longest
        // usually sits right before, but overlapping ranges can hide a longer one further back.
        for (&start, bytes) in ranges.range(..=range.start).rev() {
            if start + bytes.len() >= range.end {
                let from = range.start - start;
                return Some(bytes.slice(from..from + range.len()));
            }
        }
        None
    }

    fn put(&self, start: usize, bytes: OwnedBytes) {
        let mut ranges = self.ranges.lock().unwrap_or_else(|e| e.into_inner());
        let keep = ranges.get(&start).is_none_or(|old| old.len() < bytes.len());
        if keep {
            ranges.insert(start, bytes);
        }
    }
}

#[derive(Clone)]
enum Entry {
    Loaded(OwnedBytes),
    Lazy {
        name: String,
        len: usize,
        source: Arc<dyn RangeSource>,
        cache: Arc<RangeCache>,
    },
}

/// The files of one index, read-only.
#[derive(Clone, Default)]
pub struct ReadOnlyDirectory {
    files: Arc<BTreeMap<PathBuf, Entry>>,
    fetches: Arc<Fetches>,
}

impl fmt::Debug for ReadOnlyDirectory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReadOnlyDirectory")
            .field("files", &self.files.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl ReadOnlyDirectory {
    /// What asynchronous reads are waiting for.
    pub fn fetches(&self) -> &Arc<Fetches> {
        &self.fetches
    }

    /// Hands over bytes `start..start + bytes.len()` of the lazily read file `file`. Bytes past
    /// the end of the file, or for a file that is not lazily read, are an error.
    pub fn provide(&self, file: &str, start: usize, bytes: Vec<u8>) -> io::Result<()> {
        match self.files.get(Path::new(file)) {
            Some(Entry::Lazy { len, cache, .. }) => {
                if start + bytes.len() > *len {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        format!(
                            "{file}: bytes {start}..{} are past its end ({len} bytes)",
                            start + bytes.len()
                        ),
                    ));
                }
                cache.put(start, OwnedBytes::new(bytes));
                Ok(())
            }
            _ => Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{file} is not a lazily read file of this index"),
            )),
        }
    }

    /// Hands over every range of a hot file (see [`hot`]).
    pub fn provide_hot(&self, data: &[u8]) -> io::Result<()> {
        for (file, start, bytes) in hot::parse(data)? {
            self.provide(&file, start, bytes.to_vec())?;
        }
        Ok(())
    }
}

/// Builds a [`ReadOnlyDirectory`].
#[derive(Default)]
pub struct DirectoryBuilder {
    files: BTreeMap<PathBuf, Entry>,
}

impl DirectoryBuilder {
    /// Adds a file held in memory.
    pub fn add(&mut self, name: &str, bytes: Vec<u8>) -> &mut Self {
        self.files
            .insert(PathBuf::from(name), Entry::Loaded(OwnedBytes::new(bytes)));
        self
    }

    /// Adds a file of `len` bytes whose ranges are read from `source` when needed.
    pub fn add_lazy(&mut self, name: &str, len: usize, source: Arc<dyn RangeSource>) -> &mut Self {
        self.files.insert(
            PathBuf::from(name),
            Entry::Lazy {
                name: name.to_string(),
                len,
                source,
                cache: Arc::default(),
            },
        );
        self
    }

    pub fn build(self) -> ReadOnlyDirectory {
        ReadOnlyDirectory {
            files: Arc::new(self.files),
            fetches: Arc::default(),
        }
    }
}

#[derive(Debug)]
struct LazyFile {
    name: String,
    len: usize,
    source: Arc<dyn RangeSource>,
    cache: Arc<RangeCache>,
    fetches: Arc<Fetches>,
}

impl LazyFile {
    fn check(&self, range: &Range<usize>) -> io::Result<()> {
        if range.end > self.len || range.start > range.end {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("range {range:?} outside {} ({} bytes)", self.name, self.len),
            ));
        }
        Ok(())
    }

    /// Whether an asynchronous read of this file only warms a cache (postings and positions:
    /// tantivy drops what it read), so a miss can answer with zeros instead of waiting.
    fn warm_only(&self) -> bool {
        self.name.ends_with(".idx") || self.name.ends_with(".pos")
    }
}

impl HasLen for LazyFile {
    fn len(&self) -> usize {
        self.len
    }
}

#[async_trait::async_trait]
impl FileHandle for LazyFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        self.check(&range)?;
        if let Some(bytes) = self.cache.get(&range) {
            return Ok(bytes);
        }
        self.fetches.sync_reads.fetch_add(1, Ordering::Relaxed);
        let bytes = self.source.read(&self.name, range.clone())?;
        if bytes.len() != range.len() {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!(
                    "{}: asked for {} bytes, got {}",
                    self.name,
                    range.len(),
                    bytes.len()
                ),
            ));
        }
        let bytes = OwnedBytes::new(bytes);
        self.cache.put(range.start, bytes.clone());
        Ok(bytes)
    }

    async fn read_bytes_async(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        self.check(&range)?;
        if let Some(bytes) = self.cache.get(&range) {
            return Ok(bytes);
        }
        self.fetches.want(&self.name, &range);
        if self.warm_only() {
            return Ok(OwnedBytes::new(vec![0u8; range.len()]));
        }
        std::future::pending().await
    }
}

fn read_only(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!("{} is read-only", path.display()),
    )
}

impl Directory for ReadOnlyDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        match self.files.get(path) {
            Some(Entry::Loaded(bytes)) => Ok(Arc::new(bytes.clone())),
            Some(Entry::Lazy {
                name,
                len,
                source,
                cache,
            }) => Ok(Arc::new(LazyFile {
                name: name.clone(),
                len: *len,
                source: source.clone(),
                cache: cache.clone(),
                fetches: self.fetches.clone(),
            })),
            None => Err(OpenReadError::FileDoesNotExist(path.to_path_buf())),
        }
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(read_only(path)),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self.files.contains_key(path))
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::wrap_io_error(
            read_only(path),
            path.to_path_buf(),
        ))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        let handle = self.get_file_handle(path)?;
        handle
            .read_bytes(0..handle.len())
            .map(|b| b.as_slice().to_vec())
            .map_err(|e| OpenReadError::wrap_io_error(e, path.to_path_buf()))
    }

    fn atomic_write(&self, path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(read_only(path))
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        // Nothing writes to this directory, so no lock is needed (and sleeping would trap in wasm).
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}

/// The hot file: byte ranges of index files, sent in one response so that opening the index and
/// the parts of a query every query shares need no range request.
///
/// Layout (little-endian): `VGHOT1`, then per range: name length (u16), name (UTF-8), start
/// (u64), length (u32), bytes.
pub mod hot {
    use std::io;

    const MAGIC: &[u8] = b"VGHOT1";

    /// Writes `ranges` (file, start, bytes) as a hot file.
    pub fn write(ranges: &[(String, usize, Vec<u8>)]) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        for (file, start, bytes) in ranges {
            out.extend_from_slice(&(file.len() as u16).to_le_bytes());
            out.extend_from_slice(file.as_bytes());
            out.extend_from_slice(&(*start as u64).to_le_bytes());
            out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
            out.extend_from_slice(bytes);
        }
        out
    }

    fn bad(what: &str) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("the search index's hot file is damaged: {what}"),
        )
    }

    fn take<'a>(data: &mut &'a [u8], n: usize, what: &str) -> io::Result<&'a [u8]> {
        if data.len() < n {
            return Err(bad(what));
        }
        let (head, rest) = data.split_at(n);
        *data = rest;
        Ok(head)
    }

    fn int<const N: usize>(data: &mut &[u8], what: &str) -> io::Result<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(take(data, N, what)?);
        Ok(a)
    }

    /// Reads a hot file into (file, start, bytes).
    pub fn parse(data: &[u8]) -> io::Result<Vec<(String, usize, &[u8])>> {
        let mut data = data;
        if take(&mut data, MAGIC.len(), "no header")? != MAGIC {
            return Err(bad("wrong header"));
        }
        let mut out = Vec::new();
        while !data.is_empty() {
            let name_len = u16::from_le_bytes(int(&mut data, "cut in a name")?) as usize;
            let name = std::str::from_utf8(take(&mut data, name_len, "cut in a name")?)
                .map_err(|_| bad("a name is not UTF-8"))?
                .to_string();
            let start = u64::from_le_bytes(int(&mut data, "cut in an offset")?) as usize;
            let len = u32::from_le_bytes(int(&mut data, "cut in a length")?) as usize;
            let bytes = take(&mut data, len, "cut in a range")?;
            out.push((name, start, bytes));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Zeros;
    impl RangeSource for Zeros {
        fn read(&self, _file: &str, range: Range<usize>) -> io::Result<Vec<u8>> {
            Ok(vec![7; range.len()])
        }
    }

    fn dir() -> ReadOnlyDirectory {
        let mut b = DirectoryBuilder::default();
        b.add_lazy("a.term", 100, Arc::new(Zeros));
        b.add_lazy("a.idx", 100, Arc::new(Zeros));
        b.build()
    }

    fn poll<F: std::future::Future>(f: F) -> std::task::Poll<F::Output> {
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        std::pin::pin!(f).poll(&mut cx)
    }

    #[test]
    fn async_misses_are_collected_merged_and_served_once_provided() {
        let d = dir();
        let term = d.get_file_handle(Path::new("a.term")).unwrap();
        let idx = d.get_file_handle(Path::new("a.idx")).unwrap();
        assert!(poll(term.read_bytes_async(10..20)).is_pending());
        assert!(poll(term.read_bytes_async(20..30)).is_pending());
        // Postings reads only warm: they answer at once but are still wanted.
        assert!(poll(idx.read_bytes_async(0..5)).is_ready());
        let wanted = d.fetches().take_wanted();
        assert_eq!(
            wanted,
            [
                Wanted {
                    file: "a.idx".into(),
                    start: 0,
                    end: 5,
                    rank: None,
                },
                Wanted {
                    file: "a.term".into(),
                    start: 10,
                    end: 30,
                    rank: None,
                },
            ]
        );
        d.provide("a.term", 10, (10..30).collect()).unwrap();
        let std::task::Poll::Ready(Ok(bytes)) = poll(term.read_bytes_async(15..18)) else {
            panic!("provided bytes are served")
        };
        assert_eq!(bytes.as_slice(), [15, 16, 17]);
        assert_eq!(term.read_bytes(12..14).unwrap().as_slice(), [12, 13]);
        assert_eq!(d.fetches().sync_reads(), 0);
        assert_eq!(term.read_bytes(40..42).unwrap().as_slice(), [7, 7]);
        assert_eq!(d.fetches().sync_reads(), 1);
        assert!(
            d.provide("a.term", 90, vec![0; 20]).is_err(),
            "past the end"
        );
        assert!(d.fetches().take_wanted().is_empty());
    }

    #[test]
    fn hot_file_round_trips_and_rejects_damage() {
        let ranges = vec![
            ("a.term".to_string(), 3, vec![1, 2, 3]),
            ("a.idx".to_string(), 0, vec![9]),
        ];
        let data = hot::write(&ranges);
        let parsed = hot::parse(&data).unwrap();
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0], ("a.term".to_string(), 3, &[1u8, 2, 3][..]));
        // Cut anywhere but between two ranges, the file is refused.
        let boundaries = [6, 6 + 2 + 6 + 8 + 4 + 3];
        for cut in 1..data.len() {
            assert_eq!(
                hot::parse(&data[..cut]).is_err(),
                !boundaries.contains(&cut),
                "cut at {cut}"
            );
        }
        let d = dir();
        d.provide_hot(&data).unwrap();
        let term = d.get_file_handle(Path::new("a.term")).unwrap();
        assert_eq!(term.read_bytes(4..6).unwrap().as_slice(), [2, 3]);
        assert_eq!(d.fetches().sync_reads(), 0);
    }
}
