/*
 * nanvix bench coldstart: the time from request to exit status of the
 * hello function in a fresh userVM, with the tenant's systemVM already
 * running. Next to it, in the same run: fork + exec + wait of the same
 * program built for Linux.
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "image.h"
#include "watchdog.h"

/* A function that does not end within this is not a cold start. */
#define BENCH_TIMEOUT_NS (10ull * 1000 * 1000 * 1000)

struct bench_options {
	unsigned runs;
	int json;
	const char *function;
	const char *baseline;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: nanvix bench coldstart [OPTIONS]\n"
		"\n"
		"Run the hello function N times, each in a new userVM of one\n"
		"running tenant, and the same program built for Linux N times with\n"
		"fork + exec + wait; print p50/p90/p99 of each in milliseconds.\n"
		"\n"
		"options:\n"
		"  -n, --runs N         invocations of each (default: 200)\n"
		"  --json               print one JSON object instead of a table\n"
		"  --function FILE      nanvix function to start, which must exit 0\n"
		"                       within 10 s (default: the example hello.elf\n"
		"                       of the build)\n"
		"  --baseline FILE      Linux executable to fork and exec\n"
		"                       (default: the example hello-linux)\n"
		"  -h, --help           print this text\n");
}

static int parse(int argc, char **argv, struct bench_options *o)
{
	static const struct option longopts[] = {
		{ "runs", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "function", required_argument, NULL, 'f' },
		{ "baseline", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	argv[0] = "nanvix bench"; /* getopt's own messages start with it */
	while ((c = getopt_long(argc, argv, "n:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			o->runs = (unsigned)strtoul(optarg, NULL, 10);
			if (o->runs == 0 || o->runs > 1000000) {
				fprintf(stderr,
					"nanvix: invalid run count "
					"'%s' (1 to 1000000)\n",
					optarg);
				return -1;
			}
			break;
		case 'j':
			o->json = 1;
			break;
		case 'f':
			o->function = optarg;
			break;
		case 'b':
			o->baseline = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			fprintf(stderr, "nanvix: run 'nanvix bench --help' for "
					"usage\n");
			return -1;
		}
	}
	if (optind >= argc || strcmp(argv[optind], "coldstart")) {
		fprintf(stderr, "nanvix: missing or unknown benchmark; "
				"available: coldstart\n");
		return -1;
	}
	if (optind + 1 < argc) {
		fprintf(stderr, "nanvix: unexpected argument '%s'\n",
			argv[optind + 1]);
		return -1;
	}
	return 0;
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted samples. */
static double percentile(const double *v, unsigned n, double p)
{
	unsigned rank = (unsigned)(p / 100.0 * n + 0.999999);

	if (rank < 1)
		rank = 1;
	return v[rank > n ? n - 1 : rank - 1];
}

static int time_nanvix(const struct bench_options *o, int devnull, double *ms)
{
	struct invocation inv = { .path = o->function,
				  .memory = DEFAULT_MEMORY,
				  .timeout_ns = BENCH_TIMEOUT_NS,
				  .fd = { devnull, devnull, 2 } };
	char *argv[] = { (char *)o->function, NULL };
	char *envp[] = { NULL };
	struct microkernel mk;
	struct tenant *t = calloc(1, sizeof(*t));
	uint8_t *file;
	char err[320];
	int rc = -1;

	if (!t || image_read(o->function, &file, &inv.file_size, NX_RAM_MAX,
			     err, sizeof(err))) {
		fprintf(stderr, "nanvix: %s\n", t ? err : "out of memory");
		free(t);
		return -1;
	}
	inv.file = file;
	inv.argv = argv;
	inv.envp = envp;
	if (cli_start(t, &mk, DEFAULT_TENANT))
		goto out;
	for (unsigned i = 0; i < o->runs; i++) {
		struct result res = { 0 };
		uint64_t t0 = monotonic_ns();

		inv.pid = i + 1;
		uservm_run(t, &mk, &inv, &res);
		ms[i] = (monotonic_ns() - t0) / 1e6;
		if (res.outcome != OUTCOME_EXIT || res.status != 0) {
			fprintf(stderr,
				"nanvix: benchmark run %u of %s failed "
				"(status=%d): %s\n",
				i, o->function, cli_exit_status(&res),
				res.outcome == OUTCOME_EXIT ? "nonzero exit"
							    : res.message);
			goto stop;
		}
	}
	rc = 0;
stop:
	cli_stop(t, &mk);
out:
	free(t);
	free(file);
	return rc;
}

static int time_fork_exec(const struct bench_options *o, int devnull,
			  double *ms)
{
	for (unsigned i = 0; i < o->runs; i++) {
		uint64_t t0 = monotonic_ns();
		int status;
		pid_t pid = fork();

		if (pid < 0)
			return -1;
		if (pid == 0) {
			dup2(devnull, 1);
			execl(o->baseline, o->baseline, (char *)NULL);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0) {
			fprintf(stderr,
				"nanvix: baseline %s failed (status=%d%s); "
				"give a Linux executable that exits 0 with "
				"--baseline\n",
				o->baseline,
				WIFEXITED(status) ? WEXITSTATUS(status)
						  : 128 + WTERMSIG(status),
				WEXITSTATUS(status) == 127 ? ", cannot exec"
							   : "");
			return -1;
		}
		ms[i] = (monotonic_ns() - t0) / 1e6;
	}
	return 0;
}

static void print(const struct bench_options *o, double *vm, double *base)
{
	unsigned n = o->runs;
	double p50, p90, p99, b50, b90, b99;

	qsort(vm, n, sizeof(*vm), compare);
	qsort(base, n, sizeof(*base), compare);
	p50 = percentile(vm, n, 50), p90 = percentile(vm, n, 90);
	p99 = percentile(vm, n, 99);
	b50 = percentile(base, n, 50), b90 = percentile(base, n, 90);
	b99 = percentile(base, n, 99);
	if (o->json) {
		printf("{\"benchmark\": \"coldstart\", \"runs\": %u, "
		       "\"p50_ms\": %.4f, \"p90_ms\": %.4f, \"p99_ms\": %.4f, "
		       "\"baseline_p50_ms\": %.4f, \"baseline_p90_ms\": %.4f, "
		       "\"baseline_p99_ms\": %.4f, \"ratio_p50\": %.3f}\n",
		       n, p50, p90, p99, b50, b90, b99, p50 / b50);
		return;
	}
	printf("coldstart, %u runs each (ms)        p50      p90      p99\n",
	       n);
	printf("nanvix userVM (systemVM running) %8.3f %8.3f %8.3f\n", p50, p90,
	       p99);
	printf("Linux fork+exec+wait             %8.3f %8.3f %8.3f\n", b50, b90,
	       b99);
	printf("ratio nanvix / Linux             %8.2f %8.2f %8.2f\n",
	       p50 / b50, p90 / b90, p99 / b99);
}

int cmd_bench(int argc, char **argv)
{
	struct bench_options o = { .runs = 200 };
	double *vm, *base;
	int devnull, rc = EXIT_NANVIX;

	o.function = cli_path("NANVIX_BENCH_FUNCTION", "examples/hello.elf");
	o.baseline = cli_path("NANVIX_BENCH_BASELINE", "examples/hello-linux");
	if (parse(argc, argv, &o))
		return EXIT_NANVIX;
	vm = calloc(o.runs, sizeof(*vm));
	base = calloc(o.runs, sizeof(*base));
	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (!vm || !base || devnull < 0) {
		fprintf(stderr, "nanvix: cannot allocate benchmark state\n");
		goto out;
	}
	if (time_nanvix(&o, devnull, vm) || time_fork_exec(&o, devnull, base))
		goto out;
	print(&o, vm, base);
	rc = 0;
out:
	free(vm);
	free(base);
	if (devnull >= 0)
		close(devnull);
	return rc;
}
