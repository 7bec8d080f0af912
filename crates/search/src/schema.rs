//! The fields of a search document. Articles and health centres share one schema; `type` tells
//! them apart so results can be grouped or filtered.

use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::analyzer::analyzer_name;

/// Handles to the fields of a language's index.
#[derive(Debug, Clone)]
pub struct Fields {
    pub schema: Schema,
    /// `article` or `clinic` (not analysed).
    pub doc_type: Field,
    /// Root-relative URL of the page.
    pub url: Field,
    pub title: Field,
    pub summary: Field,
    /// Full text; indexed with positions for phrase queries, not stored (keeps the index small).
    pub body: Field,
    pub topics: Field,
    /// Translated label: "Symtom", "Vårdcentral", …
    pub kind: Field,
}

/// The document types in an index.
pub const ARTICLE: &str = "article";
pub const CLINIC: &str = "clinic";

impl Fields {
    pub fn new(lang: &str) -> Fields {
        let name = analyzer_name(lang);
        let text = |stored: bool, positions: bool| {
            let record = if positions {
                IndexRecordOption::WithFreqsAndPositions
            } else {
                IndexRecordOption::WithFreqs
            };
            let opts = TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(&name)
                    .set_index_option(record),
            );
            if stored { opts.set_stored() } else { opts }
        };
        let mut b = Schema::builder();
        let doc_type = b.add_text_field("type", STRING | STORED);
        let url = b.add_text_field("url", STORED);
        let title = b.add_text_field("title", text(true, true));
        let summary = b.add_text_field("summary", text(true, true));
        let body = b.add_text_field("body", text(false, true));
        let topics = b.add_text_field("topics", text(false, false));
        let kind = b.add_text_field("kind", STORED);
        Fields {
            schema: b.build(),
            doc_type,
            url,
            title,
            summary,
            body,
            topics,
            kind,
        }
    }

    /// Fields searched for words, with their boosts.
    pub fn weighted(&self) -> [(Field, f32); 4] {
        [
            (self.title, 4.0),
            (self.summary, 1.5),
            (self.topics, 1.5),
            (self.body, 1.0),
        ]
    }
}
