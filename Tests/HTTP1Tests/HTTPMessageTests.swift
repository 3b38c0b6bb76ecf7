import Testing

@testable import HTTP1

@Suite struct HTTPMessageTests {
    @Test func headersAreCaseInsensitive() {
        var h = HTTPHeaders([("Content-Type", "a"), ("X-A", "1"), ("x-a", "2")])
        #expect(h["content-type"] == "a" && h.values("X-A") == ["1", "2"])
        h.set("X-A", "3")
        #expect(h.values("x-a") == ["3"])
        h.remove("CONTENT-TYPE")
        #expect(h["Content-Type"] == nil)
        #expect(HTTPHeaders([("Connection", "keep-alive, Close")]).hasToken("connection", "close"))
    }

    @Test func responseSetsItsOwnFraming() {
        let r = HTTPResponse(
            status: 200, headers: HTTPHeaders([("Content-Length", "999"), ("Transfer-Encoding", "chunked")]),
            body: Array("abc".utf8))
        let text = String(decoding: r.serialized(close: false), as: UTF8.self)
        #expect(text == "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc")
        let head = String(decoding: r.serialized(close: true, headRequest: true), as: UTF8.self)
        #expect(head == "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\n")
        #expect(HTTPResponse(status: 204).serialized(close: false) == Array("HTTP/1.1 204 No Content\r\n\r\n".utf8))
    }

    @Test func requestPathAndSerialization() {
        let r = HTTPRequest(method: "POST", target: "/w/1?x=?y", headers: HTTPHeaders([("Host", "h")]))
        #expect(r.path == "/w/1")
        #expect(
            String(decoding: r.serialized(), as: UTF8.self)
                == "POST /w/1?x=?y HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n")
    }
}
