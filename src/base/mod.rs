//! The bottom layer: what every stage uses and that knows nothing of sites. Diagnostics (file,
//! line, column, hint), alphabetical order per language, and readability measures.

pub mod collation;
pub mod diagnostics;
pub mod readability;
