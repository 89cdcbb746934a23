//! The dossier as Markdown (`--format md`): the same document model as the PDF, for quick
//! review, diffs and snapshot tests.

use super::document::{Block, Document, MarkerKind, Rich, Span};
use std::fmt::Write as _;

/// Escapes characters Markdown would read as markup, and flattens line breaks.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in super::document::visible(s).chars() {
        match c {
            '\\' | '*' | '_' | '`' | '|' | '<' | '>' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn rich(spans: &Rich) -> String {
    let mut out = String::new();
    for s in spans {
        match s {
            Span::Plain(t) => out.push_str(&escape(t)),
            // Markdown emphasis may not start or end with a space: keep spaces outside.
            Span::Bold(t) | Span::Italic(t) => {
                let mark = if matches!(s, Span::Bold(_)) { "**" } else { "*" };
                let text = escape(t);
                let lead = if text.starts_with(' ') { " " } else { "" };
                let trail = if text.ends_with(' ') { " " } else { "" };
                let _ = write!(out, "{lead}{mark}{}{mark}{trail}", text.trim());
            }
            Span::Reference(r) => {
                let _ = write!(out, "\\[`{r}`\\]");
            }
        }
    }
    out
}

/// Renders the document as Markdown.
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    for block in &doc.blocks {
        match block {
            Block::Title { title, subtitle } => {
                let _ = writeln!(out, "# {}\n\n*{}*\n", escape(title), escape(subtitle));
            }
            Block::Heading { level, text } => {
                let hashes = "#".repeat(usize::from(*level) + 1);
                let _ = writeln!(out, "{hashes} {}\n", escape(text));
            }
            Block::Paragraph(r) => {
                let _ = writeln!(out, "{}\n", rich(r));
            }
            Block::Notice(r) => {
                let _ = writeln!(out, "> {}\n", rich(r));
            }
            Block::Facts(facts) => {
                for (label, value) in facts {
                    let _ = writeln!(out, "- **{}**: {}", escape(label), rich(value));
                }
                out.push('\n');
            }
            Block::Bullets(items) => {
                for item in items {
                    let _ = writeln!(out, "- {}", rich(item));
                }
                out.push('\n');
            }
            Block::Table { columns, rows } => {
                let head: Vec<String> = columns.iter().map(|c| escape(&c.title)).collect();
                let _ = writeln!(out, "| {} |", head.join(" | "));
                let _ = writeln!(out, "|{}", "---|".repeat(columns.len()));
                for row in rows {
                    let cells: Vec<String> = row.iter().map(rich).collect();
                    let _ = writeln!(out, "| {} |", cells.join(" | "));
                }
                out.push('\n');
            }
            Block::Chart(chart) => {
                // Markdown has no chart: the same data as a table, per month.
                let _ = writeln!(out, "**{}**\n", escape(&chart.title));
                let _ = writeln!(
                    out,
                    "| | {} | {} | {} |\n|---|---|---|---|",
                    escape(&chart.legend[0]),
                    escape(&chart.legend[1]),
                    escape(&chart.legend[2..].join(" / "))
                );
                let mut months: std::collections::BTreeMap<String, (u8, usize, Vec<&str>)> = Default::default();
                for p in &chart.points {
                    let e = months.entry(p.first.format("%Y-%m").to_string()).or_default();
                    e.0 = e.0.max(p.severity);
                    e.1 += 1;
                }
                for m in &chart.markers {
                    let word = match m.kind {
                        MarkerKind::Separation => 2,
                        MarkerKind::Order => 3,
                        MarkerKind::Decision => 4,
                    };
                    months
                        .entry(m.day.format("%Y-%m").to_string())
                        .or_default()
                        .2
                        .push(&chart.legend[word]);
                }
                for (month, (severity, n, marks)) in months {
                    let mut marks = marks;
                    marks.dedup();
                    let _ = writeln!(out, "| {month} | {severity} | {n} | {} |", marks.join(", "));
                }
                out.push('\n');
            }
            Block::PageBreak => out.push_str("---\n\n"),
        }
    }
    if !doc.warnings.is_empty() {
        for w in &doc.warnings {
            let _ = writeln!(out, "> {}", escape(w));
        }
    }
    out
}
