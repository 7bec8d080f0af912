//! What a visitor types → a tantivy query. Words must all match (in any searched field); a word of
//! four or more letters also matches terms one edit away (two from eight letters), the last word
//! typed also matches as a prefix, and "quoted words" must appear as a phrase.

use std::fmt;

use tantivy::query::{
    BooleanQuery, BoostQuery, EnableScoring, Explanation, FuzzyTermQuery, Occur, PhraseQuery,
    Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocId, Score, SegmentReader, TantivyError, Term};

use crate::analyzer::terms;
use crate::schema::Fields;

/// The longest query considered; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 200;
/// At most this many words are used.
pub const MAX_WORDS: usize = 8;

/// A query as typed: loose words and quoted phrases.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub words: Vec<String>,
    pub phrases: Vec<String>,
    /// The input does not end in a space or quote: the last word is still being typed.
    pub last_is_partial: bool,
}

/// Splits input into words and "phrases". An unclosed quote runs to the end.
pub fn parse(input: &str) -> Parsed {
    let input: String = input.chars().take(MAX_QUERY_CHARS).collect();
    let mut parsed = Parsed::default();
    let mut in_quote = false;
    for (i, part) in input.split('"').enumerate() {
        in_quote = i % 2 == 1;
        if in_quote {
            if !part.trim().is_empty() {
                parsed.phrases.push(part.trim().to_string());
            }
        } else {
            parsed
                .words
                .extend(part.split_whitespace().map(str::to_string));
        }
    }
    parsed.last_is_partial = !in_quote
        && !input.ends_with(char::is_whitespace)
        && !input.ends_with('"')
        && !parsed.words.is_empty();
    parsed
}

/// One analysed word of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordTerm {
    pub text: String,
    /// Edit distance allowed (0, 1 or 2).
    pub distance: u8,
    pub prefix: bool,
}

/// A query after analysis: what will be looked up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysed {
    pub words: Vec<WordTerm>,
    pub phrases: Vec<Vec<String>>,
}

impl Analysed {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.phrases.is_empty()
    }
}

fn distance_for(term: &str) -> u8 {
    match term.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Runs the analyzer over the parsed query.
pub fn analyse(parsed: &Parsed, analyzer: &mut TextAnalyzer) -> Analysed {
    let mut out = Analysed::default();
    let last = parsed.words.len().saturating_sub(1);
    for (i, word) in parsed.words.iter().enumerate().take(MAX_WORDS) {
        let prefix = parsed.last_is_partial && i == last;
        for t in terms(analyzer, word) {
            let distance = distance_for(&t);
            out.words.push(WordTerm {
                text: t,
                distance,
                prefix,
            });
        }
    }
    for phrase in &parsed.phrases {
        let ts = terms(analyzer, phrase);
        match ts.len() {
            0 => {}
            1 => out.words.extend(ts.into_iter().map(|text| WordTerm {
                text,
                distance: 0,
                prefix: false,
            })),
            _ => out.phrases.push(ts),
        }
    }
    out.words.truncate(MAX_WORDS);
    out
}

/// The tantivy query for an analysed query, or `None` when nothing is left to search for.
pub fn build(fields: &Fields, q: &Analysed) -> Option<Box<dyn Query>> {
    let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for w in &q.words {
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, boost) in fields.weighted() {
            let term = Term::from_field_text(field, &w.text);
            let exact: Box<dyn Query> = Box::new(PlainTerm(TermQuery::new(
                term.clone(),
                IndexRecordOption::WithFreqs,
            )));
            should.push((Occur::Should, Box::new(BoostQuery::new(exact, boost * 2.0))));
            if w.distance > 0 {
                let fuzzy: Box<dyn Query> =
                    Box::new(Plain(FuzzyTermQuery::new(term.clone(), w.distance, true)));
                should.push((Occur::Should, Box::new(BoostQuery::new(fuzzy, boost * 0.5))));
            }
            if w.prefix && w.text.chars().count() >= 2 {
                let prefix: Box<dyn Query> =
                    Box::new(Plain(FuzzyTermQuery::new_prefix(term, 0, true)));
                should.push((Occur::Should, Box::new(BoostQuery::new(prefix, boost))));
            }
        }
        must.push((Occur::Must, Box::new(BooleanQuery::new(should))));
    }
    for phrase in &q.phrases {
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, boost) in [
            (fields.title, 4.0),
            (fields.summary, 1.5),
            (fields.body, 1.0),
        ] {
            let terms: Vec<Term> = phrase
                .iter()
                .map(|t| Term::from_field_text(field, t))
                .collect();
            should.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(Plain(PhraseQuery::new(terms))),
                    boost,
                )),
            ));
        }
        must.push((Occur::Must, Box::new(BooleanQuery::new(should))));
    }
    if must.is_empty() {
        None
    } else {
        Some(Box::new(BooleanQuery::new(must)))
    }
}

// Tantivy's queries print their terms for `Debug`, and a term query's weight prints its term to
// explain a score. A term's `Debug` can print a facet, and a facet's `Display` escapes slashes with
// a regular expression, so every boxed query linked a regular-expression engine and its Unicode
// tables into the browser module: about 100 KiB of its brotli size. The wrappers below keep the
// queries' behaviour and leave the printing out; nothing here prints a query or explains a score.

/// A fuzzy or phrase query whose `Debug` output leaves its terms out.
#[derive(Clone)]
struct Plain<Q>(Q);

impl<Q> fmt::Debug for Plain<Q> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Plain(..)")
    }
}

impl<Q: Query + Clone> Query for Plain<Q> {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        self.0.weight(scoring)
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor)
    }
}

/// A term query, as [`Plain`], whose weight does not explain scores.
#[derive(Clone)]
struct PlainTerm(TermQuery);

impl fmt::Debug for PlainTerm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PlainTerm(..)")
    }
}

impl Query for PlainTerm {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(PlainWeight(self.0.specialized_weight(scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor)
    }
}

/// A term query's weight with every method but `explain` passed through (the term weight's own
/// `for_each` and `count` are faster than the defaults).
struct PlainWeight<W>(W);

impl<W: Weight> Weight for PlainWeight<W> {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.0.scorer(reader, boost)
    }

    fn explain(&self, _reader: &SegmentReader, _doc: DocId) -> tantivy::Result<Explanation> {
        Err(TantivyError::InvalidArgument(
            "scores are not explained in search".to_string(),
        ))
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.0.count(reader)
    }

    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        self.0.for_each(reader, callback)
    }

    fn for_each_no_score(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(&[DocId]),
    ) -> tantivy::Result<()> {
        self.0.for_each_no_score(reader, callback)
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        self.0.for_each_pruning(threshold, reader, callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::build_analyzer;

    #[test]
    fn parses_words_phrases_and_partial_last_word() {
        let p = parse("ont i \"halsen hos\" barn");
        assert_eq!(p.words, ["ont", "i", "barn"]);
        assert_eq!(p.phrases, ["halsen hos"]);
        assert!(p.last_is_partial);
        assert!(!parse("feber ").last_is_partial);
        assert_eq!(parse("\"ont i").phrases, ["ont i"]);
        assert_eq!(parse("").words.len(), 0);
        assert_eq!(parse(&"a ".repeat(5000)).words.len(), MAX_QUERY_CHARS / 2);
    }

    #[test]
    fn analysis_sets_typo_distance_and_prefix() {
        let a = analyse(
            &parse("hovudvärk fe"),
            &mut build_analyzer(&crate::analyzer::AnalyzerSettings::swedish()),
        );
        assert_eq!(a.words[0].distance, 2);
        assert!(!a.words[0].prefix);
        assert!(a.words[1].prefix);
        assert_eq!(a.words[1].distance, 0);
    }
}
