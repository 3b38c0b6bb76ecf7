#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Standard output as a `TextOutputStream`.
struct StandardOutput: TextOutputStream {
    mutating func write(_ string: String) { writeAll(1, string) }
}

/// Standard error as a `TextOutputStream`, for messages a person reads.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { writeAll(2, string) }
}

// NB: write(2) on the descriptor, because the C `stdout`/`stderr` globals are not
// concurrency-safe in Swift 6; output is a few lines, so no buffering is needed.
private func writeAll(_ fd: Int32, _ string: String) {
    var text = string
    text.withUTF8 { bytes in
        var done = 0
        while done < bytes.count {
            let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n <= 0 { return }
            done += n
        }
    }
}

/// Seconds on the monotonic clock: for measuring wall time, never for a simulated result.
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
