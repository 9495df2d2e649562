# treg: treatment registry analytics for PostgreSQL (PGXS build)
#
# The C sources and the control file live in extension/.  The install script
# of the current version, extension/scripts/treg--$(EXTVERSION).sql, is built
# from the fragments in extension/sql/ (one per engine, applied in name
# order); the scripts of released versions and the upgrade scripts between
# them are committed in extension/scripts/ and never edited.

PG_CONFIG ?= pg_config

EXTENSION_NAME = treg
EXTVERSION = 0.1.0

MODULE_big = treg
MODULEDIR = extension
OBJS = $(patsubst %.c,%.o,$(sort $(wildcard extension/*.c)))

SQL_FRAGMENTS = $(sort $(wildcard extension/sql/*.sql))
CURRENT_SCRIPT = extension/scripts/$(EXTENSION_NAME)--$(EXTVERSION).sql
DATA = extension/$(EXTENSION_NAME).control $(CURRENT_SCRIPT) \
	$(filter-out $(CURRENT_SCRIPT),$(wildcard extension/scripts/$(EXTENSION_NAME)--*.sql))
EXTRA_CLEAN = $(CURRENT_SCRIPT)

PG_CPPFLAGS += -Iextension $(shell pkg-config --cflags icu-uc icu-i18n)
SHLIB_LINK += $(shell pkg-config --libs icu-uc icu-i18n)

# Warnings: CI builds with WERROR=1.
PG_CFLAGS += -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
ifdef WERROR
PG_CFLAGS += -Werror
endif

REGRESS = $(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql)))
REGRESS_OPTS = --inputdir=. --encoding=UTF8 --no-locale --load-extension=$(EXTENSION_NAME)

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

all: $(CURRENT_SCRIPT)

# every C file includes the one header
$(OBJS): extension/treg.h

$(CURRENT_SCRIPT): $(SQL_FRAGMENTS) Makefile
	@mkdir -p $(dir $@)
	{ printf '%s\n\n' '/* extension/scripts/$(EXTENSION_NAME)--$(EXTVERSION).sql (built from extension/sql/) */'; \
	  printf '%s\n' '\echo Use "CREATE EXTENSION $(EXTENSION_NAME)" to load this file. \quit'; \
	  for f in $(SQL_FRAGMENTS); do printf '\n/* ---- %s ---- */\n\n' "$$f"; cat "$$f"; done; } > $@

# pgTAP contract tests: test/*.sql, run with pg_prove against a fresh database.
PROVE_DB ?= treg_prove
prove:
	dropdb --if-exists $(PROVE_DB)
	createdb --template=template0 --encoding=UTF8 --locale=C.UTF-8 $(PROVE_DB)
	psql -X -q -v ON_ERROR_STOP=1 -d $(PROVE_DB) -c 'CREATE EXTENSION pgtap' -c 'CREATE EXTENSION treg'
	pg_prove --failures -d $(PROVE_DB) $(sort $(wildcard test/*.sql))

.PHONY: prove
