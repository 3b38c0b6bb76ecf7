/// One lexical unit of a query, with where it starts and ends.
struct JQLToken: Equatable {
    /// The kinds the grammar distinguishes (after Atlassian's `JQLLexer.g4`).
    enum Kind: Equatable {
        case lparen, rparen, comma, lbracket, rbracket
        case equals, notEquals, less, lessEquals, greater, greaterEquals, like, notLike, bang
        case and, or, not, empty, keywordIn, keywordIs, was, changed
        case before, after, from, to, on, during, order, by, asc, desc, cf
        /// A plain or quoted word: a field name, value or function name.
        case word
        case end
    }

    var kind: Kind
    /// Unescaped text for words; the source spelling for everything else.
    var text: String
    /// Offset of the first scalar, and one past the last, in the query.
    var start: Int
    var end: Int
    /// Whether a word was written in quotes (quoted words are never keywords or reserved).
    var quoted: Bool = false

    /// Keyword spellings, lowercase; only unquoted words are looked up here.
    static let keywords: [String: Kind] = [
        "and": .and, "or": .or, "not": .not, "empty": .empty, "null": .empty, "in": .keywordIn,
        "is": .keywordIs, "was": .was, "changed": .changed, "before": .before, "after": .after,
        "from": .from, "to": .to, "on": .on, "during": .during, "order": .order, "by": .by,
        "asc": .asc, "desc": .desc, "cf": .cf,
    ]

    /// How the token reads in a message: `'='`, `'status'`, or `the end of the query`.
    var described: String {
        kind == .end ? "the end of the query" : "'\(text)'"
    }
}
