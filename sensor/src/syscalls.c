/* syscalls.c - which syscall produces which event type (x86_64 or aarch64, as compiled). */
#include <string.h>
#include <asm/unistd.h>
#include "syscalls_table.h"
#include "syscalls.h"

/* bpf/syscalls.h is written by hand: every number must be the target's own. */
#define SAME(name) _Static_assert(NR_##name == __NR_##name, "bpf/syscalls.h: NR_" #name " is not this architecture's")
SAME(openat); SAME(openat2); SAME(unlinkat); SAME(renameat); SAME(renameat2); SAME(fchmod); SAME(fchmodat);
SAME(fchown); SAME(fchownat); SAME(linkat); SAME(symlinkat); SAME(utimensat); SAME(mkdirat); SAME(truncate);
SAME(ftruncate); SAME(chdir); SAME(fchdir); SAME(connect); SAME(accept); SAME(accept4); SAME(bind); SAME(listen);
SAME(setuid); SAME(setreuid); SAME(setresuid); SAME(setfsuid); SAME(setgid); SAME(setregid); SAME(setresgid);
SAME(setfsgid); SAME(capset); SAME(ptrace); SAME(init_module); SAME(finit_module); SAME(delete_module); SAME(bpf);
SAME(memfd_create); SAME(mount); SAME(umount2); SAME(prctl); SAME(kill); SAME(tkill); SAME(tgkill);
#ifdef __NR_fchmodat2 /* Linux 6.6; older headers do not know it */
SAME(fchmodat2);
#endif
#ifdef __NR_open /* the old non-*at calls: x86_64 has them, the generic table (arm64) does not */
SAME(open); SAME(creat); SAME(unlink); SAME(rmdir); SAME(rename); SAME(chmod); SAME(chown); SAME(lchown);
SAME(link); SAME(symlink); SAME(utime); SAME(utimes); SAME(futimesat); SAME(mkdir);
#else
_Static_assert(NR_open < 0 && NR_creat < 0 && NR_unlink < 0 && NR_rmdir < 0 && NR_rename < 0 && NR_chmod < 0 &&
	       NR_chown < 0 && NR_lchown < 0 && NR_link < 0 && NR_symlink < 0 && NR_utime < 0 && NR_utimes < 0 &&
	       NR_futimesat < 0 && NR_mkdir < 0, "bpf/syscalls.h: a syscall this architecture lacks must be negative");
#endif

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
		if (table[i].nr < 0) /* not on this architecture */
			continue;
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
