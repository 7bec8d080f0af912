//! Running a query against an open index and shaping the results: title, URL, kind and a snippet
//! of the summary with the matching words marked. The same code answers in the browser and in
//! `vardguide search`.

pub use tantivy::Index;
use tantivy::collector::{Count, TopDocs};
use tantivy::schema::Value;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{IndexReader, ReloadPolicy, TantivyDocument};

use crate::analyzer::{AnalyzerSettings, analyzer_name, build_analyzer, terms_with_offsets};
use crate::query::{self, Analysed};
use crate::schema::Fields;

/// One search result.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Hit {
    pub title: String,
    pub url: String,
    /// `article` or `clinic`.
    #[serde(rename = "type")]
    pub doc_type: String,
    /// Translated kind label.
    pub kind: String,
    /// The summary as HTML-escaped text with `<mark>` around matching words.
    pub snippet: String,
    pub score: f32,
}

/// The answer to one query.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Results {
    pub query: String,
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// An index opened for searching in one language.
pub struct Searcher {
    fields: Fields,
    reader: IndexReader,
    analyzer: TextAnalyzer,
}

impl Searcher {
    /// Opens `index` (whose analyzers are registered here) for `lang`, whose text was analysed
    /// with `analyzer` (from the index's manifest).
    pub fn new(index: Index, lang: &str, analyzer: &AnalyzerSettings) -> tantivy::Result<Searcher> {
        index
            .tokenizers()
            .register(&analyzer_name(lang), build_analyzer(analyzer));
        let fields = Fields::new(lang);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Searcher {
            fields,
            reader,
            analyzer: build_analyzer(analyzer),
        })
    }

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Answers `input` with at most `limit` hits.
    pub fn search(&mut self, input: &str, limit: usize) -> tantivy::Result<Results> {
        let analysed = query::analyse(&query::parse(input), &mut self.analyzer);
        let empty = Results {
            query: input.to_string(),
            total: 0,
            hits: Vec::new(),
        };
        let Some(q) = query::build(&self.fields, &analysed) else {
            return Ok(empty);
        };
        let searcher = self.reader.searcher();
        let (top, total) = searcher.search(
            &q,
            &(TopDocs::with_limit(limit.max(1)).order_by_score(), Count),
        )?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |f| {
                doc.get_first(f)
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            };
            let summary = text(self.fields.summary);
            hits.push(Hit {
                title: text(self.fields.title),
                url: text(self.fields.url),
                doc_type: text(self.fields.doc_type),
                kind: text(self.fields.kind),
                snippet: highlight(&mut self.analyzer, &summary, &analysed),
                score,
            });
        }
        Ok(Results {
            query: input.to_string(),
            total,
            hits,
        })
    }
}

/// `text` HTML-escaped, with `<mark>` around each word whose term matches the query (exactly,
/// within the typo distance, or as the prefix of the word being typed).
pub fn highlight(analyzer: &mut TextAnalyzer, text: &str, q: &Analysed) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut pos = 0;
    let wanted: Vec<&str> = q.phrases.iter().flatten().map(String::as_str).collect();
    for (term, from, to) in terms_with_offsets(analyzer, text) {
        let hit = wanted.contains(&term.as_str())
            || q.words.iter().any(|w| {
                term == w.text
                    || (w.prefix && term.starts_with(&w.text))
                    || (w.distance > 0 && edit_distance(&term, &w.text) <= w.distance as usize)
            });
        if hit && from >= pos {
            escape_into(&text[pos..from], &mut out);
            out.push_str("<mark>");
            escape_into(&text[from..to], &mut out);
            out.push_str("</mark>");
            pos = to;
        }
    }
    escape_into(&text[pos..], &mut out);
    out
}

fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// Damerau–Levenshtein (optimal string alignment) distance, as tantivy's fuzzy query counts.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{analyse, parse};

    #[test]
    fn highlight_marks_and_escapes() {
        let mut a = build_analyzer(&AnalyzerSettings::new(Some("english"), &[]));
        let q = analyse(&parse("fevr"), &mut a);
        let html = highlight(&mut a, "Fever & <chills> in adults", &q);
        assert_eq!(html, "<mark>Fever</mark> &amp; &lt;chills&gt; in adults");
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("fevr", "fever"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("hovudvärk", "huvudvärk"), 1);
    }
}
