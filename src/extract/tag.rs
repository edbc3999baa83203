//! Element names classified once at parse time, so the stages compare enums, not strings.

/// The elements the extractor treats specially; everything else is [`Tag::Other`].
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    Html,
    Head,
    Body,
    Title,
    Meta,
    Link,
    Script,
    Style,
    Noscript,
    Template,
    Iframe,
    Svg,
    Math,
    Canvas,
    Object,
    Embed,
    Media,
    Img,
    Select,
    Button,
    Input,
    Textarea,
    Label,
    Form,
    Nav,
    Aside,
    Footer,
    Header,
    Main,
    Article,
    Section,
    Div,
    P,
    A,
    Br,
    Hr,
    H(u8),
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Blockquote,
    Pre,
    Table,
    TableSection,
    Tr,
    Td,
    Caption,
    Figure,
    Figcaption,
    Address,
    Details,
    Summary,
    Dialog,
    Menu,
    Center,
    Fieldset,
    Time,
    Strong,
    Em,
    Code,
    Inline,
    /// A ruby annotation (`<rt>`) or its fallback parenthesis (`<rp>`): a reading of the
    /// base text, not text of its own.
    RubyText,
    /// A MathML token (`<mi>`, `<mn>`, `<mo>`, `<mtext>`, `<ms>`): one symbol or word of
    /// a formula, read apart from its neighbours.
    MathToken,
    /// A MathML annotation (`<annotation>`, `<annotation-xml>`): the formula's source
    /// (TeX, content MathML) for machines, not what a reader sees.
    MathAnnotation,
    Other,
}

impl Tag {
    /// Classifies an element's local name (html5ever lowercases HTML names).
    pub fn from_name(name: &str) -> Tag {
        match name {
            "html" => Tag::Html,
            "head" => Tag::Head,
            "body" => Tag::Body,
            "title" => Tag::Title,
            "meta" => Tag::Meta,
            "link" => Tag::Link,
            "script" => Tag::Script,
            "style" => Tag::Style,
            "noscript" => Tag::Noscript,
            "template" => Tag::Template,
            "rt" | "rp" => Tag::RubyText,
            "iframe" | "frame" | "frameset" => Tag::Iframe,
            "svg" => Tag::Svg,
            "math" => Tag::Math,
            "mi" | "mn" | "mo" | "mtext" | "ms" => Tag::MathToken,
            "annotation" | "annotation-xml" => Tag::MathAnnotation,
            "canvas" => Tag::Canvas,
            "object" | "applet" => Tag::Object,
            "embed" => Tag::Embed,
            "video" | "audio" | "source" | "track" | "picture" => Tag::Media,
            "img" => Tag::Img,
            "select" | "option" | "optgroup" | "datalist" => Tag::Select,
            "button" => Tag::Button,
            "input" => Tag::Input,
            "textarea" => Tag::Textarea,
            "label" => Tag::Label,
            "form" => Tag::Form,
            "nav" => Tag::Nav,
            "aside" => Tag::Aside,
            "footer" => Tag::Footer,
            "header" | "hgroup" => Tag::Header,
            "main" => Tag::Main,
            "article" => Tag::Article,
            "section" => Tag::Section,
            "div" => Tag::Div,
            "p" => Tag::P,
            "a" => Tag::A,
            "br" => Tag::Br,
            "hr" => Tag::Hr,
            "h1" => Tag::H(1),
            "h2" => Tag::H(2),
            "h3" => Tag::H(3),
            "h4" => Tag::H(4),
            "h5" => Tag::H(5),
            "h6" => Tag::H(6),
            "ul" => Tag::Ul,
            "ol" => Tag::Ol,
            "li" => Tag::Li,
            "dl" => Tag::Dl,
            "dt" => Tag::Dt,
            "dd" => Tag::Dd,
            "blockquote" => Tag::Blockquote,
            "pre" | "listing" | "xmp" | "plaintext" => Tag::Pre,
            "table" => Tag::Table,
            "thead" | "tbody" | "tfoot" | "colgroup" | "col" => Tag::TableSection,
            "tr" => Tag::Tr,
            "td" | "th" => Tag::Td,
            "caption" => Tag::Caption,
            "figure" => Tag::Figure,
            "figcaption" => Tag::Figcaption,
            "address" => Tag::Address,
            "details" => Tag::Details,
            "summary" => Tag::Summary,
            "dialog" => Tag::Dialog,
            "menu" => Tag::Menu,
            "center" => Tag::Center,
            "fieldset" | "legend" => Tag::Fieldset,
            "time" => Tag::Time,
            "b" | "strong" => Tag::Strong,
            "i" | "em" => Tag::Em,
            "code" | "kbd" | "samp" | "tt" => Tag::Code,
            "span" | "u" | "s" | "small" | "big" | "sub" | "sup" | "mark" | "abbr" | "cite"
            | "q" | "var" | "font" | "ins" | "del" | "dfn" | "bdi" | "bdo" | "wbr" | "data"
            | "strike" | "nobr" => Tag::Inline,
            _ => Tag::Other,
        }
    }

    /// Elements whose contents are never article text (code, media, controls).
    pub fn is_never_content(self) -> bool {
        matches!(
            self,
            Tag::Head
                | Tag::Title
                | Tag::Meta
                | Tag::Link
                | Tag::Script
                | Tag::Style
                | Tag::Noscript
                | Tag::Template
                | Tag::Iframe
                | Tag::Svg
                | Tag::MathAnnotation
                | Tag::Canvas
                | Tag::Object
                | Tag::Embed
                | Tag::Media
                | Tag::Select
                | Tag::Button
                | Tag::Input
                | Tag::Textarea
                | Tag::Dialog
                | Tag::RubyText
        )
    }

    /// Elements that start a new line of output (block-level in CSS terms).
    pub fn is_block(self) -> bool {
        matches!(
            self,
            Tag::Html
                | Tag::Body
                | Tag::Nav
                | Tag::Aside
                | Tag::Footer
                | Tag::Header
                | Tag::Main
                | Tag::Article
                | Tag::Section
                | Tag::Div
                | Tag::P
                | Tag::Br
                | Tag::Hr
                | Tag::H(_)
                | Tag::Ul
                | Tag::Ol
                | Tag::Li
                | Tag::Dl
                | Tag::Dt
                | Tag::Dd
                | Tag::Blockquote
                | Tag::Pre
                | Tag::Table
                | Tag::TableSection
                | Tag::Tr
                | Tag::Caption
                | Tag::Figure
                | Tag::Figcaption
                | Tag::Address
                | Tag::Details
                | Tag::Summary
                | Tag::Menu
                | Tag::Center
                | Tag::Fieldset
                | Tag::Form
        )
    }
}
