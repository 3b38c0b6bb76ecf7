/// The outcome of parsing the front of a byte buffer.
public enum HTTPParseResult<Message: Sendable & Equatable>: Sendable, Equatable {
    /// More bytes are needed; nothing is consumed.
    case incomplete
    /// A whole message, and how many bytes of the buffer it took.
    case complete(Message, consumed: Int)
    /// The bytes can never become a valid message: answer `status` and close the connection.
    case failure(status: Int, reason: String)
}

/// HTTP/1.1 request parsing (RFC 9112) over a buffer that grows as bytes arrive.
///
/// Stateless: call `parseRequest` again with more bytes after `.incomplete`. Re-scanning is
/// bounded by the limits, and statelessness makes every split of the input give the same answer.
///
/// Choices (documented here because a sender sees them):
/// - `Transfer-Encoding: chunked` request bodies are refused with **411 Length Required**
///   (RFC 9112 §6.3 lets a server demand a length); any other `Transfer-Encoding`, or both
///   `Transfer-Encoding` and `Content-Length`, is **400** (request-smuggling shapes).
/// - Lines end in CRLF; a bare CR or LF inside the head, obsolete line folding, a malformed or
///   conflicting `Content-Length`, a missing `Host` in HTTP/1.1: **400**. Versions other than
///   1.0 and 1.1: **505**.
/// - Request line longer than `maxRequestLineBytes`: **414**; more than `maxHeaderCount` fields or a
///   head longer than `maxHeaderBytes`: **431**; `Content-Length` above `maxBodyBytes`: **413**.
public enum HTTPParser {
    public static func parseRequest(_ buffer: [UInt8], from start: Int = 0, limits: HTTPLimits) -> HTTPParseResult<
        HTTPRequest
    > {
        buffer.withUnsafeBufferPointer { parseRequest($0, from: start, limits: limits) }
    }

    static func parseRequest(_ b: UnsafeBufferPointer<UInt8>, from start: Int, limits: HTTPLimits) -> HTTPParseResult<
        HTTPRequest
    > {
        // Request line first, so an endless line is refused with 414 before the head limit says 431.
        guard let lineEnd = findCRLF(b, from: start, limit: start + limits.maxRequestLineBytes + 2) else {
            if b.count - start > limits.maxRequestLineBytes + 1 {
                return .failure(status: 414, reason: "request line too long")
            }
            return .incomplete
        }
        if lineEnd - start > limits.maxRequestLineBytes {
            return .failure(status: 414, reason: "request line too long")
        }
        let head: Head
        switch parseHead(b, from: start, limits: limits) {
        case .incomplete: return .incomplete
        case .failure(let status, let reason): return .failure(status: status, reason: reason)
        case .complete(let h, _): head = h
        }
        let parts = head.startLine.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(isTokenByte), !parts[1].isEmpty,
            parts[1].allSatisfy({ $0 > 0x20 && $0 != 0x7f })
        else { return .failure(status: 400, reason: "malformed request line") }
        let version = Array(parts[2])
        guard version.count == 8, version.starts(with: Array("HTTP/".utf8)), isDigit(version[5]), version[6] == 0x2e,
            isDigit(version[7])
        else { return .failure(status: 400, reason: "malformed HTTP version") }
        guard version[5] == 0x31, version[7] == 0x30 || version[7] == 0x31 else {
            return .failure(status: 505, reason: "only HTTP/1.0 and HTTP/1.1 are supported")
        }
        let minor = Int(version[7] - 0x30)
        let headers = head.headers
        if minor == 1 && headers.values("Host").count != 1 {
            return .failure(status: 400, reason: "HTTP/1.1 needs one Host")
        }
        if !headers.values("Transfer-Encoding").isEmpty {
            if !headers.values("Content-Length").isEmpty {
                return .failure(status: 400, reason: "both Transfer-Encoding and Content-Length")
            }
            if headers.hasToken("Transfer-Encoding", "chunked") {
                return .failure(status: 411, reason: "chunked request bodies are not accepted; send Content-Length")
            }
            return .failure(status: 400, reason: "unsupported Transfer-Encoding")
        }
        let length: Int
        switch contentLength(headers, limits: limits) {
        case .failure(let status, let reason): return .failure(status: status, reason: reason)
        case .complete(let n, _): length = n
        case .incomplete: length = 0
        }
        let bodyStart = head.end
        guard b.count - bodyStart >= length else { return .incomplete }
        let request = HTTPRequest(
            method: String(decoding: parts[0], as: UTF8.self), target: String(decoding: parts[1], as: UTF8.self),
            minorVersion: minor, headers: headers, body: Array(b[bodyStart..<(bodyStart + length)]))
        return .complete(request, consumed: bodyStart + length - start)
    }

    /// The start line, the fields, and the index just past the blank line.
    struct Head: Sendable, Equatable {
        var startLine: [UInt8]
        var headers: HTTPHeaders
        var end: Int
    }

    static func parseHead(_ b: UnsafeBufferPointer<UInt8>, from start: Int, limits: HTTPLimits) -> HTTPParseResult<Head>
    {
        let searchLimit = start + limits.maxHeaderBytes + 4
        var lines: [Range<Int>] = []
        var lineStart = start
        while true {
            guard let lineEnd = findCRLF(b, from: lineStart, limit: searchLimit) else {
                if b.count >= searchLimit { return .failure(status: 431, reason: "header section too large") }
                return .incomplete
            }
            if lineEnd == lineStart { break }
            lines.append(lineStart..<lineEnd)
            if lines.count > limits.maxHeaderCount + 1 {
                return .failure(status: 431, reason: "too many header fields")
            }
            lineStart = lineEnd + 2
        }
        if lineStart - 2 - start > limits.maxHeaderBytes {
            return .failure(status: 431, reason: "header section too large")
        }
        guard let first = lines.first else { return .failure(status: 400, reason: "empty start line") }
        var headers = HTTPHeaders()
        for range in lines.dropFirst() {
            let line = b[range]
            if line.contains(0x0d) || line.contains(0x0a) {
                return .failure(status: 400, reason: "bare CR or LF in a header")
            }
            if line.first == 0x20 || line.first == 0x09 {
                return .failure(status: 400, reason: "obsolete line folding")
            }
            guard let colon = line.firstIndex(of: 0x3a), colon > range.lowerBound,
                b[range.lowerBound..<colon].allSatisfy(isTokenByte)
            else { return .failure(status: 400, reason: "malformed header field") }
            let value = b[(colon + 1)..<range.upperBound]
            if value.contains(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7f }) {
                return .failure(status: 400, reason: "control character in a header value")
            }
            headers.add(
                String(decoding: b[range.lowerBound..<colon], as: UTF8.self),
                String(decoding: value, as: UTF8.self).trimmingSpaces())
        }
        let startLine = Array(b[first])
        if startLine.contains(0x0d) || startLine.contains(0x0a) {
            return .failure(status: 400, reason: "bare CR or LF")
        }
        return .complete(
            Head(startLine: startLine, headers: headers, end: lineStart + 2), consumed: lineStart + 2 - start)
    }

    /// The declared body length: absent is 0 (`.incomplete` here means "none declared").
    static func contentLength(_ headers: HTTPHeaders, limits: HTTPLimits) -> HTTPParseResult<Int> {
        let values = headers.values("Content-Length").flatMap {
            $0.split(separator: ",").map { $0.trimmingSpacesSubstring() }
        }
        guard let first = values.first else { return .incomplete }
        guard values.allSatisfy({ $0 == first }), !first.isEmpty, first.utf8.count <= 18,
            first.utf8.allSatisfy(isDigit),
            let n = Int(first)
        else { return .failure(status: 400, reason: "malformed Content-Length") }
        if n > limits.maxBodyBytes {
            return .failure(status: 413, reason: "body larger than \(limits.maxBodyBytes) bytes")
        }
        return .complete(n, consumed: 0)
    }

    /// Index of the CR of the first CRLF at or after `from`, looking no further than `limit`.
    static func findCRLF(_ b: UnsafeBufferPointer<UInt8>, from: Int, limit: Int) -> Int? {
        var i = from
        let end = min(b.count, limit) - 1
        while i < end {
            if b[i] == 0x0d && b[i + 1] == 0x0a { return i }
            i += 1
        }
        return nil
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// RFC 9110 `tchar`.
    static func isTokenByte(_ c: UInt8) -> Bool {
        switch c {
        case 0x30...0x39, 0x41...0x5a, 0x61...0x7a: true
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2a, 0x2b, 0x2d, 0x2e, 0x5e, 0x5f, 0x60, 0x7c, 0x7e: true
        default: false
        }
    }
}
