/* proctable.c - pid -> process, a chained hash table. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "proctable.h"
#include "common.h"

#define BUCKETS 65536
static struct proc *table[BUCKETS];

static struct proc **slot(uint32_t pid)
{
	return &table[pid % BUCKETS];
}

static struct proc *find(uint32_t pid)
{
	for (struct proc *p = *slot(pid); p; p = p->next)
		if (p->pid == pid)
			return p;
	return NULL;
}

static void clear(struct proc *p)
{
	free(p->exe);
	free(p->argv);
	free(p->cwd);
	p->exe = p->argv = p->cwd = NULL;
	p->argv_len = 0;
	p->args_truncated = false;
}

static struct proc *get_or_add(uint32_t pid)
{
	struct proc *p = find(pid);

	if (!p) {
		p = calloc(1, sizeof(*p));
		p->pid = pid;
		p->next = *slot(pid);
		*slot(pid) = p;
	}
	return p;
}

static char *read_link(uint32_t pid, const char *what)
{
	char path[64], target[4096];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%u/%s", pid, what);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return strdup("");
	target[n] = 0;
	return strdup(target);
}

static void read_proc(struct proc *p)
{
	char path[64];
	int fd;

	clear(p);
	p->exe = read_link(p->pid, "exe");
	p->cwd = read_link(p->pid, "cwd");
	snprintf(path, sizeof(path), "/proc/%u/cmdline", p->pid);
	p->argv = malloc(ARGV_MAX);
	fd = open(path, O_RDONLY);
	if (fd >= 0) {
		ssize_t n, total = 0;
		while (total < ARGV_MAX && (n = read(fd, p->argv + total, ARGV_MAX - total)) > 0)
			total += n;
		p->argv_len = total;
		if (total == ARGV_MAX) {
			char c;
			p->args_truncated = read(fd, &c, 1) > 0;
		}
		close(fd);
	}
}

struct proc *proc_get(uint32_t pid, uint64_t start_ns)
{
	struct proc *p = find(pid);

	if (p && p->start_ns == start_ns && p->exe)
		return p;
	p = get_or_add(pid);
	p->start_ns = start_ns;
	read_proc(p);
	return p;
}

void proc_exec(uint32_t pid, uint64_t start_ns, const char *exe, const char *argv, size_t argv_len,
	       bool truncated, const char *cwd)
{
	struct proc *p = get_or_add(pid);

	clear(p);
	p->start_ns = start_ns;
	p->exe = strdup(exe);
	p->argv = malloc(argv_len + 1);
	memcpy(p->argv, argv, argv_len);
	p->argv_len = argv_len;
	p->args_truncated = truncated;
	p->cwd = strdup(cwd);
}

void proc_fork(uint32_t child, uint64_t start_ns, uint32_t parent)
{
	struct proc *pp = find(parent), *c;

	if (pp && !pp->exe)
		pp = NULL;
	c = get_or_add(child);
	clear(c);
	c->start_ns = start_ns;
	if (!pp) { /* parent unknown: the child is read from /proc when first needed */
		return;
	}
	c->exe = strdup(pp->exe);
	c->cwd = strdup(pp->cwd);
	c->argv = malloc(pp->argv_len + 1);
	memcpy(c->argv, pp->argv, pp->argv_len);
	c->argv_len = pp->argv_len;
	c->args_truncated = pp->args_truncated;
}

void proc_chdir(uint32_t pid, uint64_t start_ns, const char *cwd)
{
	struct proc *p = proc_get(pid, start_ns);

	free(p->cwd);
	p->cwd = strdup(cwd);
}

void proc_exit(uint32_t pid)
{
	for (struct proc **pp = slot(pid); *pp; pp = &(*pp)->next) {
		if ((*pp)->pid == pid) {
			struct proc *p = *pp;
			*pp = p->next;
			clear(p);
			free(p);
			return;
		}
	}
}

void normalize_path(const char *path, char *out)
{
	size_t len = 0;
	const char *s = path;

	out[0] = '/';
	len = 1;
	while (*s) {
		const char *e;
		size_t n;

		while (*s == '/')
			s++;
		if (!*s)
			break;
		e = strchr(s, '/');
		n = e ? (size_t)(e - s) : strlen(s);
		if (n == 1 && s[0] == '.') {
			/* nothing */
		} else if (n == 2 && s[0] == '.' && s[1] == '.') {
			while (len > 1 && out[len - 1] != '/')
				len--;
			if (len > 1)
				len--; /* the slash */
		} else {
			if (len > 1)
				out[len++] = '/';
			memcpy(out + len, s, n);
			len += n;
		}
		s += n;
	}
	out[len] = 0;
}
