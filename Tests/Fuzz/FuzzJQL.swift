import JQL

/// libFuzzer entry point: any bytes as a JQL query, in both modes. It must never crash or hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJQL(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    for mode in [JQLMode.standard, .dynamicWebhook] {
        if let query = try? JQLQuery.parse(text, mode: mode) {
            _ = query.matches(FuzzIssue(), context: JQLContext(now: 1_767_225_600))
        } else {
            do { _ = try JQLQuery.parse(text, mode: mode) } catch { _ = error.rendered(source: "fuzz", query: text) }
        }
    }
    return 0
}

struct FuzzIssue: JQLIssue {
    func jqlValue(of field: JQLField) -> JQLValue {
        switch field {
        case .project: return .text("WEB")
        case .issuetype: return .text("Story")
        case .status: return .text("In Progress")
        case .labels: return .texts(["ui", "api"])
        case .created: return .date(1_767_000_000)
        case .summary: return .text("Login page fails")
        case .key: return .text("WEB-12")
        default: return .empty
        }
    }
}
