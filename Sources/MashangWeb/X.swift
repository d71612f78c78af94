import MashangCore
import Hummingbird; import HummingbirdAuth; import HummingbirdBcrypt
