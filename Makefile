# `make`        builds gongwen and writes every report in input/ as PDF, DOCX, XLSX, text and OFD into out/
# `make test`   runs every test (the command CI runs); installs what the tests need first (.ci/deps)
# `make lint`   cargo fmt --check and clippy with warnings as errors
# `make bench`  whole-process speed and memory against typst and LibreOffice (benches/run.sh);
#               `make bench TYPST=install` installs typst when it is missing
# `make bench-stages`  CPU time of each stage in-process (criterion, benches/pipeline.rs)

CARGO ?= cargo
BIN := target/release/gongwen
INPUTS := $(filter-out input/gongwen.schema.json,$(wildcard input/*.yaml))
TYPST ?=

.PHONY: all build test lint bench bench-stages clean schema

all: build
	$(BIN) build $(INPUTS) -o out

build:
	$(CARGO) build --release --locked

test:
	.ci/deps test
	$(CARGO) fmt --all -- --check
	$(CARGO) test --locked

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --all-targets -- -D warnings

bench:
	TYPST="$(TYPST)" benches/run.sh

bench-stages:
	$(CARGO) bench --locked --bench pipeline

schema: build
	$(BIN) schema > input/gongwen.schema.json

clean:
	rm -rf out
