import JQL

/// A small strict JSON reader that remembers where each value starts, for `JQLIssueFile`.
///
/// Foundation's `JSONSerialization` reports errors without a usable position; a person fixing an
/// issues file needs the line and column, rendered with a caret like every other HookSim error.
struct JQLIssueFileReader {
    /// A JSON value and the byte offset it starts at.
    struct Node {
        indirect enum Value {
            case null
            case bool(Bool)
            case number(Double)
            case string(String)
            case array([Node])
            /// Members in file order (duplicates are rejected).
            case object([(String, Node)])
        }
        var value: Value
        var offset: Int
    }

    /// Deepest nesting accepted, so no file can exhaust the stack.
    static let maxDepth = 200

    let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// An error at byte `offset`, with line and column counted in characters.
    func error(_ message: String, at offset: Int) -> JQLError {
        var line = 1
        var column = 1
        var scalarOffset = 0
        for byte in bytes[0..<min(max(offset, 0), bytes.count)] where byte & 0xC0 != 0x80 {
            scalarOffset += 1
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return JQLError(message: message, line: line, column: column, offset: scalarOffset)
    }

    /// Reads the whole document: one value and nothing after it but whitespace.
    mutating func document() throws(JQLError) -> Node {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        let node = try value()
        skipSpace()
        guard index == bytes.count else { throw error("unexpected text after the JSON value", at: index) }
        return node
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func value() throws(JQLError) -> Node {
        skipSpace()
        let start = index
        guard index < bytes.count else { throw error("expected a JSON value, found the end of the file", at: index) }
        switch bytes[index] {
        case UInt8(ascii: "{"): return Node(value: try object(), offset: start)
        case UInt8(ascii: "["): return Node(value: try array(), offset: start)
        case UInt8(ascii: "\""): return Node(value: .string(try string()), offset: start)
        case UInt8(ascii: "t"): return Node(value: .bool(true), offset: try literal("true"))
        case UInt8(ascii: "f"): return Node(value: .bool(false), offset: try literal("false"))
        case UInt8(ascii: "n"): return Node(value: .null, offset: try literal("null"))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return Node(value: try number(), offset: start)
        default: throw error("expected a JSON value (object, array, string, number, true, false or null)", at: index)
        }
    }

    private mutating func literal(_ word: String) throws(JQLError) -> Int {
        let start = index
        for byte in word.utf8 {
            guard index < bytes.count, bytes[index] == byte else { throw error("expected '\(word)'", at: start) }
            index += 1
        }
        return start
    }

    private mutating func nest() throws(JQLError) {
        depth += 1
        if depth > Self.maxDepth { throw error("JSON nested more than \(Self.maxDepth) levels deep", at: index) }
    }

    private mutating func array() throws(JQLError) -> Node.Value {
        try nest()
        defer { depth -= 1 }
        index += 1
        var items: [Node] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            items.append(try value())
            skipSpace()
            guard index < bytes.count else { throw error("expected ',' or ']' to continue the array", at: index) }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(items)
            }
            guard bytes[index] == UInt8(ascii: ",") else { throw error("expected ',' or ']' in the array", at: index) }
            index += 1
        }
    }

    private mutating func object() throws(JQLError) -> Node.Value {
        try nest()
        defer { depth -= 1 }
        index += 1
        var members: [(String, Node)] = []
        var seen: Set<String> = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipSpace()
            let keyStart = index
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a member name in double quotes", at: index)
            }
            let key = try string()
            guard seen.insert(key).inserted else { throw error("duplicate member \"\(key)\"", at: keyStart) }
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after the member name \"\(key)\"", at: index)
            }
            index += 1
            members.append((key, try value()))
            skipSpace()
            guard index < bytes.count else { throw error("expected ',' or '}' to continue the object", at: index) }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            guard bytes[index] == UInt8(ascii: ",") else { throw error("expected ',' or '}' in the object", at: index) }
            index += 1
        }
    }

    private mutating func string() throws(JQLError) -> String {
        let start = index
        index += 1
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush() {
            scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
            run.removeAll(keepingCapacity: true)
        }
        while true {
            guard index < bytes.count else { throw error("unterminated string", at: start) }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                flush()
                return String(scalars)
            }
            if byte < 0x20 {
                throw error("control character in a string; write it as an escape such as \\n", at: index)
            }
            guard byte == UInt8(ascii: "\\") else {
                run.append(byte)
                index += 1
                continue
            }
            flush()
            let escapeStart = index
            index += 1
            guard index < bytes.count else { throw error("unterminated string", at: start) }
            let code = bytes[index]
            index += 1
            switch code {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var unit = try hex4(escapeStart)
                if (0xD800..<0xDC00).contains(unit), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u")
                {
                    index += 2
                    let low = try hex4(escapeStart)
                    guard (0xDC00..<0xE000).contains(low) else {
                        throw error("invalid surrogate pair", at: escapeStart)
                    }
                    unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(unit) else { throw error("invalid \\u escape", at: escapeStart) }
                scalars.append(scalar)
            default:
                throw error("invalid escape in a string", at: escapeStart)
            }
        }
    }

    private mutating func hex4(_ escapeStart: Int) throws(JQLError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw error("expected four hex digits after \\u", at: escapeStart) }
            let b = bytes[index]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - 55)
            default: throw error("expected four hex digits after \\u", at: escapeStart)
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    private mutating func number() throws(JQLError) -> Node.Value {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits() -> Int {
            let from = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - from
        }
        let integer = digits()
        guard integer > 0 else { throw error("expected digits in the number", at: start) }
        if integer > 1 && bytes[index - integer] == UInt8(ascii: "0") {
            throw error("numbers may not have leading zeros", at: start)
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw error("expected digits after the decimal point", at: start) }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { throw error("expected digits in the exponent", at: start) }
        }
        guard let n = Double(String(decoding: bytes[start..<index], as: UTF8.self)), n.isFinite else {
            throw error("the number is out of range", at: start)
        }
        return .number(n)
    }
}
