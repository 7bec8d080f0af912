//! The `vardguide` command line: parses arguments, runs the library's pipeline and prints
//! diagnostics with the offending source line.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use vardguide::diagnostics::Diagnostic;
use vardguide::{BuildOptions, validate::ValidateOptions};

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
    /// Check the site for errors and warnings without writing anything.
    #[command(after_help = "Examples:\n  vardguide check\n  vardguide check --root my-site")]
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            out,
            drafts,
            base_url,
            no_precompress,
            timings,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            let options = BuildOptions {
                root: root.clone(),
                out: out.clone(),
                drafts,
                base_url,
                precompress: !no_precompress,
            };
            let bar = if std::io::stderr().is_terminal() {
                Some(indicatif::ProgressBar::new(0))
            } else {
                None
            };
            let on_total = |n: usize| {
                if let Some(b) = &bar {
                    b.set_length(n as u64);
                }
            };
            let tick = || {
                if let Some(b) = &bar {
                    b.inc(1);
                }
            };
            let result = vardguide::build(&options, &on_total, &tick);
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
                    let total = t.load + t.validate + t.render + t.index + t.write;
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
                            "timings: load {:.3} s, validate {:.3} s, render {:.3} s, index {:.3} s, write {:.3} s (incl. compression)",
                            t.load.as_secs_f64(),
                            t.validate.as_secs_f64(),
                            t.render.as_secs_f64(),
                            t.index.as_secs_f64(),
                            t.write.as_secs_f64()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(failure) => {
                    print_diagnostics(&root, &failure.diagnostics);
                    eprintln!(
                        "Build failed with {} error{}; {} was left as it was.",
                        failure.errors().count(),
                        if failure.errors().count() == 1 {
                            ""
                        } else {
                            "s"
                        },
                        out.display()
                    );
                    ExitCode::FAILURE
                }
            }
        }
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
                        println!(
                            "{}",
                            serde_json::to_string_pretty(&results).unwrap_or_default()
                        );
                    } else {
                        println!(
                            "{} result{} for {:?}",
                            results.total,
                            if results.total == 1 { "" } else { "s" },
                            results.query
                        );
                        for (i, hit) in results.hits.iter().enumerate() {
                            println!("{:>2}. {} ({}) {}", i + 1, hit.title, hit.kind, hit.url);
                            println!("    {}", vardguide::search::snippet_text(&hit.snippet));
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { root, drafts } => match vardguide::check(
            &root,
            &ValidateOptions {
                drafts,
                base_url: None,
            },
        ) {
            Ok((site, diags)) => {
                print_diagnostics(&root, &diags);
                println!(
                    "No errors: {} article versions in {} languages, {} warnings.",
                    site.articles.len(),
                    site.config.languages.len(),
                    diags.len()
                );
                ExitCode::SUCCESS
            }
            Err(failure) => {
                print_diagnostics(&root, &failure.diagnostics);
                eprintln!("{} errors found.", failure.errors().count());
                ExitCode::FAILURE
            }
        },
    }
}

fn print_diagnostics(root: &Path, diags: &[Diagnostic]) {
    let styled = std::io::stderr().is_terminal();
    for d in diags {
        let source = std::fs::read(root.join(&d.file))
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned());
        eprintln!("{}", d.render(source.as_deref(), styled));
    }
}
