//! The word lists that class, id and role tokens are matched against: generic layout
//! vocabulary of the web in English and its main other languages, never a site's names.

// Purpose words: the region is there for something other than the article. Generic layout
// vocabulary only, in English and the main languages of the web.
#[rustfmt::skip]
pub const BOILERPLATE: &[&str] = &[
    "ad", "ads", "adslot", "also", "adv", "advert", "adverts", "advertisement", "advertising",
    "author", "authors", "banner", "breadcrumb", "breadcrumbs", "byline", "bylines", "caption",
    "captions", "consent", "cookie", "cookies", "copyright", "credit", "credits",
    "crumbs", "disclaimer", "donate", "donation", "donations", "footer",
    "gdpr", "like", "likes", "login", "logo", "masthead", "menu", "menus",
    "mostread", "nav", "navbar", "navigation", "newsletter", "newsletters",
    "outbrain", "pager", "pagination", "paywall", "poll",
    "popular", "print", "promo", "promos", "promotion", "rating", "ratings", "ranking",
    "rankings", "recommend", "recommended", "recommendation", "recommendations", "related",
    "rss", "search", "share", "sharebar", "shares", "sharing", "sidebar", "sidebars", "signup",
    "sponsor", "sponsored", "subnav", "subscribe", "subscription", "subscriptions", "survey",
    "taboola", "tag", "tagcloud", "tags", "teaser", "teasers", "trending", "vote",
    "votes", "voting", "widget", "widgets",
    // de, fr, es, it, pt, pl, nl, cs: advertising, sharing, navigation, related, newsletter.
    "werbung", "anzeige", "anzeigen", "reklame", "publicite", "publicité", "publicidad",
    "anuncio", "anuncios", "pubblicita", "pubblicità", "publicidade", "reklama", "reklamy",
    "teilen", "partager", "partage", "compartir", "condividi", "partilhar", "udostepnij",
    "navegacion", "navegación", "navigazione", "nawigacja", "menü",
    "verwandte", "aehnliche", "similaires", "relacionados", "relacionadas", "correlati",
    "powiazane", "powiązane", "abonnieren", "abonnement", "suscribir", "suscripcion",
    "iscriviti", "werbeflaeche", "werbeblock",
];

// Mechanism words: how a box is shown, not what it is for. A box named so is removed only
// when it holds no prose (`tips-drawer` around a paragraph of the article stays;
// `sticky-toolbar` full of icons goes). "print" is not one: `print-header` and `print-only`
// boxes hold what only a printout shows (a reprint notice, the page's URL).
#[rustfmt::skip]
pub const LAYOUT: &[&str] = &[
    "carousel", "drawer", "dropdown", "flyout", "jump", "meta", "modal", "offcanvas",
    "overlay", "player", "popup", "skip", "slider", "slideshow", "sticky", "toolbar",
    "tooltip", "topbar",
];

/// Long, unambiguous boilerplate words also found glued inside a token
/// (`relatedpoststitle`, `sharingbuttons`, `postmetadata`).
#[rustfmt::skip]
pub const GLUED_BOILERPLATE: &[&str] = &[
    "related", "sidebar", "breadcrumb", "newsletter", "recommend", "subscribe", "sponsor",
    "advert", "navbar", "navigation", "widget", "cookie", "popup", "disqus",
    "outbrain", "taboola", "sharing", "sharebar", "gallery", "slideshow", "metadata",
    "werbung", "publicidad", "reklama",
];

#[rustfmt::skip]
pub const COMMENT: &[&str] = &[
    "comment", "comments", "commentlist", "disqus", "replies", "reply", "respond", "discussion",
    "kommentar", "kommentare", "commentaire", "commentaires", "comentario", "comentarios",
    "commento", "commenti", "komentarz", "komentarze", "reacties", "komentare", "komentáře",
];

#[rustfmt::skip]
pub const POSITIVE: &[&str] = &[
    "article", "articles", "body", "content", "contents", "entry", "hentry", "main", "page",
    "post", "posts", "text", "blog", "story", "prose", "richtext", "markdown",
    // de, fr, es, it, pt, pl, nl, cs, zh/ja (as written and in pinyin).
    "artikel", "inhalt", "beitrag", "contenu", "texte", "contenido", "texto", "noticia",
    "articulo", "artículo", "articolo", "testo", "contenuto", "conteudo", "conteúdo", "materia",
    "tresc", "treść", "tekst", "inhoud", "clanek", "článek", "obsah",
    "正文", "本文", "内容", "文章", "記事", "zhengwen", "neirong", "wenzhang",
];

#[rustfmt::skip]
pub const NEGATIVE: &[&str] = &[
    "combx", "contact", "foot", "footnote", "media", "scroll", "shoutbox", "skyscraper",
    "shopping", "tool", "tools", "header", "aside", "extra", "date", "time", "info", "list",
    "links", "more", "next", "prev", "video", "gallery", "photo", "image", "img",
];

#[rustfmt::skip]
pub const HIDDEN_CLASSES: &[&str] = &[
    "hidden", "is-hidden", "visually-hidden", "visuallyhidden", "hide-visually",
    "hidden-visually", "sr-only", "screen-reader-text", "screen-reader-only", "screenreader",
    "offscreen", "element-invisible", "u-hidden", "hide", "d-none", "invisible", "a11y-hidden",
    "assistive-text",
];

/// Class prefixes that content systems put before a free-text slug on the post itself
/// (WordPress: `tag-cookies category-news format-standard status-publish post-123`). The
/// slug names a topic, not the element's role.
#[rustfmt::skip]
pub const SLUG_PREFIXES: &[&str] = &[
    "tag", "tags", "category", "cat", "format", "status", "type", "term", "taxonomy",
    "author", "post", "postid", "topic", "section", "rubrik", "rubrique",
];
