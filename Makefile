# fazhi: two commands for a newcomer, a few more for developers.
#   make run    set everything up and serve http://localhost:8069 (database "fazhi", zh_CN, demo data)
#   make test   set up, lint, then install and test every fazhi addon in a throwaway database
#   make test-odoo   the same tests through Odoo's own runner (odoo-bin --test-enable)
#   make wheels      build the odoo-addon-<name> wheels and install them into a fresh venv and db
#   make lint        ruff, pylint-odoo, prettier on the addons' XML;  make readme  the README.rst files
#   make screenshots the main screens per demo role into docs/screenshots/
#   make replica     a streaming read replica of the embedded server, .fazhi/odoo-replica.conf
# Odoo 18 is taken from ODOO_SRC when set (make run ODOO_SRC=/path/to/odoo-18.0).
PYTHON ?= python3
DEV := $(PYTHON) tools/dev.py
export ODOO_SRC

.PHONY: run test test-odoo wheels stop lint pot readme screenshots replica help

run:
	@$(DEV) run

test:
	@$(DEV) test $(if $(CI),--stop-db) $(TEST_ARGS)

test-odoo:
	@$(DEV) test-odoo $(TEST_ARGS)

wheels:
	@$(DEV) wheels

stop:
	@$(DEV) stop

lint:
	@$(DEV) lint

# refresh i18n/<addon>.pot and merge new terms into i18n/zh_CN.po (database "fazhi" of make run)
pot:
	@$(DEV) pot

# regenerate each addon's README.rst and static/description/index.html from its readme/
readme:
	@$(DEV) readme

# photograph every main screen as each demo role (1440 px) and the public pages (390 px)
screenshots:
	@$(DEV) screenshots

# a streaming read replica of the embedded server (tools/replica.py start|status|stop|drop)
replica:
	@$(PYTHON) tools/replica.py start

help:
	@$(DEV) --help
