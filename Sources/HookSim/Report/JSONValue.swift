import Foundation

/// A JSON value whose object keys keep the order they were built in, so reports print in a
/// fixed, documented order (DESIGN.md §6) without depending on hashing.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered() == b.rendered() }

    /// Looks a value up by a dotted path (`latency.p99`, `byWebhook.aha-web.exposure`).
    ///
    /// Keys may themselves contain dots (user names, webhook names): the longest key that
    /// matches the start of the remaining path wins.
    public func lookup(_ path: String) -> JSONValue? {
        if path.isEmpty { return self }
        guard case .object(let pairs) = self else { return nil }
        for (key, value) in pairs.sorted(by: { $0.0.count > $1.0.count }) {
            if path == key { return value }
            if path.hasPrefix(key + "."), let found = value.lookup(String(path.dropFirst(key.count + 1))) {
                return found
            }
        }
        return nil
    }

    /// The value as a number, if it is one.
    public var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// Compact (`indent: nil`) or pretty JSON text. Doubles print with up to 6 significant
    /// decimals in a fixed format, so output never depends on the platform's float printing.
    public func rendered(indent: Int? = 2) -> String {
        var out = ""
        write(into: &out, indent: indent, level: 0)
        return out
    }

    private func write(into out: inout String, indent: Int?, level: Int) {
        let newline = indent == nil ? "" : "\n"
        let pad = { (l: Int) in String(repeating: " ", count: (indent ?? 0) * l) }
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += JSONValue.format(d)
        case .string(let s): out += JSONValue.quote(s)
        case .array(let items):
            if items.isEmpty {
                out += "[]"
                return
            }
            if items.allSatisfy({ $0.isScalar }) {
                out += "[" + items.map { $0.rendered(indent: nil) }.joined(separator: indent == nil ? "," : ", ") + "]"
                return
            }
            out += "[" + newline
            for (i, item) in items.enumerated() {
                out += pad(level + 1)
                item.write(into: &out, indent: indent, level: level + 1)
                out += (i + 1 < items.count ? "," : "") + newline
            }
            out += pad(level) + "]"
        case .object(let pairs):
            if pairs.isEmpty {
                out += "{}"
                return
            }
            out += "{" + newline
            for (i, (key, value)) in pairs.enumerated() {
                out += pad(level + 1) + JSONValue.quote(key) + (indent == nil ? ":" : ": ")
                value.write(into: &out, indent: indent, level: level + 1)
                out += (i + 1 < pairs.count ? "," : "") + newline
            }
            out += pad(level) + "}"
        }
    }

    var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    /// Fixed-point with at most 3 decimals, trailing zeros removed; integers print without a point.
    public static func format(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        var s = String(format: "%.3f", d)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }

    /// One escaping rule for every string HookSim prints in quotes (report JSON, scenario paths).
    static func quote(_ s: String) -> String { JSON5Path.quoted(s) }
}
