"""Creating an account, logging in and logging out: the forms and the rate limits."""

from __future__ import annotations

import hashlib
import re

from flask import Blueprint
from flask import Flask
from flask import current_app
from flask import flash
from flask import redirect
from flask import request
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from wallet import audit
from wallet.extensions import limiter
from wallet.extensions import login_manager
from wallet.htmx import render
from wallet.htmx import see_other
from wallet.learners import Registration
from wallet.learners import authenticate
from wallet.learners import create_learner
from wallet.learners import end_session
from wallet.learners import load_user
from wallet.learners import normalise_email
from wallet.learners import start_session
from wallet.passwords import password_problem
from wallet.redirects import safe_next_path

bp = Blueprint("auth", __name__)

EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
NAME_MAX_LENGTH = 120
EMAIL_MAX_LENGTH = 254
# One message for an unknown address and a wrong password, so nobody can probe for accounts.
WRONG_CREDENTIALS = _l("Wrong email or password.")


def init_app(app: Flask) -> None:
    """Tell Flask-Login how to find the learner a session names and where to log in."""
    login_manager.login_view = "auth.login"
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(ask_to_log_in)


def ask_to_log_in():
    """Send a visitor to the login page, remembering the relative path of a page they wanted."""
    flash(_("Log in to see this page."), "info")
    wanted = request.full_path.rstrip("?") if request.method == "GET" else None
    return see_other(url_for("auth.login", next=wanted))


def login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def account_key() -> str:
    """Count guesses per account as well, hashed so addresses stay out of logs and storage."""
    email = normalise_email(request.form.get("email", ""))
    return "login-account:" + hashlib.sha256(email.encode()).hexdigest() if email else ""


def login_failed(response) -> bool:
    return response.status_code != 303


@bp.get("/")
def home():
    """The site's own address: the wallet, or the way in to it."""
    return redirect(url_for("my_credentials.index" if current_user.is_authenticated else ".login"))


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("my_credentials.index"))
    if request.method == "GET":
        return render_form("auth/register.html", {})
    registration = parse_registration(request.form)
    if isinstance(registration, dict):
        return render_form("auth/register.html", registration, 422)
    user = create_learner(registration)
    if user is None:
        message = _("This email address cannot be used. If it is yours, log in instead.")
        return render_form("auth/register.html", {"email": message}, 422)
    audit.record("account.created", user_id=user.id)
    start_session(user)
    flash(_("Welcome, %(name)s. Your wallet is ready.", name=user.name), "success")
    return see_other(url_for("my_credentials.index"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
@limiter.limit(account_limit, key_func=account_key, methods=["POST"], deduct_when=login_failed)
def login():
    if current_user.is_authenticated:
        return redirect(after_login_url())
    if request.method == "GET":
        return render_form("auth/login.html", {})
    user = authenticate(request.form.get("email", ""), request.form.get("password", ""))
    if user is None:
        audit.record("login.failed", account=account_key().removeprefix("login-account:")[:16])
        return render_form("auth/login.html", {"form": WRONG_CREDENTIALS}, 422)
    start_session(user)
    return see_other(after_login_url())


@bp.errorhandler(429)
def too_many_attempts(error):
    """A throttled login shows the form again with the reason; it opens again after a while."""
    message = _("Too many attempts. Wait a minute and try again.")
    return render_form("auth/login.html", {"form": message}, 429)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        end_session(current_user)
    flash(_("You are logged out."), "info")
    return see_other(url_for("auth.login"))


def after_login_url() -> str:
    """The page asked for in ``next`` if it is on this site, else the wallet."""
    return safe_next_path(request.args.get("next")) or url_for("my_credentials.index")


def render_form(page: str, errors: dict, status: int = 200):
    """The form again with its messages; typed values come back, the password never does."""
    return render(
        page,
        status=status,
        errors=errors,
        form=request.form,
        next=safe_next_path(request.args.get("next")),
    )


def parse_registration(form) -> Registration | dict[str, str]:
    """A valid registration, or a message for each field that needs fixing."""
    name = form.get("name", "").strip()
    email = normalise_email(form.get("email", ""))
    password = form.get("password", "")
    errors = {}
    if not name or len(name) > NAME_MAX_LENGTH:
        errors["name"] = _("Write your name (at most %(count)d characters).", count=NAME_MAX_LENGTH)
    if len(email) > EMAIL_MAX_LENGTH or not EMAIL_PATTERN.fullmatch(email):
        errors["email"] = _("Write an email address like name@example.se.")
    problem = password_problem(password)
    if problem:
        errors["password"] = str(problem)
    return errors or Registration(name, email, password)
