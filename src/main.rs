//! The `vardguide` command line: parses arguments, runs the library's pipeline and prints
//! diagnostics with the offending source line.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod serve;
use vardguide::diagnostics::Diagnostic;
use vardguide::{BuildOptions, validate::ValidateOptions};

// mimalloc: a build of 37,000 pages allocates and frees millions of small strings across rayon's
// threads; with it a build takes about 15 % less CPU than with glibc's allocator (BENCHMARKS.md,
// "Build speed, third pass").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    Build {
        /// The site's root folder (where site.yaml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: <root>/public). Replaced only when the build succeeds.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Include articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Override base_url from site.yaml (e.g. for a staging host or a sub-path).
        #[arg(long)]
        base_url: Option<String>,
        /// Do not write .gz and .br copies of text files.
        #[arg(long)]
        no_precompress: bool,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
        /// Render every page again instead of taking unchanged pages from the previous output
        /// (the build cache lives in <root>/.vardguide-cache/, safe to delete).
        #[arg(long)]
        no_cache: bool,
    },
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
    Search {
        /// The query, as a visitor would type it ("quotes" for phrases).
        query: String,
        /// Language of the index to search.
        #[arg(long)]
        lang: String,
        /// The site's root folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The built site (default: <root>/public).
        #[arg(long)]
        out: Option<PathBuf>,
        /// At most this many results.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check the site and print an editorial report; writes nothing.
    #[command(
        after_help = "Examples:\n  vardguide check\n  vardguide check --format json > report.json\n  vardguide check --strict --review-window-days 90"
    )]
    Check {
        /// The site's root folder (where site.yaml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// `text` for people, `json` for CI dashboards.
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
        /// Treat warnings as errors (non-zero exit code).
        #[arg(long)]
        strict: bool,
        /// List reviews due within this many days.
        #[arg(long, default_value_t = 60)]
        review_window_days: i64,
        /// The date to check review dates against (default: today), YYYY-MM-DD.
        #[arg(long)]
        today: Option<chrono::NaiveDate>,
    },
    /// Record a medical review of an article version: the reviewer, the day and what the
    /// review covered (a hash of the title, summary and body), so that `check` notices any later
    /// change. For a translation, also the source text it was checked against.
    #[command(
        after_help = "Examples:\n  vardguide review fever-children --by \"Johan Berglund\" --role Barnläkare\n  vardguide review fever-children --lang ar --by \"Ali Haddad\" --role \"طبيب أطفال\""
    )]
    Review {
        /// The article's key: its folder name, e.g. `fever-children`.
        key: String,
        /// The language version reviewed (default: the site's default language).
        #[arg(long)]
        lang: Option<String>,
        /// Review the easy-to-read version (`<lang>.easy.md`) instead of the full text.
        #[arg(long)]
        easy: bool,
        /// The reviewer's name, as the page shows it.
        #[arg(long)]
        by: String,
        /// The reviewer's role, as the page shows it.
        #[arg(long)]
        role: String,
        /// The day of the review (default: today), YYYY-MM-DD.
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
        /// The site's root folder (where site.yaml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
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
    Article {
        /// The article's key: its folder name, e.g. `sunburn`.
        key: String,
        /// Language of the file (default: the site's default language).
        #[arg(long)]
        lang: Option<String>,
        #[arg(long, default_value = "symptom", value_parser = ["symptom", "illness", "treatment", "advice"])]
        kind: String,
        /// A topic key from site.yaml (default: the first one).
        #[arg(long)]
        topic: Option<String>,
        /// The site's root folder (where site.yaml is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// The site's valid site.yaml, or `None` after saying what to do.
fn site_config(root: &std::path::Path) -> Option<vardguide::config::Config> {
    let config = vardguide::config_of(root);
    if config.is_none() {
        eprintln!(
            "error: no valid site.yaml in {}; run this in a site's root or pass --root (vardguide check shows what is wrong with it)",
            root.display()
        );
    }
    config
}

fn main() -> ExitCode {
    // With transparent huge pages, the first touch of memory can clear 2 MiB at once, and
    // whether the kernel has huge pages to give changes from run to run: a cached build at
    // 30,000 articles spent 0.5 to 1.8 s of system time clearing pages, and 0.8 to 1.0 s
    // without them (BENCHMARKS.md, "Build speed, fifth pass"). Best effort: on failure the
    // build runs as before.
    #[cfg(target_os = "linux")]
    let _ = nix::sys::prctl::set_thp_disable(true);
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            out,
            drafts,
            base_url,
            no_precompress,
            timings,
            no_cache,
        } => {
            if !root.join("site.yaml").is_file() {
                eprintln!("{}", no_site(&root));
                return ExitCode::FAILURE;
            }
            let out = out.unwrap_or_else(|| root.join("public"));
            let options = BuildOptions {
                root: root.clone(),
                out: out.clone(),
                drafts,
                base_url,
                precompress: !no_precompress,
                cache: (!no_cache).then(|| vardguide::cache::default_dir(&root)),
            };
            // A bar per stage, named, when stderr is a terminal.
            let bar = std::io::stderr().is_terminal().then(|| {
                let bar = indicatif::ProgressBar::new(0);
                if let Ok(style) = indicatif::ProgressStyle::with_template(
                    "{msg:>26} [{bar:30}] {pos}/{len} {elapsed}",
                ) {
                    bar.set_style(style.progress_chars("=> "));
                }
                bar
            });
            let precompress = options.precompress;
            let on_stage = |stage: vardguide::Stage, steps: usize| {
                if stage == vardguide::Stage::Wait {
                    eprintln!(
                        "Another build into {} is running; waiting for it to finish…",
                        out.display()
                    );
                }
                if let Some(b) = &bar {
                    b.set_length(steps.max(1) as u64);
                    b.set_position(0);
                    b.set_message(stage.describe(precompress));
                }
            };
            let tick = || {
                if let Some(b) = &bar {
                    b.inc(1);
                }
            };
            let started = std::time::Instant::now();
            let result = vardguide::build(&options, &on_stage, &tick);
            // Wall time: with few pages changed, the index and the pages are made at once, so
            // the stages' times add up to more.
            let total = started.elapsed();
            if let Some(b) = &bar {
                b.finish_and_clear();
            }
            match result {
                Ok(report) => {
                    print_diagnostics(&root, &report.diagnostics);
                    for c in &report.coverage {
                        if c.translated < c.total {
                            println!(
                                "translations: {} has {} of {} UI strings ({} fall back to the default language)",
                                c.lang,
                                c.translated,
                                c.total,
                                c.total - c.translated
                            );
                        }
                    }
                    let per_lang: Vec<String> = report
                        .pages
                        .iter()
                        .map(|(l, n)| format!("{l} {n}"))
                        .collect();
                    let warnings = report.diagnostics.len();
                    let t = &report.timings;
                    println!(
                        "Built {} pages ({}), {} files, {} warning{} in {:.2} s → {}",
                        report.pages.values().sum::<usize>(),
                        per_lang.join(", "),
                        report.files,
                        warnings,
                        if warnings == 1 { "" } else { "s" },
                        total.as_secs_f64(),
                        out.display()
                    );
                    if timings {
                        println!(
                            "timings: load {:.3} s, validate {:.3} s, render {:.3} s, index {:.3} s, write {:.3} s (incl. compression); {} of {} article files read",
                            t.load.as_secs_f64(),
                            t.validate.as_secs_f64(),
                            t.render.as_secs_f64(),
                            t.index.as_secs_f64(),
                            t.write.as_secs_f64(),
                            report.article_files_read,
                            report.article_files
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(failure) => {
                    print_diagnostics(&root, &failure.diagnostics);
                    let kept = if out.exists() {
                        format!("{} was left as it was", out.display())
                    } else {
                        format!("nothing was written to {}", out.display())
                    };
                    eprintln!(
                        "Build failed with {}; {kept}.",
                        count(failure.errors().count(), "error", "errors"),
                    );
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve { root, port } => serve::run(&root, port),
        Command::Search {
            query,
            lang,
            root,
            out,
            limit,
            json,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            match vardguide::search::search_built_site(&out, &lang, &query, limit) {
                Ok(results) => {
                    if json {
                        return print_json(&results);
                    }
                    let mut text = format!(
                        "{} for {:?}\n",
                        count(results.total, "result", "results"),
                        results.query
                    );
                    for (i, hit) in results.hits.iter().enumerate() {
                        text.push_str(&format!(
                            "{:>2}. {} ({}) {}\n    {}\n",
                            i + 1,
                            hit.title,
                            hit.kind,
                            hit.url,
                            vardguide::search::snippet_text(&hit.snippet)
                        ));
                    }
                    if results.total > results.hits.len() {
                        text.push_str(&format!(
                            "Showing {} of {}; use --limit {} to see them all.\n",
                            results.hits.len(),
                            results.total,
                            results.total
                        ));
                    }
                    print_out(&text)
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check {
            root,
            drafts,
            format,
            strict,
            review_window_days,
            today,
        } => {
            if !root.join("site.yaml").is_file() {
                eprintln!("{}", no_site(&root));
                return ExitCode::FAILURE;
            }
            let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
            match vardguide::check(
                &root,
                &ValidateOptions {
                    drafts,
                    base_url: None,
                },
            ) {
                Ok((site, diags)) => {
                    let report = vardguide::report::report(&site, today, review_window_days);
                    if format == "json" {
                        let json = serde_json::json!({"errors": 0, "warnings": diags.len(), "diagnostics": diags, "report": report});
                        if print_json(&json) != ExitCode::SUCCESS {
                            return ExitCode::FAILURE;
                        }
                    } else {
                        print_diagnostics(&root, &diags);
                        let text = format!(
                            "{}No errors: {} in {}, {}.\n",
                            vardguide::report::to_text(&report),
                            count(site.articles.len(), "article version", "article versions"),
                            count(site.config.languages.len(), "language", "languages"),
                            count(diags.len(), "warning", "warnings")
                        );
                        if print_out(&text) != ExitCode::SUCCESS {
                            return ExitCode::FAILURE;
                        }
                    }
                    if strict && !diags.is_empty() {
                        ExitCode::FAILURE
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(failure) => {
                    if format == "json" {
                        let errors = failure.errors().count();
                        let json = serde_json::json!({"errors": errors, "warnings": failure.diagnostics.len() - errors, "diagnostics": failure.diagnostics});
                        print_json(&json);
                    } else {
                        print_diagnostics(&root, &failure.diagnostics);
                        eprintln!(
                            "{} found.",
                            count(failure.errors().count(), "error", "errors")
                        );
                    }
                    ExitCode::FAILURE
                }
            }
        }
        Command::Review {
            key,
            lang,
            easy,
            by,
            role,
            date,
            root,
        } => {
            let Some(config) = site_config(&root) else {
                return ExitCode::FAILURE;
            };
            let lang = lang.unwrap_or_else(|| config.default_language.clone());
            let review = vardguide::review::Review {
                name: &by,
                role: &role,
                date: date.unwrap_or_else(|| chrono::Local::now().date_naive()),
            };
            match vardguide::review::record(&root, &key, &lang, easy, &review) {
                Ok(path) => {
                    println!(
                        "Recorded the review of {} by {by} on {}. vardguide check warns if the text changes after this.",
                        path.display(),
                        review.date
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::New {
            what:
                NewWhat::Article {
                    key,
                    lang,
                    kind,
                    topic,
                    root,
                },
        } => {
            let Some(config) = site_config(&root) else {
                return ExitCode::FAILURE;
            };
            let lang = lang.unwrap_or_else(|| config.default_language.clone());
            let topic = topic
                .or_else(|| config.topics.first().cloned())
                .unwrap_or_default();
            let new = vardguide::new::NewArticle {
                key: &key,
                lang: &lang,
                kind: &kind,
                topic: &topic,
                today: chrono::Local::now().date_naive(),
            };
            match vardguide::new::article(&root, &config, &new) {
                Ok(path) => {
                    println!(
                        "Created {} as a draft. Write the text and care cards, remove `draft: true` when it has been reviewed, then run vardguide check.",
                        path.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// "1 error", "2 errors".
fn count(n: usize, one: &str, many: &str) -> String {
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
fn print_out(text: &str) -> ExitCode {
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
fn print_json(value: &impl serde::Serialize) -> ExitCode {
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
