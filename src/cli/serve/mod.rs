//! `vardguide serve`: builds the site, serves it on 127.0.0.1 (`http`), watches the
//! sources (notify, debounced) and rebuilds on every change through [`Session::rebuild`]: the
//! whole site is revalidated and only the pages whose inputs changed are rendered again. An
//! article whose body alone changed is put out first, on its own ([`Session::quick_article`]),
//! and a newer change stops a rebuild that is still running (it starts over with the newest
//! files). The open tab reloads by itself; when a change has errors, the last good build keeps
//! being served and the tab shows them over the page. The files served are kept on disk
//! ([`Spooled`]); only their names are in memory.
//! Lives only in the binary; it reaches the library through `Session`.

mod http;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::base::diagnostics::Diagnostic;
use crate::cache::BodyCache;
use crate::output::spool::Spooled;
use crate::pipeline::BuildOptions;
use crate::pipeline::changes::{ChangeKind, classify};
use crate::pipeline::session::{Session, spool_files};
use http::{Reply, ReplyBody};
use notify::{EventKind, RecursiveMode, Watcher};
use tokio::sync::mpsc::UnboundedSender;

const LIVERELOAD: &str = include_str!("livereload.js");
const OVERLAY: &str = include_str!("overlay.css");
const INJECT: &str = "<script src=\"/__vardguide/livereload.js\" defer></script>\n";

/// What the server serves: the last good build, the current errors, and the live-reload clients.
#[derive(Default)]
struct Store {
    files: RwLock<HashMap<String, Spooled>>,
    errors: RwLock<Option<String>>,
    clients: Mutex<Vec<UnboundedSender<String>>>,
}

impl Store {
    fn put(&self, files: impl IntoIterator<Item = (String, Spooled)>) {
        let mut map = self.files.write().unwrap_or_else(|e| e.into_inner());
        for (path, spooled) in files {
            map.insert(path, spooled);
        }
    }

    fn remove(&self, paths: &[String]) {
        let mut map = self.files.write().unwrap_or_else(|e| e.into_inner());
        for p in paths {
            map.remove(p);
        }
    }

    fn replace_all(&self, files: HashMap<String, Spooled>) {
        *self.files.write().unwrap_or_else(|e| e.into_inner()) = files;
    }

    fn get(&self, path: &str) -> Option<Spooled> {
        self.files
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
            .cloned()
    }

    /// Sends a server-sent event to every open tab.
    fn broadcast(&self, event: &str, data: &str) {
        let msg = format!("event: {event}\ndata: {data}\n\n");
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|c| c.send(msg.clone()).is_ok());
    }

    fn set_errors(&self, diags: &[Diagnostic]) {
        let errors: Vec<_> = diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| serde_json::json!({"location": d.location(), "message": d.message, "help": d.help}))
            .collect();
        let json = serde_json::json!({ "errors": errors }).to_string();
        *self.errors.write().unwrap_or_else(|e| e.into_inner()) = Some(json.clone());
        self.broadcast("errors", &json);
    }

    fn clear_errors(&self) -> bool {
        self.errors
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .is_some()
    }
}

/// Runs the server until Ctrl-C. Returns a process exit code.
pub fn run(root: &Path, port: u16) -> std::process::ExitCode {
    if !root.join("site.yaml").is_file() {
        eprintln!("{}", crate::cli::no_site(root));
        return std::process::ExitCode::FAILURE;
    }
    let listener = match std::net::TcpListener::bind(("127.0.0.1", port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "error: cannot listen on 127.0.0.1:{port}: {e}\nhelp: the port is probably in use; choose another with --port"
            );
            return std::process::ExitCode::FAILURE;
        }
    };
    let options = BuildOptions {
        root: root.to_path_buf(),
        out: root.join("public"),
        drafts: true,
        base_url: Some(format!("http://127.0.0.1:{port}/")),
        precompress: false,
        cache: None,
    };
    // Where the pages served are kept (on disk), for as long as the server runs.
    let spool = match crate::pipeline::session::open_spool(root) {
        Ok(spool) => spool,
        Err(d) => {
            print_errors(root, &[d]);
            return std::process::ExitCode::FAILURE;
        }
    };
    let store = Arc::new(Store::default());
    let started = Instant::now();
    // The rendered bodies, kept for the rebuilds (their contents in a file beside the pages).
    let mut bodies = BodyCache::default();
    let session = match Session::build_with(options.clone(), &mut bodies, spool.clone()) {
        Ok(s) => {
            publish_all(&store, &s);
            println!("Built in {:.2} s.", started.elapsed().as_secs_f64());
            Some(s)
        }
        Err(f) => {
            print_errors(root, &f.diagnostics);
            store.set_errors(&f.diagnostics);
            None
        }
    };
    println!(
        "Serving {} on http://127.0.0.1:{port}/ (drafts included). Press Ctrl-C to stop.",
        root.display()
    );

    let (tx, rx) = channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch files: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    for watched in [
        "content",
        "translations",
        "themes",
        "templates",
        "site.yaml",
    ] {
        let p = root.join(watched);
        if p.exists() {
            let mode = if p.is_dir() {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            if let Err(e) = watcher.watch(&p, mode) {
                eprintln!("warning: cannot watch {}: {e}", p.display());
            }
        }
    }
    let shared = Arc::new(Shared {
        session: RwLock::new(session),
        generation: AtomicU64::new(0),
        publish: Mutex::new(()),
        stopping: Default::default(),
    });
    let (rebuilds, requests) = channel();
    {
        let (store, root, shared) = (store.clone(), root.to_path_buf(), shared.clone());
        let spool = spool.clone();
        std::thread::spawn(move || {
            let keep = Keep { bodies, spool };
            rebuild_loop(&root, &options, keep, &shared, &store, &requests)
        });
    }
    {
        let (store, root, shared) = (store.clone(), root.to_path_buf(), shared.clone());
        std::thread::spawn(move || event_loop(&root, &shared, &store, &rx, &rebuilds));
    }
    let handler: http::Handler = Arc::new(move |host, url| respond(host, url, &store));
    let served = http::run(listener, handler);
    // The built files go with the server (the threads still hold them; a folder left by a
    // `serve` that was killed is removed by the next one).
    shared.stopping.store(true, Ordering::SeqCst);
    spool.close();
    if let Err(e) = served {
        eprintln!("error: cannot serve: {e}");
        return std::process::ExitCode::FAILURE;
    }
    println!("Stopped.");
    std::process::ExitCode::SUCCESS
}

fn publish_all(store: &Store, session: &Session) {
    store.replace_all(
        session
            .files()
            .map(|(p, b)| (p.to_string(), b.clone()))
            .collect(),
    );
}

/// Prints the errors the same way `build` does: file, line, the offending line and a hint.
fn print_errors(root: &Path, diags: &[Diagnostic]) {
    let errors: Vec<Diagnostic> = diags.iter().filter(|d| d.is_error()).cloned().collect();
    crate::cli::print_diagnostics(root, &errors);
}

type Events = Receiver<notify::Result<notify::Event>>;

/// Paths changed by an event; reads (access events) change nothing.
/// The paths an event says were created, changed or removed. Other events (a file opened, which
/// every rebuild does to thousands of files) change nothing. Neither do events the system could
/// not keep (its queue overflowed): a rebuild's own reading can overflow it, and counting that as
/// a change would rebuild again and again.
fn changed_paths(event: notify::Result<notify::Event>) -> Vec<PathBuf> {
    match event {
        Ok(e)
            if matches!(
                e.kind,
                EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
            ) =>
        {
            e.paths
        }
        _ => Vec::new(),
    }
}

/// What the event thread and the rebuild thread share. `generation` counts the changes taken
/// in; a rebuild started at one generation is stale once it moved on. `publish` orders what is
/// put out: a stale rebuild checks the generation and puts nothing out while holding it.
struct Shared {
    session: RwLock<Option<Session>>,
    generation: AtomicU64,
    publish: Mutex<()>,
    /// Set on Ctrl-C: a rebuild still running stops, and what it could not finish is not shown.
    stopping: std::sync::atomic::AtomicBool,
}

/// A rebuild asked for: the articles saved (their pages first), or everything.
struct Request {
    saved: Vec<(String, String)>,
}

/// How long after a change the event thread waits for more before it acts.
const DEBOUNCE: Duration = Duration::from_millis(30);

/// A save is often several events: `paths` and the changes that come within [`DEBOUNCE`] of the
/// last. Only changes count: a rebuild reading the site's files makes a stream of other events,
/// which held a save back until the rebuild had read them all.
fn debounce(mut paths: Vec<PathBuf>, rx: &Events) -> Vec<PathBuf> {
    let mut quiet_from = Instant::now() + DEBOUNCE;
    while let Ok(more) = rx.recv_timeout(quiet_from.saturating_duration_since(Instant::now())) {
        let more = changed_paths(more);
        if !more.is_empty() {
            paths.extend(more);
            quiet_from = Instant::now() + DEBOUNCE;
        }
    }
    paths
}

/// Takes file events: after a short debounce, an article whose body alone changed is rendered
/// and put out at once, then the rebuild thread is asked for the rest, and any rebuild still
/// running is made stale (it stops at its next stage and starts over with the new state).
fn event_loop(
    root: &Path,
    shared: &Shared,
    store: &Store,
    rx: &Events,
    rebuilds: &Sender<Request>,
) {
    while let Ok(first) = rx.recv() {
        let paths = changed_paths(first);
        if paths.is_empty() {
            continue;
        }
        let paths = debounce(paths, rx);
        let root_abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let rel: Vec<PathBuf> = paths
            .iter()
            .map(|p| {
                p.strip_prefix(&root_abs)
                    .or_else(|_| p.strip_prefix(root))
                    .unwrap_or(p)
                    .to_path_buf()
            })
            .collect();
        let saved = match classify(Path::new(""), &rel, |p| root.join(p).exists()) {
            ChangeKind::Ignore => continue,
            ChangeKind::Articles(list) => list,
            ChangeKind::Full => Vec::new(),
        };
        shared.generation.fetch_add(1, Ordering::SeqCst);
        let started = Instant::now();
        for (key, lang) in &saved {
            let quick = shared
                .session
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .as_ref()
                .and_then(|s| s.quick_article(key, lang).map(|f| s.spool(f)));
            match quick {
                Some(Ok(files)) => {
                    let _order = shared.publish.lock().unwrap_or_else(|e| e.into_inner());
                    store.put(files);
                    // Errors elsewhere in the site stay shown until the full rebuild clears them.
                    store.broadcast("reload", "{}");
                    println!(
                        "Updated {key} ({lang}) in {} ms; the pages that show it follow.",
                        started.elapsed().as_millis()
                    );
                }
                // The rebuild shows the page, or says what is wrong (unless the server is
                // stopping, and refuses the page).
                Some(Err(e)) if !shared.stopping.load(Ordering::SeqCst) => {
                    print_errors(root, &[e]);
                }
                Some(Err(_)) => {}
                None => {}
            }
        }
        if rebuilds.send(Request { saved }).is_err() {
            return;
        }
    }
}

/// Runs the rebuilds the event thread asks for, one at a time, each against the newest state:
/// requests that queued up meanwhile are merged, and a rebuild made stale by a newer change
/// stops early and is not put out. Search indexes are rebuilt last, one language at a time.
fn rebuild_loop(
    root: &Path,
    options: &BuildOptions,
    keep: Keep,
    shared: &Shared,
    store: &Store,
    requests: &Receiver<Request>,
) {
    let Keep { mut bodies, spool } = keep;
    let mut reindex: BTreeSet<String> = BTreeSet::new();
    // Rebuilds get all cores but one, so an article saved meanwhile is rendered at once.
    let threads =
        std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1).max(1));
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("error: cannot start the rebuild threads: {e}");
            return;
        }
    };
    while let Ok(first) = requests.recv() {
        let mut saved = first.saved;
        while let Ok(more) = requests.try_recv() {
            saved.extend(more.saved);
        }
        let generation = shared.generation.load(Ordering::SeqCst);
        let stale = || {
            shared.generation.load(Ordering::SeqCst) != generation
                || shared.stopping.load(Ordering::SeqCst)
        };
        let started = Instant::now();
        let computed = pool.install(|| {
            let session = shared.session.read().unwrap_or_else(|e| e.into_inner());
            match session.as_ref() {
                Some(s) => s
                    .rebuild(
                        &mut bodies,
                        &saved,
                        &|files| {
                            // The saved articles' own pages first: a reload sees them at once.
                            let _order = shared.publish.lock().unwrap_or_else(|e| e.into_inner());
                            if !files.is_empty() && !stale() {
                                store.put(files);
                                store.broadcast("reload", "{}");
                            }
                        },
                        &stale,
                    )
                    .map(|r| r.map(Built::Rebuilt)),
                None => Session::build_with(options.clone(), &mut bodies, spool.clone())
                    .map(|s| Some(Built::Whole(Box::new(s))))
                    .map_err(|f| f.diagnostics),
            }
        });
        let order = shared.publish.lock().unwrap_or_else(|e| e.into_inner());
        if stale() {
            // A newer change came in: its request is queued, and that rebuild starts over.
            continue;
        }
        match computed {
            Ok(None) => continue,
            Ok(Some(built)) => {
                let mut session = shared.session.write().unwrap_or_else(|e| e.into_inner());
                match built {
                    Built::Whole(s) => {
                        publish_all(store, &s);
                        println!("Built the site in {} ms.", started.elapsed().as_millis());
                        *session = Some(*s);
                    }
                    Built::Rebuilt(r) => {
                        if let Some(s) = session.as_mut() {
                            let update = s.apply(r);
                            store.put(update.files);
                            store.remove(&update.removed);
                            reindex.extend(update.reindex);
                            println!(
                                "Rebuilt {} page{} in {} ms{}.",
                                update.pages,
                                if update.pages == 1 { "" } else { "s" },
                                started.elapsed().as_millis(),
                                if update.full { " (everything)" } else { "" }
                            );
                        }
                    }
                }
                if store.clear_errors() {
                    store.broadcast("ok", "{}");
                }
                store.broadcast("reload", "{}");
            }
            Err(diags) => {
                print_errors(root, &diags);
                store.set_errors(&diags);
                continue;
            }
        }
        drop(order);
        // Search indexes, from the state just applied; a newer change puts the rest off until
        // after its own rebuild.
        let site = shared
            .session
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(|s| s.site().clone());
        let Some(site) = site else { continue };
        // A language taken out of the site is not indexed again.
        reindex.retain(|lang| site.config.language_codes().any(|l| l == lang));
        // Chunks whose documents did not change come from the build cache's store.
        let chunks = crate::index::ChunkStore {
            dir: crate::cache::default_dir(root).join("index"),
            key: crate::cache::binary_key(),
            damaged: Default::default(),
        };
        // The chunk store is the build cache's: held as a build holds it, so that a `build`
        // of the same site and this never write it at once.
        let _cache_lock = crate::cache::lock(&crate::cache::default_dir(root), &|| {});
        while let Some(lang) = reindex.first().cloned() {
            if stale() {
                break;
            }
            reindex.remove(&lang);
            let built = pool
                .install(|| crate::index::build_language(&site, &lang, Some(&chunks)))
                .and_then(|files| spool_files(&spool, files).map_err(|e| vec![e]));
            match built {
                Ok(files) => {
                    let _order = shared.publish.lock().unwrap_or_else(|e| e.into_inner());
                    // The old index's files go, from the session and from what is served
                    // (after the new ones are in).
                    let gone = shared
                        .session
                        .write()
                        .unwrap_or_else(|e| e.into_inner())
                        .as_mut()
                        .map(|s| s.replace_index(&lang, &files))
                        .unwrap_or_default();
                    store.put(files);
                    store.remove(&gone);
                }
                // A server stopping refuses the files (its folder is gone): nothing to report.
                Err(_) if shared.stopping.load(Ordering::SeqCst) => break,
                Err(d) => print_errors(root, &d),
            }
        }
    }
}

/// Where the rebuilds keep what they make: the rendered bodies, and the files served.
struct Keep {
    bodies: BodyCache,
    spool: Arc<crate::output::spool::Spool>,
}

/// What a rebuild produced: changes to apply, or a first good build.
enum Built {
    Rebuilt(crate::pipeline::session::Rebuilt),
    Whole(Box<Session>),
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("wasm") => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Whether a request's `Host` names this machine (`localhost`, `127.0.0.1` or `[::1]`, any
/// port). A page on another site can make the browser send requests to 127.0.0.1 under its own
/// name (DNS rebinding) and read the answers, drafts included; those requests carry that
/// name and are refused.
fn local_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().map(|h| format!("[{h}]")),
        None => host.split(':').next().map(str::to_string),
    };
    matches!(
        name.as_deref().map(str::to_ascii_lowercase).as_deref(),
        Some("localhost" | "127.0.0.1" | "[::1]")
    )
}

fn respond(host: Option<&str>, url: &str, store: &Store) -> Reply {
    if !host.is_some_and(local_host) {
        return reply(
            421,
            "text/plain; charset=utf-8",
            b"vardguide serve answers requests for localhost and 127.0.0.1 only\n".to_vec(),
        );
    }
    let url = url.split(['?', '#']).next().unwrap_or("/").to_string();
    match url.as_str() {
        "/__vardguide/events" => return events(store),
        "/__vardguide/livereload.js" => {
            return reply(200, "text/javascript; charset=utf-8", LIVERELOAD.into());
        }
        "/__vardguide/overlay.css" => {
            return reply(200, "text/css; charset=utf-8", OVERLAY.into());
        }
        _ => {}
    }
    let decoded = percent_decode(url.trim_start_matches('/'));
    let mut path = decoded.clone();
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    let (status, path, spooled) = match store.get(&path) {
        Some(b) => (200, path, Some(b)),
        None => match store.get(&format!("{path}/index.html")) {
            Some(b) => (200, format!("{path}/index.html"), Some(b)),
            None => {
                let lang = decoded.split('/').next().unwrap_or_default();
                let nf = crate::graph::pages::PageId::NotFound(lang).file();
                match store.get(&nf).or_else(|| store.get("404.html")) {
                    Some(b) => (404, nf, Some(b)),
                    None => (404, "404.html".to_string(), None),
                }
            }
        },
    };
    let body = match spooled.map(|s| s.read()) {
        Some(Ok(bytes)) => bytes,
        Some(Err(e)) => {
            return reply(
                500,
                "text/plain; charset=utf-8",
                format!("vardguide serve cannot read the built file {path}: {e}\n").into_bytes(),
            );
        }
        None => error_page(store).into_bytes(),
    };
    let bytes: Vec<u8> = if path.ends_with(".html") {
        inject(&body)
    } else {
        body
    };
    reply(status, content_type(&path), bytes)
}

/// A reply with its content type, the site's security headers (the same list `_headers` and
/// the server configurations send, so a page that works under `serve` works when hosted) and
/// `no-store`, so that a reload always shows the latest build.
fn reply(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    Reply {
        status,
        headers: headers(content_type),
        body: ReplyBody::Bytes(body),
    }
}

fn headers(content_type: &str) -> Vec<(&'static str, String)> {
    std::iter::once(("Content-Type", content_type.to_string()))
        .chain(
            crate::render::headers::security_headers()
                .into_iter()
                .map(|(n, v)| (n, v.to_string())),
        )
        .chain(std::iter::once(("Cache-Control", "no-store".to_string())))
        .collect()
}

/// Adds the live-reload script to an HTML page.
fn inject(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.find("</head>") {
        Some(i) => format!("{}{INJECT}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{INJECT}").into_bytes(),
    }
}

/// The page shown when the very first build failed.
fn error_page(store: &Store) -> String {
    let errors = store
        .errors
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .unwrap_or_default();
    let text = html_escape::encode_text(&errors).into_owned();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>vardguide: build failed</title></head><body><h1>The site has errors</h1><p>Fix them and this page reloads.</p><pre>{text}</pre></body></html>"
    )
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A server-sent event stream: one per open tab, fed by [`Store::broadcast`].
fn events(store: &Store) -> Reply {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    if let Some(errors) = store
        .errors
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
    {
        let _ = tx.send(format!("event: errors\ndata: {errors}\n\n"));
    }
    store
        .clients
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(tx);
    Reply {
        status: 200,
        headers: headers("text/event-stream"),
        body: ReplyBody::Events(rx),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_machine_is_a_host() {
        for ok in [
            "localhost",
            "localhost:8000",
            "127.0.0.1:8000",
            "LOCALHOST",
            "[::1]:8000",
            "[::1]",
        ] {
            assert!(local_host(ok), "{ok}");
        }
        for no in [
            "evil.example",
            "evil.example:8000",
            "127.0.0.1.evil.example",
            "localhost.evil.example:8000",
            "[::2]:80",
            "",
        ] {
            assert!(!local_host(no), "{no}");
        }
    }
    use notify::event::{AccessKind, AccessMode, DataChange, ModifyKind};

    fn event(kind: EventKind, path: &str) -> notify::Result<notify::Event> {
        Ok(notify::Event::new(kind).add_path(PathBuf::from(path)))
    }

    /// Ensure files opened without end (a rebuild reading the site) do not hold a save back:
    /// the debounce ends while they still come, with the saved file and the change after it.
    #[test]
    fn opened_files_do_not_hold_a_save_back() {
        let (tx, rx) = channel();
        let opened = EventKind::Access(AccessKind::Open(AccessMode::Any));
        let changed = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        tx.send(event(changed, "content/articles/fever/sv.md"))
            .expect("send");
        tx.send(event(opened, "content/articles/cough/sv.md"))
            .expect("send");
        tx.send(event(changed, "content/articles/fever/en.md"))
            .expect("send");
        // Files opened every millisecond until the receiver is gone, or for a minute.
        let reader = std::thread::spawn(move || {
            let until = Instant::now() + Duration::from_secs(60);
            while Instant::now() < until
                && tx
                    .send(event(opened, "content/articles/cough/sv.md"))
                    .is_ok()
            {
                std::thread::sleep(Duration::from_millis(1));
            }
        });
        let (done, result) = channel();
        std::thread::spawn(move || {
            let first = changed_paths(rx.recv().expect("the first event"));
            let _ = done.send(debounce(first, &rx));
        });
        let paths = result
            .recv_timeout(Duration::from_secs(20))
            .expect("the debounce ended while files were still being opened");
        assert_eq!(
            paths,
            [
                PathBuf::from("content/articles/fever/sv.md"),
                PathBuf::from("content/articles/fever/en.md")
            ]
        );
        reader
            .join()
            .expect("the reader stops once the receiver is gone");
    }
}
