import Dispatch
import Foundation
import Testing

@testable import HTTP1

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking loopback socket with a 5-second receive timeout, for writing exact (and wrong) bytes.
struct RawConnection {
    let fd: Int32

    init(port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = try Socket.address(host: "127.0.0.1", port: port)
        let r = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if r != 0 { throw SocketError(call: "connect", code: errno) }
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Socket.send(fd, $0) }
    }

    /// Everything until the server closes (or 5 s of silence, or 1 MB).
    func readToEnd() -> String {
        var all: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<256 {
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 { break }
            all += chunk[0..<n]
        }
        return String(decoding: all, as: UTF8.self)
    }

    /// Reads until `count` responses have been parsed (bounded by `maxReads` reads).
    func readResponses(_ count: Int, maxReads: Int = 64) -> [HTTPResponse] {
        var input: [UInt8] = []
        var out: [HTTPResponse] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<maxReads where out.count < count {
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 { break }
            input += chunk[0..<n]
            while case .complete(let r, let used) = HTTPParser.parseResponse(
                input, requestMethod: "GET", atEOF: false, limits: HTTPLimits())
            {
                out.append(r)
                input.removeFirst(used)
            }
        }
        return out
    }

    func close() { _ = Glibc.close(fd) }
}

/// A real server on 127.0.0.1, port 0, driven by the client and by raw sockets; every test stops it.
@Suite struct HTTPServerTests {
    static func echo(_ request: HTTPRequest) -> HTTPResponse {
        HTTPResponse(status: 200, headers: HTTPHeaders([("X-Path", request.path)]), body: request.body)
    }

    @Test func clientRoundTripAndKeepAlive() throws {
        let server = try HTTPServer(handler: Self.echo)
        server.start()
        defer { server.stop() }
        let client = HTTPClient()
        for i in 0..<20 {
            let r = try client.send(
                method: "POST", url: "http://127.0.0.1:\(server.port)/w/\(i)", body: Array("b\(i)".utf8))
            #expect(r.status == 200 && r.body == Array("b\(i)".utf8) && r.headers["X-Path"] == "/w/\(i)")
        }
        #expect(server.connectionsAccepted == 1)
        var close = HTTPHeaders()
        close.add("Connection", "close")
        _ = try client.send(method: "GET", url: "http://127.0.0.1:\(server.port)/", headers: close)
        _ = try client.send(method: "GET", url: "http://127.0.0.1:\(server.port)/")
        #expect(server.connectionsAccepted == 2)
    }

    @Test func pipelinedRequestsAnsweredInOrder() throws {
        let server = try HTTPServer(handler: Self.echo)
        server.start()
        defer { server.stop() }
        let raw = try RawConnection(port: server.port)
        defer { raw.close() }
        raw.send(
            "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n" + "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nx"
                + "GET /3 HTTP/1.1\r\nHost: a\r\n\r\n")
        let responses = raw.readResponses(3)
        #expect(responses.map { $0.headers["X-Path"] ?? "" } == ["/1", "/2", "/3"])
    }

    @Test func http10ClosesAfterTheResponse() throws {
        let server = try HTTPServer(handler: Self.echo)
        server.start()
        defer { server.stop() }
        let raw = try RawConnection(port: server.port)
        defer { raw.close() }
        raw.send("GET /old HTTP/1.0\r\n\r\n")
        let text = raw.readToEnd()
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n") && text.contains("Connection: close"))
    }

    /// Each bad request gets its status and a closed connection; the server keeps serving others.
    @Test func badRequestsGetTheirStatus() throws {
        var limits = HTTPLimits()
        limits.maxBodyBytes = 100
        limits.maxHeaderBytes = 200
        let server = try HTTPServer(configuration: .init(limits: limits), handler: Self.echo)
        server.start()
        defer { server.stop() }
        let cases: [(String, String)] = [
            ("NOT A REQUEST\r\n\r\n", "400"),
            ("\u{0}\u{ff}\u{1}garbage\r\n\r\n", "400"),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 101\r\n\r\n" + String(repeating: "x", count: 101), "413"),
            ("GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "y", count: 300) + "\r\n\r\n", "431"),
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n", "411"),
        ]
        let client = HTTPClient()
        for (input, status) in cases {
            let raw = try RawConnection(port: server.port)
            raw.send(input)
            let text = raw.readToEnd()
            raw.close()
            #expect(text.hasPrefix("HTTP/1.1 \(status) "), "\(status): \(text.prefix(60))")
            #expect(try client.send(method: "GET", url: "http://127.0.0.1:\(server.port)/ok").status == 200)
        }
    }

    /// A client that starts a request and stalls gets 408; another client is served meanwhile.
    @Test func slowClientGets408() throws {
        var limits = HTTPLimits()
        limits.readTimeoutMilliseconds = 300
        let server = try HTTPServer(configuration: .init(limits: limits), handler: Self.echo)
        server.start()
        defer { server.stop() }
        let slow = try RawConnection(port: server.port)
        defer { slow.close() }
        slow.send("POST /slow HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc")
        #expect(try HTTPClient().send(method: "GET", url: "http://127.0.0.1:\(server.port)/fast").status == 200)
        #expect(slow.readToEnd().hasPrefix("HTTP/1.1 408 "))
    }

    @Test func peerThatHangsUpMidRequestIsForgotten() throws {
        let server = try HTTPServer(handler: Self.echo)
        server.start()
        defer { server.stop() }
        for _ in 0..<5 {
            let raw = try RawConnection(port: server.port)
            raw.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Len")
            raw.close()
        }
        #expect(try HTTPClient().send(method: "GET", url: "http://127.0.0.1:\(server.port)/").status == 200)
    }

    /// 1000 pipelined requests sent before reading any answer (2 MB of answers, past the server's
    /// backlog bound): all are answered, in order, once the client reads.
    @Test func pipelineFloodIsAnsweredAfterBackpressure() throws {
        let big = [UInt8](repeating: 0x61, count: 2048)
        let server = try HTTPServer(handler: { request in
            HTTPResponse(status: 200, headers: HTTPHeaders([("X-Path", request.path)]), body: big)
        })
        server.start()
        defer { server.stop() }
        let raw = try RawConnection(port: server.port)
        defer { raw.close() }
        raw.send((0..<1000).map { "GET /\($0) HTTP/1.1\r\nHost: a\r\n\r\n" }.joined())
        let responses = raw.readResponses(1000, maxReads: 20_000)
        #expect(responses.count == 1000)
        #expect(responses.enumerated().allSatisfy { $0.element.headers["X-Path"] == "/\($0.offset)" })
    }

    @Test func headAnswersCarryNoBody() throws {
        let server = try HTTPServer(handler: Self.echo)
        server.start()
        defer { server.stop() }
        let raw = try RawConnection(port: server.port)
        defer { raw.close() }
        raw.send("HEAD /h HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc")
        #expect(raw.readToEnd() == "HTTP/1.1 200 OK\r\nX-Path: /h\r\nContent-Length: 3\r\nConnection: close\r\n\r\n")
    }

    /// A handler may stop its own server (an admin endpoint would): the call returns, the loop ends.
    @Test func handlerCanStopTheServer() throws {
        let box = ServerBox()
        let server = try HTTPServer(handler: { _ in
            box.server?.stop()
            return .text(200, "bye")
        })
        box.server = server
        server.start()
        let port = server.port
        _ = try? HTTPClient().send(method: "POST", url: "http://127.0.0.1:\(port)/stop")
        server.stop()  // waits for the loop if it is still running; returns at once otherwise
        #expect(throws: (any Error).self) { try HTTPClient().send(method: "GET", url: "http://127.0.0.1:\(port)/") }
        box.server = nil
    }

    /// A client that sends whole requests and half-closes still gets every answer before the close.
    @Test func halfClosedClientIsAnswered() throws {
        let server = try HTTPServer(handler: Self.echo)
        server.start()
        defer { server.stop() }
        let raw = try RawConnection(port: server.port)
        defer { raw.close() }
        raw.send("GET /first HTTP/1.1\r\nHost: a\r\n\r\nPOST /half HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi")
        shutdown(raw.fd, Int32(SHUT_WR))
        let text = raw.readToEnd()
        #expect(
            text.hasPrefix("HTTP/1.1 200 OK\r\nX-Path: /first\r\n") && text.hasSuffix("\r\n\r\nhi"))
        #expect(text.components(separatedBy: "HTTP/1.1 200 OK").count == 3)
    }

    /// Connections reset mid-request (SO_LINGER 0) are dropped; the server keeps serving.
    @Test func resetConnectionsAreDropped() throws {
        let server = try HTTPServer(handler: Self.echo)
        server.start()
        defer { server.stop() }
        for _ in 0..<5 {
            let raw = try RawConnection(port: server.port)
            raw.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\npartial")
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(raw.fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            raw.close()
        }
        #expect(try HTTPClient().send(method: "GET", url: "http://127.0.0.1:\(server.port)/").status == 200)
    }

    /// Answering twice is a handler's bug; the extra answer must not reach the wire as a second response.
    @Test func secondCompletionIsIgnored() throws {
        let server = try HTTPServer(asyncHandler: { request, done in
            done(.text(200, "first " + request.path))
            done(.text(500, "second"))
        })
        server.start()
        defer { server.stop() }
        let raw = try RawConnection(port: server.port)
        defer { raw.close() }
        raw.send("GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        let text = raw.readToEnd()
        #expect(text.components(separatedBy: "HTTP/1.1 ").count == 3)
        #expect(text.contains("first /a") && text.contains("first /b") && !text.contains("second"))
    }

    @Test func asyncHandlerAnswersFromAnotherThread() throws {
        let server = try HTTPServer(asyncHandler: { request, done in
            DispatchQueue.global().async { done(.text(202, request.path)) }
        })
        server.start()
        defer { server.stop() }
        let client = HTTPClient()
        for i in 0..<10 {
            let r = try client.send(method: "POST", url: "http://127.0.0.1:\(server.port)/a/\(i)")
            #expect(r.status == 202 && r.body == Array("/a/\(i)\n".utf8))
        }
    }

    @Test func concurrentClientsShareThePool() throws {
        let server = try HTTPServer(handler: Self.echo)
        server.start()
        defer { server.stop() }
        let client = HTTPClient()
        let port = server.port
        let failures = Counter()
        DispatchQueue.concurrentPerform(iterations: 8) { t in
            for i in 0..<25 {
                let r = try? client.send(
                    method: "POST", url: "http://127.0.0.1:\(port)/", body: Array("\(t)-\(i)".utf8))
                if r?.body != Array("\(t)-\(i)".utf8) { failures.add() }
            }
        }
        #expect(failures.value == 0)
        #expect(server.connectionsAccepted <= 8)
    }

    @Test func stopClosesTheListener() throws {
        let server = try HTTPServer(handler: Self.echo)
        server.start()
        let port = server.port
        #expect(try HTTPClient().send(method: "GET", url: "http://127.0.0.1:\(port)/").status == 200)
        server.stop()
        server.stop()  // idempotent
        #expect(throws: HTTPClient.ClientError.self) {
            try HTTPClient().send(method: "GET", url: "http://127.0.0.1:\(port)/")
        }
    }
}

final class ServerBox: @unchecked Sendable {
    var server: HTTPServer?
}

final class Counter: @unchecked Sendable {
    let lock = NSLock()
    var value = 0
    func add() {
        lock.lock()
        value += 1
        lock.unlock()
    }
}
