# treg: treatment registry analytics for PostgreSQL (PGXS build)
#
# Two extensions are built and installed by "make install":
#   treg       the product: extension/ (C and SQL by layer, see README,
#              "Developing"), library treg.so;
#   treg_demo  the demo registry generator: demo/, library treg_demo.so,
#              requires treg; a DBA may leave it out.
#
# The install script of the current version,
# extension/scripts/treg--$(EXTVERSION).sql, is built from the SQL files
# listed in TREG_SQL, in that order (layer by layer).  An upgrade script into
# the current version, extension/scripts/treg--A--$(EXTVERSION).sql, is built
# from its source extension/upgrade/treg--A--$(EXTVERSION).sql, whose lines
# "--@include path" tools/sql-include.awk replaces by that file.  Scripts of
# released versions and the upgrade scripts between them are committed in
# extension/scripts/ and never edited.

PG_CONFIG ?= pg_config

EXTVERSION = 0.2.0

MODULE_big = treg
MODULEDIR = extension
OBJS = $(patsubst %.c,%.o,$(sort $(wildcard extension/*.c extension/common/*.c \
	extension/types/*.c extension/engines/*/*.c)))
MODULES = demo/treg_demo

# The install script of treg, in layer order: roles (every later part
# grants to them), types, engines, the registry, the reports, privileges.
TREG_SQL = \
	extension/registry/roles.sql \
	extension/types/intensity.sql \
	extension/types/care_timeline.sql \
	extension/types/cpr.sql \
	extension/engines/timeline/timeline.sql \
	extension/engines/retention/retention.sql \
	extension/engines/disclosure/disclosure.sql \
	extension/engines/calendar/calendar.sql \
	extension/engines/pseudonym/pseudonym.sql \
	extension/engines/icu/icu.sql \
	extension/registry/schema.sql \
	extension/registry/period.sql \
	extension/registry/validation.sql \
	extension/registry/state.sql \
	extension/registry/load.sql \
	extension/registry/analysis.sql \
	extension/registry/capacity.sql \
	extension/registry/import.sql \
	extension/registry/quality.sql \
	extension/reports/config.sql \
	extension/reports/settings.sql \
	extension/reports/helpers.sql \
	extension/reports/catalog.sql \
	$(sort $(wildcard extension/reports/report_*.sql)) \
	extension/registry/privileges.sql

CURRENT_SCRIPT = extension/scripts/treg--$(EXTVERSION).sql
# only upgrades into the current version are built; released ones are committed
UPGRADE_SOURCES = $(wildcard extension/upgrade/treg--*--$(EXTVERSION).sql)
UPGRADE_SCRIPTS = $(patsubst extension/upgrade/%,extension/scripts/%,$(UPGRADE_SOURCES))
DEMO_SCRIPT = demo/treg_demo--$(EXTVERSION).sql
DATA = extension/treg.control demo/treg_demo.control \
	$(CURRENT_SCRIPT) $(UPGRADE_SCRIPTS) $(DEMO_SCRIPT) \
	$(filter-out $(CURRENT_SCRIPT) $(UPGRADE_SCRIPTS),$(wildcard extension/scripts/treg--*.sql)) \
	$(filter-out $(DEMO_SCRIPT),$(wildcard demo/treg_demo--*.sql))
EXTRA_CLEAN = $(CURRENT_SCRIPT) $(UPGRADE_SCRIPTS) $(DEMO_SCRIPT)

PG_CPPFLAGS += -Iextension $(shell pkg-config --cflags icu-uc icu-i18n)
SHLIB_LINK += $(shell pkg-config --libs icu-uc icu-i18n)

# Warnings: CI builds with WERROR=1.
PG_CFLAGS += -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
ifdef WERROR
PG_CFLAGS += -Werror
endif

REGRESS = $(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql)))
REGRESS_OPTS = --inputdir=. --encoding=UTF8 --no-locale \
	--load-extension=treg --load-extension=treg_demo

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

all: $(CURRENT_SCRIPT) $(UPGRADE_SCRIPTS) $(DEMO_SCRIPT)

# a C file depends on the headers of its folder and of the layers below
HEADERS_ALL = $(wildcard extension/common/*.h extension/types/*.h extension/engines/*/*.h)
$(OBJS) demo/treg_demo.o: $(HEADERS_ALL)

$(CURRENT_SCRIPT): $(TREG_SQL) Makefile
	@mkdir -p $(dir $@)
	{ printf '%s\n\n' '/* $@ (built from the files listed in the Makefile) */'; \
	  printf '%s\n' '\echo Use "CREATE EXTENSION treg" to load this file. \quit'; \
	  for f in $(TREG_SQL); do printf '\n/* ---- %s ---- */\n\n' "$$f"; cat "$$f"; done; } > $@

# an included file may be any SQL file of the extension
INCLUDABLE_SQL = $(wildcard extension/types/*.sql extension/engines/*/*.sql \
	extension/registry/*.sql extension/reports/*.sql)
$(UPGRADE_SCRIPTS): extension/scripts/%: extension/upgrade/% tools/sql-include.awk $(INCLUDABLE_SQL) Makefile
	awk -v target=$@ -f tools/sql-include.awk $< > $@.tmp && mv $@.tmp $@

$(DEMO_SCRIPT): demo/treg_demo.sql Makefile
	{ printf '%s\n\n' '/* $@ (built from demo/treg_demo.sql) */'; \
	  printf '%s\n' '\echo Use "CREATE EXTENSION treg_demo" to load this file. \quit'; \
	  cat demo/treg_demo.sql; } > $@

# pgTAP contract tests: test/*.sql, run with pg_prove against a fresh database.
PROVE_DB ?= treg_prove
prove:
	dropdb --if-exists $(PROVE_DB)
	createdb --template=template0 --encoding=UTF8 --locale=C.UTF-8 $(PROVE_DB)
	psql -X -q -v ON_ERROR_STOP=1 -d $(PROVE_DB) -c 'CREATE EXTENSION pgtap' \
		-c 'CREATE EXTENSION treg' -c 'CREATE EXTENSION treg_demo'
	pg_prove --failures -d $(PROVE_DB) $(sort $(wildcard test/*.sql))

.PHONY: prove
