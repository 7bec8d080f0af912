//! `vardguide check`: validates the site without writing anything, prints every diagnostic and
//! the editorial report (text for people, JSON for dashboards).

use std::path::PathBuf;
use std::process::ExitCode;

use super::{count, no_site, print_diagnostics, print_json, print_out};
use crate::validate::ValidateOptions;

#[derive(clap::Args)]
pub struct Args {
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
}

pub fn run(args: Args) -> ExitCode {
    let Args {
        root,
        drafts,
        format,
        strict,
        review_window_days,
        today,
    } = args;
    if !root.join("site.yaml").is_file() {
        eprintln!("{}", no_site(&root));
        return ExitCode::FAILURE;
    }
    let today = today.unwrap_or_else(|| chrono::Local::now().date_naive());
    match crate::pipeline::check(
        &root,
        &ValidateOptions {
            drafts,
            base_url: None,
        },
    ) {
        Ok((site, diags)) => {
            let report = crate::validate::report::report(&site, today, review_window_days);
            if format == "json" {
                let json = serde_json::json!({"errors": 0, "warnings": diags.len(), "diagnostics": diags, "report": report});
                if print_json(&json) != ExitCode::SUCCESS {
                    return ExitCode::FAILURE;
                }
            } else {
                print_diagnostics(&root, &diags);
                let text = format!(
                    "{}No errors: {} in {}, {}.\n",
                    crate::validate::report::to_text(&report),
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
