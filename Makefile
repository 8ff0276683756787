# A thin wrapper over meson + ninja: the commands the README gives.
PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
ASAN_BUILD ?= build-asan
TCPDOC = $(BUILD)/src/cli/tcpdoc

.PHONY: all deps bench-deps build run check check-asan bench bench-quick install uninstall deb clean

all: build

deps:
	@bash scripts/deps.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --prefix=$(PREFIX)

build: $(BUILD)/build.ninja
	ninja -C $(BUILD)

# The doctor exits 1 or 2 when it finds something: that is an answer, not a
# failed run; only 3 (could not look) fails make.
run: deps build
	@$(TCPDOC); rc=$$?; [ $$rc -le 2 ]

check: deps build
	bash tests/run.sh $(BUILD)

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) -Db_sanitize=address,undefined -Db_lundef=false

check-asan: deps $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		bash tests/run.sh $(ASAN_BUILD)

# bench/ also needs the tools tcpdoc is timed against (deps.sh --bench).
bench-deps:
	@bash scripts/deps.sh --bench

bench: bench-deps build
	bash bench/run

bench-quick: bench-deps build
	bash bench/run --quick

# The binary, translations, man pages, completions, docs and contrib files
# (PREFIX/share/tcpdoc); DESTDIR stages them elsewhere.
install: build
	@[ "$$(meson introspect $(BUILD) --buildoptions | python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"][0])')" = "$(abspath $(PREFIX))" ] || \
		{ meson configure $(BUILD) -Dprefix=$(abspath $(PREFIX)) && ninja -C $(BUILD); }
	DESTDIR=$(DESTDIR) meson install -C $(BUILD)

uninstall:
	DESTDIR=$(DESTDIR) bash scripts/uninstall.sh $(BUILD)

# The Debian package, built in a copy under $(BUILD)/deb and checked by
# lintian; the .deb lands in $(BUILD)/deb/.
deb: deps
	bash scripts/deb.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
