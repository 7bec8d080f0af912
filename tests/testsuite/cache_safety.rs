//! The build cache is an optimisation, never a source of truth: whatever bytes its files hold,
//! a cached build's output equals a clean build's, and a damaged file is named in a warning.
//! Two builds into one output folder never run at once.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::harness::{self, TestSite, build_into as build, list, snapshot};

/// Where the output in `a` first differs from the one in `b`.
fn first_difference(a: &Path, b: &Path) -> Option<String> {
    harness::first_difference(&snapshot(a), &snapshot(b))
}

/// The site's two states the damage rounds switch between: every page depends on the title.
const TITLES: [&str; 2] = ["title: vardguide", "title: vårdguiden"];

/// One of each kind of cache file, by what it holds.
fn cache_files(cache: &Path) -> Vec<(&'static str, PathBuf)> {
    let largest = |prefix: &str, dir: &Path| -> PathBuf {
        let mut files: Vec<(u64, PathBuf)> = std::fs::read_dir(dir)
            .expect("the cache folder")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
            .map(|e| (e.metadata().map(|m| m.len()).unwrap_or(0), e.path()))
            .collect();
        files.sort();
        files.pop().expect("a stored file").1
    };
    vec![
        ("page record", cache.join("build.json")),
        ("output listing", cache.join("output-files.bin")),
        ("articles read", largest("articles-", cache)),
        ("body store", largest("bodies-", cache)),
        ("body contents", largest("contents-", cache)),
        ("search chunk", largest("", &cache.join("index/sv"))),
    ]
}

/// Ensure a cached build equals a clean build whatever one cache file holds: each kind of file
/// in turn truncated, with a byte flipped in the middle, or replaced by the same file from an
/// earlier build; and that a damaged file is named in a warning.
#[test]
fn a_damaged_cache_file_never_changes_the_output() {
    let site = TestSite::bundled();
    let out = site.root().join("public");
    let cache = vardguide::cache::default_dir(site.root());
    // The clean output of each state, to compare with.
    let clean_dir = tempfile::tempdir().expect("tempdir");
    let mut clean = Vec::new();
    let mut site = site;
    for (i, title) in TITLES.iter().enumerate() {
        if i > 0 {
            site = site.edit("site.yaml", TITLES[i - 1], title);
        }
        let path = clean_dir.path().join(format!("clean-{i}"));
        build(&site, &path, false);
        clean.push(path);
    }
    // A cache from a build of the first state, kept to be put back file by file later.
    site = site.edit("site.yaml", TITLES[1], TITLES[0]);
    build(&site, &out, true);
    let earlier = tempfile::tempdir().expect("tempdir");
    harness::copy_dir(&cache, earlier.path());
    let mut state = 0;
    // The second state, cached: the cache now holds both states' bodies.
    let switch = |site: TestSite, state: &mut usize| {
        let next = 1 - *state;
        let site = site.edit("site.yaml", TITLES[*state], TITLES[next]);
        *state = next;
        site
    };
    site = switch(site, &mut state);
    build(&site, &out, true);

    let kinds: Vec<&str> = cache_files(&cache).iter().map(|(k, _)| *k).collect();
    for kind in kinds {
        for damage in ["truncated", "a byte flipped", "an earlier build's"] {
            // Looked up each time: a contents file has another name after a build that made
            // the body store again.
            let (_, file) = cache_files(&cache)
                .into_iter()
                .find(|(k, _)| *k == kind)
                .expect("the kind of file");
            let bytes = std::fs::read(&file).expect("the cache file");
            let damaged = match damage {
                "truncated" => bytes[..bytes.len() / 2].to_vec(),
                "a byte flipped" => {
                    let mut b = bytes.clone();
                    let middle = b.len() / 2;
                    b[middle] ^= 0x04;
                    b
                }
                _ => {
                    let rel = file.strip_prefix(&cache).expect("in the cache");
                    match std::fs::read(earlier.path().join(rel)) {
                        Ok(old) => old,
                        // A search chunk of the earlier build under another name: the largest.
                        Err(_) => {
                            let dir = earlier.path().join("index/sv");
                            let (_, path) = cache_files(earlier.path())
                                .into_iter()
                                .find(|(k, _)| *k == kind)
                                .unwrap_or(("", dir));
                            std::fs::read(path).expect("an earlier chunk")
                        }
                    }
                }
            };
            std::fs::write(&file, &damaged).expect("damage");
            site = switch(site, &mut state);
            let report = build(&site, &out, true);
            let step = format!("{kind} ({}) {damage}", file.display());
            if let Some(diff) = first_difference(&out, &clean[state]) {
                panic!("{step}: {diff} differs from a clean build");
            }
            if damage != "an earlier build's" {
                assert!(
                    report
                        .diagnostics
                        .iter()
                        .any(|d| d.message.contains("failed")
                            && d.message.contains(
                                &file
                                    .file_name()
                                    .expect("name")
                                    .to_string_lossy()
                                    .into_owned()
                            )),
                    "{step}: a warning names the damaged file: {}",
                    list(&report.diagnostics)
                );
            }
        }
    }
}

/// Ensure a cache file that is not a regular file (a FIFO: opening one for reading waits for a
/// writer) neither holds the build nor changes its output: each kind of cache file replaced by a
/// FIFO of its name, the cached build finishes within a deadline and equals a clean build.
#[cfg(target_os = "linux")]
#[test]
fn a_fifo_named_like_a_cache_file_is_passed_over() {
    let site = TestSite::bundled();
    let out = site.root().join("public");
    let cache = vardguide::cache::default_dir(site.root());
    let clean = tempfile::tempdir().expect("tempdir");
    build(&site, clean.path(), false);
    build(&site, &out, true);
    for (kind, file) in cache_files(&cache) {
        std::fs::remove_file(&file).expect("remove the cache file");
        nix::unistd::mkfifo(
            &file,
            nix::sys::stat::Mode::S_IRUSR | nix::sys::stat::Mode::S_IWUSR,
        )
        .expect("mkfifo");
        // In a thread, so that a build held in `open` fails the test instead of hanging it.
        let (done, finished) = std::sync::mpsc::channel();
        let options = harness::options(&site, &out, true);
        std::thread::spawn(move || {
            let _ = done.send(vardguide::pipeline::build(&options, &|_, _| {}, &|| {}));
        });
        let result = finished
            .recv_timeout(Duration::from_secs(120))
            .unwrap_or_else(|_| {
                panic!(
                    "{kind}: the build still waits on the FIFO {}",
                    file.display()
                )
            });
        if let Err(f) = result {
            panic!(
                "{kind} as a FIFO: the build failed:\n{}",
                list(&f.diagnostics)
            );
        }
        if let Some(diff) = first_difference(&out, clean.path()) {
            panic!("{kind} as a FIFO: {diff} differs from a clean build");
        }
        // A build that took the FIFO's place with a file of its own leaves nothing to remove.
        let _ = std::fs::remove_file(&file).or_else(|_| std::fs::remove_dir(&file));
    }
}

/// Ensure a build stopped during its final write leaves the next cached build a clean build's
/// output: the record of the output goes before the output changes.
#[test]
fn a_build_that_stopped_while_writing_leaves_no_record_of_the_output() {
    let site = TestSite::bundled();
    let out = site.root().join("public");
    build(&site, &out, true);
    let cache = vardguide::cache::default_dir(site.root());
    assert!(cache.join("build.json").is_file(), "the record is written");
    // What a build killed between moving a page and its compressed copies leaves: a new page
    // beside old copies. (The record of the killed build's start is gone; see `build`.)
    let page = out.join("sv/index.html");
    let html = std::fs::read_to_string(&page).expect("page");
    std::fs::write(&page, html.replace("<main", "<main data-half-written")).expect("write");
    std::fs::remove_file(cache.join("build.json")).expect("as the killed build left it");
    let site = site.edit("site.yaml", TITLES[0], TITLES[1]);
    build(&site, &out, true);
    let clean = tempfile::tempdir().expect("tempdir");
    build(&site, &clean.path().join("public"), false);
    if let Some(diff) = first_difference(&out, &clean.path().join("public")) {
        panic!("{diff} differs from a clean build");
    }
}

/// Ensure a second build into the same output folder waits for the first (which holds the
/// folder's lock) and says so, then runs; and that whatever a killed build left beside the
/// output is removed.
#[test]
fn a_second_build_waits_for_the_first_and_leftovers_go() {
    let site = TestSite::bundled();
    let out = site.root().join("public");
    build(&site, &out, true);
    let leftover = site.root().join(".public.tmp-999999");
    std::fs::create_dir_all(leftover.join("sv")).expect("a killed build's staging folder");
    std::fs::write(leftover.join("sv/index.html"), "half").expect("write");
    let old = site.root().join(".public.old-999998");
    std::fs::create_dir_all(&old).expect("a killed build's old output");
    let kept = site.root().join(".public.tmp-notapid");
    std::fs::create_dir_all(&kept).expect("a folder of the editor's");
    let manifest = site.root().join(".public.deploy.json.tmp-999997");
    std::fs::write(&manifest, "{\"files\":").expect("a killed build's deploy manifest");

    // Another build holds the output's lock.
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(site.root().join(".public.lock"))
        .expect("the lock file");
    lock.lock().expect("lock");
    let site = site.edit("site.yaml", TITLES[0], TITLES[1]);
    let stderr = site.root().join("stderr.txt");
    let mut second = std::process::Command::new(env!("CARGO_BIN_EXE_vardguide"))
        .current_dir(site.root())
        .args(["build"])
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&stderr).expect("stderr file"))
        .spawn()
        .expect("run vardguide");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let said = std::fs::read_to_string(&stderr).unwrap_or_default();
        if said.contains("waiting for it to finish") {
            break;
        }
        assert!(
            second.try_wait().expect("wait").is_none(),
            "the second build ended while the first held the folder: {said}"
        );
        assert!(Instant::now() < deadline, "no word of waiting: {said}");
        std::thread::sleep(Duration::from_millis(20));
    }
    let page = std::fs::read_to_string(out.join("sv/index.html")).expect("page");
    assert!(
        !page.contains("vårdguiden"),
        "the output is not touched while the lock is held"
    );
    drop(lock);
    let status = second.wait().expect("wait");
    assert!(
        status.success(),
        "{}",
        std::fs::read_to_string(&stderr).unwrap_or_default()
    );
    let page = std::fs::read_to_string(out.join("sv/index.html")).expect("page");
    assert!(page.contains("vårdguiden"), "the second build ran");
    assert!(
        !leftover.exists(),
        "a killed build's staging folder is removed"
    );
    assert!(!old.exists(), "a killed build's old output is removed");
    assert!(
        !manifest.exists(),
        "a killed build's half-written deploy manifest is removed"
    );
    assert!(kept.exists(), "a folder that only looks alike stays");
}

/// Ensure a stored body that no longer reads back makes the build start again without the body
/// store, for an easy-to-read version as for a full text: one byte of the easy version's
/// stored content is changed, and a new title makes its page and search entry read it.
#[test]
fn a_damaged_easy_version_in_the_store_is_made_again() {
    use crate::harness::article;
    let site = TestSite::new()
        .article(
            "fever",
            "sv",
            &article("Feber", "", "Långa meningar om feber.\n"),
        )
        .article(
            "fever",
            "sv.easy",
            &article("Feber", "", "Du har feber. Drick mycket Vattenglasordet.\n"),
        );
    let out = site.root().join("public");
    build(&site, &out, true);
    let cache = vardguide::cache::default_dir(site.root());
    let contents = harness::files_starting_with(&cache, "contents-");
    assert_eq!(contents.len(), 1, "{contents:?}");
    // The word is in the easy version alone: change one of its letters where it is stored.
    let mut bytes = std::fs::read(&contents[0]).expect("the contents file");
    let at = bytes
        .windows(b"Vattenglasordet".len())
        .position(|w| w == b"Vattenglasordet")
        .expect("the easy version's text is stored");
    bytes[at] = b'W';
    std::fs::write(&contents[0], &bytes).expect("damage");

    let site = site.edit(
        "content/articles/fever/sv.easy.md",
        "title: Feber",
        "title: Lätt om feber",
    );
    let report = build(&site, &out, true);
    let clean = tempfile::tempdir().expect("tempdir");
    let clean_out = clean.path().join("public");
    build(&site, &clean_out, false);
    if let Some(diff) = first_difference(&out, &clean_out) {
        panic!("{diff} differs from a clean build");
    }
    let name = contents[0]
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.message.contains("failed") && d.message.contains(&name)),
        "a warning names the damaged file: {}",
        list(&report.diagnostics)
    );
}
