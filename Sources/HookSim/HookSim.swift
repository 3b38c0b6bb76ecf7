import SimKit
import JQL
