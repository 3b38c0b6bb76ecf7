import Testing

@testable import HTTP1

@Suite struct HTTPParserResponseTests {
    let limits = HTTPLimits()

    func parse(_ s: String, method: String = "POST", atEOF: Bool = false) -> HTTPParseResult<HTTPResponse> {
        HTTPParser.parseResponse(Array(s.utf8), requestMethod: method, atEOF: atEOF, limits: limits)
    }

    /// Every strict prefix of a complete response is incomplete, never wrong.
    func checkPrefixes(_ s: String) {
        let input = Array(s.utf8)
        for cut in 0..<input.count {
            let r = HTTPParser.parseResponse(Array(input[..<cut]), requestMethod: "POST", atEOF: false, limits: limits)
            #expect(r == .incomplete, "prefix \(cut)")
        }
    }

    @Test func contentLengthResponse() {
        let s = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
        checkPrefixes(s)
        guard case .complete(let r, let n) = parse(s) else {
            Issue.record("not parsed")
            return
        }
        #expect(r.status == 200 && r.reason == "OK" && r.body == Array("ok".utf8) && n == s.utf8.count)
    }

    @Test func chunkedResponse() {
        let s = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nT: 1\r\n\r\n"
        checkPrefixes(s)
        guard case .complete(let r, let n) = parse(s) else {
            Issue.record("not parsed")
            return
        }
        #expect(r.body == Array("abcde".utf8) && n == s.utf8.count)
    }

    /// A signed chunk size such as "-1199" is malformed (502), never a negative length to index with:
    /// the input the HTTP fuzz target found, reduced.
    @Test func negativeChunkSizeIsMalformed() {
        for size in ["-1199", "+5", "-0"] {
            let r = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\(size)\r\nabc\r\n0\r\n\r\n")
            #expect(r == .failure(status: 502, reason: "malformed chunk size"), "size \(size)")
        }
    }

    @Test func closeDelimitedAndEmptyBodies() {
        #expect(parse("HTTP/1.0 200 OK\r\n\r\nabc") == .incomplete)
        if case .complete(let r, _) = parse("HTTP/1.0 200 OK\r\n\r\nabc", atEOF: true) {
            #expect(r.body == Array("abc".utf8))
        } else {
            Issue.record("close-delimited body")
        }
        if case .complete(let r, _) = parse("HTTP/1.1 204 No Content\r\n\r\n") { #expect(r.body.isEmpty) }
        if case .complete(let r, _) = parse("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n", method: "HEAD") {
            #expect(r.body.isEmpty)
        } else {
            Issue.record("HEAD response")
        }
    }

    @Test func interimResponsesAreSkipped() {
        let s = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"
        guard case .complete(let r, let n) = parse(s) else {
            Issue.record("not parsed")
            return
        }
        #expect(r.status == 201 && n == s.utf8.count)
    }

    @Test func malformedResponses() {
        if case .failure = parse("HTTX/1.1 200 OK\r\n\r\n") {} else { Issue.record("bad version accepted") }
        if case .failure = parse("HTTP/1.1 2x0 OK\r\n\r\n") {} else { Issue.record("bad status accepted") }
        if case .failure = parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab", atEOF: true) {
        } else {
            Issue.record("truncated body accepted")
        }
        if case .failure = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") {
        } else {
            Issue.record("bad chunk size accepted")
        }
    }

    @Test func responseSerializationRoundTrips() {
        let response = HTTPResponse.text(429, "slow down")
        guard
            case .complete(let r, _) = HTTPParser.parseResponse(
                response.serialized(close: true), requestMethod: "GET", atEOF: false, limits: limits)
        else {
            Issue.record("not parsed")
            return
        }
        #expect(r.status == 429 && r.reason == "Too Many Requests" && r.headers["connection"] == "close")
        #expect(r.body == Array("slow down\n".utf8))
    }
}
