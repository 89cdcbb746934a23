//! The dossier as PDF, with genpdf (see `../shared/crates.md` for its limits and the
//! workarounds used here):
//!
//! - Text is wrapped by this module (`wrap`), so tables can repeat their header row on
//!   every page, keep a row together, and headings can stay with what follows.
//! - "pagina x van y" needs the page total: the document is laid out twice, the first time
//!   into a sink to count pages.
//! - printpdf stamps the current time into the file and writes a non-ASCII title as raw
//!   UTF-8; both are patched in the finished bytes without changing their length, so the
//!   cross-reference offsets stay valid and two runs give the same bytes.
//! - genpdf has no font fallback: characters Liberation Sans lacks are found beforehand,
//!   shown with a transliteration beside them, and reported as warnings.

use super::document::{Block, Chart, Column, Document, MarkerKind, Rich, Span};
use genpdf::elements::{PageBreak, Paragraph};
use genpdf::fonts::{FontData, FontFamily};
use genpdf::render::Area;
use genpdf::style::{Color, Style};
use genpdf::{Context, Element, Margins, Mm, Position, RenderResult};
use std::cell::Cell;
use std::rc::Rc;

const BODY_SIZE: u8 = 10;
const TABLE_SIZE: u8 = 8;
const CELL_PAD: f64 = 1.2;
const GREY: Color = Color::Greyscale(110);
const LIGHT: Color = Color::Greyscale(190);
const REFERENCE: Color = Color::Rgb(30, 70, 140);

/// Liberation Sans, embedded. With `for_counting`, the same metrics but the PDF's built-in
/// Helvetica instead of embedded fonts: the page-counting pass then skips embedding the
/// fonts (printpdf maps every Unicode code point per face), and its elements draw nothing.
fn font_family(for_counting: bool) -> Result<FontFamily<FontData>, String> {
    use printpdf::BuiltinFont as B;
    let face = |bytes: &'static [u8], builtin: B| {
        FontData::new(bytes.to_vec(), for_counting.then_some(builtin)).map_err(|e| format!("font: {e}"))
    };
    Ok(FontFamily {
        regular: face(include_bytes!("fonts/LiberationSans-Regular.ttf"), B::Helvetica)?,
        bold: face(include_bytes!("fonts/LiberationSans-Bold.ttf"), B::HelveticaBold)?,
        italic: face(include_bytes!("fonts/LiberationSans-Italic.ttf"), B::HelveticaOblique)?,
        // The dossier never sets bold and italic together, so this face is not embedded
        // (its metrics are Liberation's all the same); that saves a quarter of the time
        // printpdf spends embedding fonts.
        bold_italic: FontData::new(
            include_bytes!("fonts/LiberationSans-BoldItalic.ttf").to_vec(),
            Some(B::HelveticaBoldOblique),
        )
        .map_err(|e| format!("font: {e}"))?,
    })
}

/// Nothing of the element fits here: continue on the next page.
fn next_page() -> RenderResult {
    RenderResult {
        size: genpdf::Size::new(0, 0),
        has_more: true,
    }
}

fn mm(v: f64) -> Mm {
    Mm::from(v)
}

fn f(v: Mm) -> f64 {
    f64::from(v)
}

// ------------------------------------------------------------------ text wrapping

/// One word (with the space after it) in one style.
#[derive(Clone)]
struct Word {
    text: String,
    style: Style,
    space: bool,
}

/// A wrapped line: runs of styled text.
#[derive(Clone, Default)]
struct Line {
    runs: Vec<(String, Style)>,
}

fn span_style(span: &Span, base: Style) -> Style {
    match span {
        Span::Plain(_) => base,
        Span::Bold(_) => base.bold(),
        Span::Italic(_) => base.italic(),
        Span::Reference(_) => base.with_color(REFERENCE),
    }
}

fn words(spans: &Rich, base: Style) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    for span in spans {
        let style = span_style(span, base);
        let text = span.text();
        let mut rest = text.as_str();
        // A span that starts with a space ends the previous word.
        if rest.starts_with(' ') {
            if let Some(last) = out.last_mut() {
                last.space = true;
            }
        }
        rest = rest.trim_start_matches(' ');
        let ends_with_space = rest.ends_with(' ');
        let parts: Vec<&str> = rest.split(' ').filter(|w| !w.is_empty()).collect();
        for (k, part) in parts.iter().enumerate() {
            let space = k + 1 < parts.len() || ends_with_space;
            out.push(Word {
                text: (*part).to_string(),
                style,
                space,
            });
        }
    }
    out
}

/// Wraps rich text into lines no wider than `width`. A word wider than a line is broken
/// between characters.
fn wrap(context: &Context, spans: &Rich, base: Style, width: Mm) -> Vec<Line> {
    let cache = &context.font_cache;
    let mut lines = vec![Line::default()];
    let mut used = 0.0;
    let width = f(width).max(5.0);
    let mut pending_space: Option<Style> = None;
    for word in words(spans, base) {
        let w = f(word.style.str_width(cache, &word.text));
        let space_w = pending_space.map(|s| f(s.str_width(cache, " "))).unwrap_or(0.0);
        if used > 0.0 && used + space_w + w > width {
            lines.push(Line::default());
            used = 0.0;
        } else if let Some(s) = pending_space {
            if used > 0.0 {
                push_run(lines.last_mut().expect("a line"), " ", s);
                used += space_w;
            }
        }
        if w > width {
            // Break a long token (a hash, a long reference) between characters.
            let mut piece = String::new();
            for c in word.text.chars() {
                let cw = f(word.style.char_width(cache, c));
                if used + cw > width && used > 0.0 {
                    push_run(lines.last_mut().expect("a line"), &piece, word.style);
                    piece.clear();
                    lines.push(Line::default());
                    used = 0.0;
                }
                piece.push(c);
                used += cw;
            }
            push_run(lines.last_mut().expect("a line"), &piece, word.style);
        } else {
            push_run(lines.last_mut().expect("a line"), &word.text, word.style);
            used += w;
        }
        pending_space = word.space.then_some(word.style);
    }
    lines
}

fn push_run(line: &mut Line, text: &str, style: Style) {
    if let Some((last, s)) = line.runs.last_mut() {
        if *s == style {
            last.push_str(text);
            return;
        }
    }
    line.runs.push((text.to_string(), style));
}

fn line_height(context: &Context, style: Style) -> f64 {
    f(style.line_height(&context.font_cache))
}

fn print_line(
    area: &Area<'_>,
    context: &Context,
    x: f64,
    y: f64,
    line: &Line,
    base: Style,
) -> Result<(), genpdf::error::Error> {
    if line.runs.is_empty() {
        return Ok(());
    }
    if let Some(mut section) = area.text_section(&context.font_cache, Position::new(mm(x), mm(y)), base) {
        for (text, style) in &line.runs {
            section.print_str(text, *style)?;
        }
    }
    Ok(())
}

// ------------------------------------------------------------------ text blocks

/// Wrapped text that may run over pages line by line: paragraphs, bullets, notices and
/// headings. Headings keep with what follows; no paragraph leaves a single line behind.
struct TextBlock {
    spans: Rich,
    size: u8,
    bold: bool,
    indent: f64,
    bullet: Option<String>,
    /// Space needed below a heading before it may start on this page.
    keep_with: f64,
    /// A thin rule on the left (notices).
    rule: bool,
    space_after: f64,
    lines: Option<Vec<Line>>,
    next: usize,
    /// False in the page-counting pass: sizes only, no text or lines drawn.
    draw: bool,
}

impl TextBlock {
    fn new(spans: Rich, size: u8) -> TextBlock {
        TextBlock {
            spans,
            size,
            bold: false,
            indent: 0.0,
            bullet: None,
            keep_with: 0.0,
            rule: false,
            space_after: 2.0,
            lines: None,
            next: 0,
            draw: true,
        }
    }
}

impl Element for TextBlock {
    fn render(
        &mut self,
        context: &Context,
        area: Area<'_>,
        style: Style,
    ) -> Result<RenderResult, genpdf::error::Error> {
        let mut base = style.with_font_size(self.size);
        if self.bold {
            base = base.bold();
        }
        let indent = self.indent + if self.rule { 3.0 } else { 0.0 };
        let width = f(area.size().width) - indent;
        let lines = self
            .lines
            .get_or_insert_with(|| wrap(context, &self.spans, base, mm(width)));
        let lh = line_height(context, base);
        let available = f(area.size().height);
        let remaining = lines.len() - self.next;
        let mut fit = ((available / lh).floor() as usize).min(remaining);
        if self.next == 0 {
            // A heading needs room for itself and the start of what follows; a paragraph
            // does not start with a single line at the foot of a page.
            let keep = self.keep_with > 0.0 && available < lh * remaining as f64 + self.keep_with;
            let orphan = remaining >= 2 && fit < 2;
            if keep || orphan {
                return Ok(next_page());
            }
        }
        // Widows: never leave exactly one line for the next page.
        if fit + 1 == remaining && fit > 1 {
            fit -= 1;
        }
        if fit == 0 {
            return Ok(next_page());
        }
        let mut y = 0.0;
        for (k, line) in lines[self.next..self.next + fit].iter().enumerate() {
            if !self.draw {
                y += lh;
                continue;
            }
            if k == 0 && self.next == 0 {
                if let Some(bullet) = &self.bullet {
                    let mark = Line {
                        runs: vec![(bullet.clone(), base)],
                    };
                    print_line(&area, context, self.indent - 4.0, y, &mark, base)?;
                }
            }
            print_line(&area, context, indent, y, line, base)?;
            y += lh;
        }
        if self.rule && self.draw {
            area.draw_line(
                vec![
                    Position::new(mm(self.indent), mm(0.3)),
                    Position::new(mm(self.indent), mm(y)),
                ],
                Style::new().with_color(GREY),
            );
        }
        self.next += fit;
        let has_more = self.next < lines.len();
        let height = if has_more { y } else { y + self.space_after };
        Ok(RenderResult {
            size: genpdf::Size::new(area.size().width, mm(height)),
            has_more,
        })
    }
}

// ------------------------------------------------------------------ tables

/// A table that repeats its header row on every page and keeps each row on one page
/// (a row taller than a page is split between lines).
struct Table {
    columns: Vec<Column>,
    rows: Vec<Vec<Rich>>,
    size: u8,
    header: bool,
    /// Wrapped cells per row, computed at first render.
    wrapped: Option<Vec<Vec<Vec<Line>>>>,
    header_lines: Vec<Vec<Line>>,
    next_row: usize,
    /// Lines of the current row already printed (a row split over pages).
    row_offset: usize,
    /// False in the page-counting pass: sizes only, no text or lines drawn.
    draw: bool,
}

impl Table {
    fn new(columns: Vec<Column>, rows: Vec<Vec<Rich>>, size: u8, header: bool) -> Table {
        Table {
            columns,
            rows,
            size,
            header,
            wrapped: None,
            header_lines: Vec::new(),
            next_row: 0,
            row_offset: 0,
            draw: true,
        }
    }

    fn widths(&self, total: f64) -> Vec<f64> {
        let sum: usize = self.columns.iter().map(|c| c.weight.max(1)).sum();
        self.columns
            .iter()
            .map(|c| total * c.weight.max(1) as f64 / sum as f64)
            .collect()
    }
}

impl Element for Table {
    fn render(
        &mut self,
        context: &Context,
        area: Area<'_>,
        style: Style,
    ) -> Result<RenderResult, genpdf::error::Error> {
        let base = style.with_font_size(self.size);
        let total = f(area.size().width);
        let widths = self.widths(total);
        if self.wrapped.is_none() {
            self.header_lines = self
                .columns
                .iter()
                .zip(&widths)
                .map(|(c, w)| {
                    wrap(
                        context,
                        &vec![Span::Plain(c.title.clone())],
                        base.bold(),
                        mm(w - 2.0 * CELL_PAD),
                    )
                })
                .collect();
            let wrapped = self
                .rows
                .iter()
                .map(|row| {
                    row.iter()
                        .zip(&widths)
                        .map(|(cell, w)| wrap(context, cell, base, mm(w - 2.0 * CELL_PAD)))
                        .collect()
                })
                .collect();
            self.wrapped = Some(wrapped);
        }
        let lh = line_height(context, base);
        let available = f(area.size().height);
        let rule = Style::new().with_color(LIGHT);
        let mut y = 0.0;
        let row_height = |cells: &Vec<Vec<Line>>, from: usize| {
            cells
                .iter()
                .map(|c| c.len().saturating_sub(from))
                .max()
                .unwrap_or(0)
                .max(1) as f64
                * lh
                + 2.0 * CELL_PAD
        };
        let header_h = if self.header {
            row_height(&self.header_lines, 0)
        } else {
            0.0
        };
        let rows = self.wrapped.as_ref().map(Vec::len).unwrap_or(0);
        // Room for the header and at least two lines of a row, or start on the next page.
        if self.next_row < rows && available < header_h + 2.0 * lh + 2.0 * CELL_PAD + 1.0 {
            return Ok(next_page());
        }
        let draw = self.draw;
        let draw_row = |area: &Area<'_>,
                        y: f64,
                        cells: &[Vec<Line>],
                        from: usize,
                        count: usize,
                        style: Style|
         -> Result<(), genpdf::error::Error> {
            if !draw {
                return Ok(());
            }
            let mut x = 0.0;
            for (cell, w) in cells.iter().zip(&widths) {
                for (k, line) in cell.iter().skip(from).take(count).enumerate() {
                    print_line(area, context, x + CELL_PAD, y + CELL_PAD + k as f64 * lh, line, style)?;
                }
                x += w;
            }
            Ok(())
        };
        if self.header {
            if draw {
                area.draw_line(
                    vec![Position::new(mm(0.0), mm(0.0)), Position::new(mm(total), mm(0.0))],
                    Style::new().with_color(GREY),
                );
            }
            draw_row(&area, 0.0, &self.header_lines, 0, usize::MAX, base.bold())?;
            y += header_h;
            if draw {
                area.draw_line(
                    vec![Position::new(mm(0.0), mm(y)), Position::new(mm(total), mm(y))],
                    Style::new().with_color(GREY),
                );
            }
        }
        let wrapped = self.wrapped.as_ref().expect("wrapped above");
        let mut printed_any = false;
        while self.next_row < wrapped.len() {
            let cells = &wrapped[self.next_row];
            let h = row_height(cells, self.row_offset);
            if y + h <= available {
                draw_row(&area, y, cells, self.row_offset, usize::MAX, base)?;
                y += h;
                if draw {
                    area.draw_line(
                        vec![Position::new(mm(0.0), mm(y)), Position::new(mm(total), mm(y))],
                        rule,
                    );
                }
                self.next_row += 1;
                self.row_offset = 0;
                printed_any = true;
                continue;
            }
            if !printed_any {
                // A row taller than the rest of a fresh page: print the lines that fit.
                let fit = (((available - y - 2.0 * CELL_PAD) / lh).floor() as usize).max(1);
                draw_row(&area, y, cells, self.row_offset, fit, base)?;
                y += fit as f64 * lh + 2.0 * CELL_PAD;
                self.row_offset += fit;
            }
            break;
        }
        let has_more = self.next_row < wrapped.len();
        let height = if has_more { y } else { y + 3.0 };
        Ok(RenderResult {
            size: genpdf::Size::new(area.size().width, mm(height)),
            has_more,
        })
    }
}

// ------------------------------------------------------------------ chart

/// Incidents over time by severity, with separation, orders and decisions as vertical
/// lines; drawn as vector lines (genpdf has no fills, so markers are hatched squares).
struct ChartElement {
    chart: Chart,
    done: bool,
    /// False in the page-counting pass: the space is taken, nothing is drawn.
    draw: bool,
}

const CHART_HEIGHT: f64 = 78.0;

fn severity_color(severity: u8) -> Color {
    match severity {
        0 | 1 => Color::Rgb(90, 140, 90),
        2 => Color::Rgb(190, 160, 40),
        3 => Color::Rgb(220, 120, 30),
        4 => Color::Rgb(200, 50, 40),
        _ => Color::Rgb(120, 0, 30),
    }
}

fn marker_color(kind: MarkerKind) -> Color {
    match kind {
        MarkerKind::Separation => Color::Rgb(180, 0, 120),
        MarkerKind::Order => Color::Rgb(20, 90, 200),
        MarkerKind::Decision => Color::Greyscale(120),
    }
}

impl Element for ChartElement {
    fn render(
        &mut self,
        context: &Context,
        area: Area<'_>,
        style: Style,
    ) -> Result<RenderResult, genpdf::error::Error> {
        if self.done {
            return Ok(RenderResult::default());
        }
        if f(area.size().height) < CHART_HEIGHT + 4.0 {
            return Ok(next_page());
        }
        self.done = true;
        if !self.draw {
            return Ok(RenderResult {
                size: genpdf::Size::new(area.size().width, mm(CHART_HEIGHT)),
                has_more: false,
            });
        }
        let c = &self.chart;
        let small = style.with_font_size(7);
        let width = f(area.size().width);
        let (left, right, top, bottom) = (10.0, width - 2.0, 12.0, CHART_HEIGHT - 9.0);
        let days: Vec<chrono::NaiveDate> = c
            .points
            .iter()
            .flat_map(|p| [p.first, p.last])
            .chain(c.markers.iter().map(|m| m.day))
            .collect();
        let (Some(min), Some(max)) = (days.iter().min().copied(), days.iter().max().copied()) else {
            return Ok(RenderResult {
                size: genpdf::Size::new(area.size().width, mm(2.0)),
                has_more: false,
            });
        };
        let min = min - chrono::Duration::days(20);
        let max = max + chrono::Duration::days(20);
        let span = (max - min).num_days().max(1) as f64;
        let x_of = |d: chrono::NaiveDate| left + (right - left) * (d - min).num_days() as f64 / span;
        let y_of = |s: f64| bottom - (bottom - top) * (s / 5.5);
        let line = |points: Vec<(f64, f64)>, color: Color| {
            area.draw_line(
                points.into_iter().map(|(x, y)| Position::new(mm(x), mm(y))).collect(),
                Style::new().with_color(color),
            );
        };
        // Legend across the top.
        let mut lx = left;
        let legend: [(Color, &str); 4] = [
            (severity_color(3), c.legend[1].as_str()),
            (marker_color(MarkerKind::Separation), c.legend[2].as_str()),
            (marker_color(MarkerKind::Order), c.legend[3].as_str()),
            (marker_color(MarkerKind::Decision), c.legend[4].as_str()),
        ];
        for (k, (color, label)) in legend.iter().enumerate() {
            if k == 0 {
                square(&line, lx + 1.2, 3.2, 1.2, *color);
            } else {
                line(vec![(lx + 1.2, 1.0), (lx + 1.2, 5.4)], *color);
            }
            area.print_str(&context.font_cache, Position::new(mm(lx + 3.5), mm(1.5)), small, label)?;
            lx += 6.0 + f(small.str_width(&context.font_cache, label));
        }
        area.print_str(
            &context.font_cache,
            Position::new(mm(0.0), mm(top - 5.5)),
            small,
            &c.legend[0],
        )?;
        // Axes and severity grid.
        line(
            vec![(left, top - 2.0), (left, bottom), (right, bottom)],
            Color::Greyscale(60),
        );
        for s in 1..=5u8 {
            let y = y_of(f64::from(s));
            line(vec![(left, y), (right, y)], Color::Greyscale(225));
            area.print_str(
                &context.font_cache,
                Position::new(mm(left - 4.0), mm(y - 1.4)),
                small,
                s.to_string(),
            )?;
        }
        // Time ticks: years, or quarters when the case spans less than three years.
        let quarterly = span < 3.0 * 365.0;
        let monthly = span < 270.0;
        let mut tick = chrono::NaiveDate::from_ymd_opt(chrono::Datelike::year(&min), 1, 1).unwrap_or(min);
        let mut last_label_x = f64::MIN;
        while tick <= max {
            if tick >= min {
                let x = x_of(tick);
                line(vec![(x, bottom), (x, bottom + 1.2)], Color::Greyscale(60));
                let label = if chrono::Datelike::month(&tick) == 1 {
                    tick.format("%Y").to_string()
                } else {
                    tick.format("%Y-%m").to_string()
                };
                let w = f(small.str_width(&context.font_cache, &label));
                if x - w / 2.0 > last_label_x + 1.0 && x + w / 2.0 < width {
                    area.print_str(
                        &context.font_cache,
                        Position::new(mm(x - w / 2.0), mm(bottom + 2.0)),
                        small,
                        &label,
                    )?;
                    last_label_x = x + w / 2.0;
                }
            }
            let (y, m) = (chrono::Datelike::year(&tick), chrono::Datelike::month(&tick));
            let step = if monthly {
                1
            } else if quarterly {
                3
            } else {
                12
            };
            let next = m - 1 + step;
            tick = chrono::NaiveDate::from_ymd_opt(y + (next / 12) as i32, next % 12 + 1, 1)
                .unwrap_or(max + chrono::Duration::days(1));
        }
        // Markers first, so incidents are drawn over them.
        for m in &c.markers {
            let x = x_of(m.day);
            let color = marker_color(m.kind);
            match m.kind {
                MarkerKind::Separation => line(vec![(x, top - 2.0), (x, bottom)], color),
                _ => {
                    // Dashed, so they read as context rather than events.
                    let mut y = top - 2.0;
                    while y < bottom {
                        line(vec![(x, y), (x, (y + 1.5).min(bottom))], color);
                        y += 2.6;
                    }
                }
            }
        }
        for p in &c.points {
            let y = y_of(f64::from(p.severity));
            let color = severity_color(p.severity);
            let (x0, x1) = (x_of(p.first), x_of(p.last));
            if x1 - x0 > 1.5 {
                // A period: a bar from its first to its last possible day.
                line(vec![(x0, y - 0.8), (x0, y + 0.8)], color);
                line(vec![(x0, y), (x1, y)], color);
                line(vec![(x1, y - 0.8), (x1, y + 0.8)], color);
            } else {
                square(&line, (x0 + x1) / 2.0, y, 1.1, color);
            }
        }
        Ok(RenderResult {
            size: genpdf::Size::new(area.size().width, mm(CHART_HEIGHT)),
            has_more: false,
        })
    }
}

/// A hatched square of half-size `r` around (x, y).
fn square(line: &dyn Fn(Vec<(f64, f64)>, Color), x: f64, y: f64, r: f64, color: Color) {
    line(
        vec![
            (x - r, y - r),
            (x + r, y - r),
            (x + r, y + r),
            (x - r, y + r),
            (x - r, y - r),
        ],
        color,
    );
    let mut k = -r + 0.35;
    while k < r {
        line(vec![(x - r, y + k), (x + r, y + k)], color);
        k += 0.35;
    }
}

// ------------------------------------------------------------------ page frame

/// Margins, a header with the case id and a footer with "pagina x van y".
struct Frame {
    page: usize,
    total: Rc<Cell<usize>>,
    known_total: Option<usize>,
    case: String,
    title: String,
    page_label: String,
}

impl genpdf::PageDecorator for Frame {
    fn decorate_page<'a>(
        &mut self,
        context: &Context,
        mut area: Area<'a>,
        style: Style,
    ) -> Result<Area<'a>, genpdf::error::Error> {
        self.page += 1;
        self.total.set(self.page);
        area.add_margins(Margins::trbl(12, 18, 12, 18));
        let small = style.with_font_size(7).with_color(GREY);
        let width = f(area.size().width);
        area.print_str(&context.font_cache, Position::new(mm(0.0), mm(0.0)), small, &self.case)?;
        let tw = f(small.str_width(&context.font_cache, &self.title));
        area.print_str(
            &context.font_cache,
            Position::new(mm(width - tw), mm(0.0)),
            small,
            &self.title,
        )?;
        area.draw_line(
            vec![Position::new(mm(0.0), mm(4.0)), Position::new(mm(width), mm(4.0))],
            Style::new().with_color(LIGHT),
        );
        let height = f(area.size().height);
        let label = crate::wording::fill(
            &self.page_label,
            &[
                ("page", self.page.to_string()),
                (
                    "pages",
                    self.known_total.map(|t| t.to_string()).unwrap_or_else(|| "?".into()),
                ),
            ],
        );
        let lw = f(small.str_width(&context.font_cache, &label));
        area.draw_line(
            vec![
                Position::new(mm(0.0), mm(height - 5.0)),
                Position::new(mm(width), mm(height - 5.0)),
            ],
            Style::new().with_color(LIGHT),
        );
        area.print_str(
            &context.font_cache,
            Position::new(mm(width - lw), mm(height - 3.5)),
            small,
            &label,
        )?;
        area.add_offset(Position::new(0, 8));
        area.set_height(mm(height - 8.0 - 8.0));
        Ok(area)
    }
}

// ------------------------------------------------------------------ assembly

/// Characters the font lacks in the document's text, each with its transliteration.
pub fn missing_glyphs(doc: &Document) -> Result<Vec<(String, String)>, String> {
    let probe = genpdf::Document::new(font_family(false)?);
    let cache = probe.font_cache();
    let font = cache.default_font_family().regular;
    let found: std::cell::RefCell<std::collections::BTreeMap<String, String>> = Default::default();
    // Every text the reader sees, through the one walk over the document.
    map_texts(doc, &|text: &str| {
        for word in text.split_whitespace() {
            if font.glyph_ids(cache, word.chars()).contains(&0) {
                found
                    .borrow_mut()
                    .entry(word.to_string())
                    .or_insert_with(|| deunicode::deunicode(word));
            }
        }
        String::new()
    });
    Ok(found.into_inner().into_iter().collect())
}

/// The document with `fix` applied to every text the reader sees (not to references).
fn map_texts(doc: &Document, fix: &dyn Fn(&str) -> String) -> Document {
    let fix_rich = |r: &Rich| -> Rich {
        r.iter()
            .map(|s| match s {
                Span::Plain(t) => Span::Plain(fix(t)),
                Span::Bold(t) => Span::Bold(fix(t)),
                Span::Italic(t) => Span::Italic(fix(t)),
                Span::Reference(t) => Span::Reference(t.clone()),
            })
            .collect()
    };
    let mut out = doc.clone();
    out.title = fix(&doc.title);
    out.case = fix(&doc.case);
    for block in &mut out.blocks {
        let fixed = match &*block {
            Block::Title { title, subtitle } => Block::Title {
                title: fix(title),
                subtitle: fix(subtitle),
            },
            Block::Heading { level, text } => Block::Heading {
                level: *level,
                text: fix(text),
            },
            Block::Paragraph(r) => Block::Paragraph(fix_rich(r)),
            Block::Notice(r) => Block::Notice(fix_rich(r)),
            Block::Facts(facts) => Block::Facts(facts.iter().map(|(l, v)| (fix(l), fix_rich(v))).collect()),
            Block::Bullets(items) => Block::Bullets(items.iter().map(&fix_rich).collect()),
            Block::Table { columns, rows } => Block::Table {
                columns: columns
                    .iter()
                    .map(|c| Column {
                        title: fix(&c.title),
                        weight: c.weight,
                    })
                    .collect(),
                rows: rows.iter().map(|row| row.iter().map(&fix_rich).collect()).collect(),
            },
            Block::Chart(c) => {
                let mut c = c.clone();
                c.title = fix(&c.title);
                c.legend = c.legend.map(|l| fix(&l));
                Block::Chart(c)
            }
            Block::PageBreak => Block::PageBreak,
        };
        *block = fixed;
    }
    out
}

/// Writes "word (transliteration)" wherever a word has a character the font lacks.
fn with_transliterations(doc: &Document, missing: &[(String, String)]) -> Document {
    if missing.is_empty() {
        return doc.clone();
    }
    map_texts(doc, &|s: &str| {
        let mut out = s.to_string();
        for (word, latin) in missing {
            if out.contains(word.as_str()) {
                out = out.replace(word.as_str(), &format!("{word} ({latin})"));
            }
        }
        out
    })
}

/// Text the built-in fonts of the counting pass can encode (Windows-1252); other
/// characters become a letter of about the same width. The real pass checks the count.
fn win1252_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut buf = [0u8; 4];
            let (_, _, unmappable) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
            if unmappable || c.is_control() {
                'o'
            } else {
                c
            }
        })
        .collect()
}

fn layout(
    doc: &Document,
    total: Option<usize>,
    pages: Rc<Cell<usize>>,
    title_placeholder: &str,
    for_counting: bool,
) -> Result<genpdf::Document, String> {
    let mut pdf = genpdf::Document::new(font_family(for_counting)?);
    pdf.set_title(title_placeholder);
    pdf.set_minimal_conformance();
    pdf.set_paper_size(genpdf::PaperSize::A4);
    pdf.set_font_size(BODY_SIZE);
    pdf.set_line_spacing(1.25);
    pdf.set_page_decorator(Frame {
        page: 0,
        total: pages,
        known_total: total,
        case: doc.case.clone(),
        title: doc.title.clone(),
        page_label: doc.page_label.clone(),
    });
    let draw = !for_counting;
    for block in &doc.blocks {
        match block {
            Block::Title { title, subtitle } => {
                pdf.push(
                    Paragraph::new(title.as_str())
                        .styled(Style::new().bold().with_font_size(22))
                        .padded(Margins::trbl(30, 0, 4, 0)),
                );
                pdf.push(
                    Paragraph::new(subtitle.as_str())
                        .styled(Style::new().italic().with_font_size(12))
                        .padded(Margins::trbl(0, 0, 12, 0)),
                );
            }
            Block::Heading { level, text } => {
                let size = match level {
                    1 => 15,
                    2 => 11,
                    _ => 10,
                };
                let mut t = TextBlock::new(vec![Span::Plain(text.clone())], size);
                t.draw = draw;
                t.bold = true;
                t.keep_with = if *level == 1 { 30.0 } else { 16.0 };
                t.space_after = if *level == 1 { 3.0 } else { 1.5 };
                pdf.push(t.padded(Margins::trbl(if *level == 1 { 4 } else { 2 }, 0, 0, 0)));
            }
            Block::Paragraph(r) => {
                let mut t = TextBlock::new(r.clone(), BODY_SIZE);
                t.draw = draw;
                pdf.push(t);
            }
            Block::Notice(r) => {
                let mut t = TextBlock::new(r.clone(), 9);
                t.draw = draw;
                t.rule = true;
                t.space_after = 3.0;
                pdf.push(t);
            }
            Block::Facts(facts) => {
                let columns = vec![
                    Column {
                        title: String::new(),
                        weight: 28,
                    },
                    Column {
                        title: String::new(),
                        weight: 72,
                    },
                ];
                let rows = facts
                    .iter()
                    .map(|(l, v)| vec![vec![Span::Bold(l.clone())], v.clone()])
                    .collect();
                let mut t = Table::new(columns, rows, BODY_SIZE, false);
                t.draw = draw;
                pdf.push(t);
            }
            Block::Bullets(items) => {
                for item in items {
                    let mut t = TextBlock::new(item.clone(), BODY_SIZE);
                    t.draw = draw;
                    t.indent = 5.0;
                    t.bullet = Some("•".into());
                    t.space_after = 1.2;
                    pdf.push(t);
                }
                pdf.push(genpdf::elements::Break::new(0.3));
            }
            Block::Table { columns, rows } => {
                let mut t = Table::new(columns.clone(), rows.clone(), TABLE_SIZE, true);
                t.draw = draw;
                pdf.push(t);
            }
            Block::Chart(chart) => pdf.push(ChartElement {
                chart: chart.clone(),
                done: false,
                draw,
            }),
            Block::PageBreak => pdf.push(PageBreak::new()),
        }
    }
    Ok(pdf)
}

/// The title as a PDF text string in UTF-16 (`<FEFF…>`), which every reader shows right.
fn utf16_title(title: &str) -> String {
    let mut out = String::from("<FEFF");
    for unit in title.encode_utf16() {
        out.push_str(&format!("{unit:04X}"));
    }
    out.push('>');
    out
}

/// Renders the document to PDF bytes, and the warnings (characters shown with a
/// transliteration). `stamp` is the 14-digit `YYYYMMDDHHMMSS` written as the creation date.
pub fn render(doc: &Document, stamp: &str, glyph_warning: &str) -> Result<(Vec<u8>, Vec<String>), String> {
    let doc = &map_texts(doc, &super::document::visible);
    let missing = missing_glyphs(doc)?;
    let warnings: Vec<String> = missing
        .iter()
        .map(|(word, latin)| crate::wording::fill(glyph_warning, &[("text", word.clone()), ("latin", latin.clone())]))
        .collect();
    let mut doc = with_transliterations(doc, &missing);
    if !warnings.is_empty() {
        doc.blocks.push(Block::Notice(
            warnings.iter().map(|w| Span::Plain(format!("{w} "))).collect(),
        ));
    }
    // printpdf writes the title as a literal string in raw UTF-8; reserve an ASCII
    // placeholder exactly as long as the UTF-16 form and swap it in afterwards.
    let title = utf16_title(&doc.title);
    let placeholder = "T".repeat(title.len() - 2);
    // Count the pages with built-in fonts, then lay out for real with the total; if the
    // real pass comes out at another count (a character of another width), go again.
    let t0 = std::time::Instant::now();
    let counting = map_texts(&doc, &win1252_safe);
    let pages = Rc::new(Cell::new(0));
    layout(&counting, None, pages.clone(), &placeholder, true)?
        .render(std::io::sink())
        .map_err(|e| format!("PDF: {e}"))?;
    let mut total = pages.get();
    if std::env::var_os("PATROON_TIMING").is_some() {
        eprintln!("pdf: counting pass {:?}", t0.elapsed());
    }
    let mut bytes = Vec::new();
    for _ in 0..3 {
        bytes.clear();
        let counted = Rc::new(Cell::new(0));
        layout(&doc, Some(total), counted.clone(), &placeholder, false)?
            .render(&mut bytes)
            .map_err(|e| format!("PDF: {e}"))?;
        if counted.get() == total {
            break;
        }
        total = counted.get();
    }
    if std::env::var_os("PATROON_TIMING").is_some() {
        eprintln!("pdf: both passes {:?}", t0.elapsed());
    }
    let literal = format!("({placeholder})");
    replace_same_length(&mut bytes, literal.as_bytes(), title.as_bytes());
    pin_dates(&mut bytes, stamp);
    pin_id(&mut bytes);
    Ok((bytes, warnings))
}

fn replace_same_length(bytes: &mut [u8], from: &[u8], to: &[u8]) {
    debug_assert_eq!(from.len(), to.len());
    let mut k = 0;
    while k + from.len() <= bytes.len() {
        if &bytes[k..k + from.len()] == from {
            bytes[k..k + from.len()].copy_from_slice(to);
            k += from.len();
        } else {
            k += 1;
        }
    }
}

/// printpdf draws the file identifier (`/ID[(…)(…)]`) from a generator shared by every
/// document of the process, so it depends on what was rendered before. Replace it with a
/// digest of the file itself (same length), so the same document always has the same id.
fn pin_id(bytes: &mut [u8]) {
    use sha2::Digest as _;
    let marker = b"/ID[(";
    let Some(at) = bytes.windows(marker.len()).rposition(|w| w == marker) else {
        return;
    };
    let start = at + marker.len();
    let Some(close) = bytes[start..].iter().position(|&b| b == b']').map(|k| start + k) else {
        return;
    };
    let mut hasher = sha2::Sha256::new();
    hasher.update(&bytes[..at]);
    hasher.update(&bytes[close..]);
    let hex: Vec<u8> = hasher
        .finalize()
        .iter()
        .flat_map(|b| format!("{b:02X}").into_bytes())
        .collect();
    let mut k = 0;
    for b in &mut bytes[start..close] {
        if b.is_ascii_alphanumeric() {
            *b = hex[k % hex.len()];
            k += 1;
        }
    }
}

/// Overwrites every `(D:YYYYMMDDHHMMSS` with `stamp`, so the bytes do not depend on the
/// clock.
fn pin_dates(bytes: &mut [u8], stamp: &str) {
    let stamp = stamp.as_bytes();
    if stamp.len() != 14 {
        return;
    }
    let marker = b"(D:";
    let mut k = 0;
    while k + marker.len() + 14 <= bytes.len() {
        if &bytes[k..k + marker.len()] == marker && bytes[k + 3..k + 17].iter().all(u8::is_ascii_digit) {
            bytes[k + 3..k + 17].copy_from_slice(stamp);
            k += 17;
        } else {
            k += 1;
        }
    }
}
