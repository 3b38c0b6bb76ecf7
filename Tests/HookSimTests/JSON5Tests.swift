import Testing
@testable import HookSim
