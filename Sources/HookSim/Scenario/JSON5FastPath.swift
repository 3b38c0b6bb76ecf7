/// The JSON5 reader's fast path: strict JSON in ASCII bytes, as Jira sends its webhook bodies.
///
/// Not a second reader: it builds the very same `JSON5Value` tree (kinds, numbers as written,
/// positions) as `JSON5Parser`, and it gives up — returning nil — at the first byte outside
/// the subset it knows (comments, single quotes, unquoted keys, hex, `Infinity`, trailing commas,
/// surrogate escapes, a line break in a string, any error). `JSON5.parse` then reads the whole
/// document again with `JSON5Parser`, so every error message still comes from one place.
/// It exists because `hooksim serve` reads a body per request (≤ 10 µs for 2 KB in release).
struct JSON5FastPath {
    let b: UnsafeBufferPointer<UInt8>
    var i = 0
    var line = 1
    var lineStart = 0

    init(_ b: UnsafeBufferPointer<UInt8>) { self.b = b }

    /// The document, or nil when the slow path must read it.
    mutating func document() -> JSON5Value? {
        guard skipSpace(), i < b.count, let v = value(depth: 0), skipSpace(), i == b.count else { return nil }
        return v
    }

    var position: SourcePosition { SourcePosition(line: line, column: i - lineStart + 1) }

    /// Skips spaces, tabs and LF; false at a CR (its line counting is left to the slow path).
    mutating func skipSpace() -> Bool {
        while i < b.count {
            switch b[i] {
            case 0x20, 0x09: i += 1
            case 0x0A:
                i += 1
                line += 1
                lineStart = i
            case 0x0D: return false
            default: return true
            }
        }
        return true
    }

    mutating func value(depth: Int) -> JSON5Value? {
        let start = position
        switch b[i] {
        case UInt8(ascii: "{"):
            guard depth < JSON5.maxDepth else { return nil }
            return object(start, depth: depth + 1)
        case UInt8(ascii: "["):
            guard depth < JSON5.maxDepth else { return nil }
            return array(start, depth: depth + 1)
        case UInt8(ascii: "\""):
            return string().map { JSON5Value(kind: .string($0), position: start, path: "") }
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return number().map { JSON5Value(kind: .number($0), position: start, path: "") }
        default:
            let kind: JSON5Value.Kind
            if matches("true") {
                kind = .bool(true)
                i += 4
            } else if matches("false") {
                kind = .bool(false)
                i += 5
            } else if matches("null") {
                kind = .null
                i += 4
            } else {
                return nil
            }
            return JSON5Value(kind: kind, position: start, path: "")
        }
    }

    /// Whether `word` is next and not followed by a name character (else it is the slow path's error).
    func matches(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard i + n <= b.count else { return false }
        for k in 0..<n where b[i + k] != word.utf8Start[k] { return false }
        return i + n == b.count || !Self.isNamePart(b[i + n])
    }

    static func isNamePart(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "$"), UInt8(ascii: "\\"):
            return true
        default: return false
        }
    }

    mutating func object(_ start: SourcePosition, depth: Int) -> JSON5Value? {
        i += 1
        var members: [JSON5Member] = []
        var keys: Set<String>?
        guard skipSpace(), i < b.count else { return nil }
        if b[i] == UInt8(ascii: "}") {
            i += 1
            return JSON5Value(kind: .object(members), position: start, path: "")
        }
        while true {
            guard i < b.count, b[i] == UInt8(ascii: "\"") else { return nil }
            let keyPosition = position
            guard let key = string()?.value else { return nil }
            // Duplicates are the slow path's error; a scan is cheaper than a set below 16 keys.
            if keys == nil && members.count < 16 {
                if members.contains(where: { $0.key == key }) { return nil }
            } else {
                if keys == nil { keys = Set(members.map(\.key)) }
                guard keys?.insert(key).inserted == true else { return nil }
            }
            guard skipSpace(), i < b.count, b[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            guard skipSpace(), i < b.count, let v = value(depth: depth) else { return nil }
            members.append(JSON5Member(key: key, keyPosition: keyPosition, value: v))
            guard skipSpace(), i < b.count else { return nil }
            if b[i] == UInt8(ascii: "}") {
                i += 1
                return JSON5Value(kind: .object(members), position: start, path: "")
            }
            guard b[i] == UInt8(ascii: ",") else { return nil }
            i += 1
            guard skipSpace() else { return nil }
        }
    }

    mutating func array(_ start: SourcePosition, depth: Int) -> JSON5Value? {
        i += 1
        var elements: [JSON5Value] = []
        guard skipSpace(), i < b.count else { return nil }
        if b[i] == UInt8(ascii: "]") {
            i += 1
            return JSON5Value(kind: .array(elements), position: start, path: "")
        }
        while true {
            guard i < b.count, let v = value(depth: depth) else { return nil }
            elements.append(v)
            guard skipSpace(), i < b.count else { return nil }
            if b[i] == UInt8(ascii: "]") {
                i += 1
                return JSON5Value(kind: .array(elements), position: start, path: "")
            }
            guard b[i] == UInt8(ascii: ",") else { return nil }
            i += 1
            // NB: a trailing comma is JSON5, not JSON: the slow path reads it.
            guard skipSpace(), i < b.count, b[i] != UInt8(ascii: "]") else { return nil }
        }
    }

    /// A double-quoted string with JSON's escapes; runs without escapes are copied whole.
    mutating func string() -> JSON5String? {
        i += 1
        var runStart = i
        var out: String?
        while i < b.count {
            // NB: jump to the next quote, backslash or line break: long comment bodies are most of a payload.
            i = Self.nextSpecial(b, from: i)
            guard i < b.count else { return nil }
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                let run = String(decoding: UnsafeBufferPointer(rebasing: b[runStart..<i]), as: UTF8.self)
                i += 1
                guard var escaped = out else { return JSON5String(value: run, isVerbatim: true) }
                escaped += run
                return JSON5String(value: escaped, isVerbatim: false)
            }
            if c == 0x0A || c == 0x0D { return nil }
            var text = out ?? ""
            text += String(decoding: UnsafeBufferPointer(rebasing: b[runStart..<i]), as: UTF8.self)
            guard i + 1 < b.count else { return nil }
            switch b[i + 1] {
            case UInt8(ascii: "\""): text += "\""
            case UInt8(ascii: "\\"): text += "\\"
            case UInt8(ascii: "/"): text += "/"
            case UInt8(ascii: "b"): text += "\u{08}"
            case UInt8(ascii: "f"): text += "\u{0C}"
            case UInt8(ascii: "n"): text += "\n"
            case UInt8(ascii: "r"): text += "\r"
            case UInt8(ascii: "t"): text += "\t"
            case UInt8(ascii: "u"):
                guard i + 6 <= b.count else { return nil }
                var v: UInt32 = 0
                for k in 2..<6 {
                    guard let d = JSON5Parser.hexValue(Unicode.Scalar(b[i + k])) else { return nil }
                    v = v * 16 + d
                }
                guard let u = Unicode.Scalar(v) else { return nil }  // NB: surrogates: slow path.
                text.unicodeScalars.append(u)
                i += 4
            default: return nil
            }
            i += 2
            runStart = i
            out = text
        }
        return nil
    }

    /// The index of the first `"`, `\\`, LF or CR at or after `from` (`b.count` if none), eight
    /// bytes at a time: a byte equal to one of them is found by the zero-byte trick on XORed words.
    static func nextSpecial(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var i = from
        guard let base = b.baseAddress else { return b.count }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= b.count {
            let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let q = w ^ (0x22 &* ones)
            let s = w ^ (0x5C &* ones)
            let n = w ^ (0x0A &* ones)
            let r = w ^ (0x0D &* ones)
            let hit = ((q &- ones) & ~q) | ((s &- ones) & ~s) | ((n &- ones) & ~n) | ((r &- ones) & ~r)
            if hit & highs != 0 { break }
            i += 8
        }
        while i < b.count {
            let c = b[i]
            if c == 0x22 || c == 0x5C || c == 0x0A || c == 0x0D { return i }
            i += 1
        }
        return i
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, kept as written like `JSON5Parser` keeps it.
    mutating func number() -> JSON5Number? {
        let start = i
        let negative = b[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        let intStart = i
        while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
        let intDigits = i - intStart
        guard intDigits > 0, !(intDigits > 1 && b[intStart] == 0x30) else { return nil }
        var plain = true
        if i < b.count, b[i] == UInt8(ascii: ".") {
            plain = false
            i += 1
            let f = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            guard i > f else { return nil }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            plain = false
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            let e = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            guard i > e else { return nil }
        }
        guard i == b.count || !Self.isNamePart(b[i]) && b[i] != UInt8(ascii: ".") else { return nil }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
        if plain && intDigits <= 15 {
            // NB: below 10^15 an integer is exact in a Double: no string conversion needed.
            var m: UInt64 = 0
            for k in intStart..<i { m = m * 10 + UInt64(b[k] - 0x30) }
            return JSON5Number(value: negative ? -Double(m) : Double(m), text: text, integer: (negative, m))
        }
        guard let value = Double(text) else { return nil }
        var integer: (Bool, UInt64)?
        if plain, let m = UInt64(String(decoding: UnsafeBufferPointer(rebasing: b[intStart..<i]), as: UTF8.self)) {
            integer = (negative, m)
        }
        return JSON5Number(value: value, text: text, integer: integer)
    }
}
