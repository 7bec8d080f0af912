//! What the editors write, read from disk and parsed: `site.yaml` with its e-services, article
//! files and their front matter, shared snippets, health centres, fee tables, UI translations and
//! the images beside articles. Nothing here knows about pages or output.

pub mod clinics;
pub mod config;
pub mod eservices;
pub mod fees;
pub mod files;
pub mod frontmatter;
pub mod images;
pub mod load;
pub mod names;
pub mod review;
pub mod snippets;
pub mod translations;
pub mod yaml;
