/// `<`, `<=`, `>`, `>=` for every kind of field.
///
/// Jira orders each field its own way: keys by number within a project, priorities by scheme
/// rank, versions and other names "naturally", numbers and dates by value.
enum JQLOrdering {
    /// Whether `value` (any of its values, for multi-valued fields) stands in `comparison` to `literal`.
    static func matches(
        _ value: JQLValue, _ comparison: JQLComparison, _ literal: JQLLiteral, kind: JQLFieldKind,
        _ context: JQLContext
    ) -> Bool {
        switch value {
        case .empty:
            return false
        case .number(let n):
            guard let m = literal.number else { return false }
            return comparison.holds(n < m ? -1 : n > m ? 1 : 0)
        case .date(let t):
            guard let spec = literal.date else { return false }
            let u = spec.resolve(now: context.now)
            return comparison.holds(t < u ? -1 : t > u ? 1 : 0)
        case .text(let s):
            return text(s, comparison, literal, kind: kind, context)
        case .texts(let values):
            return values.contains { text($0, comparison, literal, kind: kind, context) }
        }
    }

    private static func text(
        _ s: String, _ comparison: JQLComparison, _ literal: JQLLiteral, kind: JQLFieldKind, _ context: JQLContext
    ) -> Bool {
        switch kind {
        case .key:
            // NB: keys of different projects are not ordered against each other.
            guard let mine = JQLCompiler.issueKey(s.lowercased()), let theirs = literal.key,
                mine.project == theirs.project
            else { return false }
            return comparison.holds(mine.number < theirs.number ? -1 : mine.number > theirs.number ? 1 : 0)
        case .priority:
            guard let mine = JQLCompiler.priorityRanks[s.lowercased()], let theirs = literal.rank else { return false }
            return comparison.holds(mine < theirs ? -1 : mine > theirs ? 1 : 0)
        default:
            if let m = literal.number, let n = Double(s) { return comparison.holds(n < m ? -1 : n > m ? 1 : 0) }
            if let spec = literal.date, let t = JQLDate.iso8601(s) ?? JQLDate.absolute(s) {
                let u = spec.resolve(now: context.now)
                return comparison.holds(t < u ? -1 : t > u ? 1 : 0)
            }
            guard !literal.lower.isEmpty else { return false }
            return comparison.holds(JQLText.naturalCompare(s, literal.lower))
        }
    }
}
