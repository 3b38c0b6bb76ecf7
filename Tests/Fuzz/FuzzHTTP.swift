import HTTP1

/// libFuzzer entry point: any bytes as an HTTP/1.1 request (and as a response), under small limits
/// so every limit is reachable. It must never crash or hang, and it checks the parser's promise that
/// a prefix of a message is either `.incomplete` or already the same answer: a server calls the
/// parser again as bytes arrive, so a prefix that decided differently would answer a request wrongly.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTP(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    var limits = HTTPLimits()
    limits.maxRequestLineBytes = 256
    limits.maxHeaderBytes = 512
    limits.maxHeaderCount = 8
    limits.maxBodyBytes = 1024
    let whole = HTTPParser.parseRequest(bytes, limits: limits)
    if case .complete(let request, let consumed) = whole {
        precondition(consumed > 0 && consumed <= bytes.count, "consumed out of range")
        precondition(request.body.count <= limits.maxBodyBytes, "body above the limit")
        _ = request.path
        _ = request.keepAlive
        _ = request.serialized()
        // A complete message parses the same from any prefix that still holds all of it.
        let exact = HTTPParser.parseRequest(Array(bytes[0..<consumed]), limits: limits)
        precondition(exact == whole, "the message alone parses differently")
    }
    if bytes.count > 1 {
        let cut = Int(bytes[0]) % bytes.count
        let prefix = HTTPParser.parseRequest(Array(bytes[0..<cut]), limits: limits)
        switch (prefix, whole) {
        case (.incomplete, _): break
        case (.failure(let a, _), .failure(let b, _)): precondition(a == b, "a prefix failed with another status")
        case (.complete(let r, let n), .complete(let s, let m)):
            precondition(r == s && n == m, "a prefix parsed to another message")
        default: preconditionFailure("a prefix decided what the whole did not")
        }
    }
    _ = HTTPParser.parseResponse(bytes, requestMethod: "POST", atEOF: count % 2 == 0, limits: limits)
    return 0
}
