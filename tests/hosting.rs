//! The bundled site served by the real servers it ships configurations for: nginx, Apache and
//! Caddy (Debian's packages, installed by `bash .ci/run`). Each configuration written into the
//! output is checked by its server (`nginx -t`, `apache2 -t`, `caddy validate`), then the server
//! runs on 127.0.0.1 and real requests check the security headers (HTML, assets, the search
//! module, 404s), caching of hashed assets, `application/wasm`, range requests, the `.br` and
//! `.gz` copies, per-language 404 pages and the redirect of a folder URL without its slash.
//! The servers are stopped when a test ends, whatever happens. Set VARDGUIDE_SKIP_HOSTING=1 on a
//! machine without the servers.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A page's stale `.br` copy in the served site (no request but `no_stale_br`'s asks for it with
/// brotli accepted).
const STALE_BR: &str = "en/index.html.br";

/// The bundled site built once, readable by the servers' unprivileged workers.
fn site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &SITE
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("tempdir");
            let out = dir.path().join("public");
            let status = Command::new(env!("CARGO_BIN_EXE_vardguide"))
                .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--out"])
                .arg(&out)
                .stdout(Stdio::null())
                .status()
                .expect("run vardguide");
            assert!(status.success(), "the bundled site builds");
            // A page's `.br` left on the server by a version that still wrote them, older than
            // the page: Apache and Caddy must send the page's `.gz` instead (see `no_stale_br`).
            std::fs::write(out.join(STALE_BR), b"stale brotli copy").expect("stale copy");
            let chmod = Command::new("chmod")
                .args(["-R", "a+rX"])
                .arg(dir.path())
                .status()
                .expect("chmod");
            assert!(chmod.success());
            (dir, out)
        })
        .1
}

fn skip() -> bool {
    let skip = std::env::var_os("VARDGUIDE_SKIP_HOSTING").is_some();
    if skip {
        eprintln!("hosting test skipped: VARDGUIDE_SKIP_HOSTING is set");
    }
    skip
}

fn need(program: &str) {
    assert!(
        Command::new("sh")
            .args(["-c", &format!("command -v {program}")])
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success()),
        "{program} not found: run `bash .ci/run` (it installs nginx, apache2 and caddy), or set VARDGUIDE_SKIP_HOSTING=1"
    );
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("port")
}

/// A running server, stopped with SIGTERM (so nginx's and Apache's workers go too) on drop.
struct Server {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(mut command: Command, port: u16, log: PathBuf) -> Server {
        let child = command
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log"))
            .spawn()
            .expect("start the server");
        let mut server = Server { child, port, log };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!(
                    "the server exited with {status}:\n{}",
                    std::fs::read_to_string(&server.log).unwrap_or_default()
                );
            }
            assert!(Instant::now() < deadline, "the server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn all(&self, name: &str) -> String {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn get(port: u16, path: &str, extra: &[(&str, &str)]) -> Response {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (n, v) in extra {
        req.push_str(&format!("{n}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers end");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .expect("status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    if chunked {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 2 + size + 2..];
    }
    out
}

/// The path below `assets/` of the file in `folder` matching a prefix and extension.
fn asset(folder: &str, prefix: &str, ext: &str) -> String {
    std::fs::read_dir(site().join("assets").join(folder))
        .expect("assets")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with(prefix) && n.ends_with(ext))
        .map(|n| {
            if folder.is_empty() {
                n
            } else {
                format!("{folder}/{n}")
            }
        })
        .unwrap_or_else(|| panic!("no asset {folder}/{prefix}*{ext}"))
}

/// Every check a server must pass, the same for all three.
fn check_server(server: &Server) {
    let port = server.port;
    let security = [
        "Content-Security-Policy",
        "Strict-Transport-Security",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
    ];
    let expected: Vec<(String, String)> = vardguide::render::headers::security_headers()
        .into_iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    let wasm = asset("search", "vardguide-search", ".wasm");
    let css = asset("", "style", ".css");
    for path in [
        "/sv/".to_string(),
        format!("/assets/{css}"),
        format!("/assets/{wasm}"),
        "/ar/no-such-page/".to_string(),
        "/no-such-page".to_string(),
    ] {
        let r = get(port, &path, &[]);
        for name in security {
            let want = expected
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str());
            assert_eq!(r.header(name), want, "{name} on {path}");
        }
    }
    // The page, and folder URLs without the slash.
    let page = get(port, "/sv/", &[]);
    assert_eq!(page.status, 200);
    assert!(
        page.header("Content-Type")
            .unwrap_or("")
            .starts_with("text/html")
    );
    let redirect = get(port, "/sv", &[]);
    assert!(
        matches!(redirect.status, 301 | 308),
        "folder without slash: {}",
        redirect.status
    );
    assert!(redirect.header("Location").unwrap_or("").ends_with("/sv/"));
    // Hashed assets are cached for a year; the search module is application/wasm.
    let style = get(port, &format!("/assets/{css}"), &[]);
    assert_eq!(
        style.header("Cache-Control"),
        Some("public, max-age=31536000, immutable")
    );
    let module = get(port, &format!("/assets/{wasm}"), &[]);
    assert_eq!(module.header("Content-Type"), Some("application/wasm"));
    // Per-language 404 pages with status 404.
    for (path, lang) in [
        ("/ar/no-such-page/", "ar"),
        ("/fi/ei-ole/", "fi"),
        ("/nope", "sv"),
    ] {
        let r = get(port, path, &[]);
        assert_eq!(r.status, 404, "{path}");
        let body = String::from_utf8_lossy(&r.body);
        assert!(
            body.contains(&format!("<html lang=\"{lang}\"")),
            "{path} answers with the {lang} 404 page"
        );
    }
    // Precompressed copies with the original type, Content-Encoding and Vary. A browser asks
    // for both: pages have only a `.gz`, assets a `.br` as well, which wins.
    let css_path = format!("/assets/{css}");
    let browser = "gzip, deflate, br, zstd";
    for (accept, path, encoding, ext) in [
        (browser, "/sv/", "gzip", "gz"),
        (browser, "/sv/a-o/index.html", "gzip", "gz"),
        (browser, css_path.as_str(), "br", "br"),
        ("gzip", "/sv/", "gzip", "gz"),
        ("gzip", css_path.as_str(), "gzip", "gz"),
    ] {
        let r = get(port, path, &[("Accept-Encoding", accept)]);
        assert_eq!(r.status, 200, "{path} {accept}");
        assert_eq!(
            r.header("Content-Encoding"),
            Some(encoding),
            "{path} {accept}"
        );
        assert!(r.all("Vary").contains("Accept-Encoding"), "{path} Vary");
        let file = if path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        let on_disk = std::fs::read(site().join(format!("{}.{ext}", &file[1..])))
            .expect("precompressed copy");
        assert_eq!(r.body, on_disk, "{path}: the build's .{ext} copy");
        let kind = r.header("Content-Type").unwrap_or("");
        assert!(
            kind.starts_with(if file.ends_with(".css") {
                "text/css"
            } else {
                "text/html"
            }),
            "{path}: {kind}"
        );
    }
    let plain = get(port, "/sv/", &[]);
    assert_eq!(
        plain.header("Content-Encoding"),
        None,
        "no encoding unless asked"
    );
    // A client that refuses an encoding (`q=0`) does not get it.
    for (accept, path) in [
        ("gzip;q=0, br;q=0", "/sv/"),
        ("br;q=0, gzip; q=0.0", css_path.as_str()),
        ("br;q=0, gzip", css_path.as_str()),
    ] {
        let r = get(port, path, &[("Accept-Encoding", accept)]);
        assert_eq!(r.status, 200, "{path} {accept}");
        let expected = accept.ends_with(", gzip").then_some("gzip");
        assert_eq!(
            r.header("Content-Encoding"),
            expected,
            "{path} to a client that sends {accept}"
        );
    }
    let only_br = get(port, "/sv/", &[("Accept-Encoding", "br")]);
    assert_eq!(only_br.status, 200);
    assert_eq!(
        only_br.header("Content-Encoding"),
        None,
        "a page to a client that takes only brotli: the page itself, not its .gz"
    );
    // Range requests: a slice, and a suffix.
    let index = std::fs::read_dir(site().join("sv/search"))
        .expect("index")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".idx"))
        .expect("an index file");
    let bytes = std::fs::read(site().join("sv/search").join(&index)).expect("read");
    let part = get(
        port,
        &format!("/sv/search/{index}"),
        &[("Range", "bytes=10-109")],
    );
    assert_eq!(part.status, 206);
    assert_eq!(part.body, bytes[10..110]);
    let tail = get(
        port,
        &format!("/sv/search/{index}"),
        &[("Range", "bytes=-50")],
    );
    assert_eq!(tail.status, 206);
    assert_eq!(tail.body, bytes[bytes.len() - 50..]);
    // Several ranges in one request, as the search worker asks for a round's ranges of one file:
    // one multipart/byteranges response that holds each of them.
    assert!(bytes.len() > 1000, "{index} is large enough for two ranges");
    let far = bytes.len() - 100;
    let parts = get(
        port,
        &format!("/sv/search/{index}"),
        &[("Range", &format!("bytes=10-109,{far}-{}", far + 49))],
    );
    assert_eq!(parts.status, 206);
    assert!(
        parts
            .header("Content-Type")
            .is_some_and(|t| t.starts_with("multipart/byteranges")),
        "several ranges come back as multipart/byteranges: {:?}",
        parts.header("Content-Type")
    );
    for (start, len) in [(10, 100), (far, 50)] {
        let slice = &bytes[start..start + len];
        assert!(
            parts.body.windows(len).any(|w| w == slice),
            "the multipart response holds bytes {start}..{}",
            start + len
        );
    }
}

/// The values of `attr="…"` in `html`, unescaped.
fn attributes(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.split(&needle)
        .skip(1)
        .filter_map(|s| s.split_once('"').map(|(v, _)| v.replace("&amp;", "&")))
        .collect()
}

/// Every internal link and source of every page, requested through the server: each answers
/// 200, and each fragment names an element of the page it points into.
fn check_links(server: &Server) {
    let root = site();
    let mut targets: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for e in walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        let rel = e
            .path()
            .strip_prefix(root)
            .expect("prefix")
            .to_string_lossy()
            .into_owned();
        let page = format!("/{rel}");
        let folder = &page[..=page.rfind('/').unwrap_or(0)];
        let html = std::fs::read_to_string(e.path()).expect("read");
        for link in attributes(&html, "href")
            .into_iter()
            .chain(attributes(&html, "src"))
        {
            if link.contains(':') || link.starts_with("//") {
                continue; // another site, tel:, mailto:
            }
            let absolute = if link.starts_with('/') {
                link.clone()
            } else if link.starts_with('#') {
                format!("{page}{link}")
            } else {
                format!("{folder}{link}")
            };
            let (path, fragment) = match absolute.split_once('#') {
                Some((p, f)) => (p.to_string(), f.to_string()),
                None => (absolute, String::new()),
            };
            let path = path.split('?').next().unwrap_or_default().to_string();
            targets.entry(path).or_default().push(fragment);
        }
    }
    assert!(targets.len() > 500, "only {} link targets", targets.len());
    let mut problems = Vec::new();
    for (path, fragments) in &targets {
        let r = get(server.port, path, &[]);
        if r.status != 200 {
            problems.push(format!("{path}: {}", r.status));
            continue;
        }
        let body = String::from_utf8_lossy(&r.body);
        for f in fragments.iter().filter(|f| !f.is_empty()) {
            if !body.contains(&format!("id=\"{f}\"")) {
                problems.push(format!("{path}#{f}: no element with that id"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "broken links through the server:\n{}",
        problems.join("\n")
    );
}

/// Runs `command` (a server's check of its configuration, `nginx -t`, …) and fails with what it
/// wrote unless it succeeds.
fn succeeds(mut check: Command, what: &str) {
    let out = check.output().expect(what);
    assert!(
        out.status.success(),
        "{what}:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Ensure a server whose configuration takes `.br` copies from the assets only sends a browser a
/// page's `.gz`, not a stale `.br` an older version left beside it. (nginx's `brotli_static`
/// cannot be limited so; docs/hosting.md says to remove such copies when upgrading.)
fn no_stale_br(server: &Server) {
    let r = get(
        server.port,
        "/en/",
        &[("Accept-Encoding", "gzip, deflate, br, zstd")],
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("Content-Encoding"), Some("gzip"), "/en/");
    let gz = std::fs::read(site().join("en/index.html.gz")).expect("the page's .gz");
    assert_eq!(r.body, gz, "/en/ is the page's .gz, not {STALE_BR}");
}

/// A server's configuration file: the shipped one with the test's root, port and paths.
fn shipped(path: &str) -> String {
    std::fs::read_to_string(site().join(path))
        .expect("shipped configuration")
        .replace(
            vardguide::render::hosting::EXAMPLE_ROOT,
            &site().to_string_lossy(),
        )
}

/// Ensure nginx accepts the shipped server block and snippet (`nginx -t`) and serves the site as
/// tested, with no broken internal link or fragment anywhere in the served site.
#[test]
fn nginx() {
    if skip() {
        return;
    }
    need("nginx");
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let shipped_block = shipped("_nginx/vardguide.conf");
    let server_block = shipped_block
        .replace(
            "listen 443 ssl http2;",
            &format!("listen 127.0.0.1:{port};"),
        )
        .replace("    listen [::]:443 ssl http2;\n", "");
    // The shipped block as it is, TLS and HTTP/2 included, with a throwaway certificate.
    let tls_port = free_port();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let mut make_cert = Command::new("openssl");
    make_cert
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args(["-subj", "/CN=127.0.0.1", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert);
    succeeds(make_cert, "openssl req");
    let tls_block = shipped_block
        .replace(
            "listen 443 ssl http2;",
            &format!("listen 127.0.0.1:{tls_port} ssl http2;"),
        )
        .replace("    listen [::]:443 ssl http2;\n", "")
        .replace(
            "# ssl_certificate     /etc/ssl/certs/health.example.org.pem;",
            &format!("ssl_certificate {};", cert.display()),
        )
        .replace(
            "# ssl_certificate_key /etc/ssl/private/health.example.org.key;",
            &format!("ssl_certificate_key {};", key.display()),
        );
    let server_block = format!("{server_block}{tls_block}");
    let conf = dir.path().join("nginx.conf");
    std::fs::write(
        &conf,
        format!(
            "daemon off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
             include /etc/nginx/modules-enabled/*.conf;\nevents {{}}\nhttp {{\n\
             include /etc/nginx/mime.types;\ndefault_type application/octet-stream;\naccess_log off;\n\
             client_body_temp_path {d}/body;\nproxy_temp_path {d}/proxy;\nfastcgi_temp_path {d}/fastcgi;\n\
             uwsgi_temp_path {d}/uwsgi;\nscgi_temp_path {d}/scgi;\n{server_block}}}\n",
            d = dir.path().display()
        ),
    )
    .expect("write");
    let mut test = Command::new("nginx");
    test.args(["-t", "-c"]).arg(&conf);
    succeeds(test, "nginx -t");
    let mut command = Command::new("nginx");
    command.arg("-c").arg(&conf);
    let server = Server::start(command, port, dir.path().join("stderr.log"));
    check_server(&server);
    check_links(&server);
    // Over TLS the shipped block speaks HTTP/2 and serves the precompressed copies there too.
    need("curl");
    let page = Command::new("curl")
        .args([
            "--silent",
            "--insecure",
            "--http2",
            "--compressed",
            "--output",
            "/dev/null",
        ])
        .args(["--write-out", "%{http_version} %{http_code}"])
        .arg(format!("https://127.0.0.1:{tls_port}/sv/"))
        .output()
        .expect("curl");
    assert_eq!(
        String::from_utf8_lossy(&page.stdout),
        "2 200",
        "HTTP/2 over TLS with the shipped block: {}",
        String::from_utf8_lossy(&page.stderr)
    );
}

/// Ensure Apache accepts the shipped configuration (`apache2 -t`) and serves the site as tested.
#[test]
fn apache() {
    if skip() {
        return;
    }
    need("apache2");
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let modules: String = [
        "mpm_event",
        "authz_core",
        "mime",
        "dir",
        "headers",
        "rewrite",
        "env",
        "setenvif",
    ]
    .iter()
    .map(|m| format!("LoadModule {m}_module /usr/lib/apache2/modules/mod_{m}.so\n"))
    .collect();
    let conf = dir.path().join("httpd.conf");
    std::fs::write(
        &conf,
        format!(
            "ServerRoot {d}\n{modules}Listen 127.0.0.1:{port}\nServerName 127.0.0.1\n\
             PidFile {d}/httpd.pid\nErrorLog {d}/error.log\nTypesConfig /etc/mime.types\n\
             User www-data\nGroup www-data\n{}",
            shipped("_apache/vardguide.conf"),
            d = dir.path().display()
        ),
    )
    .expect("write");
    let mut test = Command::new("apache2");
    test.args(["-t", "-f"]).arg(&conf);
    succeeds(test, "apache2 -t");
    let mut command = Command::new("apache2");
    command.arg("-f").arg(&conf).arg("-DFOREGROUND");
    let server = Server::start(command, port, dir.path().join("stderr.log"));
    check_server(&server);
    no_stale_br(&server);
}

/// Ensure Caddy accepts the shipped Caddyfile (`caddy validate`) and serves the site as tested.
#[test]
fn caddy() {
    if skip() {
        return;
    }
    need("caddy");
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let conf = dir.path().join("Caddyfile");
    std::fs::write(
        &conf,
        format!(
            "{{\n\tadmin off\n}}\n{}",
            shipped("_caddy/Caddyfile").replace(
                "health.example.org {",
                &format!("http://127.0.0.1:{port} {{")
            )
        ),
    )
    .expect("write");
    let caddy = |args: &[&str]| {
        let mut c = Command::new("caddy");
        c.args(args)
            .arg("--config")
            .arg(&conf)
            .args(["--adapter", "caddyfile"])
            .env("HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path());
        c
    };
    succeeds(caddy(&["validate"]), "caddy validate");
    let server = Server::start(caddy(&["run"]), port, dir.path().join("stderr.log"));
    check_server(&server);
    no_stale_br(&server);
}
