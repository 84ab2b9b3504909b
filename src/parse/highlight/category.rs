//! The token categories highlighted code is reduced to, each a short CSS class.

/// Token categories, each a short CSS class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// Comments.
    Comment,
    /// Strings, characters, regexes.
    String,
    /// Numbers.
    Number,
    /// `true`, `null`, named constants.
    Constant,
    /// Keywords and storage words (`fn`, `class`, `def`).
    Keyword,
    /// Operators.
    Operator,
    /// Type and class names.
    Type,
    /// Function names.
    Function,
    /// Parameters, `self`, `this`.
    Variable,
    /// Attribute names, keys, decorators.
    Attribute,
    /// Tags and table keys.
    Tag,
    /// Inserted lines in diffs.
    Inserted,
    /// Deleted lines in diffs.
    Deleted,
}

impl Category {
    /// Every category.
    pub const ALL: [Category; 13] = [
        Category::Comment,
        Category::String,
        Category::Number,
        Category::Constant,
        Category::Keyword,
        Category::Operator,
        Category::Type,
        Category::Function,
        Category::Variable,
        Category::Attribute,
        Category::Tag,
        Category::Inserted,
        Category::Deleted,
    ];

    /// The CSS class.
    pub fn class(self) -> &'static str {
        match self {
            Category::Comment => "c",
            Category::String => "s",
            Category::Number => "n",
            Category::Constant => "b",
            Category::Keyword => "k",
            Category::Operator => "o",
            Category::Type => "t",
            Category::Function => "f",
            Category::Variable => "v",
            Category::Attribute => "a",
            Category::Tag => "g",
            Category::Inserted => "i",
            Category::Deleted => "d",
        }
    }
}
