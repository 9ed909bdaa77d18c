/*
 * storm - the syscall workloads of the sensor overhead benchmark. Prints one JSON line.
 *
 *   storm exec N            fork + exec /bin/true, N times, waiting for each
 *   storm openw SECONDS     open(O_WRONLY|O_CREAT|O_TRUNC) + close of one file, as fast as possible
 *   storm openr SECONDS     open(O_RDONLY) + close of /etc/hostname (a read no rule asks for)
 *   storm connect SECONDS   TCP socket + connect to a loopback listener + close
 *   storm rate R SECONDS    open-for-write + close at R per second (paced), for SECONDS
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void report(const char *what, long ops, double secs)
{
	printf("{\"workload\":\"%s\",\"ops\":%ld,\"seconds\":%.3f,\"rate\":%.1f}\n", what, ops, secs, ops / secs);
}

static int listener;
static void *acceptor(void *arg)
{
	for (;;) {
		int c = accept(listener, NULL, NULL);
		if (c >= 0)
			close(c);
	}
	return arg;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	char path[64];
	double t0 = now(), secs = argc > 2 ? atof(argv[2]) : 0;
	long n = 0;

	snprintf(path, sizeof(path), "/tmp/wb-storm-%d", getpid());
	if (!strcmp(mode, "exec")) {
		long count = atol(argv[2]);
		for (n = 0; n < count; n++) {
			pid_t p = fork();
			if (p == 0) {
				execl("/bin/true", "true", NULL);
				_exit(127);
			}
			waitpid(p, NULL, 0);
		}
		report("exec", n, now() - t0);
	} else if (!strcmp(mode, "openw") || !strcmp(mode, "openr")) {
		int write = mode[4] == 'w';
		const char *file = write ? path : "/etc/hostname";
		while (now() - t0 < secs) {
			for (int i = 0; i < 1000; i++) {
				int fd = write ? open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600) : open(file, O_RDONLY);
				if (fd >= 0)
					close(fd);
			}
			n += 1000;
		}
		report(mode, n, now() - t0);
	} else if (!strcmp(mode, "connect")) {
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
		socklen_t len = sizeof(a);
		pthread_t th;
		int one = 1;
		listener = socket(AF_INET, SOCK_STREAM, 0);
		bind(listener, (struct sockaddr *)&a, sizeof(a));
		listen(listener, 4096);
		getsockname(listener, (struct sockaddr *)&a, &len);
		pthread_create(&th, NULL, acceptor, NULL);
		while (now() - t0 < secs) {
			for (int i = 0; i < 100; i++) {
				int s = socket(AF_INET, SOCK_STREAM, 0);
				struct linger l = { 1, 0 }; /* RST on close: no TIME_WAIT pile-up */
				setsockopt(s, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
				setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
				connect(s, (struct sockaddr *)&a, sizeof(a));
				close(s);
			}
			n += 100;
		}
		report("connect", n, now() - t0);
	} else if (!strcmp(mode, "rate") && argc == 4) {
		double rate = atof(argv[2]);
		secs = atof(argv[3]);
		while (now() - t0 < secs) {
			long due = (long)((now() - t0) * rate);
			while (n < due) {
				int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
				if (fd >= 0)
					close(fd);
				n++;
			}
			usleep(1000);
		}
		report("rate", n, now() - t0);
	} else {
		fprintf(stderr, "usage: see the comment at the top of storm.c\n");
		return 2;
	}
	unlink(path);
	return 0;
}
