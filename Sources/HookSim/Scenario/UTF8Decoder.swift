/// Strict UTF-8 decoding that reports where the first bad byte is.
///
/// `String(decoding:as:)` would silently replace bad bytes with U+FFFD and the scenario would load
/// with a mangled name; a person should instead be told the line and column of the byte to fix.
enum UTF8Decoder {
    /// Decodes `bytes` into scalars, dropping a leading byte-order mark.
    /// - Throws: `JSON5Error` at the line and column (in scalars) of the first invalid sequence.
    static func decode(_ bytes: [UInt8]) throws(JSON5Error) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        var line = 1
        var column = 1
        var previousWasCR = false
        while i < bytes.count {
            let b0 = bytes[i]
            var length = 0
            var value: UInt32 = 0
            var minimum: UInt32 = 0
            switch b0 {
            case 0x00...0x7F:
                length = 1
                value = UInt32(b0)
            case 0xC2...0xDF:
                length = 2
                value = UInt32(b0 & 0x1F)
                minimum = 0x80
            case 0xE0...0xEF:
                length = 3
                value = UInt32(b0 & 0x0F)
                minimum = 0x800
            case 0xF0...0xF4:
                length = 4
                value = UInt32(b0 & 0x07)
                minimum = 0x10000
            default: length = 0
            }
            var valid = length > 0 && i + length <= bytes.count
            if valid {
                for k in 1..<length {
                    let b = bytes[i + k]
                    if b & 0xC0 != 0x80 {
                        valid = false
                        break
                    }
                    value = value << 6 | UInt32(b & 0x3F)
                }
            }
            let scalar = valid && value >= minimum ? Unicode.Scalar(value) : nil
            guard let scalar else {
                throw JSON5Error(
                    message:
                        "the file is not valid UTF-8: bad byte 0x\(String(b0, radix: 16, uppercase: true)); save it as UTF-8",
                    position: SourcePosition(line: line, column: column), path: "")
            }
            i += length
            if out.isEmpty && scalar == "\u{FEFF}" { continue }
            out.append(scalar)
            // NB: line counting must agree with JSON5Parser.advance and ScenarioSource.lines.
            if scalar == "\n" {
                if !previousWasCR { line += 1 }
                column = 1
            } else if scalar == "\r" || scalar == "\u{2028}" || scalar == "\u{2029}" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            previousWasCR = scalar == "\r"
        }
        return out
    }
}
