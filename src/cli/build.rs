//! `vardguide build`: builds the site into its output folder, with a progress bar per stage on a
//! terminal, and says what was built, or why not and that the previous output was left as it was.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{count, no_site, print_diagnostics};
use crate::pipeline::{self, BuildOptions};

#[derive(clap::Args)]
pub struct Args {
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
    /// Do not write .gz copies of text files (and .br copies of assets).
    #[arg(long)]
    no_precompress: bool,
    /// Print how long each stage took.
    #[arg(long)]
    timings: bool,
    /// Render every page again instead of taking unchanged pages from the previous output
    /// (the build cache lives in <root>/.vardguide-cache/, safe to delete).
    #[arg(long)]
    no_cache: bool,
}

pub fn run(args: Args) -> ExitCode {
    let Args {
        root,
        out,
        drafts,
        base_url,
        no_precompress,
        timings,
        no_cache,
    } = args;
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
        cache: (!no_cache).then(|| crate::cache::default_dir(&root)),
    };
    // A bar per stage, named, when stderr is a terminal.
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{msg:>26} [{bar:30}] {pos}/{len} {elapsed}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    });
    let precompress = options.precompress;
    let on_stage = |stage: pipeline::Stage, steps: usize| {
        if stage == pipeline::Stage::Wait {
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
    let result = pipeline::build(&options, &on_stage, &tick);
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
                    "timings: load {:.3} s, validate {:.3} s, render {:.3} s, index {:.3} s, write {:.3} s (incl. compression); {} of {} article files read, {} pages rendered (the others kept)",
                    t.load.as_secs_f64(),
                    t.validate.as_secs_f64(),
                    t.render.as_secs_f64(),
                    t.index.as_secs_f64(),
                    t.write.as_secs_f64(),
                    report.article_files_read,
                    report.article_files,
                    report.pages_rendered
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
