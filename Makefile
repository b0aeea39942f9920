# cordon: the one entry point.
#
#   make demo          build, boot under QEMU + swtpm, show cordon working
#   make check         every test (userspace, KUnit, kselftests in the guest)
#   make kernel        build the cordon kernel (KVER=6.12|6.1, or KSRC=PATH)
#   make kernel-patch  write build/cordon-linux-$(KVER).patch for packagers
#   make guest         build the guest initramfs
#   make shell         interactive guest shell
#   make userspace     build cordonctl
#   make bench         benchmarks: policy compile, attestation, manifest
#                      (100,000-line allowlist), kernel load
#   make fuzz          every libFuzzer target for FUZZ_SECONDS (default 60)
#   make install       install cordonctl and the man pages (DESTDIR, PREFIX)
#
# Every target that builds or runs installs missing Debian packages first.

KVER ?= 6.12
export KVER
ifneq ($(KSRC),)
export KSRC
KTREE := $(KSRC)
else
KTREE := $(CURDIR)/build/src/linux-source-$(KVER)
endif
B := $(CURDIR)/build
PREFIX ?= /usr/local

.PHONY: all deps kernel kernel-patch kernel-patch-test userspace selftests \
	guest check demo bench shell install clean distclean fuzz

all: kernel guest

deps:
	@scripts/install-deps

kernel: deps
	@scripts/kernel-build

kernel-patch: deps
	@scripts/kernel-patch $(B)/cordon-linux-$(KVER).patch

kernel-patch-test: kernel-patch
	@scripts/kernel-patch-test $(B)/cordon-linux-$(KVER).patch

userspace: deps
	@$(MAKE) -s -C userspace O=$(B)/userspace

selftests: kernel userspace
	@$(MAKE) -s -C tests/kselftest KSRC=$(KTREE) O=$(B)/guest/tests

guest: userspace selftests
	@mkdir -p $(B)/guest/bin
	@cp $(B)/userspace/cordonctl tests/guest/cordon-guest-tests $(B)/guest/bin/
	@tests/guest/build-extras $(B)
	@scripts/mkinitramfs $(B)/guest/initramfs.cpio

check: deps
	@tests/run

demo: kernel guest
	@scripts/demo

# figures only: benchmarks assert nothing
bench: kernel guest
	@tests/bench/compile-bench $(B)/userspace/cordonctl
	@tests/bench/attest-bench $(B)/userspace/cordonctl
	@O=$(B)/userspace tests/bench/manifest-bench
	@tests/bench/load-bench

# the parsers under libFuzzer (ASan+UBSan); make check runs each for 10 s
FUZZ_SECONDS ?= 60
fuzz: deps
	@$(MAKE) -s -C tests/fuzz O=$(B)/fuzz fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

shell: kernel guest
	@scripts/vm-run --shell

install: userspace
	install -D -m 0755 $(B)/userspace/cordonctl $(DESTDIR)$(PREFIX)/sbin/cordonctl
	install -D -m 0644 Documentation/man/cordonctl.8 $(DESTDIR)$(PREFIX)/share/man/man8/cordonctl.8
	install -D -m 0644 Documentation/man/cordon-policy.5 $(DESTDIR)$(PREFIX)/share/man/man5/cordon-policy.5
	install -D -m 0644 Documentation/man/cordon-manifest.5 $(DESTDIR)$(PREFIX)/share/man/man5/cordon-manifest.5
	install -D -m 0644 policy/default.cpol $(DESTDIR)$(PREFIX)/share/cordon/default.cpol
	@# the OCI hook for podman, CRI-O and every runtime reading hooks.d
	install -d $(DESTDIR)$(PREFIX)/share/containers/oci/hooks.d
	sed 's|/usr/local/sbin/cordonctl|$(PREFIX)/sbin/cordonctl|' userspace/oci/cordon.json \
		>$(DESTDIR)$(PREFIX)/share/containers/oci/hooks.d/cordon.json

clean:
	rm -rf $(B)/userspace $(B)/guest

distclean:
	rm -rf $(B)
