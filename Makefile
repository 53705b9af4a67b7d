# SPDX-License-Identifier: GPL-2.0
#
# genevesec: build the module against a kernel build tree, test it in QEMU.
#
#   make                  build genevesec.ko (KDIR=... to choose the kernel)
#   make install          install it into /lib/modules/<release>/updates
#   make tool             build the genevesec command-line tool (tools/)
#   make check            build everything and run every test (see README)
#   make demo             a guided tour in the test VM
#   make bench            throughput against Geneve, ESP and WireGuard, the
#                         microbenchmarks, then a 2-vCPU scaling run (README;
#                         SMP=N for N vCPUs, SMP=0 skips that second boot)
#   make fuzz             the netlink and frame fuzzers, DURATION seconds each
#                         (default 600; SEED=N replays a run)
#   make lint             checkpatch --strict, W=1 and sparse on src/
#   make compat-check     probe each installed kernel's headers, compare
#                         with the results recorded in compat/expected/
#   make dkms-check       `dkms build` against each tested kernel's build
#                         tree, in a private DKMS tree
#   make regen            regenerate netlink code from the YAML spec
#   make deps             install the Debian packages the project needs

# The running kernel's headers when they exist, else Debian's 6.12 headers.
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	$(lastword $(sort $(wildcard /usr/src/linux-headers-6.12*-amd64))))

# The release the module is built for, as kbuild names it: Debian's 6.1
# headers say 6.1.192 in include/config/kernel.release, not 6.1.0-57-amd64.
KRELEASE := $(shell sed -n 's/^.define UTS_RELEASE "\(.*\)"$$/\1/p' \
	$(KDIR)/include/generated/utsrelease.h 2>/dev/null)
ifeq ($(KRELEASE),)
KRELEASE := $(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null)
endif
KVERSION := $(shell echo '$(KRELEASE)' | sed -n 's/^\([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
# Built for 6.1 and newer: src/ follows the newest API and the compat
# layer (compat/) adapts older kernels by what their headers offer.
# Tested on 6.1, 6.12 and 7.2 (README); older series are refused here
# with a reason rather than by the compiler.
KTOOOLD := $(shell set -- $(KVERSION) && [ -n "$$1" ] && \
	{ [ "$$1" -lt 6 ] || { [ "$$1" = 6 ] && [ "$$2" -lt 1 ]; }; } && echo y)

PWD := $(shell pwd)
MAKE_KERNEL = $(MAKE) -C $(KDIR) M=$(PWD)

.PHONY: all modules install clean check demo bench fuzz lint regen deps kernel-check tool \
	compat-probe compat-check dkms-check

all: modules

kernel-check:
ifeq ($(KDIR),)
	$(error no kernel build tree: install linux-headers-6.12-amd64 or set KDIR=)
endif
ifeq ($(KRELEASE),)
	$(error $(KDIR) is not a configured kernel build tree)
endif
ifeq ($(KTOOOLD),y)
	$(error genevesec needs Linux 6.1 or newer; $(KDIR) is $(KRELEASE))
endif

# What the kernel's headers offer, for the compat layer: before every
# build, since KDIR may differ from the last one (Kbuild checks).
compat-probe: kernel-check
	+compat/probe.sh $(KDIR)

modules: compat-probe
	$(MAKE_KERNEL) modules

install: modules
	$(MAKE_KERNEL) INSTALL_MOD_DIR=updates modules_install
	depmod $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) -a $(KRELEASE)

clean:
	$(if $(KDIR),$(MAKE_KERNEL) clean,rm -f *.ko *.o)
	rm -rf build compat/generated

check:
	tests/check

demo:
	tests/demo

# vCPUs of `make bench`'s wall-clock scaling run; 0: none.
SMP ?= 2

bench:
	tests/bench/run --smp $(SMP)

# Seconds each fuzzer runs in `make fuzz` (make check: 45); SEED= replays.
DURATION ?= 600

fuzz:
	tests/deps
	iproute2-patch/build >/dev/null
	$(MAKE) -C tools >/dev/null
	tests/vm/run --mem 2048 --timeout $$((2 * $(DURATION) + 900)) -- \
		env GS_FUZZ_SECONDS=$(DURATION) $(if $(SEED),GS_FUZZ_SEED=$(SEED)) \
		GS_SELFTEST_TIMEOUT=$$(($(DURATION) + 300)) tests/selftests/run --label fuzz fuzz

lint:
	tests/lint

compat-check:
	compat/check

dkms-check:
	tests/dkms-check

regen:
	tools/ynl-regen

deps:
	tests/deps

tool:
	$(MAKE) -C tools
