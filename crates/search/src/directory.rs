//! A read-only tantivy `Directory` for searching where there is no file system: every file is
//! either held in memory or read in byte ranges on demand through a [`RangeSource`] (in the
//! browser, synchronous range requests from a Web Worker). Locks and watches are no-ops, so
//! opening an index never sleeps or spawns a thread.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

#[derive(Clone)]
enum Entry {
    Loaded(OwnedBytes),
    Lazy {
        name: String,
        len: usize,
        source: Arc<dyn RangeSource>,
    },
}

/// The files of one index, read-only.
#[derive(Clone, Default)]
pub struct ReadOnlyDirectory {
    files: Arc<BTreeMap<PathBuf, Entry>>,
}

impl fmt::Debug for ReadOnlyDirectory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReadOnlyDirectory")
            .field("files", &self.files.keys().collect::<Vec<_>>())
            .finish()
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
            },
        );
        self
    }

    pub fn build(self) -> ReadOnlyDirectory {
        ReadOnlyDirectory {
            files: Arc::new(self.files),
        }
    }
}

#[derive(Debug)]
struct LazyFile {
    name: String,
    len: usize,
    source: Arc<dyn RangeSource>,
}

impl HasLen for LazyFile {
    fn len(&self) -> usize {
        self.len
    }
}

#[async_trait::async_trait]
impl FileHandle for LazyFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.end > self.len || range.start > range.end {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("range {range:?} outside {} ({} bytes)", self.name, self.len),
            ));
        }
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
        Ok(OwnedBytes::new(bytes))
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
            Some(Entry::Lazy { name, len, source }) => Ok(Arc::new(LazyFile {
                name: name.clone(),
                len: *len,
                source: source.clone(),
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
