import Testing; @Test func x() {}
import HummingbirdTesting
