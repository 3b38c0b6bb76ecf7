/// The syntax tree of a query's WHERE part, as written (before validation and compilation).
///
/// Kept public so tools can inspect a query (which fields a webhook filter depends on) without
/// re-parsing; AND and OR chains are flat arrays, so long chains never deepen recursion.
public indirect enum JQLExpression: Sendable, Equatable {
    case and([JQLExpression])
    case or([JQLExpression])
    case not(JQLExpression)
    case clause(JQLClause)
}

/// One `field operator operand predicates…` clause.
public struct JQLClause: Sendable, Equatable {
    public var field: JQLField
    /// The field as written, for messages.
    public var fieldText: String
    public var op: JQLOperator
    /// `nil` for `CHANGED`, which takes only predicates.
    public var operand: JQLOperand?
    /// `AFTER`, `BEFORE`, `ON`, `DURING`, `BY`, `FROM`, `TO` — only after `WAS…` and `CHANGED`.
    public var predicates: [JQLPredicate]
    /// Offsets of the field and the operator in the query, for semantic errors.
    public var fieldOffset: Int
    public var operatorOffset: Int
    /// One past the clause's last scalar in the query, so tools can quote the clause as written
    /// (`JQLQuery.firstFailingClause`).
    public var endOffset: Int = 0
}

/// A clause operator.
public enum JQLOperator: String, Sendable, Equatable {
    case equals = "="
    case notEquals = "!="
    case less = "<"
    case lessEquals = "<="
    case greater = ">"
    case greaterEquals = ">="
    case like = "~"
    case notLike = "!~"
    case `in` = "in"
    case notIn = "not in"
    case `is` = "is"
    case isNot = "is not"
    case was = "was"
    case wasNot = "was not"
    case wasIn = "was in"
    case wasNotIn = "was not in"
    case changed = "changed"
}

/// The right-hand side of a clause or predicate.
public indirect enum JQLOperand: Sendable, Equatable {
    /// `EMPTY` or `NULL`.
    case empty
    /// A word or quoted string; `quoted` tells `"4"` from `4` where that matters (it rarely does).
    case value(String, quoted: Bool, offset: Int)
    /// `name(arguments)`.
    case function(String, arguments: [String], offset: Int)
    /// `(a, b, …)`.
    case list([JQLOperand], offset: Int)

    var offset: Int {
        switch self {
        case .empty: 0
        case .value(_, _, let offset), .function(_, _, let offset), .list(_, let offset): offset
        }
    }
}

/// A `WAS`/`CHANGED` predicate.
public struct JQLPredicate: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case after, before, on, during, by, from, to
    }
    public var kind: Kind
    public var operand: JQLOperand
    public var offset: Int
}

/// One `ORDER BY` key; parsed so a query with ordering is accepted, ignored for matching.
public struct JQLSortKey: Sendable, Equatable {
    public var field: JQLField
    public var descending: Bool?
}
