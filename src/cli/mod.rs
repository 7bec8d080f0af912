//! The `vardguide` command line: parses the arguments and runs one function per command, each in
//! its own file; prints diagnostics with the offending source line. The binary (`main.rs`) only
//! calls [`main`].

mod build;
mod check;
pub mod new;
mod review;
mod search;
pub mod serve;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::base::diagnostics::Diagnostic;

#[derive(Parser)]
#[command(
    name = "vardguide",
    version,
    about = "Build a multilingual public health portal as a static site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into a folder any static web server can serve.
    #[command(
        after_help = "Examples:\n  vardguide build\n  vardguide build --root my-site --out /tmp/site\n  vardguide build --base-url https://example.org/health/ --drafts"
    )]
    Build(build::Args),
    /// Build the site in memory and serve it on 127.0.0.1 with live reload.
    #[command(
        after_help = "Examples:\n  vardguide serve\n  vardguide serve --port 8080 --root my-site"
    )]
    Serve {
        /// The site's root folder (where site.yaml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port on 127.0.0.1 to serve on.
        #[arg(long, default_value_t = 8000)]
        port: u16,
    },
    /// Search a built site's index the way the browser does (for editors and tests).
    #[command(
        after_help = "Examples:\n  vardguide search --lang sv \"ont i halsen\"\n  vardguide search --lang en fevr --json"
    )]
    Search(search::Args),
    /// Check the site and print an editorial report; writes nothing.
    #[command(
        after_help = "Examples:\n  vardguide check\n  vardguide check --format json > report.json\n  vardguide check --strict --review-window-days 90"
    )]
    Check(check::Args),
    /// Record a medical review of an article version: the reviewer, the day and what the
    /// review covered (a hash of the title, summary and body), so that `check` notices any later
    /// change. For a translation, also the source text it was checked against.
    #[command(
        after_help = "Examples:\n  vardguide review fever-children --by \"Johan Berglund\" --role Barnläkare\n  vardguide review fever-children --lang ar --by \"Ali Haddad\" --role \"طبيب أطفال\""
    )]
    Review(review::Args),
    /// Create new content from a template.
    New {
        #[command(subcommand)]
        what: NewWhat,
    },
}

#[derive(Subcommand)]
enum NewWhat {
    /// Scaffold content/articles/<key>/<lang>.md (never overwrites).
    #[command(
        after_help = "Examples:\n  vardguide new article sunburn\n  vardguide new article sunburn --lang en --kind advice --topic skin"
    )]
    Article(new::ArticleArgs),
}

/// The site's valid site.yaml, or `None` after saying what to do.
pub(crate) fn site_config(root: &std::path::Path) -> Option<crate::source::config::Config> {
    let config = crate::pipeline::config_of(root);
    if config.is_none() {
        eprintln!(
            "error: no valid site.yaml in {}; run this in a site's root or pass --root (vardguide check shows what is wrong with it)",
            root.display()
        );
    }
    config
}

/// Runs the command line; the process exits with what it returns.
pub fn main() -> ExitCode {
    // With transparent huge pages, the first touch of memory can clear 2 MiB at once, and
    // whether the kernel has huge pages to give changes from run to run: a cached build at
    // 30,000 articles spent 0.5 to 1.8 s of system time clearing pages, and 0.8 to 1.0 s
    // without them (BENCHMARKS.md, "Build speed, fifth pass"). Best effort: on failure the
    // build runs as before.
    #[cfg(target_os = "linux")]
    let _ = nix::sys::prctl::set_thp_disable(true);
    match Cli::parse().command {
        Command::Build(args) => build::run(args),
        Command::Serve { root, port } => serve::run(&root, port),
        Command::Search(args) => search::run(args),
        Command::Check(args) => check::run(args),
        Command::Review(args) => review::run(args),
        Command::New {
            what: NewWhat::Article(args),
        } => new::run_article(args),
    }
}

/// "1 error", "2 errors".
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The message for a --root without a site.
pub(crate) fn no_site(root: &Path) -> String {
    if root.is_dir() {
        format!(
            "error: {} has no site.yaml: run vardguide in a site's root folder or pass --root",
            root.display()
        )
    } else {
        format!(
            "error: the site root {} does not exist: pass --root with the folder that holds site.yaml",
            root.display()
        )
    }
}

/// Writes `text` to stdout. A reader that stops early (`vardguide search … | head`) is not an
/// error; any other failure to write is.
pub(crate) fn print_out(text: &str) -> ExitCode {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: could not write the output: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Prints `value` as pretty JSON on stdout; a failure is an error, never empty output.
pub(crate) fn print_json(value: &impl serde::Serialize) -> ExitCode {
    match serde_json::to_string_pretty(value) {
        Ok(text) => print_out(&format!("{text}\n")),
        Err(e) => {
            eprintln!("error: could not write the JSON output: {e}");
            ExitCode::FAILURE
        }
    }
}

pub(crate) fn print_diagnostics(root: &Path, diags: &[Diagnostic]) {
    let styled = std::io::stderr().is_terminal();
    for d in diags {
        let source = std::fs::read(root.join(&d.file))
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned());
        eprintln!("{}", d.render(source.as_deref(), styled));
    }
}
