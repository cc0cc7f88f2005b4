#!/bin/sh
# Install the Debian packages nanvix needs to build and test, if missing.
set -eu

packages="gcc make binutils libc6-dev linux-libc-dev libcmocka-dev \
newlib-source qemu-system-x86 e2fsprogs gcc-12-source texinfo xz-utils \
python3 clang clang-format git"

missing=""
for p in $packages; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages:$missing (run as root or install them with apt-get)" >&2
	exit 1
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends $missing
