//! What a visitor types → a tantivy query. Words must all match (in any searched field); a word of
//! four or more letters also matches terms one edit away (two from eight letters), the last word
//! typed also matches as a prefix, and "quoted words" must appear as a phrase.

use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;

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
            let exact: Box<dyn Query> =
                Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs));
            should.push((Occur::Should, Box::new(BoostQuery::new(exact, boost * 2.0))));
            if w.distance > 0 {
                let fuzzy: Box<dyn Query> =
                    Box::new(FuzzyTermQuery::new(term.clone(), w.distance, true));
                should.push((Occur::Should, Box::new(BoostQuery::new(fuzzy, boost * 0.5))));
            }
            if w.prefix && w.text.chars().count() >= 2 {
                let prefix: Box<dyn Query> = Box::new(FuzzyTermQuery::new_prefix(term, 0, true));
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
                Box::new(BoostQuery::new(Box::new(PhraseQuery::new(terms)), boost)),
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
