//! Charts as SVG written on the server: readable without JavaScript,
//! printable, and each with its text alternative — a `<title>` and
//! `<desc>` the SVG is labelled by, and the same numbers as a table under
//! a `<details>`.
//!
//! Drawn in a narrow coordinate space (400 wide) so that text stays
//! legible when a phone scales the chart down; colours pass 4.5:1 against
//! white and no series is told apart by colour alone (dash patterns and
//! direct labels).

use maud::{Markup, html};

pub const WIDTH: f64 = 300.0;
pub const INK: &str = "#1b1f24";
pub const MUTED: &str = "#4a5562";
pub const GRID: &str = "#d6dbe1";
pub const BLUE: &str = "#0b4f8a";
pub const GREEN: &str = "#1f6b3a";
pub const RED: &str = "#b00020";
pub const AMBER: &str = "#8a5a00";
pub const GREY: &str = "#5b6570";
pub const TRACK: &str = "#e4e9ef";

/// A number with a dot as decimal mark, few digits: SVG coordinates.
fn n(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
}

/// A chart's frame: heading, the labelled SVG, an optional legend, and its
/// numbers in a table under a `<details>`.
pub struct Chart<'a> {
    /// Unique on the page; `data-chart` of the section and its table.
    pub id: &'a str,
    pub heading: &'a str,
    /// One sentence that says what the chart shows (its `<desc>`).
    pub summary: String,
    pub height: f64,
    pub body: Markup,
    pub legend: Option<Markup>,
    pub table: Markup,
}

pub fn chart(chart: Chart) -> Markup {
    let title_id = format!("{}-title", chart.id);
    let desc_id = format!("{}-desc", chart.id);
    html! {
        section.card.chart data-chart=(chart.id) aria-labelledby={ (chart.id) "-heading" } {
            h2 id={ (chart.id) "-heading" } { (chart.heading) }
            svg xmlns="http://www.w3.org/2000/svg" role="img"
                aria-labelledby={ (title_id) " " (desc_id) }
                viewBox={ "0 0 " (n(WIDTH)) " " (n(chart.height)) }
                width=(n(WIDTH)) height=(n(chart.height))
                font-family="system-ui, sans-serif" {
                title id=(title_id) { (chart.heading) }
                desc id=(desc_id) { (chart.summary) }
                (chart.body)
            }
            @if let Some(legend) = chart.legend { (legend) }
            details {
                summary { "The numbers" }
                div.table-wrap { (chart.table) }
            }
        }
    }
}

/// One bar of a horizontal bar chart.
pub struct Bar {
    pub label: String,
    pub value: i64,
    pub color: &'static str,
    /// Shown after the bar; the value when `None`.
    pub note: Option<String>,
    /// For a rate: the whole the value is part of, drawn as the track.
    pub of: Option<i64>,
}

const ROW: f64 = 42.0;
const LABEL_SIZE: f64 = 13.0;

/// Horizontal bars, each under its label, with the number at its end:
/// long names (organizations) get the chart's whole width.
pub fn bars(bars: &[Bar]) -> (Markup, f64) {
    let max = bars
        .iter()
        .map(|b| b.of.unwrap_or(b.value))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let room = WIDTH - 100.0;
    let height = (bars.len() as f64 * ROW).max(ROW);
    let body = html! {
        @if bars.is_empty() {
            text x="0" y="26" font-size=(n(LABEL_SIZE)) fill=(MUTED) { "Nothing to show yet." }
        }
        @for (i, bar) in bars.iter().enumerate() {
            @let top = i as f64 * ROW;
            @let width = bar.value as f64 / max * room;
            @let label = shorten(&bar.label, 40);
            g {
                @if label != bar.label { title { (bar.label) } }
                text x="0" y=(n(top + 15.0)) font-size=(n(LABEL_SIZE)) fill=(INK) { (label) }
                @if let Some(whole) = bar.of {
                    rect x="0" y=(n(top + 21.0)) width=(n(whole as f64 / max * room)) height="14" fill=(TRACK) {}
                }
                rect x="0" y=(n(top + 21.0)) width=(n(width)) height="14" fill=(bar.color) {}
                text x=(n(width.max(bar.of.map_or(0.0, |w| w as f64 / max * room)) + 5.0)) y=(n(top + 33.0))
                    font-size="12" fill=(INK) font-weight="600" {
                    (bar.note.clone().unwrap_or_else(|| bar.value.to_string()))
                }
            }
        }
    };
    (body, height)
}

/// `text` cut to `max` characters with "…".
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(max - 1).collect();
        short.push('…');
        short
    }
}

/// A series of a line chart.
pub struct Series<'a> {
    pub label: &'a str,
    pub values: Vec<i64>,
    pub color: &'static str,
    /// SVG `stroke-dasharray`, so lines differ by more than colour.
    pub dash: Option<&'static str>,
}

/// A round step for about five grid lines up to `max`.
fn step(max: i64) -> i64 {
    let rough = (max as f64 / 5.0).max(1.0);
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * magnitude);
    step as i64
}

/// Lines over `labels` (the x axis), with an optional horizontal limit
/// (the capacity), labelled at the line.
pub fn lines(labels: &[String], series: &[Series], limit: Option<(&str, i64)>) -> (Markup, f64) {
    let height = 200.0;
    let (left, right, top, bottom) = (34.0, 8.0, 10.0, 30.0);
    let plot_w = WIDTH - left - right;
    let plot_h = height - top - bottom;
    let top_value = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .chain(limit.map(|l| l.1))
        .max()
        .unwrap_or(0)
        .max(1);
    let step = step(top_value);
    let y_max = ((top_value + step - 1) / step * step).max(step) as f64;
    let count = labels.len().max(1);
    let x = |i: usize| {
        if count == 1 {
            left + plot_w / 2.0
        } else {
            left + i as f64 / (count - 1) as f64 * plot_w
        }
    };
    let y = |v: i64| top + plot_h - v as f64 / y_max * plot_h;
    let ticks: Vec<i64> = (0..)
        .map(|i| i * step)
        .take_while(|t| *t as f64 <= y_max)
        .collect();
    // At most five dates under the axis, always the first and the last.
    let every = count.div_ceil(5).max(1);
    let mut shown: Vec<usize> = (0..count).step_by(every).collect();
    if let Some(&last) = shown.last()
        && last != count - 1
    {
        // Too close to the last date to leave room for both labels.
        if count - 1 - last < every.div_ceil(2) && shown.len() > 1 {
            shown.pop();
        }
        shown.push(count - 1);
    }
    let body = html! {
        @for tick in &ticks {
            line x1=(n(left)) x2=(n(WIDTH - right)) y1=(n(y(*tick))) y2=(n(y(*tick))) stroke=(GRID) stroke-width="1" {}
            text x=(n(left - 6.0)) y=(n(y(*tick) + 4.0)) font-size="12" text-anchor="end" fill=(MUTED) { (tick) }
        }
        @for i in &shown {
            @if let Some(label) = labels.get(*i) {
                text x=(n(x(*i))) y=(n(height - 12.0)) font-size="12" fill=(MUTED)
                    text-anchor=(if *i == 0 && count > 1 { "start" } else if *i == count - 1 && count > 1 { "end" } else { "middle" }) {
                    (label)
                }
            }
        }
        @if let Some((label, value)) = limit {
            line x1=(n(left)) x2=(n(WIDTH - right)) y1=(n(y(value))) y2=(n(y(value)))
                stroke=(RED) stroke-width="2" stroke-dasharray="2 4" {}
            text x=(n(left + 4.0)) y=(n(y(value) - 5.0)) font-size="12" fill=(RED) font-weight="600" {
                (label) " " (value)
            }
        }
        @for s in series {
            @let points: Vec<String> = s.values.iter().enumerate().map(|(i, v)| format!("{},{}", n(x(i)), n(y(*v)))).collect();
            @if s.values.len() == 1 {
                circle cx=(n(x(0))) cy=(n(y(s.values[0]))) r="4" fill=(s.color) {}
            } @else {
                polyline points=(points.join(" ")) fill="none" stroke=(s.color) stroke-width="3"
                    stroke-linejoin="round" stroke-dasharray=[s.dash] {}
            }
        }
    };
    (body, height)
}

/// The legend of a line chart: each series' stroke and its name.
pub fn legend(series: &[Series]) -> Markup {
    html! {
        ul.chart-legend {
            @for s in series {
                li {
                    svg width="28" height="10" aria-hidden="true" focusable="false" {
                        line x1="0" x2="28" y1="5" y2="5" stroke=(s.color) stroke-width="3" stroke-dasharray=[s.dash] {}
                    }
                    " " (s.label)
                }
            }
        }
    }
}

/// A percentage of `part` in `whole`, rounded, for labels.
pub fn percent(part: i64, whole: i64) -> String {
    if whole <= 0 {
        "–".to_owned()
    } else {
        format!("{}%", (part as f64 / whole as f64 * 100.0).round() as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_steps_are_round() {
        assert_eq!(step(1), 1);
        assert_eq!(step(7), 2);
        assert_eq!(step(50), 10);
        assert_eq!(step(120), 50);
        assert_eq!(step(1000), 200);
    }

    #[test]
    fn a_chart_is_labelled_by_its_title_and_description() {
        let (body, height) = bars(&[Bar {
            label: "Θεσσαλονίκη Εξαγωγές Α.Ε. <b>".into(),
            value: 3,
            color: BLUE,
            note: None,
            of: None,
        }]);
        let page = chart(Chart {
            id: "org",
            heading: "By organization",
            summary: "One organization.".into(),
            height,
            body,
            legend: None,
            table: html! { table {} },
        })
        .into_string();
        assert!(page.contains(r#"role="img""#));
        assert!(page.contains(r#"aria-labelledby="org-title org-desc""#));
        assert!(page.contains(r#"<title id="org-title">By organization</title>"#));
        assert!(page.contains("&lt;b&gt;"), "names are escaped");
        assert!(page.contains("<details>"));
    }
}
