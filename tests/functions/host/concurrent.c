/*
 * usage: concurrent MACROKERNEL MICROKERNEL BIGOUT.ELF
 *
 * Runs JOBS userVMs at once in one tenant, each writing a different
 * amount of the pattern.h stream to its own pipe, and checks that every
 * invocation exits 0 and that its pipe received exactly its own bytes:
 * the systemVM serves several rings at a time without mixing them up.
 * Links the VMM library, so it runs under the sanitizers with it.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../pattern.h"
#include "image.h"
#include "tenant.h"
#include "uservm.h"

#define JOBS 8
#define MEMORY (64ull << 20)
#define TIMEOUT_NS (60ull * 1000 * 1000 * 1000)

struct job {
	struct tenant *tenant;
	const struct microkernel *mk;
	const uint8_t *file;
	size_t file_size;
	const char *path;
	unsigned index;
	size_t bytes;
	int pipe[2];
	struct result res;
	size_t received;
	int mismatch; /* first differing byte + 1, or 0 */
};

static void *read_output(void *arg)
{
	struct job *j = arg;
	uint32_t state = PATTERN_SEED;
	unsigned char got[65536], want[65536];
	ssize_t n;

	while ((n = read(j->pipe[0], got, sizeof(got))) > 0) {
		pattern_fill(&state, want, (size_t)n);
		for (ssize_t i = 0; i < n && !j->mismatch; i++)
			if (got[i] != want[i])
				j->mismatch = (int)(j->received + i + 1);
		j->received += (size_t)n;
	}
	return NULL;
}

static void *run_job(void *arg)
{
	struct job *j = arg;
	char fd[] = "1", bytes[32];
	char *argv[] = { (char *)j->path, fd, bytes, NULL };
	char *envp[] = { NULL };
	struct invocation inv = {
		.path = j->path,
		.file = j->file,
		.file_size = j->file_size,
		.argv = argv,
		.envp = envp,
		.memory = MEMORY,
		.timeout_ns = TIMEOUT_NS,
		.fd = { 0, j->pipe[1], 2 },
		.pid = j->index + 1,
	};

	snprintf(bytes, sizeof(bytes), "%zu", j->bytes);
	uservm_run(j->tenant, j->mk, &inv, &j->res);
	close(j->pipe[1]);
	return NULL;
}

static int check(const struct job *j)
{
	if (j->res.outcome != OUTCOME_EXIT || j->res.status != 0) {
		printf("job %u: expected exit 0, got outcome %d status %d: %s\n",
		       j->index, j->res.outcome, j->res.status, j->res.message);
		return 1;
	}
	if (j->received != j->bytes || j->mismatch) {
		printf("job %u: expected %zu pattern bytes, got %zu (first "
		       "difference at byte %d)\n",
		       j->index, j->bytes, j->received, j->mismatch - 1);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct job jobs[JOBS];
	pthread_t runner[JOBS], reader[JOBS];
	struct microkernel mk;
	struct tenant *t = calloc(1, sizeof(*t));
	uint8_t *file;
	size_t size;
	char err[256];
	int failed = 0;

	if (argc != 4 || !t) {
		fprintf(stderr, "usage: concurrent MACROKERNEL MICROKERNEL "
				"BIGOUT.ELF\n");
		return 2;
	}
	if (image_read(argv[3], &file, &size, 1 << 30, err, sizeof(err))) {
		fprintf(stderr, "concurrent: %s\n", err);
		free(t);
		return 2;
	}
	/* Both log what failed. */
	if (microkernel_load(&mk, argv[2])) {
		free(file);
		free(t);
		return 2;
	}
	if (tenant_start(t, "concurrent", argv[1])) {
		microkernel_free(&mk);
		free(file);
		free(t);
		return 2;
	}
	for (unsigned i = 0; i < JOBS; i++) {
		struct job *j = &jobs[i];

		*j = (struct job){ .tenant = t,
				   .mk = &mk,
				   .file = file,
				   .file_size = size,
				   .path = argv[3],
				   .index = i };
		/* One large writer among small ones, all different sizes. */
		j->bytes = i == 0 ? 8u << 20 : 65536u * i + i;
		if (pipe(j->pipe))
			return 2;
		pthread_create(&reader[i], NULL, read_output, j);
		pthread_create(&runner[i], NULL, run_job, j);
	}
	for (unsigned i = 0; i < JOBS; i++) {
		pthread_join(runner[i], NULL);
		pthread_join(reader[i], NULL);
		close(jobs[i].pipe[0]);
		failed |= check(&jobs[i]);
	}
	tenant_stop(t);
	microkernel_free(&mk);
	free(t);
	free(file);
	if (!failed)
		printf("%d userVMs in one tenant: every output intact\n", JOBS);
	return failed;
}
