//! `vardguide review`: records a medical review of an article version in its front matter.

use std::path::PathBuf;
use std::process::ExitCode;

use super::site_config;

#[derive(clap::Args)]
pub struct Args {
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
}

pub fn run(args: Args) -> ExitCode {
    let Args {
        key,
        lang,
        easy,
        by,
        role,
        date,
        root,
    } = args;
    let Some(config) = site_config(&root) else {
        return ExitCode::FAILURE;
    };
    let lang = lang.unwrap_or_else(|| config.default_language.clone());
    let review = crate::source::review::Review {
        name: &by,
        role: &role,
        date: date.unwrap_or_else(|| chrono::Local::now().date_naive()),
    };
    match crate::source::review::record(&root, &key, &lang, easy, &review) {
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
