//! Fuzzes the build cache's readers: the input, sealed as a build would seal it (so that the
//! fuzzer gets past the hash check), becomes one of the cache's files, and every record is
//! read back as a build would read it. Any panic is a bug: a cache file can hold anything.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vardguide::cache;

/// The cache files a build reads, chosen by the input's first byte.
const FILES: &[&str] = &[
    "build.json",
    "output-files.bin",
    "articles-00.bin",
    "bodies-00.bin",
];

fuzz_target!(|data: &[u8]| {
    let Some((pick, payload)) = data.split_first() else { return };
    let Ok(dir) = tempfile::tempdir() else { return };
    let name = FILES[usize::from(*pick) % FILES.len()];
    // Half the inputs unsealed: the check itself is fuzzed too.
    let bytes = if pick & 0x80 == 0 { cache::seal(payload) } else { payload.to_vec() };
    if std::fs::write(dir.path().join(name), bytes).is_err() {
        return;
    }
    let _ = cache::read_all(dir.path(), "k", &dir.path().join("public"));
});
