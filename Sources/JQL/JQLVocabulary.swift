/// The names a Jira instance actually has, so a filter can be checked the way Jira checks it
/// when a webhook is saved.
///
/// Jira refuses to save a filter that names a field it does not have or a value that does not
/// exist (`project = APPP`); a simulator that accepts such a filter silently filters out every
/// change instead. Lists are in the instance's own order, so a did-you-mean never depends on
/// hashing.
public struct JQLVocabulary: Sendable {
    /// Values per field; a field absent here is not value-checked (text, dates, numbers, keys).
    public var values: [(field: JQLField, names: [String])]
    /// Custom fields the instance declares, by lowercase name and `cf[ID]`.
    public var customFields: [String]
    /// Names that exist beyond the listed ones, for fields too large to list (a million users);
    /// the lists then serve only for did-you-mean.
    public var alsoKnown: (@Sendable (JQLField, String) -> Bool)?
    /// Per field, the numeric ids the instance gives its values, in the instance's order.
    ///
    /// Jira accepts an id wherever a name is expected for `project`, `issuetype`, `status` and
    /// `priority` (`project = 10000`), so a filter copied from a real Jira's URL works; the query
    /// is compiled against these so that an id matches exactly what its name matches.
    public var ids: [(field: JQLField, ids: [(id: String, name: String)])]

    public init(
        values: [(field: JQLField, names: [String])], customFields: [String] = [],
        ids: [(field: JQLField, ids: [(id: String, name: String)])] = [],
        alsoKnown: (@Sendable (JQLField, String) -> Bool)? = nil
    ) {
        self.values = values
        self.customFields = customFields
        self.alsoKnown = alsoKnown
        self.ids = ids
    }

    /// The name whose id `value` is for `field`, when `value` is a number and not itself a name.
    ///
    /// A name wins over an id, as in Jira: a version called `2` is the version, not id 2.
    public func name(forID value: String, of field: JQLField) -> String? {
        guard Self.isID(value), let table = ids.first(where: { $0.field == field })?.ids else { return nil }
        if let known = names(of: field), known.contains(where: { $0.lowercased() == value.lowercased() }) { return nil }
        return table.first(where: { $0.id == value })?.name
    }

    /// Whether `value` has the shape of a Jira id: ASCII digits only, short enough for a 64-bit id.
    static func isID(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.count <= 18 && value.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Jira's system field names as its documentation spells them, for a did-you-mean on a
    /// mistyped field; fixed order, so ties always resolve the same way.
    static let systemFields = [
        "project", "issuetype", "status", "priority", "assignee", "reporter", "summary", "description",
        "environment", "comment", "text", "labels", "component", "fixVersion", "affectedVersion", "issuekey",
        "parent", "created", "updated", "resolved", "duedate", "resolution", "statusCategory", "sprint", "votes",
        "watchers",
    ]

    /// The known values of `field`, or `nil` when Jira does not check its values.
    public func names(of field: JQLField) -> [String]? {
        values.first(where: { $0.field == field })?.names
    }

    /// Checks every clause of `expression`; returns the problems in query order.
    ///
    /// - Parameters:
    ///   - expression: the parsed WHERE part.
    ///   - text: the query text, to turn offsets into line and column.
    /// - Returns: errors worded as Jira words them, with a did-you-mean where a known name is close.
    public func check(_ expression: JQLExpression, text: String) -> [JQLError] {
        let scalars = Array(text.unicodeScalars)
        var errors: [JQLError] = []
        visit(expression, scalars, &errors)
        return errors.sorted { $0.offset < $1.offset }
    }

    private func visit(_ expression: JQLExpression, _ scalars: [Unicode.Scalar], _ errors: inout [JQLError]) {
        switch expression {
        case .and(let items), .or(let items):
            for item in items { visit(item, scalars, &errors) }
        case .not(let inner):
            visit(inner, scalars, &errors)
        case .clause(let clause):
            checkClause(clause, scalars, &errors)
        }
    }

    private func checkClause(_ clause: JQLClause, _ scalars: [Unicode.Scalar], _ errors: inout [JQLError]) {
        if case .custom(let name) = clause.field, !customFields.contains(name) {
            var message = "Field '\(clause.fieldText)' does not exist or you do not have permission to view it."
            if let near = JQLVocabulary.closest(to: clause.fieldText, in: JQLVocabulary.systemFields + customFields) {
                message += " Did you mean '\(near)'?"
            }
            errors.append(JQLError(message, at: clause.fieldOffset, in: scalars))
            return
        }
        guard let known = names(of: clause.field) else { return }
        if let operand = clause.operand { checkOperand(operand, clause, clause.field, known, scalars, &errors) }
        for predicate in clause.predicates where predicate.kind == .from || predicate.kind == .to {
            checkOperand(predicate.operand, clause, clause.field, known, scalars, &errors)
        }
        if let users = names(of: .assignee) {
            for predicate in clause.predicates where predicate.kind == .by {
                checkOperand(predicate.operand, clause, .assignee, users, scalars, &errors, field: "by")
            }
        }
    }

    private func checkOperand(
        _ operand: JQLOperand, _ clause: JQLClause, _ lookup: JQLField, _ known: [String],
        _ scalars: [Unicode.Scalar], _ errors: inout [JQLError], field: String? = nil
    ) {
        switch operand {
        case .empty, .function: return
        case .list(let items, _):
            for item in items { checkOperand(item, clause, lookup, known, scalars, &errors, field: field) }
        case .value(let value, _, let offset):
            let lower = value.lowercased()
            guard !known.contains(where: { $0.lowercased() == lower }), alsoKnown?(lookup, value) != true else {
                return
            }
            if Self.isID(value), let table = ids.first(where: { $0.field == lookup })?.ids {
                guard !table.contains(where: { $0.id == value }) else { return }
                // NB: Jira's wording for a number that is neither a name nor an id of the field.
                var message = "A value with ID '\(value)' does not exist for the field '\(field ?? clause.fieldText)'."
                if let near = JQLVocabulary.closest(to: value, in: table.map(\.id)) {
                    message += " Did you mean '\(near)'?"
                }
                errors.append(JQLError(message, at: offset, in: scalars))
                return
            }
            var message = "The value '\(value)' does not exist for the field '\(field ?? clause.fieldText)'."
            if let near = JQLVocabulary.closest(to: value, in: known) { message += " Did you mean '\(near)'?" }
            errors.append(JQLError(message, at: offset, in: scalars))
        }
    }

    /// The known name closest to `name` by edit distance, if close enough to be a typo (within a
    /// third of the length, 1 to 3 edits); ties go to the earlier name. The one did-you-mean rule of
    /// the project: the scenario loader's `Suggestion` calls it too.
    public static func closest(to name: String, in candidates: [String]) -> String? {
        let a = Array(name.lowercased().unicodeScalars)
        guard a.count <= 200 else { return nil }  // NB: bounds the O(m·n) table for hostile input.
        var best: (String, Int)?
        for candidate in candidates {
            let b = Array(candidate.lowercased().unicodeScalars)
            let limit = max(1, min(3, max(a.count, b.count) / 3))
            guard abs(a.count - b.count) <= limit else { continue }
            let d = distance(a, b)
            if d <= limit && d < (best?.1 ?? Int.max) { best = (candidate, d) }
        }
        return best?.0
    }

    /// Levenshtein distance with adjacent transpositions costing one.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
