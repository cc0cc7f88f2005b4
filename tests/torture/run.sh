#!/bin/sh
# Run the GCC C torture execution tests, each as a nanvix function.
#
# usage: tests/torture/run.sh BUILD_DIR
#
# Takes the tests from Debian's gcc-12-source package (GCC 12.2.0) and
# extracts the *.c files of gcc/testsuite/gcc.c-torture/execute and of
# its ieee subdirectory to BUILD_DIR/torture/src once. Each test is
# compiled with nanvix-cc at each of the optimization levels the GCC
# testsuite uses, without LTO, and run with nanvix run. A run passes if
# the test exits with status 0: the tests call abort() or exit(1) on a
# wrong result.
#
# Tests listed in exclude.txt are skipped. BUILD_DIR/torture/results.log
# gets one line per test and level, BUILD_DIR/torture/out the compiler
# and run output of each, and BUILD_DIR/torture/bin the executables of
# the failed runs. Environment variables:
#   TORTURE_JOBS         number of runs at once (default: 2)
#   TORTURE_TESTS        names of the tests to run, space-separated, such
#                        as "920501-1.c ieee/fp-cmp-1.c" (default: all)
#   TORTURE_OPTIONS      optimization levels, separated by ';', such as
#                        "-O0;-O2" (default: GCC's six levels)
#   TORTURE_MIN_PERCENT  percentage of the runs that must pass
#                        (default: 100)
#
# Exits with status 1 if a smaller share of the runs of the tests that
# are not excluded pass.
set -eu

if [ $# -ne 1 ]; then
	echo "usage: tests/torture/run.sh BUILD_DIR" >&2
	exit 2
fi
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
work=$build/torture
tarball=${GCC_SOURCE_TARBALL:-/usr/src/gcc-12/gcc-12.2.0-dfsg.tar.xz}
member=gcc-12.2.0/gcc/testsuite/gcc.c-torture/execute
jobs=${TORTURE_JOBS:-2}
min_percent=${TORTURE_MIN_PERCENT:-100}

if ! "$here/../kvm-available.sh"; then
	echo "SKIPPED: /dev/kvm is not available or not usable by $(id -un);" \
		"the GCC torture suite did not run"
	exit 0
fi

# The default torture options of GCC 12's gcc-dg.exp.
default_options="-O0;-O1;-O2;\
-O3 -fomit-frame-pointer -funroll-loops -fpeel-loops -ftracer -finline-functions;\
-O3 -g;-Os"
options=${TORTURE_OPTIONS:-$default_options}

# Extract once: the stamp is written only after tar succeeds. The tests
# include gcc_tmpnam.h, and the .x files contain options of ieee tests.
if [ ! -f "$work/src/.stamp" ]; then
	if [ ! -f "$tarball" ]; then
		echo "torture: GCC source not found (path=$tarball);" \
			"install gcc-12-source with tools/install-deps.sh" >&2
		exit 1
	fi
	echo "torture: extracting the tests from $tarball"
	rm -rf "$work/src"
	mkdir -p "$work/src"
	tar -xJf "$tarball" -C "$work/src" --strip-components=5 \
		--wildcards --no-wildcards-match-slash \
		"$member/*.c" "$member/gcc_tmpnam.h" \
		"$member/ieee/*.c" "$member/ieee/*.x"
	touch "$work/src/.stamp"
fi

rm -rf "${work:?}/bin" "${work:?}/out"
mkdir -p "$work/bin" "$work/out"
log=$work/results.log
: >"$log"

# The names in exclude.txt, one a line, without the reasons and comments.
excluded=$(sed -e 's/#.*//' -e 's/[[:space:]].*//' -e '/^$/d' \
	"$here/exclude.txt")

if [ -n "${TORTURE_TESTS:-}" ]; then
	tests=$TORTURE_TESTS
	for t in $tests; do
		if [ ! -f "$work/src/$t" ]; then
			echo "torture: test not found (name=$t, directory=$work/src);" \
				"name a file there, such as ieee/fp-cmp-1.c" >&2
			exit 2
		fi
	done
else
	tests=$(cd "$work/src" && ls -- *.c ieee/*.c)
fi

# One line per run for run-one.sh: "NAME|INDEX|OPTIONS".
list=$work/runs.txt
: >"$list"
excluded_count=0
for t in $tests; do
	if echo "$excluded" | grep -qxF "$t"; then
		echo "SKIP $t: excluded" >>"$log"
		excluded_count=$((excluded_count + 1))
		continue
	fi
	echo "$options" | tr ';' '\n' | awk -v t="$t" '{ print t "|" NR "|" $0 }' \
		>>"$list"
done

start=$(date +%s)
xargs -P "$jobs" -I RUN "$here/run-one.sh" "$build" RUN <"$list" >>"$log"
elapsed=$(($(date +%s) - start))

passed=$(grep -c '^PASS ' "$log" || true)
failed=$(grep -c '^FAIL ' "$log" || true)
skipped=$(grep -c '^SKIP ' "$log" || true)

grep '^FAIL ' "$log" | sort || true
echo "torture: $(echo "$tests" | wc -w) tests, $excluded_count excluded;" \
	"$((passed + failed)) runs in ${elapsed}s with $jobs jobs;" \
	"results in $log"
echo "$passed passed, $failed failed, $skipped skipped"

if [ $((passed * 100)) -lt $(((passed + failed) * min_percent)) ]; then
	echo "torture: fewer than ${min_percent}% of the runs passed;" \
		"see the FAIL lines above and $work/out" >&2
	exit 1
fi
