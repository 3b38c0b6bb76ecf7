import JQL
import SimKit

/// A JSON writer straight into bytes: `hooksim trace` writes a line per attempt, and a generic
/// encoder (or building a `JSONValue` tree per line) would cost more than the simulation itself.
///
/// The caller writes keys and values in the order the output must have; nothing here sorts, so the
/// order is the code's, the same in every process.
struct ByteJSON {
    var bytes: [UInt8] = []

    init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    /// Text known to need no escaping (punctuation, fixed keys).
    @inline(__always) mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inline(__always) mutating func raw(_ other: [UInt8]) { bytes.append(contentsOf: other) }

    /// `"key":` — keys are fixed names in code, so they are never escaped.
    @inline(__always) mutating func key(_ name: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// `,"key":` for every member after the first.
    @inline(__always) mutating func next(_ name: StaticString) {
        bytes.append(UInt8(ascii: ","))
        key(name)
    }

    /// A quoted string with JSON's escapes (quote, backslash, control characters).
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var t = text
        // NB: almost every string needs no escape: one bulk append, not one append per byte.
        let appended = t.withUTF8 { buffer -> Bool in
            guard !buffer.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                return false
            }
            bytes.append(contentsOf: buffer)
            return true
        }
        if appended {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "\""):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(b)
            case UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(b)
            case UInt8(ascii: "\n"): raw("\\n")
            case UInt8(ascii: "\r"): raw("\\r")
            case UInt8(ascii: "\t"): raw("\\t")
            case 0..<0x20:
                raw("\\u00")
                bytes.append(Self.hex[Int(b >> 4)])
                bytes.append(Self.hex[Int(b & 15)])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The inside of a string being written in pieces (between `quote()` calls): escaped text.
    mutating func piece(_ text: String) {
        var t = text
        let clean = t.withUTF8 { buffer -> Bool in
            guard !buffer.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                return false
            }
            bytes.append(contentsOf: buffer)
            return true
        }
        if !clean {
            // NB: rare (a name with a quote): write it escaped and drop the quotes `string` adds.
            var w = ByteJSON(capacity: text.utf8.count + 8)
            w.string(text)
            bytes.append(contentsOf: w.bytes[1..<(w.bytes.count - 1)])
        }
    }

    @inline(__always) mutating func quote() { bytes.append(UInt8(ascii: "\"")) }

    /// A string or `null`.
    mutating func stringOrNull(_ text: String?) {
        if let text { string(text) } else { raw("null") }
    }

    mutating func int(_ value: Int64) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            // NB: magnitude, so Int64.min does not overflow.
            digits(value.magnitude)
        } else {
            digits(UInt64(value))
        }
    }

    /// An integer inside quotes, as Jira writes ids (`"10042"`).
    mutating func quotedInt(_ value: Int64) {
        bytes.append(UInt8(ascii: "\""))
        int(value)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func bool(_ value: Bool) { value ? raw("true") : raw("false") }

    private mutating func digits(_ value: UInt64) {
        var v = value
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(v % 10))
            v /= 10
        } while v > 0
        bytes[start...].reverse()
    }

    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// `2026-01-01T00:03:12.120Z` for a simulated time (time 0 is 2026-01-01T00:00:00Z, DESIGN.md
    /// §4), or Jira's own `2026-01-01T00:03:12.120+0000` with `jiraStyle`. Milliseconds, as Jira
    /// prints them.
    mutating func timestamp(_ t: SimTime, jiraStyle: Bool = false) {
        let ms = Self.epochMilliseconds(t)
        let days = ms >= 0 ? ms / 86_400_000 : -((-ms + 86_399_999) / 86_400_000)
        let inDay = ms - days * 86_400_000
        let (y, m, d) = Self.civil(days: days)
        bytes.append(UInt8(ascii: "\""))
        pad(y, 4)
        bytes.append(UInt8(ascii: "-"))
        pad(m, 2)
        bytes.append(UInt8(ascii: "-"))
        pad(d, 2)
        bytes.append(UInt8(ascii: "T"))
        pad(inDay / 3_600_000, 2)
        bytes.append(UInt8(ascii: ":"))
        pad(inDay / 60_000 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        pad(inDay / 1000 % 60, 2)
        bytes.append(UInt8(ascii: "."))
        pad(inDay % 1000, 3)
        if jiraStyle { raw("+0000") } else { bytes.append(UInt8(ascii: "Z")) }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func pad(_ value: Int64, _ width: Int) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        var v = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(v / divisor % 10))
            v %= divisor
            divisor /= 10
        }
    }

    /// Milliseconds since 1970 of a simulated time: Jira's `timestamp`.
    static func epochMilliseconds(_ t: SimTime) -> Int64 {
        let us = t.microseconds
        let ms = us >= 0 ? us / 1000 : -((-us + 999) / 1000)
        return 1_767_225_600_000 + ms
    }

    /// Year, month, day of a day count since 1970-01-01.
    static func civil(days: Int64) -> (Int64, Int64, Int64) {
        let (y, m, d) = UTCCalendar.civil(days: Int(days))
        return (Int64(y), Int64(m), Int64(d))
    }
}
