//! The build cache: a build after changes takes unchanged pages from the previous output and
//! renders the rest, and the result is byte-identical to a clean build, file by file, after
//! edits, a slug change, additions, renames, deletions and changes to health centres and
//! translations.

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use vardguide::BuildOptions;

use crate::harness::{TestSite, article, list, snapshot};

/// The default options, with or without the site's build cache.
fn options(site: &TestSite, out: &Path, cache: bool) -> BuildOptions {
    BuildOptions {
        root: site.root().to_path_buf(),
        out: out.to_path_buf(),
        drafts: false,
        base_url: None,
        precompress: true,
        cache: cache.then(|| vardguide::cache::default_dir(site.root())),
    }
}

fn build(site: &TestSite, out: &Path, cache: bool) -> vardguide::BuildReport {
    match vardguide::build(&options(site, out, cache), &|_, _| {}, &|| {}) {
        Ok(report) => report,
        Err(f) => panic!("build failed:\n{}", list(&f.diagnostics)),
    }
}

/// Builds with the cache into `cached` and clean into a fresh folder, and compares them.
fn assert_same_as_clean(site: &TestSite, cached: &Path, step: &str) {
    let _ = build(site, cached, true);
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
            .filter(|n| n.starts_with(".cached-public"))
            .collect()
    };
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
    let before = snapshot(&out);
    let site = site.edit("content/articles/fever-adults/en.md", "title:", "title: [");
    assert!(vardguide::build(&options(&site, &out, true), &|_, _| {}, &|| {}).is_err());
    assert!(
        snapshot(&out) == before,
        "a failed cached build leaves the output as it was"
    );
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

fn warnings(report: &vardguide::BuildReport) -> Vec<String> {
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
    let expected = warnings(&first);
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
    assert_eq!(warnings(&build(&site, &out, true)), expected);
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
    assert_eq!(warnings(&build(&site, &out, true)), expected);
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
