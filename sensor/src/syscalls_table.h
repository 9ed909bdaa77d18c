/* syscalls_table.h - fill the kernel's syscall -> event type table from the enabled types. */
#ifndef WB_SYSCALLS_TABLE_H
#define WB_SYSCALLS_TABLE_H
#include <stdbool.h>
#include <stdint.h>
#include "common.h"

/* returns how many syscalls are traced for events the user asked for (0: no syscall hook needed) */
int syscall_types(const bool enabled[EV_MAX], uint8_t out[MAX_SYSCALL]);

#endif
