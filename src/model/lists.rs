//! Lists of articles (A–Ö, a kind, a topic) and how a long one is split into a page per letter.
//! Owns which articles a list holds, the letter each article is listed under, each language's
//! letter pages (their URL segments and labels) and, per list, which letters have articles. The
//! page graph ([`crate::graph::pages`]) reads it for the pages that exist and what each is made from;
//! rendering reads it for what each page shows.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::base::collation::{Prefixes, letter_of};
use crate::model::article::Article;
use crate::source::config::Config;
use crate::source::frontmatter::Kind;
use crate::source::translations::Translations;

/// A list of articles, shown in each language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum List<'a> {
    /// Every article, from A to Ö.
    AO,
    Kind(Kind),
    Topic(&'a str),
}

impl<'a> List<'a> {
    /// Every list of a site, in the order their pages are listed.
    pub fn all(config: &'a Config) -> Vec<List<'a>> {
        let mut lists: Vec<List<'a>> = Kind::ALL.iter().map(|k| List::Kind(*k)).collect();
        lists.extend(config.topics.iter().map(|t| List::Topic(t)));
        lists.push(List::AO);
        lists
    }

    /// Whether `article` belongs in the list.
    pub fn holds(&self, article: &Article) -> bool {
        match *self {
            List::AO => true,
            List::Kind(kind) => article.kind == kind,
            List::Topic(topic) => article.topics.iter().any(|t| t == topic),
        }
    }

    /// The part of the list page's URL after `/<lang>/`.
    pub fn rest(&self) -> String {
        match *self {
            List::AO => "a-o/".into(),
            List::Kind(kind) => format!("kinds/{}/", kind.as_str()),
            List::Topic(topic) => format!("topics/{topic}/"),
        }
    }
}

/// The prefixes a language files titles without, and the words that keep theirs
/// (`a_o.ignore_prefixes`, `a_o.prefix_words`).
pub fn prefixes(translations: &Translations, lang: &str) -> Prefixes {
    Prefixes {
        ignore: translations
            .list(lang, "a_o.ignore_prefixes")
            .unwrap_or_default(),
        words: translations
            .list(lang, "a_o.prefix_words")
            .unwrap_or_default(),
    }
}

/// One language's letters as lists use them: the alphabet of its `a_o.alphabet`, then one group
/// for titles that start with anything else.
#[derive(Debug, Clone, Default)]
pub struct Alphabet {
    /// The letters as shown (`Å`), then the label of the last group (`a_o.other`).
    pub labels: Vec<String>,
    /// The letters as URL segments (`å`), then `other`.
    pub segments: Vec<String>,
    alphabet: Vec<String>,
    prefixes: Prefixes,
}

impl Alphabet {
    fn new(translations: &Translations, lang: &str) -> Alphabet {
        let alphabet = translations.list(lang, "a_o.alphabet").unwrap_or_default();
        let prefixes = prefixes(translations, lang);
        let other = translations
            .text(lang, "a_o.other")
            .unwrap_or_else(|_| "…".into());
        let mut segments: Vec<String> = Vec::with_capacity(alphabet.len() + 1);
        for (i, letter) in alphabet.iter().enumerate() {
            let lower = letter.to_lowercase();
            // A letter that cannot stand as a URL segment on its own (or that lowercases to one
            // already taken) is named by its place instead.
            let usable = crate::source::names::is_valid_slug(&lower)
                && lower != OTHER_SEGMENT
                && !segments.contains(&lower);
            segments.push(if usable {
                lower
            } else {
                format!("letter-{}", i + 1)
            });
        }
        segments.push(OTHER_SEGMENT.into());
        let mut labels = alphabet.clone();
        labels.push(other);
        Alphabet {
            labels,
            segments,
            alphabet,
            prefixes,
        }
    }

    /// The group a title is listed under: its place in [`Alphabet::segments`].
    pub fn group_of(&self, title: &str) -> usize {
        letter_of(self.prefixes.strip(title), &self.alphabet)
            .and_then(|l| self.alphabet.iter().position(|a| *a == l))
            .unwrap_or(self.alphabet.len())
    }

    /// The group whose URL segment is `segment`.
    pub fn group_named(&self, segment: &str) -> Option<usize> {
        self.segments.iter().position(|s| s == segment)
    }
}

/// The URL segment of the group of titles outside the alphabet.
const OTHER_SEGMENT: &str = "other";

/// Every language's alphabet, the group of every article, and how many articles each list has
/// under each letter. Made once per site, from its articles' titles and the translations.
#[derive(Debug, Clone, Default)]
pub struct ListIndex {
    alphabets: HashMap<String, Alphabet>,
    /// The group of each article of the site, by its place in `Site::articles`.
    group: Vec<usize>,
    /// language → group → the places of the language's articles under it, in order: a letter
    /// page reads its own articles rather than every article of the site.
    members: HashMap<String, Vec<Vec<usize>>>,
    /// (language, list) → articles under each group of the language's alphabet.
    counts: HashMap<(String, ListKey), Vec<usize>>,
    /// Articles in all, each with its versions counted once.
    keys: usize,
    split_above: usize,
}

/// A [`List`] that owns its topic, for keeping.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum ListKey {
    AO,
    Kind(Kind),
    Topic(String),
}

impl From<List<'_>> for ListKey {
    fn from(list: List<'_>) -> ListKey {
        match list {
            List::AO => ListKey::AO,
            List::Kind(k) => ListKey::Kind(k),
            List::Topic(t) => ListKey::Topic(t.to_string()),
        }
    }
}

impl ListIndex {
    /// The index of `articles` (in the site's order) under `config`'s languages and lists.
    pub fn new(config: &Config, translations: &Translations, articles: &[Article]) -> ListIndex {
        let alphabets: HashMap<String, Alphabet> = config
            .language_codes()
            .map(|l| (l.to_string(), Alphabet::new(translations, l)))
            .collect();
        let lists = List::all(config);
        let langs: Vec<&str> = config.language_codes().collect();
        // Each article's letter group, on every core: finding a title's letter is most of the
        // work.
        let group: Vec<usize> = articles
            .par_iter()
            .map(|a| alphabets.get(&a.lang).map_or(0, |al| al.group_of(&a.title)))
            .collect();
        // Counted by the places of the language and the list (no key made per article), and
        // keyed by name at the end.
        let place_of = |list: List<'_>| lists.iter().position(|l| *l == list);
        let topic_places: HashMap<&str, usize> = lists
            .iter()
            .enumerate()
            .filter_map(|(p, l)| match l {
                List::Topic(t) => Some((*t, p)),
                _ => None,
            })
            .collect();
        let kind_places: Vec<(Kind, Option<usize>)> = Kind::ALL
            .iter()
            .map(|k| (*k, place_of(List::Kind(*k))))
            .collect();
        let ao_place = place_of(List::AO);
        let mut tallies: Vec<Vec<Vec<usize>>> = langs
            .iter()
            .map(|lang| {
                let len = alphabets.get(*lang).map_or(1, |a| a.segments.len());
                lists.iter().map(|_| vec![0; len]).collect()
            })
            .collect();
        let mut members: Vec<(&str, Vec<Vec<usize>>)> = Vec::new();
        for (i, (a, &g)) in articles.iter().zip(&group).enumerate() {
            let at = match members.iter().position(|(lang, _)| *lang == a.lang) {
                Some(at) => at,
                None => {
                    members.push((a.lang.as_str(), Vec::new()));
                    members.len() - 1
                }
            };
            let groups = &mut members[at].1;
            if groups.len() <= g {
                groups.resize_with(g + 1, Vec::new);
            }
            groups[g].push(i);
            let Some(tally) = langs
                .iter()
                .position(|lang| *lang == a.lang)
                .and_then(|l| tallies.get_mut(l))
            else {
                continue;
            };
            let kind = kind_places
                .iter()
                .find(|(k, _)| *k == a.kind)
                .and_then(|(_, p)| *p);
            // A topic named twice in one article is counted once, as the list holds it once.
            let topics = a.topics.iter().enumerate().filter_map(|(j, t)| {
                let first = !a.topics[..j].contains(t);
                topic_places.get(t.as_str()).copied().filter(|_| first)
            });
            for p in kind.into_iter().chain(topics).chain(ao_place) {
                if let Some(c) = tally[p].get_mut(g) {
                    *c += 1;
                }
            }
        }
        let mut counts: HashMap<(String, ListKey), Vec<usize>> = HashMap::new();
        for (lang, tally) in langs.iter().zip(tallies) {
            for (list, c) in lists.iter().zip(tally) {
                counts.insert((lang.to_string(), (*list).into()), c);
            }
        }
        let members: HashMap<String, Vec<Vec<usize>>> = members
            .into_iter()
            .map(|(lang, groups)| (lang.to_string(), groups))
            .collect();
        let keys = articles
            .iter()
            .zip(articles.iter().skip(1))
            .filter(|(a, b)| a.key != b.key)
            .count()
            + usize::from(!articles.is_empty());
        ListIndex {
            alphabets,
            group,
            members,
            counts,
            keys,
            split_above: config.split_lists_above,
        }
    }

    /// The alphabet of `lang`.
    pub fn alphabet(&self, lang: &str) -> Option<&Alphabet> {
        self.alphabets.get(lang)
    }

    /// The group of the article at `index` in `Site::articles`.
    pub fn group_of_article(&self, index: usize) -> usize {
        self.group[index]
    }

    /// The places in `Site::articles` of the articles of `lang` under letter group `group`, in
    /// order.
    pub fn members(&self, lang: &str, group: usize) -> &[usize] {
        self.members
            .get(lang)
            .and_then(|groups| groups.get(group))
            .map_or(&[], Vec::as_slice)
    }

    /// How many articles `list` has in `lang` under each letter group.
    pub fn counts(&self, lang: &str, list: List<'_>) -> &[usize] {
        self.counts
            .get(&(lang.to_string(), list.into()))
            .map_or(&[], Vec::as_slice)
    }

    /// How many articles `list` has in `lang`.
    pub fn len(&self, lang: &str, list: List<'_>) -> usize {
        self.counts(lang, list).iter().sum()
    }

    /// Whether `list` in `lang` is long enough to get a page per letter.
    pub fn is_split(&self, lang: &str, list: List<'_>) -> bool {
        self.len(lang, list) > self.split_above
    }

    /// Whether the languages overview shows its table of every article in every language: not
    /// when the site has more articles than a long list.
    pub fn shows_coverage_table(&self) -> bool {
        self.keys <= self.split_above
    }

    /// The letter pages of `list` in `lang`, as (group, URL segment): those with articles, in
    /// alphabet order. Empty when the list is shown whole.
    pub fn letter_pages<'s>(&'s self, lang: &str, list: List<'_>) -> Vec<(usize, &'s str)> {
        if !self.is_split(lang, list) {
            return Vec::new();
        }
        let Some(alphabet) = self.alphabets.get(lang) else {
            return Vec::new();
        };
        self.counts(lang, list)
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(g, _)| (g, alphabet.segments[g].as_str()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alphabet(letters: &[&str], ignore: &[&str]) -> Alphabet {
        let alphabet: Vec<String> = letters.iter().map(|s| s.to_string()).collect();
        Alphabet {
            labels: alphabet.iter().cloned().chain(["Other".into()]).collect(),
            segments: alphabet
                .iter()
                .map(|l| l.to_lowercase())
                .chain([OTHER_SEGMENT.into()])
                .collect(),
            alphabet,
            prefixes: Prefixes {
                ignore: ignore.iter().map(|s| s.to_string()).collect(),
                words: Vec::new(),
            },
        }
    }

    #[test]
    fn titles_are_grouped_by_their_first_letter_after_an_ignored_prefix() {
        let a = alphabet(&["A", "B", "Å"], &["Om "]);
        assert_eq!(a.group_of("Benbrott"), 1);
        assert_eq!(a.group_of("ålder"), 2);
        assert_eq!(a.group_of("Om astma"), 0);
        assert_eq!(a.group_of("3-dagarsfeber"), 3);
        assert_eq!(a.group_named("å"), Some(2));
        assert_eq!(a.group_named("other"), Some(3));
        assert_eq!(a.group_named("x"), None);
    }
}
