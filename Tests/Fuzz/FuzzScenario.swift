import HookSim

/// libFuzzer entry point: any bytes as a scenario file. Loading must end in a scenario or a
/// ScenarioError — never a crash, a trap or a hang — and rendering the error must not crash either.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    do {
        _ = try ScenarioLoader.load(bytes: bytes, file: "fuzz.json5")
    } catch {
        _ = error.description
    }
    return 0
}
