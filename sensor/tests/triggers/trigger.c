/*
 * trigger - performs the actions the sensor tests expect to see, one
 * subcommand per event family, and prints what the test cannot know in
 * advance (child pids, ports) as one JSON line on stdout.
 *
 *   trigger exec PATH ARG...     fork, exec PATH with ARG... (argv[0] = PATH), wait
 *   trigger signaled             fork a child that kills itself with SIGUSR1
 *   trigger files DIR            every file event, with relative, dirfd and absolute paths
 *   trigger reads [LINK]         read-only opens: /etc/shadow (reported), /etc/hostname (not), LINK
 *   trigger read-files PATH...   a read-only open of each PATH, as written (absolute or relative)
 *   trigger net                  TCP listen/bind/connect/accept on 127.0.0.1, UDP connect on ::1
 *   trigger priv                 in a child: setgid(4242), setuid(4242), capset
 *   trigger kern DIR             ptrace, finit/delete_module, bpf, memfd, mount/umount, prctl, kill
 *   trigger open-many DIR N      create DIR/f0..f{N-1} (O_WRONLY|O_CREAT|O_TRUNC) and close them
 *   trigger storm SECONDS        open-for-write/close /tmp/wb-storm-<pid> as fast as possible
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/openat2.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "trigger: %s: %s\n", what, strerror(errno));
		exit(99);
	}
}

static int do_exec(int argc, char **argv)
{
	pid_t child;
	int status;

	check(argc >= 3, "usage: exec PATH ARG...");
	child = fork();
	if (child == 0) {
		execv(argv[2], argv + 2);
		_exit(127);
	}
	waitpid(child, &status, 0);
	printf("{\"child\":%d,\"status\":%d}\n", child, status);
	return 0;
}

static int do_signaled(void)
{
	pid_t child = fork();
	int status;

	if (child == 0) {
		raise(SIGUSR1);
		_exit(0);
	}
	waitpid(child, &status, 0);
	printf("{\"child\":%d,\"status\":%d}\n", child, status);
	return 0;
}

static int do_files(const char *dir)
{
	int dfd, fd;
	struct timespec times[2] = { { 1, 0 }, { 2, 0 } };

	check(chdir(dir) == 0, "chdir");
	check(mkdir("sub", 0750) == 0, "mkdir");
	dfd = open("sub", O_RDONLY | O_DIRECTORY);
	check(dfd >= 0, "open sub");
	/* open: relative to cwd, relative to a dirfd, and via openat2 */
	fd = open("a.txt", O_WRONLY | O_CREAT | O_TRUNC, 0640);
	check(fd >= 0, "open a.txt");
	close(fd);
	fd = openat(dfd, "b.txt", O_RDWR | O_CREAT | O_APPEND, 0600);
	check(fd >= 0, "openat b.txt");
	check(ftruncate(fd, 10) == 0, "ftruncate");
	close(fd);
	struct open_how how = { .flags = O_WRONLY | O_CREAT, .mode = 0604 };
	fd = syscall(SYS_openat2, dfd, "../c.txt", &how, sizeof(how));
	check(fd >= 0, "openat2");
	close(fd);
	check(truncate("a.txt", 3) == 0, "truncate");
	check(renameat(AT_FDCWD, "a.txt", dfd, "renamed.txt") == 0, "renameat");
	check(chmod("sub/renamed.txt", 0755) == 0, "chmod");
	check(fchownat(dfd, "renamed.txt", 1234, 5678, 0) == 0, "fchownat");
	check(link("c.txt", "hard.txt") == 0, "link");
	check(symlink("c.txt", "soft.txt") == 0, "symlink");
	check(utimensat(AT_FDCWD, "c.txt", times, 0) == 0, "utimensat");
	check(unlinkat(dfd, "renamed.txt", 0) == 0, "unlinkat");
	check(unlink("sub/b.txt") == 0, "unlink");
	close(dfd);
	check(rmdir("sub") == 0, "rmdir");
	/* a failing call is reported with its error */
	check(unlink("missing.txt") == -1, "unlink missing");
	/* an absolute path with . and .. is normalised */
	check(mkdir("x", 0700) == 0, "mkdir x");
	{
		char abs[4200];
		snprintf(abs, sizeof(abs), "%s/./x/../c.txt", dir);
		check(chmod(abs, 0600) == 0, "chmod abs");
	}
	check(rmdir("x") == 0, "rmdir x");
	return 0;
}

static int do_reads(const char *via)
{
	int fd = open("/etc/shadow", O_RDONLY);
	if (fd >= 0)
		close(fd);
	fd = open("/etc/hostname", O_RDONLY);
	if (fd >= 0)
		close(fd);
	if (via) { /* a symlink to /etc/shadow: the real path is reported */
		fd = open(via, O_RDONLY);
		check(fd >= 0, "open via symlink");
		close(fd);
	}
	return 0;
}

/* open each path read-only (those that exist), as given: absolute or relative */
static int do_read_files(int n, char **paths)
{
	for (int i = 0; i < n; i++) {
		int fd = open(paths[i], O_RDONLY);
		if (fd >= 0)
			close(fd);
	}
	return 0;
}

static int do_net(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_in6 u = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT, .sin6_port = htons(5353) };
	socklen_t len = sizeof(a);
	int srv = socket(AF_INET, SOCK_STREAM, 0), cli = socket(AF_INET, SOCK_STREAM, 0), conn, udp;
	int sport, cport;

	check(bind(srv, (struct sockaddr *)&a, sizeof(a)) == 0, "bind");
	check(listen(srv, 7) == 0, "listen");
	check(getsockname(srv, (struct sockaddr *)&a, &len) == 0, "getsockname");
	sport = ntohs(a.sin_port);
	check(connect(cli, (struct sockaddr *)&a, sizeof(a)) == 0, "connect");
	len = sizeof(a);
	check(getsockname(cli, (struct sockaddr *)&a, &len) == 0, "getsockname cli");
	cport = ntohs(a.sin_port);
	conn = accept(srv, NULL, NULL);
	check(conn >= 0, "accept");
	udp = socket(AF_INET6, SOCK_DGRAM, 0);
	check(udp >= 0, "udp socket");
	check(connect(udp, (struct sockaddr *)&u, sizeof(u)) == 0, "udp connect");
	printf("{\"server_port\":%d,\"client_port\":%d}\n", sport, cport);
	return 0;
}

static int do_priv(void)
{
	pid_t child = fork();
	int status;

	if (child == 0) {
		struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
		struct __user_cap_data_struct d[2] = {0};
		check(syscall(SYS_capget, &h, d) == 0, "capget");
		d[0].effective &= ~(1u << CAP_NET_RAW); /* drop one capability from the effective set */
		check(syscall(SYS_capset, &h, d) == 0, "capset");
		check(setgid(4242) == 0, "setgid");
		check(setuid(4242) == 0, "setuid");
		_exit(0);
	}
	waitpid(child, &status, 0);
	printf("{\"child\":%d,\"status\":%d}\n", child, status);
	return 0;
}

static int do_kern(const char *dir)
{
	pid_t child = fork();
	char mnt[4096];
	int status;

	if (child == 0) {
		for (;;)
			pause();
	}
	check(ptrace(PTRACE_ATTACH, child, 0, 0) == 0, "ptrace attach");
	waitpid(child, &status, 0);
	check(ptrace(PTRACE_DETACH, child, 0, 0) == 0, "ptrace detach");
	syscall(SYS_finit_module, -1, "", 0);                  /* EBADF */
	syscall(SYS_delete_module, "wb_no_such_module", O_NONBLOCK); /* ENOENT */
	syscall(SYS_bpf, 5 /* BPF_PROG_LOAD */, NULL, 0);        /* EFAULT or EINVAL */
	int mfd = memfd_create("wb-memfd", MFD_CLOEXEC);
	check(mfd >= 0, "memfd_create");
	snprintf(mnt, sizeof(mnt), "%s/mnt", dir);
	check(mkdir(mnt, 0700) == 0, "mkdir mnt");
	check(mount("wb-tmpfs", mnt, "tmpfs", MS_NOSUID, "size=1m") == 0, "mount");
	check(umount2(mnt, 0) == 0, "umount2");
	check(prctl(PR_SET_NAME, "wb-renamed", 0, 0, 0) == 0, "prctl");
	check(kill(child, SIGTERM) == 0, "kill");
	waitpid(child, &status, 0);
	printf("{\"child\":%d}\n", child);
	return 0;
}

static int do_open_many(const char *dir, int n)
{
	char path[4200];

	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/f%d", dir, i);
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		check(fd >= 0, "open");
		close(fd);
	}
	return 0;
}

static int do_storm(double seconds)
{
	char path[64];
	struct timespec t0, t;
	long n = 0;

	snprintf(path, sizeof(path), "/tmp/wb-storm-%d", getpid());
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		for (int i = 0; i < 1000; i++) {
			int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
			if (fd >= 0)
				close(fd);
		}
		n += 1000;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9 < seconds);
	unlink(path);
	printf("{\"opens\":%ld,\"seconds\":%.3f}\n", n,
	       (t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IONBF, 0);
	if (!strcmp(cmd, "exec"))
		return do_exec(argc, argv);
	if (!strcmp(cmd, "signaled"))
		return do_signaled();
	if (!strcmp(cmd, "files") && argc == 3)
		return do_files(argv[2]);
	if (!strcmp(cmd, "reads"))
		return do_reads(argc > 2 ? argv[2] : NULL);
	if (!strcmp(cmd, "read-files"))
		return do_read_files(argc - 2, argv + 2);
	if (!strcmp(cmd, "net"))
		return do_net();
	if (!strcmp(cmd, "priv"))
		return do_priv();
	if (!strcmp(cmd, "kern") && argc == 3)
		return do_kern(argv[2]);
	if (!strcmp(cmd, "open-many") && argc == 4)
		return do_open_many(argv[2], atoi(argv[3]));
	if (!strcmp(cmd, "storm") && argc == 3)
		return do_storm(atof(argv[2]));
	fprintf(stderr, "usage: see the comment at the top of trigger.c\n");
	return 2;
}
