#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A socket call that failed, with the call's name and `errno`, for a message a person reads.
public struct SocketError: Error, Equatable, CustomStringConvertible {
    public let call: String
    public let code: Int32

    public var description: String { "\(call): \(String(cString: strerror(code)))" }
}

/// Thin wrappers over the socket calls both server and client need; IPv4 only (loopback is the default use).
enum Socket {
    /// Milliseconds on the monotonic clock: deadlines only, never a simulated result.
    static func nowMilliseconds() -> Int {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int(ts.tv_sec) * 1000 + Int(ts.tv_nsec) / 1_000_000
    }

    /// An IPv4 address for `host` and `port`: a dotted quad, `localhost`, or a name resolved by getaddrinfo.
    static func address(host: String, port: UInt16) throws -> sockaddr_in {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        let name = host == "localhost" ? "127.0.0.1" : host
        if inet_pton(AF_INET, name, &addr.sin_addr) == 1 { return addr }
        var hints = addrinfo()
        hints.ai_family = AF_INET
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &result) == 0, let info = result, let sa = info.pointee.ai_addr else {
            throw SocketError(call: "getaddrinfo(\(host))", code: EINVAL)
        }
        defer { freeaddrinfo(result) }
        sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { addr.sin_addr = $0.pointee.sin_addr }
        return addr
    }

    /// A non-blocking, close-on-exec TCP socket.
    static func makeTCP() throws -> Int32 {
        #if canImport(Glibc)
            let fd = socket(
                AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        if fd < 0 { throw SocketError(call: "socket", code: errno) }
        setNonBlocking(fd)
        return fd
    }

    static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    }

    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32 = 1) {
        var v = value
        _ = setsockopt(fd, level, name, &v, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Sends without raising SIGPIPE when the peer has gone; returns bytes sent or -1 with errno.
    static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
        #if canImport(Glibc)
            return Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
        #else
            return Darwin.send(fd, bytes.baseAddress, bytes.count, 0)
        #endif
    }

    /// Waits up to `timeout` ms for `events` on `fd`; true when ready (or in error, which the next call reports).
    static func wait(_ fd: Int32, events: Int16, timeout: Int) -> Bool {
        var p = pollfd(fd: fd, events: events, revents: 0)
        while true {
            let n = poll(&p, 1, Int32(max(0, min(timeout, Int(Int32.max)))))
            if n < 0 && errno == EINTR { continue }
            return n > 0
        }
    }
}
