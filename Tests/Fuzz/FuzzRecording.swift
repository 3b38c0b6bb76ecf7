import HookSim

/// libFuzzer entry point: any bytes as a capture of Jira webhook bodies (`activity: {trace:}`).
/// Reading must end in a count of changes or a ScenarioError naming a line — never a crash, a trap
/// or a hang — and rendering the error must not crash either.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecording(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    do {
        _ = try Recording.changeCount(bytes: bytes, file: "fuzz.jsonl")
    } catch {
        _ = error.description
    }
    return 0
}
