"""Tests of the project tooling (tools/, conftest.py, packaging); they need no database."""

import ast
import configparser
import glob
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import tomllib

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, "tools", f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def dev():
    return load("dev")


def fake_odoo(path, serie="18.0"):
    os.makedirs(os.path.join(path, "odoo"))
    with open(os.path.join(path, "odoo", "release.py"), "w") as fh:
        fh.write(f"serie = {serie!r}\n")
    return str(path)


def test_requirements_keep_the_python_312_pins(tmp_path, capsys):
    reqs = tmp_path / "requirements.txt"
    reqs.write_text(
        textwrap.dedent(
            """\
            # comment
            lxml==4.9.3 ; python_version > '3.10' and python_version < '3.12'
            lxml==5.2.1; python_version >= '3.12' # (Noble)
            lxml-html-clean; python_version >= '3.12'
            psycopg2==2.9.5 ; python_version == '3.11'
            psycopg2==2.9.9 ; python_version >= '3.12'
            python-ldap==3.4.4 ; sys_platform != 'win32' and python_version >= '3.12'
            pypiwin32 ; sys_platform == 'win32'
            pytz
            """
        )
    )
    load("odoo_requirements").main(str(reqs))
    assert capsys.readouterr().out.split() == [
        "lxml==5.2.1",
        "lxml-html-clean",
        "psycopg2-binary==2.9.9",
        "pytz",
    ]


def test_odoo_src_is_used_and_checked(dev, tmp_path, monkeypatch):
    src = fake_odoo(tmp_path / "odoo18")
    monkeypatch.setenv("ODOO_SRC", src)
    assert dev.find_odoo() == ("src", src)
    monkeypatch.setenv("ODOO_SRC", fake_odoo(tmp_path / "odoo17", "17.0"))
    with pytest.raises(dev.SetupError, match=r"not an Odoo 18\.0 source tree"):
        dev.find_odoo()


def test_cache_then_download_then_a_message(dev, tmp_path, monkeypatch):
    monkeypatch.delenv("ODOO_SRC", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(dev, "importable_odoo", lambda: None)
    attempts = []
    monkeypatch.setattr(dev, "download_odoo", lambda target: attempts.append(target) or False)
    with pytest.raises(dev.SetupError) as err:
        dev.find_odoo()
    assert attempts == [dev.cache_dir()]
    assert "ODOO_SRC" in str(err.value) and dev.cache_dir() in str(err.value)

    # a download that fills the cache is used, and a filled cache is used without downloading
    monkeypatch.setattr(dev, "download_odoo", lambda target: bool(fake_odoo(target)))
    assert dev.find_odoo() == ("src", dev.cache_dir())
    monkeypatch.setattr(dev, "download_odoo", lambda target: pytest.fail("downloaded again"))
    assert dev.find_odoo() == ("src", dev.cache_dir())


def test_external_postgresql_from_environment(dev, tmp_path, monkeypatch):
    for var in ("ODOO_RC", "PGHOST", "PGPORT", "PGUSER", "PGPASSWORD"):
        monkeypatch.delenv(var, raising=False)
    assert dev.external_db_options() is None
    monkeypatch.setenv("PGHOST", "db.internal")
    monkeypatch.setenv("PGUSER", "fazhi")
    assert dev.external_db_options() == {
        "db_host": "db.internal",
        "db_port": "False",
        "db_user": "fazhi",
        "db_password": "False",
    }
    rc = tmp_path / "odoo.conf"
    rc.write_text("[options]\ndb_host = pg1\ndb_port = 6432\nworkers = 4\n")
    monkeypatch.setenv("ODOO_RC", str(rc))
    assert dev.external_db_options() == {"db_host": "pg1", "db_port": "6432"}


def test_every_fazhi_addon_is_installed(dev, monkeypatch):
    monkeypatch.delenv("FAZHI_ADDONS", raising=False)
    addons = dev.fazhi_addons()
    assert "fazhi_base" in addons
    for name in addons:
        assert os.path.isfile(os.path.join(ROOT, name, "__manifest__.py"))
    # the test-only addon goes into test databases, never into `make run`'s
    assert "fazhi_test_integration" not in addons
    assert dev.fazhi_addons(tests=True) == [*addons, "fazhi_test_integration"]
    monkeypatch.setenv("FAZHI_ADDONS", "fazhi_base")
    assert dev.fazhi_addons(tests=True) == ["fazhi_base", "fazhi_test_integration"]


def read_conf(path):
    conf = configparser.ConfigParser(interpolation=None)
    conf.read(path)
    return dict(conf["options"])


def test_run_serves_localhost_with_a_generated_master_password(tmp_path, monkeypatch, capsys):
    for var in ("FAZHI_MASTER_PASSWORD", "FAZHI_HTTP_INTERFACE"):
        monkeypatch.delenv(var, raising=False)
    dev = load("dev")
    monkeypatch.setattr(dev, "STATE", str(tmp_path))
    db = {"db_host": "/run/pg", "db_port": "5432"}
    path = dev.write_conf("odoo.conf", db, ["/odoo/addons"], 8069)
    options = read_conf(path)
    assert options["http_interface"] == "127.0.0.1"
    assert options["list_db"] == "False"
    password = options["admin_passwd"]
    assert len(password) >= 20 and password != "admin"
    assert password in capsys.readouterr().out, "the new password is shown once"
    assert os.stat(path).st_mode & 0o777 == 0o600

    # kept, and not shown again; a test configuration never shows its own
    assert read_conf(dev.write_conf("odoo.conf", db, [], 8069))["admin_passwd"] == password
    test_conf = read_conf(dev.write_conf("odoo-test.conf", db, [], 8169))
    assert test_conf["admin_passwd"] not in ("admin", password)
    assert test_conf["http_interface"] == "127.0.0.1"
    assert password not in capsys.readouterr().out

    # the environment overrides both; the old fixed default is replaced
    monkeypatch.setenv("FAZHI_MASTER_PASSWORD", "s3cret-from-env")
    monkeypatch.setenv("FAZHI_HTTP_INTERFACE", "0.0.0.0")
    dev = load("dev")
    monkeypatch.setattr(dev, "STATE", str(tmp_path))
    options = read_conf(dev.write_conf("odoo.conf", db, [], 8069))
    assert options["admin_passwd"] == "s3cret-from-env"
    assert options["http_interface"] == "0.0.0.0"
    monkeypatch.delenv("FAZHI_MASTER_PASSWORD")
    (tmp_path / "odoo.conf").write_text("[options]\nadmin_passwd = admin\n")
    assert read_conf(dev.write_conf("odoo.conf", db, [], 8069))["admin_passwd"] != "admin"
    assert "generated the master password" in capsys.readouterr().out


def addon_dirs():
    return sorted(
        os.path.dirname(path)
        for path in glob.glob(os.path.join(ROOT, "fazhi_*", "__manifest__.py"))
    )


@pytest.mark.parametrize("addon", [os.path.basename(d) for d in addon_dirs()])
def test_odoo_runner_finds_every_test_module(addon):
    """Odoo's runner runs the test modules that tests/__init__.py imports;
    pytest would run the others alone."""
    tests = os.path.join(ROOT, addon, "tests")
    if not os.path.isdir(tests):
        return
    with open(os.path.join(tests, "__init__.py"), encoding="utf-8") as fh:
        imported = {
            alias.name
            for node in ast.walk(ast.parse(fh.read()))
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
    for path in sorted(glob.glob(os.path.join(tests, "test_*.py"))):
        with open(path, encoding="utf-8") as fh:
            tree = ast.parse(fh.read())
        has_tests = any(
            isinstance(node, ast.FunctionDef) and node.name.startswith("test")
            for node in ast.walk(tree)
        )
        name = os.path.basename(path)[:-3]
        if has_tests:
            assert name in imported, f"{addon}/tests/__init__.py does not import {name}"


PACKAGED = [os.path.basename(d) for d in addon_dirs() if not d.endswith("fazhi_test_integration")]


@pytest.mark.parametrize("addon", PACKAGED)
def test_every_addon_is_a_whool_package(addon):
    with open(os.path.join(ROOT, addon, "pyproject.toml"), "rb") as fh:
        project = tomllib.load(fh)
    assert project["build-system"] == {"requires": ["whool"], "build-backend": "whool.buildapi"}
    assert project["project"]["name"] == f"odoo-addon-{addon}"
    assert {"version", "dependencies"} <= set(project["project"]["dynamic"])
    with open(os.path.join(ROOT, addon, "__manifest__.py"), encoding="utf-8") as fh:
        manifest = ast.literal_eval(fh.read())
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", manifest["version"]), manifest["version"]


def version_tuple(version):
    return tuple(int(part) for part in version.split("."))


@pytest.mark.parametrize("addon", [os.path.basename(d) for d in addon_dirs()])
def test_migrations_follow_the_manifest_version(addon):
    """A migrations/<version>/ folder runs when a database moves past that
    version: it must name a full 18.0.x.y.z version not above the manifest's."""
    with open(os.path.join(ROOT, addon, "__manifest__.py"), encoding="utf-8") as fh:
        current = version_tuple(ast.literal_eval(fh.read())["version"])
    for path in sorted(glob.glob(os.path.join(ROOT, addon, "migrations", "*", ""))):
        folder = os.path.basename(os.path.dirname(path))
        if folder == "__pycache__":
            continue
        assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", folder), f"{addon}/migrations/{folder}"
        assert version_tuple(folder) <= current, (
            f"{addon}/migrations/{folder} is ahead of the manifest"
        )
        scripts = {os.path.basename(f) for f in glob.glob(os.path.join(path, "*.py"))}
        assert scripts & {"pre-migrate.py", "post-migrate.py", "end-migrate.py"}, path


def test_pip_install_of_an_addon_resolves_in_the_project_venv():
    """`pip install ./fazhi_base` installs only the addon: Odoo 18 (editable),
    report_xlsx and the Python libraries are already there (dry run, offline)."""
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--no-index",
            "--quiet",
            "--no-build-isolation",
            "--report",
            "-",
            os.path.join(ROOT, "fazhi_base"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    report = json.loads(res.stdout)
    (item,) = report["install"]
    metadata = item["metadata"]
    assert metadata["name"] == "odoo-addon-fazhi_base"
    assert metadata["version"].startswith("18.0.")
    requires = set(metadata["requires_dist"])
    assert {"odoo==18.0.*", "odoo-addon-report_xlsx==18.0.*", "xlsxwriter"} <= requires


@pytest.mark.parametrize("ci, expected_rc", [("true", 1), ("", 0)])
def test_a_skipped_test_fails_under_ci(tmp_path, ci, expected_rc):
    (tmp_path / "conftest.py").write_text(open(os.path.join(ROOT, "conftest.py")).read())
    (tmp_path / "test_skip.py").write_text(
        "import unittest\n\n"
        "class T(unittest.TestCase):\n"
        "    def test_tour(self):\n"
        "        raise unittest.SkipTest('websocket-client module is not installed')\n"
    )
    env = dict(os.environ, CI=ci)
    res = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:odoo", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert res.returncode == expected_rc, res.stdout
    if ci:
        assert "skipped under CI" in res.stdout


def test_odoo_runner_log_is_read_for_skips_and_failures(dev, tmp_path, capsys):
    """`make test-odoo` lists skipped tests (a failure under CI) and counts the
    failures Odoo logs, even when Odoo itself exits with 0."""
    stamp = "2026-11-30 13:56:19,131 28848"
    lines = [
        f"{stamp} INFO db odoo.modules.loading: loading fazhi_base/views/x.xml",
        f"{stamp} INFO db odoo.addons.fazhi_base.tests.test_tour: Starting TestTour.test_tour ...",
        f"{stamp} INFO db odoo.addons.fazhi_base.tests.test_tour: skipped TestTour.test_tour : Chrome executable not found",
        f"{stamp} ERROR db odoo.addons.fazhi_base.tests.test_unit: FAIL: TestUnit.test_code_unique",
        "Traceback (most recent call last):",
        "AssertionError: 1 != 2",
        f"{stamp} INFO db odoo.service.server: 12 post-tests in 3.00s, 400 queries",
    ]
    script = tmp_path / "fake_odoo.py"
    script.write_text(f"print({chr(10).join(lines)!r})\n")
    rc, skipped, failures = dev.run_logged([sys.executable, str(script)], tmp_path / "odoo.log")
    assert rc == 0
    assert skipped == [("TestTour.test_tour", "Chrome executable not found")]
    assert failures == ["FAIL: TestUnit.test_code_unique"]
    shown = capsys.readouterr().out
    assert "AssertionError: 1 != 2" in shown and "post-tests in" in shown
    assert "loading fazhi_base/views" not in shown and "Starting TestTour" not in shown
    assert (tmp_path / "odoo.log").read_text().count("\n") == len(lines)


def readme_tool(dev):
    return next(
        (
            t
            for t in (dev.README_TOOL, shutil.which("oca-gen-addon-readme"))
            if t and os.path.exists(t)
        ),
        None,
    )


DIGEST_LINE = re.compile(r"^\s*!! source digest: .*$", re.M)


def readme_source_digest(addon_dir):
    """The digest oca-gen-addon-readme writes in README.rst ("!! source digest:"):
    sha256 over the manifest and readme/ (each file's path, then its bytes)."""
    digest = hashlib.sha256()
    paths = [os.path.join(addon_dir, "__manifest__.py")]
    for dirpath, dirnames, filenames in os.walk(os.path.join(addon_dir, "readme")):
        dirnames.sort()
        paths += [os.path.join(dirpath, f) for f in sorted(filenames) if not f.startswith(".")]
    for path in paths:
        digest.update(os.path.relpath(path, addon_dir).encode("utf-8"))
        with open(path, "rb") as fh:
            digest.update(fh.read())
    return f"sha256:{digest.hexdigest()}"


@pytest.mark.parametrize(
    "addon", [a for a in addon_dirs() if os.path.isdir(os.path.join(ROOT, a, "readme"))]
)
def test_readme_rst_is_generated_from_readme_fragments(dev, addon, tmp_path):
    """README.rst was generated from readme/ and the manifest as they are today (else:
    `make readme`). The digest check needs no tool (the tool comes from GitHub, which
    CI does not reach); where the tool is installed, the whole text is compared too."""
    addon = os.path.basename(addon)
    with open(os.path.join(ROOT, addon, "README.rst"), encoding="utf-8") as fh:
        committed_text = fh.read()
    written = re.search(r"!! source digest: (sha256:\w+)", committed_text)
    assert written, f"{addon}/README.rst has no source digest: run `make readme`"
    assert written.group(1) == readme_source_digest(os.path.join(ROOT, addon)), (
        f"{addon}/README.rst is older than {addon}/readme/ or its manifest: run `make readme`"
    )
    tool = readme_tool(dev)
    if not tool:
        return
    copy = tmp_path / addon
    shutil.copytree(os.path.join(ROOT, addon, "readme"), copy / "readme")
    shutil.copy(os.path.join(ROOT, addon, "__manifest__.py"), copy)
    subprocess.run(
        [tool, "--addon-dir", str(copy), "--no-gen-html", *dev.readme_options()],
        check=True,
        capture_output=True,
    )
    committed = DIGEST_LINE.sub("", committed_text)
    generated = DIGEST_LINE.sub("", (copy / "README.rst").read_text(encoding="utf-8"))
    assert committed == generated, (
        f"{addon}/README.rst is older than {addon}/readme/: run `make readme`"
    )


def test_readme_links_come_from_the_manifest_website(dev):
    website = dev.manifest_website()
    options = dev.readme_options()
    org, repo = options[options.index("--org-name") + 1], options[options.index("--repo-name") + 1]
    assert website.rstrip("/") == f"https://github.com/{org}/{repo}"
    for addon in addon_dirs():
        with open(os.path.join(ROOT, addon, "__manifest__.py"), encoding="utf-8") as fh:
            assert ast.literal_eval(fh.read())["website"] == website, addon
        assert os.path.exists(os.path.join(addon, "README.rst")), f"{addon}: run `make readme`"


def test_pre_commit_pins_the_prettier_of_make_lint(dev):
    import yaml

    with open(os.path.join(ROOT, ".pre-commit-config.yaml"), encoding="utf-8") as fh:
        config = yaml.safe_load(fh)
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    pinned = {
        dep.rsplit("@", 1)[0]: dep.rsplit("@", 1)[1]
        for dep in hooks["prettier"]["additional_dependencies"]
    }
    assert pinned == dev.PRETTIER_PACKAGES
    readme_args = hooks["oca-gen-addon-readme"]["args"]
    options = dev.readme_options()
    for name in ("--org-name", "--repo-name", "--branch"):
        assert f"{name}={options[options.index(name) + 1]}" in readme_args


def test_lint_without_npm_warns_and_fails_under_ci(dev, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(dev, "NODE_DIR", str(tmp_path / "node"))
    monkeypatch.setattr(dev.shutil, "which", lambda _name: None)
    monkeypatch.setattr(dev, "IN_CI", False)
    assert dev.ensure_prettier() is None
    assert "node/npm not found" in capsys.readouterr().out
    monkeypatch.setattr(dev, "IN_CI", True)
    with pytest.raises(dev.SetupError, match="node/npm not found"):
        dev.ensure_prettier()


def test_prettier_finds_unformatted_xml(dev, tmp_path):
    prettier = os.path.join(dev.NODE_DIR, "node_modules", ".bin", "prettier")
    if not os.path.exists(prettier):
        pytest.skip("prettier is not installed: `make lint` installs it")
    addon = tmp_path / "fazhi_x" / "views"
    addon.mkdir(parents=True)
    good = os.path.join(ROOT, "fazhi_base", "views", "fazhi_base_menus.xml")
    (addon / "bad.xml").write_text(
        '<?xml version="1.0" encoding="utf-8" ?>\n<odoo><record id="a" model="b"><field name="c">d</field></record></odoo>\n'
    )
    env = dict(os.environ, NODE_PATH=os.path.join(dev.NODE_DIR, "node_modules"))
    # outside the repository: its prettier.config.cjs given explicitly
    cfg = ["--config", os.path.join(ROOT, "prettier.config.cjs")]
    ok = subprocess.run([prettier, "--check", good], env=env, capture_output=True)
    bad = subprocess.run(
        [prettier, *cfg, "--check", str(addon / "bad.xml")], env=env, capture_output=True
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert bad.returncode != 0


def test_screenshots_cover_every_role_and_name_existing_actions():
    """`make screenshots` photographs each demo role's home and public pages; the
    actions its URLs open are defined by the addons (a renamed action would leave a
    blank page in the README)."""
    shots = load("screenshots")
    screens = shots.BACK_OFFICE + shots.PUBLIC
    roles = {role for role, _name, _target in screens}
    assert roles == {"staff", "desk", "manager", "office", "leader", "public"}
    homes = {role for role, name, _target in shots.BACK_OFFICE if name == "home"}
    assert homes == roles - {"public"}
    defined = set()
    for path in glob.glob(os.path.join(ROOT, "fazhi_*", "views", "*.xml")):
        addon = os.path.basename(os.path.dirname(os.path.dirname(path)))
        with open(path, encoding="utf-8") as fh:
            defined |= {
                f"{addon}.{xmlid}" for xmlid in re.findall(r'<record id="(\w+)"', fh.read())
            }
    referenced = set()
    for _role, _name, target in screens:
        if isinstance(target, str):
            referenced |= set(re.findall(r"/action-([\w.]+)", target))
    for model, module in shots.ACTION_MODULE.items():
        assert model.startswith("fazhi.") and module.startswith("fazhi_")
    referenced |= {
        f"{shots.ACTION_MODULE[m]}.{a}"
        for m, a in re.findall(
            r'r\.form\(\s*"([\w.]+)",\s*"(\w+)"',
            open(os.path.join(ROOT, "tools", "screenshots.py"), encoding="utf-8").read(),
        )
    }
    assert referenced and not referenced - defined, referenced - defined
    assert all(r.startswith("fazhi_") for r in referenced)


def test_fazhi_views_offer_no_paid_sms():
    """Odoo's sms module adds a paid "SMS" button beside phone widgets; fazhi's users
    phone their counterparts, so every phone widget of a fazhi view turns it off."""
    offending = []
    for path in glob.glob(os.path.join(ROOT, "fazhi_*", "views", "*.xml")):
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        for field in re.findall(r"<field\b[^>]*>", text, flags=re.S):
            if 'widget="phone"' in field and "'enable_sms': false" not in field:
                offending.append((os.path.relpath(path, ROOT), field))
    assert not offending, offending


@pytest.mark.parametrize(
    ("stamp", "warned"), [("20250506", True), ("20251120", False), (None, False)]
)
def test_an_odoo_older_than_the_outdated_page_fix_is_named(dev, tmp_path, capsys, stamp, warned):
    src = fake_odoo(tmp_path)
    if stamp:
        with open(os.path.join(src, "odoo", "release.py"), "a") as fh:
            fh.write(f"version = '18.0'\nversion += '-{stamp}'\n")
    assert dev.warn_old_odoo(src) is warned
    assert ("older than the upstream fix" in capsys.readouterr().out) is warned


def test_years_print_without_thousands_separator():
    """A year is an Integer field: Odoo prints it "2,026" unless the widget is told not
    to; every list, form or kanban of a fazhi view does."""
    offending = []
    for path in glob.glob(os.path.join(ROOT, "fazhi_*", "views", "*.xml")):
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        for match in re.finditer(r'<field\s+name="(?:\w+_)?year"[^>]*>', text, flags=re.S):
            views = re.findall(r"<(list|form|search|pivot|graph|kanban)\b", text[: match.start()])
            if views and views[-1] in ("list", "form", "kanban"):
                if "'enable_formatting': false" not in match.group(0).replace("False", "false"):
                    offending.append((os.path.relpath(path, ROOT), match.group(0)))
    assert not offending, offending


def test_pictures_of_the_docs_exist_and_are_taken_by_make_screenshots():
    shots = load("screenshots")
    taken = {f"{role}-{name}.png" for role, name, _target in shots.BACK_OFFICE + shots.PUBLIC}
    for doc in ("README.md", os.path.join("docs", "screens.md")):
        with open(os.path.join(ROOT, doc), encoding="utf-8") as fh:
            pictures = re.findall(r"screenshots/([\w.-]+\.png)", fh.read())
        assert pictures, doc
        assert not set(pictures) - taken, (doc, set(pictures) - taken)
        folder = os.path.join(ROOT, "docs", "screenshots")
        assert all(os.path.isfile(os.path.join(folder, p)) for p in pictures), doc
