/// Writes a JSON5 tree back as text, for tools that edit a scenario (`hooksim shrink`).
///
/// The output is plain JSON (a subset of JSON5): keys quoted, numbers as written, strings escaped,
/// so any JSON5 or JSON reader loads it. Members stay in document order (DESIGN.md §4).
extension JSON5Value {
    /// The value as indented text, two spaces a level; short arrays of scalars stay on one line.
    func rendered(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent + 1)
        let close = String(repeating: "  ", count: indent)
        switch kind {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.text
        case .string(let s): return JSON5Path.quoted(s.value)
        case .array(let items):
            if items.isEmpty { return "[]" }
            let parts = items.map { $0.rendered(indent: indent + 1) }
            if items.allSatisfy(\.isScalar) && parts.reduce(0, { $0 + $1.count }) < 80 {
                return "[" + parts.joined(separator: ", ") + "]"
            }
            return "[\n" + parts.map { pad + $0 }.joined(separator: ",\n") + "\n" + close + "]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            let parts = members.map { JSON5Path.quoted($0.key) + ": " + $0.value.rendered(indent: indent + 1) }
            return "{\n" + parts.map { pad + $0 }.joined(separator: ",\n") + "\n" + close + "}"
        }
    }

    var isScalar: Bool {
        switch kind {
        case .array, .object: return false
        default: return true
        }
    }
}
