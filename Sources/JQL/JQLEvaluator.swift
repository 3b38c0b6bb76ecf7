/// Evaluation of the clauses `JQLCode` does not handle inline.
///
/// Generic over the issue type so a concrete adapter is called directly, not through an existential box.
extension JQLMatcher {
    @inline(__always)
    func evaluate<I: JQLIssue>(_ field: JQLField, _ issue: I, _ context: JQLContext) -> Bool {
        switch self {
        case .equalsAny(let set, let negated):
            let value = issue.jqlValue(of: field)
            if value.isEmptyValue { return !negated && set.includesEmpty }
            let hit = set.contains(value, context)
            return negated ? !hit : hit
        case .isEmpty(let negated):
            return issue.jqlValue(of: field).isEmptyValue != negated
        case .compare(let comparison, let literal):
            return JQLOrdering.matches(issue.jqlValue(of: field), comparison, literal, kind: field.kind, context)
        case .like(let query, let negated, let fields):
            var sawText = false
            for f in fields {
                let value = issue.jqlValue(of: f)
                if value.isEmptyValue { continue }
                sawText = true
                if value.anyText(query.matches) { return !negated }
            }
            // NB: like `!=`, `!~` does not match an issue whose field is empty.
            return negated && sawText
        case .was(let set, let predicates, let negated):
            let hit = JQLHistory.was(set, predicates, issue.jqlValue(of: field), issue.jqlHistory(of: field), context)
            return negated ? !hit : hit
        case .changed(let predicates):
            return JQLHistory.changed(predicates, issue.jqlHistory(of: field), context)
        }
    }
}

extension JQLValue {
    /// Empty, or a multi-valued field with no values.
    @inlinable
    var isEmptyValue: Bool {
        switch self {
        case .empty: true
        case .texts(let values): values.isEmpty
        default: false
        }
    }

    /// Whether any text value satisfies `predicate`; numbers and dates are never text.
    func anyText(_ predicate: (String) -> Bool) -> Bool {
        switch self {
        case .text(let s): predicate(s)
        case .texts(let values): values.contains(where: predicate)
        default: false
        }
    }
}

extension JQLValueSet {
    /// Whether a non-empty field value equals any value in the set (any of several, for multi-valued fields).
    @inline(__always)
    func contains(_ value: JQLValue, _ context: JQLContext) -> Bool {
        switch value {
        case .text(let s):
            return containsText(s, context)
        case .texts(let values):
            for s in values where containsText(s, context) { return true }
            return false
        case .number(let n):
            for literal in literals where literal.number == n { return true }
            return false
        case .date(let t):
            for literal in literals {
                if let spec = literal.date, spec.resolve(now: context.now) == t { return true }
            }
            return false
        case .empty:
            return includesEmpty
        }
    }

    /// Whether a text value is in the set, ignoring case.
    @inline(__always)
    func containsText(_ s: String, _ context: JQLContext) -> Bool {
        for literal in literals where JQLText.equalsFolded(s, literal.lower) { return true }
        if currentUser, let user = context.currentUser, JQLText.equalsFolded(s, user.lowercased()) { return true }
        for group in groups {
            for member in Self.members(of: group, context) where JQLText.equalsFolded(s, member.lowercased()) {
                return true
            }
        }
        return false
    }

    /// Whether a value from a change history (`nil` meaning empty) is in the set.
    func contains(optional s: String?, _ context: JQLContext) -> Bool {
        guard let s, !s.isEmpty else { return includesEmpty }
        return containsText(s, context)
    }

    /// Group members; group names compare ignoring case, exact spelling first.
    static func members(of group: String, _ context: JQLContext) -> [String] {
        if let members = context.groups[group] { return members }
        let lower = group.lowercased()
        // NB: sorted so the choice between groups differing only in case is deterministic.
        for name in context.groups.keys.sorted() where name.lowercased() == lower {
            return context.groups[name] ?? []
        }
        return []
    }
}
