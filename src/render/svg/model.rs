//! What the drawings are made from: plain structs the renderer fills from the site.

/// The whole roadmap: stages as bands, topics as nodes, `requires` as arrows.
#[derive(Debug, Clone, Hash)]
pub struct Roadmap<'a> {
    /// Stages in roadmap order, the parallel track included (`parallel = true`). They are drawn
    /// top to bottom in this order.
    pub stages: Vec<Band<'a>>,
    /// Every topic. A topic listed in no band is not drawn (nor are its arrows); one listed in
    /// several is drawn in the first.
    pub topics: Vec<Node<'a>>,
    /// `(topic, prerequisite)` indices into `topics`; acyclic. Duplicates and out-of-range pairs
    /// are ignored.
    pub requires: Vec<(usize, usize)>,
    /// Accessible name, e.g. "학습 로드맵".
    pub title: &'a str,
    /// Accessible description.
    pub description: &'a str,
    /// Badge text for the parallel band, e.g. "병행".
    pub parallel_label: &'a str,
}

/// One stage of the roadmap.
#[derive(Debug, Clone, Hash)]
pub struct Band<'a> {
    /// Stage id (written as `data-stage`).
    pub id: &'a str,
    /// Stage title, drawn as a link to `url`.
    pub title: &'a str,
    /// Free-text duration such as "3개월".
    pub duration: Option<&'a str>,
    /// The stage page.
    pub url: String,
    /// Whether this is the parallel track.
    pub parallel: bool,
    /// Indices into [`Roadmap::topics`] in learning order.
    pub topics: Vec<usize>,
}

/// A topic as drawn: id, full title, page.
#[derive(Debug, Clone, Hash)]
pub struct Node<'a> {
    /// Topic id (written as `data-topic`).
    pub id: &'a str,
    /// Full title; the label wraps it and the node's `<title>` repeats it whole.
    pub title: &'a str,
    /// The topic page.
    pub url: String,
}

/// A topic's neighbourhood for its own page.
#[derive(Debug, Clone, Hash)]
pub struct Local<'a> {
    /// The topic of the page, highlighted.
    pub center: Node<'a>,
    /// Topics it requires, drawn in a column on the left.
    pub prerequisites: Vec<Node<'a>>,
    /// Topics that require it, drawn in a column on the right.
    pub unlocks: Vec<Node<'a>>,
    /// Related topics, drawn below; one that is also a prerequisite or unlock is drawn once.
    pub related: Vec<Node<'a>>,
    /// Accessible name, e.g. "캐싱 주변 주제".
    pub title: &'a str,
    /// Accessible description; no `<desc>` is written when empty. (Added to the agreed
    /// interface so the local graph can be described like the roadmap.)
    pub description: &'a str,
}
