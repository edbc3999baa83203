//! The parsed document ([`Tree`], built by `tree.rs` as html5ever directs) and a flat,
//! pre-order view of it ([`Dom`]), so every later stage can walk it with index arithmetic
//! instead of recursion (a 100 000-deep page must not overflow the stack).

use html5ever::tendril::StrTendril;
use html5ever::{Attribute, QualName, ns};

use super::tag::Tag;

/// Nodes read at the start of a block to find how it opens.
const OPENING_NODES: usize = 32;

/// Sentinel for "no parent" (the root).
pub const NO_PARENT: u32 = u32::MAX;

/// Sentinel for a missing link in the parsed [`Tree`].
pub(super) const NONE: u32 = u32::MAX;

/// An element as the parser built it: its name and its attributes in source order.
#[derive(Debug)]
pub struct Element {
    pub(super) name: QualName,
    pub(super) attrs: Vec<Attribute>,
}

impl Element {
    /// The local name of the element (`div`, `svg`…).
    pub fn name(&self) -> &str {
        &self.name.local
    }

    /// The value of the attribute with this local name and no namespace (so SVG's
    /// `xlink:href` is not taken for `href`). The names are compared as strings: interning
    /// the name for the look-up would cost more than a scan over the handful of attributes
    /// an element carries.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.name.ns == ns!() && &*a.name.local == name)
            .map(|a| &*a.value)
    }

    /// Every attribute as (local name, value), in source order.
    pub fn attrs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.attrs.iter().map(|a| (&*a.name.local, &*a.value))
    }
}

/// What a node of the parsed [`Tree`] holds.
#[derive(Debug)]
pub(super) enum Data {
    Element(Element),
    Text(StrTendril),
    /// The document, comments, doctypes, processing instructions, template contents.
    Other,
}

/// A node of the parsed [`Tree`], linked to its relatives by index ([`NONE`] for none).
#[derive(Debug)]
pub(super) struct Node {
    pub(super) parent: u32,
    pub(super) prev: u32,
    pub(super) next: u32,
    pub(super) first: u32,
    pub(super) last: u32,
    pub(super) data: Data,
}

impl Node {
    pub(super) fn new(data: Data) -> Node {
        Node {
            parent: NONE,
            prev: NONE,
            next: NONE,
            first: NONE,
            last: NONE,
            data,
        }
    }
}

/// The parsed document: every node the parser created, the document itself at index 0.
/// Nodes the parser detached stay in the arena, unreachable from the document.
#[derive(Debug)]
pub struct Tree {
    pub(super) nodes: Vec<Node>,
}

/// What one node of the flat DOM is.
#[derive(Debug, Clone, Copy)]
pub enum NodeKind<'a> {
    /// An element, with its classified tag and the parser's element for attributes.
    Element {
        /// The tag, classified into the handful of kinds the scorer cares about.
        tag: Tag,
        /// The element as the parser built it.
        el: &'a Element,
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
    /// The block's first visible text (within its first few nodes) sits in a link: a
    /// linked title opening a teaser card. `removed` marks nodes that are not shown.
    pub fn opens_with_link(&self, block: usize, removed: &[bool]) -> bool {
        let end = self.end(block).min(block + OPENING_NODES);
        let first_text = (block..end).find(|&j| {
            !removed[j] && matches!(self.nodes[j].kind, NodeKind::Text(t) if !t.trim().is_empty())
        });
        first_text.is_some_and(|t| {
            let mut cur = self.parent(t);
            while let Some(a) = cur {
                if self.tag(a) == Some(Tag::A) {
                    return true;
                }
                if a == block {
                    return false;
                }
                cur = self.parent(a);
            }
            false
        })
    }

    /// Flattens a parsed document in pre-order with an explicit stack (no recursion).
    pub fn build(tree: &'a Tree) -> Dom<'a> {
        let arena = &tree.nodes;
        let mut nodes: Vec<DomNode<'a>> = Vec::with_capacity(arena.len());
        // Indices in `nodes` of the open ancestors of the node being visited.
        let mut open: Vec<u32> = Vec::with_capacity(64);
        let mut at = 0u32;
        // A tree reaches each node once; the bound only guards against a linking bug.
        while nodes.len() < arena.len() {
            let node = &arena[at as usize];
            let kind = match &node.data {
                Data::Element(el) => NodeKind::Element {
                    tag: Tag::from_name(el.name()),
                    el,
                },
                Data::Text(t) => NodeKind::Text(t),
                Data::Other => NodeKind::Other,
            };
            let index = nodes.len() as u32;
            nodes.push(DomNode {
                parent: open.last().copied().unwrap_or(NO_PARENT),
                end: index + 1,
                kind,
            });
            if node.first != NONE {
                open.push(index);
                at = node.first;
                continue;
            }
            // A leaf: climb until an ancestor-or-self has a next sibling, closing subtrees.
            loop {
                if open.is_empty() {
                    return Dom { nodes };
                }
                let next = arena[at as usize].next;
                if next != NONE {
                    at = next;
                    break;
                }
                if let Some(closed) = open.pop() {
                    nodes[closed as usize].end = nodes.len() as u32;
                }
                at = arena[at as usize].parent;
            }
        }
        // Only reached if the links were broken: close whatever is still open.
        let end = nodes.len() as u32;
        for closed in open {
            nodes[closed as usize].end = end;
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
    pub fn element(&self, i: usize) -> Option<&'a Element> {
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
    use crate::extract::parse::parse;
    use html5ever::local_name;

    #[test]
    fn subtree_ranges_and_children() {
        let tree = parse("<div><p>a</p><p>b<b>c</b></p></div>");
        let dom = Dom::build(&tree);
        let div = dom.find_tag(Tag::Div).unwrap();
        let kids: Vec<usize> = dom.children(div).collect();
        assert_eq!(kids.len(), 2);
        assert!(kids.iter().all(|&k| dom.tag(k) == Some(Tag::P)));
        assert!(dom.contains(div, kids[1] + 2));
        assert_eq!(dom.parent(kids[0]), Some(div));
    }

    #[test]
    fn attributes_are_found_by_local_name_without_namespace() {
        let tree =
            parse(r#"<div id=a data-x="1" ID=b>t</div><svg><a xlink:href="h" href="g"></a></svg>"#);
        let dom = Dom::build(&tree);
        let div = dom.element(dom.find_tag(Tag::Div).unwrap()).unwrap();
        assert_eq!(div.attr("id"), Some("a"));
        assert_eq!(div.attr("data-x"), Some("1"));
        assert_eq!(div.attr("class"), None);
        assert_eq!(
            div.attrs().collect::<Vec<_>>(),
            [("id", "a"), ("data-x", "1")]
        );
        let link = (0..dom.len())
            .filter_map(|i| dom.element(i))
            .find(|e| e.name() == "a")
            .unwrap();
        assert_eq!(link.attr("href"), Some("g"));
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        // Built by hand: the parser caps nesting, this checks the flattening alone.
        let depth = 100_000u32;
        let mut tree = Tree::new();
        for i in 1..=depth {
            let mut node = Node::new(Data::Element(Element {
                name: QualName::new(None, ns!(html), local_name!("div")),
                attrs: Vec::new(),
            }));
            node.parent = i - 1;
            tree.nodes[i as usize - 1].first = i;
            tree.nodes[i as usize - 1].last = i;
            tree.nodes.push(node);
        }
        let dom = Dom::build(&tree);
        assert_eq!(dom.len(), depth as usize + 1);
        assert_eq!(dom.end(0), dom.len());
        assert_eq!(dom.parent(dom.len() - 1), Some(dom.len() - 2));
    }
}
