import Dispatch
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `https://` targets through the toolchain's `URLSession` (FoundationNetworking on Linux), behind
/// the same request and response types as `HTTPClient`.
///
/// TLS is not written in the project; this adapter is the one place it is borrowed. Blocking,
/// like `HTTPClient`, so one caller thread has one request in flight.
public final class URLSessionTransport: @unchecked Sendable {
    public enum TransportError: Error, Equatable {
        case invalidURL(String)
        case failed(String)
    }

    let session: URLSession

    /// - Parameters:
    ///   - timeoutMilliseconds: the longest silence while waiting for a response.
    ///   - maxConnectionsPerHost: the keep-alive pool's size per host.
    public init(timeoutMilliseconds: Int = 30_000, maxConnectionsPerHost: Int = 64) {
        precondition(timeoutMilliseconds > 0 && maxConnectionsPerHost > 0, "timeout and pool size must be positive")
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = Double(timeoutMilliseconds) / 1000
        configuration.httpMaximumConnectionsPerHost = maxConnectionsPerHost
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// Sends one request to `url` (`https://` or `http://`) and waits for its response.
    public func send(method: String, url: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) throws
        -> HTTPResponse
    {
        guard let target = URL(string: url), target.scheme == "https" || target.scheme == "http" else {
            throw TransportError.invalidURL(url)
        }
        var request = URLRequest(url: target)
        request.httpMethod = method
        for field in headers.fields where field.name.lowercased() != "host" {
            request.addValue(field.value, forHTTPHeaderField: field.name)
        }
        if !body.isEmpty || method == "POST" || method == "PUT" { request.httpBody = Data(body) }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: request) { data, response, error in
            if let http = response as? HTTPURLResponse {
                var fields = HTTPHeaders()
                for (name, value) in http.allHeaderFields {
                    fields.add(String(describing: name), String(describing: value))
                }
                let status = (100...999).contains(http.statusCode) ? http.statusCode : 502
                outcome.result = .success(HTTPResponse(status: status, headers: fields, body: Array(data ?? Data())))
            } else {
                outcome.result = .failure(TransportError.failed(error.map { "\($0)" } ?? "no response"))
            }
            done.signal()
        }.resume()
        done.wait()
        return try outcome.result.get()
    }

    /// Hands the completion's result to the waiting caller; the semaphore orders the accesses.
    final class Outcome: @unchecked Sendable {
        var result: Result<HTTPResponse, TransportError> = .failure(.failed("no response"))
    }
}
