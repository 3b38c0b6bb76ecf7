import Dispatch
import Foundation
import HTTP1
import SimKit
import Synchronization

/// How one real request ended.
enum LoadAnswer: Equatable, Sendable {
    case status(Int)
    /// No answer within the timeout.
    case timedOut
    /// The connection failed (refused, reset, closed before an answer).
    case failed
}

/// Posts one request and waits for its answer: real HTTP in `load`, anything in a test.
typealias LoadTransport = @Sendable (_ url: String, _ headers: HTTPHeaders, _ body: [UInt8]) -> LoadAnswer

/// What the requests of a run came to; one per connection, added up at the end.
struct LoadCounts: Sendable {
    var sent = 0
    var answered = 0
    var retried = 0
    var timedOut = 0
    /// Deliveries that ended without a 2xx: retries exhausted, or an answer Jira does not retry.
    var failed = 0
    var byStatus: [Int: Int] = [:]
    /// Microseconds from the due time (open schedule) or the send (closed loop) to the answer.
    var latency = Histogram()

    mutating func add(_ o: LoadCounts) {
        sent += o.sent
        answered += o.answered
        retried += o.retried
        timedOut += o.timedOut
        failed += o.failed
        for (code, n) in o.byStatus { byStatus[code, default: 0] += n }
        latency.merge(o.latency)
    }
}

/// Sends a `LoadPlan` on an open schedule: each request leaves when it is due — its simulated time
/// divided by the speed — whatever earlier ones are doing, and its latency counts from that due time,
/// so a slow target shows as latency rather than as a slower schedule (no coordinated omission).
/// With no speed (`--speed max`) every request is due at once and latency counts from the send.
///
/// `connections` threads take due requests from one queue in due order. Answers are handled as
/// Jira does (DESIGN.md §2): Cloud retries 408, 409, 425, 429, 5xx, timeouts and connection
/// failures up to its limit after its backoff, compressed like the schedule; Data Center never
/// retries. Retry waits are drawn from a stream keyed by (request, attempt): the same every run.
final class LoadRunner: @unchecked Sendable {
    let plan: LoadPlan
    let urls: [String]
    let speed: Double?
    let connections: Int
    let transport: LoadTransport
    private let condition = NSCondition()
    /// Attempts waiting for their due time, earliest first (guarded by `condition`).
    private var due = DueAttempts()
    /// Attempts being sent now (guarded by `condition`).
    private var active = 0
    private var start: UInt64 = 0
    /// Set by `cancel()`: requests not yet sent are dropped, those in flight finish.
    private(set) var cancelled = false
    private let retryWaits: RetryWaits
    /// Requests sent so far, for the progress line.
    let progressSent = Atomic<Int>(0)
    /// Read/write/connect timeout for real HTTP; when set, a `--speed max` run whose URLs all name
    /// one `http://` server is driven by one thread polling every connection (`HTTPConnectionSet`)
    /// instead of a thread per connection, and `transport` is not used.
    var multiplexTimeoutMilliseconds: Int?

    /// - Parameter urls: where each request of the plan goes, in plan order.
    init(plan: LoadPlan, urls: [String], speed: Double?, connections: Int, transport: @escaping LoadTransport) {
        precondition(urls.count == plan.requests.count, "one URL per request")
        precondition(connections > 0 && (speed ?? 1) > 0, "connections and speed must be positive")
        self.plan = plan
        self.urls = urls
        self.speed = speed
        self.connections = connections
        self.transport = transport
        retryWaits = RetryWaits(
            backoff: plan.delivery.map { Sampler($0.spec.retryBackoff) }, keyed: KeyedRandom(seed: plan.seed))
    }

    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Wall-clock nanoseconds after the start at which a simulated instant is due.
    func offset(_ t: SimTime) -> Int64 {
        guard let speed else { return 0 }
        return Int64((Double((t - plan.first).microseconds) * 1000 / speed).rounded())
    }

    /// Runs every request to its end; calls `progress` about once a second from the calling thread.
    /// - Returns: the counts and the wall-clock seconds the run took.
    func run(progress: ((Int, Double) -> Void)? = nil) -> (LoadCounts, Double) {
        start = Self.now()
        condition.lock()
        for (i, r) in plan.requests.enumerated() { push(request: i, attempt: 1, at: offset(r.due)) }
        condition.unlock()
        let server = speed == nil && multiplexTimeoutMilliseconds != nil ? Self.oneServer(urls) : nil
        let threads = server == nil ? connections : 1
        var counts = Array(repeating: LoadCounts(), count: threads)
        let results = Mutex(counts)
        let group = DispatchGroup()
        for w in 0..<threads {
            group.enter()
            let thread = Thread { [self] in
                let mine = server.map { multiplexedWork($0) } ?? work()
                results.withLock { $0[w] = mine }
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        while group.wait(timeout: .now() + .seconds(1)) == .timedOut {
            progress?(progressSent.load(ordering: .relaxed), Double(Self.now() - start) / 1e9)
        }
        let elapsed = Double(Self.now() - start) / 1e9
        counts = results.withLock { $0 }
        var total = LoadCounts()
        for c in counts { total.add(c) }
        return (total, elapsed)
    }

    /// Stops the run early (Ctrl-C): nothing more is sent; the counts cover what was.
    func cancel() {
        condition.lock()
        cancelled = true
        while due.heap.count > 0 { due.heap.pop() }
        condition.broadcast()
        condition.unlock()
    }

    /// Caller holds the lock.
    private func push(request: Int, attempt: Int, at offset: Int64) {
        due.push(request: request, attempt: attempt, at: offset)
        condition.broadcast()
    }

    /// One connection's loop: take the earliest due job, wait for its time, send it.
    private func work() -> LoadCounts {
        var counts = LoadCounts()
        condition.lock()
        while true {
            if let top = due.heap.peek() {
                let now = Int64(Self.now() - start)
                if top.time > now {
                    _ = condition.wait(until: Date(timeIntervalSinceNow: Double(top.time - now) / 1e9))
                    continue
                }
                due.heap.pop()
                let job = due.jobs[Int(top.slot)]
                active += 1
                condition.unlock()
                let retry = execute(job.request, attempt: job.attempt, due: top.time, into: &counts)
                condition.lock()
                active -= 1
                if let at = retry, !cancelled { push(request: job.request, attempt: job.attempt + 1, at: at) }
                if active == 0 && due.heap.count == 0 { condition.broadcast() }
            } else if active == 0 {
                break
            } else {
                condition.wait()
            }
        }
        condition.unlock()
        return counts
    }

    /// Sends one attempt; returns when its retry is due (wall offset), or nil when the delivery is done.
    private func execute(_ index: Int, attempt: Int, due: Int64, into counts: inout LoadCounts) -> Int64? {
        let (headers, body) = prepare(index, attempt: attempt)
        let sentAt = Int64(Self.now() - start)
        let answer = transport(urls[index], headers, body)
        let answeredAt = Int64(Self.now() - start)
        return settle(index, attempt: attempt, due: due, sentAt: sentAt, answeredAt: answeredAt, answer, into: &counts)
    }

    /// The headers and body of one attempt, as Jira sends them.
    private func prepare(_ index: Int, attempt: Int) -> (HTTPHeaders, [UInt8]) {
        let request = plan.requests[index]
        var headers = HTTPHeaders()
        for (name, value) in JiraPayload.headers(identifier: request.identifier, attempt: attempt) {
            headers.add(name, value)
        }
        let body = request.body(plan.instances)
        if let secret = request.secret { headers.add("X-Hub-Signature", HubSignature.sign(body: body, secret: secret)) }
        return (headers, body)
    }

    /// Counts an answer as Jira handles it; returns when its retry is due (wall offset), or nil when
    /// the delivery is done.
    private func settle(
        _ index: Int, attempt: Int, due: Int64, sentAt: Int64, answeredAt: Int64, _ answer: LoadAnswer,
        into counts: inout LoadCounts
    ) -> Int64? {
        let request = plan.requests[index]
        counts.sent += 1
        progressSent.add(1, ordering: .relaxed)
        if attempt > 1 { counts.retried += 1 }
        let retryable: Bool
        switch answer {
        case .status(let code):
            counts.answered += 1
            counts.byStatus[code, default: 0] += 1
            counts.latency.record((answeredAt - (speed == nil ? sentAt : due)) / 1000)
            if (200..<300).contains(code) { return nil }
            retryable = RetryPolicy.isRetryable(Int16(clamping: code))
        case .timedOut:
            counts.timedOut += 1
            retryable = true
        case .failed:
            retryable = true
        }
        let delivery = plan.delivery[request.instance]
        guard retryable, delivery.kind == .cloud, attempt <= delivery.spec.retryMax else {
            counts.failed += 1
            return nil
        }
        let wait = retryWaits.wait(request: request.index, instance: request.instance, attempt: attempt)
        let compressed = speed.map { Int64((Double(wait.microseconds) * 1000 / $0).rounded()) } ?? 0
        return answeredAt + compressed
    }
}

extension LoadRunner {
    /// Attempts in due order: each a (request, attempt) job, found by its heap item's slot; ties in
    /// due time keep the order they were pushed in.
    struct DueAttempts {
        var heap = AttemptHeap()
        var jobs: [(request: Int, attempt: Int)] = []
        var sequence: UInt64 = 0

        mutating func push(request: Int, attempt: Int, at offset: Int64) {
            jobs.append((request, attempt))
            sequence += 1
            heap.push(AttemptHeap.Item(time: offset, sequence: sequence, slot: Int32(jobs.count - 1)))
        }
    }

    /// Jira's retry waits, per instance, drawn from a stream keyed by (request, attempt): the same every run.
    struct RetryWaits {
        let backoff: [Sampler]
        let keyed: KeyedRandom

        func wait(request: Int, instance: Int, attempt: Int) -> SimDuration {
            var rng = keyed.stream(Streams.backoff, UInt64(request), UInt64(attempt))
            return backoff[instance].duration(using: &rng)
        }
    }

    /// Host, port and each request's target when every URL names the same `http://` server, else nil.
    static func oneServer(_ urls: [String]) -> (host: String, port: UInt16, targets: [String])? {
        guard let first = urls.first, let server = try? HTTPClient.components(of: first) else { return nil }
        var targets: [String] = []
        targets.reserveCapacity(urls.count)
        for url in urls {
            guard let c = try? HTTPClient.components(of: url), c.host == server.host, c.port == server.port else {
                return nil
            }
            targets.append(c.target)
        }
        return (server.host, server.port, targets)
    }

    /// A closed-loop run against one server from a single thread that keeps `connections` requests in
    /// flight (`HTTPConnectionSet`), as wrk does: with a thread per connection the rate on a busy core is
    /// set by how soon each answer's thread is scheduled, not by the server.
    func multiplexedWork(_ server: (host: String, port: UInt16, targets: [String])) -> LoadCounts {
        var counts = LoadCounts()
        var configuration = HTTPClient.Configuration()
        let timeout = multiplexTimeoutMilliseconds ?? 20_000
        configuration.readTimeoutMilliseconds = timeout
        configuration.writeTimeoutMilliseconds = timeout
        configuration.connectTimeoutMilliseconds = timeout
        let host = server.port == 80 ? server.host : "\(server.host):\(server.port)"
        var flights: [Int: (request: Int, attempt: Int, due: Int64, sentAt: Int64)] = [:]
        HTTPConnectionSet(host: server.host, port: server.port, configuration: configuration).run(
            connections: connections,
            next: {
                condition.lock()
                guard !cancelled, let top = due.heap.peek(), top.time <= Int64(Self.now() - start) else {
                    condition.unlock()
                    return nil
                }
                due.heap.pop()
                let job = due.jobs[Int(top.slot)]
                condition.unlock()
                var (headers, body) = prepare(job.request, attempt: job.attempt)
                headers.add("Host", host)
                flights[Int(top.slot)] = (job.request, job.attempt, top.time, Int64(Self.now() - start))
                let request = HTTPRequest(
                    method: "POST", target: server.targets[job.request], headers: headers, body: body)
                return (request, Int(top.slot))
            },
            done: { token, outcome in
                guard let f = flights.removeValue(forKey: token) else { return }
                let answer: LoadAnswer =
                    switch outcome {
                    case .response(let r): .status(r.status)
                    case .timeout: .timedOut
                    case .failed: .failed
                    }
                let retry = settle(
                    f.request, attempt: f.attempt, due: f.due, sentAt: f.sentAt,
                    answeredAt: Int64(Self.now() - start), answer, into: &counts)
                if let at = retry {
                    condition.lock()
                    if !cancelled { push(request: f.request, attempt: f.attempt + 1, at: at) }
                    condition.unlock()
                }
            })
        return counts
    }

    /// Real HTTP: `HTTPClient` for `http://`, the toolchain's URLSession for `https://`.
    static func httpTransport(connections: Int, timeoutMilliseconds: Int) -> LoadTransport {
        var configuration = HTTPClient.Configuration()
        configuration.readTimeoutMilliseconds = timeoutMilliseconds
        configuration.writeTimeoutMilliseconds = timeoutMilliseconds
        configuration.maxIdlePerHost = max(connections, 1)
        let client = HTTPClient(configuration: configuration)
        let tls = URLSessionTransport(
            timeoutMilliseconds: timeoutMilliseconds, maxConnectionsPerHost: max(connections, 1))
        return { url, headers, body in
            do {
                let response =
                    url.hasPrefix("https://")
                    ? try tls.send(method: "POST", url: url, headers: headers, body: body)
                    : try client.send(method: "POST", url: url, headers: headers, body: body)
                return .status(response.status)
            } catch HTTPClient.ClientError.timeout {
                return .timedOut
            } catch URLSessionTransport.TransportError.failed(let why) where why.lowercased().contains("timed out") {
                return .timedOut
            } catch {
                return .failed
            }
        }
    }
}
