"""Tests of the project tooling (tools/ and conftest.py); they need no database."""

import importlib.util
import os
import subprocess
import sys
import textwrap

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


def test_every_fazhi_addon_is_installed(dev):
    addons = dev.fazhi_addons()
    assert "fazhi_base" in addons
    for name in addons:
        assert os.path.isfile(os.path.join(ROOT, name, "__manifest__.py"))


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
