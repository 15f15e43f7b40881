# kefu -- the two commands of README.md:
#   make run    install missing Debian packages, build, create the store with
#               demo data, start kefud and the demo phones on loopback
#   make test   the same set-up, then every test (unit, system, ASan+UBSan,
#               a short fuzz pass)
# Other targets: build, stop, fuzz, bench, config-doc, clean.

JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 20

.PHONY: model all deps build build-asan build-fuzz node run stop test test-unit test-system \
        test-asan fuzz bench config-doc clean

all: build

DEPS ?= run
deps:
	@sh tools/install-deps.sh $(DEPS)

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

$(ASAN_BUILD)/CMakeCache.txt:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DKF_SANITIZE=ON

build-asan: deps $(ASAN_BUILD)/CMakeCache.txt
	cmake --build $(ASAN_BUILD) -j $(JOBS)

$(FUZZ_BUILD)/CMakeCache.txt:
	cmake -S . -B $(FUZZ_BUILD) -DKF_FUZZ=ON -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug

build-fuzz: deps $(FUZZ_BUILD)/CMakeCache.txt
	cmake --build $(FUZZ_BUILD) -j $(JOBS)

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

node: deps node_modules/.package-lock.json

run: DEPS = run
run: build node
	@sh tools/demo.sh start $(BUILD)

stop:
	@sh tools/demo.sh stop $(BUILD)

test: DEPS = test
test: build build-asan node build-fuzz
	cd $(BUILD) && ctest --output-on-failure -j 2
	cd $(ASAN_BUILD) && ctest --output-on-failure -j 2
	@sh tools/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

test-unit: build
	cd $(BUILD) && ctest --output-on-failure -L unit

test-system: build node
	cd $(BUILD) && ctest --output-on-failure -L system

fuzz: build-fuzz
	@sh tools/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

bench: DEPS = bench
bench: build node
	@sh bench/hub/run.sh $(BUILD)

# Retrains the shipped classifier from ../shared/data (train splits only).
SHARED_DATA ?= ../shared/data/sms-spam
model: build
	$(BUILD)/tools/kefu-train -o data/model.bin --quantize --cv 5 \
	    $(SHARED_DATA)/zh/train.tsv $(SHARED_DATA)/zh-personal/train.tsv $(SHARED_DATA)/en/train.tsv

config-doc: build
	$(BUILD)/src/main/kefud --print-config > conf/kefu.ini

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
