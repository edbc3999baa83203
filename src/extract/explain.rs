//! A developer's view of one extraction: the best candidates with their scores, the chosen
//! roots, and which pruned ancestor hid a given phrase. Used to study benchmark failures.

use std::fmt::Write;

use super::dom::{Dom, NodeKind};
use super::options::Options;
use super::{metadata, parse, prune, score, select};

/// Describes how `html` is scored; when `needle` is given, also why the text node holding
/// it was or was not kept.
pub fn explain(html: &str, needle: Option<&str>, options: &Options) -> String {
    let parsed = parse::parse(html);
    let dom = Dom::build(&parsed);
    let pruned = prune::prune(&dom, options);
    let scores = score::score(&dom, &pruned);
    let mut out = String::new();
    let mut ranked = scores.candidates.clone();
    ranked.sort_by(|&a, &b| scores.score[b].total_cmp(&scores.score[a]));
    for &c in ranked.iter().take(12) {
        let st = pruned.stats[c];
        let _ = writeln!(
            out,
            "{:8.1} width {:6} ld {:.2}  {}",
            scores.score[c],
            st.width,
            st.link_density(),
            path(&dom, c)
        );
    }
    let meta = metadata::read(&dom, &pruned.removed, None, None);
    let headline = metadata::headline_node(&dom, &pruned.removed, meta.title.as_deref());
    if let Some(h) = headline {
        let _ = writeln!(out, "headline: {}", path(&dom, h));
    }
    if let Some(sel) = select::select(&dom, &pruned, &scores, options.focus, headline) {
        for r in sel.roots {
            let _ = writeln!(out, "root: {}", path(&dom, r));
        }
    }
    match super::extract(html, options) {
        Ok(doc) => {
            let _ = writeln!(
                out,
                "extraction: {:?}, {} blocks",
                doc.extraction,
                doc.blocks.len()
            );
        }
        Err(e) => {
            let _ = writeln!(out, "extraction failed: {e}");
        }
    }
    if let Some(needle) = needle {
        for i in 0..dom.len() {
            if let NodeKind::Text(t) = dom.nodes[i].kind
                && t.contains(needle)
            {
                let mut culprit = None;
                let mut cur = Some(i);
                while let Some(c) = cur {
                    if pruned.removed[c] && dom.parent(c).is_none_or(|p| !pruned.removed[p]) {
                        culprit = Some(c);
                    }
                    cur = dom.parent(c);
                }
                let _ = writeln!(out, "needle in: {}", path(&dom, i));
                if let Some(c) = culprit {
                    let _ = writeln!(
                        out,
                        "  removed at: {} {:?}",
                        path(&dom, c),
                        pruned.signals[c]
                    );
                }
            }
        }
    }
    out
}

fn path(dom: &Dom<'_>, i: usize) -> String {
    let mut parts = Vec::new();
    let mut cur = Some(i);
    while let Some(c) = cur {
        if let Some(el) = dom.element(c) {
            let class = el.attr("class").unwrap_or("");
            let id = el.attr("id").unwrap_or("");
            let class: String = class.chars().take(40).collect();
            parts.push(format!("{}[{c}].{class}#{id}", el.name()));
        }
        cur = dom.parent(c);
    }
    parts.reverse();
    let skip = parts.len().saturating_sub(4);
    parts[skip..].join(" > ")
}
