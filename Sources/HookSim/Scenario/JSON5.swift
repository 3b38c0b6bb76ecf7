/// A parsed JSON5 document: a tree of values, each carrying the 1-based line and column where it starts.
///
/// Scenario files are JSON5 (DESIGN.md §6), and every error about them must point at the offending
/// node, so positions are kept on every node rather than recovered afterwards. Objects keep their
/// members in file order (an array, never a `Dictionary`) so that messages and mixes follow the
/// file, whatever the process (DESIGN.md §4). Internal: only the loader reads JSON5; the library's
/// users see `Scenario` and `ScenarioError`.
enum JSON5 {
    /// Deepest nesting of arrays and objects accepted; deeper input is an error, not a stack overflow.
    static let maxDepth = 100

    /// Parses UTF-8 bytes as one JSON5 value.
    /// - Throws: `JSON5Error` with the line and column of the first problem.
    /// - Complexity: O(n) in the number of bytes.
    /// - Parameter paths: whether each node records its path; webhook bodies skip it, since
    ///   only scenario messages name paths and building them is most of the cost of a small body.
    static func parse(bytes: [UInt8], paths: Bool = true) throws(JSON5Error) -> JSON5Value {
        // NB: webhook bodies are usually ASCII (JSON escapes the rest): strict JSON there takes the
        // fast path, which yields the same tree or nil, and anything else is read below.
        if !paths && JSON5Parser.isASCII(bytes),
            let fast = bytes.withUnsafeBufferPointer({ b -> JSON5Value? in
                var f = JSON5FastPath(b)
                return f.document()
            })
        {
            return fast
        }
        var parser =
            JSON5Parser.isASCII(bytes) ? JSON5Parser(ascii: bytes) : JSON5Parser(scalars: try UTF8Decoder.decode(bytes))
        parser.tracksPaths = paths
        return try parser.parseDocument()
    }

    /// Parses text as one JSON5 value.
    static func parse(_ text: String) throws(JSON5Error) -> JSON5Value {
        var parser = JSON5Parser(scalars: Array(text.unicodeScalars))
        return try parser.parseDocument()
    }
}

/// A place in the source: 1-based line and column, columns counted in Unicode scalars.
struct SourcePosition: Sendable, Equatable, CustomStringConvertible {
    var line: Int
    var column: Int
    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    var description: String { "\(line):\(column)" }
}

/// One node of a JSON5 document and where it starts.
struct JSON5Value: Sendable, Equatable {
    var kind: Kind
    var position: SourcePosition
    /// The nesting path of this node inside the document (`jira[0].projects[2].types.Story`).
    var path: String

    init(kind: Kind, position: SourcePosition, path: String) {
        self.kind = kind
        self.position = position
        self.path = path
    }

    enum Kind: Sendable, Equatable {
        case null
        case bool(Bool)
        case number(JSON5Number)
        case string(JSON5String)
        case array([JSON5Value])
        case object([JSON5Member])
    }

    var line: Int { position.line }
    var column: Int { position.column }
}

/// An object member: the key, where the key is written, and its value.
struct JSON5Member: Sendable, Equatable {
    var key: String
    var keyPosition: SourcePosition
    var value: JSON5Value
    init(key: String, keyPosition: SourcePosition, value: JSON5Value) {
        self.key = key
        self.keyPosition = keyPosition
        self.value = value
    }
}

/// A string value, with whether it was written plainly on one line, so that a column inside it
/// (a JQL error, an `expect` operator) can be mapped exactly back to the file.
struct JSON5String: Sendable, Equatable {
    var value: String
    /// True when the literal has no escapes and no line continuations: offset k in `value` is
    /// column `position.column + 1 + k` in the file.
    var isVerbatim: Bool
    init(value: String, isVerbatim: Bool) {
        self.value = value
        self.isVerbatim = isVerbatim
    }
}

/// A number as written: its value, its source text, and its exact integer value when it has one.
///
/// Seeds go up to 2^64−1, which a `Double` cannot hold exactly, so integer literals are also kept
/// as a sign and a `UInt64` magnitude.
struct JSON5Number: Sendable, Equatable {
    var value: Double
    /// The literal as written, for messages ("found number 300").
    var text: String
    /// Set for integer literals (decimal without fraction or exponent, or hex) that fit in 64 bits.
    var integer: (negative: Bool, magnitude: UInt64)?

    init(value: Double, text: String, integer: (negative: Bool, magnitude: UInt64)?) {
        self.value = value
        self.text = text
        self.integer = integer
    }

    static func == (a: JSON5Number, b: JSON5Number) -> Bool {
        a.text == b.text && a.integer?.negative == b.integer?.negative
            && a.integer?.magnitude == b.integer?.magnitude && (a.value == b.value || (a.value.isNaN && b.value.isNaN))
    }
}

/// Why a document is not valid JSON5 (or not valid UTF-8), and where.
struct JSON5Error: Error, Sendable, Equatable, CustomStringConvertible {
    var message: String
    var position: SourcePosition
    /// The path of the innermost value being read when the problem was found ("" at the top level).
    var path: String

    init(message: String, position: SourcePosition, path: String) {
        self.message = message
        self.position = position
        self.path = path
    }

    var description: String { "\(position): \(message)" }
}

extension JSON5Value {
    /// A short description of what this node is, for "expected …, found …" messages.
    var found: String {
        switch kind {
        case .null: return "null"
        case .bool(let b): return "boolean \(b)"
        case .number(let n): return "number \(n.text)"
        case .string(let s):
            let shown = s.value.count > 40 ? String(s.value.prefix(37)) + "..." : s.value
            return "string \(JSON5Path.quoted(shown))"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// Renders paths inside a document the way messages show them: `topologies[1].webhooks[0].jql`.
enum JSON5Path {
    /// Appends an object key: bare when it reads as a name (`types.Sub-task`), else quoted
    /// (`expect.single["duplicates.visible"]`, `roles["*"]`), so that the path stays unambiguous.
    static func appending(key: String, to path: String) -> String {
        if isBare(key) { return path.isEmpty ? key : path + "." + key }
        return path + "[" + quoted(key) + "]"
    }

    /// Appends an array index.
    static func appending(index: Int, to path: String) -> String { path + "[\(index)]" }

    static func isBare(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first else { return false }
        guard first.properties.isAlphabetic || first == "_" || first == "$" else { return false }
        return key.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "$" || $0 == "-"
        }
    }

    /// A string in double quotes with quotes, backslashes and control characters escaped.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    out +=
                        "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count)
                        + String(u.value, radix: 16).uppercased()
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
