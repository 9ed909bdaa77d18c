/* events.h - kernel records -> NDJSON lines with the SECL field names. */
#ifndef WB_EVENTS_H
#define WB_EVENTS_H
#include <stddef.h>
#include <stdint.h>
#include "json.h"

/* CLOCK_REALTIME - CLOCK_BOOTTIME, to turn kernel timestamps into ns since the epoch */
extern int64_t boot_to_epoch_ns;

void events_init(void);
/*
 * Keep the process table up to date with one kernel record. Called for
 * every record, even one that is then filtered out or rate limited.
 */
void events_track(const void *rec, size_t size);
/* Append the record as one JSON line (with its newline) to out. */
void events_format(struct buf *out, const void *rec, size_t size, uint64_t seq);
/* Forget a process after its exit event was handled. */
void events_done(const void *rec);

#endif
