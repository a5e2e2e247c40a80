//! PDFs for the family (F16): "Mijn dossier" now, letters later. Made with printpdf and its built-in
//! Helvetica, so no font file is embedded: its WinAnsi encoding covers Dutch (é, ë, ï, “ ”, €); a
//! character outside it prints as "?". A4, 2 cm margins; paragraphs are wrapped to the page width and flow
//! onto new pages here, as printpdf lays out no text itself.

use printpdf::{
    BuiltinFont, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem,
};

/// A4 in points, and the margin (2 cm).
const WIDTH: f32 = 595.28;
const HEIGHT: f32 = 841.89;
const MARGIN: f32 = 56.7;

/// A piece of a document, top to bottom.
#[derive(Debug, Clone)]
pub enum Block {
    /// The document's title.
    Title(String),
    /// A section's heading.
    Heading(String),
    /// A paragraph of running text.
    Paragraph(String),
}

/// A font with the widths of its characters.
struct Face {
    font: BuiltinFont,
    metrics: ParsedFont,
}

impl Face {
    fn new(font: BuiltinFont) -> Option<Self> {
        Some(Self {
            font,
            metrics: font.get_parsed_font()?,
        })
    }

    /// The width of `text` at `size` points.
    fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = (text.chars())
            .map(|c| {
                (self.metrics.lookup_glyph_index(u32::from(c)))
                    .and_then(|g| self.metrics.get_glyph_width(g))
                    .map_or(556, u32::from)
            })
            .sum();
        units as f32 * size / f32::from(self.metrics.units_per_em)
    }

    /// `text` broken into lines no wider than `max` at `size`; a word wider than a line is cut where it
    /// reaches the margin, so no text runs off the page. The text's own line breaks are kept.
    fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.lines() {
            lines.extend(self.wrap_line(paragraph, size, max));
        }
        lines
    }

    /// One line of text broken to `max`, as [`Face::wrap`].
    fn wrap_line(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        let words = text.split_whitespace().flat_map(|word| self.cut(word, size, max));
        for word in words {
            let longer = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if !line.is_empty() && self.width(&longer, size) > max {
                lines.push(std::mem::replace(&mut line, word.to_owned()));
            } else {
                line = longer;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// A word in pieces no wider than `max` (most words are one piece).
    fn cut(&self, word: &str, size: f32, max: f32) -> Vec<String> {
        let mut pieces = vec![String::new()];
        for c in word.chars() {
            let last = pieces.last_mut().expect("one piece at least");
            last.push(c);
            if self.width(last, size) > max && last.chars().count() > 1 {
                last.pop();
                pieces.push(c.to_string());
            }
        }
        pieces
    }
}

/// The document `title` (its metadata title) of `blocks`, as PDF bytes.
pub fn render(title: &str, blocks: &[Block]) -> Vec<u8> {
    let (Some(regular), Some(bold)) = (Face::new(BuiltinFont::Helvetica), Face::new(BuiltinFont::HelveticaBold)) else {
        // printpdf ships the built-in fonts' metrics; without them there is nothing to lay out with.
        return PdfDocument::new(title).save(&PdfSaveOptions::default(), &mut Vec::new());
    };
    let new_page = |ops| PdfPage::new(Mm(210.0), Mm(297.0), ops);
    let (mut pages, mut ops, mut y) = (Vec::new(), Vec::new(), HEIGHT - MARGIN);
    for block in blocks {
        let (face, size, before) = match block {
            Block::Title(_) => (&bold, 18.0, 0.0),
            Block::Heading(_) => (&bold, 13.0, 10.0),
            Block::Paragraph(_) => (&regular, 10.5, 0.0),
        };
        let (Block::Title(text) | Block::Heading(text) | Block::Paragraph(text)) = block;
        y -= before;
        for line in face.wrap(text, size, WIDTH - 2.0 * MARGIN) {
            let height = size * 1.35;
            if y - height < MARGIN {
                pages.push(new_page(std::mem::take(&mut ops)));
                y = HEIGHT - MARGIN;
            }
            y -= height;
            ops.extend([
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::Builtin(face.font),
                    size: Pt(size),
                },
                Op::SetTextCursor {
                    pos: Point {
                        x: Pt(MARGIN),
                        y: Pt(y),
                    },
                },
                Op::ShowText {
                    items: vec![TextItem::Text(line)],
                },
                Op::EndTextSection,
            ]);
        }
        y -= size * 0.6;
    }
    pages.push(new_page(ops));
    PdfDocument::new(title)
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of a PDF, whitespace made single (lines break where the wrapping did).
    fn text(pdf: &[u8]) -> String {
        let doc = lopdf::Document::load_mem(pdf).expect("a PDF");
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        let raw = doc.extract_text(&pages).expect("its text");
        raw.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn dutch_text_is_wrapped_onto_pages_and_reads_back() {
        let sentence = "Het “reëel” en niet naïef: de kosten zijn € 12,50 per maand, óók in België.";
        let mut blocks = vec![Block::Title("Mijn dossier".into())];
        for n in 0..60 {
            blocks.push(Block::Heading(format!("Onderdeel {n}")));
            blocks.push(Block::Paragraph(sentence.repeat(3)));
        }
        let pdf = render("Mijn dossier", &blocks);
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        assert!(doc.get_pages().len() > 3, "it flows onto more pages");
        let read = text(&pdf);
        assert!(read.contains(sentence), "{}", &read[..200.min(read.len())]);
        assert!(read.contains("Onderdeel 59"));
    }

    #[test]
    fn no_line_passes_the_margin_not_even_a_very_long_word_and_line_breaks_stay() {
        let face = Face::new(BuiltinFont::Helvetica).unwrap();
        let max = WIDTH - 2.0 * MARGIN;
        let long = "x".repeat(300);
        let lines = face.wrap(&format!("kort {long} kort"), 10.5, max);
        assert!(lines.len() >= 3, "{lines:?}");
        assert_eq!(
            lines.concat().replace(' ', ""),
            format!("kort{long}kort"),
            "nothing lost"
        );
        let lines = face.wrap(&"woord ".repeat(300), 10.5, max);
        assert!(lines.iter().all(|l| face.width(l, 10.5) <= max));
        assert_eq!(
            face.wrap("eerste regel\ntweede regel", 10.5, max),
            ["eerste regel", "tweede regel"]
        );
    }
}
