extension HTTPParser {
    /// Parses a response to a request with `requestMethod`.
    ///
    /// Bodies are delimited by `Content-Length`, by chunked transfer coding (decoded, trailers
    /// dropped), or — for neither — by the end of the connection: pass `atEOF` once the peer has
    /// closed. Interim 1xx responses are skipped. A body above `maxBodyBytes` is a failure (413).
    public static func parseResponse(
        _ buffer: [UInt8], from start: Int = 0, requestMethod: String, atEOF: Bool, limits: HTTPLimits
    ) -> HTTPParseResult<HTTPResponse> {
        buffer.withUnsafeBufferPointer { b in
            var start = start
            var skipped = 0
            while true {
                let result = parseOneResponse(
                    b, from: start, requestMethod: requestMethod, atEOF: atEOF, limits: limits)
                guard case .complete(let response, let consumed) = result, response.status < 200 else {
                    if case .complete(let response, let consumed) = result {
                        return .complete(response, consumed: consumed + skipped)
                    }
                    return result
                }
                start += consumed
                skipped += consumed
            }
        }
    }

    static func parseOneResponse(
        _ b: UnsafeBufferPointer<UInt8>, from start: Int, requestMethod: String, atEOF: Bool, limits: HTTPLimits
    ) -> HTTPParseResult<HTTPResponse> {
        let head: Head
        switch parseHead(b, from: start, limits: limits) {
        case .incomplete: return atEOF ? .failure(status: 502, reason: "connection closed mid-response") : .incomplete
        case .failure(let status, let reason): return .failure(status: status, reason: reason)
        case .complete(let h, _): head = h
        }
        let line = head.startLine
        guard line.count >= 12, line.starts(with: Array("HTTP/1.".utf8)), line[8] == 0x20,
            line[9...11].allSatisfy(isDigit), line.count == 12 || line[12] == 0x20
        else { return .failure(status: 502, reason: "malformed status line") }
        let status = Int(line[9] - 0x30) * 100 + Int(line[10] - 0x30) * 10 + Int(line[11] - 0x30)
        guard status >= 100 else { return .failure(status: 502, reason: "malformed status") }
        let reason = line.count > 13 ? String(decoding: line[13...], as: UTF8.self) : ""
        let headers = head.headers
        func done(_ body: [UInt8], _ end: Int) -> HTTPParseResult<HTTPResponse> {
            .complete(HTTPResponse(status: status, reason: reason, headers: headers, body: body), consumed: end - start)
        }
        if requestMethod == "HEAD" || status < 200 || status == 204 || status == 304 { return done([], head.end) }
        if headers.hasToken("Transfer-Encoding", "chunked") {
            return parseChunked(b, from: head.end, limits: limits).map { body, end in done(body, end) }
        }
        switch contentLength(headers, limits: limits) {
        case .failure(let s, let r): return .failure(status: s == 413 ? 413 : 502, reason: r)
        case .complete(let n, _):
            guard b.count - head.end >= n else {
                return atEOF ? .failure(status: 502, reason: "truncated body") : .incomplete
            }
            return done(Array(b[head.end..<(head.end + n)]), head.end + n)
        case .incomplete:
            if b.count - head.end > limits.maxBodyBytes { return .failure(status: 413, reason: "body too large") }
            return atEOF ? done(Array(b[head.end...]), b.count) : .incomplete
        }
    }

    /// Decodes a chunked body starting at `from`; returns it and the index past the trailers.
    static func parseChunked(_ b: UnsafeBufferPointer<UInt8>, from: Int, limits: HTTPLimits) -> ChunkResult {
        var body: [UInt8] = []
        var i = from
        while true {
            guard let lineEnd = findCRLF(b, from: i, limit: i + 1024) else {
                return b.count - i > 1024 ? .failure(502, "chunk size line too long") : .incomplete
            }
            let sizeDigits = b[i..<lineEnd].prefix { $0 != 0x3b && $0 != 0x20 && $0 != 0x09 }
            // NB: hex digits only: `Int(_:radix:)` alone takes "-1199", a negative size that would
            // index before the chunk (found by Tests/Fuzz/FuzzHTTP.swift).
            guard !sizeDigits.isEmpty, sizeDigits.count <= 15, sizeDigits.allSatisfy(isHexDigit),
                let size = Int(String(decoding: sizeDigits, as: UTF8.self), radix: 16)
            else { return .failure(502, "malformed chunk size") }
            i = lineEnd + 2
            if size == 0 {
                while true {  // trailer fields, then the blank line
                    guard let end = findCRLF(b, from: i, limit: i + limits.maxHeaderBytes) else {
                        return b.count - i >= limits.maxHeaderBytes ? .failure(502, "trailers too large") : .incomplete
                    }
                    let blank = end == i
                    i = end + 2
                    if blank { return .complete(body, i) }
                }
            }
            if body.count + size > limits.maxBodyBytes { return .failure(413, "body too large") }
            guard b.count - i >= size + 2 else { return .incomplete }
            guard b[i + size] == 0x0d, b[i + size + 1] == 0x0a else {
                return .failure(502, "chunk not followed by CRLF")
            }
            body.append(contentsOf: b[i..<(i + size)])
            i += size + 2
        }
    }

    static func isHexDigit(_ c: UInt8) -> Bool { isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66) }

    enum ChunkResult {
        case incomplete
        case complete([UInt8], Int)
        case failure(Int, String)

        func map(_ f: ([UInt8], Int) -> HTTPParseResult<HTTPResponse>) -> HTTPParseResult<HTTPResponse> {
            switch self {
            case .incomplete: .incomplete
            case .complete(let body, let end): f(body, end)
            case .failure(let s, let r): .failure(status: s, reason: r)
            }
        }
    }
}
