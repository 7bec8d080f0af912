//! Markdown bodies: the one place pulldown-cmark is configured. A body is split into `:::` blocks
//! (see [`blocks`]), each block's Markdown is parsed once, `article:<key>` links are resolved,
//! relative images are checked, and the HTML is cleaned with an allow-list ([`sanitize`]). The
//! plain text is kept for search.

pub mod blocks;
pub mod packed;
pub mod sanitize;

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::base::diagnostics::Diagnostic;
pub use blocks::{CareLevel, SegmentKind};
pub use packed::PackedText;
pub use sanitize::Sanitizer;

/// One rendered piece of a body: plain content, a care card or a regional note. The theme's
/// templates draw the card and note frames, so labels are translated there.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct BodyBlock {
    pub kind: SegmentKind,
    /// Sanitised HTML, read through [`BodyBlock::html`].
    html: PackedText,
}

impl BodyBlock {
    /// The block's sanitised HTML.
    pub fn html(&self) -> String {
        self.html.unpack()
    }
}

/// What a body shows: its HTML blocks and its words. The bulk of a body; a build with a cache
/// reads it back from the body store only when a page or the search index needs it
/// ([`StoredContent`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct BodyContent {
    pub blocks: Vec<BodyBlock>,
    /// The words of the body, for search.
    pub text: PackedText,
}

/// What every build needs of a body: small, and read for every article.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BodyFace {
    /// Article keys this body links to.
    pub links: BTreeSet<String>,
    /// Editorial findings: images without alt text (an error), skipped heading levels and
    /// plain-http links (warnings).
    pub notes: Vec<Note>,
    /// The regions this body has notes for (`:::region` blocks).
    pub regions: BTreeSet<String>,
    /// The body's sections (`##` headings): their ids and texts, for a contents list.
    pub sections: Vec<Section>,
    /// Its words and sentences, for `check`'s readability report.
    pub readability: crate::base::readability::Readability,
    /// Level of the last heading seen (the title is level 1).
    last_heading: u8,
    /// A hash of the content and everything above, made when the body is rendered: what the
    /// page graph's fingerprints read, so they need not hash every body's text again, and what
    /// content read back from a store is checked against.
    digest: u64,
}

/// A section of a body: a `##` heading, with the id it is linked to by.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Section {
    pub id: String,
    pub title: String,
}

/// The id of a section headed `title` (`h-` and its words in lowercase, joined by `-`), unique
/// among `taken`.
fn section_id(title: &str, taken: &[Section]) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let base = format!("h-{}", words.join("-"));
    let mut id = base.clone();
    let mut n = 1;
    while taken.iter().any(|s| s.id == id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    id
}

impl BodyFace {
    /// Gives back the room its lists and texts grew into: a site keeps every article's face for
    /// the whole build, and that room was about half its size.
    fn shrink(&mut self) {
        self.notes.shrink_to_fit();
        self.sections.shrink_to_fit();
        for section in &mut self.sections {
            section.id.shrink_to_fit();
            section.title.shrink_to_fit();
        }
    }

    fn digest_of(&self, content: &BodyContent) -> u64 {
        let mut h = std::hash::DefaultHasher::new();
        (
            &content.blocks,
            &content.text,
            &self.links,
            &self.notes,
            &self.regions,
            &self.sections,
            self.last_heading,
            &self.readability,
        )
            .hash(&mut h);
        h.finish()
    }
}

/// Where a body's content is when it is not kept in memory: the build cache's body store, or
/// the file a build puts each body in as soon as it is rendered ([`crate::cache::Spill`]).
pub trait StoredContent: Send + Sync + std::fmt::Debug {
    /// The content, or `None` when it cannot be read back.
    fn read(&self) -> Option<BodyContent>;
    /// The content's bytes as the store holds them (so that they can be copied to another store
    /// without being decoded), or `None` when they cannot be read.
    fn bytes(&self) -> Option<Vec<u8>>;
    /// The store itself, so that the build cache can tell where in its files the content is.
    fn as_any(&self) -> &dyn std::any::Any;
    /// The file the content is in, named when it cannot be read back.
    fn origin(&self) -> Option<std::path::PathBuf> {
        None
    }
}

/// A body's content: in memory, or in a store and read each time it is used (a large site's
/// bodies do not fit in memory together).
#[derive(Debug)]
enum Content {
    Here(BodyContent),
    Stored {
        from: Arc<dyn StoredContent>,
        /// The store could not give it back (see [`RenderedBody::is_unreadable`]).
        failed: AtomicBool,
    },
}

impl Clone for Content {
    fn clone(&self) -> Self {
        match self {
            Content::Here(c) => Content::Here(c.clone()),
            Content::Stored { from, failed } => Content::Stored {
                from: Arc::clone(from),
                failed: AtomicBool::new(failed.load(Ordering::Relaxed)),
            },
        }
    }
}

/// A Markdown body turned into HTML blocks and plain text. Kept across builds in the build
/// cache ([`crate::cache`]), so it can be written and read back; its content may stay there
/// until it is asked for ([`RenderedBody::stored`]).
#[derive(Debug, Clone)]
pub struct RenderedBody {
    face: BodyFace,
    content: Content,
}

impl Default for RenderedBody {
    fn default() -> Self {
        let face = BodyFace {
            last_heading: 1,
            ..BodyFace::default()
        };
        RenderedBody::new(face, BodyContent::default())
    }
}

impl RenderedBody {
    fn new(mut face: BodyFace, content: BodyContent) -> RenderedBody {
        face.digest = face.digest_of(&content);
        face.shrink();
        RenderedBody {
            face,
            content: Content::Here(content),
        }
    }

    /// A body whose content stays in `from`, read each time it is asked for.
    pub fn stored(face: BodyFace, from: Arc<dyn StoredContent>) -> RenderedBody {
        RenderedBody {
            face,
            content: Content::Stored {
                from,
                failed: AtomicBool::new(false),
            },
        }
    }

    /// The body with its content moved to the store `put` gives back; as it is when `put`
    /// gives none (the store could not take it).
    pub fn into_stored(
        self,
        put: impl FnOnce(&BodyContent) -> Option<Arc<dyn StoredContent>>,
    ) -> RenderedBody {
        match self.content {
            Content::Here(content) => match put(&content) {
                Some(from) => RenderedBody::stored(self.face, from),
                None => RenderedBody {
                    face: self.face,
                    content: Content::Here(content),
                },
            },
            stored @ Content::Stored { .. } => RenderedBody {
                face: self.face,
                content: stored,
            },
        }
    }

    /// The body split for storing: its face and its content (read from its store if need be;
    /// `None` when that fails).
    pub fn parts(&self) -> Option<(&BodyFace, Cow<'_, BodyContent>)> {
        let content = self.content();
        (!self.is_unreadable()).then_some((&self.face, content))
    }

    /// The content's bytes as its store holds them, when it is in one that can give them.
    pub fn stored_bytes(&self) -> Option<Vec<u8>> {
        self.store().and_then(|from| from.bytes())
    }

    /// The store the content is in, when it is not in memory.
    pub fn store(&self) -> Option<&dyn StoredContent> {
        match &self.content {
            Content::Here(_) => None,
            Content::Stored { from, .. } => Some(from.as_ref()),
        }
    }

    /// What every build needs of the body ([`BodyFace`]).
    pub fn face(&self) -> &BodyFace {
        &self.face
    }

    /// A hash of the body's content (see [`BodyFace`]).
    pub fn digest(&self) -> u64 {
        self.face.digest
    }

    /// Article keys this body links to.
    pub fn links(&self) -> &BTreeSet<String> {
        &self.face.links
    }

    /// Editorial findings (see [`BodyFace`]).
    pub fn notes(&self) -> &[Note] {
        &self.face.notes
    }

    /// The regions this body has notes for.
    pub fn regions(&self) -> &BTreeSet<String> {
        &self.face.regions
    }

    /// The body's `##` sections, in order.
    pub fn sections(&self) -> &[Section] {
        &self.face.sections
    }

    /// The body's HTML blocks (read from the store, for a stored body).
    pub fn blocks(&self) -> Cow<'_, [BodyBlock]> {
        match self.content() {
            Cow::Borrowed(c) => Cow::Borrowed(&c.blocks),
            Cow::Owned(c) => Cow::Owned(c.blocks),
        }
    }

    /// The words of the body, for search (read from the store, for a stored body).
    pub fn text(&self) -> Cow<'_, PackedText> {
        match self.content() {
            Cow::Borrowed(c) => Cow::Borrowed(&c.text),
            Cow::Owned(c) => Cow::Owned(c.text),
        }
    }

    /// The content; a stored body's is read from its store each time, and not kept. A store that
    /// cannot give it back (or gives back something else than was stored) gives an empty
    /// content and marks the body [`RenderedBody::is_unreadable`]: the build checks that before
    /// it changes the output.
    fn content(&self) -> Cow<'_, BodyContent> {
        match &self.content {
            Content::Here(c) => Cow::Borrowed(c),
            Content::Stored { from, failed } => Cow::Owned(
                match from
                    .read()
                    .filter(|c| self.face.digest_of(c) == self.face.digest)
                {
                    Some(c) => c,
                    None => {
                        failed.store(true, Ordering::Relaxed);
                        BodyContent::default()
                    }
                },
            ),
        }
    }

    /// Whether the content was asked for and its store could not give it back.
    pub fn is_unreadable(&self) -> bool {
        matches!(&self.content, Content::Stored { failed, .. } if failed.load(Ordering::Relaxed))
    }

    /// Moves the lines of the editorial notes and the longest sentences with `line` (a body
    /// with shared texts in place is numbered as its article;
    /// [`crate::source::snippets::Expanded::article_line`]), and hashes the body again.
    pub fn relocate_lines(&mut self, line: impl Fn(usize) -> usize) {
        for note in &mut self.face.notes {
            note.line = line(note.line);
        }
        for sentence in &mut self.face.readability.longest {
            sentence.0 = line(sentence.0);
        }
        if let Content::Here(content) = &self.content {
            self.face.digest = self.face.digest_of(content);
        }
    }

    /// Frees the words of a body kept in memory (the pages show the HTML alone), once the search
    /// index is built. A stored body keeps nothing in memory.
    pub fn release_text(&mut self) {
        if let Content::Here(c) = &mut self.content {
            c.text = PackedText::default();
        }
    }
}

/// Two bodies are equal when their digests are: the digest is a hash of everything in them.
impl PartialEq for RenderedBody {
    fn eq(&self, other: &Self) -> bool {
        self.face.digest == other.face.digest
    }
}

impl Eq for RenderedBody {}

impl Hash for RenderedBody {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.face.digest.hash(state);
    }
}

/// Something an editor should look at, with its position in the file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Note {
    pub line: usize,
    pub column: usize,
    pub kind: NoteKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NoteKind {
    ImageWithoutAlt { src: String },
    HeadingSkip { from: u8, to: u8 },
    InsecureLink { url: String },
}

impl Note {
    /// The note as a warning for `file`.
    pub fn to_diagnostic(&self, file: &Path) -> Diagnostic {
        let (message, help) = match &self.kind {
            NoteKind::ImageWithoutAlt { src } => (format!("image `{src}` has no alt text"), "describe the image in the brackets: ![A red, spotty rash](rash.png); screen-reader users hear it".to_string()),
            NoteKind::HeadingSkip { from, to } => (format!("heading level {to} follows level {from}"), format!("use a level-{} heading (`{}`) here, so the outline has no gaps", from + 1, "#".repeat(usize::from(*from) + 1))),
            NoteKind::InsecureLink { url } => (format!("plain http link to {url}"), "link with https:// if the site supports it".to_string()),
        };
        // An image without a description is an error: a screen-reader user would hear nothing.
        let diagnostic = match self.kind {
            NoteKind::ImageWithoutAlt { .. } => Diagnostic::error(file, message),
            _ => Diagnostic::warning(file, message),
        };
        diagnostic.at_line(self.line, self.column).help(help)
    }
}

/// What rendering a body needs to know about the rest of the site.
pub struct BodyContext<'a> {
    pub file: &'a Path,
    pub regions: &'a [&'a str],
    /// The images beside the article, by file name ([`crate::source::images::inspect`]).
    pub images: &'a crate::source::images::Infos,
    /// The article's key (its images are published under `images/<key>/`).
    pub key: &'a str,
    /// The site's base path, for the images' URLs.
    pub base_path: &'a str,
    /// URL of a page of the site by link scheme and key (`article`, `fever`), or why it cannot
    /// be linked.
    pub resolve: &'a (dyn Fn(&str, &str) -> Result<String, String> + Sync),
    pub sanitizer: &'a Sanitizer,
}

/// The Markdown extensions vardguide supports, in one place.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Renders a body whose first line is line `body_line` of the file.
pub fn render(
    body: &str,
    body_line: usize,
    ctx: &BodyContext<'_>,
) -> (RenderedBody, Vec<Diagnostic>) {
    let (segments, mut diags) = blocks::split(body, body_line, ctx.file, ctx.regions);
    let mut out = BodyFace {
        last_heading: 1,
        ..BodyFace::default()
    };
    let mut blocks = Vec::new();
    let mut words = String::new();
    let mut tally = crate::base::readability::Tally::default();
    for seg in segments {
        let (html, raw_html, illustrations) = render_segment(
            &seg.text,
            seg.first_line,
            ctx,
            &mut out,
            (&mut words, &mut tally),
            &mut diags,
        );
        // Without raw HTML the markup is pulldown-cmark's own, with every text escaped and every
        // URL checked below, so only segments with raw HTML need the (slower) allow-list pass.
        let html = if !raw_html {
            html
        } else if nested_deeper_than(&html, MAX_HTML_DEPTH).is_some() {
            // The allow-list's HTML parser takes time that grows with the square of the depth;
            // the segment is left out, and the error stops the build. The line: where the
            // editor's own HTML goes too deep, else the segment's first.
            let line = nested_deeper_than(&seg.text, MAX_HTML_DEPTH).map_or(seg.first_line, |at| {
                seg.first_line + seg.text[..at].matches('\n').count()
            });
            diags.push(
                Diagnostic::error(
                    ctx.file,
                    format!("HTML elements nested more than {MAX_HTML_DEPTH} levels deep; the limit is {MAX_HTML_DEPTH}"),
                )
                .at_line(line, 1)
                .help("close the HTML elements you open (every <div> needs a </div>), or write the text in Markdown"),
            );
            String::new()
        } else {
            ctx.sanitizer.clean(&html)
        };
        let html = place_illustrations(html, &illustrations);
        if let SegmentKind::Region(code) = &seg.kind {
            out.regions.insert(code.clone());
        }
        blocks.push(BodyBlock {
            kind: seg.kind,
            html: PackedText::pack(&html),
        });
    }
    out.readability = tally.finish();
    let text = PackedText::pack(&words.split_whitespace().collect::<Vec<_>>().join(" "));
    (RenderedBody::new(out, BodyContent { blocks, text }), diags)
}

/// How deep HTML elements in an article may nest (Markdown's own lists and quotes included). A
/// real article nests a handful of levels.
pub const MAX_HTML_DEPTH: usize = 64;

/// Where (the byte offset of the start tag) the elements of `html` first nest deeper than
/// `limit`, if they do: one pass, counting start tags that are not void or self-closed against
/// end tags.
fn nested_deeper_than(html: &str, limit: usize) -> Option<usize> {
    // Void elements, and elements whose end tag may be left out (a table of unclosed `<td>`
    // is valid HTML): neither nests by itself.
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody",
        "tfoot", "colgroup", "rt", "rp", "optgroup",
    ];
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let start = at + found + 1;
        at = start;
        // A comment holds no elements.
        if html[start..].starts_with("!--") {
            at = html[start..]
                .find("-->")
                .map_or(html.len(), |end| start + end + 3);
            continue;
        }
        let closing = bytes.get(start) == Some(&b'/');
        let name_start = start + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        let end = html[name_start..].find('>').map(|i| name_start + i);
        let self_closed = end.is_some_and(|e| e > 0 && bytes[e - 1] == b'/');
        if !VOID.contains(&name.as_str()) && !self_closed {
            depth += 1;
            if depth > limit {
                return Some(start - 1);
            }
        }
    }
    None
}

fn render_segment(
    text: &str,
    first_line: usize,
    ctx: &BodyContext<'_>,
    out: &mut BodyFace,
    (words, tally): (&mut String, &mut crate::base::readability::Tally),
    diags: &mut Vec<Diagnostic>,
) -> (String, bool, Vec<String>) {
    let mut raw_html = false;
    // Sections before this segment: an image before the body's first `##` is near the top.
    let sections_before = out.sections.len();
    // The line of a text event, counted on from the last one (they come in order), so that a
    // long body is not scanned from its start for each.
    let mut cursor = (0usize, first_line);
    let mut line_of = |offset: usize| {
        let offset = offset.min(text.len());
        if offset >= cursor.0 {
            cursor.1 += text[cursor.0..offset].matches('\n').count();
        } else {
            cursor.1 = first_line + text[..offset].matches('\n').count();
        }
        cursor.0 = offset;
        cursor.1
    };
    let position = |offset: usize| {
        let before = &text[..offset.min(text.len())];
        let line = first_line + before.matches('\n').count();
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    };
    let mut events = Vec::new();
    // Alt text of the image being read: (position, src, alt so far).
    let mut image: Option<((usize, usize), String, String)> = None;
    // The `##` heading being read: the index of its start event and its text so far.
    let mut section: Option<(usize, String)> = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        if let Some((_, _, alt)) = image.as_mut()
            && let Event::Text(t) | Event::Code(t) = &event
        {
            alt.push_str(t);
        }
        if let Some((_, title)) = section.as_mut()
            && let Event::Text(t) | Event::Code(t) = &event
        {
            title.push_str(t);
        }
        match &event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => section = Some((events.len(), String::new())),
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                if let Some((at, title)) = section.take() {
                    let id = section_id(&title, &out.sections);
                    if let Some(Event::Start(Tag::Heading { id: slot, .. })) = events.get_mut(at) {
                        *slot = Some(CowStr::from(id.clone()));
                    }
                    out.sections.push(Section {
                        id,
                        title: title.trim().to_string(),
                    });
                }
            }
            _ => {}
        }
        match &event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((position(range.start), dest_url.to_string(), String::new()))
            }
            Event::End(TagEnd::Image) => {
                if let Some(((line, column), src, alt)) = image.take()
                    && alt.trim().is_empty()
                {
                    out.notes.push(Note {
                        line,
                        column,
                        kind: NoteKind::ImageWithoutAlt { src },
                    });
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let to = *level as u8;
                if to > out.last_heading + 1 {
                    let (line, column) = position(range.start);
                    out.notes.push(Note {
                        line,
                        column,
                        kind: NoteKind::HeadingSkip {
                            from: out.last_heading,
                            to,
                        },
                    });
                }
                out.last_heading = to;
            }
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with("http://") => {
                let (line, column) = position(range.start);
                out.notes.push(Note {
                    line,
                    column,
                    kind: NoteKind::InsecureLink {
                        url: dest_url.to_string(),
                    },
                });
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                raw_html = true;
                let lower = h.to_lowercase();
                let (line, column) = position(range.start);
                if lower.contains("<img") || lower.contains("<picture") || lower.contains("<source")
                {
                    // An image in HTML is neither checked nor copied beside the page, and one
                    // from another site makes every reader's browser ask that site for it.
                    diags.push(
                        Diagnostic::error(ctx.file, "an image written in HTML (<img>)")
                            .at_line(line, column)
                            .help("write it in Markdown with the file beside the article: ![what the image shows](file.png)"),
                    );
                }
                if lower.contains("<a ") && lower.contains("href") {
                    diags.push(
                        Diagnostic::warning(ctx.file, "a link written in HTML (<a href>) is not checked like a Markdown link")
                            .at_line(line, column)
                            .help("write it in Markdown, [text](https://…) or [text](article:key), so that its target is checked"),
                    );
                }
            }
            _ => {}
        }
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = resolve_link(&dest_url, range.start, &position, ctx, out, diags);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if is_remote(&dest_url) {
                    let (line, col) = position(range.start);
                    diags.push(
                        Diagnostic::error(ctx.file, format!("image `{dest_url}` is not a file of the site"))
                            .at_line(line, col)
                            .help("every reader's browser would fetch it from another site (and the site's Content-Security-Policy blocks it): save the image in the article's folder and refer to it by its file name"),
                    );
                } else if is_relative(&dest_url) && !ctx.images.contains_key(dest_url.as_ref()) {
                    let (line, col) = position(range.start);
                    diags.push(
                        Diagnostic::error(ctx.file, format!("image `{dest_url}` not found beside the article"))
                            .at_line(line, col)
                            .help("put the image file in the article's folder (png, jpg, gif, webp or svg) and refer to it by its file name"),
                    );
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => {
                let (line, col) = position(range.start);
                diags.push(
                    Diagnostic::warning(ctx.file, "a level-1 heading in the body")
                        .at_line(line, col)
                        .help("the title is the page's only `#` heading; start sections with `##`"),
                );
                event
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                words.push_str(t);
                tally.text(t, line_of(range.start));
                event
            }
            Event::SoftBreak | Event::HardBreak => {
                words.push(' ');
                event
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => {
                words.push(' ');
                tally.end();
                event
            }
            other => other,
        };
        events.push(event);
    }
    let (events, illustrations) = illustrations(events, ctx, sections_before);
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(safe_event));
    (html, raw_html, illustrations)
}

/// Marks an illustration's place in a segment's HTML until the allow-list has passed over it:
/// `U+FDD0`, its number, `U+FDD1` (noncharacters, which no editor types).
fn placeholder(n: usize) -> String {
    format!("\u{FDD0}{n}\u{FDD1}")
}

/// Each image beside the article becomes a placeholder text event, and its HTML (a `<picture>`,
/// or a `<figure>` with a caption from the Markdown title when it stands alone in its paragraph)
/// is returned beside, in order. An image near the top (before the body's first `##`) loads at
/// once; the others as the reader comes to them.
fn illustrations<'e>(
    events: Vec<Event<'e>>,
    ctx: &BodyContext<'_>,
    sections_before: usize,
) -> (Vec<Event<'e>>, Vec<String>) {
    let mut out: Vec<Event<'e>> = Vec::with_capacity(events.len());
    let mut htmls = Vec::new();
    let mut headings = sections_before;
    let mut iter = events.into_iter().peekable();
    while let Some(event) = iter.next() {
        let (dest, title) = match &event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => {
                headings += 1;
                out.push(event);
                continue;
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) if ctx.images.contains_key(dest_url.as_ref()) => {
                (dest_url.to_string(), title.to_string())
            }
            _ => {
                out.push(event);
                continue;
            }
        };
        let mut alt = String::new();
        for inner in iter.by_ref() {
            match inner {
                Event::End(TagEnd::Image) => break,
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                _ => {}
            }
        }
        let alone = matches!(out.last(), Some(Event::Start(Tag::Paragraph)))
            && matches!(iter.peek(), Some(Event::End(TagEnd::Paragraph)));
        let caption = (alone && !title.trim().is_empty()).then_some(title.trim());
        // An image that cannot be published has its error already; it is left out.
        let Some(Some(info)) = ctx.images.get(&dest) else {
            continue;
        };
        htmls.push(crate::source::images::picture_html(
            ctx.base_path,
            ctx.key,
            info,
            alt.trim(),
            caption,
            headings == 0,
        ));
        if alone {
            // The figure takes the paragraph's place (a <figure> cannot be inside a <p>).
            out.pop();
            iter.next();
        }
        out.push(Event::Text(CowStr::from(placeholder(htmls.len() - 1))));
    }
    (out, htmls)
}

/// `html` with each illustration's placeholder replaced by its HTML.
fn place_illustrations(html: String, illustrations: &[String]) -> String {
    if illustrations.is_empty() {
        return html;
    }
    let mut html = html;
    for (n, figure) in illustrations.iter().enumerate() {
        html = html.replacen(&placeholder(n), figure, 1);
    }
    html
}

/// Makes an event safe to render without the allow-list pass: links and images with a scheme
/// other than http(s), mailto or tel lose their URL, and tables lose their alignment (which
/// pulldown-cmark would write as a `style` attribute, forbidden by the site's CSP).
fn safe_event(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe_url(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::from("#"),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe_url(&dest_url) => Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::from(""),
            title,
            id,
        }),
        Event::Start(Tag::Table(aligns)) => Event::Start(Tag::Table(vec![
                pulldown_cmark::Alignment::None;
                aligns.len()
            ])),
        other => other,
    }
}

/// A URL with no scheme (relative, fragment, absolute path) or one of http, https, mailto, tel.
/// Browsers ignore ASCII whitespace and control characters in a scheme, so they are ignored here.
fn safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect();
    let Some(colon) = cleaned.find(':') else {
        return true;
    };
    if cleaned[..colon].contains(['/', '?', '#']) {
        return true;
    }
    matches!(
        cleaned[..colon].to_ascii_lowercase().as_str(),
        "http" | "https" | "mailto" | "tel"
    )
}

/// The link schemes that name a page of the site: `article:fever-adults`, `page:about`,
/// `clinic:ekbrynet-farsta`, `region:skane`, `fees:skane` (or `fees:` for the overview),
/// `eservice:book` (or `eservice:` for the overview). A `#fragment` may follow.
pub const LINK_SCHEMES: &[&str] = &["article", "page", "clinic", "region", "fees", "eservice"];

fn resolve_link<'a>(
    dest: &CowStr<'a>,
    offset: usize,
    position: &dyn Fn(usize) -> (usize, usize),
    ctx: &BodyContext<'_>,
    out: &mut BodyFace,
    diags: &mut Vec<Diagnostic>,
) -> CowStr<'a> {
    let Some((scheme, target)) = dest
        .split_once(':')
        .filter(|(scheme, _)| LINK_SCHEMES.contains(scheme))
    else {
        if !safe_url(dest) {
            // Published as a link that goes nowhere: say so, rather than leave it to be found.
            let (line, col) = position(offset);
            diags.push(
                Diagnostic::warning(ctx.file, format!("the link `{dest}` is removed: only http(s), mailto and tel links and links to the site's own pages are published"))
                    .at_line(line, col)
                    .help("link to a page with `https://…`, `article:<key>`, `page:<key>` or another of the site's link schemes"),
            );
        }
        return dest.clone();
    };
    let (key, fragment) = match target.split_once('#') {
        Some((k, f)) => (k, Some(f)),
        None => (target, None),
    };
    match (ctx.resolve)(scheme, key) {
        Ok(url) => {
            if scheme == "article" {
                out.links.insert(key.to_string());
            }
            match fragment {
                Some(f) => CowStr::from(format!("{url}#{f}")),
                None => CowStr::from(url),
            }
        }
        Err(why) => {
            let (line, col) = position(offset);
            let what = match scheme {
                "article" => "article",
                "page" => "page",
                "clinic" => "health centre",
                "region" => "region",
                "fees" => "fee table",
                _ => "e-service",
            };
            diags.push(
                Diagnostic::error(ctx.file, format!("link to {what} `{key}`: {why}"))
                    .at_line(line, col)
                    .help(format!(
                        "link to a page of the site with {}",
                        LINK_SCHEMES
                            .iter()
                            .map(|s| format!("`{s}:<key>`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
            );
            CowStr::from("#")
        }
    }
}

/// A link that points at a file beside the page (no scheme, not absolute, not a fragment).
/// Whether a URL names another site (or a `data:` URL): anything with a scheme or `//`.
fn is_remote(url: &str) -> bool {
    url.contains(':') || url.starts_with("//")
}

fn is_relative(url: &str) -> bool {
    !(url.is_empty()
        || url.starts_with('/')
        || url.starts_with('#')
        || url.contains(':')
        || url.starts_with("//"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_javascript_link_is_a_warning_at_its_place() {
        let (_, diags) =
            ctx_render("Text.\n\nSee [this](javascript:alert(1)) and [that](https://x.se).\n");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(!diags[0].is_error());
        assert!(
            diags[0]
                .message
                .contains("`javascript:alert(1)` is removed"),
            "{}",
            diags[0]
        );
        assert_eq!(
            diags[0].position.map(|p| (p.line, p.column)),
            Some((7, 5)),
            "body from line 5"
        );
    }

    /// A store that gives back the content it was given, or nothing.
    #[derive(Debug)]
    struct Keeps(Option<BodyContent>);

    impl StoredContent for Keeps {
        fn read(&self) -> Option<BodyContent> {
            self.0.clone()
        }
        fn bytes(&self) -> Option<Vec<u8>> {
            None
        }
        fn as_any(&self) -> &dyn std::any::Any {
            self
        }
    }

    #[test]
    fn a_stored_body_reads_back_after_its_lines_moved_and_is_not_kept() {
        let (mut body, _) = ctx_render("## Om feber\n\nText.\n\n#### Djup\n\nMer text här.\n");
        assert!(
            !body.notes().is_empty(),
            "the skipped heading level is noted"
        );
        // Shared texts in place move the lines of what follows them.
        body.relocate_lines(|line| line + 7);
        let blocks = body.blocks().into_owned();
        let stored = body
            .clone()
            .into_stored(|c| Some(Arc::new(Keeps(Some(c.clone())))));
        assert!(matches!(stored.content, Content::Stored { .. }));
        assert_eq!(stored.blocks().as_ref(), blocks.as_slice());
        assert!(!stored.is_unreadable(), "the digest covers the moved lines");
        assert_eq!(stored, body);

        // A store that cannot give the content back: empty, and marked.
        let lost = body.into_stored(|_| Some(Arc::new(Keeps(None))));
        assert!(lost.blocks().is_empty());
        assert!(lost.is_unreadable());
        // A store that cannot take it: the body stays in memory.
        let (kept, _) = ctx_render("Text.\n");
        let kept = kept.into_stored(|_| None);
        assert!(matches!(kept.content, Content::Here(_)));
    }

    #[test]
    fn a_face_keeps_no_spare_room() {
        let text: String = (0..40)
            .map(|i| format!("## Del {i}\n\nEn mening här. En till mening här.\n\n"))
            .collect();
        let (body, _) = ctx_render(&text);
        let face = body.face();
        assert_eq!(face.sections.len(), 40);
        assert_eq!(face.sections.capacity(), face.sections.len());
        assert!(
            face.sections
                .iter()
                .all(|s| s.title.capacity() == s.title.len())
        );
        assert!(face.readability.sentences >= 80);
        assert_eq!(
            face.readability.longest.capacity(),
            face.readability.longest.len()
        );
    }

    #[test]
    fn sections_get_unique_ids_that_survive_raw_html() {
        let (body, _) = ctx_render(
            "## Om feber\n\nText.\n\n## Om *feber*\n\n<b>rå</b>\n\n### Inte med\n\n## Så gör du\n",
        );
        let ids: Vec<&str> = body.sections().iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["h-om-feber", "h-om-feber-2", "h-så-gör-du"]);
        assert_eq!(body.sections()[1].title, "Om feber");
        let html: String = body.blocks().iter().map(|b| b.html()).collect();
        for id in ids {
            assert!(html.contains(&format!("<h2 id=\"{id}\">")), "{html}");
        }
    }

    fn ctx_render(body: &str) -> (RenderedBody, Vec<Diagnostic>) {
        let images = crate::source::images::rash_png();
        let sanitizer = Sanitizer::new();
        let resolve = |scheme: &str, key: &str| {
            if scheme == "article" && key == "fever" {
                Ok("/sv/feber/".to_string())
            } else {
                Err("no such article".to_string())
            }
        };
        let ctx = BodyContext {
            file: Path::new("a.md"),
            regions: &["skane"],
            images: &images,
            key: "rash",
            base_path: "/",
            resolve: &resolve,
            sanitizer: &sanitizer,
        };
        render(body, 5, &ctx)
    }

    #[test]
    fn resolves_article_links_and_reports_missing_ones() {
        let (body, diags) = ctx_render("See [fever](article:fever) and\n[x](article:nope).\n");
        assert!(
            body.blocks()[0].html().contains("href=\"/sv/feber/\""),
            "{}",
            body.blocks()[0].html()
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].position.map(|p| (p.line, p.column)), Some((6, 1)));
        assert!(body.links().contains("fever"));
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let (body, _) = ctx_render(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[a](javascript:alert(1)) <p style=\"color:red\">x</p>\n",
        );
        let html = &body.blocks()[0].html();
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn checks_relative_images_and_collects_text() {
        let (body, diags) =
            ctx_render("![Rash](rash.png) ![Gone](gone.png)\n\n## Heading\n\nText *here*.\n");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("gone.png"));
        let text = body.text().unpack();
        assert!(text.contains("Heading Text here."), "{text}");
    }

    #[test]
    fn editorial_notes() {
        let (body, diags) = ctx_render(
            "## A\n\n#### B\n\n![](rash.png) ![Rash](rash.png)\n\n[x](http://example.com)\n\n<img src=\"rash.png\">\n\n<a href=\"https://example.com\">x</a>\n\n![Pixel](https://tracker.example/p.gif)\n",
        );
        let found: Vec<(usize, bool, &str)> = diags
            .iter()
            .map(|d| {
                (
                    d.position.map_or(0, |p| p.line),
                    d.is_error(),
                    d.message.as_str(),
                )
            })
            .collect();
        assert_eq!(
            found,
            vec![
                (13, true, "an image written in HTML (<img>)"),
                (
                    15,
                    false,
                    "a link written in HTML (<a href>) is not checked like a Markdown link"
                ),
                (
                    17,
                    true,
                    "image `https://tracker.example/p.gif` is not a file of the site"
                ),
            ],
            "{diags:?}"
        );
        let kinds: Vec<_> = body
            .notes()
            .iter()
            .map(|n| (n.line, n.kind.clone()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (7, NoteKind::HeadingSkip { from: 2, to: 4 }),
                (
                    9,
                    NoteKind::ImageWithoutAlt {
                        src: "rash.png".into()
                    }
                ),
                (
                    11,
                    NoteKind::InsecureLink {
                        url: "http://example.com".into()
                    }
                ),
            ]
        );
    }

    #[test]
    fn markdown_only_urls_are_checked_without_the_allow_list() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "jav&#x61;script:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:x",
        ] {
            let (body, _) = ctx_render(&format!("[x](<{url}>) ![y](<{url}>)\n"));
            let html = body.blocks()[0].html().to_lowercase();
            assert!(
                html.contains("href=\"#\"")
                    && !html.contains("href=\"java")
                    && !html.contains("=\"data:")
                    && !html.contains("=\"vbscript"),
                "{url}: {html}"
            );
        }
        let (body, _) =
            ctx_render("[a](https://x.se) [b](mailto:a@b.se) [c](tel:1177) [d](#top) [e](../x/)\n");
        for href in ["https://x.se", "mailto:a@b.se", "tel:1177", "#top", "../x/"] {
            assert!(
                body.blocks()[0]
                    .html()
                    .contains(&format!("href=\"{href}\"")),
                "{href}"
            );
        }
    }

    #[test]
    fn table_alignment_leaves_no_style_attribute() {
        let (body, _) = ctx_render("| a | b |\n|:--|--:|\n| 1 | 2 |\n");
        assert!(body.blocks()[0].html().contains("<table>"));
        assert!(
            !body.blocks()[0].html().contains("style"),
            "{}",
            body.blocks()[0].html()
        );
    }
}
