import Testing

@testable import HTTP1

/// Hand-written wire bytes; every valid input is also fed split at every byte boundary.
@Suite struct HTTPParserTests {
    let limits = HTTPLimits()

    func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    /// Parses `input` as it would arrive in two reads split at `cut`: the first read must be
    /// incomplete (or the whole answer), and the combined buffer gives the one-shot answer.
    func splitEverywhere(_ input: [UInt8], limits: HTTPLimits) -> HTTPParseResult<HTTPRequest> {
        let whole = HTTPParser.parseRequest(input, limits: limits)
        for cut in 0..<input.count {
            let prefix = HTTPParser.parseRequest(Array(input[..<cut]), limits: limits)
            if case .complete = prefix { Issue.record("complete after only \(cut) of \(input.count) bytes") }
            if case .failure = whole {
            } else if case .failure(let s, let r) = prefix {
                Issue.record("prefix of \(cut) bytes failed with \(s) \(r)")
            }
        }
        return whole
    }

    @Test func simpleGet() {
        let input = bytes("GET /healthz HTTP/1.1\r\nHost: a\r\nX-Two:  b c \r\n\r\n")
        guard case .complete(let r, let consumed) = splitEverywhere(input, limits: limits) else {
            Issue.record("not parsed")
            return
        }
        #expect(consumed == input.count)
        #expect(r.method == "GET" && r.target == "/healthz" && r.minorVersion == 1 && r.body.isEmpty)
        #expect(r.headers["host"] == "a" && r.headers["x-two"] == "b c")
        #expect(r.keepAlive)
    }

    @Test func postWithBody() {
        let input = bytes("POST /webhooks/7?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello")
        guard case .complete(let r, let consumed) = splitEverywhere(input, limits: limits) else {
            Issue.record("not parsed")
            return
        }
        #expect(consumed == input.count && r.body == bytes("hello") && r.path == "/webhooks/7")
    }

    @Test func pipelinedRequestsConsumeExactly() {
        let one = bytes("POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi")
        let two = bytes("GET /b HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        let buffer = one + two
        guard case .complete(let first, let n) = HTTPParser.parseRequest(buffer, limits: limits),
            case .complete(let second, let m) = HTTPParser.parseRequest(buffer, from: n, limits: limits)
        else {
            Issue.record("not parsed")
            return
        }
        #expect(first.target == "/a" && second.target == "/b" && n + m == buffer.count)
        #expect(first.keepAlive && !second.keepAlive)
    }

    @Test func keepAliveRules() {
        func request(_ s: String) -> HTTPRequest? {
            if case .complete(let r, _) = HTTPParser.parseRequest(bytes(s), limits: limits) { return r }
            return nil
        }
        #expect(request("GET / HTTP/1.1\r\nHost: a\r\n\r\n")?.keepAlive == true)
        #expect(request("GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n")?.keepAlive == false)
        #expect(request("GET / HTTP/1.0\r\n\r\n")?.keepAlive == false)
        #expect(request("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")?.keepAlive == true)
    }

    func status(_ s: String, limits: HTTPLimits? = nil) -> Int? {
        if case .failure(let status, _) = HTTPParser.parseRequest(bytes(s), limits: limits ?? self.limits) {
            return status
        }
        return nil
    }

    @Test func malformedRequestsAre400() {
        #expect(status("GET /\r\n\r\n") == 400)
        #expect(status("GET  / HTTP/1.1\r\nHost: a\r\n\r\n") == 400)
        #expect(status("G(T / HTTP/1.1\r\nHost: a\r\n\r\n") == 400)
        #expect(status("GET / HTTX/1.1\r\nHost: a\r\n\r\n") == 400)
        #expect(status("GET / HTTP/1.1\r\n\r\n") == 400)  // no Host
        #expect(status("GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n") == 400)
        #expect(status("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n") == 400)
        #expect(status("GET / HTTP/1.1\r\nHost: a\nX: y\r\n\r\n") == 400)
        #expect(status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n") == 400)
        #expect(status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n") == 400)
        #expect(status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n") == 400)
        #expect(status("\r\n\r\n") == 400)
        #expect(status("\u{0}\u{1}\u{2}\r\n\r\n") == 400)
        #expect(status("GET / HTTP/2.0\r\nHost: a\r\n\r\n") == 505)
    }

    @Test func chunkedRequestBodiesAreRefused() {
        #expect(
            status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n") == 411)
        #expect(status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n") == 400)
        #expect(status("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n") == 400)
    }

    @Test func limits414_431_413() {
        var small = HTTPLimits()
        small.maxRequestLineBytes = 20
        small.maxHeaderCount = 2
        small.maxHeaderBytes = 60
        small.maxBodyBytes = 4
        #expect(status("GET /0123456789abcdefghij HTTP/1.1\r\nHost: a\r\n\r\n", limits: small) == 414)
        #expect(status("GET /0123456789abcdefghij", limits: small) == 414)  // refused before the line ends
        #expect(status("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\n\r\n", limits: small) == 431)
        #expect(
            status("GET / HTTP/1.1\r\nHost: a\r\nA: 0123456789012345678901234567890123456789\r\n\r\n", limits: small)
                == 431)
        #expect(
            status("GET / HTTP/1.1\r\nHost: a\r\nA: 01234567890123456789012345678901234567890123456789", limits: small)
                == 431)
        #expect(status("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n", limits: small) == 413)
        if case .complete(let r, _) = HTTPParser.parseRequest(
            bytes("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nabcd"), limits: small)
        {
            #expect(r.body == bytes("abcd"))
        } else {
            Issue.record("a body at the limit is accepted")
        }
    }

    @Test func requestSerializationRoundTrips() {
        var headers = HTTPHeaders([("Host", "127.0.0.1:8080")])
        headers.add("X-Hub-Signature", "sha256=00")
        let request = HTTPRequest(method: "POST", target: "/w/1", headers: headers, body: bytes("{}"))
        guard case .complete(let parsed, _) = HTTPParser.parseRequest(request.serialized(), limits: limits) else {
            Issue.record("not parsed")
            return
        }
        #expect(parsed.body == request.body && parsed.headers["x-hub-signature"] == "sha256=00")
    }
}
