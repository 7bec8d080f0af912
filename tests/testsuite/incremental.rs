//! The build cache: a build after changes takes unchanged pages from the previous output and
//! renders the rest, and the result is byte-identical to a clean build, file by file, after
//! edits, a slug change, additions, renames, deletions and changes to health centres and
//! translations.

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use crate::harness::{TestSite, article, options, snapshot};

fn build(site: &TestSite, out: &Path, cache: bool) -> vardguide::pipeline::BuildReport {
    crate::harness::build_into(site, out, cache)
}

/// Builds with the cache into `cached` and clean into a fresh folder, and compares them; returns
/// the cached build's report.
fn assert_same_as_clean(
    site: &TestSite,
    cached: &Path,
    step: &str,
) -> vardguide::pipeline::BuildReport {
    let report = build(site, cached, true);
    let clean = tempfile::tempdir().expect("tempdir");
    let clean_out = clean.path().join("public");
    let _ = build(site, &clean_out, false);
    let a = snapshot(cached);
    let b = snapshot(&clean_out);
    let names =
        |s: &[(std::path::PathBuf, Vec<u8>)]| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "{step}: the same files");
    for ((path, x), (_, y)) in a.iter().zip(&b) {
        assert!(
            x == y,
            "{step}: {} differs from a clean build",
            path.display()
        );
    }
    report
}

fn inode(path: &Path) -> u64 {
    std::fs::metadata(path).expect("metadata").ino()
}

/// Ensure a cached build equals a clean build after every kind of change, and that unchanged
/// pages are really taken from the previous output.
#[test]
fn cached_builds_equal_clean_builds() {
    let site = TestSite::bundled();
    let out = site.root().join("cached-public");
    assert_same_as_clean(&site, &out, "first build");

    let untouched = out.join("en/clinics/ekbrynet-farsta/index.html");
    let before = inode(&untouched);
    let site = site.edit(
        "content/articles/fever-adults/sv.md",
        "## ",
        "Ett nytt stycke först.\n\n## ",
    );
    assert_same_as_clean(&site, &out, "an article's text");
    assert_eq!(
        inode(&untouched),
        before,
        "an unchanged page is taken from the previous output, not written again"
    );

    let site = site.edit(
        "content/articles/fever-adults/sv.md",
        "slug: feber-hos-vuxna",
        "slug: feber-vuxna",
    );
    assert_same_as_clean(&site, &out, "a slug");

    let site = site
        .article(
            "sunburn",
            "sv",
            &article("Solbränna", "topics: [skin]\n", "Text.\n")
                .replace("topics: [infections]\n", ""),
        )
        .article(
            "sunburn",
            "en",
            &article("Sunburn", "topics: [skin]\n", "Text.\n")
                .replace("topics: [infections]\n", ""),
        );
    assert_same_as_clean(&site, &out, "a new article");

    std::fs::rename(
        site.root().join("content/articles/sunburn"),
        site.root().join("content/articles/sun-damage"),
    )
    .expect("rename");
    assert_same_as_clean(&site, &out, "a renamed article");

    std::fs::remove_dir_all(site.root().join("content/articles/sun-damage")).expect("delete");
    assert_same_as_clean(&site, &out, "a deleted article");

    let site = site.edit(
        "content/clinics/ekbrynet-farsta.yaml",
        "name: Vårdcentralen Ekbrynet Farsta",
        "name: Vårdcentralen Ekbrynet",
    );
    assert_same_as_clean(&site, &out, "a health centre");

    let site = site.edit("translations/en.yaml", "nav.a_o: A–Z", "nav.a_o: A to Z");
    assert_same_as_clean(&site, &out, "a UI string");

    // An article without a Persian version is listed on the Persian topic pages: a new topic
    // moves it there from one list to another.
    let mut site = site;
    for lang in ["sv", "en", "ar"] {
        site = site.edit(
            &format!("content/articles/back-pain/{lang}.md"),
            "topics: [pain]",
            "topics: [pain, infections]",
        );
    }
    assert_same_as_clean(&site, &out, "an untranslated article's topics");

    // A cached build changes the output in place: nothing is left beside it, and a build that
    // fails changes nothing.
    let leftovers = |dir: &Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .expect("read_dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            // The lock file beside the output stays (see `output::lock`).
            .filter(|n| n.starts_with(".cached-public") && !n.ends_with(".lock"))
            .collect()
    };
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
    let before = snapshot(&out);
    let site = site.edit("content/articles/fever-adults/en.md", "title:", "title: [");
    assert!(vardguide::pipeline::build(&options(&site, &out, true), &|_, _| {}, &|| {}).is_err());
    assert!(
        snapshot(&out) == before,
        "a failed cached build leaves the output as it was"
    );
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

/// The warnings about plain-http links: the edits below change the bundled articles' text, which
/// adds review warnings of their own.
fn link_warnings(report: &vardguide::pipeline::BuildReport) -> Vec<String> {
    warnings(report)
        .into_iter()
        .filter(|w| w.contains("http link"))
        .collect()
}

fn warnings(report: &vardguide::pipeline::BuildReport) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .map(|d| format!("{}:{:?}: {}", d.file.display(), d.position, d.message))
        .collect()
}

/// Ensure bodies taken from the build cache's body store give the warnings they gave when they
/// were parsed, and that a damaged store is parsed again rather than trusted.
#[test]
fn stored_bodies_keep_their_warnings_and_a_damaged_store_is_ignored() {
    let site = TestSite::bundled().article(
        "plain-link",
        "sv",
        &article(
            "Länk utan https",
            "",
            "Läs mer på [en gammal sida](http://example.org/gammal).\n",
        ),
    );
    let out = site.root().join("cached-public");
    let first = build(&site, &out, true);
    let expected = link_warnings(&first);
    assert!(
        expected
            .iter()
            .any(|w| w.contains("plain-link/sv.md") && w.contains("http://example.org/gammal")),
        "the plain http link is reported: {expected:?}"
    );
    let store = vardguide::cache::default_dir(site.root());
    let shards = || -> Vec<std::path::PathBuf> {
        let mut v: Vec<_> = std::fs::read_dir(&store)
            .expect("the cache folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "bin"))
            .collect();
        v.sort();
        v
    };
    assert!(!shards().is_empty(), "the bodies are stored");

    // Another article changes: the linking article's body comes from the store, and so does
    // its warning.
    let site = site.edit(
        "content/articles/fever-adults/sv.md",
        "## ",
        "Ett nytt stycke.\n\n## ",
    );
    assert_eq!(link_warnings(&build(&site, &out, true)), expected);
    assert_same_as_clean(&site, &out, "bodies from the store");

    // Every stored file damaged: bodies are parsed again, the same warnings, the same output.
    for shard in shards() {
        std::fs::write(&shard, b"\x92not a body store").expect("damage the store");
    }
    let site = site.edit(
        "content/articles/fever-adults/sv.md",
        "Ett nytt stycke.",
        "Ett annat stycke.",
    );
    assert_eq!(link_warnings(&build(&site, &out, true)), expected);
    assert_same_as_clean(&site, &out, "a damaged store");
}

/// Ensure a cached build equals a clean build when lists have a page per letter: a title that
/// moves an article to another letter, a new article under a letter that had none, and a
/// deleted one.
#[test]
fn cached_builds_equal_clean_builds_with_letter_pages() {
    let site = TestSite::bundled();
    let config = std::fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    let site = site.file(
        "site.yaml",
        &format!("{config}\nlists:\n  split_above: 3\n"),
    );
    let out = site.root().join("cached-public");
    assert_same_as_clean(&site, &out, "first build");
    let untouched = out.join("sv/a-o/h/index.html");
    let before = inode(&untouched);

    let site = site.edit(
        "content/articles/fever-adults/sv.md",
        "title: Feber hos vuxna",
        "title: Vuxnas feber",
    );
    assert_same_as_clean(&site, &out, "a title under another letter");
    assert_eq!(
        inode(&untouched),
        before,
        "a letter page the edit does not touch is taken from the previous output"
    );

    let site = site.article("yawning", "sv", &article("Gäspningar", "", "Text.\n"));
    assert_same_as_clean(&site, &out, "an article under a new letter");

    std::fs::remove_dir_all(site.root().join("content/articles/yawning")).expect("delete");
    assert_same_as_clean(&site, &out, "a deleted article");

    let site = site.edit(
        "content/articles/fever-adults/en.md",
        "title: Fever in adults",
        "title: Adult fever",
    );
    assert_same_as_clean(&site, &out, "a title shown untranslated in other languages");
}

/// Ensure a cached build does not read article files that are unchanged on disk, and still sees
/// every change: an edit that keeps the file's size and sets its modification time back, a file
/// replaced by another (a rename, as editors save), and an edit made right after a build.
#[test]
fn unchanged_files_are_not_read_and_every_change_is_seen() {
    let site = TestSite::bundled();
    let out = site.root().join("cached-public");
    let first = assert_same_as_clean(&site, &out, "first build");
    assert_eq!(first.article_files_read, first.article_files);
    // A file's identity is kept once it last changed a moment before a build started: the
    // files were just written, so this waits (with a deadline) for a build that reads none.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let report = build(&site, &out, true);
        if report.article_files_read == 0 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "unchanged files are still read: {} of {}",
            report.article_files_read,
            report.article_files
        );
    }

    let path = site.root().join("content/articles/fever-adults/sv.md");
    let modified = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    let text = std::fs::read_to_string(&path).expect("read");
    let same_size = text.replacen("Feber", "Fefer", 1);
    assert_eq!(same_size.len(), text.len());
    std::fs::write(&path, &same_size).expect("write");
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(modified))
        .expect("set mtime");
    // Once the edit has settled (see above), only its change time tells it apart.
    settle(&path);
    let report = assert_same_as_clean(&site, &out, "an edit of the same size and time");
    assert!(report.article_files_read >= 1);

    let replaced = site.root().join("content/articles/fever-adults/sv.md.new");
    std::fs::write(&replaced, text.replacen("Feber", "Fiber", 1)).expect("write");
    std::fs::File::options()
        .write(true)
        .open(&replaced)
        .and_then(|f| f.set_modified(modified))
        .expect("set mtime");
    std::fs::rename(&replaced, &path).expect("rename");
    settle(&path);
    assert_same_as_clean(&site, &out, "a file replaced by a rename");

    // Edits right after a build, one after another.
    let mut site = site;
    for word in ["Feberkänsla", "Febertopp", "Feberfri"] {
        site = site.edit("content/articles/fever-adults/sv.md", "Fiber", word);
        assert_same_as_clean(&site, &out, word);
        site = site.edit("content/articles/fever-adults/sv.md", word, "Fiber");
    }
    assert_same_as_clean(&site, &out, "back again");
}

/// Waits (with a deadline) until `path` last changed long enough ago for a build to keep its
/// identity (`load::SETTLED`, 100 ms, with room for the file system's clock ticks).
fn settle(path: &Path) {
    use std::os::unix::fs::MetadataExt;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let meta = std::fs::metadata(path).expect("metadata");
        let changed = std::time::UNIX_EPOCH
            + std::time::Duration::new(meta.ctime() as u64, meta.ctime_nsec() as u32);
        let age = std::time::SystemTime::now()
            .duration_since(changed)
            .unwrap_or_default();
        if age > std::time::Duration::from_millis(250) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{} never settled",
            path.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Ensure a cached build takes nothing from an output that another build replaced since the
/// cache was written: after a build without the cache (with an article the cache does not
/// know) and the article's removal, the lists that showed it and its pages are made again,
/// not taken as the cache describes them.
#[test]
fn an_output_replaced_by_another_build_is_not_taken_as_cached() {
    let site = TestSite::bundled();
    let out = site.root().join("cached-public");
    build(&site, &out, true);
    let site = site.article(
        "yawning",
        "sv",
        &article("Gäspningar", "", "Om gäspningar.\n"),
    );
    build(&site, &out, false);
    assert!(
        snapshot(&out)
            .iter()
            .any(|(p, _)| p.starts_with("sv/yawning")),
        "the build without the cache made the article's page"
    );
    std::fs::remove_dir_all(site.root().join("content/articles/yawning")).expect("delete");
    assert_same_as_clean(&site, &out, "the article removed again, with the cache");
}

/// Ensure a first build into a relative output folder that does not exist yet leaves a cache the
/// next build takes: the next build keeps the unchanged pages' files as they were (the cache
/// named the folder by its path as given, then by its full path once it existed, so every
/// second build was a full one).
#[test]
fn a_first_build_into_a_new_relative_folder_is_cached() {
    let site = TestSite::bundled();
    let run = || {
        let done = std::process::Command::new(env!("CARGO_BIN_EXE_vardguide"))
            .current_dir(site.root())
            .args(["build", "--out", "public-new"])
            .output()
            .expect("run vardguide");
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
    };
    run();
    let page = site.root().join("public-new/sv/index.html");
    let before = inode(&page);
    run();
    assert_eq!(
        inode(&page),
        before,
        "the second build kept the page's file"
    );
}

/// Ensure a cached build equals a clean build when an easy-to-read version is edited, its title
/// changes (lists and the full text's page show it), it is added and it is removed.
#[test]
fn cached_builds_equal_clean_builds_with_easy_versions() {
    let site = TestSite::bundled();
    let out = site.root().join("cached-public");
    assert_same_as_clean(&site, &out, "first build");
    let site = site.edit(
        "content/articles/cough/sv.easy.md",
        "## ",
        "En ny mening först.\n\n## ",
    );
    assert_same_as_clean(&site, &out, "an easy-to-read text");
    let site = site.edit(
        "content/articles/cough/sv.easy.md",
        "title: Hosta",
        "title: Hosta och slem",
    );
    assert_same_as_clean(&site, &out, "an easy-to-read title");
    let site = site.file(
        "content/articles/headache/sv.easy.md",
        &article("Ont i huvudet", "", "Du har ont i huvudet.\n"),
    );
    assert_same_as_clean(&site, &out, "an easy-to-read version added");
    assert!(out.join("sv/huvudvärk/easy/index.html").exists());
    std::fs::remove_file(site.root().join("content/articles/cough/sv.easy.md")).expect("remove");
    assert_same_as_clean(&site, &out, "an easy-to-read version removed");
}

/// Ensure a warning that points into the front matter of an article a cached build did not
/// read (its front matter comes parsed from the record of the articles read) points where it
/// did when the file was read, and that a build after one edit writes one of the record's
/// files again, not all of them.
#[test]
fn front_matter_from_the_record_keeps_positions_and_an_edit_rewrites_one_record() {
    let site = TestSite::bundled().article(
        "reviewed-before",
        "sv",
        &article(
            "Granskad förut",
            "review_hash: \"0000\"\n",
            "Texten ändrades efter granskningen.\n",
        ),
    );
    let out = site.root().join("cached-public");
    let review_warnings = |report: &vardguide::pipeline::BuildReport| -> Vec<String> {
        warnings(report)
            .into_iter()
            .filter(|w| w.contains("reviewed-before") && w.contains("after its review"))
            .collect()
    };
    let first = build(&site, &out, true);
    let expected = review_warnings(&first);
    assert_eq!(expected.len(), 1, "{expected:?}");
    assert!(
        expected[0].contains("line: 8, column: 1"),
        "the warning points at `review_hash:` on line 8: {expected:?}"
    );
    // Files just written are read again until they have settled (see
    // `unchanged_files_are_not_read_and_every_change_is_seen`): wait, with a deadline, for a
    // build that reads none.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let report = build(&site, &out, true);
        assert_eq!(review_warnings(&report), expected, "from the record");
        if report.article_files_read == 0 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "unchanged files are still read"
        );
    }

    let cache = vardguide::cache::default_dir(site.root());
    // A record file written again is a new file (written beside it, then renamed over it).
    let records = || -> Vec<(std::path::PathBuf, u64)> {
        crate::harness::files_starting_with(&cache, "articles-")
            .into_iter()
            .map(|p| {
                let ino = inode(&p);
                (p, ino)
            })
            .collect()
    };
    let before = records();
    assert!(
        before.len() > 1,
        "the record is in several files: {before:?}"
    );
    let site = site.edit(
        "content/articles/fever-adults/sv.md",
        "## ",
        "Ett nytt stycke.\n\n## ",
    );
    let report = assert_same_as_clean(&site, &out, "one edit");
    assert_eq!(report.article_files_read, 1);
    assert_eq!(review_warnings(&report), expected);
    let after = records();
    let rewritten: Vec<_> = before.iter().filter(|f| !after.contains(f)).collect();
    assert_eq!(
        rewritten.len(),
        1,
        "one record file is written again: {rewritten:?}"
    );
}

/// Ensure a cached build that stops on an error leaves the body store as it was: no file of
/// the bodies it rendered stays behind in the cache folder.
#[test]
fn a_failed_build_leaves_no_contents_file() {
    let site = TestSite::bundled();
    let out = site.root().join("cached-public");
    build(&site, &out, true);
    let cache = vardguide::cache::default_dir(site.root());
    let contents = || crate::harness::files_starting_with(&cache, "contents-");
    let before = contents();
    assert_eq!(before.len(), 1, "the first build's bodies: {before:?}");
    // A new article (rendered now) and an error elsewhere: the build stops after validation.
    let site = site
        .article("yawning", "sv", &article("Gäspningar", "", "Text.\n"))
        .edit(
            "content/articles/fever-adults/sv.md",
            "kind: symptom",
            "kind: feeling",
        );
    let failed = vardguide::pipeline::build(&options(&site, &out, true), &|_, _| {}, &|| {});
    assert!(failed.is_err(), "the unknown kind is an error");
    assert_eq!(contents(), before);
}

/// Ensure an edit of an article's text renders the pages that show that text and no others: the
/// lists that show the article (its title, summary and dates), in its language and in the
/// languages that list it untranslated, are kept. The result still equals a clean build.
#[test]
fn an_edited_text_renders_only_the_pages_that_show_it() {
    let site = TestSite::bundled();
    let out = site.root().join("cached-public");
    let first = assert_same_as_clean(&site, &out, "first build");
    let pages: usize = first.pages.values().sum();
    // Every page, and the root page, which is in no language.
    assert_eq!(
        first.pages_rendered,
        pages + 1,
        "a first build renders every page"
    );
    let again = assert_same_as_clean(&site, &out, "nothing changed");
    assert_eq!(again.pages_rendered, 0, "nothing changed, nothing rendered");

    let site = site.edit(
        "content/articles/fever-adults/en.md",
        "## ",
        "A new paragraph first.\n\n## ",
    );
    let report = assert_same_as_clean(&site, &out, "an article's text");
    // The English page of the article; no list shows its text. (An edit of the Swedish text
    // renders more: the translations made from it are then marked as possibly outdated
    // wherever they are listed.)
    assert_eq!(
        report.pages_rendered, 1,
        "only the article's own page shows its text"
    );
}
