//! Text analysis per language: split into words, lowercase, fold accents (keeping å, ä and ö
//! distinct in Swedish and the other Nordic languages), normalise Arabic spelling variants and
//! prefixes, then stem with Snowball where tantivy has a stemmer. A language without a stemmer
//! gets the same pipeline without the stemming step, so adding one needs no code change.

use rustc_hash::FxHashMap;

use tantivy::tokenizer::{
    Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer,
};
use unicode_normalization::UnicodeNormalization;

/// The tokenizer name registered for a language, e.g. `vg_sv`.
pub fn analyzer_name(lang: &str) -> String {
    format!("vg_{lang}")
}

/// How a language's text becomes search terms, chosen per language in site.yaml
/// (`search: {stemmer: finnish, normalise: [keep-nordic-letters]}`) and stored in the index's
/// manifest, so the browser analyses queries exactly as the builder analysed the text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalyzerSettings {
    /// A Snowball stemmer ([`STEMMERS`]); none: words are matched as written (after folding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stemmer: Option<String>,
    /// Normalisers applied to every word ([`NORMALISERS`]). Accents are always folded (é → e),
    /// except the letters `keep-nordic-letters` keeps.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub normalise: Vec<String>,
}

/// The Snowball stemmers a language can choose.
pub const STEMMERS: &[&str] = &[
    "arabic",
    "danish",
    "dutch",
    "english",
    "finnish",
    "french",
    "german",
    "greek",
    "hungarian",
    "italian",
    "norwegian",
    "portuguese",
    "romanian",
    "russian",
    "spanish",
    "swedish",
    "tamil",
    "turkish",
];

/// The normalisers a language can choose:
/// - `keep-nordic-letters`: å, ä, ö, æ and ø stay letters of their own instead of losing their
///   marks (Swedish, Finnish, Norwegian, Danish);
/// - `arabic`: strip tashkeel and tatweel, unify alef forms, ى→ي, ة→ه, and drop the article ال
///   with the particles before it (والصداع, بالصداع → صداع);
/// - `persian`: strip diacritics and tatweel, fold the Arabic forms of yeh and kaf into the
///   Persian ones (ي ى → ی, ك → ک), unify alef forms, ة→ه, and join words at the zero-width
///   non-joiner (می‌خواهم = میخواهم);
/// - `eastern-digits`: Arabic-Indic and Persian digits (٣, ۳) become ASCII digits (3).
pub const NORMALISERS: &[&str] = &["keep-nordic-letters", "arabic", "persian", "eastern-digits"];

impl AnalyzerSettings {
    /// Every problem with the settings: an unknown stemmer or normaliser.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(s) = &self.stemmer
            && !STEMMERS.contains(&s.as_str())
        {
            out.push(format!("unknown stemmer `{s}`"));
        }
        for n in &self.normalise {
            if !NORMALISERS.contains(&n.as_str()) {
                out.push(format!("unknown normaliser `{n}`"));
            }
        }
        out
    }

    fn normalisers(&self) -> Normalisers {
        let has = |n: &str| self.normalise.iter().any(|x| x == n);
        Normalisers {
            nordic: has("keep-nordic-letters"),
            arabic: has("arabic"),
            persian: has("persian"),
            digits: has("eastern-digits"),
        }
    }
}

/// The Snowball stemmer of a stemmer name.
fn stemmer(name: &str) -> Option<Language> {
    Some(match name {
        "arabic" => Language::Arabic,
        "danish" => Language::Danish,
        "dutch" => Language::Dutch,
        "english" => Language::English,
        "finnish" => Language::Finnish,
        "french" => Language::French,
        "german" => Language::German,
        "greek" => Language::Greek,
        "hungarian" => Language::Hungarian,
        "italian" => Language::Italian,
        "norwegian" => Language::Norwegian,
        "portuguese" => Language::Portuguese,
        "romanian" => Language::Romanian,
        "russian" => Language::Russian,
        "spanish" => Language::Spanish,
        "swedish" => Language::Swedish,
        "tamil" => Language::Tamil,
        "turkish" => Language::Turkish,
        _ => return None,
    })
}

impl AnalyzerSettings {
    /// Settings with a stemmer and normalisers (for tests and examples).
    pub fn new(stemmer: Option<&str>, normalise: &[&str]) -> AnalyzerSettings {
        AnalyzerSettings {
            stemmer: stemmer.map(String::from),
            normalise: normalise.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Swedish as the bundled site sets it (for tests).
    pub fn swedish() -> AnalyzerSettings {
        AnalyzerSettings::new(Some("swedish"), &["keep-nordic-letters"])
    }
}

/// The analyzer for a language's settings.
pub fn build_analyzer(settings: &AnalyzerSettings) -> TextAnalyzer {
    let stemmer = settings
        .stemmer
        .as_deref()
        .and_then(stemmer)
        .map(|language| {
            TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(language))
                .build()
        });
    TextAnalyzer::builder(WordTokenizer {
        norm: settings.normalisers(),
        longest: LONGEST_TERM_BYTES,
        stemmer,
        words: FxHashMap::default(),
        cache_words: CACHE_WORDS,
    })
    .build()
}

/// A word whose normalised form has this many bytes or more gets no term (it keeps its position),
/// as tantivy's `RemoveLongFilter::limit(48)` does it.
const LONGEST_TERM_BYTES: usize = 48;

/// Words kept in the cache of terms at most; it starts over when full.
const CACHE_WORDS: usize = 200_000;

/// The terms `text` becomes in `lang`, as the index stores them.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// The terms of `text` with their byte offsets in it (for highlighting).
pub fn terms_with_offsets(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let t = stream.token();
        out.push((t.text.clone(), t.offset_from, t.offset_to));
    }
    out
}

/// The normalisers a language chose, as flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Normalisers {
    nordic: bool,
    arabic: bool,
    persian: bool,
    digits: bool,
}

/// Normalises one lowercased word.
fn normalize_word(norm: Normalisers, word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        let c = if norm.digits { ascii_digit(c) } else { c };
        if norm.persian {
            match c {
                '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{200C}' => {}
                'ي' | 'ى' | 'ئ' => out.push('ی'),
                'ك' => out.push('ک'),
                'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
                'ة' => out.push('ه'),
                'ؤ' => out.push('و'),
                _ => out.push(c),
            }
        } else if norm.arabic {
            match c {
                '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => {}
                'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
                'ى' => out.push('ي'),
                'ة' => out.push('ه'),
                'ؤ' => out.push('و'),
                'ئ' => out.push('ي'),
                _ => out.push(c),
            }
        } else if norm.nordic && matches!(c, 'å' | 'ä' | 'ö' | 'æ' | 'ø') {
            out.push(c);
        } else {
            push_folded(c, out);
        }
    }
    if norm.arabic {
        let stripped = strip_arabic_prefix(out);
        if stripped.len() != out.len() {
            let s = stripped.to_string();
            *out = s;
        }
    }
}

/// Arabic-Indic (٠–٩) and Persian (۰–۹) digits as ASCII digits.
fn ascii_digit(c: char) -> char {
    match c as u32 {
        0x0660..=0x0669 => char::from(b'0' + (c as u32 - 0x0660) as u8),
        0x06F0..=0x06F9 => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        _ => c,
    }
}

fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c);
        return;
    }
    match c {
        'ß' => out.push_str("ss"),
        'æ' => out.push_str("ae"),
        'ø' => out.push('o'),
        'œ' => out.push_str("oe"),
        _ => out.extend(c.to_string().nfd().filter(|d| !is_combining(*d))),
    }
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

fn strip_arabic_prefix(word: &str) -> &str {
    let chars = word.chars().count();
    // At least two letters must remain.
    let keep = |rest: &str| rest.chars().count() >= 2;
    for particle in ["وال", "فال", "بال", "كال", "لل", "ال"] {
        if let Some(rest) = word.strip_prefix(particle)
            && keep(rest)
            && chars > particle.chars().count() + 1
        {
            return rest;
        }
    }
    word
}

/// Splits text into words (letters, digits and the combining marks inside them), then gives each
/// its term: lowercased, normalised, without words of 48 bytes or more, stemmed with
/// Snowball exactly as tantivy's `Stemmer` filter would. A language's text repeats a few tens of
/// thousands of words millions of times, so each word's term is kept by the word as written:
/// lowercasing, folding and stemming word by word were most of the time spent indexing.
#[derive(Clone)]
pub struct WordTokenizer {
    norm: Normalisers,
    /// Normalised words of this many bytes or more get no term.
    longest: usize,
    /// Raw tokenizer and Snowball stemmer; none: terms are not stemmed.
    stemmer: Option<TextAnalyzer>,
    /// Each word as written and what it becomes.
    words: FxHashMap<Box<str>, (Term, Box<str>)>,
    /// Words kept in `words` at most (0: none).
    cache_words: usize,
}

/// What a word becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Term {
    /// A term (its text is beside it).
    Text,
    /// No term, but the word takes a position (it is too long).
    Long,
    /// Nothing: normalising left no letters (a lone tatweel).
    Nothing,
}

impl WordTokenizer {
    /// What `word` becomes; `ascii` says it is all ASCII. `lower` is scratch space.
    fn term(&mut self, word: &str, ascii: bool, lower: &mut String, out: &mut String) -> Term {
        out.clear();
        if ascii {
            // Lowercase ASCII needs no folding.
            out.push_str(word);
            out.make_ascii_lowercase();
        } else {
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            normalize_word(self.norm, lower, out);
            if out.is_empty() {
                return Term::Nothing;
            }
        }
        if out.len() >= self.longest {
            return Term::Long;
        }
        if let Some(stemmer) = &mut self.stemmer {
            let mut stream = stemmer.token_stream(out);
            if stream.advance() {
                let stem = std::mem::take(&mut stream.token_mut().text);
                drop(stream);
                *out = stem;
            }
        }
        Term::Text
    }
}

pub struct WordStream<'a> {
    text: &'a str,
    tokenizer: &'a mut WordTokenizer,
    pos: usize,
    token: Token,
    lower: String,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        WordStream {
            text,
            tokenizer: self,
            pos: 0,
            token: Token::default(),
            lower: String::new(),
        }
    }
}

fn is_word_char(c: char, norm: Normalisers) -> bool {
    // The letters of Latin-1 and the Arabic block answer without Unicode's slow table lookup.
    if matches!(c as u32, 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0xFF | 0x0621..=0x063A | 0x0641..=0x064A)
    {
        return true;
    }
    c.is_alphanumeric()
        || is_combining(c)
        || matches!(c as u32, 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x0640)
        // Persian writes the zero-width non-joiner inside words.
        || (norm.persian && c == '\u{200C}')
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        let text = self.text;
        let bytes = text.as_bytes();
        let norm = self.tokenizer.norm;
        loop {
            // The next word: ASCII bytes are classified directly, other characters by Unicode.
            let mut start = self.pos;
            while start < bytes.len() {
                let b = bytes[start];
                if b.is_ascii() {
                    if b.is_ascii_alphanumeric() {
                        break;
                    }
                    start += 1;
                } else {
                    let c = text[start..].chars().next().unwrap_or(' ');
                    if is_word_char(c, norm) {
                        break;
                    }
                    start += c.len_utf8();
                }
            }
            if start >= bytes.len() {
                self.pos = bytes.len();
                return false;
            }
            let mut end = start;
            let mut ascii = true;
            while end < bytes.len() {
                let b = bytes[end];
                if b.is_ascii() {
                    if !b.is_ascii_alphanumeric() {
                        break;
                    }
                    end += 1;
                } else {
                    let c = text[end..].chars().next().unwrap_or(' ');
                    if !is_word_char(c, norm) {
                        break;
                    }
                    ascii = false;
                    end += c.len_utf8();
                }
            }
            self.pos = end;
            let word = &text[start..end];
            let term = match self.tokenizer.words.get(word) {
                Some((term, text)) => {
                    self.token.text.clear();
                    self.token.text.push_str(text);
                    *term
                }
                None => {
                    let term =
                        self.tokenizer
                            .term(word, ascii, &mut self.lower, &mut self.token.text);
                    let tokenizer = &mut *self.tokenizer;
                    if tokenizer.cache_words > 0 {
                        if tokenizer.words.len() >= tokenizer.cache_words {
                            tokenizer.words.clear();
                        }
                        let text = self.token.text.as_str().into();
                        tokenizer.words.insert(word.into(), (term, text));
                    }
                    term
                }
            };
            match term {
                Term::Nothing => continue,
                Term::Long => {
                    self.token.position = self.token.position.wrapping_add(1);
                    continue;
                }
                Term::Text => {}
            }
            self.token.offset_from = start;
            self.token.offset_to = end;
            self.token.position = self.token.position.wrapping_add(1);
            self.token.position_length = 1;
            return true;
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::RemoveLongFilter;

    fn settings(stemmer: Option<&str>, normalise: &[&str]) -> AnalyzerSettings {
        AnalyzerSettings {
            stemmer: stemmer.map(String::from),
            normalise: normalise.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn t(lang: &str, text: &str) -> Vec<String> {
        let s = match lang {
            "sv" => settings(Some("swedish"), &["keep-nordic-letters"]),
            "fi" => settings(Some("finnish"), &["keep-nordic-letters"]),
            "en" => settings(Some("english"), &[]),
            "ar" => settings(Some("arabic"), &["arabic", "eastern-digits"]),
            "fa" => settings(None, &["persian", "eastern-digits"]),
            _ => settings(None, &[]),
        };
        terms(&mut build_analyzer(&s), text)
    }

    /// Every token's term, position and offsets.
    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
        }
        out
    }

    #[test]
    fn cached_terms_are_tantivys_pipeline() {
        let long = "a".repeat(LONGEST_TERM_BYTES);
        let long_folded = "é".repeat(LONGEST_TERM_BYTES / 2);
        for (settings, text) in [
            (
                AnalyzerSettings::swedish(),
                "Feber hos barn. Barnen har feber, febern sjunker; behandlingar och behandling. Söka vård, SÖKA VÅRD, Ödem, café, Café.",
            ),
            (
                AnalyzerSettings::new(Some("english"), &[]),
                "Fevers and fever: running, runs, ran. Running again; fevers again.",
            ),
            (
                AnalyzerSettings::new(Some("arabic"), &["arabic", "eastern-digits"]),
                "الصداع والصداع الحمى والحمى المضادات الحيوية الصداع ـــ الصداع ـــ ٣٨ درجة",
            ),
            (
                AnalyzerSettings::new(None, &["persian", "eastern-digits"]),
                "سردرد و تب می‌خواهم ۳۸ درجه ـــ سردرد",
            ),
        ] {
            let text = format!("{text} {long} word {long_folded} {text}");
            // The reference: tantivy's filters after a tokenizer that caches nothing.
            let words = WordTokenizer {
                norm: settings.normalisers(),
                longest: usize::MAX,
                stemmer: None,
                words: FxHashMap::default(),
                cache_words: 0,
            };
            let builder =
                TextAnalyzer::builder(words).filter(RemoveLongFilter::limit(LONGEST_TERM_BYTES));
            let mut reference = match settings.stemmer.as_deref().and_then(stemmer) {
                Some(language) => builder.filter(Stemmer::new(language)).build(),
                None => builder.build(),
            };
            let mut cached = build_analyzer(&settings);
            let expected = tokens(&mut reference, &text);
            assert!(expected.len() > 10, "{expected:?}");
            // Twice, so the second pass comes from the cache.
            for _ in 0..2 {
                assert_eq!(tokens(&mut cached, &text), expected, "{text}");
            }
        }
    }

    #[test]
    fn swedish_keeps_a_ring_and_stems() {
        assert_eq!(t("sv", "Behandlingar"), t("sv", "behandling"));
        assert_ne!(t("sv", "får"), t("sv", "far"));
        assert_eq!(t("sv", "Café"), t("sv", "cafe"));
    }

    #[test]
    fn english_folds_and_stems() {
        assert_eq!(t("en", "Fevers"), t("en", "fever"));
        assert_eq!(t("en", "naïve"), t("en", "naive"));
    }

    #[test]
    fn arabic_normalisation() {
        assert_eq!(t("ar", "والصداع"), t("ar", "الصداع"));
        assert_eq!(t("ar", "بالصداع"), t("ar", "صداع"));
        assert_eq!(t("ar", "إسهال"), t("ar", "اسهال"));
        assert_eq!(t("ar", "الحُمّى"), t("ar", "الحمى"));
        assert_eq!(t("ar", "حمـــى"), t("ar", "حمى"));
        assert_eq!(t("ar", "مستشفى"), t("ar", "مستشفي"));
        assert_eq!(t("ar", "كحة"), t("ar", "كحه"));
        assert_eq!(t("ar", "١١٧٧"), t("ar", "1177"));
    }

    #[test]
    fn persian_normalisation() {
        // Arabic yeh and kaf typed on an Arabic keyboard find Persian text.
        assert_eq!(t("fa", "كودك"), t("fa", "کودک"));
        assert_eq!(t("fa", "بيماري"), t("fa", "بیماری"));
        // The zero-width non-joiner joins, it does not split.
        assert_eq!(t("fa", "می\u{200C}خواهم"), vec!["میخواهم"]);
        assert_eq!(t("fa", "آنتی\u{200C}بیوتیک"), t("fa", "انتیبیوتیک"));
        assert_eq!(t("fa", "تَب"), t("fa", "تب"));
        assert_eq!(t("fa", "۱۱۷۷"), vec!["1177"]);
        // No Arabic article stripping in Persian.
        assert_eq!(t("fa", "الکل"), vec!["الکل"]);
    }

    #[test]
    fn finnish_stems_inflected_forms() {
        assert_eq!(t("fi", "kuumeen"), t("fi", "kuume"));
        assert_ne!(t("fi", "pää"), t("fi", "paa"));
    }

    #[test]
    fn language_without_stemmer_folds_and_lowercases() {
        assert_eq!(t("so", "Qandho QANDHO"), vec!["qandho", "qandho"]);
        assert_eq!(t("so", "Dhakhtarká"), t("so", "dhakhtarka"));
    }

    #[test]
    fn unknown_settings_are_problems() {
        let s = settings(Some("finish"), &["persain"]);
        assert_eq!(
            s.problems(),
            vec!["unknown stemmer `finish`", "unknown normaliser `persain`"]
        );
        assert!(
            settings(Some("finnish"), &["keep-nordic-letters"])
                .problems()
                .is_empty()
        );
    }
}
