/* snapshot.h - the processes already running when the sensor starts. */
#ifndef WB_SNAPSHOT_H
#define WB_SNAPSHOT_H
#include <stddef.h>
#include <bpf/libbpf.h>

typedef int (*record_fn)(void *ctx, void *data, size_t size);

/*
 * Run the iter/task program and pass one EV_SNAPSHOT record per process to
 * on_record; returns the number of processes or -errno.
 */
int snapshot(struct bpf_program *prog, record_fn on_record);

#endif
