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

/// Mutated requests and responses (seeded, bounded): the parsers answer, never trap, and agree with
/// themselves when the same bytes arrive in two pieces.
@Suite struct HTTPParserMutationTests {
    /// SplitMix64: a fixed sequence, so a failure reproduces.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    func mutate(_ input: [UInt8], _ rng: inout SplitMix) -> [UInt8] {
        var out = input
        let alphabet = Array(" :\r\n\t0123456789abcdefHTTP/1.;,\u{7f}".utf8) + [0, 0xff, 0x80]
        for _ in 0..<(1 + rng.below(4)) {
            let at = rng.below(out.count + 1)
            switch rng.below(3) {
            case 0 where at < out.count: out.remove(at: at)
            case 1 where at < out.count: out[at] = alphabet[rng.below(alphabet.count)]
            default: out.insert(alphabet[rng.below(alphabet.count)], at: at)
            }
        }
        return out
    }

    @Test func mutatedRequests() {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 64
        let seeds = [
            "POST /webhooks/7 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nX-Hub-Signature: sha256=00\r\n\r\nhello",
            "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.1\r\nHost: b\r\n\r\n",
        ].map { Array($0.utf8) }
        var rng = SplitMix(state: 15)
        for i in 0..<3000 {
            let input = mutate(seeds[i % seeds.count], &rng)
            let whole = HTTPParser.parseRequest(input, limits: limits)
            if case .complete(_, let consumed) = whole { #expect(consumed > 0 && consumed <= input.count) }
            let cut = rng.below(input.count + 1)
            let prefix = HTTPParser.parseRequest(Array(input[..<cut]), limits: limits)
            if case .complete(let r, let n) = prefix, case .complete(let w, let m) = whole {
                #expect(r == w && n == m, "input \(i) split at \(cut)")
            }
        }
    }

    @Test func mutatedResponses() {
        let seeds = [
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        ].map { Array($0.utf8) }
        var rng = SplitMix(state: 4231)
        for i in 0..<3000 {
            let input = mutate(seeds[i % seeds.count], &rng)
            for atEOF in [false, true] {
                let r = HTTPParser.parseResponse(input, requestMethod: "POST", atEOF: atEOF, limits: HTTPLimits())
                if case .complete(_, let consumed) = r { #expect(consumed > 0 && consumed <= input.count) }
            }
        }
    }
}
