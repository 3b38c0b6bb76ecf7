import Foundation
import HTTP1
import SimKit

/// Writes trace lines (DESIGN.md §7.4) to a file or standard output, buffered.
///
/// One line per attempt: `{"at", "webhook", "url", "attempt", "headers", "body", "answer"}`, keys
/// in that order, bytes written by `ByteJSON` so a trace runs at file speed.
final class TraceWriter {
    private let handle: FileHandle
    private var buffer = ByteJSON(capacity: 1 << 17)
    private let seed: UInt64
    private let instances: [PayloadInstance]
    private(set) var lines = 0

    init(handle: FileHandle, seed: UInt64, instances: [PayloadInstance]) {
        self.handle = handle
        self.seed = seed
        self.instances = instances
    }

    /// Appends one line; writes the buffer out once it holds 64 KiB.
    func write(_ entry: TraceEntry) {
        Self.line(entry, seed: seed, instance: instances[entry.snapshot.instance], into: &buffer)
        lines += 1
        if buffer.bytes.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !buffer.bytes.isEmpty else { return }
        handle.write(Data(buffer.bytes))
        buffer.bytes.removeAll(keepingCapacity: true)
    }

    /// The identifier of an entry's delivery (the same for all its attempts).
    static func identifier(_ entry: TraceEntry, seed: UInt64) -> String {
        JiraPayload.identifier(seed: seed, change: entry.key.change, webhook: entry.hook.name, kind: entry.key.kind)
    }

    /// One trace line, newline included.
    static func line(_ entry: TraceEntry, seed: UInt64, instance: PayloadInstance, into w: inout ByteJSON) {
        w.raw("{")
        w.key("at")
        w.timestamp(entry.sentAt)
        w.next("webhook")
        w.string(entry.hook.name)
        w.next("url")
        w.string(entry.hook.url)
        w.next("attempt")
        w.int(Int64(entry.attempt))
        w.next("headers")
        // NB: the headers of `JiraPayload.headers`, written without building them.
        w.raw("{\"Content-Type\":\"application/json; charset=utf-8\",\"User-Agent\":\"Atlassian Webhook HTTP Client\",")
        w.raw("\"X-Atlassian-Webhook-Identifier\":\"")
        JiraPayload.identifier(
            seed: seed, change: entry.key.change, webhook: entry.hook.name, kind: entry.key.kind, into: &w)
        w.raw("\",\"X-Atlassian-Webhook-Flow\":\"Primary\"")
        if entry.attempt > 1 {
            w.raw(",\"X-Atlassian-Webhook-Retry\":\"")
            w.int(Int64(entry.attempt - 1))
            w.raw("\"")
        }
        var body = ByteJSON(capacity: entry.hook.secret == nil ? 0 : 2048)
        if let secret = entry.hook.secret {
            // NB: only a signed webhook needs its body before its headers.
            JiraPayload.body(entry.snapshot, kind: entry.key.kind, instance: instance, into: &body)
            w.raw(",\"X-Hub-Signature\":")
            w.string(HubSignature.sign(body: body.bytes, secret: secret))
        }
        w.raw("}")
        w.next("body")
        if entry.hook.secret == nil {
            JiraPayload.body(entry.snapshot, kind: entry.key.kind, instance: instance, into: &w)
        } else {
            w.raw(body.bytes)
        }
        w.next("answer")
        if let answer = entry.answer {
            w.raw("{")
            w.key("status")
            w.int(Int64(answer.status))
            w.next("at")
            w.timestamp(answer.at)
            w.raw("}")
        } else {
            w.raw("null")
        }
        w.raw("}\n")
    }
}
