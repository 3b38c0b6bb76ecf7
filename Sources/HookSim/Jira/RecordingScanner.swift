import Foundation

/// Reads a capture line by line, so a recording of any size is read in bounded memory: only its
/// distinct changes are kept, never its text (a trace line is ~1.8 KB, its change ~100 bytes).
struct RecordingScanner {
    /// What makes two lines one change, whichever webhook or retry carried them (DESIGN.md §7.4).
    private struct ChangeKey: Hashable {
        var issue: String
        var event: String
        var timestamp: Int64
        var id: String
    }

    let file: String
    private var out = RecordingScan()
    private var seen = Set<ChangeKey>()
    private var lineNumber = 0

    init(file: String) { self.file = file }

    /// Reads a whole file in chunks of 4 MiB.
    /// - Throws: `ScenarioError` at the `trace` value's file for what `read(line:)` refuses, and a
    ///   line that grows past `Recording.maxLineBytes` before its end is seen.
    static func scan(path: String, file: String) throws(ScenarioError) -> RecordingScan? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var scanner = RecordingScanner(file: file)
        var pending: [UInt8] = []
        while true {
            let chunk = handle.readData(ofLength: 4 << 20)
            if chunk.isEmpty { break }
            var from = pending.count
            pending.append(contentsOf: chunk)
            var start = 0
            while let nl = pending[from...].firstIndex(of: 0x0A) {
                try scanner.read(pending, start..<nl)
                start = nl + 1
                from = start
            }
            pending.removeFirst(start)
            if pending.count > Recording.maxLineBytes {
                // NB: refused before the rest of a runaway line is read.
                try scanner.read(pending, 0..<pending.count)
            }
        }
        if !pending.isEmpty {
            try scanner.read(pending, 0..<pending.count)
        }
        return scanner.finish()
    }

    /// Reads the line `range` of `bytes`.
    // NB: withUnsafeBytes rethrows untyped; a Result carries the typed error out.
    private mutating func read(_ bytes: [UInt8], _ range: Range<Int>) throws(ScenarioError) {
        let result: Result<Void, ScenarioError> = bytes.withUnsafeBytes { all in
            do throws(ScenarioError) {
                try self.read(line: UnsafeRawBufferPointer(rebasing: all[range]))
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    /// Reads one line (without its newline).
    mutating func read(line raw: UnsafeRawBufferPointer) throws(ScenarioError) {
        lineNumber += 1
        var bytes = raw
        if let last = bytes.last, last == 0x0D { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropLast()) }
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
        let number = lineNumber
        let file = self.file
        func fail(_ message: String, column: Int = 1) -> ScenarioError {
            ScenarioError(
                file: file, path: "", line: number, column: column, message: message,
                sourceLine: String(decoding: bytes.prefix(240), as: UTF8.self))
        }
        guard bytes.count <= Recording.maxLineBytes else {
            throw fail(
                "the line is \(bytes.count) bytes long; a recorded body may hold at most \(Recording.maxLineBytes)")
        }
        out.recording.lines += 1
        let root: JSON5Value
        do { root = try JSON5.parse(bytes: Array(bytes), paths: false) } catch {
            throw fail(error.message, column: error.position.column)
        }
        guard case .object = root.kind else {
            throw fail("expected a Jira webhook body or a `hooksim trace` line (a JSON object), found \(root.found)")
        }
        var bodyNode = root
        if root["webhookEvent"] == nil, let b = root["body"] {
            guard case .object = b.kind else {
                out.recording.skip("a trace line without a body (the webhook excludes it)", line: number)
                return
            }
            bodyNode = b
        }
        let body: JiraBody
        do { body = try JiraBody.read(bodyNode) } catch {
            throw fail("\(error.message) (expected a Jira webhook body or a `hooksim trace` line)")
        }
        guard let event = Recording.classify(body, line: number, into: &out.recording) else { return }
        let key = ChangeKey(
            issue: event.issueKey, event: body.webhookEvent, timestamp: event.timestamp,
            id: body.commentID ?? body.changelogID ?? "")
        guard seen.insert(key).inserted else {
            out.recording.duplicates += 1
            return
        }
        out.events.append(event)
    }

    /// The distinct changes in time order (ties: file order).
    func finish() -> RecordingScan {
        var result = out
        result.events.sort { ($0.timestamp, $0.line) < ($1.timestamp, $1.line) }
        return result
    }
}
