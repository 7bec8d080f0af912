//! Alphabetical order per language, for the A–Ö index and every sorted list. Uses ICU4X's CLDR
//! collation (in Swedish å, ä and ö sort after z) and groups titles under the letters of the
//! language's alphabet, which comes from its translations (`a_o.alphabet`).

use std::cmp::Ordering;

use icu_collator::options::{CollatorOptions, Strength};
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};
use unicode_normalization::UnicodeNormalization;

/// Compares strings the way a language's readers expect.
pub struct Collation {
    collator: Option<CollatorBorrowed<'static>>,
}

impl Collation {
    pub fn new(lang: &str) -> Self {
        let mut options = CollatorOptions::default();
        options.strength = Some(Strength::Tertiary);
        let collator = icu_locale_core::Locale::try_from_str(lang)
            .ok()
            .and_then(|l| Collator::try_new(CollatorPreferences::from(&l), options).ok());
        Collation { collator }
    }

    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        match &self.collator {
            Some(c) => c.compare(a, b).then_with(|| a.cmp(b)),
            None => a.cmp(b),
        }
    }
}

/// The heading letter a title is listed under: its first letter if that is in `alphabet`,
/// else the letter without its accent or hamza (É → E, أ → ا), else `None` ("other").
pub fn letter_of(title: &str, alphabet: &[String]) -> Option<String> {
    let first = title
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .next()?;
    let upper: String = first.to_uppercase().collect();
    if alphabet.contains(&upper) {
        return Some(upper);
    }
    let base: String = upper.nfd().filter(|c| !is_combining(*c)).collect();
    alphabet.iter().find(|l| **l == base).cloned()
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670)
}

/// Items under one letter of the A–Ö index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterGroup<T> {
    /// `None` for titles that start with something outside the alphabet.
    pub letter: Option<String>,
    pub items: Vec<T>,
}

/// The leading words a language files titles without (`a_o.ignore_prefixes`: Arabic files
/// الحمى under ح), and the words that only look like they begin with one
/// (`a_o.prefix_words`: the ال of التهاب belongs to the word, which is filed under ا).
#[derive(Debug, Clone, Default)]
pub struct Prefixes {
    pub ignore: Vec<String>,
    pub words: Vec<String>,
}

impl Prefixes {
    /// `title` without the first ignored prefix it starts with, unless its first word is one of
    /// [`Prefixes::words`] or nothing would be left.
    pub fn strip<'a>(&self, title: &'a str) -> &'a str {
        let first_word = title.split_whitespace().next().unwrap_or_default();
        if self
            .words
            .iter()
            .any(|w| first_word.starts_with(w.as_str()))
        {
            return title;
        }
        self.ignore
            .iter()
            .filter(|p| !p.is_empty())
            .find_map(|p| title.strip_prefix(p.as_str()))
            .filter(|rest| !rest.trim().is_empty())
            .unwrap_or(title)
    }
}

/// Sorts `items` by `title` with `collation` and groups them by letter, in alphabet order, the
/// "other" group last. Titles are sorted and grouped without a leading word from
/// `ignore_prefixes` (the language's `a_o.ignore_prefixes`), and shown whole. Letters without
/// items are returned too (empty), so the index can show the whole alphabet.
pub fn group_by_letter<T>(
    mut items: Vec<T>,
    title: impl Fn(&T) -> &str,
    alphabet: &[String],
    collation: &Collation,
    prefixes: &Prefixes,
) -> Vec<LetterGroup<T>> {
    fn key<'t, T>(t: &'t T, title: &impl Fn(&T) -> &str, prefixes: &Prefixes) -> &'t str {
        prefixes.strip(title(t))
    }
    items.sort_by(|a, b| {
        collation
            .compare(key(a, &title, prefixes), key(b, &title, prefixes))
            .then_with(|| collation.compare(title(a), title(b)))
    });
    let mut groups: Vec<LetterGroup<T>> = alphabet
        .iter()
        .map(|l| LetterGroup {
            letter: Some(l.clone()),
            items: Vec::new(),
        })
        .collect();
    let mut other = LetterGroup {
        letter: None,
        items: Vec::new(),
    };
    for item in items {
        match letter_of(key(&item, &title, prefixes), alphabet)
            .and_then(|l| groups.iter().position(|g| g.letter.as_deref() == Some(&l)))
        {
            Some(i) => groups[i].items.push(item),
            None => other.items.push(item),
        }
    }
    if !other.items.is_empty() {
        groups.push(other);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alphabet(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn swedish_sorts_a_ring_after_z() {
        let c = Collation::new("sv");
        let mut words = vec!["Öra", "Ärr", "Åksjuka", "Zink", "Astma"];
        words.sort_by(|a, b| c.compare(a, b));
        assert_eq!(words, ["Astma", "Zink", "Åksjuka", "Ärr", "Öra"]);
        let en = Collation::new("en");
        let mut words = vec!["Öra", "Zink", "Astma"];
        words.sort_by(|a, b| en.compare(a, b));
        assert_eq!(words, ["Astma", "Öra", "Zink"]);
    }

    #[test]
    fn letters_and_groups() {
        let sv = alphabet("A B C D E Z Å Ä Ö");
        assert_eq!(letter_of("ögoninflammation", &sv).as_deref(), Some("Ö"));
        assert_eq!(letter_of("Éclair", &sv).as_deref(), Some("E"));
        assert_eq!(letter_of("123", &sv), None);
        let ar = alphabet("ا ب ت");
        assert_eq!(letter_of("أنفلونزا", &ar).as_deref(), Some("ا"));
        let groups = group_by_letter(
            vec!["Öra", "Astma", "Ärr", "7 tips"],
            |s| s,
            &sv,
            &Collation::new("sv"),
            &Prefixes::default(),
        );
        let letters: Vec<_> = groups
            .iter()
            .filter(|g| !g.items.is_empty())
            .map(|g| g.letter.clone())
            .collect();
        assert_eq!(
            letters,
            [Some("A".into()), Some("Ä".into()), Some("Ö".into()), None]
        );
    }

    #[test]
    fn arabic_groups_without_the_article() {
        let ar = alphabet("ا ب ح ص");
        // The ال of التهاب (inflammation) is part of the word: filed under ا.
        let groups = group_by_letter(
            vec!["الصداع", "الحمى", "البرد", "احتقان", "التهاب الحلق"],
            |s| s,
            &ar,
            &Collation::new("ar"),
            &Prefixes {
                ignore: vec!["ال".to_string()],
                words: vec!["التهاب".to_string()],
            },
        );
        let filled: Vec<(String, Vec<&str>)> = groups
            .into_iter()
            .filter(|g| !g.items.is_empty())
            .map(|g| (g.letter.unwrap_or_default(), g.items))
            .collect();
        assert_eq!(
            filled,
            [
                ("ا".to_string(), vec!["احتقان", "التهاب الحلق"]),
                ("ب".to_string(), vec!["البرد"]),
                ("ح".to_string(), vec!["الحمى"]),
                ("ص".to_string(), vec!["الصداع"]),
            ]
        );
    }

    #[test]
    fn persian_and_finnish_orders() {
        // Persian: پ after ب, چ after ج, ژ after ز, گ after ک (not where Arabic sorts them).
        let fa = Collation::new("fa");
        let mut words = vec!["گوش", "کودک", "ژل", "زخم", "چشم", "جوش", "پا", "بینی"];
        words.sort_by(|a, b| fa.compare(a, b));
        assert_eq!(
            words,
            ["بینی", "پا", "جوش", "چشم", "زخم", "ژل", "کودک", "گوش"]
        );
        // Finnish: å, ä, ö after z; v and w apart, as in CLDR's standard Finnish order.
        let fi = Collation::new("fi");
        let mut words = vec!["öljy", "äiti", "åland", "zeta", "wc", "vesi", "aamu"];
        words.sort_by(|a, b| fi.compare(a, b));
        assert_eq!(
            words,
            ["aamu", "vesi", "wc", "zeta", "åland", "äiti", "öljy"]
        );
    }
}
