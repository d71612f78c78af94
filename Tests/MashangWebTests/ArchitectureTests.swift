import Foundation
import Testing

/// The layers of DESIGN.md §4 as the source shows them: the web module holds routing, decoding, views and middleware
/// and reaches the data only through the core's ports; the use cases know neither the web framework nor SQL; the
/// command line uses the web module only to serve.
@Suite struct ArchitectureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func sources(_ target: String) throws -> [(name: String, text: String)] {
        let folder = root.appendingPathComponent("Sources/\(target)")
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return try files.filter { $0.pathExtension == "swift" }.map {
            (
                $0.path.replacingOccurrences(of: root.path + "/", with: ""),
                try String(contentsOf: $0, encoding: .utf8)
            )
        }
    }

    static func imports(_ text: String) -> Set<String> {
        Set(
            text.split(separator: "\n").compactMap { line -> String? in
                let words = line.split(separator: " ")
                guard let index = words.firstIndex(of: "import"), index == words.startIndex || words[words.startIndex].hasPrefix("@") else {
                    return nil
                }
                return words.dropFirst(index - words.startIndex + 1).first.map(String.init)
            })
    }

    /// SQL store, backend and database types by name (`SQLTicketStore`, `SQLBackend`, `MashangDatabase` …).
    static var storeTypes: Regex<(Substring, Substring)> { /\b(SQL[A-Z][A-Za-z]*|MashangDatabase|ContactCipher)\b/ }

    @Test func webModuleUsesPortsNotTheStore() throws {
        let files = try Self.sources("MashangWeb")
        #expect(files.count > 50)
        #expect(files.contains { Self.imports($0.text).contains("Hummingbird") })  // the import reading reads imports
        for file in files {
            #expect(!Self.imports(file.text).contains("MashangStore"), "\(file.name) imports the store")
            let code = file.text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(
                separator: "\n")
            #expect(code.firstMatch(of: Self.storeTypes) == nil, "\(file.name) names a store type")
        }
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let web = try #require(manifest.range(of: "name: \"MashangWeb\""))
        let dependencies = manifest[web.upperBound...].prefix { $0 != "]" }
        #expect(!dependencies.contains("\"MashangStore\""))
    }

    /// The gateways' adapters talk HTTP to providers and know nothing of the database or the web server.
    @Test func channelAdaptersKnowNeitherTheWebNorTheStore() throws {
        let files = try Self.sources("MashangChannels")
        #expect(files.count >= 3)
        for file in files {
            let imports = Self.imports(file.text)
            for layer in ["MashangStore", "MashangWeb", "Hummingbird", "SQLKit"] {
                #expect(!imports.contains(layer), "\(file.name) imports \(layer)")
            }
        }
    }

    @Test func useCasesKnowNeitherTheWebNorSQL() throws {
        let files = try Self.sources("MashangServices")
        #expect(files.count > 15)
        for file in files {
            let imports = Self.imports(file.text)
            for layer in ["MashangStore", "MashangWeb", "Hummingbird", "SQLKit"] {
                #expect(!imports.contains(layer), "\(file.name) imports \(layer)")
            }
            #expect(file.text.firstMatch(of: Self.storeTypes) == nil, "\(file.name) names a store type")
        }
    }

    /// Settings are read once: the environment only in the executable's `ProcessEnvironment` (and the test support's
    /// own switches), never deep inside a module where a key would escape the README's table and the start's checks.
    @Test func theEnvironmentIsReadInOnePlace() throws {
        var readers: [String] = []
        for target in ["MashangCore", "MashangStore", "MashangServices", "MashangWeb", "mashang", "mashang-bench"] {
            readers += try Self.sources(target).filter { $0.text.contains("processInfo.environment") || $0.text.contains("getenv(") }.map(
                \.name)
        }
        #expect(readers == ["Sources/mashang/ProcessEnvironment.swift"])
    }

    /// Pages get typed view models: a dictionary of `Any` hides a misspelt or missing value until a page shows it wrong.
    /// (The API documentation page reads the OpenAPI document, which is JSON, as dictionaries.)
    @Test func pagesRenderTypedViewModels() throws {
        for file in try Self.sources("MashangWeb")
        where !file.name.hasSuffix("/APIDocsPage.swift") && !file.name.hasSuffix("/ReflectedView.swift") {
            #expect(!file.text.contains("[String: Any"), "\(file.name) builds a view as a dictionary")
        }
    }

    @Test func commandLineServesThroughTheWebAndWorksThroughUseCases() throws {
        for file in try Self.sources("mashang") where Self.imports(file.text).contains("MashangWeb") {
            #expect(file.name.hasSuffix("/Serve.swift"), "\(file.name) imports the web module")
        }
    }
}
