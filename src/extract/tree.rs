//! The tree sink html5ever builds into: a linked arena of `u32` indices, no more than the
//! extractor reads (element names and attributes, text; everything else is a bare node).
//!
//! The tree builder calls its sink through `&self`, so the arena sits in a `RefCell`; no
//! borrow is held across a call back into the builder, so none can clash.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::{Attribute, QualName, local_name, ns};

use super::dom::{Data, Element, NONE, Node, Tree};

/// The name answered for a handle that is not an element, which the builder never asks
/// about; having an answer anyway spares a panic path.
static NAMELESS: QualName = QualName {
    prefix: None,
    ns: ns!(),
    local: local_name!(""),
};

/// Builds a [`Tree`] as html5ever's tree builder directs.
pub struct Sink {
    tree: RefCell<Tree>,
}

impl Default for Sink {
    fn default() -> Self {
        Sink {
            tree: RefCell::new(Tree::new()),
        }
    }
}

impl Sink {
    /// The tree built so far (for a parse cut short, a partial one).
    pub fn into_tree(self) -> Tree {
        self.tree.into_inner()
    }
}

impl Tree {
    /// A tree holding only the document node (index 0).
    pub(super) fn new() -> Tree {
        let mut nodes = Vec::with_capacity(1024);
        nodes.push(Node::new(Data::Other));
        Tree { nodes }
    }

    fn push(&mut self, data: Data) -> u32 {
        let id = self.nodes.len() as u32;
        self.nodes.push(Node::new(data));
        id
    }

    /// Unlinks `id` from its parent and siblings (a no-op for an orphan).
    fn detach(&mut self, id: u32) {
        let node = &mut self.nodes[id as usize];
        let (parent, prev, next) = (node.parent, node.prev, node.next);
        node.parent = NONE;
        node.prev = NONE;
        node.next = NONE;
        if parent == NONE {
            return;
        }
        if prev == NONE {
            self.nodes[parent as usize].first = next;
        } else {
            self.nodes[prev as usize].next = next;
        }
        if next == NONE {
            self.nodes[parent as usize].last = prev;
        } else {
            self.nodes[next as usize].prev = prev;
        }
    }

    /// Links the orphan `child` as the last child of `parent`.
    fn append_child(&mut self, parent: u32, child: u32) {
        let last = self.nodes[parent as usize].last;
        let node = &mut self.nodes[child as usize];
        node.parent = parent;
        node.prev = last;
        node.next = NONE;
        if last == NONE {
            self.nodes[parent as usize].first = child;
        } else {
            self.nodes[last as usize].next = child;
        }
        self.nodes[parent as usize].last = child;
    }

    /// Links the orphan `node` just before `sibling`, which has a parent.
    fn insert_before(&mut self, sibling: u32, node: u32) {
        let parent = self.nodes[sibling as usize].parent;
        let prev = self.nodes[sibling as usize].prev;
        let n = &mut self.nodes[node as usize];
        n.parent = parent;
        n.prev = prev;
        n.next = sibling;
        self.nodes[sibling as usize].prev = node;
        if prev == NONE {
            self.nodes[parent as usize].first = node;
        } else {
            self.nodes[prev as usize].next = node;
        }
    }

    /// Appends `text` to the text node `id`, if it is one; hands the text back otherwise.
    fn merge_text(&mut self, id: u32, text: StrTendril) -> Option<StrTendril> {
        match self.nodes.get_mut(id as usize).map(|n| &mut n.data) {
            Some(Data::Text(t)) => {
                t.push_tendril(&text);
                None
            }
            _ => Some(text),
        }
    }
}

impl TreeSink for Sink {
    type Handle = u32;
    type Output = Tree;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Tree {
        self.into_tree()
    }

    // The extractor takes whatever the parser recovers; errors change nothing.
    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> u32 {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a u32) -> Ref<'a, QualName> {
        Ref::map(self.tree.borrow(), |tree| {
            match tree.nodes.get(*target as usize).map(|n| &n.data) {
                Some(Data::Element(el)) => &el.name,
                _ => &NAMELESS,
            }
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> u32 {
        let mut tree = self.tree.borrow_mut();
        let id = tree.push(Data::Element(Element { name, attrs }));
        if flags.template {
            // The contents live in a bare node right after the template, its only child
            // as the builder sees it (`get_template_contents` is `id + 1`).
            let contents = tree.push(Data::Other);
            tree.append_child(id, contents);
        }
        id
    }

    fn create_comment(&self, _text: StrTendril) -> u32 {
        self.tree.borrow_mut().push(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> u32 {
        self.tree.borrow_mut().push(Data::Other)
    }

    fn append(&self, parent: &u32, child: NodeOrText<u32>) {
        let mut tree = self.tree.borrow_mut();
        match child {
            NodeOrText::AppendNode(id) => {
                // The builder appends fresh nodes; unlinking first keeps the links sound
                // even if it ever moved a node this way.
                tree.detach(id);
                tree.append_child(*parent, id);
            }
            NodeOrText::AppendText(text) => {
                let last = tree.nodes[*parent as usize].last;
                if let Some(text) = tree.merge_text(last, text) {
                    let id = tree.push(Data::Text(text));
                    tree.append_child(*parent, id);
                }
            }
        }
    }

    fn append_based_on_parent_node(&self, element: &u32, prev: &u32, child: NodeOrText<u32>) {
        let has_parent = self.tree.borrow().nodes[*element as usize].parent != NONE;
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev, child);
        }
    }

    fn append_doctype_to_document(
        &self,
        _name: StrTendril,
        _public: StrTendril,
        _system: StrTendril,
    ) {
        let mut tree = self.tree.borrow_mut();
        let id = tree.push(Data::Other);
        tree.append_child(0, id);
    }

    fn get_template_contents(&self, target: &u32) -> u32 {
        target + 1
    }

    fn same_node(&self, x: &u32, y: &u32) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &u32, new_node: NodeOrText<u32>) {
        let mut tree = self.tree.borrow_mut();
        if let NodeOrText::AppendNode(id) = new_node {
            tree.detach(id);
        }
        // Without a parent there is nowhere to insert; the node stays an orphan.
        if tree.nodes[*sibling as usize].parent == NONE {
            return;
        }
        match new_node {
            NodeOrText::AppendNode(id) => tree.insert_before(*sibling, id),
            NodeOrText::AppendText(text) => {
                let prev = tree.nodes[*sibling as usize].prev;
                if let Some(text) = tree.merge_text(prev, text) {
                    let id = tree.push(Data::Text(text));
                    tree.insert_before(*sibling, id);
                }
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &u32, attrs: Vec<Attribute>) {
        let mut tree = self.tree.borrow_mut();
        if let Some(Data::Element(el)) = tree.nodes.get_mut(*target as usize).map(|n| &mut n.data) {
            for attr in attrs {
                if !el.attrs.iter().any(|a| a.name == attr.name) {
                    el.attrs.push(attr);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &u32) {
        self.tree.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &u32, new_parent: &u32) {
        if node == new_parent {
            return;
        }
        let mut tree = self.tree.borrow_mut();
        let (first, last) = {
            let n = &mut tree.nodes[*node as usize];
            let links = (n.first, n.last);
            n.first = NONE;
            n.last = NONE;
            links
        };
        if first == NONE {
            return;
        }
        let mut child = first;
        while child != NONE {
            let c = &mut tree.nodes[child as usize];
            c.parent = *new_parent;
            child = c.next;
        }
        // The moved run is spliced after the new parent's last child in one step.
        let old_last = tree.nodes[*new_parent as usize].last;
        if old_last == NONE {
            tree.nodes[*new_parent as usize].first = first;
        } else {
            tree.nodes[old_last as usize].next = first;
            tree.nodes[first as usize].prev = old_last;
        }
        tree.nodes[*new_parent as usize].last = last;
    }
}
