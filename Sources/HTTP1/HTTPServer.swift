import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An HTTP/1.1 server: one thread running a `poll(2)` loop over non-blocking sockets.
///
/// Event-driven so that a slow or hostile client costs a buffer, not a thread, and other clients
/// are served meanwhile. Every input is bounded by `HTTPLimits`; a bad request gets its status
/// (400, 408, 411, 413, 414, 431, 505) and the connection is closed, the server keeps serving.
/// Requests on one connection are answered in order (pipelining); keep-alive per `HTTPRequest.keepAlive`.
public final class HTTPServer: @unchecked Sendable {
    /// Answers a request on the server's thread; keep it quick.
    public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse
    /// Answers a request later, from any thread, by calling the completion exactly once.
    public typealias AsyncHandler = @Sendable (HTTPRequest, @escaping @Sendable (HTTPResponse) -> Void) -> Void

    public struct Configuration: Sendable {
        /// IPv4 address to bind; loopback unless a caller asks for more exposure.
        public var host = "127.0.0.1"
        /// 0 asks the kernel for a free port; read the bound one from `HTTPServer.port`.
        public var port: UInt16 = 0
        public var limits = HTTPLimits()
        public var backlog: Int32 = 1024
        /// Connections beyond this wait in the kernel's backlog.
        public var maxConnections = 10_000

        public init(host: String = "127.0.0.1", port: UInt16 = 0, limits: HTTPLimits = HTTPLimits()) {
            self.host = host
            self.port = port
            self.limits = limits
        }
    }

    enum Dispatcher {
        case sync(Handler)
        case async(AsyncHandler)
    }

    /// The self-pipe that wakes the loop from `poll` (a completion, or `stop()`): the loop polls
    /// `read`, any thread writes a byte to `write`.
    struct WakePipe {
        let read: Int32
        let write: Int32
    }

    /// What the loop shares with other threads; read and written under `lock` only.
    struct Shared {
        var started = false
        var stopping = false
        /// Async handlers' answers, waiting for the loop to send them.
        var finished: [(id: UInt64, request: Int, response: HTTPResponse)] = []
        /// Connections accepted so far.
        var accepted = 0
    }

    /// Loop-thread only: how new connections are taken in.
    struct Acceptor {
        /// The id the next accepted connection gets.
        var nextID: UInt64 = 1
        /// When accepting resumes after the process ran out of descriptors.
        var pausedUntil = 0
    }

    /// The port actually bound.
    public let port: UInt16
    let configuration: Configuration
    let listener: Int32
    let wakePipe: WakePipe
    let dispatcher: Dispatcher
    let lock = NSLock()
    /// Guarded by `lock`.
    var shared = Shared()
    /// Loop-thread only.
    var connections: [UInt64: Connection] = [:]
    var acceptor = Acceptor()
    let done = DispatchSemaphore(value: 0)
    var loopThread: pthread_t?
    /// Loop-thread only: the buffer every read lands in, allocated once rather than per read.
    var readChunk = [UInt8](repeating: 0, count: 16 * 1024)

    /// Connections accepted so far: lets a caller (or a test) see that keep-alive reused a connection.
    public var connectionsAccepted: Int {
        lock.lock()
        defer { lock.unlock() }
        return shared.accepted
    }

    public convenience init(configuration: Configuration = Configuration(), handler: @escaping Handler) throws {
        try self.init(configuration: configuration, dispatcher: .sync(handler))
    }

    public convenience init(configuration: Configuration = Configuration(), asyncHandler: @escaping AsyncHandler) throws
    {
        try self.init(configuration: configuration, dispatcher: .async(asyncHandler))
    }

    init(configuration: Configuration, dispatcher: Dispatcher) throws {
        self.configuration = configuration
        self.dispatcher = dispatcher
        var addr = try Socket.address(host: configuration.host, port: configuration.port)
        let fd = try Socket.makeTCP()
        Socket.setOption(fd, SOL_SOCKET, SO_REUSEADDR)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if bound != 0 || listen(fd, configuration.backlog) != 0 {
            let code = errno
            close(fd)
            throw SocketError(
                call: bound != 0 ? "bind \(configuration.host):\(configuration.port)" : "listen", code: code)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: addr.sin_port)
        listener = fd
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else {
            close(fd)
            throw SocketError(call: "pipe", code: errno)
        }
        Socket.setNonBlocking(pipeFDs[0])
        Socket.setNonBlocking(pipeFDs[1])
        wakePipe = WakePipe(read: pipeFDs[0], write: pipeFDs[1])
    }

    deinit {
        if !shared.started { close(listener) }  // otherwise the loop closed it
        close(wakePipe.read)
        close(wakePipe.write)
    }

    /// Starts serving on a thread of its own and returns at once.
    public func start() {
        lock.lock()
        precondition(!shared.started, "HTTPServer.start() called twice")
        shared.started = true
        lock.unlock()
        let thread = Thread { [self] in
            loopThread = pthread_self()
            run()
            done.signal()
        }
        thread.name = "HTTPServer:\(port)"
        thread.start()
    }

    /// Stops accepting, closes every connection, and returns once the loop has ended (at once when
    /// called from a handler on the loop's own thread). Safe from any thread and from signal-driven
    /// code that runs outside the handler (e.g. a `DispatchSource` for SIGINT/SIGTERM).
    public func stop() {
        lock.lock()
        shared.stopping = true
        let wasStarted = shared.started
        lock.unlock()
        wake()
        guard wasStarted else { return }
        if let t = loopThread, pthread_equal(t, pthread_self()) != 0 { return }
        done.wait()
        done.signal()  // for the next caller of stop()
    }

    func wake() {
        var byte: UInt8 = 1
        _ = write(wakePipe.write, &byte, 1)
    }

    /// Called by an async handler's completion, from any thread.
    func complete(_ id: UInt64, request: Int, _ response: HTTPResponse) {
        lock.lock()
        shared.finished.append((id, request, response))
        lock.unlock()
        wake()
    }
}
