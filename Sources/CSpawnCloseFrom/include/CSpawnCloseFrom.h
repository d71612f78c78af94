#ifndef MASHANG_CSPAWN_CLOSEFROM_H
#define MASHANG_CSPAWN_CLOSEFROM_H

#include <spawn.h>

/// Adds "close every descriptor from `lowest` up" to `actions` (glibc's `posix_spawn_file_actions_addclosefrom_np`,
/// declared only under _GNU_SOURCE, which Swift's Glibc module is not built with). Returns 0 or an errno value.
int mashang_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest);

#endif
