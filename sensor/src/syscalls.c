/* syscalls.c - which syscall produces which event type (x86_64). */
#include <string.h>
#include "syscalls_table.h"
#include "syscalls.h"

static const struct { int nr; int type; } table[] = {
	{ NR_open, EV_OPEN }, { NR_openat, EV_OPEN }, { NR_openat2, EV_OPEN }, { NR_creat, EV_OPEN },
	{ NR_unlink, EV_UNLINK }, { NR_unlinkat, EV_UNLINK }, { NR_rmdir, EV_RMDIR },
	{ NR_rename, EV_RENAME }, { NR_renameat, EV_RENAME }, { NR_renameat2, EV_RENAME },
	{ NR_chmod, EV_CHMOD }, { NR_fchmod, EV_CHMOD }, { NR_fchmodat, EV_CHMOD }, { NR_fchmodat2, EV_CHMOD },
	{ NR_chown, EV_CHOWN }, { NR_fchown, EV_CHOWN }, { NR_lchown, EV_CHOWN }, { NR_fchownat, EV_CHOWN },
	{ NR_link, EV_LINK }, { NR_linkat, EV_LINK }, { NR_symlink, EV_SYMLINK }, { NR_symlinkat, EV_SYMLINK },
	{ NR_utime, EV_UTIMES }, { NR_utimes, EV_UTIMES }, { NR_utimensat, EV_UTIMES }, { NR_futimesat, EV_UTIMES },
	{ NR_mkdir, EV_MKDIR }, { NR_mkdirat, EV_MKDIR },
	{ NR_truncate, EV_TRUNCATE }, { NR_ftruncate, EV_TRUNCATE },
	{ NR_chdir, EV_CHDIR }, { NR_fchdir, EV_CHDIR },
	{ NR_connect, EV_CONNECT }, { NR_accept, EV_ACCEPT }, { NR_accept4, EV_ACCEPT },
	{ NR_bind, EV_BIND }, { NR_listen, EV_LISTEN },
	{ NR_setuid, EV_SETUID }, { NR_setreuid, EV_SETUID }, { NR_setresuid, EV_SETUID }, { NR_setfsuid, EV_SETUID },
	{ NR_setgid, EV_SETGID }, { NR_setregid, EV_SETGID }, { NR_setresgid, EV_SETGID }, { NR_setfsgid, EV_SETGID },
	{ NR_capset, EV_CAPSET },
	{ NR_ptrace, EV_PTRACE }, { NR_init_module, EV_LOAD_MODULE }, { NR_finit_module, EV_LOAD_MODULE },
	{ NR_delete_module, EV_UNLOAD_MODULE }, { NR_bpf, EV_BPF }, { NR_memfd_create, EV_MEMFD },
	{ NR_mount, EV_MOUNT }, { NR_umount2, EV_UMOUNT }, { NR_prctl, EV_PRCTL },
	{ NR_kill, EV_SIGNAL }, { NR_tkill, EV_SIGNAL }, { NR_tgkill, EV_SIGNAL },
};

int syscall_types(const bool enabled[EV_MAX], uint8_t out[MAX_SYSCALL])
{
	int n = 0;

	memset(out, 0, MAX_SYSCALL);
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		int type = table[i].type;
		/* unlinkat may be an rmdir; chdir keeps every cwd right, so both stay on with files */
		bool on = enabled[type] || (table[i].nr == NR_unlinkat && enabled[EV_RMDIR]);
		if (type == EV_CHDIR)
			on = true;
		if (on) {
			out[table[i].nr] = type;
			n += type != EV_CHDIR;
		}
	}
	return n; /* syscalls traced for events the user asked for */
}
