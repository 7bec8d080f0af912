//! A chainable fixture site: the repo's real theme, translations and site.yaml, with the content
//! each test writes. Builds with the library and offers helpers to read the output.

use std::path::{Path, PathBuf};

use vardguide::base::diagnostics::Diagnostic;
use vardguide::pipeline::{BuildFailure, BuildOptions, BuildReport};

pub struct TestSite {
    pub dir: tempfile::TempDir,
    pub base_url: Option<String>,
    pub drafts: bool,
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The files in `dir` whose names start with `prefix`, sorted.
pub fn files_starting_with(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the folder")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .map(|e| e.path())
        .collect();
    files.sort();
    files
}

/// Copies the folder tree `from` to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Front matter for a valid article; `extra` lines are appended inside the front matter.
pub fn article(title: &str, extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\nsummary: About {title}.\nkind: symptom\ntopics: [infections]\nreviewed: 2026-01-10\nreviewer: {{name: Karin Ek, role: Läkare}}\n{extra}---\n{body}"
    )
}

impl TestSite {
    /// A site with the repo's configuration, translations and theme, and no content.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = repo();
        std::fs::copy(root.join("site.yaml"), dir.path().join("site.yaml")).expect("site.yaml");
        copy_dir(&root.join("translations"), &dir.path().join("translations"));
        copy_dir(&root.join("themes"), &dir.path().join("themes"));
        std::fs::create_dir_all(dir.path().join("content/articles")).expect("content");
        let site = TestSite {
            dir,
            base_url: None,
            drafts: false,
        };
        site.file(
            "content/pages/about/sv.md",
            "---\ntitle: Om oss\nsummary: Om webbplatsen.\n---\nText.\n",
        )
    }

    /// The real bundled site (content included).
    pub fn bundled() -> Self {
        let site = TestSite::new();
        copy_dir(&repo().join("content"), &site.root().join("content"));
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Writes a file below the site root.
    pub fn file(self, path: &str, text: &str) -> Self {
        self.bytes(path, text.as_bytes())
    }

    pub fn bytes(self, path: &str, bytes: &[u8]) -> Self {
        let p = self.root().join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
        self
    }

    /// Writes `content/articles/<key>/<lang>.md`.
    pub fn article(self, key: &str, lang: &str, text: &str) -> Self {
        self.file(&format!("content/articles/{key}/{lang}.md"), text)
    }

    /// Replaces text in a file of the site.
    pub fn edit(self, path: &str, from: &str, to: &str) -> Self {
        let p = self.root().join(path);
        let text = std::fs::read_to_string(&p).expect("read");
        assert!(text.contains(from), "{path} does not contain {from:?}");
        std::fs::write(&p, text.replacen(from, to, 1)).expect("write");
        self
    }

    pub fn base_url(mut self, url: &str) -> Self {
        self.base_url = Some(url.to_string());
        self
    }

    pub fn drafts(mut self) -> Self {
        self.drafts = true;
        self
    }

    pub fn try_build(&self) -> Result<BuildReport, BuildFailure> {
        self.try_build_into(&self.out())
    }

    pub fn try_build_into(&self, out: &Path) -> Result<BuildReport, BuildFailure> {
        let options = BuildOptions {
            root: self.root().to_path_buf(),
            out: out.to_path_buf(),
            drafts: self.drafts,
            base_url: self.base_url.clone(),
            precompress: true,
            cache: None,
        };
        vardguide::pipeline::build(&options, &|_, _| {}, &|| {})
    }

    /// Builds and panics with the diagnostics if the build fails.
    pub fn build(&self) -> BuildReport {
        match self.try_build() {
            Ok(r) => r,
            Err(f) => panic!("build failed:\n{}", list(&f.diagnostics)),
        }
    }

    /// Builds, expecting failure; returns the errors.
    pub fn build_err(&self) -> Vec<Diagnostic> {
        match self.try_build() {
            Ok(_) => panic!("the build succeeded but should have failed"),
            Err(f) => f.errors().cloned().collect(),
        }
    }

    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.out().join(path))
            .unwrap_or_else(|e| panic!("read {path}: {e}"))
    }

    pub fn exists(&self, path: &str) -> bool {
        self.out().join(path).exists()
    }
}

/// Finds the one error whose message contains `needle`, and checks its file and line.
pub fn expect_error<'a>(
    errors: &'a [Diagnostic],
    needle: &str,
    file: &str,
    line: Option<usize>,
) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = errors
        .iter()
        .filter(|d| d.message.contains(needle))
        .collect();
    assert!(
        !found.is_empty(),
        "no error containing {needle:?} in:\n{}",
        list(errors)
    );
    let d = found[0];
    assert_eq!(d.file, Path::new(file), "wrong file for {needle:?}: {d}");
    assert_eq!(
        d.position.map(|p| p.line),
        line,
        "wrong line for {needle:?}: {d}"
    );
    assert!(d.help.is_some(), "error without a hint: {d}");
    d
}

pub fn list(errors: &[Diagnostic]) -> String {
    errors
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The default build options for `site` into `out`, with or without the site's build cache.
pub fn options(site: &TestSite, out: &Path, cache: bool) -> BuildOptions {
    BuildOptions {
        root: site.root().to_path_buf(),
        out: out.to_path_buf(),
        drafts: false,
        base_url: None,
        precompress: true,
        cache: cache.then(|| vardguide::cache::default_dir(site.root())),
    }
}

/// Builds `site` into `out` (with or without its cache); panics with the diagnostics if the
/// build fails.
pub fn build_into(site: &TestSite, out: &Path, cache: bool) -> BuildReport {
    match vardguide::pipeline::build(&options(site, out, cache), &|_, _| {}, &|| {}) {
        Ok(report) => report,
        Err(f) => panic!("build failed:\n{}", list(&f.diagnostics)),
    }
}

/// Where two snapshots differ first (file names, then bytes), if they do.
pub fn first_difference(a: &[(PathBuf, Vec<u8>)], b: &[(PathBuf, Vec<u8>)]) -> Option<String> {
    let names = |s: &[(PathBuf, Vec<u8>)]| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    let (na, nb) = (names(a), names(b));
    if na != nb {
        let only_a: Vec<_> = na.iter().filter(|p| !nb.contains(p)).take(3).collect();
        let only_b: Vec<_> = nb.iter().filter(|p| !na.contains(p)).take(3).collect();
        return Some(format!(
            "the files differ: only in the first {only_a:?}, only in the second {only_b:?}"
        ));
    }
    a.iter()
        .zip(b)
        .find(|((_, x), (_, y))| x != y)
        .map(|((p, _), _)| format!("{} differs", p.display()))
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).expect("prefix").to_path_buf(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    files.sort();
    files
}

/// Runs the `vardguide` binary with `args` on `site` (`--root` added), as an editor would.
pub fn vardguide(site: &TestSite, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_vardguide"))
        .args(args)
        .arg("--root")
        .arg(site.root())
        .output()
        .expect("run vardguide")
}
