import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A blocking HTTP/1.1 client for `http://` with a keep-alive connection pool; safe from many threads.
///
/// Blocking per call (each caller thread owns its connection while a request is in flight) because
/// a load generator wants one outstanding request per connection; every connect, write and read
/// has a deadline, so no call waits forever on a silent peer.
public final class HTTPClient: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var connectTimeoutMilliseconds = 5_000
        public var writeTimeoutMilliseconds = 30_000
        /// The longest wait for the next bytes of a response (not the whole response).
        public var readTimeoutMilliseconds = 30_000
        /// Idle connections kept per host and port; more are closed after use.
        public var maxIdlePerHost = 256
        public var limits = HTTPLimits()

        public init() {}
    }

    public enum ClientError: Error, Equatable {
        case invalidURL(String)
        case unsupportedScheme(String)
        case connect(SocketError)
        case timeout(String)
        /// The peer closed before a whole response arrived.
        case closed
        case malformedResponse(String)
    }

    public let configuration: Configuration
    let lock = NSLock()
    var idle: [String: [Int32]] = [:]

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    deinit { closeIdleConnections() }

    /// Closes pooled connections; in-flight requests are unaffected.
    public func closeIdleConnections() {
        lock.lock()
        let all = idle.values.flatMap { $0 }
        idle.removeAll()
        lock.unlock()
        for fd in all { close(fd) }
    }

    /// Sends `method` to an `http://host[:port]/path` URL; adds `Host`.
    public func send(method: String, url: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) throws
        -> HTTPResponse
    {
        let (host, port, target) = try HTTPClient.split(url: url)
        var h = headers
        if h["Host"] == nil { h.add("Host", port == 80 ? host : "\(host):\(port)") }
        return try send(HTTPRequest(method: method, target: target, headers: h, body: body), host: host, port: port)
    }

    /// Sends `request` as is (it must carry its own `Host`) to `host:port`, reusing a pooled connection
    /// when one is idle. A reused connection that turns out closed before any byte of an answer is
    /// retried once on a new one: that is a server closing an idle connection as it was reused, which
    /// had not read the request (a server that reads a request and closes without answering could see
    /// it twice; HTTP1's own server never does).
    public func send(_ request: HTTPRequest, host: String, port: UInt16) throws -> HTTPResponse {
        let key = "\(host):\(port)"
        let bytes = request.serialized()
        if let fd = takeIdle(key) {
            do {
                return try exchange(
                    fd: fd, bytes: bytes, method: request.method, key: key, keepAlive: request.keepAlive)
            } catch ClientError.closed {}
        }
        let fd = try connect(host: host, port: port)
        return try exchange(fd: fd, bytes: bytes, method: request.method, key: key, keepAlive: request.keepAlive)
    }

    func takeIdle(_ key: String) -> Int32? {
        while true {
            lock.lock()
            let fd = idle[key]?.popLast()
            lock.unlock()
            guard let fd else { return nil }
            // Readable while idle means the server closed it (or sent junk): not reusable.
            if !Socket.wait(fd, events: Int16(POLLIN), timeout: 0) { return fd }
            close(fd)
        }
    }

    func connect(host: String, port: UInt16) throws -> Int32 {
        var addr = try Socket.address(host: host, port: port)
        let fd = try Socket.makeTCP()
        let r = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if r != 0 && errno != EINPROGRESS {
            let code = errno
            close(fd)
            throw ClientError.connect(SocketError(call: "connect \(host):\(port)", code: code))
        }
        if r != 0 {
            guard Socket.wait(fd, events: Int16(POLLOUT), timeout: configuration.connectTimeoutMilliseconds) else {
                close(fd)
                throw ClientError.timeout("connect \(host):\(port)")
            }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            if error != 0 {
                close(fd)
                throw ClientError.connect(SocketError(call: "connect \(host):\(port)", code: error))
            }
        }
        Socket.setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY)
        return fd
    }

    /// Writes the request and reads one response; pools the connection when both sides keep it.
    func exchange(fd: Int32, bytes: [UInt8], method: String, key: String, keepAlive: Bool) throws -> HTTPResponse {
        var keep = false
        defer { if !keep { close(fd) } }
        var sent = 0
        let writeDeadline = Socket.nowMilliseconds() + configuration.writeTimeoutMilliseconds
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Socket.send(fd, UnsafeRawBufferPointer(rebasing: $0[sent...])) }
            if n > 0 {
                sent += n
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                let left = writeDeadline - Socket.nowMilliseconds()
                if left <= 0 || !Socket.wait(fd, events: Int16(POLLOUT), timeout: left) {
                    throw ClientError.timeout("write")
                }
            } else {
                throw ClientError.closed
            }
        }
        var input: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        var atEOF = false
        while true {
            switch HTTPParser.parseResponse(input, requestMethod: method, atEOF: atEOF, limits: configuration.limits) {
            case .complete(let response, let consumed):
                keep =
                    keepAlive && !atEOF && consumed == input.count && !response.headers.hasToken("Connection", "close")
                if keep { keep = pool(fd, key) }
                return response
            case .failure(let status, let reason):
                if atEOF && input.isEmpty { throw ClientError.closed }
                throw ClientError.malformedResponse("\(status) \(reason)")
            case .incomplete:
                if atEOF { throw ClientError.closed }
            }
            let n = read(fd, &chunk, chunk.count)
            if n > 0 {
                input.append(contentsOf: chunk[0..<n])
            } else if n == 0 {
                atEOF = true
            } else if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
                if !Socket.wait(fd, events: Int16(POLLIN), timeout: configuration.readTimeoutMilliseconds) {
                    throw ClientError.timeout("read")
                }
            } else {
                if input.isEmpty { throw ClientError.closed }
                atEOF = true
            }
        }
    }

    func pool(_ fd: Int32, _ key: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if idle[key, default: []].count >= configuration.maxIdlePerHost { return false }
        idle[key, default: []].append(fd)
        return true
    }

    /// Host, port and target of an `http://` URL; `https://` belongs to `URLSessionTransport`.
    static func split(url: String) throws -> (String, UInt16, String) {
        guard url.hasPrefix("http://") else {
            if url.hasPrefix("https://") { throw ClientError.unsupportedScheme("https (use URLSessionTransport)") }
            throw ClientError.invalidURL(url)
        }
        let rest = url.dropFirst(7)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        let target = slash == rest.endIndex ? "/" : String(rest[slash...])
        var host = String(authority)
        var port: UInt16 = 80
        if let colon = authority.lastIndex(of: ":") {
            guard let p = UInt16(authority[authority.index(after: colon)...]) else { throw ClientError.invalidURL(url) }
            host = String(authority[..<colon])
            port = p
        }
        guard !host.isEmpty else { throw ClientError.invalidURL(url) }
        return (host, port, target)
    }
}
