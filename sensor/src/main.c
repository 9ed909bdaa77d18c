// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * main.c - workbench-sensor, the loader, as one straight line:
 *   parse options -> (reader mode: follow the spool) -> check BTF -> open the
 *   BPF skeleton -> configure -> load -> attach -> say hello -> snapshot the
 *   running processes -> poll the ring buffer, emit lines, beat every second
 *   -> clean up on SIGINT/SIGTERM or --duration.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "sensor.skel.h"
#include "events.h"
#include "file.h"
#include "json.h"
#include "options.h"
#include "output.h"
#include "snapshot.h"
#include "syscalls_table.h"

volatile sig_atomic_t exiting;
static int stdout_fifo_flags = -1; /* stdout's flags when it is a pipe or socket, else -1 */

/*
 * Stop. If stdout is a pipe or socket whose reader has stalled (nothing written
 * for five seconds), stop waiting for it: a stop never hangs.
 */
extern volatile unsigned long out_progress;
static void on_alarm(int sig)
{
	static unsigned long seen = (unsigned long)-1;

	if (out_progress != seen) { /* the reader is slow but reading */
		seen = out_progress;
		alarm(5);
	} else if (stdout_fifo_flags >= 0) {
		fcntl(1, F_SETFL, stdout_fifo_flags | O_NONBLOCK);
	}
}

static void on_signal(int sig)
{
	if (!exiting)
		alarm(1);
	exiting = 1;
}

static struct options opt;
static struct output out;
static struct buf line;
static uint64_t next_seq = 1, emitted, rate_limited;
static uint64_t window_start_ms, window_count[EV_MAX];

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

static int libbpf_log(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_DEBUG && !getenv("WB_SENSOR_DEBUG"))
		return 0;
	if (level == LIBBPF_INFO && !getenv("WB_SENSOR_DEBUG"))
		return 0;
	return vfprintf(stderr, fmt, args);
}

/* per-type rate limit: at most opt.rate[type] events in each one-second window */
static bool over_rate(uint32_t type)
{
	uint64_t now = now_ms();

	if (now - window_start_ms >= 1000) {
		window_start_ms = now;
		memset(window_count, 0, sizeof(window_count));
	}
	return opt.rate[type] && ++window_count[type] > opt.rate[type];
}

/*
 * The kernel reports every chdir (the process table needs them); the path
 * prefixes apply to the ones we print.
 */
static bool chdir_wanted(const void *data, size_t size)
{
	const struct file_event *e = data;
	size_t n = size - offsetof(struct file_event, data);
	bool included = opt.n_include == 0;

	for (int i = 0; i < opt.n_exclude; i++)
		if (!strncmp(e->data, opt.exclude_prefix[i], strlen(opt.exclude_prefix[i])))
			return false;
	for (int i = 0; i < opt.n_include; i++)
		included |= !strncmp(e->data, opt.include_prefix[i], strlen(opt.include_prefix[i]));
	return included && n > 0;
}

/* One kernel record (or one snapshot record): track it, then maybe emit it. */
static int on_record(void *ctx, void *data, size_t size)
{
	const struct event_hdr *h = data;

	if (size < sizeof(*h) || h->type == EV_NONE || h->type >= EV_MAX)
		return 0;
	events_track(data, size);
	if (h->type == EV_CHDIR && !chdir_wanted(data, size))
		goto done;
	if (h->type == EV_SNAPSHOT || opt.enabled[h->type]) {
		if (over_rate(h->type)) {
			rate_limited++;
		} else {
			line.len = 0;
			events_format(&line, data, size, next_seq);
			out_event(&out, line.p, line.len, next_seq++);
			emitted++;
		}
	}
done:
	events_done(data);
	return 0;
}

static uint64_t kernel_counter(struct sensor_bpf *skel, uint32_t key)
{
	int ncpu = libbpf_num_possible_cpus();
	uint64_t values[ncpu > 0 ? ncpu : 1], sum = 0;

	if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.counters), &key, values))
		return 0;
	for (int i = 0; i < ncpu; i++)
		sum += values[i];
	return sum;
}

static void heartbeat(struct sensor_bpf *skel)
{
	struct rusage ru;
	struct buf b = {0};
	double fill = (double)skel->bss->peak_fill / opt.ringbuf_size;

	skel->bss->peak_fill = 0;
	getrusage(RUSAGE_SELF, &ru);
	buf_printf(&b, "{\"type\":\"heartbeat\",\"ts\":%llu,\"last_seq\":%llu,\"counters\":{\"emitted\":%llu,"
		   "\"kernel_drops\":%llu,\"spool_drops\":%llu,\"ringbuf_fill\":%.4f,\"rate_limited\":%llu,"
		   "\"kernel_events\":%llu},\"cpu\":{\"user_ms\":%llu,\"system_ms\":%llu}}\n",
		   (unsigned long long)(time(NULL) * 1000000000ull), (unsigned long long)next_seq - 1,
		   (unsigned long long)emitted, (unsigned long long)kernel_counter(skel, C_KERNEL_DROPS),
		   (unsigned long long)out.spool_drops, fill, (unsigned long long)rate_limited,
		   (unsigned long long)kernel_counter(skel, C_KERNEL_EVENTS),
		   (unsigned long long)(ru.ru_utime.tv_sec * 1000 + ru.ru_utime.tv_usec / 1000),
		   (unsigned long long)(ru.ru_stime.tv_sec * 1000 + ru.ru_stime.tv_usec / 1000));
	out_heartbeat(&out, b.p, b.len);
	free(b.p);
}

static void hello(const char *hooks)
{
	struct utsname u;
	struct buf b = {0};
	char boot_id[64] = "", run_id[33];
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");
	unsigned char rnd[16] = {0};
	int fd = open("/dev/urandom", O_RDONLY);

	if (f) {
		if (fgets(boot_id, sizeof(boot_id), f))
			boot_id[strcspn(boot_id, "\n")] = 0;
		fclose(f);
	}
	if (fd >= 0) {
		if (read(fd, rnd, sizeof(rnd)) < 0)
			memset(rnd, 0, sizeof(rnd));
		close(fd);
	}
	for (int i = 0; i < 16; i++)
		sprintf(run_id + 2 * i, "%02x", rnd[i]);
	uname(&u);
	buf_printf(&b, "{\"type\":\"hello\",\"sensor\":{\"version\":\"%s\",\"pid\":%d},\"kernel\":", SENSOR_VERSION,
		   getpid());
	buf_cstr(&b, u.release);
	buf_printf(&b, ",\"arch\":\"%s\",\"btf\":true,\"hooks\":[%s],\"hooks_not_used\":[\"fentry\",\"lsm\","
		   "\"kprobe\"],\"boot_id\":\"%s\",\"run_id\":\"%s\",",
		   u.machine, hooks, boot_id, run_id);
	if (out.spool_id[0])
		buf_printf(&b, "\"spool_id\":\"%s\",", out.spool_id);
	buf_printf(&b, "\"first_seq\":%llu,\"events\":[", (unsigned long long)next_seq);
	for (int i = 1; i < EV_MAX; i++)
		if (opt.enabled[i])
			buf_printf(&b, "\"%s\",", event_names[i]);
	buf_close(&b, ']');
	buf_puts(&b, "}\n");
	out_hello(&out, b.p, b.len);
	free(b.p);
}

int main(int argc, char **argv)
{
	struct sensor_bpf *skel;
	struct ring_buffer *rb = NULL;
	struct buf hooks = {0};
	struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };
	uint64_t start_ms, last_beat;
	bool want_process;
	int err, traced;

	/* 1. options; a reader only follows the spool */
	parse_options(argc, argv, &opt);
	struct stat st;
	if (!fstat(1, &st) && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
		stdout_fifo_flags = fcntl(1, F_GETFL);
	struct sigaction sa = { .sa_handler = on_signal }; /* no SA_RESTART */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (opt.resume)
		return spool_follow(&opt);

	/* 2. the kernel must describe itself (BTF) for CO-RE */
	if (access(opt.btf ? opt.btf : "/sys/kernel/btf/vmlinux", R_OK)) {
		fprintf(stderr, "workbench-sensor: no kernel BTF (%s: %s); the kernel needs CONFIG_DEBUG_INFO_BTF=y "
				"(kernel 5.8 or later), or pass its BTF with --btf FILE\n",
			opt.btf ? opt.btf : "/sys/kernel/btf/vmlinux", strerror(errno));
		return EXIT_NO_BTF;
	}
	libbpf_set_print(libbpf_log);
	setrlimit(RLIMIT_MEMLOCK, &unlimited); /* kernels before 5.11 charge BPF memory to it */
	events_init();

	/* 3. open the skeleton and write the configuration into its read-only data */
	LIBBPF_OPTS(bpf_object_open_opts, open_opts, .btf_custom_path = opt.btf);
	skel = sensor_bpf__open_opts(&open_opts);
	if (!skel) {
		fprintf(stderr, "workbench-sensor: cannot open the BPF object: %s\n", strerror(errno));
		return EXIT_UNSUPPORTED;
	}
	skel->rodata->self_tgid = getpid();
	skel->rodata->wakeup_bytes = opt.ringbuf_size / 4;
	for (int i = 0; i < EV_MAX; i++)
		skel->rodata->type_enabled[i] = opt.enabled[i];
	traced = syscall_types(opt.enabled, (uint8_t *)skel->rodata->syscall_type);
	memcpy((void *)skel->rodata->read_prefix, opt.read_prefix, sizeof(opt.read_prefix));
	memcpy((void *)skel->rodata->include_prefix, opt.include_prefix, sizeof(opt.include_prefix));
	memcpy((void *)skel->rodata->exclude_prefix, opt.exclude_prefix, sizeof(opt.exclude_prefix));
	skel->rodata->n_read_prefix = opt.n_read;
	for (int i = 0; i < opt.n_read; i++) { /* the last component, without a trailing slash */
		char copy[PREFIX_LEN], *last, ones[8];
		size_t head_len = strnlen(opt.read_prefix[i], 8);
		uint64_t head = 0, mask = 0;
		memcpy(&head, opt.read_prefix[i], head_len); /* in memory order, as the BPF side loads a path */
		memset(ones, 0xff, sizeof(ones));
		memcpy(&mask, ones, head_len);
		skel->rodata->read_head[i] = head;
		skel->rodata->read_head_mask[i] = mask;
		strcpy(copy, opt.read_prefix[i]);
		if (strlen(copy) > 1 && copy[strlen(copy) - 1] == '/')
			copy[strlen(copy) - 1] = 0;
		last = strrchr(copy, '/') + 1;
		snprintf((char *)skel->rodata->read_name[i], NAME_LEN, "%s", last);
	}
	skel->rodata->n_include_prefix = opt.n_include;
	skel->rodata->n_exclude_prefix = opt.n_exclude;
	bpf_map__set_max_entries(skel->maps.events, opt.ringbuf_size);
	/*
	 * Hook only what the enabled events need: the light profile has no syscall hook.
	 * The process hooks stay on for any event: the process table needs them.
	 */
	want_process = false;
	for (int i = 1; i < EV_MAX; i++)
		want_process |= opt.enabled[i];
	bpf_program__set_autoload(skel->progs.handle_sys_exit, traced > 0);
	bpf_program__set_autoload(skel->progs.handle_exec, want_process);
	bpf_program__set_autoload(skel->progs.handle_fork, want_process);
	bpf_program__set_autoload(skel->progs.handle_exit, want_process);
	bpf_program__set_autoload(skel->progs.snapshot, !opt.no_snapshot);

	/* 4. load: the kernel verifies every program */
	err = sensor_bpf__load(skel);
	if (err) {
		if (err == -EPERM || (err == -EACCES && geteuid() != 0)) {
			fprintf(stderr, "workbench-sensor: not permitted to load BPF programs (%s): run as root or "
					"with CAP_BPF and CAP_PERFMON, and check kernel lockdown\n", strerror(-err));
			return EXIT_NO_PERMISSION;
		}
		fprintf(stderr, "workbench-sensor: the kernel refused the BPF programs (%s); set "
				"WB_SENSOR_DEBUG=1 for the verifier log\n", strerror(-err));
		return EXIT_UNSUPPORTED;
	}

	/* 5. attach, one hook at a time, naming each in the hello */
	struct { struct bpf_program *prog; const char *name; bool on; } progs[] = {
		{ skel->progs.handle_exec, "tp_btf/sched_process_exec", want_process },
		{ skel->progs.handle_fork, "tp_btf/sched_process_fork", want_process },
		{ skel->progs.handle_exit, "tp_btf/sched_process_exit", want_process },
		{ skel->progs.handle_sys_exit, "tp_btf/sys_exit", traced > 0 },
	};
	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		if (!progs[i].on)
			continue;
		if (!bpf_program__attach(progs[i].prog)) {
			fprintf(stderr, "workbench-sensor: cannot attach %s: %s\n", progs[i].name, strerror(errno));
			return errno == EPERM ? EXIT_NO_PERMISSION : EXIT_UNSUPPORTED;
		}
		buf_printf(&hooks, "\"%s\",", progs[i].name);
	}
	if (!opt.no_snapshot)
		buf_puts(&hooks, "\"iter/task\",");
	if (hooks.len && hooks.p[hooks.len - 1] == ',')
		hooks.p[--hooks.len] = 0;

	/* 6. the output, then the hello line */
	if ((err = out_open(&out, &opt, &next_seq)))
		return err;
	hello(hooks.p ? hooks.p : "");

	/* 7. the ring buffer; records already queued wait until the snapshot is out */
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_record, NULL, NULL);
	if (!rb) {
		fprintf(stderr, "workbench-sensor: cannot map the ring buffer: %s\n", strerror(errno));
		return EXIT_RUNTIME;
	}
	if (!opt.no_snapshot && (err = snapshot(skel->progs.snapshot, on_record)) < 0)
		fprintf(stderr, "workbench-sensor: warning: no snapshot of running processes: %s\n", strerror(-err));
	out_flush(&out);

	/* 8. the main loop: the kernel wakes us only when the buffer fills, so also poll on a timer */
	start_ms = last_beat = now_ms();
	while (!exiting) {
		err = ring_buffer__poll(rb, 50);
		if (err >= 0)
			err = ring_buffer__consume(rb);
		if (err < 0 && err != -EINTR) {
			fprintf(stderr, "workbench-sensor: ring buffer: %s\n", strerror(-err));
			break;
		}
		out_flush(&out);
		if (now_ms() - last_beat >= opt.heartbeat_ms) {
			last_beat = now_ms();
			heartbeat(skel);
			out_flush(&out);
		}
		if (opt.duration && now_ms() - start_ms >= opt.duration * 1000)
			break;
	}

	/* 9. clean up: detach, drain what is queued, one last heartbeat (its counters are then exact) */
	sensor_bpf__detach(skel);
	usleep(20000); /* programs already running when detached finish their record */
	ring_buffer__consume(rb);
	heartbeat(skel);
	out_close(&out);
	ring_buffer__free(rb);
	sensor_bpf__destroy(skel);
	return err < 0 && err != -EINTR ? EXIT_RUNTIME : EXIT_OK;
}
