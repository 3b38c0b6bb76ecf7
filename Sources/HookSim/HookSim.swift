import JQL
import SimKit
