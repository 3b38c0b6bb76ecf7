/// Checks a parsed query against Jira's rules and compiles it to a `JQLProgram`.
///
/// Semantic errors (an operator a field does not support, a malformed date, an unknown
/// function, a clause dynamic webhooks reject) are found here, once, so evaluation never fails.
struct JQLCompiler {
    let scalars: [Unicode.Scalar]
    let mode: JQLMode
    /// The instance's names and ids, to compile `project = 10000` as the project with that id.
    var vocabulary: JQLVocabulary? = nil

    private func error(_ message: String, at offset: Int) -> JQLError { JQLError(message, at: offset, in: scalars) }

    /// Compiles an expression; recursion depth is bounded by the parser's nesting limit.
    func compile(_ expression: JQLExpression) throws(JQLError) -> JQLProgram {
        switch expression {
        case .and(let terms):
            var programs: [JQLProgram] = []
            for term in terms { programs.append(try compile(term)) }
            return .and(programs)
        case .or(let terms):
            var programs: [JQLProgram] = []
            for term in terms { programs.append(try compile(term)) }
            return .or(programs)
        case .not(let inner):
            return .not(try compile(inner))
        case .clause(let clause):
            return .test(clause.field, try matcher(for: clause))
        }
    }

    private func matcher(for clause: JQLClause) throws(JQLError) -> JQLMatcher {
        let field = clause.field
        let op = clause.op
        if mode == .dynamicWebhook { try checkDynamic(clause) }
        guard field.supportedOperators.contains(Self.family(of: op)) else {
            var message = "the operator '\(op.rawValue)' is not supported by the '\(field.name)' field; "
            message += "it supports \(Self.describe(field.supportedOperators))"
            throw error(message, at: clause.operatorOffset)
        }
        let operand = clause.operand ?? .empty
        let at = clause.operand.map { $0 == .empty ? clause.operatorOffset : $0.offset } ?? clause.operatorOffset
        switch op {
        case .equals, .notEquals, .in, .notIn:
            if operand == .empty { return .isEmpty(negated: op == .notEquals) }
            return .equalsAny(try valueSet(operand, field: field, at: at), negated: op == .notEquals || op == .notIn)
        case .is, .isNot:
            return .isEmpty(negated: op == .isNot)
        case .less, .lessEquals, .greater, .greaterEquals:
            let comparison: JQLComparison =
                switch op {
                case .less: .less
                case .lessEquals: .lessEquals
                case .greater: .greater
                default: .greaterEquals
                }
            return .compare(comparison, try orderedLiteral(operand, field: field, at: at))
        case .like, .notLike:
            if operand == .empty { return .isEmpty(negated: op == .notLike) }
            guard case .value(let text, _, _) = operand else {
                throw error("'\(op.rawValue)' needs text to search for, not a function", at: at)
            }
            let query: JQLTextQuery
            do { query = try JQLTextQuery.compile(text) } catch { throw self.error(error.text, at: at) }
            let fields: [JQLField] =
                field == .text ? [.summary, .description, .environment, .comment, .text] : [field]
            return .like(query, negated: op == .notLike, fields: fields)
        case .was, .wasNot, .wasIn, .wasNotIn:
            let values = try valueSet(operand, field: field, at: at)
            return .was(
                values, try predicates(clause.predicates, field: field), negated: op == .wasNot || op == .wasNotIn)
        case .changed:
            return .changed(try predicates(clause.predicates, field: field))
        }
    }

    private func checkDynamic(_ clause: JQLClause) throws(JQLError) {
        guard clause.field.allowedInDynamicWebhook else {
            throw error(
                "the clause '\(clause.fieldText)' is unsupported in dynamic webhook filters; allowed fields are "
                    + "issueKey, project, issuetype, status, assignee, reporter, issue.property[…] and cf[id]",
                at: clause.fieldOffset)
        }
        switch clause.op {
        case .equals, .notEquals, .in, .notIn: return
        default:
            throw error(
                "the operator '\(clause.op.rawValue)' is unsupported in dynamic webhook filters; allowed operators "
                    + "are =, !=, IN and NOT IN", at: clause.operatorOffset)
        }
    }

    static func family(of op: JQLOperator) -> JQLOperatorSet {
        switch op {
        case .equals, .notEquals: .equality
        case .less, .lessEquals, .greater, .greaterEquals: .ordering
        case .in, .notIn: .list
        case .is, .isNot: .isEmpty
        case .like: .like
        case .notLike: .notLike
        case .was, .wasNot, .wasIn, .wasNotIn, .changed: .history
        }
    }

    static func describe(_ set: JQLOperatorSet) -> String {
        var names: [String] = []
        if set.contains(.equality) { names += ["=", "!="] }
        if set.contains(.ordering) { names += ["<", "<=", ">", ">="] }
        if set.contains(.like) { names.append("~") }
        if set.contains(.notLike) { names.append("!~") }
        if set.contains(.list) { names += ["IN", "NOT IN"] }
        if set.contains(.isEmpty) { names += ["IS", "IS NOT"] }
        if set.contains(.history) { names += ["WAS", "WAS IN", "WAS NOT", "WAS NOT IN", "CHANGED"] }
        return names.joined(separator: ", ")
    }

    // MARK: Operands

    /// Compiles an `=`/`IN`/`WAS` operand into the set of values it stands for.
    /// - Parameter idsOf: the field whose ids a number may be (the clause's, for `FROM`/`TO`).
    private func valueSet(
        _ operand: JQLOperand, field: JQLField, at: Int, idsOf: JQLField? = nil
    ) throws(JQLError) -> JQLValueSet {
        var set = JQLValueSet()
        try add(operand, to: &set, field: field, at: at, idsOf: idsOf ?? field)
        return set
    }

    private func add(
        _ operand: JQLOperand, to set: inout JQLValueSet, field: JQLField, at: Int, idsOf: JQLField
    ) throws(JQLError) {
        switch operand {
        case .empty:
            set.includesEmpty = true
        case .value(let written, _, let offset):
            let text = vocabulary?.name(forID: written, of: idsOf) ?? written
            // NB: Jira treats `resolution = Unresolved` as "no resolution".
            if field == .resolution && text.lowercased() == "unresolved" {
                set.includesEmpty = true
                return
            }
            set.literals.append(try literal(text, field: field, at: offset))
        case .list(let items, _):
            for item in items {
                try add(item, to: &set, field: field, at: item == .empty ? at : item.offset, idsOf: idsOf)
            }
        case .function(let name, let arguments, let offset):
            switch JQLFunctions.resolve(name, arguments: arguments) {
            case .failure(let message): throw error(message.text, at: offset)
            case .success(.currentUser):
                try requireUsers(field, function: name, at: offset)
                set.currentUser = true
            case .success(.membersOf(let group)):
                try requireUsers(field, function: name, at: offset)
                set.groups.append(group)
            case .success(.date(let spec)):
                guard field.kind == .date || field.kind == .any else {
                    throw error("'\(name)()' returns a date, but '\(field.name)' does not hold dates", at: offset)
                }
                set.literals.append(JQLLiteral(lower: "", date: spec))
            }
        }
    }

    private func requireUsers(_ field: JQLField, function: String, at offset: Int) throws(JQLError) {
        guard field.kind == .user || field.kind == .any else {
            throw error("'\(function)()' returns users, but '\(field.name)' does not hold users", at: offset)
        }
    }

    /// Pre-parses a literal for a field; malformed dates and numbers are errors, as in Jira.
    private func literal(_ text: String, field: JQLField, at offset: Int) throws(JQLError) -> JQLLiteral {
        var literal = JQLLiteral(lower: text.lowercased())
        switch field.kind {
        case .date:
            guard let date = Self.date(text) else {
                throw error(
                    "date value '\(text)' for field '\(field.name)' is invalid; valid formats are 'yyyy/MM/dd HH:mm', "
                        + "'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period such as '-5d' or '4w 2d'",
                    at: offset)
            }
            literal.date = date
        case .number:
            guard let number = Double(text), number.isFinite else {
                throw error("'\(text)' is not a number; the '\(field.name)' field holds numbers", at: offset)
            }
            literal.number = number
        case .key:
            literal.key = Self.issueKey(literal.lower)
        case .priority:
            literal.rank = Self.priorityRanks[literal.lower]
        case .any:
            literal.number = Double(text).flatMap { $0.isFinite ? $0 : nil }
            literal.date = Self.date(text)
        case .name, .user, .text, .version:
            break
        }
        return literal
    }

    /// The operand of `<`, `<=`, `>`, `>=`: one value the field can be ordered by.
    private func orderedLiteral(_ operand: JQLOperand, field: JQLField, at: Int) throws(JQLError) -> JQLLiteral {
        let set = try valueSet(operand, field: field, at: at)
        guard set.literals.count == 1, !set.includesEmpty, !set.currentUser, set.groups.isEmpty else {
            throw error("ordering operators compare with a single value or date function", at: at)
        }
        let literal = set.literals[0]
        if field.kind == .key && literal.key == nil {
            throw error("'\(literal.lower.uppercased())' is not an issue key such as WEB-12", at: at)
        }
        if field.kind == .priority && literal.rank == nil {
            throw error(
                "'\(literal.lower)' is not a priority Jira can order; use Highest, High, Medium, Normal, Low, "
                    + "Lowest, Blocker, Critical, Major, Minor or Trivial", at: at)
        }
        return literal
    }

    static func date(_ text: String) -> JQLDateSpec? {
        if let t = JQLDate.absolute(text) { return .absolute(t) }
        if let p = JQLDate.period(text) { return .relative(p) }
        return nil
    }

    /// Splits `web-12` into `("web", 12)`; `nil` when the text is not a key.
    static func issueKey(_ lower: String) -> (project: String, number: Int)? {
        guard let dash = lower.lastIndex(of: "-") else { return nil }
        let project = lower[..<dash]
        let digits = lower[lower.index(after: dash)...]
        guard !project.isEmpty, !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let number = Int(digits)
        else { return nil }
        return (String(project), number)
    }

    /// Jira's default priority schemes, Cloud and Server, most urgent highest.
    static let priorityRanks: [String: Int] = [
        "highest": 5, "high": 4, "medium": 3, "normal": 3, "low": 2, "lowest": 1,
        "blocker": 5, "critical": 4, "major": 3, "minor": 2, "trivial": 1,
    ]

    // MARK: Predicates

    private func predicates(_ list: [JQLPredicate], field: JQLField) throws(JQLError) -> [JQLHistoryPredicate] {
        var result: [JQLHistoryPredicate] = []
        for predicate in list {
            let operand = predicate.operand
            let at = operand == .empty ? predicate.offset : operand.offset
            switch predicate.kind {
            case .after: result.append(.after(try dateOperand(operand, predicate: "AFTER", at: at)))
            case .before: result.append(.before(try dateOperand(operand, predicate: "BEFORE", at: at)))
            case .on: result.append(.on(try dateOperand(operand, predicate: "ON", at: at)))
            case .during:
                guard case .list(let items, _) = operand, items.count == 2 else {
                    throw error("DURING takes two dates in parentheses, e.g. DURING (\"2026-01-01\", now())", at: at)
                }
                result.append(
                    .during(
                        try dateOperand(items[0], predicate: "DURING", at: items[0].offset),
                        try dateOperand(items[1], predicate: "DURING", at: items[1].offset)))
            case .by:
                guard operand != .empty else { throw error("BY takes a user, not EMPTY", at: at) }
                result.append(.by(try valueSet(operand, field: .assignee, at: at)))
            case .from: result.append(.from(try valueSet(operand, field: .custom(""), at: at, idsOf: field)))
            case .to: result.append(.to(try valueSet(operand, field: .custom(""), at: at, idsOf: field)))
            }
        }
        return result
    }

    private func dateOperand(_ operand: JQLOperand, predicate: String, at: Int) throws(JQLError) -> JQLDateSpec {
        switch operand {
        case .value(let text, _, _):
            if let spec = Self.date(text) { return spec }
        case .function(let name, let arguments, _):
            switch JQLFunctions.resolve(name, arguments: arguments) {
            case .failure(let message): throw error(message.text, at: at)
            case .success(.date(let spec)): return spec
            default: break
            }
        default: break
        }
        throw error("\(predicate) takes a date such as \"2026-01-31\", -7d or startOfDay()", at: at)
    }
}
