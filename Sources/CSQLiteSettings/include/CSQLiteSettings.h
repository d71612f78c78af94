#ifndef MASHANG_CSQLITE_SETTINGS_H
#define MASHANG_CSQLITE_SETTINGS_H

/// Turns on SQLite's query planner stability guarantee (SQLITE_DBCONFIG_ENABLE_QPSG) for a connection
/// (`db` is its `sqlite3 *`). Returns SQLite's result code. `sqlite3_db_config` is variadic, so Swift cannot call it.
int mashang_sqlite_stable_plans(void *db);

#endif
