import Dispatch
import Foundation
import HTTP1
import SimKit

/// The scenario's Aha! account as a real HTTP/1.1 server (`hooksim serve`, DESIGN.md §7.5).
///
/// The HTTP loop answers on its own thread: a webhook is checked (outage, signature, body, rate
/// and queue limits), counted, and acknowledged with 202 at once, as Aha! does; the account's
/// rules run when a worker finishes it, after the scenario's service time divided by
/// `timeScale`. A service time below 100 µs is applied at once on the loop's thread: a sleep
/// that short cannot be honoured anyway, and it lets a large scale measure the server alone.
public final class AhaServer: @unchecked Sendable {
    public struct Options: Sendable {
        public var host = "127.0.0.1"
        public var port: UInt16 = 0
        /// Real seconds per simulated second are divided by this (service times, rate limits).
        public var timeScale = 1.0
        public var limits = HTTPLimits()
        public init() {}
    }

    struct Job {
        var body: JiraBody
        var endpoint: Int
        var seconds: Double
    }

    /// The integrations' endpoints: `/webhooks/<id>` by integration id, and each one's secret.
    struct Endpoints {
        var index: [String: Int]
        var secrets: [String?]
    }

    /// The bound port (the chosen one when asked for 0).
    public var port: UInt16 { http?.port ?? 0 }
    let options: Options
    let endpoints: Endpoints
    let sampler: Sampler
    let lock = NSCondition()
    let initial: LiveAccount
    let workerCount: Int
    // Guarded by `lock`:
    var account: LiveAccount
    var rateLimit: RateLimit
    var outageUntil: UInt64 = 0
    var jobs = JobQueue()
    var rng: Xoshiro256StarStar
    var stopping = false
    var http: HTTPServer?

    /// - Parameter runAs: the user each integration's endpoint runs as, by integration id.
    public init(scenario: Scenario, runAs: [String: String], options: Options) throws {
        self.options = options
        initial = LiveAccount(scenario: scenario, runAs: runAs)
        account = initial
        var endpoints: [String: Int] = [:]
        for (k, i) in scenario.aha.integrations.enumerated() { endpoints[i.id] = k }
        self.endpoints = Endpoints(index: endpoints, secrets: scenario.aha.integrations.map(\.secret))
        rateLimit = RateLimit(
            rates: scenario.aha.processing.rateLimits, now: DispatchTime.now().uptimeNanoseconds)
        sampler = Sampler(scenario.aha.processing.serviceTime)
        rng = Xoshiro256StarStar(seed: scenario.seed)
        workerCount = max(1, scenario.aha.processing.workers)
        let configuration = HTTPServer.Configuration(host: options.host, port: options.port, limits: options.limits)
        http = try HTTPServer(configuration: configuration) { [unowned self] request in self.handle(request) }
    }

    /// Starts the HTTP loop and the workers; returns at once.
    public func start() {
        for n in 0..<workerCount {
            let thread = Thread { [self] in work() }
            thread.name = "AhaServer.worker\(n)"
            thread.start()
        }
        http?.start()
    }

    /// Stops serving; jobs still queued are not applied (they are in flight when the run ends).
    public func stop() {
        http?.stop()
        lock.lock()
        stopping = true
        lock.broadcast()
        lock.unlock()
    }

    /// Whether `bytes` read as a Jira webhook body: lets `hooksim-bench` time the body reader,
    /// which is internal to the library.
    public static func bodyParses(_ bytes: [UInt8]) -> Bool { (try? JiraBody.parse(bytes)) != nil }

    /// The `/report` document now.
    public func reportJSON() -> String {
        lock.lock()
        defer { lock.unlock() }
        return LiveReport.json(account).rendered()
    }

    func work() {
        while true {
            lock.lock()
            while jobs.waiting == 0 && !stopping { lock.wait() }
            if stopping {
                lock.unlock()
                return
            }
            let job = jobs.take()
            let linked = account.linkedNow(job.body, endpoint: job.endpoint)
            lock.unlock()
            Thread.sleep(forTimeInterval: job.seconds)
            lock.lock()
            jobs.busy -= 1
            if !stopping { account.apply(job.body, endpoint: job.endpoint, linkedAtCheck: linked) }
            lock.unlock()
        }
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let path = request.path
        if path.hasPrefix("/webhooks/") {
            guard request.method == "POST" else { return Self.notAllowed("POST") }
            return webhook(String(path.dropFirst("/webhooks/".count)), request)
        }
        switch path {
        case "/healthz":
            return request.method == "GET" || request.method == "HEAD" ? .text(200, "ok") : Self.notAllowed("GET")
        case "/report":
            guard request.method == "GET" || request.method == "HEAD" else { return Self.notAllowed("GET") }
            return Self.json(200, reportJSON() + "\n")
        case "/metrics":
            guard request.method == "GET" || request.method == "HEAD" else { return Self.notAllowed("GET") }
            lock.lock()
            let text = LiveReport.metrics(account)
            lock.unlock()
            return HTTPResponse(
                status: 200, headers: HTTPHeaders([("Content-Type", "text/plain; version=0.0.4; charset=utf-8")]),
                body: Array(text.utf8))
        case "/admin/outage", "/admin/run-as", "/admin/reset":
            guard request.method == "POST" else { return Self.notAllowed("POST") }
            return admin(path, Self.query(request.target))
        default:
            return .text(
                404,
                "error: no route \(path) (routes: POST /webhooks/<integration-id>, GET /report, GET /metrics, "
                    + "GET /healthz, POST /admin/outage?for=DURATION, POST /admin/run-as?integration=ID&user=NAME, "
                    + "POST /admin/reset)"
            )
        }
    }

    static func notAllowed(_ allow: String) -> HTTPResponse {
        var r = HTTPResponse.text(405, "error: method not allowed; use \(allow)")
        r.headers.set("Allow", allow)
        return r
    }

    static func json(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: Array(text.utf8))
    }

    /// `POST /webhooks/<id>`: outage 503, signature 401, body 400, rate or queue limit 429, else 202.
    func webhook(_ id: String, _ request: HTTPRequest) -> HTTPResponse {
        guard let e = endpoints.index[id] else {
            let known = endpoints.index.keys.sorted().joined(separator: ", ")
            return .text(404, "error: no integration '\(id)' (integrations: \(known))")
        }
        let now = DispatchTime.now().uptimeNanoseconds
        lock.lock()
        if now < outageUntil {
            account.counters.outageAnswers += 1
            count(id, 503)
            let wait = (outageUntil - now + 999_999_999) / 1_000_000_000
            lock.unlock()
            var r = HTTPResponse.text(503, "error: Aha! is in an outage")
            r.headers.set("Retry-After", String(wait))
            return r
        }
        lock.unlock()
        if let secret = endpoints.secrets[e] {
            let header = request.headers["X-Hub-Signature"] ?? ""
            guard HubSignature.verify(header: header, body: request.body, secret: secret) else {
                return counted(
                    id,
                    .text(401, "error: X-Hub-Signature does not match the body signed with the integration's secret"))
            }
        }
        let body: JiraBody
        do { body = try JiraBody.parse(request.body) } catch { return counted(id, .text(400, error.description)) }
        lock.lock()
        defer { lock.unlock() }
        if let wait = rateLimit.take(now, timeScale: options.timeScale) {
            account.counters.rateLimited += 1
            count(id, 429)
            var r = HTTPResponse.text(429, "error: rate limit exceeded")
            r.headers.set("Retry-After", String(wait))
            return r
        }
        let waiting = jobs.waiting
        // NB: as in the simulation, the limit is on requests that wait: one an idle worker will take
        // (fewer jobs busy or queued than workers) is accepted whatever the limit.
        if let limit = initial.aha.processing.queueLimit, waiting >= limit, jobs.busy + waiting >= workerCount {
            account.counters.rateLimited += 1
            count(id, 429)
            var r = HTTPResponse.text(429, "error: processing queue full")
            r.headers.set("Retry-After", "1")
            return r
        }
        let retry = (Int(request.headers["X-Atlassian-Webhook-Retry"] ?? "0") ?? 0) > 0
        account.receive(body, endpoint: e, retry: retry)
        let seconds = sampler.duration(using: &rng).seconds / options.timeScale
        if seconds < 0.000_1 && waiting == 0 {
            account.apply(body, endpoint: e, linkedAtCheck: account.linkedNow(body, endpoint: e))
        } else {
            jobs.append(Job(body: body, endpoint: e, seconds: seconds))
            lock.signal()
        }
        count(id, 202)
        return HTTPResponse(status: 202)
    }

    func counted(_ id: String, _ response: HTTPResponse) -> HTTPResponse {
        lock.lock()
        count(id, response.status)
        lock.unlock()
        return response
    }

    /// Caller holds the lock.
    func count(_ id: String, _ status: Int) {
        guard let e = endpoints.index[id] else { return }
        account.counters.requests[e][status, default: 0] += 1
    }
}
