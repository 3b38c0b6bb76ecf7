/// Text comparison helpers: case-insensitive equality without allocation, and `~` word search.
///
/// Equality is the hot path (every `=`, `IN`, `!=` on every event), so it folds ASCII bytes in
/// place and only falls back to full Unicode lowercasing when it meets a non-ASCII byte.
@usableFromInline
enum JQLText {
    /// Whether `value` equals `lowered` ignoring case; `lowered` must already be `lowercased()`.
    @inline(__always)
    static func equalsFolded(_ value: String, _ lowered: String) -> Bool {
        let fast = value.utf8.withContiguousStorageIfAvailable { a in
            lowered.utf8.withContiguousStorageIfAvailable { b in asciiFoldedEquals(a, b) }
        }
        switch fast {
        case .some(.some(.some(let result))): return result
        default: return value.lowercased() == lowered
        }
    }

    /// Compares bytes folding ASCII case; `nil` when `a` has non-ASCII bytes and a full comparison is needed.
    @inlinable
    static func asciiFoldedEquals(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        var i = 0
        var sawNonASCII = false
        if a.count == b.count {
            while i < a.count {
                var x = a[i]
                if x >= 0x80 { return nil }
                if x &- 65 < 26 { x |= 0x20 }
                if x != b[i] { break }
                i += 1
            }
            if i == a.count { return true }
        }
        // NB: lengths may differ under Unicode case mapping only when non-ASCII text is involved.
        while i < a.count {
            if a[i] >= 0x80 { sawNonASCII = true }
            i += 1
        }
        return sawNonASCII ? nil : false
    }

    /// Splits text into lowercase words (letters and digits), the unit `~` searches by.
    static func words(_ text: String) -> [Substring] {
        let lowered = text.lowercased()
        return lowered.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
    }

    /// Compares two strings the way people order versions and names: digit runs by value, the rest ignoring case.
    static func naturalCompare(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased().unicodeScalars)
        let y = Array(b.lowercased().unicodeScalars)
        var i = 0
        var j = 0
        func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
        while i < x.count && j < y.count {
            if isDigit(x[i]) && isDigit(y[j]) {
                var ni = i
                while ni < x.count && x[ni] == "0" { ni += 1 }
                var nj = j
                while nj < y.count && y[nj] == "0" { nj += 1 }
                var ei = ni
                while ei < x.count && isDigit(x[ei]) { ei += 1 }
                var ej = nj
                while ej < y.count && isDigit(y[ej]) { ej += 1 }
                if ei - ni != ej - nj { return ei - ni < ej - nj ? -1 : 1 }
                for (p, q) in zip(x[ni..<ei], y[nj..<ej]) where p != q { return p.value < q.value ? -1 : 1 }
                i = ei
                j = ej
            } else {
                if x[i] != y[j] { return x[i].value < y[j].value ? -1 : 1 }
                i += 1
                j += 1
            }
        }
        if i < x.count { return 1 }
        if j < y.count { return -1 }
        return 0
    }
}

/// A semantic problem found while compiling, before a position is attached.
struct JQLMessage: Error {
    var text: String
    init(_ text: String) { self.text = text }
}
