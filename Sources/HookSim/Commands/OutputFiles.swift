import Foundation

/// Why a report could not be written.
public struct OutputError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "error: cannot write '\(path)': \(reason)" }
}

/// Writes report files safely: to a temporary file in the same folder, then renamed over the
/// target, so an interrupted run never leaves a half-written report behind.
enum OutputFiles {
    static func write(_ text: String, to path: String) throws(OutputError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: folder, reason: "the folder cannot be created (\(reason(error)))")
        }
        let temporary = folder + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
            throw OutputError(path: path, reason: "the folder is not writable")
        }
        if rename(temporary, path) != 0 {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw OutputError(path: path, reason: message)
        }
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }

    /// The folder suffix of a run that differs from its scenario file: `seed=7,aha.processing.workers=2`
    /// (the seed when it differs, every `--set` in order, the chosen topologies), "" for none.
    ///
    /// Characters a file name or a shell would trip on become `-`; a long suffix is cut and ends
    /// with a hash of the whole, so two different runs never share a folder by truncation.
    static func variant(sets: [String], seed: UInt64?, topologies: [String]) -> String {
        var items = seed.map { ["seed=\($0)"] } ?? []
        items += sets
        if !topologies.isEmpty { items.append("topology=" + topologies.joined(separator: "+")) }
        let whole = items.joined(separator: ",")
        let cleaned = String(
            whole.unicodeScalars.map { u -> Character in
                u.isASCII
                    && (u.properties.isAlphabetic || ("0"..."9").contains(u) || "-_.=,+".unicodeScalars.contains(u))
                    ? Character(u) : "-"
            })
        guard cleaned.count > 100 else { return cleaned }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in whole.utf8 { hash = (hash ^ UInt64(b)) &* 0x100_0000_01B3 }
        let hex = String(hash, radix: 16)
        return String(cleaned.prefix(80)) + "-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Folder name for a scenario: its name with anything but letters, digits, `-`, `_` and `.` replaced.
    static func folderName(_ scenario: String) -> String {
        let cleaned = String(
            scenario.unicodeScalars.map { u -> Character in
                (u.properties.isAlphabetic || ("0"..."9").contains(u) || u == "-" || u == "_" || u == ".") && u.isASCII
                    ? Character(u) : "-"
            })
        return cleaned.isEmpty || cleaned.hasPrefix(".") ? "scenario" + cleaned : cleaned
    }
}
