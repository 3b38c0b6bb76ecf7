/// Which part of a query an issue failed, so a person told "the filter did not match" learns why.
///
/// The compiled code answers only yes or no, fast; this walks the syntax tree instead, evaluating
/// one clause at a time. It is meant for explaining single events, never for the hot path.
extension JQLQuery {
    /// The source text of the innermost clause that made the query fail for `issue`, or nil when
    /// the query matches.
    ///
    /// An AND fails at its first (leftmost) failing term, and the explanation descends into it; an
    /// OR fails only when all its terms fail, so the whole OR is the answer. Under NOT the roles
    /// swap (De Morgan): `NOT (a OR b)` fails at the first of `a`, `b` that holds, given as `NOT a`.
    /// Clauses are quoted as written; AND and OR are rebuilt from their clauses' text, with
    /// parentheses only where precedence needs them.
    /// - Complexity: O(clauses), compiling each clause it evaluates.
    public func firstFailingClause<I: JQLIssue>(_ issue: I, context: JQLContext) -> String? {
        failingClause(issue, context: context)?.text
    }

    /// Like `firstFailingClause`, with the fields the failing part reads, so a caller can show the
    /// issue's values of them.
    public func failingClause<I: JQLIssue>(_ issue: I, context: JQLContext) -> JQLClauseMiss? {
        guard let expression, !matches(issue, context: context) else { return nil }
        let scalars = Array(text.unicodeScalars)
        let explainer = JQLMissExplainer(scalars: scalars, vocabulary: vocabulary)
        return explainer.miss(expression, wanted: true, issue, context)
    }
}

/// The part of a query an issue failed: its text, and the fields it reads in the order written.
public struct JQLClauseMiss: Sendable, Equatable {
    public var text: String
    public var fields: [JQLField]
}

/// Walks a query's syntax tree to find where an issue failed it.
struct JQLMissExplainer {
    let scalars: [Unicode.Scalar]
    /// The instance the query was compiled against, so ids resolve as they did when matching.
    var vocabulary: JQLVocabulary? = nil

    /// Why `expression` did not evaluate to `wanted`; nil when it did.
    func miss<I: JQLIssue>(_ expression: JQLExpression, wanted: Bool, _ issue: I, _ context: JQLContext)
        -> JQLClauseMiss?
    {
        switch expression {
        case .clause(let clause):
            guard holds(expression, issue, context) != wanted else { return nil }
            let text = source(of: clause)
            return JQLClauseMiss(text: wanted ? text : "NOT " + text, fields: [clause.field])
        case .not(let inner):
            return miss(inner, wanted: !wanted, issue, context)
        case .and(let terms), .or(let terms):
            let isAnd: Bool
            if case .and = expression { isAnd = true } else { isAnd = false }
            // NB: an AND wanted true (or an OR wanted false) fails at one term; otherwise every term
            // took part in the failure, and the whole expression is the answer.
            if isAnd == wanted {
                for term in terms where holds(term, issue, context) != wanted {
                    return miss(term, wanted: wanted, issue, context)
                }
                return nil
            }
            guard holds(expression, issue, context) != wanted else { return nil }
            let text = render(expression, top: true)
            return JQLClauseMiss(text: wanted ? text : "NOT (" + text + ")", fields: fields(of: expression))
        }
    }

    /// Whether `expression` holds for the issue; each call compiles what it evaluates.
    func holds<I: JQLIssue>(_ expression: JQLExpression, _ issue: I, _ context: JQLContext) -> Bool {
        let compiler = JQLCompiler(scalars: scalars, mode: .standard, vocabulary: vocabulary)
        // NB: the whole query compiled when it was parsed, so every part of it compiles again;
        // should one not, it cannot be the explanation, and counts as holding.
        guard let program = try? compiler.compile(expression) else { return true }
        return JQLCode(program).evaluate(issue, context)
    }

    /// The clause as written in the query.
    func source(of clause: JQLClause) -> String {
        let start = max(0, min(clause.fieldOffset, scalars.count))
        let end = max(start, min(clause.endOffset, scalars.count))
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[start..<end])
        return text
    }

    /// AND / OR / NOT rebuilt from the clauses' own text.
    func render(_ expression: JQLExpression, top: Bool) -> String {
        switch expression {
        case .clause(let clause): return source(of: clause)
        case .not(let inner):
            if case .clause = inner { return "NOT " + render(inner, top: false) }
            return "NOT (" + render(inner, top: true) + ")"
        case .and(let terms):
            return terms.map { term -> String in
                if case .or = term { return "(" + render(term, top: true) + ")" }
                return render(term, top: false)
            }.joined(separator: " AND ")
        case .or(let terms):
            let text = terms.map { render($0, top: false) }.joined(separator: " OR ")
            return top ? text : "(" + text + ")"
        }
    }

    /// The fields an expression reads, first use first.
    func fields(of expression: JQLExpression) -> [JQLField] {
        var out: [JQLField] = []
        func walk(_ e: JQLExpression) {
            switch e {
            case .clause(let c): if !out.contains(c.field) { out.append(c.field) }
            case .not(let inner): walk(inner)
            case .and(let terms), .or(let terms): terms.forEach(walk)
            }
        }
        walk(expression)
        return out
    }
}
