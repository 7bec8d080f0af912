//! Text kept in memory compressed with LZ4. A site holds every article body's HTML and words
//! from validation until its pages and search indexes are built: at 30,000 articles that is about
//! 280 MB as plain strings and about 40 % less packed (BENCHMARKS.md, "Build speed, fourth
//! pass").

use std::fmt;

/// A string stored LZ4-compressed; [`PackedText::unpack`] gives it back.
#[derive(Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct PackedText {
    #[serde(with = "serde_bytes")]
    bytes: Box<[u8]>,
}

impl PackedText {
    pub fn pack(text: &str) -> PackedText {
        if text.is_empty() {
            return PackedText::default();
        }
        PackedText {
            bytes: lz4_flex::compress_prepend_size(text.as_bytes()).into_boxed_slice(),
        }
    }

    /// The text. Only [`PackedText::pack`] makes the bytes, so they always decompress to UTF-8.
    pub fn unpack(&self) -> String {
        if self.bytes.is_empty() {
            return String::new();
        }
        lz4_flex::decompress_size_prepended(&self.bytes)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl fmt::Debug for PackedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.unpack(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for text in [
            "",
            "a",
            "Feber hos barn — när ska man söka vård?",
            &"ord ".repeat(5000),
        ] {
            let packed = PackedText::pack(text);
            assert_eq!(packed.unpack(), text);
            assert_eq!(packed.is_empty(), text.is_empty());
        }
        let long = "ord ".repeat(5000);
        assert!(PackedText::pack(&long).bytes.len() < long.len() / 10);
    }
}
