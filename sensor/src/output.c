/* output.c - stdout, the spool writer and the spool reader. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "output.h"

extern volatile sig_atomic_t exiting;
volatile unsigned long out_progress; /* bytes written so far: tells a slow reader from a stalled one */

static void write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR) {
				if (exiting) /* stopping while the reader does not read: give up the rest */
					return;
				continue;
			}
			if (errno == EAGAIN) /* stopping, and the pipe is full: drop the rest */
				return;
			if (errno == EPIPE) { /* the reader went away */
				exiting = 1;
				return;
			}
			perror("workbench-sensor: write");
			exit(EXIT_RUNTIME);
		}
		p += w;
		n -= w;
		out_progress += w;
	}
}

/* ---- segments ---- */

struct seg { uint64_t first; uint64_t size; };

static int seg_cmp(const void *a, const void *b)
{
	const struct seg *x = a, *y = b;
	return x->first < y->first ? -1 : x->first > y->first;
}

/* the segments of dir, oldest first */
static struct seg *list_segments(int dir_fd, size_t *n)
{
	DIR *d = fdopendir(dup(dir_fd));
	struct dirent *de;
	struct seg *segs = NULL;

	*n = 0;
	if (!d)
		return NULL;
	rewinddir(d);
	while ((de = readdir(d))) {
		unsigned long long first;
		struct stat st;
		if (sscanf(de->d_name, "seg-%llu.ndjson", &first) != 1 || fstatat(dir_fd, de->d_name, &st, 0))
			continue;
		segs = realloc(segs, (*n + 1) * sizeof(*segs));
		segs[*n].first = first;
		segs[(*n)++].size = st.st_size;
	}
	closedir(d);
	qsort(segs, *n, sizeof(*segs), seg_cmp);
	return segs;
}

static void seg_name(char *name, size_t n, uint64_t first)
{
	snprintf(name, n, "seg-%020llu.ndjson", (unsigned long long)first);
}

/* write a small file atomically: a reader never sees half of it */
static void put_file(struct output *o, const char *name, const char *data, size_t len)
{
	char tmp[64];
	int fd;

	snprintf(tmp, sizeof(tmp), ".%s.tmp", name);
	fd = openat(o->dir_fd, tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return;
	write_all(fd, data, len);
	close(fd);
	renameat(o->dir_fd, tmp, o->dir_fd, name);
}

/* random bytes as 32 hex digits */
static void random_hex(char out[33])
{
	unsigned char rnd[16] = {0};
	int fd = open("/dev/urandom", O_RDONLY);

	if (fd >= 0) {
		if (read(fd, rnd, sizeof(rnd)) != sizeof(rnd))
			memset(rnd, 0, sizeof(rnd));
		close(fd);
	}
	for (int i = 0; i < 16; i++)
		sprintf(out + 2 * i, "%02x", rnd[i]);
}

/* DIR/id, or "" when missing or malformed */
static void read_spool_id(int dir_fd, char id[33])
{
	char text[40] = "";
	int fd = openat(dir_fd, "id", O_RDONLY);

	id[0] = 0;
	if (fd < 0)
		return;
	ssize_t n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n < 32)
		return;
	text[32] = 0;
	if (strspn(text, "0123456789abcdef") == 32)
		strcpy(id, text);
}

/* the seq after the last complete line of the newest segment */
static uint64_t last_seq(int dir_fd, struct seg *s)
{
	char name[64], tail[65536];
	int fd;
	ssize_t n;
	off_t from;

	seg_name(name, sizeof(name), s->first);
	if ((fd = openat(dir_fd, name, O_RDONLY)) < 0)
		return 0;
	from = s->size > sizeof(tail) - 1 ? s->size - (sizeof(tail) - 1) : 0;
	n = pread(fd, tail, sizeof(tail) - 1, from);
	close(fd);
	if (n <= 0)
		return 0;
	tail[n] = 0;
	/* the last line that starts with {"seq": and ends in \n */
	for (ssize_t i = n - 1; i >= 0; i--) {
		if (tail[i] == '{' && (i == 0 || tail[i - 1] == '\n') && !strncmp(tail + i, "{\"seq\":", 7) &&
		    strchr(tail + i, '\n'))
			return strtoull(tail + i + 7, NULL, 10);
	}
	return 0;
}

static void open_segment(struct output *o, uint64_t first)
{
	char name[64];

	if (o->seg_fd >= 0)
		close(o->seg_fd);
	seg_name(name, sizeof(name), first);
	o->seg_fd = openat(o->dir_fd, name, O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (o->seg_fd < 0) {
		fprintf(stderr, "workbench-sensor: cannot create %s/%s: %s\n", o->opt->spool, name, strerror(errno));
		exit(EXIT_SPOOL);
	}
	o->seg_size = 0;
}

/* drop the oldest segments until the spool fits, counting the events they held */
static void enforce_bound(struct output *o)
{
	size_t n;
	struct seg *segs = list_segments(o->dir_fd, &n);
	uint64_t total = 0;

	for (size_t i = 0; i < n; i++)
		total += segs[i].size;
	for (size_t i = 0; i + 1 < n && total > o->opt->spool_size; i++) {
		char name[64];
		seg_name(name, sizeof(name), segs[i].first);
		unlinkat(o->dir_fd, name, 0);
		total -= segs[i].size;
		o->spool_drops += segs[i + 1].first - segs[i].first;
	}
	o->total = total;
	free(segs);
}

int out_open(struct output *o, const struct options *opt, uint64_t *next_seq)
{
	size_t n;
	struct seg *segs;

	memset(o, 0, sizeof(*o));
	o->opt = opt;
	o->seg_fd = o->lock_fd = o->dir_fd = -1;
	*next_seq = 1;
	if (!opt->spool)
		return 0;
	mkdir(opt->spool, 0700);
	o->dir_fd = open(opt->spool, O_RDONLY | O_DIRECTORY);
	if (o->dir_fd < 0) {
		fprintf(stderr, "workbench-sensor: cannot open spool %s: %s\n", opt->spool, strerror(errno));
		return EXIT_SPOOL;
	}
	o->lock_fd = openat(o->dir_fd, "lock", O_RDWR | O_CREAT, 0600);
	if (o->lock_fd < 0 || flock(o->lock_fd, LOCK_EX | LOCK_NB)) {
		fprintf(stderr, "workbench-sensor: spool %s is in use by another sensor\n", opt->spool);
		return EXIT_SPOOL;
	}
	read_spool_id(o->dir_fd, o->spool_id);
	segs = list_segments(o->dir_fd, &n);
	if (!o->spool_id[0]) {
		/*
		 * A new spool gets its identity here. A spool written before spool ids existed keeps its
		 * segments and its numbering under the new id: its unread events are not thrown away, and a
		 * reader's position (counted without an id) still applies to it.
		 */
		random_hex(o->spool_id);
		char line[34];
		snprintf(line, sizeof(line), "%s\n", o->spool_id);
		put_file(o, "id", line, 33);
	}
	if (n) { /* continue the numbering of the previous run */
		uint64_t last = last_seq(o->dir_fd, &segs[n - 1]);
		*next_seq = (last >= segs[n - 1].first ? last : segs[n - 1].first) + 1;
	}
	free(segs);
	open_segment(o, *next_seq);
	enforce_bound(o);
	return 0;
}

void out_event(struct output *o, const char *line, size_t len, uint64_t seq)
{
	if (o->dir_fd >= 0 && o->seg_size + o->pending.len + len > o->opt->segment_size &&
	    o->seg_size + o->pending.len > 0) {
		out_flush(o);
		open_segment(o, seq);
		enforce_bound(o);
	}
	buf_put(&o->pending, line, len);
	if (o->pending.len >= 1 << 20)
		out_flush(o);
}

void out_flush(struct output *o)
{
	if (!o->pending.len)
		return;
	write_all(o->dir_fd >= 0 ? o->seg_fd : 1, o->pending.p, o->pending.len);
	o->seg_size += o->pending.len;
	o->total += o->pending.len;
	o->pending.len = 0;
}

void out_hello(struct output *o, const char *line, size_t len)
{
	if (o->dir_fd >= 0) {
		put_file(o, "hello.json", line, len);
		write_all(1, line, len); /* so whoever started the sensor sees it is up */
	} else {
		buf_put(&o->pending, line, len);
		out_flush(o);
	}
}

void out_heartbeat(struct output *o, const char *line, size_t len)
{
	if (o->dir_fd >= 0)
		put_file(o, "status.json", line, len);
	else
		buf_put(&o->pending, line, len);
}

void out_close(struct output *o)
{
	out_flush(o);
	if (o->seg_fd >= 0)
		close(o->seg_fd);
	if (o->lock_fd >= 0)
		close(o->lock_fd);
	if (o->dir_fd >= 0)
		close(o->dir_fd);
	free(o->pending.p);
}

/* ---- the reader ---- */

static char *read_small(int dir_fd, const char *name)
{
	char *s = calloc(1, 65536);
	int fd = openat(dir_fd, name, O_RDONLY);

	if (fd >= 0) {
		ssize_t n = read(fd, s, 65535);
		if (n < 0)
			n = 0;
		s[n] = 0;
		close(fd);
	}
	return s;
}

static bool writer_alive(int dir_fd)
{
	int fd = openat(dir_fd, "lock", O_RDWR);
	bool alive = true;

	if (fd < 0)
		return false;
	if (!flock(fd, LOCK_SH | LOCK_NB)) {
		alive = false;
		flock(fd, LOCK_UN);
	}
	close(fd);
	return alive;
}

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

/*
 * Print every event with seq > since, oldest first, then keep following the
 * newest segment. A line is printed only once it is complete. Events already
 * dropped from the spool are reported as one "gap" line.
 */
int spool_follow(const struct options *opt)
{
	int dir_fd = open(opt->spool, O_RDONLY | O_DIRECTORY), fd = -1;
	uint64_t since = opt->since, cur_first = 0, printed = 0, last_beat = 0, start = now_ms();
	struct buf line = {0}, out = {0};
	char *hello, chunk[65536];

	if (dir_fd < 0) {
		fprintf(stderr, "workbench-sensor: cannot open spool %s: %s\n", opt->spool, strerror(errno));
		return EXIT_SPOOL;
	}
	if (opt->spool_id) {
		char id[33];
		read_spool_id(dir_fd, id);
		if (id[0] && strcmp(id, opt->spool_id))
			since = 0; /* counted in a spool that no longer exists: all of this one is new */
	}
	hello = read_small(dir_fd, "hello.json");
	if (*hello)
		write_all(1, hello, strlen(hello));
	free(hello);

	while (!exiting) {
		size_t n;
		struct seg *segs = list_segments(dir_fd, &n);
		ssize_t r = 0;

		if (fd < 0 && n) {
			/* the segment holding since + 1, or the oldest one after a gap */
			size_t i = 0;
			while (i + 1 < n && segs[i + 1].first <= since + 1)
				i++;
			if (segs[i].first > since + 1) {
				buf_printf(&out, "{\"type\":\"gap\",\"from\":%llu,\"to\":%llu}\n",
					   (unsigned long long)since + 1, (unsigned long long)segs[i].first - 1);
				since = segs[i].first - 1;
			}
			char name[64];
			seg_name(name, sizeof(name), segs[i].first);
			fd = openat(dir_fd, name, O_RDONLY);
			cur_first = segs[i].first;
			line.len = 0;
		}
		if (fd >= 0)
			r = read(fd, chunk, sizeof(chunk));
		if (r > 0) {
			buf_put(&line, chunk, r);
			char *p = line.p, *end = line.p + line.len, *nl;
			while ((nl = memchr(p, '\n', end - p))) {
				uint64_t seq = strncmp(p, "{\"seq\":", 7) ? 0 : strtoull(p + 7, NULL, 10);
				if (seq > since) {
					buf_put(&out, p, nl + 1 - p);
					since = seq;
					printed++;
				}
				p = nl + 1;
			}
			memmove(line.p, p, end - p);
			line.len = end - p;
		} else {
			/* at the end: move to the next segment if there is one, else wait */
			bool newer = false;
			for (size_t i = 0; i < n; i++)
				newer |= segs[i].first > cur_first;
			if (fd >= 0 && newer) {
				/*
				 * segs was listed before this read hit the end, and the writer
				 * completes a segment before it creates the next: nothing more
				 * will come here.
				 */
				close(fd);
				fd = -1;
				line.len = 0;
			} else {
				if (out.len) {
					write_all(1, out.p, out.len);
					out.len = 0;
				}
				usleep(20000);
			}
		}
		free(segs);
		if (now_ms() - last_beat >= opt->heartbeat_ms) {
			char *status = read_small(dir_fd, "status.json");
			char *counters = strstr(status, "\"counters\":{");
			/* the newest event in the spool: how far behind this reader (and whoever reads it) is */
			size_t nsegs;
			struct seg *now_segs = list_segments(dir_fd, &nsegs);
			uint64_t head = nsegs ? last_seq(dir_fd, &now_segs[nsegs - 1]) : 0;
			free(now_segs);
			if (head < since)
				head = since;
			last_beat = now_ms();
			buf_printf(&out, "{\"type\":\"heartbeat\",\"reader\":{\"last_seq\":%llu,\"spool_last_seq\":%llu,"
				   "\"printed\":%llu,\"writer_alive\":%s},",
				   (unsigned long long)since, (unsigned long long)head, (unsigned long long)printed,
				   writer_alive(dir_fd) ? "true" : "false");
			if (counters) {
				char *end = strchr(counters, '}');
				if (end)
					buf_put(&out, counters, end + 1 - counters), buf_puts(&out, ",");
			}
			buf_close(&out, '}');
			buf_puts(&out, "\n");
		}
		if (out.len >= 1 << 16) {
			write_all(1, out.p, out.len);
			out.len = 0;
		}
		if (opt->duration && now_ms() - start >= opt->duration * 1000)
			break;
	}
	if (out.len)
		write_all(1, out.p, out.len);
	return 0;
}
