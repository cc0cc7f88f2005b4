#!/bin/sh
# Compile and run one GCC C torture execution test at one optimization
# level in a nanvix userVM, and print one result line:
# "PASS NAME (OPTIONS)", "FAIL NAME (OPTIONS): REASON" or
# "SKIP NAME (OPTIONS): REASON".
#
# usage: run-one.sh BUILD_DIR 'NAME|INDEX|OPTIONS'
#
# NAME is the test's path under BUILD_DIR/torture/src, such as
# 920501-1.c or ieee/fp-cmp-1.c, OPTIONS the optimization options and
# INDEX their position in run.sh's list. run.sh calls this through
# xargs. The compiler output and the output of nanvix run go to
# BUILD_DIR/torture/out/NAME-INDEX.txt, with '/' in NAME as '_'.
set -u

build=$1
name=${2%%|*}
rest=${2#*|}
index=${rest%%|*}
level=${rest#*|}
work=$build/torture
src=$work/src/$name
base=$(echo "${name%.c}" | tr / _)-$index
elf=$work/bin/$base.elf
out=$work/out/$base.txt

# Print the options of the test's dg-options and dg-additional-options
# lines that apply to x86_64 Linux: those with no target selector, and
# those whose selector names x86_64 but not ia32 (the -m32 multilib).
# A "target { ! signal }" selector applies too, because a nanvix
# function cannot catch a hardware fault such as SIGFPE with signal().
dg_options() {
	sed -n 's/.*{ *dg-\(additional-\)\{0,1\}options *{\{0,1\} *"\([^"]*\)" *}\{0,1\}\(.*\)/\2|\3/p' \
		"$src" |
	while IFS='|' read -r opts selector; do
		case $selector in
		*target*ia32*) ;;
		*target*x86_64*) printf ' %s' "$opts" ;;
		*"target { ! signal }"*) printf ' %s' "$opts" ;;
		*target*) ;;
		*) printf ' %s' "$opts" ;;
		esac
	done
}

# Print the option that makes a dg-skip-if line for every target
# ("*-*-*") skip the test, such as "-O1", one a line.
dg_skip_options() {
	sed -n 's/.*{ *dg-skip-if *"[^"]*" *{ *\*-\*-\* *} *"\([^"]*\)".*/\1/p' \
		"$src"
}

# The ieee tests get the options of GCC's ieee.exp for x86_64 without
# signal handlers, and the unconditional "lappend additional_flags"
# lines of the test's .x file.
ieee_options() {
	case $name in
	ieee/*)
		printf ' %s' -fno-inline -DSIGNAL_SUPPRESS
		if [ -f "${src%.c}.x" ]; then
			sed -n 's/^lappend additional_flags / /p' "${src%.c}.x" |
				tr -d '"\n'
		fi
		;;
	esac
}

for opt in $(dg_skip_options); do
	case " $level " in
	*" $opt "*)
		echo "SKIP $name ($level): dg-skip-if $opt"
		exit 0
		;;
	esac
done

# The GCC testsuite compiles each test with -w after the level's options.
cflags="$level -w$(ieee_options)$(dg_options)"

# shellcheck disable=SC2086 # cflags is a list of options
if ! "$build/bin/nanvix-cc" $cflags -o "$elf" "$src" >"$out" 2>&1; then
	echo "FAIL $name ($level): compile failed (cflags=$cflags)"
	exit 0
fi

"$build/bin/nanvix" run --timeout 10 "$elf" </dev/null >>"$out" 2>&1
status=$?
if [ $status -eq 0 ]; then
	# Keep only the executables of failed runs, to save disk space.
	rm -f "$elf"
	echo "PASS $name ($level)"
else
	echo "FAIL $name ($level): exit status $status"
fi
