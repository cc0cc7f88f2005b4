#!/bin/sh
# Build newlib's libc.a and libm.a for nanvix functions with the host gcc.
#
# usage: build-newlib.sh OUTDIR [TARBALL]
#
# TARBALL defaults to Debian's newlib-source package. NEWLIB_JOBS sets
# the parallel make jobs (default: the number of CPUs).
#
# Installs OUTDIR/include, OUTDIR/lib/libc.a and OUTDIR/lib/libm.a, then
# writes OUTDIR/$NEWLIB_STAMP_NAME (libposix/build.mk names it after the
# configuration, so a changed configuration rebuilds). Debian ships no x86_64-elf cross compiler, but the
# host gcc already emits x86-64 ELF code, so newlib is configured for the
# x86_64-elf target with the host tools standing in for the cross ones.
set -eu

out=${1:?usage: build-newlib.sh OUTDIR [TARBALL]}
stamp=${NEWLIB_STAMP_NAME:-.stamp}
tarball=${2:-/usr/src/newlib/newlib-3.3.0.tar.xz}
jobs=${NEWLIB_JOBS:-$(nproc)}

# Variables from a calling make (BUILD=..., V=1) must not reach newlib's
# makefiles, which have their own meaning for some of those names.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

if [ ! -f "$tarball" ]; then
	echo "build-newlib: newlib source not found (path=$tarball);" \
		"install newlib-source with tools/install-deps.sh" >&2
	exit 1
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$out.work
rm -rf "$work" "$out/include" "$out/lib" "$out"/.stamp*
mkdir -p "$work/src" "$work/obj" "$work/stage"

# Reports a failed step with the end of its log, which CI output shows.
fail() {
	echo "build-newlib: $1 failed (log=$2)" >&2
	tail -n 30 "$2" >&2
	exit 1
}

# The Debian tarball's top directory is not named after the version.
tar -xf "$tarball" -C "$work/src" --strip-components=1

# -nostdinc keeps the host's /usr/include out of the build, so a header
# newlib lacks fails here, not silently later. The host gcc defines
# __linux__, which would make newlib's sys/config.h expect a Linux-style
# __getreent(), so those macros are undefined.
gccinc=$(gcc -print-file-name=include)
cflags="-ffreestanding -fno-pic -fno-pie -fno-stack-protector"
cflags="$cflags -fcf-protection=none -O2 -g -mcmodel=small"
# newlib's assembly files lack .note.GNU-stack, which would make every
# function ask for an executable stack.
cflags="$cflags -Wa,--noexecstack"
cflags="$cflags -nostdinc -isystem $gccinc"
cflags="$cflags -U__linux__ -U__linux -Ulinux -U__gnu_linux__"

cd "$work/obj"
"$work/src/configure" \
	--target=x86_64-elf \
	--prefix="$work/stage" \
	--disable-multilib \
	--disable-nls \
	--disable-newlib-supplied-syscalls \
	--enable-newlib-io-long-long \
	--enable-newlib-io-c99-formats \
	--enable-newlib-io-long-double \
	--disable-newlib-reent-small \
	CC_FOR_TARGET=gcc \
	CXX_FOR_TARGET=g++ \
	GCC_FOR_TARGET=gcc \
	AR_FOR_TARGET=ar \
	AS_FOR_TARGET=as \
	LD_FOR_TARGET=ld \
	NM_FOR_TARGET=nm \
	OBJDUMP_FOR_TARGET=objdump \
	RANLIB_FOR_TARGET=ranlib \
	READELF_FOR_TARGET=readelf \
	STRIP_FOR_TARGET=strip \
	CFLAGS_FOR_TARGET="$cflags" \
	>"$work/configure.log" 2>&1 || fail configure "$work/configure.log"

# Only the target library: the top level would also build libgloss,
# which nanvix replaces with libposix.
make -j"$jobs" all-target-newlib >"$work/make.log" 2>&1 ||
	fail make "$work/make.log"
make install-target-newlib >"$work/install.log" 2>&1 ||
	fail install "$work/install.log"

mv "$work/stage/x86_64-elf/include" "$out/include"
mv "$work/stage/x86_64-elf/lib" "$out/lib"
rm -rf "$work"
touch "$out/$stamp"
