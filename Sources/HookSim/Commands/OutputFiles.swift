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

    /// Folder name for a scenario: its name with anything but letters, digits, `-`, `_` and `.` replaced.
    static func folderName(_ scenario: String) -> String {
        let cleaned = String(scenario.unicodeScalars.map { u -> Character in
            (u.properties.isAlphabetic || ("0"..."9").contains(u) || u == "-" || u == "_" || u == ".") && u.isASCII
                ? Character(u) : "-"
        })
        return cleaned.isEmpty || cleaned.hasPrefix(".") ? "scenario" + cleaned : cleaned
    }
}
