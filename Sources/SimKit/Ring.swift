/// A FIFO queue in a ring buffer: push and pop without shifting or per-element allocation.
public struct Ring<Element> {
    @usableFromInline var storage: [Element?] = Array(repeating: nil, count: 16)
    @usableFromInline var head = 0
    @usableFromInline var stored = 0

    /// Elements waiting.
    @inlinable public var count: Int { stored }

    @inlinable public init() {}

    @inlinable public var isEmpty: Bool { stored == 0 }

    @inlinable public mutating func push(_ e: Element) {
        if stored == storage.count {
            var grown: [Element?] = Array(repeating: nil, count: storage.count * 2)
            for i in 0..<stored { grown[i] = storage[(head + i) % storage.count] }
            storage = grown
            head = 0
        }
        storage[(head + stored) % storage.count] = e
        stored += 1
    }

    @inlinable public mutating func pop() -> Element? {
        guard stored > 0 else { return nil }
        let e = storage[head]
        storage[head] = nil
        head = (head + 1) % storage.count
        stored -= 1
        return e
    }
}

extension Ring: Sendable where Element: Sendable {}
