import Testing

@testable import HTTP1

/// No TLS server on loopback here: the adapter is checked over `http://` against HTTP1's own server.
@Suite struct URLSessionTransportTests {
    @Test func roundTripThroughURLSession() throws {
        let server = try HTTPServer(handler: { request in
            HTTPResponse(
                status: 201, headers: HTTPHeaders([("X-Got", request.headers["X-Hub-Signature"] ?? "")]),
                body: request.body)
        })
        server.start()
        defer { server.stop() }
        let transport = URLSessionTransport(timeoutMilliseconds: 5_000)
        let response = try transport.send(
            method: "POST", url: "http://127.0.0.1:\(server.port)/webhooks/1",
            headers: HTTPHeaders([("X-Hub-Signature", "sha256=00")]), body: Array("{}".utf8))
        #expect(response.status == 201 && response.body == Array("{}".utf8))
        #expect(response.headers["x-got"] == "sha256=00")
    }

    @Test func invalidURL() {
        #expect(throws: URLSessionTransport.TransportError.self) {
            try URLSessionTransport().send(method: "GET", url: "ftp://example.com/")
        }
    }
}
