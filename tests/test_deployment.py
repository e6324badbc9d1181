"""Tests of the deployment files (docker-compose.yml, deploy/, docs/deployment.md).

No Docker engine runs where the tests run: the files are parsed and checked against each
other, against Odoo 18's own option list and against the settings table of
docs/deployment.md. They need no database.
"""

import ast
import configparser
import importlib.util
import itertools
import os
import re
import shlex

import pytest
import yaml

from odoo.tools.config import configmanager

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMPOSE = os.path.join(ROOT, "docker-compose.yml")
DEPLOY = os.path.join(ROOT, "deploy")
ODOO_CONF = os.path.join(DEPLOY, "odoo.conf")
NGINX_CONF = os.path.join(DEPLOY, "nginx", "fazhi.conf")
DOCKERFILE = os.path.join(DEPLOY, "Dockerfile")
DOCS = os.path.join(ROOT, "docs", "deployment.md")

# Where the official images expect things.
ODOO_ADDONS_MOUNT = "/mnt/extra-addons"
ODOO_DATA_DIR = "/var/lib/odoo"
NGINX_SITE = "/etc/nginx/conf.d/default.conf"
PG_DATA = "/var/lib/postgresql/data"
FORWARDED = ("X-Forwarded-Host", "X-Forwarded-For", "X-Forwarded-Proto")


def read(path):
    with open(path, encoding="utf-8") as fh:
        return fh.read()


# ---------------------------------------------------------------------------
# Parsers
# ---------------------------------------------------------------------------
class Directive:
    """One nginx directive: name, arguments and, for a block, its children."""

    def __init__(self, name, args, children=None):
        self.name = name
        self.args = args
        self.children = children

    def __repr__(self):
        return f"<{self.name} {' '.join(self.args)}>"

    def all(self, name):
        return [child for child in self.children or () if child.name == name]

    def one(self, name):
        found = self.all(name)
        assert len(found) == 1, f"{self!r}: expected one {name}, found {len(found)}"
        return found[0]

    def value(self, name, default=None):
        found = self.all(name)
        return found[-1].args if found else default


NGINX_TOKEN = re.compile(
    r"""\s+|#[^\n]*|"((?:\\.|[^"\\])*)"|'((?:\\.|[^'\\])*)'|([{};])|([^\s{};"'#]+)"""
)


def parse_nginx(text):
    """The directive tree of an nginx configuration (quotes, comments and blocks)."""
    tokens = []
    pos = 0
    while pos < len(text):
        match = NGINX_TOKEN.match(text, pos)
        assert match, f"nginx: cannot read {text[pos : pos + 40]!r}"
        pos = match.end()
        if match[1] is not None or match[2] is not None:
            tokens.append(("word", match[1] if match[1] is not None else match[2]))
        elif match[3]:
            tokens.append((match[3], match[3]))
        elif match[4]:
            tokens.append(("word", match[4]))
    root = Directive("main", [], [])
    stack = [root]
    words = []
    for kind, token in tokens:
        if kind == "word":
            words.append(token)
        elif kind == ";":
            assert words, "nginx: empty directive"
            stack[-1].children.append(Directive(words[0], words[1:]))
            words = []
        elif kind == "{":
            assert words, "nginx: block without a name"
            block = Directive(words[0], words[1:], [])
            stack[-1].children.append(block)
            stack.append(block)
            words = []
        else:
            assert not words and len(stack) > 1, "nginx: unbalanced }"
            stack.pop()
    assert len(stack) == 1 and not words, "nginx: unclosed block or directive"
    return root


def select_location(server, uri):
    """The location nginx picks for uri (exact, then ^~ or longest prefix, then regexes in
    order, then the longest prefix)."""
    prefixes = []
    for location in server.all("location"):
        modifier, pattern = location.args if len(location.args) == 2 else ("", location.args[0])
        if modifier == "=" and uri == pattern:
            return location
        if modifier in ("", "^~") and uri.startswith(pattern):
            prefixes.append((len(pattern), modifier, location))
    longest = max(prefixes, key=lambda item: item[0]) if prefixes else None
    if longest and longest[1] == "^~":
        return longest[2]
    for location in server.all("location"):
        if location.args[0] in ("~", "~*"):
            flags = re.IGNORECASE if location.args[0] == "~*" else 0
            if re.search(location.args[1], uri, flags):
                return location
    return longest[2] if longest else None


def parse_size(value):
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    value = value.lower()
    return int(value[:-1]) * units[value[-1]] if value[-1] in units else int(value)


def parse_seconds(value):
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}
    number, unit = re.fullmatch(r"(\d+)(ms|s|m|h|d)?", value).groups()
    return int(number) * units[unit or "s"]


def postgres_settings(service):
    """The -c name=value settings of a postgres service's command."""
    command = service["command"]
    if isinstance(command, str):
        command = shlex.split(command)
    return {
        setting.split("=", 1)[0]: setting.split("=", 1)[1]
        for flag, setting in itertools.pairwise(command)
        if flag == "-c"
    }


def manifest(addon):
    return ast.literal_eval(read(os.path.join(ROOT, addon, "__manifest__.py")))


def production_addons():
    """Every addon of the repository but the test-only ones (category Hidden/Tests)."""
    return sorted(
        name
        for name in os.listdir(ROOT)
        if os.path.isfile(os.path.join(ROOT, name, "__manifest__.py"))
        and manifest(name).get("category") != "Hidden/Tests"
    )


def module_constant(path, name):
    """A module-level constant of a Python file, read without importing it."""
    for node in ast.parse(read(path)).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} not found in {path}")


def field_default(path, field):
    """The literal default= of a field declared in a model file."""
    for node in ast.walk(ast.parse(read(path))):
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == field for target in node.targets
        ):
            for keyword in node.value.keywords:
                if keyword.arg == "default":
                    return ast.literal_eval(keyword.value)
    raise AssertionError(f"{field} has no literal default in {path}")


def volume_parts(volume):
    """(source, target, read_only) of a compose short-syntax volume."""
    parts = volume.split(":")
    return parts[0], parts[1], len(parts) > 2 and "ro" in parts[2].split(",")


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(read(COMPOSE))


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


@pytest.fixture(scope="module")
def conf():
    parser = configparser.RawConfigParser()
    parser.read_string(read(ODOO_CONF))
    return dict(parser.items("options"))


@pytest.fixture(scope="module")
def odoo_options():
    """Odoo 18's options and their optparse definitions, without reading any file."""
    manager = configmanager(fname=os.devnull)
    return manager.options, manager.casts


@pytest.fixture(scope="module")
def nginx():
    return parse_nginx(read(NGINX_CONF))


@pytest.fixture(scope="module")
def https_server(nginx):
    servers = [
        server
        for server in nginx.all("server")
        if any("ssl" in listen.args for listen in server.all("listen"))
    ]
    assert len(servers) == 1, "one TLS server block"
    return servers[0]


@pytest.fixture(scope="module")
def entrypoint():
    spec = importlib.util.spec_from_file_location(
        "fazhi_entrypoint", os.path.join(DEPLOY, "entrypoint.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def documented():
    """The rows of the settings table of docs/deployment.md: {(file, setting): value}."""
    text = read(DOCS)
    start = text.index("<!-- settings-table -->")
    rows = {}
    for line in text[start:].splitlines()[1:]:
        if not line.startswith("|"):
            if rows:
                break
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or set(cells[0]) <= {"-", ":", " "} or cells[0] == "File":
            continue
        rows[(cells[0].strip("`"), cells[1].strip("`"))] = cells[2].strip("`")
    assert rows, "docs/deployment.md: the settings table is empty"
    return rows


# ---------------------------------------------------------------------------
# docker-compose.yml
# ---------------------------------------------------------------------------
def test_compose_uses_the_official_images(services):
    assert services["db"]["image"] == "postgres:16"
    assert services["nginx"]["image"] == "nginx:stable"
    build = services["odoo"]["build"]
    assert os.path.normpath(os.path.join(ROOT, build["context"])) == ROOT
    assert os.path.normpath(os.path.join(ROOT, build["dockerfile"])) == DOCKERFILE
    dockerfile = read(DOCKERFILE)
    assert re.findall(r"^FROM\s+(\S+)", dockerfile, re.MULTILINE) == ["odoo:18.0"]


def test_every_production_addon_is_mounted_read_only(services, conf):
    addons = production_addons()
    assert "fazhi_base" in addons
    mounts = {}
    for volume in services["odoo"]["volumes"]:
        source, target, read_only = volume_parts(volume)
        if target.startswith(ODOO_ADDONS_MOUNT + "/"):
            assert read_only, f"{volume}: addons are mounted read-only"
            mounts[os.path.basename(target)] = os.path.normpath(os.path.join(ROOT, source))
    assert sorted(mounts) == addons, "mount every addon, and no test-only addon, in production"
    for addon, source in mounts.items():
        assert source == os.path.join(ROOT, addon)
    assert ODOO_ADDONS_MOUNT in conf["addons_path"].split(",")


def test_the_dockerfile_installs_every_requirement(services):
    dockerfile = read(DOCKERFILE)
    assert "COPY requirements.txt" in dockerfile
    # OCA addon wheels need --no-deps: the Debian-packaged Odoo is no pip "odoo" distribution
    assert re.search(r"pip3 install [^\n]*--no-deps -r addons\.txt", dockerfile)
    assert re.search(
        r"grep -E '\^\[\[:space:\]\]\*odoo-addon-' requirements\.txt > addons\.txt", dockerfile
    )
    assert re.search(r"pip3 install [^\n]*-r libraries\.txt", dockerfile)
    requirements = [
        line.split("#")[0].strip()
        for line in read(os.path.join(ROOT, "requirements.txt")).splitlines()
        if line.split("#")[0].strip()
    ]
    assert any(line.startswith("odoo-addon-report_xlsx") for line in requirements)
    # every file the Dockerfile copies is in the build context its .dockerignore leaves
    ignore = read(os.path.join(DEPLOY, "Dockerfile.dockerignore")).splitlines()
    allowed = {line[1:] for line in ignore if line.startswith("!")}
    for source in re.findall(r"^COPY\s+(\S+)\s", dockerfile, re.MULTILINE):
        assert source in allowed, f"{source} is left out of the build context"
        assert os.path.isfile(os.path.join(ROOT, source))


def test_postgres_has_a_named_volume_and_a_healthcheck(compose, services):
    for name in ("db", "db-replica"):
        service = services[name]
        data = [v for v in service["volumes"] if volume_parts(v)[1] == PG_DATA]
        assert len(data) == 1, f"{name}: one volume on {PG_DATA}"
        assert volume_parts(data[0])[0] in compose["volumes"], f"{name}: a named volume"
        assert "pg_isready" in " ".join(service["healthcheck"]["test"])
    assert services["odoo"]["depends_on"]["db"]["condition"] == "service_healthy"
    odoo_data = [v for v in services["odoo"]["volumes"] if volume_parts(v)[1] == ODOO_DATA_DIR]
    assert len(odoo_data) == 1 and volume_parts(odoo_data[0])[0] in compose["volumes"]


def test_secrets_are_files_outside_git(compose, services):
    declared = compose["secrets"]
    for name, service in services.items():
        for secret in service.get("secrets", ()):
            assert secret in declared, f"{name} uses the undeclared secret {secret}"
    for secret in declared.values():
        path = os.path.normpath(os.path.join(ROOT, secret["file"]))
        assert os.path.dirname(path) == os.path.join(DEPLOY, "secrets")
    assert read(os.path.join(DEPLOY, "secrets", ".gitignore")).splitlines()[-2:] == [
        "*",
        "!.gitignore",
    ]
    # the passwords of the database roles are the ones Odoo and the replica use
    initdb = read(os.path.join(DEPLOY, "postgres", "initdb", "10-fazhi-roles.sh"))
    for secret in ("odoo_db_password", "replication_password"):
        assert f"/run/secrets/{secret}" in initdb
        assert secret in services["db"]["secrets"]
    assert "/run/secrets/replication_password" in read(
        os.path.join(DEPLOY, "postgres", "replica-entrypoint.sh")
    )
    assert "replication_password" in services["db-replica"]["secrets"]


def test_only_nginx_is_published(services):
    for name, service in services.items():
        if name != "nginx":
            assert "ports" not in service, f"{name} must not be reachable from outside"
    assert sorted(services["nginx"]["ports"]) == ["443:443", "80:80"]
    sites = [v for v in services["nginx"]["volumes"] if volume_parts(v)[1] == NGINX_SITE]
    assert len(sites) == 1
    source, _target, read_only = volume_parts(sites[0])
    assert read_only and os.path.normpath(os.path.join(ROOT, source)) == NGINX_CONF


def test_database_connections_fit_postgres(services, conf):
    primary = postgres_settings(services["db"])
    replica = postgres_settings(services["db-replica"])
    # every Odoo process (HTTP and cron workers, the gevent process, the master) has a pool
    processes = int(conf["workers"]) + int(conf["max_cron_threads"]) + 2
    reserved = 3  # superuser_reserved_connections
    assert processes * int(conf["db_maxconn"]) <= int(primary["max_connections"]) - reserved
    # a hot standby refuses to start with fewer connections than its primary
    assert int(replica["max_connections"]) >= int(primary["max_connections"])
    assert primary["wal_level"] in ("replica", "logical")
    assert replica["hot_standby_feedback"] == "on"


# ---------------------------------------------------------------------------
# deploy/odoo.conf
# ---------------------------------------------------------------------------
def test_odoo_conf_knows_only_odoo_18_options(conf, odoo_options):
    options, casts = odoo_options
    unknown = sorted(set(conf) - set(options))
    assert not unknown, f"not Odoo 18 options: {unknown}"
    for key, value in conf.items():
        option = casts.get(key)
        if option is not None and option.type == "int":
            int(value)  # a number, as Odoo casts it
        if option is not None and option.action in ("store_true", "store_false"):
            assert value in ("True", "False"), f"{key} = {value}"


def test_odoo_conf_production_settings(conf, services):
    assert conf["proxy_mode"] == "True"
    assert conf["list_db"] == "False"
    assert int(conf["workers"]) > 0
    assert int(conf["max_cron_threads"]) >= 1
    assert conf["without_demo"] == "all"
    assert conf["data_dir"] == ODOO_DATA_DIR
    assert conf["db_name"] and conf["dbfilter"] == f"^{conf['db_name']}$"
    assert int(conf["limit_time_real"]) > 0 and int(conf["limit_time_cpu"]) > 0
    assert int(conf["limit_memory_hard"]) > int(conf["limit_memory_soft"]) > 0
    # the database and its replica are the compose services
    assert conf["db_host"] == "db" and conf["db_replica_host"] == "db-replica"
    assert {conf["db_host"], conf["db_replica_host"]} <= set(services)
    assert "db-replica" in services["odoo"]["depends_on"]
    # the exposed ports are the ones Odoo listens on
    assert sorted(services["odoo"]["expose"]) == sorted([conf["http_port"], conf["gevent_port"]])


def test_the_official_entrypoint_reads_the_database_settings(conf):
    # /entrypoint.sh of odoo:18.0 passes --db_host etc. from its environment unless the file
    # has a line "key = value"; then it leaves them to Odoo
    text = read(ODOO_CONF)
    for key in ("db_host", "db_port", "db_user", "db_password"):
        assert re.search(rf"^{key} = \S+$", text, re.MULTILINE), key


def test_passwords_are_placeholders_filled_from_secrets(conf, services, entrypoint, tmp_path):
    template = read(ODOO_CONF)
    names = entrypoint.placeholders(template)
    assert names == ["odoo_admin_passwd", "odoo_db_password"]
    assert conf["admin_passwd"] == "@ODOO_ADMIN_PASSWD@"
    assert conf["db_password"] == "@ODOO_DB_PASSWORD@"
    assert sorted(services["odoo"]["secrets"]) == names
    # rendered with the secrets, the file is a valid Odoo configuration with them
    for name in names:
        (tmp_path / name).write_text(f"{name}-value\n")
    rendered = tmp_path / "odoo.conf"
    entrypoint.write_private(str(rendered), entrypoint.render(template, str(tmp_path)))
    assert (rendered.stat().st_mode & 0o777) == 0o600
    loaded = configparser.RawConfigParser()
    loaded.read(rendered)
    assert loaded.get("options", "admin_passwd") == "odoo_admin_passwd-value"
    assert loaded.get("options", "db_password") == "odoo_db_password-value"
    assert not entrypoint.PLACEHOLDER.search(rendered.read_text())
    # a missing or multi-line secret stops the container instead of starting half-configured
    (tmp_path / "odoo_db_password").unlink()
    with pytest.raises(entrypoint.SecretError, match="odoo_db_password"):
        entrypoint.render(template, str(tmp_path))
    (tmp_path / "odoo_db_password").write_text("two\nlines\n")
    with pytest.raises(entrypoint.SecretError, match="one line"):
        entrypoint.render(template, str(tmp_path))
    dockerfile = read(DOCKERFILE)
    assert f"COPY deploy/odoo.conf {entrypoint.TEMPLATE}" in dockerfile
    assert "COPY deploy/entrypoint.py /usr/local/bin/fazhi-entrypoint" in dockerfile
    assert 'ENTRYPOINT ["/usr/local/bin/fazhi-entrypoint"]' in dockerfile


# ---------------------------------------------------------------------------
# deploy/nginx/fazhi.conf
# ---------------------------------------------------------------------------
PUBLIC_URIS = {
    "fazhi_complaint_new": ["/complaint/new", "/zh_CN/complaint/new", "/en/complaint/new"],
    "fazhi_complaint_status": ["/complaint/status", "/zh_CN/complaint/status"],
    "fazhi_survey": [
        "/survey/start/0123abcd",
        "/survey/submit/0123abcd/4567ef",
        "/zh_CN/survey/0123abcd/4567ef",
        "/sr@latin/survey/start/0123abcd",
    ],
}


def zones(nginx):
    """{zone name: (key, rate)} of the limit_req_zone directives."""
    found = {}
    for directive in nginx.all("limit_req_zone"):
        key = directive.args[0]
        params = dict(arg.split("=", 1) for arg in directive.args[1:])
        found[params["zone"].split(":")[0]] = (key, params["rate"])
    return found


def limit_of(location):
    """(zone, burst) of a location's limit_req, or None."""
    directive = location.value("limit_req")
    if directive is None:
        return None
    params = dict(arg.split("=", 1) for arg in directive if "=" in arg)
    return params["zone"], int(params.get("burst", 0))


def location_of_zone(server, zone):
    return next(loc for loc in server.all("location") if (limit_of(loc) or (None,))[0] == zone)


def test_limit_req_zones_exist_and_are_used(nginx, https_server):
    defined = zones(nginx)
    assert set(defined) == set(PUBLIC_URIS)
    used = {limit_of(loc)[0] for loc in https_server.all("location") if limit_of(loc)}
    assert used == set(defined), "every zone is used, every limit_req has a zone"
    assert nginx.value("limit_req_status") == ["429"]


def test_the_public_pages_are_limited(https_server):
    for zone, uris in PUBLIC_URIS.items():
        for uri in uris:
            location = select_location(https_server, uri)
            assert location is not None and limit_of(location), f"{uri} is not limited"
            assert limit_of(location)[0] == zone, uri
            assert location.value("proxy_pass") == ["http://odoo"], uri
    # the back office and Odoo's own survey app are not limited
    for uri in (
        "/web/login",
        "/odoo/survey",
        "/odoo/action-survey.action_survey_form",
        "/web/dataset/call_kw",
    ):
        location = select_location(https_server, uri)
        assert location.args == ["/"] and not limit_of(location), uri


def test_only_complaint_submissions_are_limited(nginx):
    key = zones(nginx)["fazhi_complaint_new"][0]
    maps = {m.args[1]: (m.args[0], {c.name: c.args for c in m.children}) for m in nginx.all("map")}
    source, values = maps[key]
    assert source == "$request_method"
    assert values["default"] == [""], "GET requests have an empty key: nginx does not count them"
    assert values["POST"] and values["POST"][0] in (
        "$binary_remote_addr",
        zones(nginx)["fazhi_survey"][0],
    )


def test_upstreams_are_the_odoo_service(nginx, https_server, conf, services):
    upstreams = {up.args[0]: up.one("server").args[0] for up in nginx.all("upstream")}
    assert upstreams == {
        "odoo": f"odoo:{conf['http_port']}",
        "odoo_websocket": f"odoo:{conf['gevent_port']}",
    }
    assert "odoo" in services
    passes = {
        " ".join(loc.args): loc.value("proxy_pass")[0]
        for loc in https_server.all("location")
        if loc.value("proxy_pass")
    }
    for target in passes.values():
        assert target.removeprefix("http://") in upstreams, target
    websocket = select_location(https_server, "/websocket")
    assert websocket.value("proxy_pass") == ["http://odoo_websocket"]
    assert select_location(https_server, "/web/webclient/load_menus").value("proxy_pass") == [
        "http://odoo"
    ]


def test_websocket_upgrade(nginx, https_server):
    websocket = select_location(https_server, "/websocket")
    assert websocket.value("proxy_http_version") == ["1.1"]
    headers = {d.args[0].lower(): d.args[1] for d in websocket.all("proxy_set_header")}
    assert headers["upgrade"] == "$http_upgrade"
    assert headers["connection"] == "$connection_upgrade"
    upgrade_map = next(
        m for m in nginx.all("map") if m.args == ["$http_upgrade", "$connection_upgrade"]
    )
    assert {c.name: c.args for c in upgrade_map.children} == {"default": ["upgrade"], "": ["close"]}


def test_every_proxied_location_forwards_the_client(nginx, https_server, conf):
    assert conf["proxy_mode"] == "True"
    for location in https_server.all("location"):
        if not location.value("proxy_pass"):
            continue
        # proxy_set_header in a location replaces the inherited ones altogether
        own = location.all("proxy_set_header")
        effective = own or https_server.all("proxy_set_header") or nginx.all("proxy_set_header")
        names = {d.args[0].lower() for d in effective}
        for header in FORWARDED:
            assert header.lower() in names, f"location {' '.join(location.args)} lacks {header}"


def test_http_redirects_to_https_and_gzip_is_on(nginx, https_server):
    plain = [s for s in nginx.all("server") if s is not https_server]
    assert len(plain) == 1
    assert select_location(plain[0], "/complaint/new").value("return")[0] == "301"
    assert https_server.value("gzip") == ["on"]
    assert "application/javascript" in https_server.value("gzip_types")
    assert https_server.value("ssl_certificate")[0].startswith("/etc/nginx/certs/")


def test_body_size_fits_the_complaint_attachment_limit(https_server):
    controller = os.path.join(ROOT, "fazhi_complaints", "controllers", "main.py")
    company = os.path.join(ROOT, "fazhi_complaints", "models", "res_company.py")
    max_files = module_constant(controller, "MAX_FILES")
    max_mb = field_default(company, "fazhi_complaint_max_attachment_mb")
    location = select_location(https_server, "/complaint/new")
    body = parse_size(location.value("client_max_body_size")[0])
    files = max_files * max_mb * 1024**2
    # room for every file the form accepts plus the text, not much more
    assert files < body <= files + 2 * 1024**2
    assert parse_size(https_server.value("client_max_body_size")[0]) >= body


def test_nginx_waits_longer_than_odoo(https_server, conf):
    read_timeout = parse_seconds(https_server.value("proxy_read_timeout")[0])
    assert read_timeout > int(conf["limit_time_real"])


# ---------------------------------------------------------------------------
# docs/deployment.md
# ---------------------------------------------------------------------------
def actual_settings(conf, services, nginx, https_server):
    """What the settings table may state, read from the files."""
    settings = {("deploy/odoo.conf", key): value for key, value in conf.items()}
    for zone, (_key, rate) in zones(nginx).items():
        burst = limit_of(location_of_zone(https_server, zone))[1]
        settings[("deploy/nginx/fazhi.conf", zone)] = f"{rate} burst={burst}"
    for name in ("client_max_body_size", "proxy_read_timeout"):
        settings[("deploy/nginx/fazhi.conf", name)] = https_server.value(name)[0]
    complaint = select_location(https_server, "/complaint/new")
    settings[("deploy/nginx/fazhi.conf", "client_max_body_size /complaint/new")] = complaint.value(
        "client_max_body_size"
    )[0]
    for service in ("db", "db-replica"):
        for key, value in postgres_settings(services[service]).items():
            settings[("docker-compose.yml", f"{service} {key}")] = value
    return settings


DOCUMENTED_AT_LEAST = [
    ("deploy/odoo.conf", "workers"),
    ("deploy/odoo.conf", "max_cron_threads"),
    ("deploy/odoo.conf", "http_port"),
    ("deploy/odoo.conf", "gevent_port"),
    ("deploy/odoo.conf", "db_maxconn"),
    ("deploy/odoo.conf", "db_replica_host"),
    ("deploy/odoo.conf", "limit_time_real"),
    ("deploy/odoo.conf", "limit_memory_hard"),
    ("deploy/nginx/fazhi.conf", "fazhi_complaint_new"),
    ("deploy/nginx/fazhi.conf", "fazhi_complaint_status"),
    ("deploy/nginx/fazhi.conf", "fazhi_survey"),
    ("deploy/nginx/fazhi.conf", "client_max_body_size /complaint/new"),
    ("deploy/nginx/fazhi.conf", "proxy_read_timeout"),
    ("docker-compose.yml", "db max_connections"),
]


def test_docs_state_the_settings_of_the_files(documented, conf, services, nginx, https_server):
    actual = actual_settings(conf, services, nginx, https_server)
    missing = [row for row in DOCUMENTED_AT_LEAST if row not in documented]
    assert not missing, f"docs/deployment.md does not state {missing}"
    for row, value in documented.items():
        assert row in actual, f"docs/deployment.md states {row}, which no file has"
        assert value == actual[row], (
            f"docs/deployment.md says {row} = {value}, the file {actual[row]}"
        )


def test_docs_walk_through_the_compose_files(conf):
    text = read(DOCS)
    for needle in (
        "docker compose build",
        "docker compose up -d",
        "--load-language=zh_CN",
        "web.base.url",
        "pg_dump",
        "filestore",
        " -u ",
        "db_replica_host",
        "workers",
        "--no-deps",
        "deploy/secrets/",
        "list_db",
    ):
        assert needle in text, f"docs/deployment.md does not mention {needle!r}"
    # the install command names every production addon
    install = re.search(r"-i (fazhi_[a-z_,]+)", text)
    assert install and sorted(install[1].split(",")) == sorted(
        a for a in production_addons() if not manifest(a).get("auto_install")
    )
    update = re.search(r"-u (fazhi_[a-z_,]+)", text)
    assert update and sorted(update[1].split(",")) == production_addons()
