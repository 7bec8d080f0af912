//! The deploy manifest beside the output (`public.deploy.json`): what each build added, changed
//! and removed, checked against the files themselves; and the README's incremental upload with
//! the real rclone, which leaves the uploaded copy equal to the output.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use vardguide::output::deploy::{DeployManifest, Hash, hash, manifest_path};

use crate::harness::{self, TestSite, build_into as build, list, snapshot};

/// The output's files (but the marker) and their bytes, by path with `/`.
fn files(out: &Path) -> BTreeMap<String, Vec<u8>> {
    snapshot(out)
        .into_iter()
        .map(|(p, b)| (p.to_string_lossy().replace('\\', "/"), b))
        .filter(|(p, _)| p != vardguide::graph::files::MARKER)
        .collect()
}

fn manifest(out: &Path) -> DeployManifest {
    let text = std::fs::read(manifest_path(out)).expect("the deploy manifest beside the output");
    serde_json::from_slice(&text).expect("the manifest is JSON")
}

/// The bundled site with one more article, `deploy-probe`, to remove later.
fn probe_site() -> TestSite {
    TestSite::bundled().article(
        "deploy-probe",
        "sv",
        &harness::article(
            "Provsida för uppladdning",
            "",
            "En sida som tas bort igen.\n",
        ),
    )
}

/// What a manifest must say: every file with its hash, and the differences from `before`.
fn check(
    m: &DeployManifest,
    before: Option<&BTreeMap<String, Vec<u8>>>,
    now: &BTreeMap<String, Vec<u8>>,
    step: &str,
) {
    let hashes: BTreeMap<String, Hash> = now
        .iter()
        .map(|(p, b)| (p.clone(), Hash(hash(b))))
        .collect();
    assert!(
        m.files == hashes,
        "{step}: the manifest's files and hashes are the output's"
    );
    assert_eq!(m.since_previous, before.is_some(), "{step}: since_previous");
    let empty = BTreeMap::new();
    let before = before.unwrap_or(&empty);
    let added: Vec<&String> = now.keys().filter(|p| !before.contains_key(*p)).collect();
    let changed: Vec<&String> = now
        .iter()
        .filter(|(p, b)| before.get(*p).is_some_and(|old| old != *b))
        .map(|(p, _)| p)
        .collect();
    let removed: Vec<&String> = before.keys().filter(|p| !now.contains_key(*p)).collect();
    assert_eq!(m.added.iter().collect::<Vec<_>>(), added, "{step}: added");
    assert_eq!(
        m.changed.iter().collect::<Vec<_>>(),
        changed,
        "{step}: changed"
    );
    assert_eq!(
        m.removed.iter().collect::<Vec<_>>(),
        removed,
        "{step}: removed"
    );
}

/// Ensure every build writes beside the output a manifest of every file with its hash and of
/// exactly the files it added, changed and removed; cached and clean builds alike, and after a
/// manifest that no longer describes the output.
#[test]
fn each_build_lists_what_it_added_changed_and_removed() {
    let site = probe_site();
    let out = site.root().join("public");
    build(&site, &out, true);
    assert!(manifest_path(&out).is_file() && !out.join("public.deploy.json").exists());
    let first = files(&out);
    check(&manifest(&out), None, &first, "first build");

    // One edited article, cached.
    let site = site.edit(
        "content/articles/fever-adults/sv.md",
        "Feber i sig är sällan farlig",
        "Feber i sig är oftast inte farlig",
    );
    build(&site, &out, true);
    let edited = files(&out);
    let m = manifest(&out);
    check(&m, Some(&first), &edited, "an edited article");
    assert!(
        m.changed
            .contains(&"sv/feber-hos-vuxna/index.html.gz".to_string()),
        "the edited page and its copies changed: {:?}",
        m.changed
    );
    // The Swedish search index's segments get new names.
    assert!(
        m.removed
            .iter()
            .chain(&m.added)
            .all(|p| p.starts_with("sv/search/")),
        "only the index's segments come and go: {:?} {:?}",
        m.added,
        m.removed
    );
    assert!(
        m.changed.len() < first.len() / 4,
        "only what the edit changed: {} files",
        m.changed.len()
    );

    // A removed article, cached.
    std::fs::remove_dir_all(site.root().join("content/articles/deploy-probe")).expect("remove");
    build(&site, &out, true);
    let removed = files(&out);
    let m = manifest(&out);
    check(&m, Some(&edited), &removed, "a removed article");
    assert!(
        m.removed.iter().any(|p| p.contains("deploy-probe")),
        "{:?}",
        m.removed
    );

    // A clean build of the same sources changes nothing.
    build(&site, &out, false);
    check(
        &manifest(&out),
        Some(&removed),
        &files(&out),
        "a clean build of the same site",
    );

    // A manifest that is damaged, or describes another output, is not trusted.
    std::fs::write(manifest_path(&out), "{ half").expect("damage");
    build(&site, &out, true);
    check(
        &manifest(&out),
        None,
        &files(&out),
        "after a damaged manifest",
    );
    let kept = std::fs::read(manifest_path(&out)).expect("manifest");
    let site = site.edit("site.yaml", "title: vardguide", "title: vårdguiden");
    build(&site, &out, true);
    std::fs::write(manifest_path(&out), &kept).expect("an older manifest put back");
    build(&site, &out, true);
    check(
        &manifest(&out),
        None,
        &files(&out),
        "after an older build's manifest",
    );
}

/// Ensure the README's incremental upload (rclone, reading the manifest with jq) leaves the
/// uploaded copy equal to the output, after an edit and after a removal, and moves only what
/// changed.
#[test]
fn the_readme_upload_moves_only_what_changed() {
    for tool in ["rclone", "jq"] {
        let found = Command::new(tool).arg("--version").output().is_ok();
        assert!(
            found,
            "`{tool}` not found: install it (apt-get install {tool}) or run `bash .ci/run`"
        );
    }
    let readme = std::fs::read_to_string(harness::repo().join("README.md")).expect("README");
    let script = readme
        .split("```sh\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .find(|block| block.contains("public.deploy.json"))
        .expect("the README's upload script");
    let site = probe_site();
    let root = site.root().to_path_buf();
    let out = root.join("public");
    let remote = tempfile::tempdir().expect("tempdir");
    let upload = |step: &str| {
        let run = Command::new("bash")
            .args(["-euo", "pipefail", "-c", script])
            .current_dir(&root)
            .env("REMOTE", remote.path())
            .env("RCLONE_CONFIG", "/dev/null")
            .output()
            .expect("bash");
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );
        assert!(
            run.status.success(),
            "{step}: the README's upload failed:\n{script}\n{said}"
        );
        let mine = files(&out);
        let theirs = files(remote.path());
        if mine != theirs {
            let differ: Vec<&String> = mine
                .keys()
                .chain(theirs.keys())
                .filter(|p| mine.get(*p) != theirs.get(*p))
                .take(5)
                .collect();
            panic!("{step}: the upload differs from the output: {differ:?}");
        }
    };
    let report = build(&site, &out, true);
    assert!(
        report.diagnostics.iter().all(|d| !d.is_error()),
        "{}",
        list(&report.diagnostics)
    );
    upload("first upload");
    // Every uploaded file gets an old time: the next upload's files are the ones with a new one.
    let age = |remote: &Path| {
        let aged = Command::new("find")
            .arg(remote)
            .args([
                "-type",
                "f",
                "-exec",
                "touch",
                "-d",
                "@1000000000",
                "{}",
                "+",
            ])
            .status()
            .expect("find");
        assert!(aged.success());
    };
    let uploaded = |remote: &Path| -> Vec<String> {
        let old = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
        let mut new: Vec<String> = walkdir::WalkDir::new(remote)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter(|e| e.metadata().ok().and_then(|m| m.modified().ok()) != Some(old))
            .map(|e| {
                e.path()
                    .strip_prefix(remote)
                    .expect("prefix")
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        new.sort();
        new
    };
    let site = site.edit(
        "content/articles/fever-adults/sv.md",
        "Feber i sig är sällan farlig",
        "Feber i sig är oftast inte farlig",
    );
    build(&site, &out, true);
    age(remote.path());
    upload("after an edit");
    let m = manifest(&out);
    let mut listed: Vec<String> = m.added.iter().chain(&m.changed).cloned().collect();
    listed.sort();
    assert!(
        !listed.is_empty() && listed.len() < m.files.len() / 4,
        "{} files to upload",
        listed.len()
    );
    assert_eq!(
        uploaded(remote.path()),
        listed,
        "the upload wrote exactly the added and changed files"
    );
    std::fs::remove_dir_all(site.root().join("content/articles/deploy-probe")).expect("remove");
    build(&site, &out, true);
    assert!(!manifest(&out).removed.is_empty());
    upload("after a removal");
}
