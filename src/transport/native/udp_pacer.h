/*
 * The release stage of paced datagrams (RTP): see udp_pacer.c. Shared by every socket and
 * every thread of the process.
 */
#ifndef GOSSIPPER_UDP_PACER_H
#define GOSSIPPER_UDP_PACER_H

#include <stdint.h>
#include <sys/socket.h>

/* Nanoseconds on CLOCK_MONOTONIC, the clock due times are given in. */
int64_t pacer_now_ns(void);

/*
 * Adding a run of datagrams: begin, add each, end (one lock and at most one wake-up for the
 * run). add copies the bytes; it returns 0, or -1 when memory or the thread could not be had
 * (the caller sends the datagram at once instead).
 */
void pacer_begin(void);
int pacer_add(int fd, int64_t due_ns, const struct sockaddr_storage *to, socklen_t to_len,
              const uint8_t *data, uint32_t len);
void pacer_end(void);

/*
 * Drops what waits for `fd` and returns once no send on it is in flight: called before the
 * descriptor is closed, so the thread never writes to a closed or reused descriptor.
 */
void pacer_forget_fd(int fd);

/*
 * Since the process started: [sent, dropped (the kernel refused or stayed full), late (sent
 * over 1 ms after due), waiting now, forgotten (their socket closed first)].
 */
void pacer_stats(double out[5]);

#endif
