//! Text compressed with LZ4: a body's HTML blocks and words, about 40 % smaller than as plain
//! strings (BENCHMARKS.md, "Build speed, fourth pass"), whether the body is kept in memory
//! (`serve`) or in a build's spill file and body store ([`crate::cache`]).

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

    /// The text. Only [`PackedText::pack`] makes the bytes (the cache's stores are sealed with a
    /// checksum, so what they give back was packed here too), so they always decompress to
    /// UTF-8. Bytes that did not would be a bug, which stops the build rather than publishing an
    /// empty page.
    pub fn unpack(&self) -> String {
        if self.bytes.is_empty() {
            return String::new();
        }
        let bytes = lz4_flex::decompress_size_prepended(&self.bytes)
            .expect("a packed text decompresses: only PackedText::pack makes the bytes");
        String::from_utf8(bytes).expect("a packed text is UTF-8: it was packed from a &str")
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
