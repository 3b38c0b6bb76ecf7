import Dispatch
import Foundation
import HTTP1
import SimKit

extension AhaServer {
    /// The admin endpoints: the timeline actions of a scenario (`outage`, `setRunAs`) done by hand,
    /// and `reset` so one server serves many test runs.
    func admin(_ path: String, _ query: [String: String]) -> HTTPResponse {
        switch path {
        case "/admin/outage":
            guard let text = query["for"] else {
                return .text(400, "error: missing 'for', as in /admin/outage?for=30s")
            }
            let span: SimDuration
            do { span = try SimDuration.parse(text) } catch {
                return .text(400, "error: 'for=\(text)' is not a duration such as 30s, 5m or 1h")
            }
            // NB: real time, as an operator means it; not divided by --time-scale.
            let until = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, span.microseconds)) * 1_000
            lock.lock()
            outageUntil = max(outageUntil, until)
            lock.unlock()
            return .text(200, "outage for \(text)")
        case "/admin/run-as":
            guard let id = query["integration"], let name = query["user"] else {
                return .text(
                    400, "error: missing 'integration' or 'user', as in /admin/run-as?integration=web&user=Alice")
            }
            guard let k = endpoints.index[id] else {
                return .text(
                    404,
                    "error: no integration '\(id)' (integrations: \(endpoints.index.keys.sorted().joined(separator: ", ")))"
                )
            }
            guard let u = initial.aha.users.firstIndex(where: { $0.name == name }) else {
                return .text(
                    400, "error: no user '\(name)' (users: \(initial.aha.users.map(\.name).joined(separator: ", ")))")
            }
            lock.lock()
            account.runAs[k] = u
            lock.unlock()
            return .text(200, "integration \(id) now runs as \(name)")
        default:
            lock.lock()
            account = initial
            rateLimit.refill()
            outageUntil = 0
            jobs.removeWaiting()
            lock.unlock()
            return .text(200, "reset")
        }
    }

    /// The query string's parameters, percent-decoded, `+` as a space (HTML forms and curl -d).
    static func query(_ target: String) -> [String: String] {
        guard let mark = target.firstIndex(of: "?") else { return [:] }
        var out: [String: String] = [:]
        for part in target[target.index(after: mark)...].split(separator: "&") {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            out[decode(kv[0])] = kv.count > 1 ? decode(kv[1]) : ""
        }
        return out
    }
}
