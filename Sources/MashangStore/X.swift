import MashangCore
import SQLKit; import SQLiteKit; import PostgresKit; import Crypto
