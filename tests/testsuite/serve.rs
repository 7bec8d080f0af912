//! `vardguide serve` against a real server on 127.0.0.1: edits are served, errors keep the last
//! good build and reach the browser as events, and a port in use is a clear error.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{TestSite, article};

struct Server(Child, u16);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
        let _ = std::fs::remove_file(log_path(self.1));
    }
}

/// Where the server on `port` writes what it says (outside the site root, so that the watcher
/// never sees it).
fn log_path(port: u16) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("vardguide-serve-test-{port}.log"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("port")
}

/// The whole response to a GET of `path`, and its status.
fn request(port: u16, path: &str) -> Option<(u16, Vec<u8>)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut bytes = Vec::new();
    s.read_to_end(&mut bytes).ok()?;
    let head = String::from_utf8_lossy(bytes.get(..bytes.len().min(16))?).into_owned();
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, bytes))
}

/// A response that is text: its status and all of it.
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let (status, bytes) = request(port, path)?;
    Some((status, String::from_utf8(bytes).ok()?))
}

/// The body of an HTTP response (headers such as Date differ between requests).
fn body(response: &str) -> String {
    response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default()
}

fn start(site: &TestSite) -> Server {
    let port = free_port();
    let log = log_path(port);
    let child = Command::new(env!("CARGO_BIN_EXE_vardguide"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(site.root())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).expect("log file"))
        .spawn()
        .expect("start serve");
    let mut server = Server(child, port);
    // The first build of a debug binary on a busy machine can take a while: a long deadline, and
    // an early, explained failure when the server exits instead.
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if get(port, "/sv/").is_some_and(|(s, _)| s == 200) {
            return server;
        }
        if let Ok(Some(status)) = server.0.try_wait() {
            panic!(
                "vardguide serve exited with {status} before serving:\n{}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for the server to start:\n{}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn wait_for(mut ok: impl FnMut() -> bool, what: &str) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        if ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for {what}");
}

fn site() -> TestSite {
    TestSite::new()
        .article(
            "fever",
            "sv",
            &article("Feber", "slug: feber\n", "Första versionen.\n"),
        )
        .article(
            "cough",
            "sv",
            &article("Hosta", "slug: hosta\nrelated: [fever]\n", "Text.\n"),
        )
}

/// Ensure an edited article is served updated, with the pages that show it, live reload is
/// injected only in serve mode, and pages carry the security headers `_headers` lists.
#[test]
fn edit_is_served() {
    let site = site();
    let server = start(&site);
    let (_, page) = get(server.1, "/sv/feber/").expect("page");
    assert!(page.contains("Första versionen."));
    assert!(
        page.contains("/__vardguide/livereload.js"),
        "live reload injected"
    );
    site.build();
    assert!(
        !site.read("sv/feber/index.html").contains("livereload"),
        "never in build output"
    );
    // Only requests for this machine's names are answered (no DNS rebinding).
    let mut s = TcpStream::connect(("127.0.0.1", server.1)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    write!(
        s,
        "GET /sv/feber/ HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut answer = String::new();
    s.read_to_string(&mut answer).expect("read");
    assert!(answer.starts_with("HTTP/1.1 421"), "{answer}");
    assert!(!answer.contains("Första versionen."), "{answer}");
    // The same security headers as the built site's `_headers` lists for every page.
    let head: Vec<String> = page
        .split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .lines()
        .map(str::to_ascii_lowercase)
        .collect();
    let listed = site.read("_headers");
    let every_page: Vec<&str> = listed
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(str::trim)
        .collect();
    assert!(every_page.len() >= 7, "{listed}");
    for header in every_page {
        assert!(
            head.contains(&header.to_ascii_lowercase()),
            "serve does not send `{header}`:\n{}",
            head.join("\n")
        );
    }
    let _edited = site
        .edit(
            "content/articles/fever/sv.md",
            "title: Feber",
            "title: Feber hos vuxna",
        )
        .edit(
            "content/articles/fever/sv.md",
            "Första versionen.",
            "Andra versionen.",
        );
    let saved = Instant::now();
    wait_for(
        || get(server.1, "/sv/feber/").is_some_and(|(_, p)| p.contains("Andra versionen.")),
        "the edit to be served",
    );
    eprintln!("edit served after {} ms", saved.elapsed().as_millis());
    // The edited page is served first; the pages that show it follow in the background.
    wait_for(
        || get(server.1, "/sv/hosta/").is_some_and(|(_, p)| p.contains("Feber hos vuxna")),
        "pages that show the article to be re-rendered",
    );
    wait_for(
        || get(server.1, "/sv/a-o/").is_some_and(|(_, p)| p.contains("Feber hos vuxna")),
        "the A–Ö list to show the new title",
    );
}

/// Ensure edits that follow each other faster than a rebuild takes end in the last state: each
/// saved body is served on its own at once, a newer edit makes the running rebuild start over,
/// and the pages that show the article follow the last edit, never an earlier one.
#[test]
fn rapid_edits_end_in_the_last_state() {
    let site = site();
    let server = start(&site);
    let file = site.root().join("content/articles/fever/sv.md");
    let original = std::fs::read_to_string(&file).expect("article");
    for i in 1..=6 {
        let text = original
            .replace("title: Feber", &format!("title: Feber {i}"))
            .replace("Första versionen.", &format!("Version {i}."));
        std::fs::write(&file, text).expect("write");
        std::thread::sleep(Duration::from_millis(120));
    }
    wait_for(
        || get(server.1, "/sv/feber/").is_some_and(|(_, p)| p.contains("Version 6.")),
        "the last edit to be served",
    );
    wait_for(
        || get(server.1, "/sv/a-o/").is_some_and(|(_, p)| p.contains("Feber 6")),
        "the A–Ö list to show the last title",
    );
    wait_for(
        || get(server.1, "/sv/hosta/").is_some_and(|(_, p)| p.contains("Feber 6")),
        "the related article to show the last title",
    );
    // A body-only edit right after: served on its own, and the rest stays at the last title.
    let text = std::fs::read_to_string(&file)
        .expect("article")
        .replace("Version 6.", "Version 7.");
    std::fs::write(&file, text).expect("write");
    wait_for(
        || {
            get(server.1, "/sv/feber/")
                .is_some_and(|(_, p)| p.contains("Version 7.") && p.contains("Feber 6"))
        },
        "the body edit to be served",
    );
    let (_, a_o) = get(server.1, "/sv/a-o/").expect("A–Ö");
    assert!(a_o.contains("Feber 6") && !a_o.contains("Feber 5"));
}

/// Ensure an error keeps the last good build, is sent to the open tab with file and line, and clears when fixed.
#[test]
fn errors_keep_the_last_good_build() {
    let site = site();
    let server = start(&site);
    let mut events = TcpStream::connect(("127.0.0.1", server.1)).expect("events");
    events
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    write!(
        events,
        "GET /__vardguide/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .expect("request");
    let mut reader = BufReader::new(events);
    let good: std::collections::BTreeMap<&str, String> = ["/sv/hosta/", "/sv/a-o/", "/sitemap.xml"]
        .into_iter()
        .map(|p| (p, body(&get(server.1, p).expect("page").1)))
        .collect();
    let site = site.edit(
        "content/articles/fever/sv.md",
        "Första versionen.",
        "Första versionen.\n\n:::care urgnt\nx\n:::\n",
    );
    // A save can be seen half-written first, so wait for the event that names the real mistake.
    let data = next_event(&mut reader, "errors", |data| {
        data.contains("content/articles/fever/sv.md:12:9") && data.contains("unknown care level")
    });
    assert!(data.is_some(), "no errors event naming sv.md:12:9");
    let (status, page) = get(server.1, "/sv/feber/").expect("page");
    assert_eq!(status, 200);
    assert!(
        page.contains("Första versionen."),
        "the last good build is still served"
    );
    for path in ["/sv/hosta/", "/sv/a-o/", "/sitemap.xml"] {
        assert_eq!(
            get(server.1, path).map(|(_, p)| body(&p)),
            good.get(path).cloned(),
            "{path} is byte-identical to the last good build"
        );
    }
    let _site = site.edit(
        "content/articles/fever/sv.md",
        ":::care urgnt",
        ":::care urgent",
    );
    assert!(
        next_event(&mut reader, "ok", |_| true).is_some(),
        "the overlay is cleared"
    );
    wait_for(
        || get(server.1, "/sv/feber/").is_some_and(|(_, p)| p.contains("care--urgent")),
        "the fixed page",
    );
}

/// Ensure a slug change reaches every page that links to the article or lists it, and the old
/// URL is gone.
#[test]
fn slug_change_updates_links_and_lists() {
    let site = TestSite::new()
        .article(
            "fever",
            "sv",
            &article("Feber", "slug: feber\n", "Första versionen.\n"),
        )
        .article(
            "cough",
            "sv",
            &article("Hosta", "slug: hosta\n", "Läs om [feber](article:fever).\n"),
        );
    let server = start(&site);
    let (_, before) = get(server.1, "/sv/hosta/").expect("page");
    assert!(before.contains("href=\"/sv/feber/\""), "{before}");
    let _site = site.edit(
        "content/articles/fever/sv.md",
        "slug: feber",
        "slug: feber-hos-vuxna",
    );
    wait_for(
        || {
            get(server.1, "/sv/hosta/")
                .is_some_and(|(_, p)| p.contains("href=\"/sv/feber-hos-vuxna/\""))
        },
        "the link in another article's text to follow the new slug",
    );
    wait_for(
        || {
            get(server.1, "/sv/a-o/").is_some_and(|(_, p)| {
                p.contains("/sv/feber-hos-vuxna/") && !p.contains("/sv/feber/")
            })
        },
        "the A–Ö list to follow the new slug",
    );
    wait_for(
        || get(server.1, "/sv/feber/").is_some_and(|(s, _)| s == 404),
        "the old URL to be gone",
    );
}

/// Ensure editing a health centre's YAML updates its page, the finder data and its region page.
#[test]
fn clinic_edit_updates_its_pages() {
    let clinic = std::fs::read_to_string(
        crate::harness::repo().join("content/clinics/ekbrynet-farsta.yaml"),
    )
    .expect("clinic");
    let name = clinic
        .lines()
        .find_map(|l| l.strip_prefix("name: "))
        .expect("name")
        .trim_matches('"')
        .to_string();
    let site = site().file("content/clinics/ekbrynet-farsta.yaml", &clinic);
    let server = start(&site);
    let renamed = "Vårdcentralen Omdöpt";
    let _site = site.edit(
        "content/clinics/ekbrynet-farsta.yaml",
        &format!("name: {name}"),
        &format!("name: {renamed}"),
    );
    for path in [
        "/sv/clinics/ekbrynet-farsta/",
        "/sv/clinics/data.json",
        "/sv/regions/stockholm/",
        "/en/clinics/ekbrynet-farsta/",
    ] {
        wait_for(
            || get(server.1, path).is_some_and(|(_, p)| p.contains(renamed)),
            &format!("{path} to show the new name"),
        );
    }
}

/// Reads server-sent events until one named `name` whose data satisfies `want` arrives, or the
/// stream ends or times out (the socket's read timeout).
fn next_event(
    reader: &mut BufReader<TcpStream>,
    name: &str,
    want: impl Fn(&str) -> bool,
) -> Option<String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut current = String::new();
    let mut line = String::new();
    while Instant::now() < deadline {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return None;
        }
        let text = line.trim_end();
        if let Some(event) = text.strip_prefix("event: ") {
            current = event.to_string();
        } else if let Some(data) = text.strip_prefix("data:")
            && current == name
            && want(data.trim_start())
        {
            return Some(data.trim_start().to_string());
        }
    }
    None
}

/// Ensure a port in use gives a clear error and a non-zero exit.
#[test]
fn port_in_use() {
    let site = site();
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let out = Command::new(env!("CARGO_BIN_EXE_vardguide"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(site.root())
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("choose another with --port"));
}

/// Ensure the quick path of `serve` renders a saved article alone only when its body is all that
/// changed and has no errors, and then exactly as the full pipeline renders it.
#[test]
fn quick_article_only_for_clean_body_edits() {
    let site = site();
    let options = vardguide::pipeline::BuildOptions {
        root: site.root().to_path_buf(),
        out: site.out(),
        drafts: true,
        base_url: None,
        precompress: false,
        cache: None,
    };
    let session = vardguide::pipeline::session::Session::build(options.clone()).expect("build");
    let site = site.edit(
        "content/articles/fever/sv.md",
        "Första versionen.",
        "Andra versionen, med [en länk](article:cough).",
    );
    let quick = session
        .quick_article("fever", "sv")
        .expect("a body edit is quick");
    let full = vardguide::pipeline::session::Session::build(options.clone()).expect("build");
    let (path, bytes) = &quick[0];
    let expected = full
        .files()
        .find(|(p, _)| p == path)
        .expect("the page")
        .1
        .read()
        .expect("the page's bytes");
    assert!(
        *bytes == expected,
        "{path}: the quick page equals the full build's"
    );
    assert!(String::from_utf8_lossy(bytes).contains("Andra versionen"));

    let site = site.edit(
        "content/articles/fever/sv.md",
        "(article:cough)",
        "(article:nothing)",
    );
    assert!(
        session.quick_article("fever", "sv").is_none(),
        "a broken link waits for the full check"
    );
    let site = site.edit(
        "content/articles/fever/sv.md",
        "(article:nothing)",
        "(article:cough)",
    );
    assert!(session.quick_article("fever", "sv").is_some());
    let _site = site.edit(
        "content/articles/fever/sv.md",
        "title: Feber",
        "title: Feber hos vuxna",
    );
    assert!(
        session.quick_article("fever", "sv").is_none(),
        "a new title changes other pages too"
    );
}

/// Ensure a session's rebuilds leave it with the same files as a new session built from the
/// same sources, the sitemap and the finder data included, after changes to what those are
/// made from: a slug, a health centre, a new article and a deleted one.
#[test]
fn session_rebuilds_equal_fresh_sessions() {
    use vardguide::pipeline::session::Session;
    let clinic = std::fs::read_to_string(
        crate::harness::repo().join("content/clinics/ekbrynet-farsta.yaml"),
    )
    .expect("clinic");
    let site = site().file("content/clinics/ekbrynet-farsta.yaml", &clinic);
    let options = vardguide::pipeline::BuildOptions {
        root: site.root().to_path_buf(),
        out: site.out(),
        drafts: false,
        base_url: None,
        precompress: false,
        cache: None,
    };
    let mut session = Session::build(options.clone()).expect("build");
    let mut bodies = vardguide::cache::BodyCache::default();
    let mut step = |session: &mut Session, what: &str| {
        let rebuilt = session
            .rebuild(&mut bodies, &[], &|_| {}, &|| false)
            .expect("rebuild")
            .expect("not cancelled");
        session.apply(rebuilt);
        let fresh = Session::build(options.clone()).expect("build");
        // The search indexes are built again apart from a rebuild (`Update::reindex`).
        let files = |s: &Session| -> Vec<(String, Vec<u8>)> {
            s.files()
                .filter(|(p, _)| !p.contains("/search/") || p.ends_with(".html"))
                .map(|(p, b)| (p.to_string(), b.read().expect("the file's bytes")))
                .collect()
        };
        let (kept, new) = (files(session), files(&fresh));
        let names = |f: &[(String, Vec<u8>)]| -> std::collections::BTreeSet<String> {
            f.iter().map(|(p, _)| p.clone()).collect()
        };
        let (a, b) = (names(&kept), names(&new));
        assert!(
            a == b,
            "{what}: only kept {:?}, only new {:?}",
            a.difference(&b).collect::<Vec<_>>(),
            b.difference(&a).collect::<Vec<_>>()
        );
        for ((path, a), (_, b)) in kept.iter().zip(&new) {
            assert!(a == b, "{what}: {path} differs from a new session's");
        }
    };
    let site = site.edit(
        "content/articles/fever/sv.md",
        "slug: feber",
        "slug: feber-vuxna",
    );
    step(&mut session, "a slug");
    let name = clinic
        .lines()
        .find_map(|l| l.strip_prefix("name: "))
        .expect("name")
        .to_string();
    let site = site.edit(
        "content/clinics/ekbrynet-farsta.yaml",
        &format!("name: {name}"),
        "name: Vårdcentralen Omdöpt",
    );
    step(&mut session, "a health centre");
    let site = site.article("rash", "en", &article("Rash", "", "Text.\n"));
    step(&mut session, "a new article");
    std::fs::remove_dir_all(site.root().join("content/articles/rash")).expect("delete");
    step(&mut session, "a deleted article");
}

/// The number of threads of process `pid`.
fn threads(pid: u32) -> usize {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("Threads:"))
                .and_then(|n| n.trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Ensure `serve` stays bounded whatever clients do: 1,000 connections that never send a request
/// cost no thread each and are closed after the header timeout, so normal requests are answered
/// again; a 1 MB URL is refused with 431 without being read into memory whole.
#[test]
fn idle_connections_and_huge_urls_are_bounded() {
    let site = site();
    let server = start(&site);
    let port = server.1;
    let pid = server.0.id();
    let before = threads(pid);
    let idle: Vec<TcpStream> = (0..1000)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", port)).ok())
        .collect();
    assert!(idle.len() >= 900, "connections made: {}", idle.len());
    // The server has taken them in once it holds hundreds of sockets (it keeps at most a few
    // hundred and closes the rest at once).
    let sockets = || std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, |d| d.count());
    wait_for(|| sockets() >= 400, "the server to take the connections in");
    let during = threads(pid);
    assert!(
        during <= before + 4,
        "idle connections cost threads: {before} before, {during} with 1,000 open"
    );
    wait_for(
        || get(port, "/sv/").is_some_and(|(s, _)| s == 200),
        "a page while 1,000 idle connections are open",
    );

    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let url = format!("/{}", "a".repeat(1 << 20));
    // The server may close the connection before the whole request is written.
    let _ = write!(
        s,
        "GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    );
    let mut text = String::new();
    let _ = s.read_to_string(&mut text);
    assert!(
        text.starts_with("HTTP/1.1 431"),
        "a 1 MB URL is refused: {}",
        text.lines().next().unwrap_or("(connection closed)")
    );
    drop(idle);
    assert!(
        get(port, "/sv/").is_some_and(|(s, _)| s == 200),
        "still serving"
    );
}

/// The spool folders in a site's cache folder.
fn spools(site: &TestSite) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(site.root().join(".vardguide-cache"))
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with("serve-"))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// The files a served search index's manifest lists.
fn index_files(port: u16, lang: &str) -> Vec<String> {
    let Some((200, response)) = get(port, &format!("/{lang}/search/manifest.json")) else {
        return Vec::new();
    };
    let manifest: serde_json::Value = serde_json::from_str(&body(&response)).expect("manifest");
    manifest["files"]
        .as_object()
        .expect("the manifest's files")
        .keys()
        .cloned()
        .collect()
}

/// Ensure `serve` keeps the pages it shows on disk, in one folder of the cache folder: the
/// files of a search index built again replace the old index's, which are gone; the folder
/// goes when the server is stopped with Ctrl-C, and one a killed server left is removed by the
/// next. (Unix: Ctrl-C is sent with `kill`.)
#[cfg(unix)]
#[test]
fn pages_are_kept_on_disk_and_removed_with_the_server() {
    let site = site();
    let abandoned = site.root().join(".vardguide-cache/serve-killed");
    std::fs::create_dir_all(&abandoned).expect("abandoned folder");
    std::fs::write(abandoned.join("lock"), b"").expect("its lock file");
    std::fs::write(abandoned.join("0.seg"), b"a page of a killed serve").expect("its pages");

    let mut server = start(&site);
    let found = spools(&site);
    assert!(
        found.len() == 1 && found[0] != abandoned,
        "one spool folder, the abandoned one removed: {found:?}"
    );
    let folder = found[0].clone();
    let spooled: u64 = walkdir::WalkDir::new(&folder)
        .into_iter()
        .flatten()
        .filter(|f| f.file_name().to_string_lossy().ends_with(".seg"))
        .map(|f| f.metadata().map_or(0, |m| m.len()))
        .sum();
    let (_, page) = get(server.1, "/sv/feber/").expect("page");
    assert!(page.contains("Första versionen."));
    assert!(
        spooled >= body(&page).len() as u64 * 10,
        "{spooled} bytes spooled"
    );

    let before = index_files(server.1, "sv");
    assert!(before.len() > 1, "{before:?}");
    let _site = site.edit(
        "content/articles/fever/sv.md",
        "Första versionen.",
        "Andra versionen, med nya ord: halsfluss.",
    );
    wait_for(
        || get(server.1, "/sv/feber/").is_some_and(|(_, p)| p.contains("Andra versionen")),
        "the edit to be served",
    );
    wait_for(
        || {
            let now = index_files(server.1, "sv");
            !now.is_empty() && now != before
        },
        "the search index to be built again",
    );
    let now = index_files(server.1, "sv");
    for file in &now {
        let status = request(server.1, &format!("/sv/search/{file}")).map(|(s, _)| s);
        assert_eq!(status, Some(200), "the new index's {file}");
    }
    assert!(
        before.iter().any(|f| !now.contains(f)),
        "{before:?} {now:?}"
    );
    for file in before.iter().filter(|f| !now.contains(f)) {
        let status = request(server.1, &format!("/sv/search/{file}")).map(|(s, _)| s);
        assert_eq!(status, Some(404), "the old index's {file} is gone");
    }

    let pid = server.0.id().to_string();
    let status = Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(60);
    while server.0.try_wait().expect("wait").is_none() {
        assert!(Instant::now() < deadline, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        spools(&_site).is_empty(),
        "the spool folder is removed when the server stops: {:?}",
        spools(&_site)
    );
}

/// Ensure a language taken out of site.yaml while `serve` runs goes from what it serves: its
/// pages and its search index.
#[test]
fn a_removed_language_is_no_longer_served() {
    let site = site();
    let server = start(&site);
    let mut finnish: Vec<String> = index_files(server.1, "fi")
        .into_iter()
        .map(|f| format!("/fi/search/{f}"))
        .collect();
    assert!(!finnish.is_empty(), "the Finnish index is served");
    finnish.push("/fi/search/manifest.json".to_string());
    let _site = site.edit(
        "site.yaml",
        "  - code: fi\n    name: Suomi\n    dir: ltr\n    search: {stemmer: finnish, normalise: [keep-nordic-letters]}\n",
        "",
    );
    wait_for(
        || get(server.1, "/fi/").is_some_and(|(s, _)| s == 404),
        "the Finnish pages to go",
    );
    wait_for(
        || {
            finnish
                .iter()
                .all(|path| request(server.1, path).is_some_and(|(s, _)| s == 404))
        },
        "the Finnish search index to go",
    );
    assert!(get(server.1, "/sv/").is_some_and(|(s, _)| s == 200));
}
