/* gdbstub/gdb_server.h — the TCP side of the stub: a listening socket on
 * 127.0.0.1 by default, accepting one gdb at a time, and byte I/O with
 * timeouts, so the caller can poll between guest instructions without blocking.
 *
 *   unsigned port;
 *   int lfd = gdb_listen("127.0.0.1", 0, &port);   // 0: any free port
 *   int fd = gdb_accept(lfd, -1);                  // wait for gdb
 */
#ifndef TERN_GDBSTUB_GDB_SERVER_H
#define TERN_GDBSTUB_GDB_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Listens on host:port (host NULL or "" = 127.0.0.1; port 0 = a free port);
 * returns the socket and the bound port in *bound, or -1 with errno set. */
int gdb_listen(const char *host, unsigned port, unsigned *bound);

/* Accepts one connection, waiting up to timeout_ms (-1 forever, 0 just a
 * look); returns the connected socket, or -1 when none came or on error. */
int gdb_accept(int listen_fd, int timeout_ms);

/* Sends all len bytes; false when the connection is gone. Never raises SIGPIPE. */
bool gdb_send_all(int fd, const void *buf, size_t len);

/* Receives what is available, waiting up to timeout_ms (-1 forever); returns
 * the byte count, 0 when nothing came in time, -1 when the peer closed the
 * connection or it failed. */
ssize_t gdb_recv(int fd, uint8_t *buf, size_t cap, int timeout_ms);

#endif
