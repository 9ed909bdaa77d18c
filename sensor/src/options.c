/* options.c - parse and check the command line; any error exits with EXIT_USAGE. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "options.h"

const char *const event_names[EV_MAX] = {
	[EV_EXEC] = "exec", [EV_FORK] = "fork", [EV_EXIT] = "exit", [EV_SNAPSHOT] = "snapshot",
	[EV_OPEN] = "open", [EV_UNLINK] = "unlink", [EV_RMDIR] = "rmdir", [EV_RENAME] = "rename",
	[EV_CHMOD] = "chmod", [EV_CHOWN] = "chown", [EV_LINK] = "link", [EV_SYMLINK] = "symlink",
	[EV_UTIMES] = "utimes", [EV_MKDIR] = "mkdir", [EV_TRUNCATE] = "truncate", [EV_CHDIR] = "chdir",
	[EV_CONNECT] = "connect", [EV_ACCEPT] = "accept", [EV_BIND] = "bind", [EV_LISTEN] = "listen",
	[EV_SETUID] = "setuid", [EV_SETGID] = "setgid", [EV_CAPSET] = "capset",
	[EV_PTRACE] = "ptrace", [EV_LOAD_MODULE] = "load_module", [EV_UNLOAD_MODULE] = "unload_module",
	[EV_BPF] = "bpf", [EV_MEMFD] = "memfd", [EV_MOUNT] = "mount", [EV_UMOUNT] = "umount",
	[EV_PRCTL] = "prctl", [EV_SIGNAL] = "signal",
};

static const struct { const char *name; int first, last; } families[] = {
	{ "process", EV_EXEC, EV_EXIT },
	{ "file", EV_OPEN, EV_CHDIR },
	{ "network", EV_CONNECT, EV_LISTEN },
	{ "privilege", EV_SETUID, EV_CAPSET },
	{ "kernel", EV_PTRACE, EV_SIGNAL },
	{ "all", EV_EXEC, EV_MAX - 1 },
};

static const char *const default_read_prefixes[] = {
	"/etc/shadow", "/etc/gshadow", "/etc/sudoers", "/etc/ssh/", "/root/.ssh/",
};

static const char usage[] =
"usage: workbench-sensor [options]\n"
"  --profile default|light     default: every event type; light: exec, fork, exit only\n"
"                              (no syscall hooks, next to no overhead)\n"
"  --events LIST               enable event types or families (comma-separated)\n"
"  --no-events LIST            disable event types or families\n"
"                              families: process file network privilege kernel all\n"
"  --read-prefix PATH          report read-only opens under PATH (repeatable, max 8;\n"
"                              default /etc/shadow /etc/gshadow /etc/sudoers /etc/ssh/ /root/.ssh/;\n"
"                              --read-prefix '' reports no reads)\n"
"  --include-prefix PATH       report file events only under these paths (repeatable)\n"
"  --exclude-prefix PATH       never report file events under these paths (repeatable)\n"
"  --rate TYPE=N               at most N events of TYPE per second (repeatable)\n"
"  --spool DIR                 write into size-bounded segment files in DIR, not stdout\n"
"  --spool-size BYTES          bound of the whole spool (default 256M); oldest segment dropped\n"
"  --segment-size BYTES        size of one segment (default 16M)\n"
"  --since SEQ                 with --spool: print events after SEQ from the spool, then\n"
"                              follow the running sensor (loads no BPF)\n"
"  --spool-id ID               with --since: SEQ was counted in spool ID; if the spool has\n"
"                              another id (it was made anew), read it from the start\n"
"  --ringbuf-size BYTES        kernel ring buffer, a power of two (default 8M)\n"
"  --heartbeat-ms N            heartbeat period (default 1000)\n"
"  --duration SECONDS          stop after SECONDS\n"
"  --no-snapshot               skip the start-up snapshot of running processes\n"
"  --btf FILE                  the kernel's BTF, for kernels without /sys/kernel/btf/vmlinux\n"
"  --version, --help\n";

static void die_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "workbench-sensor: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s", usage);
	exit(EXIT_USAGE);
}

int event_type_by_name(const char *name)
{
	for (int i = 1; i < EV_MAX; i++)
		if (event_names[i] && !strcmp(event_names[i], name))
			return i;
	return -1;
}

static void set_events(struct options *o, const char *list, bool on)
{
	char *copy = strdup(list), *save = NULL;

	if (!*list)
		die_usage("empty event list", "");
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int type = event_type_by_name(t);
		bool found = false;

		if (type > 0 && type != EV_SNAPSHOT) {
			o->enabled[type] = on;
			continue;
		}
		for (size_t f = 0; f < sizeof(families) / sizeof(families[0]); f++) {
			if (strcmp(families[f].name, t))
				continue;
			for (int i = families[f].first; i <= families[f].last; i++)
				if (i != EV_SNAPSHOT)
					o->enabled[i] = on;
			found = true;
		}
		if (!found)
			die_usage("unknown event type or family '%s'", t);
	}
	free(copy);
}

static int add_prefix(char (*list)[PREFIX_LEN], int *n, const char *p, const char *what)
{
	if (*p != '/')
		die_usage("a path prefix must be absolute: '%s'", p);
	if (strlen(p) >= PREFIX_LEN)
		die_usage("a path prefix is at most 63 bytes: '%s'", p);
	if (*n >= MAX_PREFIXES)
		die_usage("at most 8 prefixes per list (%s)", what);
	strcpy(list[(*n)++], p);
	return 0;
}

/* a byte count with an optional K, M or G suffix */
static uint64_t parse_size(const char *s, const char *opt)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		die_usage("%s needs a size such as 4096, 64K, 16M or 1G", opt);
	switch (*end) {
	case 'K': case 'k': v <<= 10; end++; break;
	case 'M': case 'm': v <<= 20; end++; break;
	case 'G': case 'g': v <<= 30; end++; break;
	}
	if (*end || v == 0)
		die_usage("%s needs a size such as 4096, 64K, 16M or 1G", opt);
	return v;
}

static uint64_t parse_uint(const char *s, const char *opt)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || *s == '-')
		die_usage("%s needs a non-negative integer", opt);
	return v;
}

int parse_options(int argc, char **argv, struct options *o)
{
	enum { O_PROFILE = 256, O_EVENTS, O_NO_EVENTS, O_READ, O_INCLUDE, O_EXCLUDE, O_RATE, O_SPOOL,
	       O_SPOOL_SIZE, O_SEGMENT_SIZE, O_SINCE, O_SPOOL_ID, O_RINGBUF, O_HEARTBEAT, O_DURATION, O_NO_SNAPSHOT,
	       O_BTF, O_VERSION, O_HELP };
	static const struct option longopts[] = {
		{ "profile", required_argument, 0, O_PROFILE },
		{ "events", required_argument, 0, O_EVENTS },
		{ "no-events", required_argument, 0, O_NO_EVENTS },
		{ "read-prefix", required_argument, 0, O_READ },
		{ "include-prefix", required_argument, 0, O_INCLUDE },
		{ "exclude-prefix", required_argument, 0, O_EXCLUDE },
		{ "rate", required_argument, 0, O_RATE },
		{ "spool", required_argument, 0, O_SPOOL },
		{ "spool-size", required_argument, 0, O_SPOOL_SIZE },
		{ "segment-size", required_argument, 0, O_SEGMENT_SIZE },
		{ "since", required_argument, 0, O_SINCE },
		{ "spool-id", required_argument, 0, O_SPOOL_ID },
		{ "ringbuf-size", required_argument, 0, O_RINGBUF },
		{ "heartbeat-ms", required_argument, 0, O_HEARTBEAT },
		{ "duration", required_argument, 0, O_DURATION },
		{ "no-snapshot", no_argument, 0, O_NO_SNAPSHOT },
		{ "btf", required_argument, 0, O_BTF },
		{ "version", no_argument, 0, O_VERSION },
		{ "help", no_argument, 0, O_HELP },
		{ 0 },
	};
	bool read_given = false;
	int c;

	memset(o, 0, sizeof(*o));
	for (int i = 1; i < EV_MAX; i++)
		o->enabled[i] = i != EV_SNAPSHOT;
	o->spool_size = 256ull << 20;
	o->segment_size = 16ull << 20;
	o->ringbuf_size = 8ull << 20;
	o->heartbeat_ms = 1000;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case O_PROFILE:
			if (!strcmp(optarg, "light")) {
				set_events(o, "all", false);
				set_events(o, "process", true);
			} else if (!strcmp(optarg, "default")) {
				set_events(o, "all", true);
			} else {
				die_usage("unknown profile '%s' (default, light)", optarg);
			}
			break;
		case O_EVENTS: set_events(o, optarg, true); break;
		case O_NO_EVENTS: set_events(o, optarg, false); break;
		case O_READ:
			read_given = true;
			if (*optarg)
				add_prefix(o->read_prefix, &o->n_read, optarg, "--read-prefix");
			break;
		case O_INCLUDE: add_prefix(o->include_prefix, &o->n_include, optarg, "--include-prefix"); break;
		case O_EXCLUDE: add_prefix(o->exclude_prefix, &o->n_exclude, optarg, "--exclude-prefix"); break;
		case O_RATE: {
			char *eq = strchr(optarg, '=');
			int type;
			if (!eq)
				die_usage("--rate needs TYPE=N, got '%s'", optarg);
			*eq = 0;
			type = event_type_by_name(optarg);
			if (type <= 0)
				die_usage("unknown event type '%s' in --rate", optarg);
			o->rate[type] = parse_uint(eq + 1, "--rate TYPE=N");
			if (!o->rate[type])
				die_usage("--rate %s=0: disable the type with --no-events instead", optarg);
			break;
		}
		case O_SPOOL: o->spool = optarg; break;
		case O_SPOOL_SIZE: o->spool_size = parse_size(optarg, "--spool-size"); break;
		case O_SEGMENT_SIZE: o->segment_size = parse_size(optarg, "--segment-size"); break;
		case O_SINCE: o->resume = true; o->since = parse_uint(optarg, "--since"); break;
		case O_SPOOL_ID:
			if (strlen(optarg) != 32 || strspn(optarg, "0123456789abcdef") != 32)
				die_usage("--spool-id needs the 32 hex digits of a spool's id, not '%s'", optarg);
			o->spool_id = optarg;
			break;
		case O_RINGBUF:
			o->ringbuf_size = parse_size(optarg, "--ringbuf-size");
			if (o->ringbuf_size & (o->ringbuf_size - 1) || o->ringbuf_size < 4096)
				die_usage("--ringbuf-size must be a power of two of at least 4096: %s", optarg);
			break;
		case O_HEARTBEAT:
			o->heartbeat_ms = parse_uint(optarg, "--heartbeat-ms");
			if (o->heartbeat_ms < 10)
				die_usage("--heartbeat-ms must be at least 10: %s", optarg);
			break;
		case O_DURATION: {
			char *end;
			o->duration = strtod(optarg, &end);
			if (end == optarg || *end || o->duration <= 0)
				die_usage("--duration needs a positive number of seconds: '%s'", optarg);
			break;
		}
		case O_NO_SNAPSHOT: o->no_snapshot = true; break;
		case O_BTF: o->btf = optarg; break;
		case O_VERSION: printf("workbench-sensor %s\n", SENSOR_VERSION); exit(EXIT_OK);
		case O_HELP: fputs(usage, stdout); exit(EXIT_OK);
		case ':': die_usage("option '%s' needs a value", argv[optind - 1]); break;
		default: die_usage("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		die_usage("unexpected argument '%s'", argv[optind]);
	if (o->resume && !o->spool)
		die_usage("--since needs --spool DIR%s", "");
	if (o->spool_id && !o->resume)
		die_usage("--spool-id goes with --since%s", "");
	if (o->segment_size > o->spool_size)
		die_usage("--segment-size is larger than --spool-size%s", "");
	if (!read_given)
		for (size_t i = 0; i < sizeof(default_read_prefixes) / sizeof(*default_read_prefixes); i++)
			add_prefix(o->read_prefix, &o->n_read, default_read_prefixes[i], "--read-prefix");
	return 0;
}
