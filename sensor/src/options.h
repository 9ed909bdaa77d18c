/* options.h - the command line (documented in sensor/README.md). */
#ifndef WB_OPTIONS_H
#define WB_OPTIONS_H
#include <stdbool.h>
#include <stdint.h>
#include "common.h"

/* Exit codes (README.md "Exit codes"). */
enum {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1,      /* an unexpected error while running */
	EXIT_USAGE = 2,        /* malformed options */
	EXIT_NO_PERMISSION = 3,/* not allowed to load BPF (not root, no CAP_BPF, lockdown) */
	EXIT_NO_BTF = 4,       /* the kernel has no BTF (/sys/kernel/btf/vmlinux) */
	EXIT_UNSUPPORTED = 5,  /* the kernel refused the programs (too old, missing features) */
	EXIT_SPOOL = 6,        /* the spool directory cannot be used (or another sensor holds it) */
};

struct options {
	bool enabled[EV_MAX];
	char read_prefix[MAX_PREFIXES][PREFIX_LEN];
	char include_prefix[MAX_PREFIXES][PREFIX_LEN];
	char exclude_prefix[MAX_PREFIXES][PREFIX_LEN];
	int n_read, n_include, n_exclude;
	uint64_t rate[EV_MAX];        /* events per second, 0: unlimited */
	const char *spool;            /* NULL: NDJSON on stdout */
	uint64_t spool_size;
	uint64_t segment_size;
	bool resume;                  /* --since given: read the spool, do not load BPF */
	uint64_t since;
	const char *spool_id;         /* --spool-id: the spool `since` was counted in */
	uint64_t ringbuf_size;
	unsigned heartbeat_ms;
	double duration;              /* seconds, 0: until SIGINT/SIGTERM */
	bool no_snapshot;
	const char *btf;              /* kernel BTF file (default /sys/kernel/btf/vmlinux) */
};

extern const char *const event_names[EV_MAX];
int parse_options(int argc, char **argv, struct options *o);
int event_type_by_name(const char *name);

#endif
