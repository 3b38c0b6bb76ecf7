import Testing

@testable import HTTP1

/// One thread driving many keep-alive connections; every loop is bounded by its request count and
/// by the client's timeouts.
@Suite struct HTTPConnectionSetTests {
    static func request(_ target: String, port: UInt16) -> HTTPRequest {
        HTTPRequest(
            method: "POST", target: target, headers: HTTPHeaders([("Host", "127.0.0.1:\(port)")]),
            body: Array("{}".utf8))
    }

    /// 100 requests over 8 connections: each token gets exactly one answer, and it is the answer
    /// to its own request (the server echoes the target), whatever order they complete in.
    @Test func everyRequestGetsItsOwnAnswer() throws {
        let server = try HTTPServer(handler: { request in .text(200, request.target) })
        server.start()
        defer { server.stop() }
        var left = Array((0..<100).reversed())
        var answers: [Int: String] = [:]
        HTTPConnectionSet(host: "127.0.0.1", port: server.port).run(
            connections: 8,
            next: {
                guard let k = left.popLast() else { return nil }
                return (Self.request("/hook/\(k)", port: server.port), k)
            },
            done: { token, outcome in
                #expect(answers[token] == nil)
                if case .response(let r) = outcome, r.status == 200 {
                    answers[token] = String(decoding: r.body, as: UTF8.self)
                } else {
                    answers[token] = "\(outcome)"
                }
            })
        #expect(answers.count == 100)
        // NB: `.text` ends its body with a newline.
        for k in 0..<100 { #expect(answers[k] == "/hook/\(k)\n") }
    }

    /// A server that accepts and never answers: each of 3 requests on 2 connections ends by the
    /// 200 ms read deadline as a timeout.
    @Test func readTimeout() throws {
        let server = try HTTPServer(asyncHandler: { _, _ in })
        server.start()
        defer { server.stop() }
        var configuration = HTTPClient.Configuration()
        configuration.readTimeoutMilliseconds = 200
        var left = [0, 1, 2]
        var outcomes: [HTTPConnectionSet.Outcome] = []
        HTTPConnectionSet(host: "127.0.0.1", port: server.port, configuration: configuration).run(
            connections: 2,
            next: { left.popLast().map { (Self.request("/", port: server.port), $0) } },
            done: { _, outcome in outcomes.append(outcome) })
        #expect(outcomes == [.timeout, .timeout, .timeout])
    }

    /// Nothing listens: every request fails at once rather than hanging.
    @Test func refused() throws {
        var server: HTTPServer? = try HTTPServer(handler: { _ in .text(200, "") })
        let port = server?.port ?? 0
        server = nil
        #expect(server == nil)
        var left = [0, 1]
        var outcomes: [HTTPConnectionSet.Outcome] = []
        HTTPConnectionSet(host: "127.0.0.1", port: port).run(
            connections: 4,
            next: { left.popLast().map { (Self.request("/", port: port), $0) } },
            done: { _, outcome in outcomes.append(outcome) })
        #expect(outcomes == [.failed, .failed])
    }

    @Test func urlComponents() throws {
        #expect(
            try HTTPClient.components(of: "http://127.0.0.1:8080/webhooks/web") == ("127.0.0.1", 8080, "/webhooks/web"))
    }
}
