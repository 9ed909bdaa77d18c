/*
 * snapshot.c - one EV_SNAPSHOT record per running process: from a BPF task
 * iterator, so start times are exact and match later events, and from /proc
 * for what the iterator did not visit.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "json.h"
#include "process.h"
#include "snapshot.h"

static uint64_t boot_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_BOOTTIME, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/*
 * Processes the task iterator did not visit (on some kernels it skips pid 1)
 * are read from /proc; their start time then has clock-tick precision.
 */
static int snapshot_missing(const uint32_t *seen, size_t nseen, record_fn on_record)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	long hz = sysconf(_SC_CLK_TCK);
	int n = 0;

	while (d && (de = readdir(d))) {
		uint32_t pid = strtoul(de->d_name, NULL, 10);
		struct fork_event e = { .hdr = { .type = EV_SNAPSHOT, .size = sizeof(e) } };
		char path[64], text[4096], *p;
		unsigned long long start = 0;
		bool found = false;
		FILE *f;
		struct stat st;

		if (!pid || pid == (uint32_t)getpid())
			continue;
		for (size_t i = 0; i < nseen && !found; i++)
			found = seen[i] == pid;
		if (found)
			continue;
		snprintf(path, sizeof(path), "/proc/%u/stat", pid);
		if (!(f = fopen(path, "r")))
			continue;
		p = fgets(text, sizeof(text), f) ? strrchr(text, ')') : NULL;
		fclose(f);
		if (!p)
			continue;
		/* after "pid (comm)": state ppid ... field 22 is the start time in ticks */
		sscanf(p + 2, "%*c %u %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
		       &e.hdr.proc.ppid, &start);
		e.hdr.proc.pid = e.hdr.proc.tid = pid;
		e.hdr.ts = boot_ns();
		e.hdr.proc.start_ns = start * (1000000000ull / hz);
		*p = 0;
		snprintf(e.hdr.proc.comm, sizeof(e.hdr.proc.comm), "%s", strchr(text, '(') + 1);
		snprintf(path, sizeof(path), "/proc/%u/status", pid);
		if ((f = fopen(path, "r"))) {
			while (fgets(text, sizeof(text), f)) {
				sscanf(text, "Uid: %u %u", &e.hdr.proc.uid, &e.hdr.proc.euid);
				sscanf(text, "Gid: %u %u", &e.hdr.proc.gid, &e.hdr.proc.egid);
			}
			fclose(f);
		}
		e.hdr.proc.auid = (uint32_t)-1;
		snprintf(path, sizeof(path), "/proc/%u/loginuid", pid);
		if ((f = fopen(path, "r"))) {
			if (fscanf(f, "%u", &e.hdr.proc.auid) != 1)
				e.hdr.proc.auid = (uint32_t)-1;
			fclose(f);
		}
		snprintf(path, sizeof(path), "/proc/%u/cgroup", pid);
		if ((f = fopen(path, "r"))) {
			if (fgets(text, sizeof(text), f) && !strncmp(text, "0::", 3)) {
				char cg[4200];
				text[strcspn(text, "\n")] = 0;
				snprintf(cg, sizeof(cg), "/sys/fs/cgroup%s", text + 3);
				if (!stat(cg, &st))
					e.hdr.proc.cgroup_id = st.st_ino;
				p = strrchr(text, '/');
				snprintf(e.hdr.proc.cgroup, sizeof(e.hdr.proc.cgroup), "%s", p ? p + 1 : "");
			}
			fclose(f);
		}
		if (getenv("WB_SENSOR_DEBUG"))
			fprintf(stderr, "snapshot from /proc: pid %u\n", pid);
		on_record(NULL, &e, sizeof(e));
		n++;
	}
	if (d)
		closedir(d);
	return n;
}

/* Emit one record per process already running, from a BPF task iterator. */
int snapshot(struct bpf_program *prog, record_fn on_record)
{
	struct bpf_link *link = bpf_program__attach_iter(prog, NULL);
	char rec[sizeof(struct fork_event)];
	uint32_t *seen = NULL;
	size_t nseen = 0;
	int fd, n = 0;

	if (!link)
		return -errno;
	fd = bpf_iter_create(bpf_link__fd(link));
	if (fd < 0) {
		bpf_link__destroy(link);
		return -errno;
	}
	/* read everything first (the records are fixed-size), then emit */
	struct buf all = {0};
	char chunk[65536];
	ssize_t r;
	while ((r = read(fd, chunk, sizeof(chunk))) > 0)
		buf_put(&all, chunk, r);
	for (size_t off = 0; off + sizeof(rec) <= all.len; off += sizeof(rec)) {
		memcpy(rec, all.p + off, sizeof(rec));
		if (((struct event_hdr *)rec)->proc.pid == (uint32_t)getpid())
			continue;
		if (getenv("WB_SENSOR_DEBUG"))
			fprintf(stderr, "snapshot: pid %u\n", ((struct event_hdr *)rec)->proc.pid);
		on_record(NULL, rec, sizeof(rec));
		seen = realloc(seen, (nseen + 1) * sizeof(*seen));
		seen[nseen++] = ((struct event_hdr *)rec)->proc.pid;
		n++;
	}
	free(all.p);
	n += snapshot_missing(seen, nseen, on_record);
	free(seen);
	close(fd);
	bpf_link__destroy(link);
	return n;
}

