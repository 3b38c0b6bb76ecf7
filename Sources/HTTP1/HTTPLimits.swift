/// Every bound the parser and server enforce, with defaults sized for webhook traffic.
///
/// Explicit so that a hostile or broken peer costs at most these many bytes and this much time
/// per connection; each breach has its own status so a sender can tell which limit it hit.
public struct HTTPLimits: Sendable, Equatable {
    /// Longest request line (method, target, version), without CRLF. Longer: 414.
    public var maxRequestLineBytes: Int = 8 * 1024
    /// Most header fields in one message. More: 431.
    public var maxHeaderCount: Int = 100
    /// Longest header section (request line, fields and CRLFs, without the final blank line). Longer: 431.
    public var maxHeaderBytes: Int = 16 * 1024
    /// Largest body, declared by `Content-Length` (or decoded from chunks, in responses). Larger: 413.
    public var maxBodyBytes: Int = 1024 * 1024
    /// Milliseconds a started request may take to arrive completely. Longer: 408, connection closed.
    public var readTimeoutMilliseconds: Int = 10_000
    /// Milliseconds an idle keep-alive connection is kept before it is closed silently.
    public var idleTimeoutMilliseconds: Int = 60_000
    /// Milliseconds a response may wait for the peer to read it before the connection is dropped.
    public var writeTimeoutMilliseconds: Int = 10_000

    public init() {}
}
