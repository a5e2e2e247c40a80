//! Tables of figures drawn as charts on the server (SVG, no JavaScript), beside the table with their numbers:
//! the municipality's figures for steering and the researcher's journeys use them alike
//! (`templates/figures.html`).

use regie_domain::stats::Table;

/// A bar of a chart, placed.
pub(super) struct Bar {
    pub(super) y: u32,
    pub(super) width: u32,
    pub(super) text: String,
    pub(super) text_x: u32,
    pub(super) colour: &'static str,
}

/// A row of a chart: its label and its bars.
pub(super) struct ChartRow {
    pub(super) label: String,
    pub(super) label_y: u32,
    pub(super) bars: Vec<Bar>,
}

/// A horizontal bar chart of a table's first columns.
pub(super) struct Chart {
    pub(super) height: u32,
    pub(super) rows: Vec<ChartRow>,
    pub(super) legend: Vec<(String, &'static str)>,
}

/// The colours of the series: Rijkshuisstijl's dark blue and violet, both 3:1 or more against white.
const COLOURS: [&str; 2] = ["#01689b", "#a90061"];
pub(super) const WIDTH: u32 = 400;
const BAR_SPACE: u32 = 330;

pub(super) fn chart(t: &Table) -> Option<Chart> {
    if t.charted == 0 {
        return None;
    }
    let max = (t.rows.iter())
        .flat_map(|r| r.cells.iter().take(t.charted).filter_map(|c| c.value()))
        .max()
        .unwrap_or(0)
        .max(1);
    let mut y = 0;
    let mut rows = Vec::new();
    for r in &t.rows {
        let label_y = y + 14;
        y += 20;
        let mut bars = Vec::new();
        for (i, cell) in r.cells.iter().take(t.charted).enumerate() {
            let width = cell
                .value()
                .map_or(0, |v| u32::try_from(v.max(0) * i64::from(BAR_SPACE) / max).unwrap_or(0));
            bars.push(Bar {
                y,
                width,
                text: cell.text_nl(),
                text_x: width + 4,
                colour: COLOURS[i % COLOURS.len()],
            });
            y += 16;
        }
        y += 8;
        rows.push(ChartRow {
            label: r.label.clone(),
            label_y,
            bars,
        });
    }
    Some(Chart {
        height: y,
        rows,
        legend: if t.charted > 1 {
            (t.columns.iter().take(t.charted).cloned()).zip(COLOURS).collect()
        } else {
            Vec::new()
        },
    })
}

/// A table with its chart, if it has one.
pub(super) type Charted = (Table, Option<Chart>);

#[cfg(test)]
mod tests {
    use super::*;
    use regie_domain::stats::{Cell, TableRow};

    #[test]
    fn a_chart_scales_to_the_largest_value_and_writes_hidden_cells() {
        let t = Table {
            id: "t",
            title: "T".into(),
            note: String::new(),
            columns: vec!["Deze periode".into(), "Vorige periode".into()],
            rows: vec![
                TableRow {
                    label: "a".into(),
                    cells: vec![Cell::Count(100), Cell::Hidden],
                },
                TableRow {
                    label: "b".into(),
                    cells: vec![Cell::Count(50), Cell::Count(10)],
                },
            ],
            charted: 2,
            terms: Vec::new(),
        };
        let c = chart(&t).unwrap();
        assert_eq!(c.rows[0].bars[0].width, BAR_SPACE);
        assert_eq!(c.rows[1].bars[0].width, BAR_SPACE / 2);
        assert_eq!((c.rows[0].bars[1].width, c.rows[0].bars[1].text.as_str()), (0, "<10"));
        assert_eq!(c.legend.len(), 2);
        assert!(chart(&Table { charted: 0, ..t }).is_none());
    }
}
