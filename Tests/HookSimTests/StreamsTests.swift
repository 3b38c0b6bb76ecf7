import Testing

@testable import HookSim

/// Every keyed random stream has its own number: two kinds of draw sharing one would draw the same
/// numbers for the same keys (two branches once both took 14).
@Suite struct StreamsTests {
    @Test func everyStreamIsDistinct() {
        let all: [UInt64] = [
            Streams.world, Streams.arrivals, Streams.change, Streams.burst, Streams.link, Streams.dispatch,
            Streams.network, Streams.backoff, Streams.service, Streams.fields, Streams.fieldChange, Streams.custom,
            Streams.echoLink, Streams.recorded, Streams.reporterChange,
        ]
        #expect(Set(all).count == all.count)
    }
}
