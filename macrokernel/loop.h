/* The serve loop: poll while work is likely, sleep in the VMM when idle. */
#ifndef MACROKERNEL_LOOP_H
#define MACROKERNEL_LOOP_H

#include <stdint.h>

/*
 * Serve slots and the console until the VMM sets sysctl.shutdown.
 * tsc_khz (0 if unknown) times the polling before a sleep.
 */
void loop_run(uint64_t tsc_khz);

#endif
