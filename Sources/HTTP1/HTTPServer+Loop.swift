#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One client connection's buffers and clocks; lives only on the loop's thread.
struct Connection {
    let fd: Int32
    var input: [UInt8] = []
    var output: [UInt8] = []
    var outputSent = 0
    /// When the first byte of the request being read arrived; the read timeout runs from here.
    var requestStarted: Int?
    var lastActivity: Int
    /// A handler has the current request; reading pauses so requests are answered in order.
    var awaiting = false
    var keepAlive = true
    /// The request being answered is a HEAD: its response goes without a body.
    var headRequest = false
    /// Counts the requests dispatched on this connection, so a late or repeated completion cannot
    /// answer a later request.
    var requestNumber = 0
    /// After the output drains: half-close, discard input until EOF or `lingerUntil`, then close.
    var closing = false
    var lingerUntil: Int?
    var peerClosed = false
}

extension HTTPServer {
    /// Bytes of unsent answers above which a connection's requests wait: bounds a pipelining client
    /// that never reads.
    static let outputBacklog = 256 * 1024

    /// The loop: accept, read, parse, answer, write, expire — until `stop()`.
    func run() {
        var ids: [UInt64] = []
        var fds: [pollfd] = []
        while true {
            lock.lock()
            let stop = shared.stopping
            let completed = shared.finished
            shared.finished.removeAll()
            lock.unlock()
            if stop { break }
            let now = Socket.nowMilliseconds()
            // A completion called twice, or after its connection went away, is ignored.
            for (id, number, response) in completed
            where connections[id]?.awaiting == true && connections[id]?.requestNumber == number {
                connections[id]!.awaiting = false
                enqueue(id, response, close: !connections[id]!.keepAlive, head: connections[id]!.headRequest)
                process(id, now: now)
            }
            ids.removeAll(keepingCapacity: true)
            fds.removeAll(keepingCapacity: true)
            fds.append(pollfd(fd: wakePipe.read, events: Int16(POLLIN), revents: 0))
            let accepting = connections.count < configuration.maxConnections && now >= acceptor.pausedUntil
            fds.append(pollfd(fd: listener, events: accepting ? Int16(POLLIN) : 0, revents: 0))
            var timeout = accepting ? 1000 : 100
            for (id, c) in connections {
                var events: Int16 = 0
                // Backpressure: a client that pipelines without reading its answers is not read further.
                if !c.awaiting && !c.peerClosed && c.output.count - c.outputSent < Self.outputBacklog {
                    events |= Int16(POLLIN)
                }
                if c.outputSent < c.output.count { events |= Int16(POLLOUT) }
                ids.append(id)
                fds.append(pollfd(fd: c.fd, events: events, revents: 0))
                if let d = deadline(c) { timeout = max(0, min(timeout, d - now)) }
            }
            let n = poll(&fds, nfds_t(fds.count), Int32(timeout))
            if n < 0 && errno != EINTR { break }
            if fds[0].revents != 0 {
                var sink = [UInt8](repeating: 0, count: 256)
                while read(wakePipe.read, &sink, sink.count) > 0 {}
            }
            if fds[1].revents != 0 { acceptAll() }
            let after = Socket.nowMilliseconds()
            for (i, id) in ids.enumerated() where fds[i + 2].revents != 0 {
                let revents = fds[i + 2].revents
                if revents & Int16(POLLOUT) != 0 {
                    flush(id, now: after)
                    process(id, now: after)  // requests held back by the backlog, if any
                }
                if revents & (Int16(POLLIN) | Int16(POLLHUP) | Int16(POLLERR)) != 0 { readAvailable(id, now: after) }
            }
            expire(now: after)
        }
        for (_, c) in connections { close(c.fd) }
        connections.removeAll()
        close(listener)  // now, not at deinit: a stopped server refuses connections at once
    }

    /// The next time this connection must be looked at without any event.
    func deadline(_ c: Connection) -> Int? {
        let limits = configuration.limits
        if let linger = c.lingerUntil { return linger }
        if c.outputSent < c.output.count { return c.lastActivity + limits.writeTimeoutMilliseconds }
        if c.awaiting { return nil }
        if let started = c.requestStarted { return started + limits.readTimeoutMilliseconds }
        return c.lastActivity + limits.idleTimeoutMilliseconds
    }

    func acceptAll() {
        for _ in 0..<256 {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                // Out of descriptors: the listener stays readable, so pause accepting rather than spin.
                if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM {
                    acceptor.pausedUntil = Socket.nowMilliseconds() + 100
                }
                return
            }
            Socket.setNonBlocking(fd)
            Socket.setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY)
            connections[acceptor.nextID] = Connection(fd: fd, lastActivity: Socket.nowMilliseconds())
            acceptor.nextID += 1
            lock.lock()
            shared.accepted += 1
            lock.unlock()
        }
    }

    func readAvailable(_ id: UInt64, now: Int) {
        guard var c = connections[id] else { return }
        let size = readChunk.count
        for _ in 0..<8 {
            let n = readChunk.withUnsafeMutableBytes { read(c.fd, $0.baseAddress, size) }
            if n > 0 {
                c.lastActivity = now
                // Once an answer that closes is queued, further input is read only to be discarded.
                if c.lingerUntil == nil && !c.closing { c.input.append(contentsOf: readChunk[0..<n]) }
                if n < size { break }
            } else if n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                c.peerClosed = true
                break
            } else {
                break
            }
        }
        connections[id] = c
        if c.lingerUntil != nil {
            if c.peerClosed { drop(id) }
            return
        }
        process(id, now: now)
    }

    /// Parses and answers every complete request in the input, in order, unless a handler is busy.
    func process(_ id: UInt64, now: Int) {
        for _ in 0..<1024 {
            guard var c = connections[id], !c.awaiting, !c.closing, c.output.count - c.outputSent < Self.outputBacklog
            else { return }
            if c.input.isEmpty {
                c.requestStarted = nil
                // The peer is done sending: close once what is queued for it has been written.
                if c.peerClosed && c.outputSent < c.output.count { c.closing = true }
                connections[id] = c
                if c.peerClosed && !c.closing { finishOrDrop(id) }
                return
            }
            switch HTTPParser.parseRequest(c.input, limits: configuration.limits) {
            case .incomplete:
                if c.requestStarted == nil { c.requestStarted = now }
                if c.peerClosed && c.outputSent < c.output.count { c.closing = true }
                connections[id] = c
                if c.peerClosed && !c.closing { drop(id) }
                return
            case .failure(let status, let reason):
                c.input.removeAll()
                connections[id] = c
                enqueue(id, .text(status, reason), close: true)
                return
            case .complete(let request, let consumed):
                c.input.removeFirst(consumed)
                c.requestStarted = nil
                c.keepAlive = request.keepAlive && !(c.peerClosed && c.input.isEmpty)  // the last one says close
                c.awaiting = true
                c.headRequest = request.method == "HEAD"
                c.requestNumber += 1
                let number = c.requestNumber
                connections[id] = c
                switch dispatcher {
                case .sync(let handler):
                    let response = handler(request)
                    connections[id]?.awaiting = false
                    enqueue(id, response, close: !c.keepAlive, head: request.method == "HEAD")
                case .async(let handler):
                    handler(request) { [self] response in complete(id, request: number, response) }
                    return
                }
            }
        }
    }

    func enqueue(_ id: UInt64, _ response: HTTPResponse, close: Bool, head: Bool = false) {
        guard var c = connections[id] else { return }
        if c.outputSent > 0 && c.outputSent == c.output.count {
            c.output.removeAll(keepingCapacity: true)
            c.outputSent = 0
        }
        c.output.append(contentsOf: response.serialized(close: close, headRequest: head))
        if close { c.closing = true }
        connections[id] = c
        flush(id, now: Socket.nowMilliseconds())
    }

    func flush(_ id: UInt64, now: Int) {
        guard var c = connections[id] else { return }
        while c.outputSent < c.output.count {
            let n = c.output.withUnsafeBytes {
                Socket.send(c.fd, UnsafeRawBufferPointer(rebasing: $0[c.outputSent...]))
            }
            if n > 0 {
                c.outputSent += n
                c.lastActivity = now
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                connections[id] = c
                return
            } else {
                drop(id)
                return
            }
        }
        c.output.removeAll(keepingCapacity: true)
        c.outputSent = 0
        connections[id] = c
        if c.closing { finishOrDrop(id) }
    }

    /// Closing politely: half-close and read until the peer closes (briefly), so the peer gets our
    /// error response instead of a reset caused by its unread request bytes.
    func finishOrDrop(_ id: UInt64) {
        guard var c = connections[id] else { return }
        if c.peerClosed || c.lingerUntil != nil {
            drop(id)
            return
        }
        shutdown(c.fd, Int32(SHUT_WR))
        c.lingerUntil = Socket.nowMilliseconds() + 2000
        c.input.removeAll()
        connections[id] = c
    }

    func drop(_ id: UInt64) {
        guard let c = connections.removeValue(forKey: id) else { return }
        close(c.fd)
    }

    /// Read timeouts answer 408; idle, stalled-write and lingering connections are closed.
    func expire(now: Int) {
        let limits = configuration.limits
        var late: [(UInt64, Connection)] = []
        for (id, c) in connections { if let d = deadline(c), d <= now { late.append((id, c)) } }
        for (id, c) in late {
            if c.lingerUntil != nil || c.outputSent < c.output.count {
                drop(id)
            } else if c.requestStarted != nil && !c.closing {
                connections[id]?.input.removeAll()
                enqueue(id, .text(408, "request not complete within \(limits.readTimeoutMilliseconds) ms"), close: true)
            } else if !c.awaiting {
                drop(id)
            }
        }
    }
}
