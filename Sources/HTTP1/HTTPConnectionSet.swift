#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keep-alive connections to one server, all driven by the calling thread with `poll(2)`: at most
/// one request in flight per connection, as wrk drives its connections.
///
/// `HTTPClient` blocks a thread per request, which is simple but, on a busy core, makes every answer
/// wait for its own thread to be scheduled: at 64 connections that wait, not the server, sets the
/// rate (measured: 12,000 requests/s with 4 threads, 2,600/s with 64, same server). One thread that
/// polls every connection takes all the answers that are ready in one wake-up.
public final class HTTPConnectionSet {
    /// How one request ended.
    public enum Outcome: Sendable, Equatable {
        case response(HTTPResponse)
        /// No whole answer within the read or write timeout.
        case timeout
        /// Refused, reset, or closed before a whole answer; or an answer that does not parse.
        case failed
    }

    let host: String
    let port: UInt16
    let configuration: HTTPClient.Configuration
    private let connector: HTTPClient

    public init(host: String, port: UInt16, configuration: HTTPClient.Configuration = .init()) {
        self.host = host
        self.port = port
        self.configuration = configuration
        connector = HTTPClient(configuration: configuration)
    }

    /// One connection and the request it carries.
    struct Slot {
        var fd: Int32 = -1
        var token = -1
        var output: [UInt8] = []
        var sent = 0
        var input: [UInt8] = []
        var method = "POST"
        var keepAlive = true
        var deadline = 0
    }

    /// Sends requests until `next` has none and none is in flight.
    ///
    /// - Parameters:
    ///   - connections: requests in flight at most (each on its own connection, opened when first needed).
    ///   - next: the next request (it must carry its `Host`) and a token naming it, or nil when none is due.
    ///     Called on this thread whenever a connection is free; nil with nothing in flight ends the run.
    ///   - done: the outcome for a token, on this thread, as soon as it is known.
    public func run(
        connections: Int, next: () -> (request: HTTPRequest, token: Int)?, done: (Int, Outcome) -> Void
    ) {
        precondition(connections > 0, "at least one connection")
        var slots = [Slot](repeating: Slot(), count: connections)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var fds: [pollfd] = []
        var polled: [Int] = []
        func finish(_ i: Int, _ outcome: Outcome, keep: Bool) {
            if !keep, slots[i].fd >= 0 {
                close(slots[i].fd)
                slots[i].fd = -1
            }
            let token = slots[i].token
            slots[i].token = -1
            slots[i].input.removeAll(keepingCapacity: true)
            done(token, outcome)
        }
        /// Writes what the socket takes now; false when the connection failed.
        func write(_ i: Int) -> Bool {
            while slots[i].sent < slots[i].output.count {
                let sent = slots[i].sent
                let n = slots[i].output.withUnsafeBytes {
                    Socket.send(slots[i].fd, UnsafeRawBufferPointer(rebasing: $0[sent...]))
                }
                if n > 0 {
                    slots[i].sent += n
                } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                    return true
                } else {
                    return false
                }
            }
            return true
        }
        defer { for s in slots where s.fd >= 0 { close(s.fd) } }
        while true {
            var idleWithoutWork = false
            for i in slots.indices where slots[i].token < 0 && !idleWithoutWork {
                guard let (request, token) = next() else {
                    // NB: nothing due now; answers still in flight may bring retries, asked for next round.
                    idleWithoutWork = true
                    continue
                }
                slots[i].token = token
                slots[i].output = request.serialized()
                slots[i].sent = 0
                slots[i].method = request.method
                slots[i].keepAlive = request.keepAlive
                slots[i].deadline = Socket.nowMilliseconds() + configuration.writeTimeoutMilliseconds
                if slots[i].fd < 0 {
                    do { slots[i].fd = try connector.connect(host: host, port: port) } catch HTTPClient.ClientError
                        .timeout
                    {
                        finish(i, .timeout, keep: false)
                        continue
                    } catch {
                        finish(i, .failed, keep: false)
                        continue
                    }
                }
                if !write(i) {
                    finish(i, .failed, keep: false)
                } else if slots[i].sent == slots[i].output.count {
                    slots[i].deadline = Socket.nowMilliseconds() + configuration.readTimeoutMilliseconds
                }
            }
            fds.removeAll(keepingCapacity: true)
            polled.removeAll(keepingCapacity: true)
            var soonest = Int.max
            for i in slots.indices where slots[i].token >= 0 {
                let writing = slots[i].sent < slots[i].output.count
                fds.append(pollfd(fd: slots[i].fd, events: Int16(writing ? POLLOUT : POLLIN), revents: 0))
                polled.append(i)
                soonest = min(soonest, slots[i].deadline)
            }
            if polled.isEmpty {
                if idleWithoutWork { return }
                continue
            }
            let wait = max(0, min(soonest - Socket.nowMilliseconds(), 1_000))
            let ready = poll(&fds, nfds_t(fds.count), Int32(wait))
            if ready < 0 && errno != EINTR { return }
            let now = Socket.nowMilliseconds()
            for (k, i) in polled.enumerated() {
                let revents = fds[k].revents
                if revents == 0 {
                    if now >= slots[i].deadline { finish(i, .timeout, keep: false) }
                    continue
                }
                if slots[i].sent < slots[i].output.count {
                    if !write(i) {
                        finish(i, .failed, keep: false)
                    } else if slots[i].sent == slots[i].output.count {
                        slots[i].deadline = now + configuration.readTimeoutMilliseconds
                    }
                    continue
                }
                if let (outcome, keep) = receive(&slots[i], &chunk) { finish(i, outcome, keep: keep) }
            }
        }
    }

    /// Reads what has arrived for `slot`; the outcome (and whether to keep the connection) once the
    /// answer is whole or the connection has failed, nil while more is to come.
    private func receive(_ slot: inout Slot, _ chunk: inout [UInt8]) -> (Outcome, Bool)? {
        var atEOF = false
        let n = read(slot.fd, &chunk, chunk.count)
        if n > 0 {
            slot.input.append(contentsOf: chunk[0..<n])
        } else if n == 0 {
            atEOF = true
        } else if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR {
            return nil
        } else {
            return (.failed, false)
        }
        switch HTTPParser.parseResponse(
            slot.input, requestMethod: slot.method, atEOF: atEOF, limits: configuration.limits)
        {
        case .complete(let response, let consumed):
            let keep =
                slot.keepAlive && !atEOF && consumed == slot.input.count
                && !response.headers.hasToken("Connection", "close")
            return (.response(response), keep)
        case .failure:
            return (.failed, false)
        case .incomplete:
            return atEOF ? (.failed, false) : nil
        }
    }
}

extension HTTPClient {
    /// Host, port and request target of an `http://` URL, for callers that build requests themselves.
    public static func components(of url: String) throws -> (host: String, port: UInt16, target: String) {
        let (host, port, target) = try split(url: url)
        return (host, port, target)
    }
}
