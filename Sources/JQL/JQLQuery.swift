/// A parsed, validated and compiled JQL query: the thing a webhook filter holds.
///
/// Parse once when a topology is loaded; call `matches` for every event. Parsing throws the
/// first problem found, positioned for `JQLError.rendered(source:query:)`.
public struct JQLQuery: Sendable {
    /// The query as written.
    public let text: String
    /// The WHERE part as parsed; `nil` for an empty query (or one with only ORDER BY).
    public let expression: JQLExpression?
    /// The ORDER BY keys; accepted for compatibility, not used for matching.
    public let orderBy: [JQLSortKey]
    @usableFromInline let code: JQLCode
    /// The instance the query was compiled against, so that explaining a miss resolves ids as matching did.
    let vocabulary: JQLVocabulary?

    /// Parses, validates and compiles a query.
    /// - Parameters:
    ///   - text: the JQL. Empty or blank text matches every issue, as an empty Jira filter does.
    ///   - mode: `.dynamicWebhook` applies Jira Cloud's restrictions for app-registered webhooks.
    ///   - vocabulary: the Jira instance the filter lives in, when known: numeric ids
    ///     (`project = 10000`) are then compiled as the names they stand for, so evaluation — of the
    ///     current value and of the history — sees only names. Values are not checked here (see
    ///     `JQLVocabulary.check`); an unknown id stays as written and matches nothing.
    /// - Throws: `JQLError` for a syntax error, an unsupported operator, a bad value or an unknown function.
    public static func parse(
        _ text: String, mode: JQLMode = .standard, vocabulary: JQLVocabulary? = nil
    ) throws(JQLError) -> JQLQuery {
        let (expression, orderBy) = try JQLParser.parse(text)
        var program = JQLProgram.all
        if let expression {
            let compiler = JQLCompiler(scalars: Array(text.unicodeScalars), mode: mode, vocabulary: vocabulary)
            program = try compiler.compile(expression)
        }
        return JQLQuery(
            text: text, expression: expression, orderBy: orderBy, code: JQLCode(program), vocabulary: vocabulary)
    }

    /// Whether the query has no conditions, so every issue matches.
    public var matchesEverything: Bool { expression == nil }

    /// Whether `issue` satisfies the query.
    /// - Parameter context: the reference time (for relative dates), the current user and groups.
    /// - Complexity: O(clauses); no allocation for `=`, `!=`, `IN`, `NOT IN`, `IS` on ASCII values.
    @inlinable
    public func matches<I: JQLIssue>(_ issue: I, context: JQLContext) -> Bool {
        code.evaluate(issue, context)
    }
}
