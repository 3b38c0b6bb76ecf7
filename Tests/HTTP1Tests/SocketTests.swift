import Testing

@testable import HTTP1

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct SocketTests {
    @Test func addresses() throws {
        let loopback = try Socket.address(host: "127.0.0.1", port: 8080)
        #expect(loopback.sin_port == UInt16(8080).bigEndian)
        #expect(loopback.sin_addr.s_addr == UInt32(0x7f00_0001).bigEndian)
        #expect(try Socket.address(host: "localhost", port: 1).sin_addr.s_addr == UInt32(0x7f00_0001).bigEndian)
    }

    /// Binding an address this machine does not have fails with a message naming the address.
    @Test func bindFailureNamesTheAddress() {
        #expect {
            _ = try HTTPServer(configuration: .init(host: "192.0.2.1", port: 0), handler: { _ in .text(200, "") })
        } throws: { error in
            "\(error)".contains("192.0.2.1")
        }
    }

    @Test func waitTimesOutOnASilentSocket() throws {
        var fds: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        defer {
            close(fds[0])
            close(fds[1])
        }
        #expect(!Socket.wait(fds[0], events: Int16(POLLIN), timeout: 10))
        #expect(Socket.wait(fds[0], events: Int16(POLLOUT), timeout: 10))
    }
}
