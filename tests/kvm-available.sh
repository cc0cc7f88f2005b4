#!/bin/sh
# Exit 0 if /dev/kvm is the KVM device (character device 10:232) and
# this user can open it for reading and writing, else 1. The in-VM test
# suites print a SKIPPED line and run nothing when it fails.
[ -c /dev/kvm ] || exit 1
[ "$(stat -c '%t:%T' /dev/kvm)" = "a:e8" ] || exit 1
{ exec 3<>/dev/kvm; } 2>/dev/null || exit 1
exit 0
