#include "CSQLiteSettings.h"
#include <sqlite_nio_sqlite3.h>

// Without the guarantee, SQLite marks a prepared statement whose plan could depend on a bound value (LIMIT ?, a
// parameter compared with a partial index's condition, LIKE ?) as expired whenever its bindings are cleared or
// changed, and prepares it again at its next step — which undoes the statement cache of a direct connection.
int mashang_sqlite_stable_plans(void *db) {
    return sqlite_nio_sqlite3_db_config((sqlite3 *)db, SQLITE_DBCONFIG_ENABLE_QPSG, 1, (int *)0);
}
