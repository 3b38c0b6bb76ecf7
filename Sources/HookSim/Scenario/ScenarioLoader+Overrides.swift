/// One value replaced in a scenario document before validation, as `sweep --vary` asks.
public struct ScenarioOverride: Sendable, Equatable {
    /// A path into the document as written in the file: `activity.rate`, `jira[0].delivery.retry.max`.
    public var path: String
    /// The value as typed on the command line: `600/h`, `4`, `0.01`, `true`, or a JSON5 literal.
    public var value: String
    /// What the user wrote (`--vary activity.rate=600/h,…`), named in every error about this override.
    public var source: String

    public init(path: String, value: String, source: String) {
        self.path = path
        self.value = value
        self.source = source
    }
}

extension ScenarioLoader {
    /// A step of an override path: an object key or an array index.
    enum PathStep: Equatable {
        case key(String)
        case index(Int)
    }

    /// Splits `jira[0].delivery.retry.max` or `expect["*"].x` into steps; nil when malformed.
    static func steps(_ path: String) -> [PathStep]? {
        var out: [PathStep] = []
        let s = Array(path.unicodeScalars)
        var i = 0
        var expectKey = true
        while i < s.count {
            if s[i] == "[" {
                i += 1
                if i < s.count, s[i] == "\"" {
                    var key = String.UnicodeScalarView()
                    i += 1
                    while i < s.count, s[i] != "\"" {
                        key.append(s[i])
                        i += 1
                    }
                    guard i + 1 < s.count, s[i + 1] == "]" else { return nil }
                    out.append(.key(String(key)))
                    i += 2
                } else {
                    var digits = ""
                    while i < s.count, ("0"..."9").contains(s[i]) {
                        digits.unicodeScalars.append(s[i])
                        i += 1
                    }
                    guard i < s.count, s[i] == "]", let n = Int(digits) else { return nil }
                    out.append(.index(n))
                    i += 1
                }
                expectKey = false
            } else if s[i] == "." {
                guard !out.isEmpty, !expectKey else { return nil }
                expectKey = true
                i += 1
            } else {
                guard expectKey else { return nil }
                var key = String.UnicodeScalarView()
                while i < s.count, s[i] != ".", s[i] != "[" {
                    key.append(s[i])
                    i += 1
                }
                out.append(.key(String(key)))
                expectKey = false
            }
        }
        return out.isEmpty || expectKey ? nil : out
    }

    /// The path of an override as error messages write paths, so an error under it can be recognised.
    static func renderedPath(_ steps: [PathStep]) -> String {
        var path = ""
        for step in steps {
            switch step {
            case .key(let k): path = JSON5Path.appending(key: k, to: path)
            case .index(let n): path = JSON5Path.appending(index: n, to: path)
            }
        }
        return path
    }

    /// Sets the value at the override's path, creating missing objects on the way (`network`
    /// absent from the file), so that the strict reader then checks it like any written value.
    static func apply(_ o: ScenarioOverride, to root: inout JSON5Value, _ r: ScenarioReader) throws(ScenarioError) {
        func fail(_ message: String) -> ScenarioError {
            ScenarioError(
                file: r.file, path: "", line: 0, column: 0, message: "in '\(o.source)': \(message)", sourceLine: "")
        }
        guard let steps = steps(o.path) else {
            throw fail("\(JSON5Path.quoted(o.path)) is not a path such as activity.rate or jira[0].delivery.retry.max")
        }
        var problem: String?
        set(&root, steps[...], o.value, problem: &problem)
        if let problem { throw fail(problem) }
    }

    private static func set(
        _ node: inout JSON5Value, _ steps: ArraySlice<PathStep>, _ text: String, problem: inout String?
    ) {
        guard let step = steps.first else {
            node = literal(text, like: node)
            return
        }
        let rest = steps.dropFirst()
        switch (step, node.kind) {
        case (.key(let k), .object(var members)):
            let childPath = JSON5Path.appending(key: k, to: node.path)
            if let at = members.firstIndex(where: { $0.key == k }) {
                set(&members[at].value, rest, text, problem: &problem)
            } else {
                var child = JSON5Value(
                    kind: rest.first.map { s in
                        if case .index = s { return .array([]) } else { return .object([]) }
                    } ?? .null, position: SourcePosition(line: 0, column: 0), path: childPath)
                if let first = rest.first, case .index = first {
                    problem = "'\(childPath)' is not in the file, so it has no element to set"
                    return
                }
                set(&child, rest, text, problem: &problem)
                members.append(JSON5Member(key: k, keyPosition: SourcePosition(line: 0, column: 0), value: child))
            }
            node.kind = .object(members)
        case (.index(let n), .array(var elements)):
            guard n < elements.count else {
                problem =
                    "'\(node.path.isEmpty ? "the document" : node.path)' has \(elements.count) element\(elements.count == 1 ? "" : "s"), so [\(n)] does not exist"
                return
            }
            set(&elements[n], rest, text, problem: &problem)
            node.kind = .array(elements)
        case (.key(let k), _):
            problem = "'\(node.path)' is \(node.found), not an object, so it has no key '\(k)'"
        case (.index(let n), _):
            problem = "'\(node.path)' is \(node.found), not an array, so it has no element [\(n)]"
        }
    }

    /// The override's text as a value of the type the file holds there: a string stays a string
    /// (`"600/h"`); otherwise a number, `true`/`false`, or a JSON5 literal (`{exponential: "2s"}`)
    /// when it reads as one, and a string when it does not.
    static func literal(_ text: String, like old: JSON5Value) -> JSON5Value {
        let position = SourcePosition(line: 0, column: 0)
        var isString = false
        if case .string = old.kind { isString = true }
        let structured = text.hasPrefix("{") || text.hasPrefix("[") || text.hasPrefix("\"") || text.hasPrefix("'")
        if !isString || structured, let parsed = try? JSON5.parse(text) {
            if case .string = parsed.kind, !structured {
                // A bare word that JSON5 reads as a string cannot happen; fall through to a string.
            } else {
                return relocated(parsed, path: old.path)
            }
        }
        return JSON5Value(
            kind: .string(JSON5String(value: text, isVerbatim: false)), position: position, path: old.path)
    }

    /// A parsed literal moved to `path`, with no file position (it came from the command line).
    private static func relocated(_ v: JSON5Value, path: String) -> JSON5Value {
        var out = v
        out.path = path
        out.position = SourcePosition(line: 0, column: 0)
        switch v.kind {
        case .array(let elements):
            out.kind = .array(
                elements.enumerated().map {
                    relocated($0.element, path: JSON5Path.appending(index: $0.offset, to: path))
                })
        case .object(let members):
            out.kind = .object(
                members.map {
                    JSON5Member(
                        key: $0.key, keyPosition: SourcePosition(line: 0, column: 0),
                        value: relocated($0.value, path: JSON5Path.appending(key: $0.key, to: path)))
                })
        default: break
        }
        return out
    }

    /// An error about an overridden value, reworded to name the `--vary` argument it came from.
    static func attribute(_ error: ScenarioError, to overrides: [ScenarioOverride]) -> ScenarioError {
        for o in overrides {
            guard let steps = steps(o.path) else { continue }
            let p = renderedPath(steps)
            if error.path == p || error.path.hasPrefix(p + ".") || error.path.hasPrefix(p + "[")
                || (error.line == 0 && error.path.isEmpty == false && p.hasPrefix(error.path))
            {
                var e = error
                e.message = "in '\(o.source)': \(error.message)"
                return e
            }
        }
        return error
    }
}
