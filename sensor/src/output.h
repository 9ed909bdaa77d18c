/*
 * output.h - where the lines go: stdout, or a spool directory of segment
 * files that a reader (`--spool DIR --since SEQ`) replays and follows.
 *
 * Spool layout:  DIR/lock             held (flock) by the running sensor
 *                DIR/hello.json       the running sensor's hello line
 *                DIR/status.json      its latest heartbeat
 *                DIR/id               the spool's identity: 32 hex digits, made when
 *                                     the spool is created, kept across sensor runs
 *                                     and reboots (seq numbering goes on within it)
 *                DIR/seg-<SEQ>.ndjson events, SEQ = the first seq in the file
 */
#ifndef WB_OUTPUT_H
#define WB_OUTPUT_H
#include <stdint.h>
#include "json.h"
#include "options.h"

struct output {
	const struct options *opt;
	int dir_fd, lock_fd, seg_fd;
	uint64_t seg_size;        /* bytes in the current segment */
	uint64_t total;           /* bytes in all segments */
	uint64_t spool_drops;     /* events lost by dropping old segments */
	struct buf pending;       /* lines not yet written */
	char spool_id[33];        /* "" without a spool */
};

/* Open stdout or the spool; *next_seq is where numbering continues (1 when new). */
int out_open(struct output *o, const struct options *opt, uint64_t *next_seq);
/* One event line (ending in \n) with its seq. */
void out_event(struct output *o, const char *line, size_t len, uint64_t seq);
/* hello and heartbeat: stdout gets them in-line, the spool as hello.json / status.json */
void out_hello(struct output *o, const char *line, size_t len);
void out_heartbeat(struct output *o, const char *line, size_t len);
/* Write what is pending. */
void out_flush(struct output *o);
void out_close(struct output *o);

/*
 * The reader: print events after opt->since from the spool, then follow. With --spool-id, a since that
 * was counted in another spool (the spool was removed and made anew) means nothing here: the reader
 * starts from the beginning instead, and its hello shows the new id.
 */
int spool_follow(const struct options *opt);

#endif
