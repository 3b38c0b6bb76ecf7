import SimKit

/// The `expect` block: CI assertions on report values, checked against `ReportPath` so that a
/// misspelt path is an error rather than an assertion that can never fail.
extension ScenarioLoader {
    /// Operators, longest first so that `<=` is not read as `<` followed by `=`.
    static let operatorsByLength: [ComparisonOperator] = [
        .lessOrEqual, .greaterOrEqual, .equal, .notEqual, .less, .greater,
    ]

    static func readExpect(
        _ node: JSON5Value, aha: AhaSpec, topologies: [TopologySpec], timeline: [TimelineEntry], _ r: ScenarioReader
    ) throws(ScenarioError) -> [Expectation] {
        var added: [String] = []
        for entry in timeline { if case .addWebhook(let w) = entry.action { added.append(w.name) } }
        let topologyNames = topologies.map(\.name)
        var out: [Expectation] = []
        for group in try r.map(node, what: "an object of topology name (or \"*\") → {path: \"<op> <bound>\"}") {
            guard group.key == "*" || topologyNames.contains(group.key) else {
                throw r.error(
                    Suggestion.unknown("topology", group.key, candidates: topologyNames + ["*"]), atKeyOf: group)
            }
            var webhooks: [String] = []
            for t in topologies where group.key == "*" || t.name == group.key {
                for w in t.webhooks where !webhooks.contains(w.name) { webhooks.append(w.name) }
            }
            for name in added where !webhooks.contains(name) { webhooks.append(name) }
            let measures = ReportPath.measures(
                users: aha.users.map(\.name), integrations: aha.integrations.map(\.id), webhooks: webhooks)
            for m in try r.map(
                group.value, what: "an object of report path → \"<op> <bound>\", such as {\"dropped.total\": \"== 0\"}")
            {
                guard let measure = measures.first(where: { $0.path == m.key }) else {
                    throw r.error(
                        Suggestion.unknown("report path", m.key, candidates: measures.map(\.path)), atKeyOf: m)
                }
                let (op, value, text) = try readComparison(m.value, measure: measure, r)
                out.append(
                    Expectation(
                        topology: group.key, path: m.key, op: op, value: value, text: text, line: m.keyPosition.line))
            }
        }
        return out
    }

    /// Reads `"<op> <number>"`, or `"<op> <duration>"` for a time measure (converted to
    /// milliseconds, the report's unit).
    static func readComparison(_ node: JSON5Value, measure: ReportMeasure, _ r: ScenarioReader) throws(ScenarioError)
        -> (ComparisonOperator, Double, String)
    {
        let isTime = measure.unit == .milliseconds
        let example = isTime ? "\"< 30s\" or \"<= 2000\"" : "\"== 0\" or \"<= 3\""
        guard case .string(let s) = node.kind else {
            throw r.error("expected a comparison such as \(example), found \(node.found)", at: node)
        }
        let scalars = Array(s.value.unicodeScalars)
        var i = 0
        while i < scalars.count, scalars[i] == " " { i += 1 }
        let opStart = i
        var op: ComparisonOperator?
        for candidate in operatorsByLength {
            let symbol = Array(candidate.rawValue.unicodeScalars)
            if i + symbol.count <= scalars.count, Array(scalars[i..<(i + symbol.count)]) == symbol {
                op = candidate
                i += symbol.count
                break
            }
        }
        guard let op else {
            throw r.error(
                "expected an operator (==, !=, <, <=, >, >=) at the start of the comparison, such as \(example)",
                inside: node, offset: opStart)
        }
        while i < scalars.count, scalars[i] == " " { i += 1 }
        let boundStart = i
        var bound = String(String.UnicodeScalarView(scalars[i...]))
        while bound.last == " " { bound.removeLast() }
        guard !bound.isEmpty else {
            throw r.error(
                "expected a \(isTime ? "number or duration" : "number") after '\(op.rawValue)'", inside: node,
                offset: boundStart)
        }
        if isPlainNumber(bound), let x = Double(bound), x.isFinite {
            return (op, x, s.value)
        }
        if isTime {
            do {
                let d = try SimDuration.parse(bound)
                return (op, Double(d.microseconds) / 1000, s.value)
            } catch {
                throw r.error(
                    "expected a number of milliseconds or a duration such as \"30s\" after '\(op.rawValue)': \(error.message)",
                    inside: node, offset: boundStart)
            }
        }
        let hint =
            (try? SimDuration.parse(bound)) != nil
            ? " ('\(measure.path)' is a \(measure.unit == .ratio ? "ratio" : "count"), not a time)" : ""
        throw r.error(
            "expected a number after '\(op.rawValue)', found \(JSON5Path.quoted(bound))\(hint)", inside: node,
            offset: boundStart)
    }

    /// `-12`, `3.5`, `1e6`: a decimal number as a person writes one (not `inf`, `nan` or hex).
    static func isPlainNumber(_ text: String) -> Bool {
        var s = Substring(text)
        if s.first == "-" || s.first == "+" { s.removeFirst() }
        var digits = 0
        var seenDot = false
        while let c = s.first, c.isASCII, c.isNumber || (c == "." && !seenDot) {
            if c == "." { seenDot = true } else { digits += 1 }
            s.removeFirst()
        }
        guard digits > 0 else { return false }
        if let e = s.first, e == "e" || e == "E" {
            s.removeFirst()
            if s.first == "-" || s.first == "+" { s.removeFirst() }
            guard !s.isEmpty, s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            return true
        }
        return s.isEmpty
    }
}
