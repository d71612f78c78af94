import Foundation
import ZIPFoundation

/// An in-memory ZIP archive (what an XLSX workbook is), written by ZIPFoundation; entries deflated unless asked not to.
struct ZipArchive {
    /// Entries carry a fixed time (1 January 2026, China time), so the same workbook always gives the same bytes.
    private static let entryDate = Date(timeIntervalSince1970: 1_767_196_800)
    private let archive: Archive
    private let compression: CompressionMethod

    init(compressed: Bool = true) throws {
        archive = try Archive(data: Data(), accessMode: .create)
        compression = compressed ? .deflate : .none
    }

    func add(_ path: String, _ contents: Data) throws {
        try archive.addEntry(
            with: path, type: .file, uncompressedSize: Int64(contents.count), modificationDate: Self.entryDate,
            compressionMethod: compression
        ) { position, size in
            contents.subdata(in: Int(position)..<Int(position) + size)
        }
    }

    /// The archive's bytes, with its central directory.
    var bytes: Data { archive.data ?? Data() }
}
