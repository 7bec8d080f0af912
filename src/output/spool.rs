//! The files `serve` shows, kept on disk instead of in memory: a national site's pages are
//! gigabytes, more than an editor's machine has to spare. Files are appended to segment files
//! (64 MiB each) in a private folder under the cache folder, from many threads at once; a
//! [`Spooled`] handle says where one file is. When the last handle to a file goes (it was
//! replaced, or its run was given up, and no request is still reading it) its bytes are freed
//! (on Linux, a hole punched in the segment); a segment is removed with the last file in it, the
//! folder when the [`Spool`] is closed or dropped. A folder left by a `serve` that was killed is
//! removed by the next (an OS lock held by each running `serve` tells the two apart).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// The name every spool folder starts with, in the cache folder.
const PREFIX: &str = "serve-";
/// The name a spool folder has while it is made, before its lock is held.
const MAKING: &str = ".serve-new-";
/// The lock file in a spool folder, held for as long as the spool lives.
const LOCK: &str = "lock";
/// A new segment is begun when a file would take the current one past this size.
const SEGMENT_BYTES: u64 = 64 << 20;

/// A private folder of spooled files.
#[derive(Debug)]
pub struct Spool {
    dir: PathBuf,
    segment_bytes: u64,
    /// The segment files are put in, and how many segments were begun.
    current: Mutex<(Arc<Segment>, u64)>,
    /// Set by [`Spool::close`]: nothing more is written.
    closed: AtomicBool,
    /// Held while the spool lives: the next `serve` leaves the folder alone.
    _lock: File,
}

/// One segment file, open; removed when the last handle into it goes.
#[derive(Debug)]
struct Segment {
    path: PathBuf,
    file: File,
    /// Where the next file goes (reserved under the spool's lock, written outside it).
    end: std::sync::atomic::AtomicU64,
}

/// One spooled file: where its bytes are. Clones share it; its bytes are freed with the last.
#[derive(Debug, Clone)]
pub struct Spooled(Arc<Piece>);

#[derive(Debug)]
struct Piece {
    segment: Arc<Segment>,
    offset: u64,
    len: u64,
}

impl Spool {
    /// A new spool folder in `cache_dir`, after removing the folders of spools no process holds
    /// any more.
    pub fn open(cache_dir: &Path) -> std::io::Result<Arc<Spool>> {
        Spool::with_segments_of(cache_dir, SEGMENT_BYTES)
    }

    fn with_segments_of(cache_dir: &Path, segment_bytes: u64) -> std::io::Result<Arc<Spool>> {
        std::fs::create_dir_all(cache_dir)?;
        remove_abandoned(cache_dir);
        // Made under another name and locked, then named as a spool: another `serve` looking
        // for abandoned folders never sees one whose lock is not held yet.
        let making = tempfile::Builder::new()
            .prefix(MAKING)
            .tempdir_in(cache_dir)?
            .keep();
        let suffix = making
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_prefix(MAKING))
            .unwrap_or_default()
            .to_string();
        let dir = cache_dir.join(format!("{PREFIX}{suffix}"));
        let made = File::create(making.join(LOCK))
            .and_then(|f| f.try_lock().map(|()| f).map_err(Into::into))
            .and_then(|lock| {
                std::fs::rename(&making, &dir)?;
                Ok((lock, Segment::new(&dir, 0)?))
            });
        match made {
            Ok((lock, first)) => Ok(Arc::new(Spool {
                dir,
                segment_bytes,
                current: Mutex::new((Arc::new(first), 1)),
                closed: AtomicBool::new(false),
                _lock: lock,
            })),
            Err(e) => {
                let _ = std::fs::remove_dir_all(&making);
                let _ = std::fs::remove_dir_all(&dir);
                Err(e)
            }
        }
    }

    /// The spool's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` to the spool.
    pub fn put(&self, bytes: &[u8]) -> std::io::Result<Spooled> {
        let len = bytes.len() as u64;
        let (segment, offset) = {
            let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
            if self.closed.load(Ordering::SeqCst) {
                return Err(std::io::Error::other("the server is stopping"));
            }
            let end = current.0.end.load(Ordering::Relaxed);
            if end > 0 && end + len > self.segment_bytes {
                let next = Segment::new(&self.dir, current.1)?;
                *current = (Arc::new(next), current.1 + 1);
            }
            let offset = current.0.end.fetch_add(len, Ordering::Relaxed);
            (current.0.clone(), offset)
        };
        // Made before the write: a failed write's bytes are freed too.
        let piece = Piece {
            segment,
            offset,
            len,
        };
        write_at(&piece.segment.file, bytes, offset)?;
        Ok(Spooled(Arc::new(piece)))
    }

    /// Removes the folder now, with every file in it, while handles may still be held (a server
    /// that stops); nothing more can be put. (Reads of an open segment still work on Unix.)
    pub fn close(&self) {
        // Under the lock that begins segments: none is begun once the folder is being removed.
        let _current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        self.closed.store(true, Ordering::SeqCst);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Segment {
    fn new(dir: &Path, n: u64) -> std::io::Result<Segment> {
        let path = dir.join(format!("{n}.seg"));
        let file = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        Ok(Segment {
            path,
            file,
            end: Default::default(),
        })
    }
}

impl Drop for Segment {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

impl Spooled {
    /// The file's bytes.
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        let piece = &self.0;
        let len = usize::try_from(piece.len).map_err(std::io::Error::other)?;
        let mut bytes = vec![0; len];
        read_at(&piece.segment.file, &mut bytes, piece.offset)?;
        Ok(bytes)
    }

    /// The file's size in bytes.
    pub fn len(&self) -> u64 {
        self.0.len
    }

    pub fn is_empty(&self) -> bool {
        self.0.len == 0
    }
}

impl Drop for Piece {
    fn drop(&mut self) {
        free(&self.segment.file, self.offset, self.len);
    }
}

/// Gives the disk blocks of bytes `offset..offset + len` back (the segment keeps its size;
/// the blocks only partly in the range stay). Elsewhere than Linux the bytes are freed with
/// their segment.
#[cfg(target_os = "linux")]
fn free(file: &File, offset: u64, len: u64) {
    use nix::fcntl::{FallocateFlags, fallocate};
    if let (Ok(offset), Ok(len)) = (i64::try_from(offset), i64::try_from(len))
        && len > 0
    {
        let mode = FallocateFlags::FALLOC_FL_PUNCH_HOLE | FallocateFlags::FALLOC_FL_KEEP_SIZE;
        // A file system that cannot punch holes frees the bytes with the segment.
        let _ = fallocate(file, mode, offset, len);
    }
}

#[cfg(not(target_os = "linux"))]
fn free(_: &File, _: u64, _: u64) {}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, offset)
}

#[cfg(unix)]
fn read_at(file: &File, bytes: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, offset)
}

#[cfg(windows)]
fn write_at(file: &File, mut bytes: &[u8], mut offset: u64) -> std::io::Result<()> {
    while !bytes.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_write(file, bytes, offset)?;
        if n == 0 {
            return Err(std::io::ErrorKind::WriteZero.into());
        }
        bytes = &bytes[n..];
        offset += n as u64;
    }
    Ok(())
}

#[cfg(windows)]
fn read_at(file: &File, mut bytes: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    while !bytes.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_read(file, bytes, offset)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        bytes = &mut bytes[n..];
        offset += n as u64;
    }
    Ok(())
}

#[cfg(not(any(unix, windows)))]
fn write_at(_: &File, _: &[u8], _: u64) -> std::io::Result<()> {
    Err(std::io::Error::other(
        "serve keeps its files on Unix and Windows only",
    ))
}

#[cfg(not(any(unix, windows)))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> std::io::Result<()> {
    Err(std::io::Error::other(
        "serve keeps its files on Unix and Windows only",
    ))
}

/// Removes the spool folders in `cache_dir` whose lock no process holds: what a `serve` that was
/// killed left. (One killed while it made its folder leaves an empty `.serve-new-…` folder: it
/// cannot be told from one being made.)
fn remove_abandoned(cache_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(cache_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with(PREFIX)
            || !entry.file_type().is_ok_and(|t| t.is_dir())
        {
            continue;
        }
        let dir = entry.path();
        let Ok(lock) = File::options().write(true).open(dir.join(LOCK)) else {
            continue;
        };
        if lock.try_lock().is_ok() {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".seg"))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    /// Ensure spooled files read back as written, from many threads, a segment is removed with
    /// the last handle into it, and the folder with the spool.
    #[test]
    fn segments_live_as_long_as_their_handles() {
        let cache = tempfile::tempdir().expect("temp dir");
        let spool = Spool::with_segments_of(cache.path(), 8).expect("spool");
        let dir = spool.dir().to_path_buf();
        let first = spool.put(b"first").expect("put");
        let second = spool.put(b"second!").expect("put");
        let empty = spool.put(b"").expect("put");
        assert_eq!(first.read().expect("read"), b"first");
        assert_eq!(second.read().expect("read"), b"second!");
        assert_eq!((first.len(), empty.is_empty()), (5, true));
        assert_eq!(segments(&dir), ["0.seg", "1.seg"]);
        let again = first.clone();
        drop(first);
        assert_eq!(segments(&dir), ["0.seg", "1.seg"], "a clone holds it");
        drop(again);
        assert_eq!(
            segments(&dir),
            ["1.seg"],
            "the first segment went with its file"
        );

        let many: Vec<Spooled> = std::thread::scope(|s| {
            let jobs: Vec<_> = (0..8u8)
                .map(|t| {
                    let spool = &spool;
                    s.spawn(move || {
                        (0..50u8)
                            .map(|i| spool.put(&[t, i, t ^ i]).expect("put"))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            jobs.into_iter()
                .flat_map(|j| j.join().expect("thread"))
                .collect()
        });
        for (n, spooled) in many.iter().enumerate() {
            let (t, i) = ((n / 50) as u8, (n % 50) as u8);
            assert_eq!(spooled.read().expect("read"), [t, i, t ^ i]);
        }
        drop(many);
        drop(spool);
        assert!(!dir.exists(), "the folder went with the spool");
        #[cfg(unix)]
        assert_eq!(
            second.read().expect("read"),
            b"second!",
            "an open segment is read still"
        );
        drop((second, empty));
    }

    /// Ensure a file replaced again and again takes the disk space of one, not of every version
    /// (the bytes of a file no handle holds are given back at once).
    #[cfg(target_os = "linux")]
    #[test]
    fn replaced_files_give_their_disk_space_back() {
        use std::os::unix::fs::MetadataExt;
        let cache = tempfile::tempdir().expect("temp dir");
        let spool = Spool::open(cache.path()).expect("spool");
        let used = || {
            std::fs::metadata(spool.dir().join("0.seg"))
                .expect("the segment")
                .blocks()
                * 512
        };
        let page = vec![7u8; 1 << 20];
        let mut kept = spool.put(&page).expect("put");
        for _ in 0..40 {
            kept = spool.put(&page).expect("put");
        }
        assert_eq!(kept.read().expect("read"), page);
        assert!(
            used() <= 3 << 20,
            "{} bytes on disk for one file of 1 MiB written 41 times",
            used()
        );
    }

    /// Ensure a closed spool's folder is gone at once and takes no more files.
    #[test]
    fn a_closed_spool_is_gone() {
        let cache = tempfile::tempdir().expect("temp dir");
        let spool = Spool::open(cache.path()).expect("spool");
        let kept = spool.put(b"page").expect("put");
        spool.close();
        assert!(!spool.dir().exists());
        assert!(spool.put(b"late").is_err());
        drop(kept);
        assert!(!spool.dir().exists());
    }

    /// Ensure a new spool removes the folder a killed `serve` left, and leaves a live one's.
    #[test]
    fn abandoned_folders_are_removed_live_ones_kept() {
        let cache = tempfile::tempdir().expect("temp dir");
        let live = Spool::open(cache.path()).expect("spool");
        let kept = live.put(b"page").expect("put");
        let abandoned = cache.path().join("serve-killed");
        std::fs::create_dir_all(&abandoned).expect("dir");
        std::fs::write(abandoned.join(LOCK), b"").expect("lock file");
        std::fs::write(abandoned.join("0.seg"), b"old page").expect("file");
        let other = cache.path().join("bodies-00.bin");
        std::fs::write(&other, b"cache").expect("cache file");

        let second = Spool::open(cache.path()).expect("second spool");
        assert!(!abandoned.exists(), "the abandoned folder is removed");
        assert_eq!(
            segments(live.dir()),
            ["0.seg"],
            "the live spool's folder stays"
        );
        assert_eq!(kept.read().expect("read"), b"page");
        assert!(other.is_file(), "other cache files stay");
        assert_ne!(second.dir(), live.dir());
    }
}
