# cordon: the one entry point.
#
#   make demo          build, boot under QEMU + swtpm, show cordon working
#   make check         every test (userspace, KUnit, kselftests in the guest)
#   make check-debug   the kselftests and KUnit on a debug 6.12 kernel (KASAN,
#                      lockdep, kmemleak, failslab...): fails on any splat
#   make storm         10,000 signed policy loads while containers hammer
#                      the hooks (STORM_LOADS=N)
#   make kernel        build the cordon kernel (KVER=6.12|6.1, or KSRC=PATH)
#   make kernel-patch  write build/cordon-linux-$(KVER).patch for packagers
#   make guest         build the guest initramfs
#   make shell         interactive guest shell
#   make userspace     build cordonctl
#   make bench         benchmarks: policy compile, attestation, manifest
#                      (100,000-line allowlist), kernel load, hook
#                      overhead (guest instructions per operation with
#                      cordon on and off, host and container tasks)
#   make fuzz          every libFuzzer target for FUZZ_SECONDS (default 60)
#   make install       install cordonctl, the man pages, the OCI hook, the
#                      boot-time load (systemd unit, initramfs-tools, dracut)
#                      and /etc/cordon (DESTDIR, PREFIX; POLICY, SIGN_KEY and
#                      SIGN_CERT: the policy installed, and signed)
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
# where make install puts the boot-time load
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
INITRAMFS_TOOLS_DIR ?= /usr/share/initramfs-tools
DRACUT_MODULES_DIR ?= /usr/lib/dracut/modules.d
# the policy make install puts in /etc/cordon (if none is there), compiled,
# and signed when SIGN_KEY and SIGN_CERT are given (then always replaced);
# MANIFEST (and MANIFEST.p7s): the attestation manifest put there
POLICY ?= policy/default.cpol
BOOT_SED := -e 's|@SBINDIR@|$(PREFIX)/sbin|g' -e 's|@LIBDIR@|$(PREFIX)/lib/cordon|g'

.PHONY: all deps kernel kernel-patch kernel-patch-test userspace selftests \
	guest check check-debug storm demo bench shell install clean distclean fuzz

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

# the debug kernel lane (build/kbuild-6.12-debug); see README.md for its time
check-debug: deps
	@tests/debug-run

# the reload storm alone, in a boot of its own (make check runs it too);
# see README.md for its time
STORM_LOADS ?= 10000
storm: kernel guest
	@scripts/vm-run --timeout 7200 --append audit=0 -- env STORM_LOADS=$(STORM_LOADS) \
		cordon-guest-tests --no-kunit reload_storm

demo: kernel guest
	@scripts/demo

# figures only: benchmarks assert nothing.  They build their own kernel,
# build/kbuild-6.12-bench (scripts/kconfig/cordon-bench.config: -O2,
# JUMP_LABEL).  hook-bench boots it three times (cordon in lsm=, left out,
# landlock left out too) under QEMU -icount shift=0, where the guest
# clock counts instructions, and prints instructions per operation (getppid,
# files, pipes, unix sockets, SysV and POSIX IPC, signals, /proc, fork, exec,
# mount, setuid) on/off for a host task and an armed container task
bench: kernel guest
	@tests/bench/compile-bench $(B)/userspace/cordonctl
	@tests/bench/attest-bench $(B)/userspace/cordonctl
	@O=$(B)/userspace tests/bench/manifest-bench
	@tests/bench/load-bench
	@tests/bench/hook-bench

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
	@# the load at boot: cordon-load.service, initramfs-tools, dracut
	install -d $(DESTDIR)$(PREFIX)/lib/cordon $(DESTDIR)$(SYSTEMDUNITDIR) \
		$(DESTDIR)$(INITRAMFS_TOOLS_DIR)/hooks \
		$(DESTDIR)$(INITRAMFS_TOOLS_DIR)/scripts/init-premount \
		$(DESTDIR)$(DRACUT_MODULES_DIR)/90cordon
	set -e; for f in $(PREFIX)/lib/cordon/cordon-boot-load:cordon-boot-load:755 \
		$(SYSTEMDUNITDIR)/cordon-load.service:cordon-load.service:644 \
		$(INITRAMFS_TOOLS_DIR)/hooks/cordon:initramfs-tools/hooks/cordon:755 \
		$(INITRAMFS_TOOLS_DIR)/scripts/init-premount/cordon:initramfs-tools/scripts/init-premount/cordon:755 \
		$(DRACUT_MODULES_DIR)/90cordon/module-setup.sh:dracut/90cordon/module-setup.sh:755 \
		$(DRACUT_MODULES_DIR)/90cordon/cordon-load.sh:dracut/90cordon/cordon-load.sh:755; do \
		dst=$${f%%:*}; src=$${f#*:}; mode=$${src#*:}; src=$${src%:*}; \
		sed $(BOOT_SED) userspace/boot/$$src >$(DESTDIR)$$dst; \
		chmod $$mode $(DESTDIR)$$dst; \
	done
	@# /etc/cordon: the settings and the policy (kept if there), keys/
	install -d -m 0755 $(DESTDIR)/etc/cordon
	install -d -m 0700 $(DESTDIR)/etc/cordon/keys $(DESTDIR)/etc/cordon/keys/verifier
	[ -e $(DESTDIR)/etc/cordon/cordon.conf ] || \
		install -m 0644 userspace/boot/cordon.conf $(DESTDIR)/etc/cordon/cordon.conf
	[ -e $(DESTDIR)/etc/cordon/policy.cpol ] || \
		install -m 0644 $(POLICY) $(DESTDIR)/etc/cordon/policy.cpol
	[ -e $(DESTDIR)/etc/cordon/policy.bin ] && [ -z "$(SIGN_KEY)" ] || \
		$(B)/userspace/cordonctl compile $(POLICY) -o $(DESTDIR)/etc/cordon/policy.bin
	[ -z "$(SIGN_KEY)" ] || $(B)/userspace/cordonctl sign --key $(SIGN_KEY) \
		--cert $(SIGN_CERT) -o $(DESTDIR)/etc/cordon/policy.bin.p7s \
		$(DESTDIR)/etc/cordon/policy.bin
	[ -z "$(MANIFEST)" ] || install -m 0644 $(MANIFEST) $(DESTDIR)/etc/cordon/attest.manifest
	[ -z "$(MANIFEST)" ] || [ ! -e $(MANIFEST).p7s ] || \
		install -m 0644 $(MANIFEST).p7s $(DESTDIR)/etc/cordon/attest.manifest.p7s

clean:
	rm -rf $(B)/userspace $(B)/guest

distclean:
	rm -rf $(B)
