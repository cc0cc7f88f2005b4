#!/bin/bash
# In-VM integration tests: boots the functions in tests/functions/*.c with
# the sanitized CLI (AddressSanitizer and UBSan on the host side) and
# checks exit status, stdout and stderr of each run byte for byte.
#
# usage: tests/functions/run.sh BUILD_DIR
#
# Prints PASS or FAIL per case, with expected and actual values on a
# failure, and ends with "N passed, M failed". Exits 1 if a case failed,
# and 0 with a SKIPPED line if /dev/kvm cannot be used.
set -u

if [ $# -ne 1 ]; then
	echo "usage: $0 BUILD_DIR" >&2
	exit 2
fi
build=$(cd "$1" && pwd) || exit 2
src=$(cd "$(dirname "$0")" && pwd)
nanvix=$build/bin/nanvix-asan
functions=$build/tests/functions
testtool=$functions/testtool
hostcc=${HOSTCC:-gcc}

if ! "$src/../kvm-available.sh"; then
	echo "SKIPPED: /dev/kvm is not available or not usable by $(id -un);" \
		"the in-VM integration tests did not run"
	exit 0
fi


if [ ! -x "$nanvix" ]; then
	echo "run.sh: missing $nanvix; run 'make $1/bin/nanvix-asan'" >&2
	exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/nanvix-tests.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT

# The sanitizers exit with status 99 so a report cannot pass for a
# function's own status, and print their report on stderr, which every
# case checks.
export ASAN_OPTIONS=exitcode=99:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:exitcode=99

# The CLI finds the kernels next to its own directory; the "kernels
# found" case below checks that lookup. The other cases name them through
# the documented environment overrides, which the malformed-file cases
# also use to prove that nothing boots.
kernel_env=(NANVIX_MICROKERNEL="$build/microkernel/microkernel.elf"
	NANVIX_MACROKERNEL="$build/macrokernel/macrokernel.elf")
export "${kernel_env[@]}"

passed=0
failed=0
case_name=
problems=

# ---------------------------------------------------------------- harness

begin() {
	case_name=$1
	problems=
}

fail_check() {
	problems+="    $1"$'\n'
}

finish() {
	if [ -z "$problems" ]; then
		echo "PASS $case_name"
		passed=$((passed + 1))
	else
		echo "FAIL $case_name"
		printf '%s' "$problems"
		failed=$((failed + 1))
	fi
}

# Print up to 300 bytes of a file as a shell-quoted string.
show() {
	local text

	text=$(head -c 300 "$1"; echo x)
	text=${text%x}
	printf '%q' "$text"
	if [ "$(stat -c %s "$1")" -gt 300 ]; then
		printf '... (%s bytes)' "$(stat -c %s "$1")"
	fi
}

# Run nanvix with the given arguments; stdin comes from $input (default
# /dev/null). Sets rc and fills $work/out and $work/err. A run that
# outlives 60 s is killed and reported as status 137.
input=/dev/null
run() {
	timeout -s KILL 60 "$nanvix" "$@" <"$input" >"$work/out" 2>"$work/err"
	rc=$?
}

expect_status() {
	if [ "$rc" != "$1" ]; then
		fail_check "status: expected $1, got $rc"
	fi
}

# Compare a file (default: stdout) with the expected text, byte for byte.
expect_output() {
	local file=${2:-$work/out}

	printf '%s' "$1" >"$work/expected"
	if ! cmp -s "$work/expected" "$file"; then
		fail_check "$(basename "$file"): expected $(show "$work/expected"), got $(show "$file")"
	fi
}

expect_stdout_empty() {
	expect_output "" "$work/out"
}

expect_stderr_empty() {
	expect_output "" "$work/err"
}

# Check that stderr is exactly one line and matches an extended regex.
expect_stderr_line() {
	local lines

	lines=$(wc -l <"$work/err")
	if [ "$lines" != 1 ] || [ "$(tail -c 1 "$work/err" | od -An -c)" != '  \n' ]; then
		fail_check "stderr: expected one line, got $lines: $(show "$work/err")"
	elif ! grep -qE "$1" "$work/err"; then
		fail_check "stderr: expected a line matching /$1/, got $(show "$work/err")"
	fi
}

expect_sha256() {
	local want got

	want=$(sha256sum <"$1" | cut -d' ' -f1)
	got=$(sha256sum <"$2" | cut -d' ' -f1)
	if [ "$want" != "$got" ]; then
		fail_check "$(basename "$2"): expected sha256 $want ($(stat -c %s "$1") bytes), got $got ($(stat -c %s "$2") bytes)"
	fi
}

# ---------------------------------------------------------------- build

mkdir -p "$functions"
begin "compile test functions"
for file in "$src"/*.c; do
	name=$(basename "$file" .c)
	if ! "$build/bin/nanvix-cc" -O2 -Wall -Wextra -Werror -I"$src" \
		-o "$functions/$name.elf" "$file" 2>"$work/err"; then
		fail_check "nanvix-cc $name.c failed: $(cat "$work/err")"
	fi
done
if ! $hostcc -std=gnu11 -O2 -Wall -Wextra -Werror -o "$testtool" \
	"$src/host/testtool.c" 2>"$work/err"; then
	fail_check "$hostcc testtool.c failed: $(cat "$work/err")"
fi
finish

# ---------------------------------------------------------------- startup

begin "kernels found"
env -u NANVIX_MICROKERNEL -u NANVIX_MACROKERNEL \
	timeout -s KILL 60 "$nanvix" run "$functions/hello.elf" \
	</dev/null >"$work/out" 2>"$work/err"
rc=$?
expect_status 0
expect_output $'hello from a nanvix function\n'
expect_stderr_empty
finish

begin "hello"
run run "$functions/hello.elf"
expect_status 0
expect_output $'hello from a nanvix function\n'
expect_stderr_empty
finish

# ---------------------------------------------------------------- arguments

begin "argv and envp"
run run -e GREETING=hi -e 'A=b=c' -e 'EMPTY=' "$functions/args.elf" \
	one 'two words' '' $'tab\tnewline\n"quote" \xc3\xa9'
expect_status 0
expect_output "argc=5
argv[0]=$functions/args.elf
argv[1]=one
argv[2]=two words
argv[3]=
argv[4]=$(printf 'tab\tnewline\n"quote" \xc3\xa9')
envp[0]=GREETING=hi
envp[1]=A=b=c
envp[2]=EMPTY=
GREETING=hi
"
expect_stderr_empty
finish

begin "empty environment"
run run "$functions/args.elf"
expect_status 0
expect_output "argc=1
argv[0]=$functions/args.elf
GREETING=(unset)
"
expect_stderr_empty
finish

# Run argsum.elf with the lines of $work/args as arguments and compare
# its checksum line with the one testtool computes.
check_argsum() {
	local args

	mapfile -t args <"$work/args"
	run run "$@" "$functions/argsum.elf" "${args[@]}"
	expect_status 0
	expect_output "$("$testtool" argsum "${args[@]}")"$'\n'
	expect_stderr_empty
}

begin "arguments 4 KiB"
head -c 3072 /dev/urandom | base64 -w 63 >"$work/args"
check_argsum
finish

begin "arguments 64 KiB"
head -c 49152 /dev/urandom | base64 -w 4095 >"$work/args"
check_argsum
finish

begin "arguments 240 KiB"
head -c 184320 /dev/urandom | base64 -w 61440 >"$work/args"
check_argsum
finish

begin "arguments 240 KiB 8M guest"
check_argsum --memory 8M
finish

begin "arguments 300 KiB rejected"
head -c 230400 /dev/urandom | base64 -w 61440 >"$work/args"
mapfile -t args <"$work/args"
run run "$functions/argsum.elf" "${args[@]}"
expect_status 125
expect_stdout_empty
expect_stderr_line '^nanvix: arguments and environment too large \(bytes=3[0-9]{5}, max=262144\)$'
finish

begin "environment 300 KiB rejected"
run run -e "BIG=${args[0]}" -e "BIG2=${args[1]}" -e "BIG3=${args[2]}" \
	-e "BIG4=${args[3]}" -e "BIG5=${args[4]}" "$functions/argsum.elf"
expect_status 125
expect_stdout_empty
expect_stderr_line '^nanvix: arguments and environment too large \(bytes=3[0-9]{5}, max=262144\)$'
finish

# ---------------------------------------------------------------- exit status

begin "exit status 0-255"
mismatches=0
for status in $(seq 0 255); do
	run run "$functions/status.elf" "$status"
	if [ "$rc" != "$status" ] || [ -s "$work/out" ] || [ -s "$work/err" ]; then
		mismatches=$((mismatches + 1))
		if [ $mismatches -le 5 ]; then
			fail_check "status.elf $status: got status $rc, stdout $(show "$work/out"), stderr $(show "$work/err")"
		fi
	fi
done
if [ $mismatches -gt 5 ]; then
	fail_check "$mismatches of 256 statuses wrong (first 5 shown)"
fi
finish

begin "exit status modulo 256"
run run "$functions/status.elf" 300
expect_status 44
expect_stderr_empty
finish

begin "return from main"
run run "$functions/status.elf" 42 return
expect_status 42
expect_output "pending atexit"
expect_stderr_empty
finish

begin "exit flushes stdio"
run run "$functions/status.elf" 43 exit
expect_status 43
expect_output "pending atexit"
expect_stderr_empty
finish

begin "_exit skips stdio"
run run "$functions/status.elf" 44 _exit
expect_status 44
expect_stdout_empty
expect_stderr_empty
finish

# ---------------------------------------------------------------- output

big=$((8 * 1024 * 1024))
"$testtool" pattern $big >"$work/pattern"

begin "stdout 8 MiB"
run run "$functions/bigout.elf" 1 $big
expect_status 0
expect_sha256 "$work/pattern" "$work/out"
expect_stderr_empty
finish

begin "stderr 8 MiB"
run run "$functions/bigout.elf" 2 $big
expect_status 0
expect_stdout_empty
expect_sha256 "$work/pattern" "$work/err"
finish

begin "stdout to a pipe"
timeout -s KILL 60 "$nanvix" run "$functions/bigout.elf" 1 $big \
	</dev/null 2>"$work/err" | cat >"$work/out"
rc=${PIPESTATUS[0]}
expect_status 0
expect_sha256 "$work/pattern" "$work/out"
expect_stderr_empty
finish

begin "stdout stderr order"
timeout -s KILL 60 "$nanvix" run "$functions/interleave.elf" \
	</dev/null >"$work/out" 2>&1
rc=$?
expected=
for i in $(seq 0 199); do
	if [ $((i % 7)) -lt 3 ]; then
		expected+="out $i"$'\n'
	else
		expected+="err $i"$'\n'
	fi
done
expect_status 0
expect_output "$expected"
finish

begin "concurrent userVMs in one tenant"
timeout -s KILL 120 "$build/tests/concurrent" \
	"$build/macrokernel/macrokernel.elf" \
	"$build/microkernel/microkernel.elf" "$functions/bigout.elf" \
	>"$work/out" 2>"$work/err"
rc=$?
expect_status 0
expect_output $'8 userVMs in one tenant: every output intact\n'
expect_stderr_empty
finish

begin "writev"
run run "$functions/writev.elf"
expect_status 0
expect_output $'one two three\n'
expect_stderr_empty
finish

# ---------------------------------------------------------------- input

begin "stdin 1 MiB random"
head -c 1048576 /dev/urandom >"$work/random"
input=$work/random run run "$functions/cat.elf"
expect_status 0
expect_sha256 "$work/random" "$work/out"
expect_stderr_empty
finish

begin "stdin from a pipe"
cat "$work/random" | timeout -s KILL 60 "$nanvix" run "$functions/cat.elf" \
	>"$work/out" 2>"$work/err"
rc=${PIPESTATUS[1]}
expect_status 0
expect_sha256 "$work/random" "$work/out"
expect_stderr_empty
finish

begin "stdin text"
printf 'first line\n\nthird line, no newline' >"$work/text"
input=$work/text run run "$functions/cat.elf"
expect_status 0
expect_output $'first line\n\nthird line, no newline'
expect_stderr_empty
finish

begin "stdin empty"
run run "$functions/cat.elf"
expect_status 0
expect_stdout_empty
expect_stderr_empty
finish

# ---------------------------------------------------------------- memory

begin "malloc many sizes"
run run "$functions/memory.elf" sizes
expect_status 0
expect_output $'ok\n'
expect_stderr_empty
finish

begin "malloc 32 MiB"
run run --memory 128M "$functions/memory.elf" large
expect_status 0
expect_output $'ok\n'
expect_stderr_empty
finish

begin "mmap and munmap"
run run "$functions/memory.elf" mmap
expect_status 0
expect_output $'ok\n'
expect_stderr_empty
finish

begin "malloc past guest RAM"
run run "$functions/memory.elf" exhaust
expect_status 0
expect_output $'ok\n'
expect_stderr_empty
finish

begin "malloc past 8M guest RAM"
run run --memory 8M "$functions/memory.elf" exhaust
expect_status 0
expect_output $'ok\n'
expect_stderr_empty
finish

# ---------------------------------------------------------------- time

begin "clocks"
before=$(date +%s)
run run "$functions/clock.elf"
after=$(date +%s)
expect_status 0
expect_stderr_empty
guest=$(sed -n 's/^realtime=\([0-9]*\)$/\1/p' "$work/out")
if [ -z "$guest" ]; then
	fail_check "stdout: expected realtime=SECONDS, got $(show "$work/out")"
else
	expect_output "realtime=$guest"$'\nok\n'
	if [ "$guest" -lt $((before - 2)) ] || [ "$guest" -gt $((after + 2)) ]; then
		fail_check "guest time $guest is not within 2 s of host time [$before, $after]"
	fi
fi
finish

# ---------------------------------------------------------------- faults

check_fault() {
	local mode=$1 status=$2 pattern=$3

	begin "fault $mode"
	run run "$functions/fault.elf" "$mode"
	expect_status "$status"
	expect_stdout_empty
	expect_stderr_line "^nanvix: function fault: $pattern"
	finish
}

hex='0x[0-9a-f]+'
check_fault null-read 139 "page fault: read of unmapped address 0 \(rip=$hex\)$"
check_fault null-write 139 "page fault: write of unmapped address 0 \(rip=$hex\)$"
check_fault divide 136 "divide error \(vector=0, rip=$hex, error=0\)$"
check_fault stack 139 "stack overflow \(address=$hex, rip=$hex\)$"
check_fault write-text 139 "page fault: write of protected address $hex \(rip=$hex\)$"
check_fault exec-data 139 "page fault: execute of protected address ($hex) \(rip=$hex\)$"
check_fault ud2 132 "invalid opcode \(vector=6, rip=$hex, error=0\)$"

begin "hello after faults"
run run "$functions/hello.elf"
expect_status 0
expect_output $'hello from a nanvix function\n'
expect_stderr_empty
finish

begin "output before a fault"
run run "$functions/report.elf" print-then-fault
expect_status 139
expect_output $'before the fault\n'
expect_stderr_line "^nanvix: function fault: page fault: write of unmapped address 0 "
finish

check_report() {
	begin "$1"
	run run "$functions/report.elf" "$2"
	expect_status 0
	expect_output "$3"
	expect_stderr_empty
	finish
}

check_report "fstat of stdout" fstat $'chr=1 nlink=1\n'
check_report "thread-local variables" thread-local $'counter=42 zeroed=2\n'
check_report "long double printf" long-double $'1.189731e+4932 1e+4000\n'

begin "stack frame past the guard"
run run "$functions/report.elf" big-frame
expect_status 139
expect_stdout_empty
expect_stderr_line "^nanvix: function fault: stack overflow "
finish

begin "host write error reported"
timeout -s KILL 60 "$nanvix" run "$functions/report.elf" write-errors \
	</dev/null >/dev/full 2>"$work/err"
rc=$?
expect_status 0
expect_stderr_line '^(write|close) failed: No space left on device$'
finish

begin "closed stdin and stdout"
input=/dev/null
timeout -s KILL 60 "$nanvix" run "$functions/cat.elf" <&- >&- 2>"$work/err"
rc=$?
expect_status 0
expect_stderr_empty
finish

# System calls given an address the function cannot access must fail
# with EFAULT or fault, never read or write it on the function's behalf.
# check_badptr NAME read|write ADDRESS
check_badptr() {
	begin "$1"
	input=$work/text run run "$functions/badptr.elf" "$2" "$3"
	if [ "$rc" = 139 ]; then
		expect_stderr_line "^nanvix: function fault: page fault: "
	else
		expect_status 0
		expect_stderr_empty
	fi
	expect_stdout_empty
	finish
}

# The first page of the microkernel's writable segment (.data, .bss).
kernel_data=$(readelf -lW "$build/microkernel/microkernel.elf" |
	awk '$1 == "LOAD" && $7 ~ /W/ { print $3; exit }')
check_badptr "read into NULL" read 0
check_badptr "read into kernel data" read "$kernel_data"
check_badptr "write from NULL" write 0
check_badptr "write from kernel text" write 0x100000

begin "executable is a FIFO"
mkfifo "$work/fifo"
start=$(date +%s%N)
run run "$work/fifo"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
expect_status 125
expect_stderr_line "^nanvix: .*fifo is not a regular file$"
if [ $elapsed_ms -gt 5000 ]; then
	fail_check "elapsed: expected under 5000 ms, got $elapsed_ms ms"
fi
finish

begin "timeout below a nanosecond"
run run --timeout 0.0000000001 "$functions/spin.elf"
expect_status 124
expect_stdout_empty
expect_stderr_line '^nanvix: function timed out after 0\.000 s$'
finish

begin "timeout endless loop"
start=$(date +%s%N)
run run --timeout 1 "$functions/spin.elf"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
expect_status 124
expect_stdout_empty
expect_stderr_line '^nanvix: function timed out after 1\.000 s$'
if [ $elapsed_ms -lt 1000 ] || [ $elapsed_ms -gt 4000 ]; then
	fail_check "elapsed: expected 1000-4000 ms, got $elapsed_ms ms"
fi
finish

# ---------------------------------------------------------------- rejected files

# A rejected file must not boot anything: with kernel paths that do not
# exist, a boot attempt would fail with a different message.
reject_env=(NANVIX_MICROKERNEL=/nonexistent/microkernel.elf
	NANVIX_MACROKERNEL=/nonexistent/macrokernel.elf)

# check_reject NAME REGEX [nanvix run arguments...]
check_reject() {
	local name=$1 pattern=$2

	shift 2
	begin "$name"
	env "${reject_env[@]}" timeout -s KILL 60 "$nanvix" run "$@" \
		</dev/null >"$work/out" 2>"$work/err"
	rc=$?
	expect_status 125
	expect_stdout_empty
	expect_stderr_line "$pattern"
	finish
}

hello=$functions/hello.elf
bad=$work/bad
mkdir "$bad"
# The end of the last PT_LOAD's data in the file: every cut below it
# loses part of the image.
load_end=$(readelf -lW "$hello" | awk '$1 == "LOAD" {
	end = strtonum($2) + strtonum($5); if (end > max) max = end }
	END { print max }')
for cut in 10 63 64 100 4196 $((load_end / 2)) $((load_end - 1)); do
	head -c $cut "$hello" >"$bad/cut-$cut.elf"
	check_reject "truncated at $cut bytes" \
		"^nanvix: invalid executable .*cut-$cut\.elf: truncated file" \
		"$bad/cut-$cut.elf"
done

"$testtool" elf32 "$bad/elf32.elf"
check_reject "32-bit ELF header" \
	"^nanvix: invalid executable .*: 32-bit ELF file" "$bad/elf32.elf"

printf 'int main(void) { return 0; }\n' >"$work/host.c"
if $hostcc -m32 -c -o "$bad/gcc32.o" "$work/host.c" 2>/dev/null; then
	check_reject "32-bit gcc object" \
		"^nanvix: invalid executable .*: 32-bit ELF file" "$bad/gcc32.o"
fi

check_reject "dynamic /bin/true" \
	"^nanvix: invalid executable /bin/true: (dynamically linked|position-independent)" \
	/bin/true

if $hostcc -no-pie -o "$bad/dynamic.elf" "$work/host.c" 2>/dev/null; then
	check_reject "dynamic non-PIE program" \
		"^nanvix: invalid executable .*: dynamically linked executable" \
		"$bad/dynamic.elf"
fi

"$testtool" patch "$hello" "$bad/pie.elf" type 3
check_reject "PIE e_type" \
	"^nanvix: invalid executable .*: position-independent executable" \
	"$bad/pie.elf"

if $hostcc -static-pie -o "$bad/static-pie.elf" "$work/host.c" 2>/dev/null; then
	check_reject "static PIE program" \
		"^nanvix: invalid executable .*: position-independent executable" \
		"$bad/static-pie.elf"
fi

"$testtool" patch "$hello" "$bad/no-load.elf" no-load
check_reject "no loadable segment" \
	"^nanvix: invalid executable .*: no loadable segment$" \
	"$bad/no-load.elf"

outside="^nanvix: invalid executable .*: segment outside guest memory"
"$testtool" patch "$hello" "$bad/low.elf" load-vaddr 0x1000
check_reject "segment below image" "$outside" "$bad/low.elf"
"$testtool" patch "$hello" "$bad/high.elf" load-vaddr 0x7fff00000000
check_reject "segment above memory" "$outside" "$bad/high.elf"
"$testtool" patch "$hello" "$bad/wrap.elf" load-vaddr 0xfffffffffffff000
check_reject "segment address wraps" "$outside" "$bad/wrap.elf"
"$testtool" patch "$hello" "$bad/memsz.elf" load-memsz 0xffffffffffff0000
check_reject "segment size wraps" "$outside" "$bad/memsz.elf"
"$testtool" patch "$hello" "$bad/16m.elf" load-vaddr 0x1000000
check_reject "segment past 8M guest" "$outside" --memory 8M "$bad/16m.elf"

printf '#!/bin/sh\n# A shell script is not an ELF file, and this one is\n# longer than an ELF header.\necho hello\n' >"$bad/script.elf"
check_reject "non-ELF file" \
	"^nanvix: invalid executable .*: not an ELF file$" "$bad/script.elf"

printf '#!/bin/sh\necho hello\n' >"$bad/short.elf"
check_reject "short non-ELF file" \
	"^nanvix: invalid executable .*: not an ELF file$" "$bad/short.elf"

: >"$bad/empty.elf"
check_reject "empty file" \
	"^nanvix: invalid executable .*: not an ELF file" \
	"$bad/empty.elf"

check_reject "missing file" \
	"^nanvix: cannot open $bad/missing\.elf: No such file or directory$" \
	"$bad/missing.elf"

check_reject "directory" "^nanvix: $bad is not a regular file$" "$bad"

# ---------------------------------------------------------------- options

check_reject "memory 1K" "^nanvix: invalid memory size 1024 bytes" \
	--memory 1K "$hello"
check_reject "memory 5G" "^nanvix: invalid memory size 5368709120 bytes" \
	--memory 5G "$hello"
check_reject "memory abc" "^nanvix: invalid memory size 'abc'" \
	--memory abc "$hello"
check_reject "timeout abc" "^nanvix: invalid timeout 'abc'" \
	--timeout abc "$hello"
check_reject "timeout negative" "^nanvix: invalid timeout '-1'" \
	--timeout -1 "$hello"
check_reject "tenant bad name" "^nanvix: invalid tenant name 'bad name!'" \
	--tenant 'bad name!' "$hello"
check_reject "env without =" "^nanvix: invalid environment entry 'NOVALUE'" \
	-e NOVALUE "$hello"
check_reject "missing FILE" "^nanvix: missing FILE\.elf"
# getopt prints its own line before the hint, so this takes two lines.
begin "unknown option"
run run --bogus "$hello"
expect_status 125
expect_stdout_empty
grep -q -e "--bogus" "$work/err" ||
	fail_check "stderr: expected a mention of --bogus, got $(show "$work/err")"
tail -n 1 "$work/err" | grep -qx "nanvix: run 'nanvix run --help' for usage" ||
	fail_check "stderr: expected a last line pointing to --help, got $(show "$work/err")"
finish

begin "nanvix --help"
run --help
expect_status 0
expect_stderr_empty
for word in run bench --help; do
	grep -q -e "$word" "$work/out" || fail_check "stdout does not mention $word"
done
finish

begin "nanvix run --help"
run run --help
expect_status 0
expect_stderr_empty
for word in --tenant --memory --timeout '-e KEY=VALUE' --help FILE.elf; do
	grep -q -e "$word" "$work/out" || fail_check "stdout does not mention $word"
done
finish

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
