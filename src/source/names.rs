//! What a name in the sources may be: a key (folder, file, region, e-service and topic names,
//! stable across languages) and a slug (the last part of an article's URL, in its language).

/// A stable key: lowercase ASCII letters, digits and single hyphens.
pub fn is_key(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A slug: lowercase letters of any script, digits and single hyphens.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 120
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c == '-' || c.is_ascii_digit() || (c.is_alphabetic() && !c.is_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert!(is_key("vastra-gotaland"));
        assert!(!is_key("Västra"));
        assert!(!is_key("a--b"));
        assert!(!is_key("../etc"));
    }

    #[test]
    fn slugs() {
        assert!(is_valid_slug("feber-hos-vuxna"));
        assert!(is_valid_slug("ögoninflammation"));
        assert!(is_valid_slug("الحمى"));
        assert!(!is_valid_slug("../../etc"));
        assert!(!is_valid_slug("Feber"));
        assert!(!is_valid_slug("a/b"));
        assert!(!is_valid_slug(""));
    }
}
