/// WebSub-style body signatures (`X-Hub-Signature: sha256=<hex>`), as Jira's admin webhooks send them.
///
/// Generic on purpose: any sender that signs the raw body with HMAC-SHA256 and a shared secret.
/// Other methods (`sha1=`) are refused rather than guessed, since Jira documents only `sha256`.
public enum HubSignature {
    /// The header value for `body` signed with `secret`: `sha256=` and 64 lowercase hex digits.
    public static func sign(body: [UInt8], secret: String) -> String {
        "sha256=" + hex(SHA256.hmac(key: Array(secret.utf8), message: body))
    }

    /// Whether `header` is a valid `sha256=` signature of `body` under `secret`.
    ///
    /// The comparison takes the same time wherever the first differing byte is, so a client
    /// cannot find the right signature byte by byte from response times.
    public static func verify(header: String, body: [UInt8], secret: String) -> Bool {
        let expected = Array(sign(body: body, secret: secret).utf8)
        let trimmed = header.trimmingSpaces()
        let given = Array(trimmed.utf8).map { $0 >= 0x41 && $0 <= 0x5a ? $0 + 0x20 : $0 }
        return constantTimeEqual(given, expected)
    }

    /// Byte-wise equality whose running time depends only on the lengths, not on where bytes differ.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        let n = min(a.count, b.count)
        for i in 0..<n { difference |= a[i] ^ b[i] }
        return difference == 0
    }

    /// Lowercase hexadecimal of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xf)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs (HTTP's optional whitespace).
    func trimmingSpaces() -> String {
        let bytes = Array(utf8)
        var lo = 0
        var hi = bytes.count
        while lo < hi && (bytes[lo] == 0x20 || bytes[lo] == 0x09) { lo += 1 }
        while hi > lo && (bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09) { hi -= 1 }
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}
