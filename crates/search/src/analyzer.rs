//! Text analysis per language: split into words, lowercase, fold accents (keeping å, ä and ö
//! distinct in Swedish and the other Nordic languages), normalise Arabic spelling variants and
//! prefixes, then stem with Snowball where tantivy has a stemmer. A language without a stemmer
//! gets the same pipeline without the stemming step, so adding one needs no code change.

use tantivy::tokenizer::{
    Language, RemoveLongFilter, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer,
};
use unicode_normalization::UnicodeNormalization;

/// The tokenizer name registered for a language, e.g. `vg_sv`.
pub fn analyzer_name(lang: &str) -> String {
    format!("vg_{lang}")
}

/// The Snowball stemmer for a language code, if tantivy has one.
pub fn stemmer_for(lang: &str) -> Option<Language> {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang);
    Some(match primary {
        "ar" => Language::Arabic,
        "da" => Language::Danish,
        "nl" => Language::Dutch,
        "en" => Language::English,
        "fi" => Language::Finnish,
        "fr" => Language::French,
        "de" => Language::German,
        "el" => Language::Greek,
        "hu" => Language::Hungarian,
        "it" => Language::Italian,
        "no" | "nb" | "nn" => Language::Norwegian,
        "pt" => Language::Portuguese,
        "ro" => Language::Romanian,
        "ru" => Language::Russian,
        "es" => Language::Spanish,
        "sv" => Language::Swedish,
        "ta" => Language::Tamil,
        "tr" => Language::Turkish,
        _ => return None,
    })
}

/// The analyzer for a language.
pub fn build_analyzer(lang: &str) -> TextAnalyzer {
    let builder = TextAnalyzer::builder(WordTokenizer {
        lang: Lang::of(lang),
    })
    .filter(RemoveLongFilter::limit(48));
    match stemmer_for(lang) {
        Some(language) => builder.filter(Stemmer::new(language)).build(),
        None => builder.build(),
    }
}

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    /// Fold accents but keep å, ä, ö (and æ, ø) as their own letters.
    Nordic,
    Arabic,
    /// Fold all accents.
    Other,
}

impl Lang {
    fn of(code: &str) -> Lang {
        match code.split(['-', '_']).next().unwrap_or(code) {
            "sv" | "fi" | "no" | "nb" | "nn" | "da" | "is" => Lang::Nordic,
            "ar" => Lang::Arabic,
            _ => Lang::Other,
        }
    }
}

/// Normalises one lowercased word for `lang`.
fn normalize_word(lang: Lang, word: &str, out: &mut String) {
    out.clear();
    match lang {
        Lang::Arabic => normalize_arabic(word, out),
        Lang::Nordic => {
            for c in word.chars() {
                if matches!(c, 'å' | 'ä' | 'ö' | 'æ' | 'ø') {
                    out.push(c);
                } else {
                    push_folded(c, out);
                }
            }
        }
        Lang::Other => word.chars().for_each(|c| push_folded(c, out)),
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

/// Arabic: strip tashkeel and tatweel, unify alef forms, ى→ي, ة→ه, and drop the article ال with
/// the particles that attach before it (و، ف، ب، ك، ل), so والصداع, بالصداع and الصداع all become صداع.
fn normalize_arabic(word: &str, out: &mut String) {
    for c in word.chars() {
        match c {
            '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => {}
            'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
            'ى' => out.push('ي'),
            'ة' => out.push('ه'),
            'ؤ' => out.push('و'),
            'ئ' => out.push('ي'),
            _ => out.push(c),
        }
    }
    let stripped = strip_arabic_prefix(out);
    if stripped.len() != out.len() {
        let s = stripped.to_string();
        *out = s;
    }
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

/// Splits text into words (letters, digits and the combining marks inside them), lowercases and
/// normalises each.
#[derive(Clone)]
pub struct WordTokenizer {
    lang: Lang,
}

impl WordTokenizer {
    pub fn new(lang: &str) -> Self {
        WordTokenizer {
            lang: Lang::of(lang),
        }
    }
}

pub struct WordStream<'a> {
    text: &'a str,
    lang: Lang,
    pos: usize,
    token: Token,
    lower: String,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        WordStream {
            text,
            lang: self.lang,
            pos: 0,
            token: Token::default(),
            lower: String::new(),
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || is_combining(c)
        || matches!(c as u32, 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x0640)
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let rest = &self.text[self.pos..];
            let Some(start_rel) = rest.find(is_word_char) else {
                self.pos = self.text.len();
                return false;
            };
            let start = self.pos + start_rel;
            let len = self.text[start..]
                .find(|c: char| !is_word_char(c))
                .unwrap_or(self.text.len() - start);
            let end = start + len;
            self.pos = end;
            self.lower.clear();
            self.lower
                .extend(self.text[start..end].chars().flat_map(char::to_lowercase));
            let mut normalized = String::with_capacity(self.lower.len());
            normalize_word(self.lang, &self.lower, &mut normalized);
            if normalized.is_empty() {
                continue;
            }
            self.token.text = normalized;
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

    fn t(lang: &str, text: &str) -> Vec<String> {
        terms(&mut build_analyzer(lang), text)
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
    }

    #[test]
    fn language_without_stemmer_still_tokenises() {
        assert!(stemmer_for("so").is_none());
        assert_eq!(t("so", "Qandho QANDHO"), vec!["qandho", "qandho"]);
    }
}
