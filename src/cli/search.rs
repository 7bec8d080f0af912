//! `vardguide search`: searches a built site's index the way the browser does and prints the
//! results as text or JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{count, print_json, print_out};

#[derive(clap::Args)]
pub struct Args {
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
}

pub fn run(args: Args) -> ExitCode {
    let Args {
        query,
        lang,
        root,
        out,
        limit,
        json,
    } = args;
    let out = out.unwrap_or_else(|| root.join("public"));
    match crate::index::search::search_built_site(&out, &lang, &query, limit) {
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
                    crate::index::search::snippet_text(&hit.snippet)
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
