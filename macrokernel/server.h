/*
 * Serving the rings of all attached slots, round-robin, with a quota of
 * requests per ring per pass so that one busy function cannot starve the
 * others.
 */
#ifndef MACROKERNEL_SERVER_H
#define MACROKERNEL_SERVER_H

#include <stdbool.h>
#include <stdint.h>

/* Requests taken from one ring per pass. */
#define SERVER_QUOTA 8

/* Serve every slot once. Returns the amount of work done, 0 if none. */
int server_pass(void);

/* Check whether an idle attached slot has submissions not yet taken. */
bool server_has_work(void);

/* Store sys_waiting in the ring of every attached slot. */
void server_set_waiting(uint32_t waiting);

#endif
