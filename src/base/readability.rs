//! Readability: LIX (läsbarhetsindex, C.-H. Björnsson 1968), the measure Swedish easy-to-read
//! guidance uses: words per sentence plus the share of long words (more than six letters) in
//! percent. A body's words and sentences are counted while it is rendered ([`Tally`]); sentences
//! end at `.`, `!`, `?` and `:`, and every heading, list item, table cell and paragraph ends
//! one too.
//!
//! LIX is published for Swedish and is used for the other Scandinavian languages and English;
//! it does not fit Finnish (long compound and case-inflected words), Arabic and Persian (words
//! written without short vowels) or Somali, so `check` reports it for Swedish and English only.

use serde::{Deserialize, Serialize};

/// The languages LIX is reported for.
pub const LIX_LANGUAGES: &[&str] = &["sv", "en"];

/// The bands of the LIX scale (Björnsson): the highest score of each, and its name.
pub const BANDS: &[(f64, &str)] = &[
    (25.0, "very easy"),
    (30.0, "easy"),
    (40.0, "medium"),
    (50.0, "hard"),
    (f64::INFINITY, "very hard"),
];

/// The highest LIX an easy-to-read version may have: the top of Björnsson's "easy" band, the
/// target the Swedish easy-to-read guidance this project follows uses (docs/easy-to-read.md).
/// `check` warns above it.
pub const EASY_MAX_LIX: f64 = 30.0;

/// How many of a body's longest sentences are kept (for an editor to shorten first).
const LONGEST: usize = 3;

/// A body's counts, kept with it in the build cache.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Readability {
    pub words: usize,
    pub sentences: usize,
    /// Words of more than six letters.
    pub long_words: usize,
    /// The longest sentences: (line, words), longest first.
    pub longest: Vec<(usize, usize)>,
}

impl Readability {
    /// LIX: words per sentence + 100 × long words / words. `None` for a body without words.
    pub fn lix(&self) -> Option<f64> {
        (self.words > 0 && self.sentences > 0).then(|| {
            self.words as f64 / self.sentences as f64
                + 100.0 * self.long_words as f64 / self.words as f64
        })
    }
}

/// The name of the LIX band `score` falls in.
pub fn band(score: f64) -> &'static str {
    BANDS
        .iter()
        .find(|(top, _)| score < *top)
        .map_or("very hard", |(_, name)| name)
}

/// Counts words and sentences as a body's text goes by.
#[derive(Debug, Default)]
pub struct Tally {
    counts: Readability,
    /// The sentence being read: its first line and its words so far.
    current: Option<(usize, usize)>,
    sentences: Vec<(usize, usize)>,
}

/// `char::is_alphabetic`, answered from a table for the Basic Multilingual Plane: the standard
/// library searches its Unicode tables for every letter outside ASCII, which was about 5 % of a
/// build of Arabic and Swedish text (perf, 2026-12-07).
fn is_letter(c: char) -> bool {
    static PLANE: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    let n = c as usize;
    if n >= 0x1_0000 {
        return c.is_alphabetic();
    }
    let plane = PLANE.get_or_init(|| {
        let mut bits = vec![0u64; 0x1_0000 / 64];
        for (n, c) in (0..0x1_0000u32).filter_map(|n| Some((n as usize, char::from_u32(n)?))) {
            if c.is_alphabetic() {
                bits[n / 64] |= 1 << (n % 64);
            }
        }
        bits
    });
    plane[n / 64] >> (n % 64) & 1 == 1
}

impl Tally {
    /// A piece of text that starts on `line`.
    pub fn text(&mut self, text: &str, line: usize) {
        for (i, piece) in text.split('\n').enumerate() {
            let at = line + i;
            for word in piece.split_whitespace() {
                let letters = word.chars().filter(|&c| is_letter(c)).count();
                if letters == 0 {
                    if ends_sentence(word) {
                        self.end();
                    }
                    continue;
                }
                self.counts.words += 1;
                if letters > 6 {
                    self.counts.long_words += 1;
                }
                let current = self.current.get_or_insert((at, 0));
                current.1 += 1;
                if ends_sentence(word) {
                    self.end();
                }
            }
        }
    }

    /// The end of a paragraph, heading, list item or table cell: the end of a sentence too.
    pub fn end(&mut self) {
        if let Some(sentence) = self.current.take() {
            self.counts.sentences += 1;
            self.sentences.push(sentence);
        }
    }

    pub fn finish(mut self) -> Readability {
        self.end();
        self.sentences
            .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        self.sentences.truncate(LONGEST);
        // Kept for every article of a site: without the room the other sentences took.
        self.sentences.shrink_to_fit();
        self.counts.longest = self.sentences;
        self.counts
    }
}

fn ends_sentence(word: &str) -> bool {
    let end = word.trim_end_matches(['"', '\'', ')', '”', '’', '»', '*', '_']);
    end.ends_with(['.', '!', '?', ':', '؟', '۔'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_letter_table_agrees_with_the_standard_library() {
        for n in 0..0x11_0000u32 {
            if let Some(c) = char::from_u32(n) {
                assert_eq!(is_letter(c), c.is_alphabetic(), "U+{n:04X}");
            }
        }
    }

    /// Ensure LIX is computed as Björnsson defines it, on a text worked out by hand.
    #[test]
    fn lix_of_a_text_worked_out_by_hand() {
        let mut t = Tally::default();
        // 10 words; 3 sentences (a period, a paragraph's end, a period); 3 long words
        // (feberfritt, förskolan, läkemedel; "Barnet" has six letters, not more).
        t.text("Barnet är feberfritt. Det får gå till förskolan", 1);
        t.end();
        t.text("utan läkemedel.", 3);
        let r = t.finish();
        assert_eq!((r.words, r.sentences, r.long_words), (10, 3, 3));
        let lix = r.lix().expect("words");
        assert!(
            (lix - (10.0 / 3.0 + 100.0 * 3.0 / 10.0)).abs() < 1e-9,
            "{lix}"
        );
        assert_eq!(r.longest, [(1, 5), (1, 3), (3, 2)]);
        assert_eq!(band(20.0), "very easy");
        assert_eq!(band(36.3), "medium");
        assert_eq!(band(60.0), "very hard");
    }
}
