#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "reaper.h"

struct teardown {
	struct vm vm;
	void *ram;
	uint64_t size;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static unsigned pending;

static void destroy(struct teardown *td)
{
	vm_destroy(&td->vm);
	if (td->ram)
		munmap(td->ram, td->size);
}

static void *reap(void *arg)
{
	struct teardown *td = arg;

	destroy(td);
	free(td);
	pthread_mutex_lock(&lock);
	pending--;
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
	return NULL;
}

void reaper_submit(struct vm *vm, void *ram, uint64_t size)
{
	struct teardown *td = malloc(sizeof(*td));
	pthread_attr_t attr;
	pthread_t thread;

	if (!td) {
		struct teardown now = { .vm = *vm, .ram = ram, .size = size };

		destroy(&now); /* no memory: tear down inline */
		return;
	}
	*td = (struct teardown){ .vm = *vm, .ram = ram, .size = size };
	pthread_mutex_lock(&lock);
	while (pending >= REAPER_MAX_PENDING)
		pthread_cond_wait(&changed, &lock);
	pending++;
	pthread_mutex_unlock(&lock);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&thread, &attr, reap, td))
		reap(td); /* no thread: tear down inline */
	pthread_attr_destroy(&attr);
}

void reaper_wait(void)
{
	pthread_mutex_lock(&lock);
	while (pending)
		pthread_cond_wait(&changed, &lock);
	pthread_mutex_unlock(&lock);
}
