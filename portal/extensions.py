"""Extension objects, created unbound and attached in `create_app` with `init_app`."""
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from models.base import db  # noqa: F401  (the models own it; create_app binds it)

migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
# Limits are declared on the views that need them (login, sign-up, password reset).
limiter = Limiter(key_func=get_remote_address, default_limits=[])
