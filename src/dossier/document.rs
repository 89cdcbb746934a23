//! The document model both renderers draw from: the PDF (`pdf.rs`) and Markdown
//! (`markdown.rs`). The builder (`build.rs`) decides *what* the dossier says; the renderers
//! only decide how it looks, so the two formats can never say different things.

/// A run of text with one look.
#[derive(Debug, Clone, PartialEq)]
pub enum Span {
    Plain(String),
    Bold(String),
    Italic(String),
    /// A record reference (`politie:PL0600-2024012205`), shown in brackets.
    Reference(String),
}

impl Span {
    /// The text of the span as the reader sees it (references in brackets).
    pub fn text(&self) -> String {
        match self {
            Span::Plain(s) | Span::Bold(s) | Span::Italic(s) => s.clone(),
            Span::Reference(r) => format!("[{r}]"),
        }
    }
}

/// Text made of spans.
pub type Rich = Vec<Span>;

/// Plain text as rich text.
pub fn plain(s: impl Into<String>) -> Rich {
    vec![Span::Plain(s.into())]
}

/// Text followed by its references.
pub fn with_refs(s: impl Into<String>, refs: &[String]) -> Rich {
    let mut out = vec![Span::Plain(s.into())];
    out.extend(references(refs));
    out
}

/// References, each after a space, to append to other spans.
pub fn references(refs: &[String]) -> Rich {
    refs.iter()
        .flat_map(|r| [Span::Plain(" ".into()), Span::Reference(r.clone())])
        .collect()
}

/// One column of a table: its heading and its share of the width.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    pub weight: usize,
}

/// An incident on the chart: its span of days and its severity (1–5).
#[derive(Debug, Clone, PartialEq)]
pub struct ChartPoint {
    pub first: chrono::NaiveDate,
    pub last: chrono::NaiveDate,
    pub severity: u8,
}

/// What a vertical marker on the chart stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerKind {
    Separation,
    Order,
    Decision,
}

/// A dated event drawn as a vertical line.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub day: chrono::NaiveDate,
    pub kind: MarkerKind,
}

/// The incidents-over-time chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    pub points: Vec<ChartPoint>,
    pub markers: Vec<Marker>,
    /// Legend words: severity axis, incident, separation, order, decision.
    pub legend: [String; 5],
}

/// A block of the document, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The cover's title and subtitle.
    Title {
        title: String,
        subtitle: String,
    },
    /// A heading; level 1 starts a chapter.
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(Rich),
    /// A notice the reader must not miss (indicative, not a finding).
    Notice(Rich),
    /// Label–value pairs (the cover).
    Facts(Vec<(String, Rich)>),
    Bullets(Vec<Rich>),
    Table {
        columns: Vec<Column>,
        rows: Vec<Vec<Rich>>,
    },
    Chart(Chart),
    PageBreak,
}

/// The whole dossier.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The title for the PDF's metadata.
    pub title: String,
    /// The case id for the page header.
    pub case: String,
    /// "pagina {page} van {pages}" in the document's language.
    pub page_label: String,
    /// Generation date (YYYY-MM-DD), from `SOURCE_DATE_EPOCH` when set.
    pub generated: String,
    pub blocks: Vec<Block>,
    /// Things the reader should know about the rendering itself (missing glyphs).
    pub warnings: Vec<String>,
}

/// Text without control characters and without the bidirectional and invisible format
/// characters that can make a name read backwards or hide content (the set terminal
/// output escapes, [`crate::text::is_bidi_or_invisible`]); line breaks become spaces.
pub fn visible(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() || crate::text::is_bidi_or_invisible(c) => None,
            c => Some(c),
        })
        .collect()
}
