/// Builds a `JQLExpression` from tokens by recursive descent, after Atlassian's `JQLParser.g4`.
///
/// Precedence is NOT > AND > OR. Nesting (parentheses, NOT, lists) is capped at `maxDepth` so that
/// no input can exhaust the stack.
struct JQLParser {
    /// Deepest nesting of parentheses, NOTs and lists accepted; Jira users never come near it.
    static let maxDepth = 200

    private let tokens: [JQLToken]
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var depth = 0

    init(tokens: [JQLToken], scalars: [Unicode.Scalar]) {
        self.tokens = tokens
        self.scalars = scalars
    }

    /// Parses a whole query.
    /// - Returns: the WHERE expression (`nil` when the query has none) and the ORDER BY keys.
    static func parse(_ text: String) throws(JQLError) -> (JQLExpression?, [JQLSortKey]) {
        let (tokens, scalars) = try JQLLexer.tokenize(text)
        var parser = JQLParser(tokens: tokens, scalars: scalars)
        return try parser.query()
    }

    private var current: JQLToken { tokens[min(position, tokens.count - 1)] }
    private var previous: JQLToken { tokens[max(min(position - 1, tokens.count - 1), 0)] }

    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    private func error(_ message: String, at offset: Int) -> JQLError { JQLError(message, at: offset, in: scalars) }

    private func error(_ message: String) -> JQLError { error(message, at: current.start) }

    private mutating func accept(_ kind: JQLToken.Kind) -> Bool {
        if current.kind == kind {
            advance()
            return true
        }
        return false
    }

    private mutating func enter() throws(JQLError) {
        depth += 1
        if depth > Self.maxDepth { throw error("the query is nested more than \(Self.maxDepth) levels deep") }
    }

    // MARK: Clauses

    private mutating func query() throws(JQLError) -> (JQLExpression?, [JQLSortKey]) {
        var expression: JQLExpression?
        if current.kind != .end && current.kind != .order { expression = try orClause() }
        var keys: [JQLSortKey] = []
        if current.kind == .order {
            advance()
            guard accept(.by) else { throw error("expected BY after ORDER") }
            repeat {
                let field = try fieldName()
                var descending: Bool?
                if accept(.asc) { descending = false } else if accept(.desc) { descending = true }
                keys.append(JQLSortKey(field: field.field, descending: descending))
            } while accept(.comma)
        }
        guard current.kind == .end else {
            if current.kind == .rparen { throw error("unexpected ')' without a matching '('") }
            let what = expression == nil ? "ORDER BY" : "AND, OR or ORDER BY"
            throw error("expected \(what) before \(current.described)")
        }
        return (expression, keys)
    }

    private mutating func orClause() throws(JQLError) -> JQLExpression {
        var terms = [try andClause()]
        while accept(.or) { terms.append(try andClause()) }
        return terms.count == 1 ? terms[0] : .or(terms)
    }

    private mutating func andClause() throws(JQLError) -> JQLExpression {
        var terms = [try notClause()]
        while accept(.and) { terms.append(try notClause()) }
        return terms.count == 1 ? terms[0] : .and(terms)
    }

    private mutating func notClause() throws(JQLError) -> JQLExpression {
        if accept(.not) || accept(.bang) {
            try enter()
            defer { depth -= 1 }
            return .not(try notClause())
        }
        if current.kind == .lparen {
            try enter()
            defer { depth -= 1 }
            let open = current.start
            advance()
            let inner = try orClause()
            guard accept(.rparen) else {
                throw error("expected ')' to close the '(' at column \(JQLError("", at: open, in: scalars).column)")
            }
            return inner
        }
        return .clause(try terminalClause())
    }

    /// Reads a field name: a word, a number, `cf[123]`, optionally with `[key].path` properties.
    private mutating func fieldName() throws(JQLError) -> (field: JQLField, text: String, offset: Int) {
        let start = current.start
        if accept(.cf) {
            guard accept(.lbracket) else { throw error("expected '[' after 'cf', as in cf[10010]") }
            guard current.kind == .word, !current.quoted, current.text.allSatisfy(\.isASCIIDigitCharacter),
                !current.text.isEmpty
            else { throw error("expected a custom field id (digits) in cf[…]") }
            let id = current.text
            advance()
            guard accept(.rbracket) else { throw error("expected ']' after the custom field id") }
            return (.custom("cf[\(id)]"), "cf[\(id)]", start)
        }
        guard current.kind == .word else {
            if current.kind == .end { throw error("expected a field name at the end of the query") }
            throw error("expected a field name, found \(current.described)")
        }
        let name = current.text
        advance()
        guard current.kind == .lbracket else { return (JQLField.named(name), name, start) }
        guard name.lowercased() == "issue.property" else {
            throw error("only issue.property[…] and cf[…] take '[' after the field name")
        }
        var path = "issue.property"
        while accept(.lbracket) {
            guard current.kind == .word else { throw error("expected a property key inside '[ ]'") }
            path += "[\(current.text)]"
            advance()
            guard accept(.rbracket) else { throw error("expected ']' after the property key") }
            while current.kind == .word && !current.quoted && current.text.hasPrefix(".") {
                path += current.text
                advance()
            }
        }
        return (.property(path), path, start)
    }

    private mutating func terminalClause() throws(JQLError) -> JQLClause {
        let (field, fieldText, fieldOffset) = try fieldName()
        let operatorOffset = current.start
        let op = try clauseOperator(after: fieldText)
        var clause = JQLClause(
            field: field, fieldText: fieldText, op: op, operand: nil, predicates: [],
            fieldOffset: fieldOffset, operatorOffset: operatorOffset)
        switch op {
        case .equals, .notEquals, .like, .notLike, .was, .wasNot:
            if current.kind == .lparen {
                let hint = op == .was || op == .wasNot ? "WAS IN" : "IN"
                throw error("'\(op.rawValue)' takes a single value; use \(hint) for a list")
            }
            clause.operand = try operand(after: op.rawValue, allowEmpty: true, allowList: false)
        case .less, .lessEquals, .greater, .greaterEquals:
            if current.kind == .empty { throw error("'\(op.rawValue)' cannot compare with EMPTY") }
            clause.operand = try operand(after: op.rawValue, allowEmpty: false, allowList: false)
        case .in, .notIn, .wasIn, .wasNotIn:
            guard current.kind == .lparen || (current.kind == .word && peekKind(1) == .lparen) else {
                throw error("expected a list in parentheses after '\(op.rawValue)', e.g. \(op.rawValue) (A, B)")
            }
            clause.operand = try operand(after: op.rawValue, allowEmpty: false, allowList: true)
        case .is, .isNot:
            guard accept(.empty) else { throw error("expected EMPTY or NULL after '\(op.rawValue)'") }
            clause.operand = .empty
        case .changed:
            break
        }
        if op == .was || op == .wasNot || op == .wasIn || op == .wasNotIn || op == .changed {
            clause.predicates = try predicates(allowValues: op == .changed)
        }
        clause.endOffset = previous.end
        return clause
    }

    private func peekKind(_ ahead: Int) -> JQLToken.Kind { tokens[min(position + ahead, tokens.count - 1)].kind }

    private mutating func clauseOperator(after field: String) throws(JQLError) -> JQLOperator {
        let token = current
        advance()
        switch token.kind {
        case .equals: return .equals
        case .notEquals: return .notEquals
        case .less: return .less
        case .lessEquals: return .lessEquals
        case .greater: return .greater
        case .greaterEquals: return .greaterEquals
        case .like: return .like
        case .notLike: return .notLike
        case .keywordIn: return .in
        case .keywordIs: return accept(.not) ? .isNot : .is
        case .changed: return .changed
        case .not:
            guard accept(.keywordIn) else { throw error("expected IN after NOT") }
            return .notIn
        case .was:
            let negated = accept(.not)
            if accept(.keywordIn) { return negated ? .wasNotIn : .wasIn }
            return negated ? .wasNot : .was
        default:
            throw error(
                "expected an operator after '\(field)' (=, !=, <, <=, >, >=, ~, !~, IN, NOT IN, IS, IS NOT, WAS, CHANGED)",
                at: token.start)
        }
    }

    // MARK: Operands

    /// Reads EMPTY, a value, a function call or (if allowed) a list.
    private mutating func operand(after what: String, allowEmpty: Bool, allowList: Bool) throws(JQLError)
        -> JQLOperand
    {
        switch current.kind {
        case .empty where allowEmpty:
            advance()
            return .empty
        case .lparen where allowList:
            try enter()
            defer { depth -= 1 }
            let start = current.start
            advance()
            var items: [JQLOperand] = []
            repeat {
                items.append(try operand(after: items.isEmpty ? "'('" : "','", allowEmpty: true, allowList: true))
            } while accept(.comma)
            guard accept(.rparen) else { throw error("expected ',' or ')' in the list, found \(current.described)") }
            return .list(items, offset: start)
        case .word:
            let token = current
            advance()
            guard current.kind == .lparen else { return .value(token.text, quoted: token.quoted, offset: token.start) }
            advance()
            var arguments: [String] = []
            if current.kind != .rparen {
                repeat {
                    guard current.kind == .word else {
                        throw error("expected a function argument, found \(current.described)")
                    }
                    arguments.append(current.text)
                    advance()
                } while accept(.comma)
            }
            guard accept(.rparen) else { throw error("expected ')' to close the arguments of '\(token.text)'") }
            return .function(token.text, arguments: arguments, offset: token.start)
        default:
            let quotedWhat = what.hasPrefix("'") ? what : "'\(what)'"
            if current.kind == .end { throw error("expected a value after \(quotedWhat)") }
            throw error("expected a value after \(quotedWhat), found \(current.described)")
        }
    }

    /// Reads WAS/CHANGED predicates; FROM and TO only after CHANGED.
    private mutating func predicates(allowValues: Bool) throws(JQLError) -> [JQLPredicate] {
        var result: [JQLPredicate] = []
        while true {
            let kind: JQLPredicate.Kind
            switch current.kind {
            case .after: kind = .after
            case .before: kind = .before
            case .on: kind = .on
            case .during: kind = .during
            case .by: kind = .by
            case .from where allowValues: kind = .from
            case .to where allowValues: kind = .to
            case .from, .to: throw error("FROM and TO go with CHANGED, not WAS")
            default: return result
            }
            let offset = current.start
            let word = current.text
            advance()
            let value = try operand(after: word, allowEmpty: true, allowList: true)
            result.append(JQLPredicate(kind: kind, operand: value, offset: offset))
        }
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isWholeNumber }
}
