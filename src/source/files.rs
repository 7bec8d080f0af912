//! One file as the editors wrote it: a text file decoded (UTF-8 without NUL bytes, line endings
//! normalised, errors with their line and column) or a binary file copied as it is. Every reader
//! of sources uses these, so a file is decoded the same way everywhere.

use std::path::{Path, PathBuf};

use crate::base::diagnostics::{Diagnostic, relative};

/// A text file of the site, with its path relative to the site root.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// A file copied as it is (an image beside an article, a theme asset).
#[derive(Debug, Clone)]
pub struct BinaryFile {
    /// Path relative to the site root.
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Reads a UTF-8 text file, rejecting invalid UTF-8 and NUL bytes with their position.
pub fn read_text(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    let rel = relative(root, path);
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(rel.clone(), format!("cannot read file: {e}")))?;
    let text = decode(&bytes).map_err(|(msg, line, col, help)| {
        Diagnostic::error(rel.clone(), msg)
            .at_line(line, col)
            .help(help)
    })?;
    Ok(SourceFile { path: rel, text })
}

/// UTF-8 text without NUL bytes, a leading byte-order mark removed and line endings normalised.
pub fn decode(bytes: &[u8]) -> Result<String, (String, usize, usize, String)> {
    // simdutf8 checks a large site's 300 MB of text several times faster than the standard
    // library; on invalid text the standard library's error says where.
    let text = match simdutf8::basic::from_utf8(bytes).or_else(|_| std::str::from_utf8(bytes)) {
        Ok(t) => t,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let (line, col) = line_col(valid);
            return Err((
                "the file is not valid UTF-8 text".to_string(),
                line,
                col,
                "save the file as UTF-8 in your editor".to_string(),
            ));
        }
    };
    if let Some(i) = text.find('\0') {
        let (line, col) = line_col(&bytes[..i]);
        return Err((
            "the file contains a NUL byte".to_string(),
            line,
            col,
            "remove the invisible NUL character (it often comes from copying out of another program)".to_string(),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    })
}

fn line_col(prefix: &[u8]) -> (usize, usize) {
    let text = String::from_utf8_lossy(prefix);
    let line = text.matches('\n').count() + 1;
    let col = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_reports_invalid_utf8_and_nul_positions() {
        let e = decode(b"ok\nab\xffc").unwrap_err();
        assert_eq!((e.1, e.2), (2, 3));
        let e = decode(b"a\0").unwrap_err();
        assert!(e.0.contains("NUL"));
        assert_eq!(decode(b"\xef\xbb\xbfa\r\nb").unwrap(), "a\nb");
    }
}
