/*
 * events.c - turn kernel records into JSON lines. One function per family,
 * each writing the family's SECL fields; process_object() writes the context
 * every event shares.
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "events.h"
#include "options.h"
#include "proctable.h"
#include "process.h"
#include "file.h"
#include "net.h"
#include "priv.h"
#include "kern.h"
#include "syscalls.h"

int64_t boot_to_epoch_ns;

/* ---- users and groups, read once from /etc/passwd and /etc/group ---- */
struct name { uint32_t id; char *name; };
static struct name *users, *groups;
static size_t n_users, n_groups;

static void read_names(const char *file, struct name **list, size_t *n)
{
	FILE *f = fopen(file, "r");
	char line[1024];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *name = strtok(line, ":"), *pw = strtok(NULL, ":"), *id = strtok(NULL, ":");
		if (!name || !pw || !id)
			continue;
		*list = realloc(*list, (*n + 1) * sizeof(**list));
		(*list)[*n].id = strtoul(id, NULL, 10);
		(*list)[(*n)++].name = strdup(name);
	}
	fclose(f);
}

static const char *lookup(struct name *list, size_t n, uint32_t id)
{
	for (size_t i = 0; i < n; i++)
		if (list[i].id == id)
			return list[i].name;
	return NULL;
}

void events_init(void)
{
	struct timespec rt, bt;

	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_BOOTTIME, &bt);
	boot_to_epoch_ns = (rt.tv_sec - bt.tv_sec) * 1000000000LL + (rt.tv_nsec - bt.tv_nsec);
	read_names("/etc/passwd", &users, &n_users);
	read_names("/etc/group", &groups, &n_groups);
}

/* ---- strings in the record's string area ---- */
struct cursor { const char *p, *end; };

static const char *next_str(struct cursor *c)
{
	const char *s = c->p;
	size_t n;

	if (c->p >= c->end)
		return "";
	n = strnlen(c->p, c->end - c->p);
	c->p += n + 1;
	return s;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* "file":{"path":…,"name":…}, with the path normalised */
static void file_object(struct buf *b, const char *key, const char *path, bool open_obj)
{
	char *norm = malloc(strlen(path) + 2);

	if (*path == '/')
		normalize_path(path, norm);
	else
		strcpy(norm, path);
	buf_printf(b, "\"%s\":{", key);
	buf_kstr(b, "path", norm);
	buf_kstr(b, "name", base_name(norm));
	if (!open_obj)
		buf_close(b, '}'), buf_puts(b, ",");
	free(norm);
}

/* the container id: a 64-hex-digit run in the cgroup's name */
static void container_id(const char *cgroup, char out[65])
{
	size_t run = 0;

	out[0] = 0;
	for (const char *s = cgroup; *s; s++) {
		bool hex = (*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f');
		run = hex ? run + 1 : 0;
		if (run == 64 && !(s[1] >= '0' && s[1] <= '9') && !(s[1] >= 'a' && s[1] <= 'f')) {
			memcpy(out, s - 63, 64);
			out[64] = 0;
			return;
		}
	}
}

/* "argv":[…] (without argv0, as SECL), "argv0", "args" (argv joined), "args_truncated" */
static void argv_fields(struct buf *b, const char *argv, size_t len, bool truncated)
{
	size_t i = 0, n = 0, args_start;
	struct buf args = {0};

	buf_puts(b, "\"argv\":[");
	args_start = b->len;
	while (i < len) {
		size_t l = strnlen(argv + i, len - i);
		if (n > 0) {
			if (n > 1)
				buf_puts(b, ","), buf_put(&args, " ", 1);
			buf_str(b, argv + i, l);
			buf_put(&args, argv + i, l);
		}
		n++;
		i += l + 1;
	}
	(void)args_start;
	buf_puts(b, "],");
	buf_puts(b, "\"argv0\":");
	buf_str(b, argv, len ? strnlen(argv, len) : 0);
	buf_puts(b, ",\"args\":");
	buf_str(b, args.p ? args.p : "", args.len);
	buf_printf(b, ",\"args_truncated\":%s,", truncated ? "true" : "false");
	free(args.p);
}

static void process_object(struct buf *b, const struct proc_ctx *c, struct proc *p)
{
	const char *user = lookup(users, n_users, c->uid), *group = lookup(groups, n_groups, c->gid);
	char cid[65];

	buf_puts(b, "\"process\":{");
	buf_ku64(b, "pid", c->pid);
	buf_ku64(b, "tid", c->tid);
	buf_ku64(b, "ppid", c->ppid);
	buf_ku64(b, "uid", c->uid);
	buf_ku64(b, "gid", c->gid);
	buf_ku64(b, "euid", c->euid);
	buf_ku64(b, "egid", c->egid);
	buf_ku64(b, "auid", c->auid);
	if (user)
		buf_kstr(b, "user", user);
	if (group)
		buf_kstr(b, "group", group);
	buf_puts(b, "\"comm\":");
	buf_str(b, c->comm, strnlen(c->comm, sizeof(c->comm)));
	buf_puts(b, ",");
	file_object(b, "file", p->exe ? p->exe : "", false);
	argv_fields(b, p->argv ? p->argv : "", p->argv_len, p->args_truncated);
	buf_kstr(b, "cwd", p->cwd ? p->cwd : "");
	buf_ku64(b, "created_at", c->start_ns + boot_to_epoch_ns);
	buf_puts(b, "\"tty_name\":");
	buf_str(b, c->tty, strnlen(c->tty, sizeof(c->tty)));
	buf_printf(b, ",\"cgroup\":{\"id\":%llu},", (unsigned long long)c->cgroup_id);
	container_id(c->cgroup, cid);
	if (cid[0])
		buf_printf(b, "\"container\":{\"id\":\"%s\"},", cid);
	buf_close(b, '}');
}

/* ---- keeping the process table ---- */

/* the path an exec names, made absolute with the cwd at exec */
static void exec_paths(const struct exec_event *e, size_t size, const char **file, const char **interp,
		       const char **cwd, const char **real, const char **argv, size_t *argv_len)
{
	struct cursor c = { e->data, (const char *)e + size };

	*file = next_str(&c);
	*interp = next_str(&c);
	*cwd = next_str(&c);
	if (!**cwd)
		*cwd = "/";
	*real = next_str(&c);
	if (!**real)
		*real = "/";
	*argv = c.p;
	*argv_len = c.p < c.end ? (size_t)(c.end - c.p) : 0;
	if (*argv_len > e->argv_len)
		*argv_len = e->argv_len;
}

static char *absolute(const char *cwd, const char *path)
{
	size_t n = strlen(cwd) + strlen(path) + 3;
	char *joined = malloc(n), *out = malloc(n);

	if (*path == '/')
		snprintf(joined, n, "%s", path);
	else
		snprintf(joined, n, "%s/%s", cwd, path);
	normalize_path(joined, out);
	free(joined);
	return out;
}

void events_track(const void *rec, size_t size)
{
	const struct event_hdr *h = rec;

	switch (h->type) {
	case EV_EXEC: {
		const struct exec_event *e = rec;
		const char *file, *interp, *cwd, *real, *argv;
		size_t argv_len;
		char *exe;

		exec_paths(e, size, &file, &interp, &cwd, &real, &argv, &argv_len);
		exe = *interp ? absolute(cwd, file) : strdup(real);
		proc_exec(h->proc.pid, h->proc.start_ns, exe, argv, argv_len, e->args_truncated, cwd);
		free(exe);
		break;
	}
	case EV_FORK:
		proc_fork(h->proc.pid, h->proc.start_ns, h->proc.ppid);
		break;
	case EV_CHDIR: {
		const struct file_event *e = rec;
		struct cursor c = { e->data, (const char *)e + size };
		const char *path = next_str(&c);
		char *norm = malloc(strlen(path) + 2);
		if (e->retval == 0) {
			normalize_path(path, norm);
			proc_chdir(h->proc.pid, h->proc.start_ns, norm);
		}
		free(norm);
		break;
	}
	}
}

/* ---- one function per family ---- */

static void exec_fields(struct buf *b, const struct exec_event *e, size_t size)
{
	const char *file, *interp, *cwd, *real, *argv;
	size_t argv_len;
	char *exe;

	/* a binary: the real path of its file; a script: its path as run (its file is the interpreter's) */
	exec_paths(e, size, &file, &interp, &cwd, &real, &argv, &argv_len);
	exe = *interp ? absolute(cwd, file) : strdup(real);
	buf_puts(b, "\"exec\":{");
	file_object(b, "file", exe, false);
	argv_fields(b, argv, argv_len, e->args_truncated);
	if (*interp) {
		buf_puts(b, "\"interpreter\":{");
		file_object(b, "file", real, false);
		buf_close(b, '}');
		buf_puts(b, ",");
	}
	buf_close(b, '}');
	free(exe);
}

static void exit_fields(struct buf *b, const struct exit_event *e)
{
	uint32_t st = e->exit_code;
	const char *cause = (st & 0x7f) == 0 ? "EXITED" : (st & 0x80) ? "COREDUMPED" : "SIGNALED";
	uint32_t code = (st & 0x7f) == 0 ? (st >> 8) & 0xff : st & 0x7f;

	buf_printf(b, "\"exit\":{\"code\":%u,\"cause\":\"%s\"}", code, cause);
}

static void file_fields(struct buf *b, const struct file_event *e, size_t size)
{
	struct cursor c = { e->data, (const char *)e + size };
	const char *path = next_str(&c), *dest = e->npaths > 1 ? next_str(&c) : NULL;
	const char *name = event_names[e->hdr.type];

	buf_printf(b, "\"%s\":{", name);
	switch (e->hdr.type) {
	case EV_OPEN:
		file_object(b, "file", path, false);
		buf_ku64(b, "flags", e->flags);
		buf_ku64(b, "mode", e->mode);
		break;
	case EV_RENAME:
	case EV_LINK:
		file_object(b, "file", path, true);
		file_object(b, "destination", dest ? dest : "", false);
		buf_close(b, '}');
		buf_puts(b, ",");
		break;
	case EV_SYMLINK: /* the target is kept as written: it is relative to the link */
		buf_puts(b, "\"file\":{");
		buf_kstr(b, "path", path);
		file_object(b, "destination", dest ? dest : "", false);
		buf_close(b, '}');
		buf_puts(b, ",");
		break;
	case EV_CHMOD:
	case EV_MKDIR:
		file_object(b, "file", path, true);
		buf_printf(b, "\"destination\":{\"mode\":%u}},", e->mode);
		break;
	case EV_CHOWN:
		file_object(b, "file", path, true);
		buf_printf(b, "\"destination\":{\"uid\":%d,\"gid\":%d}},", (int)e->uid, (int)e->gid);
		break;
	default:
		file_object(b, "file", path, false);
	}
	if (e->hdr.type != EV_OPEN && e->flags)
		buf_ku64(b, "flags", e->flags);
	if (e->path_flags & PATH_TRUNCATED)
		buf_puts(b, "\"path_truncated\":true,");
	buf_ki64(b, "retval", e->retval);
	buf_close(b, '}');
}

static bool is_public(uint16_t family, const uint8_t *a)
{
	if (family == AF_INET) {
		return !(a[0] == 10 || a[0] == 127 || a[0] == 0 || (a[0] == 172 && (a[1] & 0xf0) == 16) ||
			 (a[0] == 192 && a[1] == 168) || (a[0] == 169 && a[1] == 254) ||
			 (a[0] == 100 && (a[1] & 0xc0) == 64) || a[0] >= 224);
	}
	static const uint8_t zero[16], loop[16] = { [15] = 1 };
	if (!memcmp(a, zero, 16) || !memcmp(a, loop, 16))
		return false;
	if ((a[0] & 0xfe) == 0xfc || (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) || a[0] == 0xff)
		return false;
	if (!memcmp(a, zero, 10) && a[10] == 0xff && a[11] == 0xff) /* v4-mapped */
		return is_public(AF_INET, a + 12);
	return true;
}

static void net_fields(struct buf *b, const struct net_event *e)
{
	char ip[INET6_ADDRSTRLEN] = "";

	inet_ntop(e->family, e->addr6, ip, sizeof(ip));
	buf_printf(b, "\"%s\":{\"addr\":{\"ip\":\"%s\",\"port\":%u,\"family\":\"%s\",\"is_public\":%s},",
		   event_names[e->hdr.type], ip, e->port, e->family == AF_INET ? "AF_INET" : "AF_INET6",
		   is_public(e->family, e->addr6) ? "true" : "false");
	buf_ku64(b, "protocol", e->protocol);
	if (e->hdr.type == EV_LISTEN)
		buf_ku64(b, "backlog", e->backlog);
	buf_ki64(b, "retval", e->retval);
	buf_close(b, '}');
}

static void cred_fields(struct buf *b, const struct cred_event *e)
{
	switch (e->hdr.type) {
	case EV_SETUID:
		buf_printf(b, "\"setuid\":{\"uid\":%u,\"euid\":%u,\"suid\":%u,\"fsuid\":%u,", e->uid, e->euid,
			   e->suid, e->fsuid);
		break;
	case EV_SETGID:
		buf_printf(b, "\"setgid\":{\"gid\":%u,\"egid\":%u,\"sgid\":%u,\"fsgid\":%u,", e->gid, e->egid,
			   e->sgid, e->fsgid);
		break;
	default:
		buf_printf(b, "\"capset\":{\"cap_effective\":%llu,\"cap_permitted\":%llu,",
			   (unsigned long long)e->cap_effective, (unsigned long long)e->cap_permitted);
	}
	buf_ku64(b, "syscall", e->syscall);
	buf_ki64(b, "retval", e->retval);
	buf_close(b, '}');
}

static void kern_fields(struct buf *b, const struct kern_event *e, size_t size)
{
	struct cursor c = { e->data, (const char *)e + size };
	const char *s1 = e->nstr > 0 ? next_str(&c) : "";

	buf_printf(b, "\"%s\":{", event_names[e->hdr.type]);
	switch (e->hdr.type) {
	case EV_PTRACE:
		buf_printf(b, "\"request\":%llu,\"tracee\":{\"pid\":%u},", (unsigned long long)e->arg[0],
			   (uint32_t)e->arg[1]);
		break;
	case EV_LOAD_MODULE:
		if (e->syscall == NR_finit_module) { /* the module is named after its file */
			char *name = strdup(base_name(s1)), *dot = strchr(name, '.');
			if (dot)
				*dot = 0;
			buf_kstr(b, "name", name);
			if (*s1)
				file_object(b, "file", s1, false);
			buf_puts(b, "\"loaded_from_memory\":false,");
			free(name);
		} else {
			buf_puts(b, "\"name\":\"\",\"loaded_from_memory\":true,");
		}
		break;
	case EV_UNLOAD_MODULE:
		buf_kstr(b, "name", s1);
		break;
	case EV_BPF:
		buf_ku64(b, "cmd", e->arg[0]);
		break;
	case EV_MEMFD:
		buf_kstr(b, "name", s1);
		buf_ku64(b, "flags", (uint32_t)e->arg[1]);
		break;
	case EV_MOUNT: {
		const char *target = next_str(&c), *fstype = next_str(&c);
		buf_puts(b, "\"source\":{");
		buf_kstr(b, "path", s1);
		buf_close(b, '}');
		buf_puts(b, ",");
		file_object(b, "mountpoint", target, false);
		buf_kstr(b, "fs_type", fstype);
		buf_ku64(b, "flags", e->arg[3]);
		break;
	}
	case EV_UMOUNT:
		file_object(b, "mountpoint", s1, false);
		buf_ku64(b, "flags", (uint32_t)e->arg[1]);
		break;
	case EV_PRCTL:
		buf_ku64(b, "option", e->arg[0]);
		buf_kstr(b, "new_name", s1);
		break;
	case EV_SIGNAL: {
		/* kill(pid, sig), tkill(tid, sig), tgkill(tgid, tid, sig) */
		bool tg = e->syscall == NR_tgkill;
		buf_printf(b, "\"type\":%u,\"target\":{\"pid\":%d},", (uint32_t)e->arg[tg ? 2 : 1], (int)e->arg[0]);
		break;
	}
	}
	buf_ku64(b, "syscall", e->syscall);
	buf_ki64(b, "retval", e->retval);
	buf_close(b, '}');
}

void events_format(struct buf *b, const void *rec, size_t size, uint64_t seq)
{
	const struct event_hdr *h = rec;
	struct proc *p = proc_get(h->proc.pid, h->proc.start_ns);

	buf_printf(b, "{\"seq\":%llu,\"ts\":%llu,\"type\":\"%s\",", (unsigned long long)seq,
		   (unsigned long long)(h->ts + boot_to_epoch_ns), event_names[h->type]);
	process_object(b, &h->proc, p);
	buf_puts(b, ",");
	switch (h->type) {
	case EV_EXEC: exec_fields(b, rec, size); break;
	case EV_FORK: buf_printf(b, "\"fork\":{\"child\":{\"pid\":%u},\"parent\":{\"pid\":%u}}", h->proc.pid,
				 h->proc.ppid); break;
	case EV_EXIT: exit_fields(b, rec); break;
	case EV_SNAPSHOT: buf_puts(b, "\"snapshot\":{}"); break;
	case EV_OPEN ... EV_CHDIR: file_fields(b, rec, size); break;
	case EV_CONNECT ... EV_LISTEN: net_fields(b, rec); break;
	case EV_SETUID ... EV_CAPSET: cred_fields(b, rec); break;
	default: kern_fields(b, rec, size); break;
	}
	buf_puts(b, "}\n");
}

void events_done(const void *rec)
{
	const struct event_hdr *h = rec;

	if (h->type == EV_EXIT)
		proc_exit(h->proc.pid);
}
