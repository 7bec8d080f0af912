//! Running a query against an open index and shaping the results: title, URL, kind and a snippet
//! of the summary with the matching words marked. The same code answers in the browser and in
//! `vardguide search`.
//!
//! In the browser the index is read in ranges, so a search runs in steps ([`Searcher::step`]):
//! each step either answers or names every range it still needs, all at once, so the caller can
//! fetch them in parallel and step again. A first query needs at most three such rounds (term
//! dictionary blocks, then postings, then the stored fields of the shown results), fewer when the
//! hot file already holds the dictionary; nothing is read one range at a time.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

pub use tantivy::Index;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{DfaWrapper, FuzzyTermQuery};
use tantivy::schema::Field;
use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{IndexReader, ReloadPolicy, Term};

use crate::analyzer::{AnalyzerSettings, analyzer_name, build_analyzer, terms_with_offsets};
use crate::directory::{Fetches, Wanted, merge};
use crate::query::{self, Analysed};
use crate::schema::Fields;

/// One search result.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Hit {
    pub title: String,
    pub url: String,
    /// `article`, `easy` (easy-to-read), `clinic`, or a site page: `page`, `fees`, `eservice`.
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
    /// Hits after these whose stored fields are still on their way (an early answer, see
    /// [`Searcher::step`]); 0 when the answer is complete.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub pending: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One step of a search: the answer, or the ranges to fetch before the next step.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Need(Vec<Wanted>),
    Done(Results),
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

    /// Answers `input` with at most `limit` hits, from an index whose files are all at hand
    /// (loaded whole, or lazily read through their range source).
    pub fn search(&mut self, input: &str, limit: usize) -> tantivy::Result<Results> {
        let fetches = Fetches::default();
        match self.step(input, 0, limit, &fetches, false)? {
            Step::Done(results) => Ok(results),
            Step::Need(wanted) => Err(tantivy::TantivyError::InternalError(format!(
                "the index is missing {} byte ranges",
                wanted.len()
            ))),
        }
    }

    /// Answers `input` with the hits `offset..offset + limit` (of `total`), or names the ranges
    /// of lazily read files (see [`crate::directory`]) that must be provided first. `fetches` is
    /// the index directory's.
    ///
    /// The ranges of the last round (the stored fields of the hits shown) carry the rank of the
    /// best hit that needs them. With `early`, a step in that round whose first hits are at hand
    /// answers with those (and `pending` counts the rest) rather than naming the ranges still
    /// missing, which the caller has already asked for: the top results can be shown while the
    /// rest arrive.
    pub fn step(
        &mut self,
        input: &str,
        offset: usize,
        limit: usize,
        fetches: &Fetches,
        early: bool,
    ) -> tantivy::Result<Step> {
        let analysed = query::analyse(&query::parse(input), &mut self.analyzer);
        let Some(q) = query::build(&self.fields, &analysed) else {
            return Ok(Step::Done(Results {
                query: input.to_string(),
                total: 0,
                hits: Vec::new(),
                pending: 0,
            }));
        };
        let searcher = self.reader.searcher();
        // Rounds one and two: the dictionary blocks of every term, then their postings.
        let warmed = poll_all(warm_up(&searcher, &self.fields, &analysed)?);
        let wanted = fetches.take_wanted();
        if !wanted.is_empty() {
            return Ok(Step::Need(wanted));
        }
        for result in warmed.ok_or_else(stalled)? {
            result?;
        }
        let (top, total) = searcher.search(
            &q,
            &(
                TopDocs::with_limit(limit.max(1))
                    .and_offset(offset)
                    .order_by_score(),
                Count,
            ),
        )?;
        // Round three: the stored fields of the hits shown, each range tagged with the rank of
        // the best hit that needs it.
        let mut cx = Context::from_waker(Waker::noop());
        let mut docs = Vec::with_capacity(top.len());
        let mut wanted = Vec::new();
        for (rank, (_, address)) in top.iter().enumerate() {
            let mut read: Pending<'_, tantivy::Result<Stored>> =
                Box::pin(searcher.doc_async(*address));
            docs.push(match read.as_mut().poll(&mut cx) {
                Poll::Ready(doc) => Some(doc),
                Poll::Pending => None,
            });
            wanted.extend(fetches.take_wanted().into_iter().map(|w| Wanted {
                rank: Some(rank),
                ..w
            }));
        }
        let ready = docs.iter().take_while(|d| d.is_some()).count();
        if ready < docs.len() && !(early && ready > 0) {
            if wanted.is_empty() {
                return Err(stalled());
            }
            return Ok(Step::Need(merge(wanted)));
        }
        let pending = docs.len() - ready;
        let mut hits = Vec::with_capacity(top.len());
        for ((score, _), doc) in top.into_iter().zip(docs.into_iter().map_while(|d| d)) {
            let doc = doc?;
            let text = |f| doc.text(f);
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
        Ok(Step::Done(Results {
            query: input.to_string(),
            total,
            hits,
            pending,
        }))
    }
}

type Pending<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// A result's stored fields, all text (reading them as tantivy's general documents would
/// bring every value type's code into the browser's module).
#[derive(Debug, Default)]
struct Stored {
    fields: Vec<(Field, String)>,
}

impl Stored {
    fn text(&self, field: Field) -> String {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

impl DocumentDeserialize for Stored {
    fn deserialize<'de, D: DocumentDeserializer<'de>>(
        mut deserializer: D,
    ) -> Result<Self, DeserializeError> {
        let mut stored = Stored::default();
        while let Some((field, value)) = deserializer.next_field::<String>()? {
            stored.fields.push((field, value));
        }
        Ok(stored)
    }
}

/// Polls each future once. All their outputs when every one is ready; `None` when one waits.
fn poll_all<T>(futures: Vec<Pending<'_, T>>) -> Option<Vec<T>> {
    let mut cx = Context::from_waker(Waker::noop());
    let mut out = Vec::with_capacity(futures.len());
    let mut waiting = false;
    for mut f in futures {
        match f.as_mut().poll(&mut cx) {
            Poll::Ready(v) => out.push(v),
            Poll::Pending => waiting = true,
        }
    }
    (!waiting).then_some(out)
}

fn stalled() -> tantivy::TantivyError {
    tantivy::TantivyError::InternalError(
        "a read waited without naming the range it needs".to_string(),
    )
}

/// Futures that read, for every term the query looks up (exact, within the typo distance, as a
/// prefix, in a phrase), its dictionary entry and its postings (and positions, for phrases).
fn warm_up<'a>(
    searcher: &'a tantivy::Searcher,
    fields: &Fields,
    q: &Analysed,
) -> tantivy::Result<Vec<Pending<'a, std::io::Result<bool>>>> {
    let mut futures: Vec<Pending<'a, std::io::Result<bool>>> = Vec::new();
    for segment in searcher.segment_readers() {
        for w in &q.words {
            for (field, _) in fields.weighted() {
                let inverted = segment.inverted_index(field)?;
                let term = Term::from_field_text(field, &w.text);
                let mut automata = Vec::new();
                if w.distance > 0 {
                    automata.push(FuzzyTermQuery::new(term.clone(), w.distance, true).automaton()?);
                }
                if w.prefix && w.text.chars().count() >= 2 {
                    automata.push(FuzzyTermQuery::new_prefix(term.clone(), 0, true).automaton()?);
                }
                let exact = inverted.clone();
                futures.push(Box::pin(
                    async move { exact.warm_postings(&term, false).await },
                ));
                for automaton in automata {
                    futures.push(Box::pin(warm_automaton(inverted.clone(), field, automaton)));
                }
            }
        }
        for phrase in &q.phrases {
            for field in [fields.title, fields.summary, fields.body] {
                let inverted = segment.inverted_index(field)?;
                for word in phrase {
                    let term = Term::from_field_text(field, word);
                    let inverted = inverted.clone();
                    futures.push(Box::pin(async move {
                        inverted.warm_postings(&term, true).await
                    }));
                }
            }
        }
    }
    Ok(futures)
}

/// Reads the dictionary blocks an automaton may match in (exactly those: no merging across gaps),
/// then the postings of every term it matches.
async fn warm_automaton(
    inverted: Arc<tantivy::InvertedIndexReader>,
    field: tantivy::schema::Field,
    automaton: DfaWrapper,
) -> std::io::Result<bool> {
    let mut matched = Vec::new();
    {
        let mut stream = inverted
            .terms()
            .search(&automaton)
            .into_stream_async()
            .await?;
        while stream.advance() {
            matched.push(Term::from_field_text(
                field,
                &String::from_utf8_lossy(stream.key()),
            ));
        }
    }
    for term in &matched {
        // Postings reads answer at once (the directory writes the range down), so this loop
        // names every term's postings in the same round.
        inverted.warm_postings(term, false).await?;
    }
    Ok(!matched.is_empty())
}

/// Reads what opening the index and every query read, whatever the terms: each indexed field's
/// dictionary index and norms, and the document store's index. Recording these reads gives the
/// hot file.
pub fn open_shared_parts(searcher: &Searcher) -> tantivy::Result<()> {
    let searcher = searcher.reader.searcher();
    for segment in searcher.segment_readers() {
        for (field, entry) in searcher.schema().fields() {
            if entry.is_indexed() {
                segment.inverted_index(field)?;
                if entry.has_fieldnorms() {
                    segment.get_fieldnorms_reader(field)?;
                }
            }
        }
        segment.get_store_reader(1)?;
    }
    Ok(())
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
