/*
 * proctable.h - what the loader remembers about each process, so every event
 * carries the executable, argv and cwd without the kernel re-reading them.
 * Filled by exec, fork, chdir and the start-up snapshot, emptied by exit; a
 * process seen for the first time is read from /proc once.
 */
#ifndef WB_PROCTABLE_H
#define WB_PROCTABLE_H
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

struct proc {
	uint32_t pid;
	uint64_t start_ns;      /* identity with pid: pids are reused */
	char *exe;              /* absolute path of the executable */
	char *argv;             /* NUL-separated, argv_len bytes */
	size_t argv_len;
	bool args_truncated;
	char *cwd;
	struct proc *next;
};

/* the entry for (pid, start_ns); read from /proc when unknown */
struct proc *proc_get(uint32_t pid, uint64_t start_ns);
void proc_exec(uint32_t pid, uint64_t start_ns, const char *exe, const char *argv, size_t argv_len,
	       bool truncated, const char *cwd);
void proc_fork(uint32_t child, uint64_t start_ns, uint32_t parent);
void proc_chdir(uint32_t pid, uint64_t start_ns, const char *cwd);
void proc_exit(uint32_t pid);

/* "/a/./b/../c" -> "/a/c"; out has room for strlen(path) + 2 bytes */
void normalize_path(const char *path, char *out);

#endif
