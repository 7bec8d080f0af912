//! Stage 1, load: walks the site root (site.yaml, content/, translations/, the theme and the
//! site's own templates/) and reads every file it needs, in parallel. Only checks what reading
//! can tell: that text is UTF-8 without NUL bytes and that folders and files are named as the
//! content format says. Everything else is the validate stage's job.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::base::diagnostics::{Diagnostic, Diagnostics, relative};
use crate::source::files::{BinaryFile, SourceFile, read_text};

/// One language version of an article or page: `content/<section>/<key>/<lang>.md`.
#[derive(Debug, Clone)]
pub struct ContentSource {
    pub key: String,
    pub lang: String,
    /// An article's easy-to-read version (`<lang>.easy.md`) rather than its full text.
    pub easy: bool,
    pub file: SourceFile,
    /// For an article: what was read of it (its file's identity, front matter and a hash of its
    /// body), or what an earlier build read when the file is unchanged since.
    pub read: Option<ArticleRead>,
}

/// What a build read of an article's file ([`load_with`]): kept by the build cache, so that the
/// next build need not read a file whose identity on disk is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ArticleRead {
    /// The file's identity when it was read; `None` when it had changed too recently to be
    /// told apart from a change in the same clock tick (it is then read again next time).
    pub stat: Option<FileStat>,
    /// xxh3 of the text up to the body: the front matter between its `---` lines.
    pub head_hash: u64,
    /// The 1-based line the body starts on.
    pub body_line: u32,
    /// The front matter, parsed: `None` when it could not be (validation reads the file's
    /// text then, and says why) or when the sources keep their text ([`load`]).
    #[serde(default)]
    pub front_matter: Option<std::sync::Arc<crate::source::frontmatter::ArticleFrontMatter>>,
    /// xxh3 of the body's text (after the front matter).
    pub body_hash: u64,
    /// The shared texts the body takes (`:::snippet <key>`), in order: what a reader reads of
    /// the article includes them ([`crate::source::snippets::includes`]).
    #[serde(default)]
    pub includes: Vec<String>,
    /// The file's path, when its body is not in [`SourceFile::text`]: the file was not read this
    /// time, or its body was left out ([`read_body`] reads it when it is needed).
    #[serde(skip)]
    pub unread: Option<PathBuf>,
    /// The file was read this time (rather than known unchanged from an earlier build).
    #[serde(skip)]
    pub read_now: bool,
}

/// A file's identity on disk: a file whose identity is unchanged has unchanged contents. The
/// change time cannot be set by any program, so an edit that keeps the size and sets the
/// modification time back is still seen; a file replaced by a rename has a new inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileStat {
    pub dev: u64,
    pub ino: u64,
    pub len: u64,
    pub mtime_ns: i128,
    pub ctime_ns: i128,
}

/// How long before the build started a file must have last changed for its identity to be kept:
/// an edit within the same tick of the file system's clock as the one read could otherwise keep
/// its change time. Ticks are at most a few milliseconds.
const SETTLED: std::time::Duration = std::time::Duration::from_millis(100);

impl FileStat {
    /// `meta`'s identity (`None` where the system does not give one).
    #[cfg(unix)]
    pub fn of(meta: &std::fs::Metadata) -> Option<FileStat> {
        use std::os::unix::fs::MetadataExt;
        let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
        Some(FileStat {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.size(),
            mtime_ns: ns(meta.mtime(), meta.mtime_nsec()),
            ctime_ns: ns(meta.ctime(), meta.ctime_nsec()),
        })
    }

    #[cfg(not(unix))]
    pub fn of(_: &std::fs::Metadata) -> Option<FileStat> {
        None
    }

    /// `meta`'s identity, when the file last changed at least [`SETTLED`] before `started`.
    fn settled(meta: &std::fs::Metadata, started: std::time::SystemTime) -> Option<FileStat> {
        let limit = started
            .checked_sub(SETTLED)?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos() as i128;
        let stat = FileStat::of(meta)?;
        (stat.ctime_ns < limit && stat.mtime_ns < limit).then_some(stat)
    }
}

/// What the build cache holds of the articles an earlier build read, by path relative to the
/// site root.
pub type ArticlesRead = std::collections::HashMap<PathBuf, ArticleRead>;

/// Everything read from disk, before validation.
#[derive(Debug, Default)]
pub struct Sources {
    pub site_yaml: Option<SourceFile>,
    /// `translations/<lang>.yaml`, keyed by language code.
    pub translations: BTreeMap<String, SourceFile>,
    pub articles: Vec<ContentSource>,
    /// Article versions whose file could not be read (not UTF-8, unreadable), as (key, language):
    /// their error is reported once, and nothing else reports them as missing.
    pub unreadable_articles: Vec<(String, String)>,
    /// Images beside articles, keyed by article key, and beside plain pages, keyed by
    /// [`page_images`].
    pub article_images: BTreeMap<String, Vec<BinaryFile>>,
    /// Plain pages such as `about`: `content/pages/<key>/<lang>.md`.
    pub pages: Vec<ContentSource>,
    /// Shared texts: `content/snippets/<key>/<lang>.md` ([`crate::source::snippets`]).
    pub snippets: Vec<SourceFile>,
    /// Health-care units: `content/clinics/<key>.yaml`.
    pub clinics: Vec<SourceFile>,
    /// Fee tables: `content/fees/<region>.yaml`.
    pub fees: Vec<SourceFile>,
    /// Templates by name (`article.html`); the site's own `templates/` override the theme's.
    pub templates: BTreeMap<String, SourceFile>,
    /// Theme static files by their path below `static/`.
    pub assets: BTreeMap<String, BinaryFile>,
}

/// The key a plain page's images are kept under in [`Sources::article_images`] (and published
/// under, `images/page/<key>/`): no article key has a `/`.
pub fn page_images(key: &str) -> String {
    format!("page/{key}")
}

/// The end of an easy-to-read version's file stem: `sv.easy.md`.
pub const EASY_SUFFIX: &str = ".easy";

/// Image types that may sit beside an article. An SVG is drawn to pixels ([`crate::source::images`]),
/// never published itself: it can carry scripts.
pub const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "svg"];

/// The theme used when a site has none of its own.
pub const THEME_DIR: &str = "themes/default";

/// Reads the site at `root`. Problems are added to `diags`; whatever could be read is returned.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Sources {
    read_site(root, diags, ArticlesRead::new, Bodies::Keep).0
}

/// [`load`] for a build: an article file whose identity on disk is the one `known` has for it is
/// not read, and its record holds the front matter `known` parsed (see [`ArticleRead::unread`]);
/// the others are read and their front matter parsed, and none keeps its text (but one whose
/// front matter cannot be parsed, for validation to say why): each body is read again when it
/// is rendered, so that a large site's text is never in memory all at once.
/// `known` is asked for once the folders are listed (it can be read meanwhile), and returned.
pub fn load_with(
    root: &Path,
    diags: &mut Diagnostics,
    known: impl FnOnce() -> ArticlesRead,
) -> (Sources, ArticlesRead) {
    read_site(root, diags, known, Bodies::Leave)
}

/// Whether the sources keep the articles' bodies.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Bodies {
    Keep,
    /// Only the front matter; the body is read again when it is needed ([`read_body`]).
    Leave,
}

fn read_site(
    root: &Path,
    diags: &mut Diagnostics,
    known: impl FnOnce() -> ArticlesRead,
    bodies: Bodies,
) -> (Sources, ArticlesRead) {
    let started = std::time::SystemTime::now();
    let mut sources = Sources {
        site_yaml: read_site_yaml(root, diags),
        ..Sources::default()
    };
    // Collect paths first (cheap, sequential), then read them all in parallel.
    let mut jobs = Jobs::default();
    list_translations(root, &mut jobs, diags);
    list_content(root, &mut jobs, diags);
    list_directory(root, &mut jobs, diags);
    list_theme(root, &mut jobs, diags);
    let known = known();
    read_texts(
        root,
        jobs.texts,
        (&known, bodies),
        started,
        &mut sources,
        diags,
    );
    read_binaries(root, jobs.binaries, &mut sources, diags);
    sources
        .articles
        .sort_by(|a, b| (&a.key, &a.lang, a.easy).cmp(&(&b.key, &b.lang, b.easy)));
    sources
        .pages
        .sort_by(|a, b| (&a.key, &a.lang).cmp(&(&b.key, &b.lang)));
    for images in sources.article_images.values_mut() {
        images.sort_by(|a, b| a.path.cmp(&b.path));
    }
    (sources, known)
}

/// The files to read, listed before any is read.
#[derive(Default)]
struct Jobs {
    texts: Vec<(Job, PathBuf)>,
    binaries: Vec<(BinaryJob, PathBuf)>,
}

fn read_site_yaml(root: &Path, diags: &mut Diagnostics) -> Option<SourceFile> {
    let site_yaml = root.join("site.yaml");
    if !site_yaml.is_file() {
        diags.push(
            Diagnostic::error("site.yaml", "site.yaml not found").help(format!(
                "run vardguide in a site's root folder or pass --root (looked in {})",
                root.display()
            )),
        );
        return None;
    }
    read_text(root, &site_yaml).map_err(|d| diags.push(d)).ok()
}

/// `translations/<lang>.yaml`.
fn list_translations(root: &Path, jobs: &mut Jobs, diags: &mut Diagnostics) {
    for entry in list_files(&root.join("translations"), 1, diags, root) {
        match entry.extension().and_then(|e| e.to_str()) {
            Some("yaml") => {
                let lang = stem(&entry);
                jobs.texts.push((Job::Translation(lang), entry));
            }
            _ => diags.push(
                Diagnostic::warning(relative(root, &entry), "ignored: not a .yaml file")
                    .help("translations/ holds one <lang>.yaml file per language"),
            ),
        }
    }
}

/// Articles and plain pages (`content/<section>/<key>/<lang>.md`) and the images beside them.
fn list_content(root: &Path, jobs: &mut Jobs, diags: &mut Diagnostics) {
    for (section, is_article) in [("articles", true), ("pages", false)] {
        let dir = root.join("content").join(section);
        for entry in list_files(&dir, 2, diags, root) {
            let rel = relative(root, &entry);
            let Some(key) = entry
                .parent()
                .filter(|p| p.parent() == Some(dir.as_path()))
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
            else {
                diags.push(
                    Diagnostic::warning(
                        rel,
                        format!(
                            "ignored: files in content/{section}/ belong in a folder per {}",
                            if is_article { "article" } else { "page" }
                        ),
                    )
                    .help(format!("move it to content/{section}/<key>/<lang>.md")),
                );
                continue;
            };
            if !crate::source::names::is_key(&key) {
                diags.push(
                    Diagnostic::error(rel, format!("folder name `{key}` is not a valid key"))
                        .help("name the folder with lowercase ASCII letters, digits and `-`, e.g. `fever-adults`; the title and slug can be in any language"),
                );
                continue;
            }
            let ext = entry
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase);
            match ext.as_deref() {
                Some("md") => {
                    let lang = stem(&entry);
                    // `sv.easy.md`: the easy-to-read version of the article in Swedish.
                    let (lang, easy) = match lang.strip_suffix(EASY_SUFFIX) {
                        Some(l) if is_article => (l.to_string(), true),
                        _ => (lang, false),
                    };
                    let job = Job::Content {
                        key,
                        lang,
                        article: is_article,
                        easy,
                    };
                    jobs.texts.push((job, entry));
                }
                Some(ext) if IMAGE_EXTENSIONS.contains(&ext) => {
                    // A plain page's images are kept apart from an article's of the same key.
                    let owner = if is_article { key } else { page_images(&key) };
                    jobs.binaries.push((BinaryJob::Image(owner), entry));
                }
                _ => diags.push(
                    Diagnostic::warning(rel, "ignored: not a Markdown file or a supported image")
                        .help(format!("supported images: {}", IMAGE_EXTENSIONS.join(", "))),
                ),
            }
        }
    }
}

/// Health-care units, fee tables and shared texts.
fn list_directory(root: &Path, jobs: &mut Jobs, diags: &mut Diagnostics) {
    for (folder, is_clinic) in [("clinics", true), ("fees", false)] {
        for entry in list_files(&root.join("content").join(folder), 1, diags, root) {
            if entry.extension().and_then(|e| e.to_str()) == Some("yaml") {
                jobs.texts
                    .push((if is_clinic { Job::Clinic } else { Job::Fees }, entry));
            } else {
                diags.push(
                    Diagnostic::warning(relative(root, &entry), "ignored: not a .yaml file").help(
                        format!(
                            "content/{folder}/ holds one .yaml file per {}",
                            if is_clinic { "unit" } else { "region" }
                        ),
                    ),
                );
            }
        }
    }
    for entry in list_files(&root.join("content/snippets"), 2, diags, root) {
        jobs.texts.push((Job::Snippet, entry));
    }
}

/// Templates (the theme's first, then the site's own, which override by name) and the theme's
/// static files.
fn list_theme(root: &Path, jobs: &mut Jobs, diags: &mut Diagnostics) {
    for dir in [
        root.join(THEME_DIR).join("templates"),
        root.join("templates"),
    ] {
        for entry in list_files(&dir, 1, diags, root) {
            if entry.extension().and_then(|e| e.to_str()) != Some("html") {
                continue;
            }
            if let Some(name) = entry.file_name().and_then(|n| n.to_str()) {
                jobs.texts.push((Job::Template(name.to_string()), entry));
            }
        }
    }
    let static_dir = root.join(THEME_DIR).join("static");
    for entry in list_files(&static_dir, 8, diags, root) {
        if let Ok(rel) = entry.strip_prefix(&static_dir) {
            let name = rel.to_string_lossy().replace('\\', "/");
            jobs.binaries.push((BinaryJob::Asset(name), entry));
        }
    }
}

/// Reads the text files in parallel (an article through `known`) and files each where it
/// belongs; an article version that cannot be read is noted in `unreadable_articles`.
fn read_texts(
    root: &Path,
    jobs: Vec<(Job, PathBuf)>,
    (known, bodies): (&ArticlesRead, Bodies),
    started: std::time::SystemTime,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) {
    let texts: Vec<(Job, Result<TextRead, Diagnostic>)> = jobs
        .into_par_iter()
        .map(|(job, path)| {
            let r = match job {
                Job::Content { article: true, .. } => {
                    read_article(root, &path, (known, bodies), started)
                }
                _ => read_text(root, &path).map(|f| (f, None)),
            };
            (job, r)
        })
        .collect();
    for (job, result) in texts {
        let (file, read) = match result {
            Ok(f) => f,
            Err(d) => {
                diags.push(d);
                if let Job::Content {
                    key,
                    lang,
                    article: true,
                    easy: false,
                } = job
                {
                    sources.unreadable_articles.push((key, lang));
                }
                continue;
            }
        };
        match job {
            Job::Translation(lang) => {
                sources.translations.insert(lang, file);
            }
            Job::Content {
                key,
                lang,
                article,
                easy,
            } => {
                let c = ContentSource {
                    key,
                    lang,
                    easy,
                    file,
                    read,
                };
                if article {
                    sources.articles.push(c);
                } else {
                    sources.pages.push(c);
                }
            }
            Job::Template(name) => {
                sources.templates.insert(name, file);
            }
            Job::Clinic => sources.clinics.push(file),
            Job::Fees => sources.fees.push(file),
            Job::Snippet => sources.snippets.push(file),
        }
    }
}

/// Reads the images and theme files in parallel.
fn read_binaries(
    root: &Path,
    jobs: Vec<(BinaryJob, PathBuf)>,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) {
    let binaries: Vec<(BinaryJob, Result<BinaryFile, Diagnostic>)> = jobs
        .into_par_iter()
        .map(|(job, path)| {
            let r = std::fs::read(&path)
                .map(|bytes| BinaryFile {
                    path: relative(root, &path),
                    bytes,
                })
                .map_err(|e| {
                    Diagnostic::error(relative(root, &path), format!("cannot read file: {e}"))
                });
            (job, r)
        })
        .collect();
    for (job, result) in binaries {
        match (job, result) {
            (_, Err(d)) => diags.push(d),
            (BinaryJob::Image(key), Ok(f)) => {
                sources.article_images.entry(key).or_default().push(f)
            }
            (BinaryJob::Asset(name), Ok(f)) => {
                sources.assets.insert(name, f);
            }
        }
    }
}

/// A text file read, with what the cache keeps of an article's.
type TextRead = (SourceFile, Option<ArticleRead>);

enum Job {
    Translation(String),
    Content {
        key: String,
        lang: String,
        article: bool,
        easy: bool,
    },
    Template(String),
    Clinic,
    Fees,
    Snippet,
}

enum BinaryJob {
    Image(String),
    Asset(String),
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Regular files below `dir` (at most `depth` levels down), sorted; hidden files are skipped.
/// A missing folder is simply empty.
///
/// Symbolic links are followed only when what they point to is inside the site root (an
/// editor may link a shared folder of the site into two places); a link that leads outside it,
/// `dir` itself included, is skipped with a warning naming it, so that nothing from outside the
/// site root is ever published. A link that cannot be resolved (dangling, a loop) is a warning.
fn list_files(dir: &Path, depth: usize, diags: &mut Diagnostics, root: &Path) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let Ok(site_root) = std::fs::canonicalize(root) else {
        return Vec::new();
    };
    // The folders on the way down, as walked and as they really are (links resolved): a link
    // back to one of them is a loop.
    let real = match std::fs::canonicalize(dir) {
        Ok(real) if real.starts_with(&site_root) => real,
        _ => {
            diags.push(outside_link(root, dir));
            return Vec::new();
        }
    };
    let (files, found) = walk(dir, depth, (&site_root, root), &[(dir.to_path_buf(), real)]);
    diags.extend(found);
    files
}

/// The files in `dir` to `depth` levels (1: its own), each level sorted by name and a folder's
/// files in its place; hidden files left out, links followed only inside the site. `above` is
/// each folder on the way down to `dir` (itself last), as walked and with its links resolved.
/// The folders are walked in parallel: a national site has tens of thousands of article folders.
fn walk(
    dir: &Path,
    depth: usize,
    roots: (&Path, &Path),
    above: &[(PathBuf, PathBuf)],
) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let (site_root, root) = roots;
    let mut diags = Vec::new();
    // Each entry: its path, and where it really is when it is a folder to walk.
    let mut entries: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    // Links are not followed by the listing (which then needs no `stat` per entry): each is
    // looked at here. (walkdir, told to stay at this level, would still open and list every
    // folder in it: tens of thousands at national size.)
    let mut listing: Vec<std::fs::DirEntry> = Vec::new();
    match std::fs::read_dir(dir) {
        Ok(read) => {
            for entry in read {
                match entry {
                    Ok(e) => listing.push(e),
                    Err(why) => diags.push(walk_error(root, dir, &why)),
                }
            }
        }
        Err(why) => diags.push(walk_error(root, dir, &why)),
    }
    listing.sort_by_cached_key(std::fs::DirEntry::file_name);
    for e in listing {
        let path = e.path();
        let cannot_follow = |why: String| {
            Diagnostic::warning(
                relative(root, &path),
                format!("skipped: a symbolic link that cannot be followed ({why})"),
            )
            .help("remove the link, or point it at a file inside the site")
        };
        let file_type = match e.file_type() {
            Ok(t) => t,
            Err(why) => {
                diags.push(walk_error(root, &path, &why));
                continue;
            }
        };
        let (mut is_dir, mut is_file) = (file_type.is_dir(), file_type.is_file());
        let real = if file_type.is_symlink() {
            match std::fs::metadata(&path) {
                Ok(target) => (is_dir, is_file) = (target.is_dir(), target.is_file()),
                Err(why) => {
                    diags.push(cannot_follow(format!(
                        "IO error for operation on {}: {why}",
                        path.display()
                    )));
                    continue;
                }
            }
            match std::fs::canonicalize(&path) {
                Ok(real) if real.starts_with(site_root) => Some(real),
                _ => {
                    diags.push(outside_link(root, &path));
                    continue;
                }
            }
        } else {
            None
        };
        let hidden = e.file_name().to_string_lossy().starts_with('.');
        if is_dir {
            let loop_to = real
                .as_ref()
                .and_then(|real| above.iter().find(|(_, r)| r == real));
            if let Some((ancestor, _)) = loop_to {
                diags.push(cannot_follow(format!(
                    "File system loop found: {} points to an ancestor {}",
                    path.display(),
                    ancestor.display()
                )));
            } else if depth > 1 {
                // A folder that is not a link is where its parent really is, under its name.
                let real = real.unwrap_or_else(|| match above.last() {
                    Some((_, parent)) => parent.join(e.file_name()),
                    None => path.clone(),
                });
                entries.push((path, Some(real)));
            }
        } else if is_file && !hidden {
            entries.push((path, None));
        }
    }
    let parts: Vec<(Vec<PathBuf>, Vec<Diagnostic>)> = entries
        .into_par_iter()
        .map(|(path, folder)| match folder {
            Some(real) => {
                let mut chain = above.to_vec();
                chain.push((path.clone(), real));
                walk(&path, depth - 1, roots, &chain)
            }
            None => (vec![path], Vec::new()),
        })
        .collect();
    let mut files = Vec::new();
    for (found, more) in parts {
        files.extend(found);
        diags.extend(more);
    }
    (files, diags)
}

/// The diagnostic for `path` (`dir` or an entry of it) that could not be listed, in the words
/// walkdir uses.
fn walk_error(root: &Path, path: &Path, why: &std::io::Error) -> Diagnostic {
    let what = format!("IO error for operation on {}: {why}", path.display());
    if path.is_symlink() {
        Diagnostic::warning(
            relative(root, path),
            format!("skipped: a symbolic link that cannot be followed ({what})"),
        )
        .help("remove the link, or point it at a file inside the site")
    } else {
        Diagnostic::error(relative(root, path), format!("cannot read: {what}"))
    }
}

/// The warning for a symbolic link that leads outside the site root.
fn outside_link(root: &Path, link: &Path) -> Diagnostic {
    let target = std::fs::canonicalize(link)
        .map(|t| t.display().to_string())
        .unwrap_or_else(|_| "somewhere that cannot be read".into());
    Diagnostic::warning(
        relative(root, link),
        format!("skipped: a symbolic link to {target}, outside the site"),
    )
    .help("only files inside the site root are published; copy the file into the site instead")
}

/// An article's file: not read when `known` has its identity and parsed front matter; else
/// read, with what the cache keeps of it, and its front matter parsed and its text left out of
/// the source when `bodies` says so (a file whose front matter cannot be split or parsed keeps
/// its text, for the errors).
fn read_article(
    root: &Path,
    path: &Path,
    (known, bodies): (&ArticlesRead, Bodies),
    started: std::time::SystemTime,
) -> Result<TextRead, Diagnostic> {
    let rel = relative(root, path);
    let stat = std::fs::metadata(path)
        .ok()
        .and_then(|m| FileStat::settled(&m, started));
    let before = known.get(&rel);
    if let Some(before) = before
        && stat.is_some()
        && before.stat == stat
        && before.front_matter.is_some()
    {
        // Its text is not needed: validation takes the parsed front matter, and the body is
        // read when it is rendered.
        let file = SourceFile {
            path: rel,
            text: String::new(),
        };
        let read = ArticleRead {
            unread: Some(path.to_path_buf()),
            read_now: false,
            ..before.clone()
        };
        return Ok((file, Some(read)));
    }
    let mut file = read_text(root, path)?;
    let Ok(split) = crate::source::frontmatter::split(&file.text, &file.path) else {
        return Ok((file, None));
    };
    let start = file.text.len() - split.body.len();
    let head_hash = body_hash(&file.text[..start]);
    let front_matter = match before {
        _ if bodies == Bodies::Keep => None,
        // Only the body changed: the front matter is the one parsed before.
        Some(b) if b.head_hash == head_hash && b.front_matter.is_some() => b.front_matter.clone(),
        _ => crate::source::frontmatter::parse_article(&split, &file.path)
            .ok()
            .map(std::sync::Arc::new),
    };
    let read = ArticleRead {
        stat,
        head_hash,
        body_line: u32::try_from(split.body_line).unwrap_or(u32::MAX),
        front_matter,
        body_hash: body_hash(split.body),
        includes: crate::source::snippets::includes(split.body),
        unread: (bodies == Bodies::Leave).then(|| path.to_path_buf()),
        read_now: true,
    };
    if read.unread.is_some() {
        // The body is read again when it is rendered; the front matter's text is kept only
        // when it could not be parsed, for validation to say why.
        file.text = if read.front_matter.is_some() {
            String::new()
        } else {
            file.text[..start].to_string()
        };
    }
    Ok((file, Some(read)))
}

/// The hash of an article's body text that [`ArticleRead`] keeps.
pub fn body_hash(body: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(body.as_bytes())
}

/// The body of an article whose file was not read ([`ArticleRead::unread`]), read now: `None`
/// when the file is no longer what `read` describes.
pub fn read_body(read: &ArticleRead) -> Option<String> {
    let (mut text, start) = read_again(read)?;
    let same = body_hash(&text[start..]) == read.body_hash;
    text.drain(..start);
    same.then_some(text)
}

/// The front matter's YAML text of an article whose text the source does not keep, read now
/// (for a diagnostic that points into it): `None` when the file is no longer what `read`
/// describes.
pub fn read_yaml(read: &ArticleRead) -> Option<String> {
    let (text, start) = read_again(read)?;
    let split = crate::source::frontmatter::split(&text[..start], Path::new("")).ok()?;
    Some(split.yaml.to_string())
}

/// An unread article's file ([`ArticleRead::unread`]) and where its body starts, when its front
/// matter is still the one `read` describes.
fn read_again(read: &ArticleRead) -> Option<(String, usize)> {
    let path = read.unread.as_ref()?;
    let file = read_text(path.parent()?, path).ok()?;
    let split = crate::source::frontmatter::split(&file.text, &file.path).ok()?;
    let start = file.text.len() - split.body.len();
    (body_hash(&file.text[..start]) == read.head_hash).then_some((file.text, start))
}
