# `make`       builds gongwen and writes every report in input/ as PDF, DOCX, XLSX and text into out/
# `make test`  runs every test (the command CI runs)
# `make lint`  cargo fmt --check and clippy with warnings as errors
# `make bench` speed and size figures

CARGO ?= cargo
BIN := target/release/gongwen
INPUTS := $(filter-out input/gongwen.schema.json,$(wildcard input/*.yaml))

.PHONY: all build test lint bench clean schema

all: build
	$(BIN) build $(INPUTS) -o out

build:
	$(CARGO) build --release --locked

test:
	$(CARGO) fmt --all -- --check
	$(CARGO) test --locked

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --all-targets -- -D warnings

bench:
	$(CARGO) bench --locked

schema: build
	$(BIN) schema > input/gongwen.schema.json

clean:
	rm -rf out
