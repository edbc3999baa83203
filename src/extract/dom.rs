//! A flat, pre-order view of the parsed DOM, so every later stage can walk it with
//! index arithmetic instead of recursion (a 100 000-deep page must not overflow the stack).

use ego_tree::iter::Edge;
use scraper::{Html, Node};

use super::tag::Tag;

/// Sentinel for "no parent" (the root).
pub const NO_PARENT: u32 = u32::MAX;

/// What one node of the flat DOM is.
#[derive(Debug, Clone, Copy)]
pub enum NodeKind<'a> {
    /// An element, with its classified tag and the parser's element for attributes.
    Element {
        /// The tag, classified into the handful of kinds the scorer cares about.
        tag: Tag,
        /// The element as the parser built it.
        el: &'a scraper::node::Element,
    },
    /// A run of character data.
    Text(&'a str),
    /// The document root, comments, doctypes, processing instructions.
    Other,
}

/// One node: its parent and the end of its subtree in pre-order.
///
/// The subtree of node `i` is exactly the index range `i..end`.
#[derive(Debug, Clone, Copy)]
pub struct DomNode<'a> {
    /// Index of the parent, or [`NO_PARENT`] for the root.
    pub parent: u32,
    /// One past the last index of this node's subtree.
    pub end: u32,
    /// What the node is.
    pub kind: NodeKind<'a>,
}

/// The whole document as a pre-order array borrowed from the parser's tree.
#[derive(Debug)]
pub struct Dom<'a> {
    /// All nodes in document order; index 0 is the document root.
    pub nodes: Vec<DomNode<'a>>,
}

impl<'a> Dom<'a> {
    /// Flattens a parsed document with an explicit stack (no recursion).
    pub fn build(html: &'a Html) -> Dom<'a> {
        let mut nodes: Vec<DomNode<'a>> = Vec::with_capacity(1024);
        let mut stack: Vec<u32> = Vec::with_capacity(64);
        for edge in html.tree.root().traverse() {
            match edge {
                Edge::Open(node) => {
                    let kind = match node.value() {
                        Node::Element(el) => NodeKind::Element {
                            tag: Tag::from_name(el.name()),
                            el,
                        },
                        Node::Text(t) => NodeKind::Text(&t.text),
                        _ => NodeKind::Other,
                    };
                    let parent = stack.last().copied().unwrap_or(NO_PARENT);
                    let index = nodes.len() as u32;
                    nodes.push(DomNode {
                        parent,
                        end: index + 1,
                        kind,
                    });
                    stack.push(index);
                }
                Edge::Close(_) => {
                    if let Some(index) = stack.pop() {
                        let end = nodes.len() as u32;
                        nodes[index as usize].end = end;
                    }
                }
            }
        }
        Dom { nodes }
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// The tag of node `i`, if it is an element.
    pub fn tag(&self, i: usize) -> Option<Tag> {
        match self.nodes[i].kind {
            NodeKind::Element { tag, .. } => Some(tag),
            _ => None,
        }
    }

    /// The element of node `i`, if it is one.
    pub fn element(&self, i: usize) -> Option<&'a scraper::node::Element> {
        match self.nodes[i].kind {
            NodeKind::Element { el, .. } => Some(el),
            _ => None,
        }
    }

    /// An attribute of node `i`, if it is an element carrying it.
    pub fn attr(&self, i: usize, name: &str) -> Option<&'a str> {
        self.element(i).and_then(|el| el.attr(name))
    }

    /// The parent of node `i`.
    pub fn parent(&self, i: usize) -> Option<usize> {
        let p = self.nodes[i].parent;
        (p != NO_PARENT).then_some(p as usize)
    }

    /// One past the last index of the subtree of `i`.
    pub fn end(&self, i: usize) -> usize {
        self.nodes[i].end as usize
    }

    /// The direct children of `i`, in order.
    pub fn children(&self, i: usize) -> Children<'_, 'a> {
        Children {
            dom: self,
            next: i + 1,
            end: self.end(i),
        }
    }

    /// True when `i` lies inside the subtree of `ancestor` (or is it).
    pub fn contains(&self, ancestor: usize, i: usize) -> bool {
        ancestor <= i && i < self.end(ancestor)
    }

    /// The first element (in document order) with this tag.
    pub fn find_tag(&self, tag: Tag) -> Option<usize> {
        (0..self.len()).find(|&i| self.tag(i) == Some(tag))
    }
}

/// Iterator over the direct children of a node.
#[derive(Debug)]
pub struct Children<'d, 'a> {
    dom: &'d Dom<'a>,
    next: usize,
    end: usize,
}

impl Iterator for Children<'_, '_> {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        if self.next >= self.end {
            return None;
        }
        let i = self.next;
        self.next = self.dom.end(i);
        Some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subtree_ranges_and_children() {
        let html = Html::parse_document("<div><p>a</p><p>b<b>c</b></p></div>");
        let dom = Dom::build(&html);
        let div = dom.find_tag(Tag::Div).unwrap();
        let kids: Vec<usize> = dom.children(div).collect();
        assert_eq!(kids.len(), 2);
        assert!(kids.iter().all(|&k| dom.tag(k) == Some(Tag::P)));
        assert!(dom.contains(div, kids[1] + 2));
        assert_eq!(dom.parent(kids[0]), Some(div));
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        // Built by hand: the parser caps nesting, this checks the flattening alone.
        let depth = 100_000;
        let mut html = Html::new_document();
        let mut id = html.tree.root().id();
        for _ in 0..depth {
            let el = scraper::node::Element::new(
                html5ever::QualName::new(None, html5ever::ns!(html), html5ever::local_name!("div")),
                Vec::new(),
            );
            let Some(mut node) = html.tree.get_mut(id) else {
                break;
            };
            id = node.append(Node::Element(el)).id();
        }
        let dom = Dom::build(&html);
        assert!(dom.len() > depth);
        assert_eq!(dom.end(0), dom.len());
    }
}
