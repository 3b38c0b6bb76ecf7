/// A recursive-descent JSON5 parser over Unicode scalars that records where every node starts.
///
/// Recursion depth is bounded by `JSON5.maxDepth`, so hostile input ends in an error rather than a
/// stack overflow; every other path consumes at least one scalar per step, so parsing always ends.
struct JSON5Parser {
    private let s: [Unicode.Scalar]
    // NB: internal, not private, for the string fast path in JSON5Parser+Literals.swift.
    var i = 0
    private var line = 1
    var column = 1
    /// The input's bytes when every one is ASCII: byte k is then scalar k, so a string without
    /// escapes is made from its bytes in one step instead of scalar by scalar.
    var asciiBytes: [UInt8] = []
    var isASCII = false
    /// When false every node's path is empty (see `JSON5.parse(bytes:paths:)`).
    var tracksPaths = true

    init(scalars: [Unicode.Scalar]) {
        s = scalars
        if s.first == "\u{FEFF}" { i = 1 }
    }

    /// A parser over ASCII bytes (the caller checked): no decoding, and the string fast path.
    init(ascii bytes: [UInt8]) {
        s = [Unicode.Scalar](unsafeUninitializedCapacity: bytes.count) { out, n in
            bytes.withUnsafeBufferPointer { b in
                for k in 0..<b.count { out.initializeElement(at: k, to: Unicode.Scalar(b[k])) }
            }
            n = bytes.count
        }
        asciiBytes = bytes
        isASCII = true
    }

    /// Whether every byte is below 0x80 (one pass the compiler vectorises).
    static func isASCII(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { b in
            var any: UInt8 = 0
            for x in b { any |= x }
            return any < 0x80
        }
    }

    var position: SourcePosition { SourcePosition(line: line, column: column) }
    var current: Unicode.Scalar? { i < s.count ? s[i] : nil }
    func peek(_ k: Int) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }

    /// Moves past one scalar, keeping line and column (\n, \r\n, \r, U+2028 and U+2029 end a line).
    mutating func advance() {
        guard i < s.count else { return }
        let c = s[i]
        i += 1
        if c == "\n" || c == "\u{2028}" || c == "\u{2029}" || (c == "\r" && current != "\n") {
            line += 1
            column = 1
        } else {
            column += 1
        }
    }

    func fail(_ message: String, at position: SourcePosition, path: String) -> JSON5Error {
        JSON5Error(message: message, position: position, path: path)
    }

    mutating func parseDocument() throws(JSON5Error) -> JSON5Value {
        try skipTrivia(path: "")
        guard current != nil else {
            throw fail("expected a value, found the end of the file", at: position, path: "")
        }
        let value = try parseValue(path: "", depth: 0)
        try skipTrivia(path: "")
        if let c = current {
            throw fail("unexpected \(Self.describe(c)) after the end of the document", at: position, path: "")
        }
        return value
    }

    // MARK: Whitespace and comments

    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        // NB: ASCII first: the property lookup below is the slow path and ASCII decides alone.
        if c.value < 0x80 { return c == " " || c == "\n" || c == "\t" || c == "\r" || c == "\u{0B}" || c == "\u{0C}" }
        switch c {
        case "\t", "\n", "\u{0B}", "\u{0C}", "\r", " ", "\u{A0}", "\u{2028}", "\u{2029}", "\u{FEFF}": return true
        default: return c.properties.generalCategory == .spaceSeparator
        }
    }

    private mutating func skipTrivia(path: String) throws(JSON5Error) {
        while let c = current {
            if Self.isWhitespace(c) {
                advance()
            } else if c == "/" && peek(1) == "/" {
                while let d = current, d != "\n", d != "\r", d != "\u{2028}", d != "\u{2029}" { advance() }
            } else if c == "/" && peek(1) == "*" {
                let start = position
                advance()
                advance()
                while true {
                    guard let d = current else {
                        throw fail("this comment is not closed: '*/' is missing", at: start, path: path)
                    }
                    if d == "*" && peek(1) == "/" {
                        advance()
                        advance()
                        break
                    }
                    advance()
                }
            } else {
                return
            }
        }
    }

    // MARK: Values

    private mutating func parseValue(path: String, depth: Int) throws(JSON5Error) -> JSON5Value {
        let start = position
        guard let c = current else { throw fail("expected a value, found the end of the file", at: start, path: path) }
        switch c {
        case "{", "[":
            guard depth < JSON5.maxDepth else {
                throw fail("nesting is deeper than \(JSON5.maxDepth) levels", at: start, path: path)
            }
            return c == "{"
                ? try parseObject(path: path, depth: depth + 1) : try parseArray(path: path, depth: depth + 1)
        case "\"", "'":
            let str = try parseString(path: path)
            return JSON5Value(kind: .string(str), position: start, path: path)
        case "0"..."9", "-", "+", ".":
            return JSON5Value(kind: .number(try parseNumber(path: path)), position: start, path: path)
        default:
            guard Self.isIdentifierStart(c) else {
                throw fail("unexpected \(Self.describe(c)): expected a value", at: start, path: path)
            }
            let word = try parseIdentifier(path: path)
            switch word {
            case "null": return JSON5Value(kind: .null, position: start, path: path)
            case "true": return JSON5Value(kind: .bool(true), position: start, path: path)
            case "false": return JSON5Value(kind: .bool(false), position: start, path: path)
            case "Infinity", "NaN":
                let n = JSON5Number(value: word == "NaN" ? .nan : .infinity, text: word, integer: nil)
                return JSON5Value(kind: .number(n), position: start, path: path)
            default:
                throw fail(
                    "unexpected word '\(word)': a string value needs quotes, as in \(JSON5Path.quoted(word))",
                    at: start, path: path)
            }
        }
    }

    private mutating func parseObject(path: String, depth: Int) throws(JSON5Error) -> JSON5Value {
        let start = position
        advance()  // {
        var members: [JSON5Member] = []
        // NB: lookup only, never iterated; built only for large objects (a scan is cheaper below 16).
        var seen: [String: SourcePosition]?
        while true {
            try skipTrivia(path: path)
            guard let c = current else {
                throw fail("this object is not closed: '}' is missing", at: start, path: path)
            }
            if c == "}" {
                advance()
                return JSON5Value(kind: .object(members), position: start, path: path)
            }
            let keyPosition = position
            let key: String
            if c == "\"" || c == "'" {
                key = try parseString(path: path).value
            } else if Self.isIdentifierStart(c) || c == "\\" {
                key = try parseIdentifier(path: path)
            } else {
                throw fail(
                    "expected a key (a name or a quoted string), found \(Self.describe(c))", at: keyPosition, path: path
                )
            }
            let first: SourcePosition?
            if seen == nil && members.count < 16 {
                first = members.first(where: { $0.key == key })?.keyPosition
            } else {
                if seen == nil {
                    seen = Dictionary(members.map { ($0.key, $0.keyPosition) }, uniquingKeysWith: { a, _ in a })
                }
                first = seen?[key]
                seen?[key] = keyPosition
            }
            if let first {
                throw fail(
                    "duplicate key '\(key)' (first written at \(first.line):\(first.column))",
                    at: keyPosition, path: JSON5Path.appending(key: key, to: path))
            }
            try skipTrivia(path: path)
            guard current == ":" else {
                let found = current.map(Self.describe) ?? "the end of the file"
                throw fail("expected ':' after the key '\(key)', found \(found)", at: position, path: path)
            }
            advance()
            try skipTrivia(path: path)
            let memberPath = tracksPaths ? JSON5Path.appending(key: key, to: path) : ""
            let value = try parseValue(path: memberPath, depth: depth)
            members.append(JSON5Member(key: key, keyPosition: keyPosition, value: value))
            try skipTrivia(path: path)
            switch current {
            case ",": advance()
            case "}": continue
            case nil: throw fail("this object is not closed: '}' is missing", at: start, path: path)
            case let d?:
                throw fail(
                    "expected ',' or '}' after the value of '\(key)', found \(Self.describe(d))", at: position,
                    path: path)
            }
        }
    }

    private mutating func parseArray(path: String, depth: Int) throws(JSON5Error) -> JSON5Value {
        let start = position
        advance()  // [
        var elements: [JSON5Value] = []
        while true {
            try skipTrivia(path: path)
            guard let c = current else {
                throw fail("this array is not closed: ']' is missing", at: start, path: path)
            }
            if c == "]" {
                advance()
                return JSON5Value(kind: .array(elements), position: start, path: path)
            }
            let elementPath = tracksPaths ? JSON5Path.appending(index: elements.count, to: path) : ""
            elements.append(try parseValue(path: elementPath, depth: depth))
            try skipTrivia(path: path)
            switch current {
            case ",": advance()
            case "]": continue
            case nil: throw fail("this array is not closed: ']' is missing", at: start, path: path)
            case let d?:
                throw fail(
                    "expected ',' or ']' after an array element, found \(Self.describe(d))", at: position, path: path)
            }
        }
    }

    // MARK: Identifiers

    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 { return c == "$" || c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
        return c.properties.isAlphabetic
    }

    static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 { return isIdentifierStart(c) || ("0"..."9").contains(c) }
        return isIdentifierStart(c) || ("0"..."9").contains(c) || c == "\u{200C}" || c == "\u{200D}"
            || c.properties.generalCategory == .nonspacingMark || c.properties.generalCategory == .spacingMark
            || c.properties.generalCategory == .decimalNumber || c.properties.generalCategory == .connectorPunctuation
    }

    /// Reads an unquoted name (ECMAScript IdentifierName, including `\uXXXX` escapes).
    mutating func parseIdentifier(path: String) throws(JSON5Error) -> String {
        var out = String.UnicodeScalarView()
        while let c = current {
            if c == "\\" {
                let at = position
                advance()
                guard current == "u", let u = readHex(count: 4, after: 1), let scalar = Unicode.Scalar(u),
                    out.isEmpty ? Self.isIdentifierStart(scalar) : Self.isIdentifierPart(scalar)
                else {
                    throw fail(
                        "invalid escape in a name: expected \\u followed by 4 hex digits of a letter", at: at,
                        path: path)
                }
                out.append(scalar)
            } else if out.isEmpty ? Self.isIdentifierStart(c) : Self.isIdentifierPart(c) {
                out.append(c)
                advance()
            } else {
                break
            }
        }
        return String(out)
    }

    /// Reads `count` hex digits starting `after` scalars ahead, consuming them and the scalars before.
    mutating func readHex(count: Int, after: Int) -> UInt32? {
        var value: UInt32 = 0
        for k in 0..<count {
            guard let c = peek(after + k), let d = Self.hexValue(c) else { return nil }
            value = value * 16 + d
        }
        for _ in 0..<(after + count) { advance() }
        return value
    }

    static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c {
        case "0"..."9": return c.value - 48
        case "a"..."f": return c.value - 87
        case "A"..."F": return c.value - 55
        default: return nil
        }
    }

    /// How a character is named in a message: `'x'`, or `U+0007` for one that cannot be shown.
    static func describe(_ c: Unicode.Scalar) -> String {
        if c.value < 0x20 || c.value == 0x7F || c.properties.generalCategory == .format
            || Self.isWhitespace(c)
        {
            let hex = String(c.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return "'\(Character(c))'"
    }
}
