import Foundation

/// A ZIP archive of stored (uncompressed) entries: what an XLSX workbook is. Small files only (no ZIP64).
struct ZipArchive {
    private var data = Data()
    private var central = Data()
    private var count: UInt16 = 0

    mutating func add(_ path: String, _ contents: Data) {
        let name = Data(path.utf8)
        let crc = CRC32.checksum(contents)
        let offset = UInt32(data.count)
        // Local file header: version 2.0, UTF-8 names (bit 11), stored, a fixed DOS time (1 January 2026).
        data.append(le32(0x0403_4b50)); data.append(le16(20)); data.append(le16(0x0800)); data.append(le16(0))
        data.append(le16(0)); data.append(le16(0x5C21))
        data.append(le32(crc)); data.append(le32(UInt32(contents.count))); data.append(le32(UInt32(contents.count)))
        data.append(le16(UInt16(name.count))); data.append(le16(0))
        data.append(name); data.append(contents)
        central.append(le32(0x0201_4b50)); central.append(le16(20)); central.append(le16(20)); central.append(le16(0x0800))
        central.append(le16(0)); central.append(le16(0)); central.append(le16(0x5C21))
        central.append(le32(crc)); central.append(le32(UInt32(contents.count))); central.append(le32(UInt32(contents.count)))
        central.append(le16(UInt16(name.count))); central.append(le16(0)); central.append(le16(0))
        central.append(le16(0)); central.append(le16(0)); central.append(le32(0)); central.append(le32(offset))
        central.append(name)
        count += 1
    }

    /// The archive's bytes, with its central directory.
    var bytes: Data {
        var result = data
        result.append(central)
        result.append(le32(0x0605_4b50)); result.append(le16(0)); result.append(le16(0))
        result.append(le16(count)); result.append(le16(count))
        result.append(le32(UInt32(central.count))); result.append(le32(UInt32(data.count))); result.append(le16(0))
        return result
    }

    private func le16(_ value: UInt16) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }
    private func le32(_ value: UInt32) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }
}

/// CRC-32 (IEEE 802.3), as ZIP requires.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
