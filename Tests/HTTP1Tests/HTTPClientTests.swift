import Testing

@testable import HTTP1

@Suite struct HTTPClientTests {
    @Test func urlSplitting() throws {
        #expect(
            try HTTPClient.split(url: "http://127.0.0.1:8080/webhooks/1?x=y") == ("127.0.0.1", 8080, "/webhooks/1?x=y"))
        #expect(try HTTPClient.split(url: "http://example.com") == ("example.com", 80, "/"))
        #expect(throws: HTTPClient.ClientError.self) { try HTTPClient.split(url: "https://example.com/") }
        #expect(throws: HTTPClient.ClientError.self) { try HTTPClient.split(url: "ftp://x/") }
        #expect(throws: HTTPClient.ClientError.self) { try HTTPClient.split(url: "http://x:99999/") }
        #expect(throws: HTTPClient.ClientError.self) { try HTTPClient.split(url: "http://:80/") }
    }

    /// Nothing listens on a port just freed: connect fails fast instead of hanging.
    @Test func connectionRefused() throws {
        var server: HTTPServer? = try HTTPServer(handler: { _ in .text(200, "") })
        let port = server?.port ?? 0
        server = nil  // never started: the listener closes with it
        #expect(server == nil)
        let client = HTTPClient()
        #expect(throws: (any Error).self) { try client.send(method: "GET", url: "http://127.0.0.1:\(port)/") }
    }

    /// A server that accepts and never answers: the read deadline ends the call.
    @Test func readTimeout() throws {
        let server = try HTTPServer(asyncHandler: { _, _ in })
        server.start()
        defer { server.stop() }
        var configuration = HTTPClient.Configuration()
        configuration.readTimeoutMilliseconds = 200
        let client = HTTPClient(configuration: configuration)
        #expect(throws: HTTPClient.ClientError.timeout("read")) {
            try client.send(method: "GET", url: "http://127.0.0.1:\(server.port)/")
        }
    }
}
