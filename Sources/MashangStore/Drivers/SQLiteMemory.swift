/// The memory SQLite may hold in a Mashang server: the page caches of its connections, each a fixed budget, and no
/// memory-mapped database file. Together they keep a node on a 1,000,000-ticket database under 200 MB resident
/// (docs/benchmarks.md): the writer's 32 MB, then 16 MB for each reader (two pooled, one inline per core).
///
/// Mapping the file (`mmap_size`) was measured no faster here once lists read their filters from indexes, and every
/// mapped page a reader touches counts in the process's resident size; without it a page SQLite does not cache comes
/// from the kernel's page cache by `pread`.
enum SQLiteMemory {
    /// The writer keeps the hot right-hand edges of the tickets' indexes that every intake appends to.
    static let writerPragmas = ["PRAGMA cache_size=-32768", "PRAGMA mmap_size=0"]
    static let readerPragmas = ["PRAGMA cache_size=-16384", "PRAGMA mmap_size=0"]
}
