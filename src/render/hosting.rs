//! Server configurations written with the site, so that any plain static web server serves it
//! the way it was tested: nginx (a snippet and a complete server block), Apache (a `<Directory>`
//! configuration) and Caddy (a Caddyfile). Each sends the security headers from [`crate::render::headers`]
//! on every response (404s included), caches content-hashed assets for a year, serves the `.gz`
//! copies (and the assets' `.br`) with `Content-Encoding` and `Vary: Accept-Encoding`, and answers a missing
//! page with the 404 page of its language. The test suite runs each with the real server.

use crate::graph::files;
use crate::graph::pages::PageId;
use crate::render::headers::{IMMUTABLE, security_headers};

/// Where the example configurations expect the uploaded `public/` folder; change it to yours.
pub const EXAMPLE_ROOT: &str = "/var/www/vardguide";

/// `_nginx/security-headers.conf`: the headers and per-language 404 pages, to `include` in a
/// server block that already has `root` (it turns no compression on or off itself).
pub fn nginx_snippet(base_path: &str, langs: &[&str]) -> String {
    let mut out = String::from(
        "# Security headers and per-language 404 pages for a vardguide site. Include this file in the\n\
         # site's server block, after `root`:\n\
         #   include /path/to/public/_nginx/security-headers.conf;\n\
         # It sets no compression directives: `gzip_static on;` (and `brotli_static on;` with Debian's\n\
         # libnginx-mod-http-brotli-static) belong in the server block; see _nginx/vardguide.conf.\n",
    );
    let headers = |indent: &str| {
        let mut h = String::new();
        for (name, value) in security_headers() {
            h.push_str(&format!("{indent}add_header {name} \"{value}\" always;\n"));
        }
        // The same URL gives compressed or plain bytes depending on Accept-Encoding.
        h.push_str(&format!(
            "{indent}add_header Vary \"Accept-Encoding\" always;\n"
        ));
        h
    };
    out.push_str(&headers(""));
    out.push_str(&format!(
        "error_page 404 {base_path}{};\n",
        files::NOT_FOUND
    ));
    // A location with its own add_header does not inherit the server's, so each repeats them.
    let block = |location: &str, extra: &str| {
        format!("location ^~ {location} {{\n{extra}{}}}\n", headers("    "))
    };
    out.push_str(&block(
        &files::assets_url(base_path),
        &format!("    add_header Cache-Control \"{IMMUTABLE}\" always;\n"),
    ));
    for lang in langs {
        out.push_str(&block(
            &PageId::Home(lang).path(base_path),
            &format!(
                "    error_page 404 {};\n",
                PageId::NotFound(lang).path(base_path)
            ),
        ));
    }
    out
}

/// `_nginx/vardguide.conf`: a complete server block.
pub fn nginx_server(base_path: &str) -> String {
    let location = base_path.trim_end_matches('/');
    let root_line = if location.is_empty() {
        format!("    root {EXAMPLE_ROOT};\n")
    } else {
        // Under a sub-path the uploaded folder is served at that path.
        format!("    location {base_path} {{ alias {EXAMPLE_ROOT}/; }}\n")
    };
    let snippet = files::NGINX_HEADERS;
    format!(
        "# A complete nginx server block for a vardguide site (tested with Debian's nginx 1.22).\n\
         # Copy it to /etc/nginx/sites-enabled/, set server_name, the certificate and the path of\n\
         # the uploaded public/ folder, then run `nginx -t` and reload nginx.\n\
         # `brotli_static` needs Debian's libnginx-mod-http-brotli-static (apt-get install\n\
         # libnginx-mod-http-brotli-static); without it, delete that line and .gz copies are served.\n\
         server {{\n\
         \x20   # HTTP/2: the search page's parallel range requests share one connection.\n\
         \x20   listen 443 ssl http2;\n\
         \x20   listen [::]:443 ssl http2;\n\
         \x20   server_name health.example.org;\n\
         \x20   # ssl_certificate     /etc/ssl/certs/health.example.org.pem;\n\
         \x20   # ssl_certificate_key /etc/ssl/private/health.example.org.key;\n\
         {root_line}\
         \x20   index index.html;\n\
         \x20   gzip_static on;\n\
         \x20   brotli_static on;\n\
         \x20   include {EXAMPLE_ROOT}/{snippet};\n\
         }}\n"
    )
}

/// `_apache/vardguide.conf`: a `<Directory>` configuration for Apache 2.4 (mod_headers,
/// mod_rewrite, mod_mime).
pub fn apache(base_path: &str, langs: &[&str], default_lang: &str) -> String {
    let assets = files::assets_url(base_path);
    let mut out = format!(
        "# Apache 2.4 configuration for a vardguide site (tested with Debian's apache2 2.4).\n\
         # Needs mod_headers and mod_rewrite (a2enmod headers rewrite). Put it inside the site's\n\
         # <VirtualHost> (or include it there), with DocumentRoot set to the uploaded public/ folder.\n\
         DocumentRoot \"{EXAMPLE_ROOT}\"\n\
         <Directory \"{EXAMPLE_ROOT}\">\n\
         \x20   Options -Indexes +FollowSymLinks\n\
         \x20   AllowOverride None\n\
         \x20   Require all granted\n\
         \x20   DirectoryIndex index.html\n\
         \x20   AddType application/wasm .wasm\n\
         \x20   # The precompressed copies: foo.css.br is text/css with Content-Encoding br. Only the\n\
         \x20   # assets have .br copies; a page's .br left by an older version is never served.\n\
         \x20   RemoveType .gz .br\n\
         \x20   AddEncoding br .br\n\
         \x20   AddEncoding gzip .gz\n\
         \x20   RewriteEngine On\n\
         \x20   # A copy only for a client that takes its encoding (`gzip;q=0` refuses gzip).\n\
         \x20   RewriteCond \"%{{REQUEST_URI}}\" \"^{assets}\"\n\
         \x20   RewriteCond \"%{{HTTP:Accept-Encoding}}\" \"\\bbr\\b\"\n\
         \x20   RewriteCond \"%{{HTTP:Accept-Encoding}}\" \"!\\bbr\\s*;\\s*q=0(\\.0*)?\\s*(,|$)\"\n\
         \x20   RewriteCond \"%{{REQUEST_FILENAME}}\" -f\n\
         \x20   RewriteCond \"%{{REQUEST_FILENAME}}.br\" -f\n\
         \x20   RewriteRule \"^(.+)$\" \"$1.br\" [L]\n\
         \x20   RewriteCond \"%{{HTTP:Accept-Encoding}}\" \"\\bgzip\\b\"\n\
         \x20   RewriteCond \"%{{HTTP:Accept-Encoding}}\" \"!\\bgzip\\s*;\\s*q=0(\\.0*)?\\s*(,|$)\"\n\
         \x20   RewriteCond \"%{{REQUEST_FILENAME}}\" -f\n\
         \x20   RewriteCond \"%{{REQUEST_FILENAME}}.gz\" -f\n\
         \x20   RewriteRule \"^(.+)$\" \"$1.gz\" [L]\n\
         \x20   RewriteCond \"%{{HTTP:Accept-Encoding}}\" \"\\bgzip\\b\"\n\
         \x20   RewriteCond \"%{{HTTP:Accept-Encoding}}\" \"!\\bgzip\\s*;\\s*q=0(\\.0*)?\\s*(,|$)\"\n\
         \x20   RewriteCond \"%{{REQUEST_FILENAME}}\" -d\n\
         \x20   RewriteCond \"%{{REQUEST_FILENAME}}/index.html.gz\" -f\n\
         \x20   RewriteRule \"^(.*/)?$\" \"$1index.html.gz\" [L]\n\
         \x20   # Never compress the copies again.\n\
         \x20   <FilesMatch \"\\.(br|gz)$\">\n\
         \x20       SetEnv no-gzip 1\n\
         \x20       SetEnv no-brotli 1\n\
         \x20   </FilesMatch>\n\
         \x20   Header always merge Vary \"Accept-Encoding\"\n"
    );
    for (name, value) in security_headers() {
        out.push_str(&format!("    Header always set {name} \"{value}\"\n"));
    }
    out.push_str(&format!(
        "    <If \"%{{REQUEST_URI}} =~ m#^{assets}#\">\n        Header always set Cache-Control \"{IMMUTABLE}\"\n    </If>\n"
    ));
    out.push_str(&format!(
        "    ErrorDocument 404 {}\n",
        PageId::NotFound(default_lang).path(base_path)
    ));
    for lang in langs {
        let (home, not_found) = (
            PageId::Home(lang).path(base_path),
            PageId::NotFound(lang).path(base_path),
        );
        out.push_str(&format!(
            "    <If \"%{{REQUEST_URI}} =~ m#^{home}#\">\n        ErrorDocument 404 {not_found}\n    </If>\n"
        ));
    }
    out.push_str("</Directory>\n");
    out
}

/// `_caddy/Caddyfile`: a site block for Caddy 2.
pub fn caddy(base_path: &str, langs: &[&str], default_lang: &str) -> String {
    let mut out = format!(
        "# A Caddyfile for a vardguide site (tested with Debian's caddy 2.6). Replace the address and\n\
         # the root with yours; Caddy gets the certificate itself.\n\
         health.example.org {{\n\
         \x20   root * {EXAMPLE_ROOT}\n\
         \x20   header {{\n"
    );
    for (name, value) in security_headers() {
        out.push_str(&format!("        {name} \"{value}\"\n"));
    }
    out.push_str("        Vary Accept-Encoding\n    }\n");
    out.push_str(&format!(
        "    header {}* Cache-Control \"{IMMUTABLE}\"\n",
        files::assets_url(base_path)
    ));
    // Only the assets have `.br` copies: a page's `.br` left by an older version is never served.
    out.push_str(&format!(
        "    file_server {}* {{\n        precompressed br gzip\n    }}\n    file_server {{\n        precompressed gzip\n    }}\n",
        files::assets_url(base_path)
    ));
    out.push_str("    handle_errors {\n");
    for lang in langs {
        let (home, not_found) = (
            PageId::Home(lang).path(base_path),
            PageId::NotFound(lang).path(base_path),
        );
        out.push_str(&format!(
            "        @{lang} path {home}*\n        rewrite @{lang} {not_found}\n"
        ));
    }
    out.push_str(&format!(
        "        @other not path {}\n        rewrite @other {}\n        file_server {{\n            status {{err.status_code}}\n        }}\n    }}\n}}\n",
        langs
            .iter()
            .map(|l| format!("{}*", PageId::Home(l).path(base_path)))
            .collect::<Vec<_>>()
            .join(" "),
        PageId::NotFound(default_lang).path(base_path)
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nginx_snippet_carries_the_policy() {
        let n = nginx_snippet("/", &["sv", "ar"]);
        assert!(n.contains("location ^~ /ar/ {\n    error_page 404 /ar/404.html;"));
        assert!(
            !n.lines().any(|l| l.trim_start().starts_with("gzip_static")),
            "the snippet leaves compression to the server block"
        );
        assert!(n.contains("add_header Referrer-Policy \"no-referrer\" always;"));
        assert!(n.contains("location ^~ /assets/"));
    }
}
