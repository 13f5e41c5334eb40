/*
 * Batched UDP datagram I/O for the hot path: recvmmsg/sendmmsg on a non-blocking socket that
 * libuv polls, so one crossing between JavaScript and C carries a whole batch of datagrams
 * instead of one (node:dgram allocates a buffer, an address object and an event per datagram).
 *
 * Shared memory instead of objects: the caller hands over one receive slab (slots of
 * SLOT_BYTES) and an Int32Array of per-slot metadata; after a batch arrives, the callback gets
 * the count and reads both before returning, so one slab serves every socket of a thread.
 * Sends come the same way: a send slab of packed datagrams plus an Int32Array of entries.
 *
 * Metadata layout, META_STRIDE int32 per datagram:
 *   [0] offset in the slab  [1] length  [2] port  [3] family (4|6)  [4..7] address words
 *   [8] received datagrams: microseconds since the kernel took it in (SO_TIMESTAMPNS)
 *   [9] received datagrams: hash of the bytes (src/sip/message-hash.ts computes the same)
 * (IPv4: word 4 holds the address in network order; IPv6: words 4..7 hold the 16 bytes).
 *
 * The age lets the engine time a response from its arrival, not from when JavaScript got to
 * it: a read deferred to the next tick or a garbage-collection pause does not show up as
 * response time of the system under test.
 *
 * The same addon also offers a bare libuv timer for the engine's ticker (loop_timer below).
 */
#define _GNU_SOURCE
/* napi_add_async_cleanup_hook (Node >= 14.8): libuv handles closed when a worker thread ends. */
#define NAPI_VERSION 8
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <node_api.h>
#include <uv.h>

#include "udp_pacer.h"

#define META_STRIDE 10
/* Room for one SCM_TIMESTAMPNS control message per datagram. */
#define CONTROL_BYTES 64
/* Ages beyond this are clock steps, not queueing; they are reported as 0. */
#define MAX_AGE_US 10000000
#define MAX_BATCH 64
/* Datagrams one read must find before reads move to the 1 ms timer (see on_rearm). */
#define COALESCE_MIN 2
/* Batches taken per readiness event before yielding to timers and other sockets. */
#define MAX_BATCHES_PER_WAKE 8

typedef struct {
  int fd;
  int family;
  uv_poll_t poll;
  uv_timer_t rearm;
  int open_handles;
  napi_async_cleanup_hook_handle cleanup;
  /* Set when the environment is going away: the hook, not close(), releases the handles. */
  napi_async_cleanup_hook_handle ending;
  napi_env env;
  napi_ref on_batch;
  napi_ref recv_slab_ref;
  napi_ref recv_meta_ref;
  napi_async_context async_ctx;
  uint8_t *recv_slab;
  size_t slot_bytes;
  int32_t *recv_meta;
  int slots;
  int closed;
  /* Read pacing (setReadPacing): the timer rounds' period, and what a read must find to stay on
   * them. 1 ms and COALESCE_MIN unless changed. */
  uint64_t rearm_ms;
  int coalesce_min;
} udp_socket;

static napi_value throw_errno(napi_env env, const char *what, int err) {
  napi_value msg, code, error;
  char text[160];
  snprintf(text, sizeof text, "%s: %s", what, strerror(err));
  const char *name = err == EADDRINUSE ? "EADDRINUSE" : err == EACCES ? "EACCES" : err == EADDRNOTAVAIL ? "EADDRNOTAVAIL" : "EIO";
  napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &msg);
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &code);
  napi_create_error(env, code, msg, &error);
  napi_set_named_property(env, error, "code", code);
  napi_throw(env, error);
  return NULL;
}

static void write_address(int32_t *m, const struct sockaddr_storage *ss) {
  if (ss->ss_family == AF_INET6) {
    const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)ss;
    m[2] = ntohs(a->sin6_port);
    m[3] = 6;
    memcpy(&m[4], &a->sin6_addr, 16);
  } else {
    const struct sockaddr_in *a = (const struct sockaddr_in *)ss;
    m[2] = ntohs(a->sin_port);
    m[3] = 4;
    memcpy(&m[4], &a->sin_addr, 4);
  }
}

/* Microseconds between the kernel's receive timestamp and `now` (both CLOCK_REALTIME). */
static int32_t age_us(struct msghdr *h, const struct timespec *now) {
  for (struct cmsghdr *c = CMSG_FIRSTHDR(h); c != NULL; c = CMSG_NXTHDR(h, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_TIMESTAMPNS) continue;
    struct timespec ts;
    memcpy(&ts, CMSG_DATA(c), sizeof ts);
    long long us = (long long)(now->tv_sec - ts.tv_sec) * 1000000 + (now->tv_nsec - ts.tv_nsec) / 1000;
    return us < 0 || us > MAX_AGE_US ? 0 : (int32_t)us;
  }
  return 0;
}

/*
 * The message hash of src/sip/message-hash.ts (bit-for-bit the same), taken while the datagram
 * is still in cache: a call that forgets a message's bytes keeps it to recognise the peer
 * retransmitting that message.
 */
static int32_t message_hash(const unsigned char *p, size_t n) {
  uint32_t h = 0x811c9dc5u ^ (uint32_t)n;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    uint32_t w = (uint32_t)p[i] | (uint32_t)p[i + 1] << 8 | (uint32_t)p[i + 2] << 16 | (uint32_t)p[i + 3] << 24;
    h = (h ^ w) * 0x9e3779b1u;
    h = (h << 13) | (h >> 19);
  }
  for (; i < n; i++) {
    h = (h ^ p[i]) * 0x9e3779b1u;
    h = (h << 13) | (h >> 19);
  }
  return (int32_t)h;
}

/* Fills `ss` from metadata words; returns the sockaddr length for the socket's family. */
static socklen_t read_address(const udp_socket *s, const int32_t *m, struct sockaddr_storage *ss) {
  memset(ss, 0, sizeof *ss);
  if (s->family == 6) {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((uint16_t)m[2]);
    if (m[3] == 4) {
      /* IPv4 peer on a dual-stack socket: the v4-mapped form ::ffff:a.b.c.d. */
      a->sin6_addr.s6_addr[10] = 0xff;
      a->sin6_addr.s6_addr[11] = 0xff;
      memcpy(&a->sin6_addr.s6_addr[12], &m[4], 4);
    } else {
      memcpy(&a->sin6_addr, &m[4], 16);
    }
    return sizeof(struct sockaddr_in6);
  }
  struct sockaddr_in *a = (struct sockaddr_in *)ss;
  a->sin_family = AF_INET;
  a->sin_port = htons((uint16_t)m[2]);
  memcpy(&a->sin_addr, &m[4], 4);
  return sizeof(struct sockaddr_in);
}

/*
 * Calls a JavaScript function from a libuv callback, with one int argument when `has_arg`.
 * make_callback, not call_function: it drains the microtask queue afterwards, as Node does after
 * its own callbacks, which is where the JavaScript side flushes what the callback sent.
 */
static void call_js(napi_env env, napi_async_context ctx, napi_ref fn, int has_arg, int32_t arg) {
  napi_handle_scope scope;
  napi_open_handle_scope(env, &scope);
  napi_value cb, recv, argv[1], result;
  napi_get_reference_value(env, fn, &cb);
  napi_get_global(env, &recv);
  if (has_arg) napi_create_int32(env, arg, &argv[0]);
  if (napi_make_callback(env, ctx, recv, cb, has_arg ? 1 : 0, argv, &result) == napi_pending_exception) {
    napi_value ex;
    napi_get_and_clear_last_exception(env, &ex);
    napi_fatal_exception(env, ex);
  }
  napi_close_handle_scope(env, scope);
}

static void deliver(udp_socket *s, int count) {
  call_js(s->env, s->async_ctx, s->on_batch, 1, count);
}

/* Reads every waiting batch (bounded); returns how many datagrams were delivered. */
static int drain(udp_socket *s) {
  int total = 0;
  struct mmsghdr msgs[MAX_BATCH];
  struct iovec iov[MAX_BATCH];
  struct sockaddr_storage from[MAX_BATCH];
  char control[MAX_BATCH][CONTROL_BYTES];
  int slots = s->slots < MAX_BATCH ? s->slots : MAX_BATCH;
  for (int round = 0; round < MAX_BATCHES_PER_WAKE && !s->closed; round++) {
    for (int i = 0; i < slots; i++) {
      iov[i].iov_base = s->recv_slab + (size_t)i * s->slot_bytes;
      iov[i].iov_len = s->slot_bytes;
      memset(&msgs[i].msg_hdr, 0, sizeof msgs[i].msg_hdr);
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
      msgs[i].msg_hdr.msg_name = &from[i];
      msgs[i].msg_hdr.msg_namelen = sizeof from[i];
      msgs[i].msg_hdr.msg_control = control[i];
      msgs[i].msg_hdr.msg_controllen = CONTROL_BYTES;
    }
    int n = recvmmsg(s->fd, msgs, (unsigned)slots, MSG_DONTWAIT, NULL);
    if (n < 0) {
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) deliver(s, -errno);
      return total;
    }
    total += n;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    for (int i = 0; i < n; i++) {
      int32_t *m = s->recv_meta + i * META_STRIDE;
      m[0] = (int32_t)((size_t)i * s->slot_bytes);
      /* A datagram larger than a slot is cut; flag it with a negative length. */
      m[1] = (msgs[i].msg_hdr.msg_flags & MSG_TRUNC) ? -(int32_t)msgs[i].msg_len : (int32_t)msgs[i].msg_len;
      write_address(m, &from[i]);
      m[8] = age_us(&msgs[i].msg_hdr, &now);
      m[9] = m[1] > 0 ? message_hash((const unsigned char *)iov[i].iov_base, (size_t)m[1]) : 0;
    }
    deliver(s, n);
    if (n < slots) return total;
  }
  return total;
}

static void on_readable(uv_poll_t *handle, int status, int events);
static void socket_env_ending(napi_async_cleanup_hook_handle hook, void *arg);

/*
 * Under load, waking for every datagram costs more than the datagram (a context switch and a
 * JavaScript entry each). When a wake-up finds datagrams already queued behind the first,
 * readiness polling pauses and the socket is read again by a 1 ms timer, which libuv runs in the
 * same wake-up as the engine's own 1 ms tick. Once a timer round finds less than that, polling
 * resumes: at light load every datagram is still read, and answered, the moment it arrives.
 */
static void on_rearm(uv_timer_t *timer) {
  udp_socket *s = (udp_socket *)timer->data;
  if (s->closed) return;
  if (drain(s) >= s->coalesce_min && !s->closed) {
    uv_timer_start(&s->rearm, on_rearm, s->rearm_ms, 0);
    return;
  }
  if (!s->closed) {
    uv_poll_start(&s->poll, UV_READABLE, on_readable);
  }
}

static void on_readable(uv_poll_t *handle, int status, int events) {
  udp_socket *s = (udp_socket *)handle->data;
  (void)events;
  if (s->closed) return;
  if (status < 0) {
    deliver(s, -EIO);
    return;
  }
  if (drain(s) >= s->coalesce_min && !s->closed) {
    uv_poll_stop(&s->poll);
    uv_timer_start(&s->rearm, on_rearm, s->rearm_ms, 0);
  }
}

static void *get_buffer(napi_env env, napi_value v, size_t *len) {
  bool is_typed;
  napi_is_typedarray(env, v, &is_typed);
  if (is_typed) {
    napi_typedarray_type type;
    size_t length, offset;
    void *data;
    napi_value ab;
    napi_get_typedarray_info(env, v, &type, &length, &data, &ab, &offset);
    size_t elem = type == napi_float64_array ? 8
                  : type == napi_int32_array || type == napi_uint32_array ? 4
                                                                           : 1;
    *len = length * elem;
    return data;
  }
  *len = 0;
  return NULL;
}

static void *external_ptr(napi_env env, napi_value v) {
  void *p = NULL;
  napi_get_value_external(env, v, &p);
  return p;
}

static udp_socket *unwrap(napi_env env, napi_value v) {
  return (udp_socket *)external_ptr(env, v);
}

/* open(family, ip, port, bufferBytes, reusePort, recvSlab, recvMeta, slotBytes, onBatch) */
static napi_value js_open(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t family, port, buffer_bytes, slot_bytes;
  bool reuse_port;
  char ip[64];
  size_t ip_len;
  napi_get_value_int32(env, argv[0], &family);
  napi_get_value_string_utf8(env, argv[1], ip, sizeof ip, &ip_len);
  napi_get_value_int32(env, argv[2], &port);
  napi_get_value_int32(env, argv[3], &buffer_bytes);
  napi_get_value_bool(env, argv[4], &reuse_port);
  napi_get_value_int32(env, argv[7], &slot_bytes);

  int fd = socket(family == 6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, "socket", errno);
  int one = 1;
  if (reuse_port && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0) {
    int e = errno;
    close(fd);
    return throw_errno(env, "SO_REUSEPORT", e);
  }
  setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
  if (buffer_bytes > 0) {
    /* The kernel caps at rmem_max/wmem_max; what was granted is read back by bufferSizes(). */
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer_bytes, sizeof buffer_bytes);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer_bytes, sizeof buffer_bytes);
  }
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  socklen_t ss_len;
  if (family == 6) {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((uint16_t)port);
    if (inet_pton(AF_INET6, ip, &a->sin6_addr) != 1) { close(fd); return throw_errno(env, "bad IPv6 address", EINVAL); }
    ss_len = sizeof *a;
  } else {
    struct sockaddr_in *a = (struct sockaddr_in *)&ss;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, ip, &a->sin_addr) != 1) { close(fd); return throw_errno(env, "bad IPv4 address", EINVAL); }
    ss_len = sizeof *a;
  }
  if (bind(fd, (struct sockaddr *)&ss, ss_len) < 0) {
    int e = errno;
    close(fd);
    return throw_errno(env, "bind", e);
  }

  udp_socket *s = calloc(1, sizeof *s);
  s->fd = fd;
  s->family = family;
  s->env = env;
  size_t slab_len, meta_len;
  s->recv_slab = get_buffer(env, argv[5], &slab_len);
  s->recv_meta = get_buffer(env, argv[6], &meta_len);
  s->slot_bytes = (size_t)slot_bytes;
  s->rearm_ms = 1;
  s->coalesce_min = COALESCE_MIN;
  s->slots = (int)(slab_len / s->slot_bytes);
  if ((size_t)s->slots * META_STRIDE * 4 > meta_len) s->slots = (int)(meta_len / (META_STRIDE * 4));
  napi_create_reference(env, argv[5], 1, &s->recv_slab_ref);
  napi_create_reference(env, argv[6], 1, &s->recv_meta_ref);
  napi_create_reference(env, argv[8], 1, &s->on_batch);
  napi_value resource_name;
  napi_create_string_utf8(env, "gossipper:udp", NAPI_AUTO_LENGTH, &resource_name);
  napi_async_init(env, NULL, resource_name, &s->async_ctx);

  uv_loop_t *loop;
  napi_get_uv_event_loop(env, &loop);
  uv_poll_init(loop, &s->poll, fd);
  s->poll.data = s;
  uv_timer_init(loop, &s->rearm);
  s->rearm.data = s;
  uv_poll_start(&s->poll, UV_READABLE, on_readable);
  napi_add_async_cleanup_hook(env, socket_env_ending, s, &s->cleanup);

  napi_value handle;
  napi_create_external(env, s, NULL, NULL, &handle);
  return handle;
}

/* The (handle, Int32Array out) arguments of the small query functions below. */
static udp_socket *socket_and_out(napi_env env, napi_callback_info info, int32_t **out) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  size_t len;
  *out = get_buffer(env, argv[1], &len);
  return unwrap(env, argv[0]);
}

/* localAddress(handle, out): writes [port, family, w0, w1, w2, w3] into `out`. */
static napi_value js_local_address(napi_env env, napi_callback_info info) {
  int32_t *out;
  udp_socket *s = socket_and_out(env, info, &out);
  struct sockaddr_storage ss;
  socklen_t ss_len = sizeof ss;
  if (getsockname(s->fd, (struct sockaddr *)&ss, &ss_len) < 0) return throw_errno(env, "getsockname", errno);
  int32_t m[META_STRIDE] = {0};
  write_address(m, &ss);
  memcpy(out, &m[2], 6 * sizeof(int32_t));
  return NULL;
}

/*
 * setReadPacing(handle, [periodMs, stayAt]): timer rounds every periodMs, kept while a round finds
 * at least stayAt datagrams. A shard of a -threads N run ticks every 4 ms and reads on the same
 * period with stayAt 1, so under load it wakes once per period, not once per datagram.
 */
static napi_value js_set_read_pacing(napi_env env, napi_callback_info info) {
  int32_t *in;
  udp_socket *s = socket_and_out(env, info, &in);
  if (in[0] >= 1) s->rearm_ms = (uint64_t)in[0];
  if (in[1] >= 1) s->coalesce_min = in[1];
  return NULL;
}

/* bufferSizes(handle, out): writes the granted [SO_RCVBUF, SO_SNDBUF] into `out`. */
static napi_value js_buffer_sizes(napi_env env, napi_callback_info info) {
  int32_t *out;
  udp_socket *s = socket_and_out(env, info, &out);
  int v;
  socklen_t vl = sizeof v;
  out[0] = getsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &v, &vl) == 0 ? v : 0;
  vl = sizeof v;
  out[1] = getsockopt(s->fd, SOL_SOCKET, SO_SNDBUF, &v, &vl) == 0 ? v : 0;
  return NULL;
}

/*
 * Hands the paced entries at the head of the queue (a due time > 0 in `due`, ms on
 * CLOCK_MONOTONIC) to the pacer thread (udp_pacer.c); returns how many it took. An entry the
 * pacer cannot take is left for sendmmsg, now.
 */
static int hand_to_pacer(udp_socket *s, const uint8_t *slab, const int32_t *meta, const double *due, int from, int count) {
  int i = from;
  if (i >= count || due[i] <= 0) return 0;
  pacer_begin();
  for (; i < count && due[i] > 0; i++) {
    const int32_t *m = meta + i * META_STRIDE;
    struct sockaddr_storage to;
    socklen_t to_len = read_address(s, m, &to);
    if (pacer_add(s->fd, (int64_t)(due[i] * 1e6), &to, to_len, slab + m[0], (uint32_t)m[1]) < 0) break;
  }
  pacer_end();
  return i - from;
}

/*
 * send(handle, slab, meta, count[, due]) -> number of entries consumed. An entry the kernel
 * refuses for itself (unreachable, too big) is skipped and reported by a negative errno in its
 * length word; a full socket buffer (EAGAIN) stops the batch so the caller can retry the rest.
 * With `due` (a Float64Array beside meta), an entry whose due time is > 0 goes to the pacer
 * thread instead, to leave at that time; entries keep their order either way.
 */
static napi_value js_send(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  udp_socket *s = unwrap(env, argv[0]);
  size_t slab_len, meta_len, due_len = 0;
  uint8_t *slab = get_buffer(env, argv[1], &slab_len);
  int32_t *meta = get_buffer(env, argv[2], &meta_len);
  int32_t count;
  napi_get_value_int32(env, argv[3], &count);
  napi_valuetype due_type = napi_undefined;
  if (argc >= 5) napi_typeof(env, argv[4], &due_type);
  const double *due = due_type == napi_object ? get_buffer(env, argv[4], &due_len) : NULL;
  if (due != NULL && due_len / sizeof(double) < (size_t)count) due = NULL;
  struct mmsghdr msgs[MAX_BATCH];
  struct iovec iov[MAX_BATCH];
  struct sockaddr_storage to[MAX_BATCH];
  int done = 0;
  while (done < count && !s->closed) {
    if (due != NULL) {
      int paced = hand_to_pacer(s, slab, meta, due, done, count);
      done += paced;
      if (done >= count) break;
    }
    int n = count - done < MAX_BATCH ? count - done : MAX_BATCH;
    /* A run of entries to send now ends where a paced one starts. */
    if (due != NULL) {
      int k = 0;
      while (k < n && (k == 0 || due[done + k] <= 0)) k++;
      n = k;
    }
    for (int i = 0; i < n; i++) {
      const int32_t *m = meta + (done + i) * META_STRIDE;
      iov[i].iov_base = slab + m[0];
      iov[i].iov_len = (size_t)m[1];
      memset(&msgs[i].msg_hdr, 0, sizeof msgs[i].msg_hdr);
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
      msgs[i].msg_hdr.msg_name = &to[i];
      msgs[i].msg_hdr.msg_namelen = read_address(s, m, &to[i]);
    }
    int sent = sendmmsg(s->fd, msgs, (unsigned)n, MSG_DONTWAIT);
    if (sent < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) break;
      if (errno == EINTR) continue;
      /* The first entry itself failed: mark it and go on with the next. */
      meta[done * META_STRIDE + 1] = -errno;
      done++;
      continue;
    }
    done += sent;
  }
  napi_value result;
  napi_create_int32(env, done, &result);
  return result;
}

/*
 * A plain libuv timer calling one JavaScript function: the engine's 1 ms ticker. A Node
 * setInterval reaches its callback through Node's timer lists (processTimers, listOnTimeout,
 * re-inserting the interval), about a microsecond a tick, a thousand ticks a second.
 */
typedef struct {
  uv_timer_t timer;
  /*
   * A precise timer (media streams) is a timerfd instead: armed on whole milliseconds of
   * CLOCK_MONOTONIC, it wakes the loop within the kernel's timer slack of each one. libuv's
   * timers count in whole ms of a loop time read when the loop last woke, so their ticks fall
   * anywhere in the millisecond after the due one, and a packet paced by them with them.
   */
  int precise;
  int tfd;
  uv_poll_t poll;
  napi_env env;
  napi_ref callback;
  napi_async_context async_ctx;
  napi_async_cleanup_hook_handle cleanup;
  napi_async_cleanup_hook_handle ending;
  int closed;
} loop_timer;

static void timer_env_ending(napi_async_cleanup_hook_handle hook, void *arg);

static void on_loop_timer(uv_timer_t *handle) {
  loop_timer *t = (loop_timer *)handle->data;
  if (!t->closed) call_js(t->env, t->async_ctx, t->callback, 0, 0);
}

static void on_precise_timer(uv_poll_t *handle, int status, int events) {
  loop_timer *t = (loop_timer *)handle->data;
  uint64_t expirations;
  (void)status;
  (void)events;
  /* Read to re-arm the readiness; expirations missed while busy make one call, as libuv's. */
  if (read(t->tfd, &expirations, sizeof expirations) != sizeof expirations) return;
  if (!t->closed) call_js(t->env, t->async_ctx, t->callback, 0, 0);
}

/* The loop handle of a timer, whichever kind it is. */
static uv_handle_t *timer_handle(loop_timer *t) {
  return t->precise ? (uv_handle_t *)&t->poll : (uv_handle_t *)&t->timer;
}

static void timer_halt(loop_timer *t) {
  if (!t->precise) {
    uv_timer_stop(&t->timer);
    return;
  }
  struct itimerspec off;
  memset(&off, 0, sizeof off);
  timerfd_settime(t->tfd, 0, &off, NULL);
}

/* First expiry on the whole millisecond at or after now + timeoutMs; then every repeatMs. */
static void precise_arm(loop_timer *t, int64_t timeout, int64_t repeat) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  int64_t now_ns = (int64_t)now.tv_sec * 1000000000LL + now.tv_nsec;
  int64_t due_ns = now_ns + timeout * 1000000LL;
  due_ns = ((due_ns + 999999LL) / 1000000LL) * 1000000LL;
  struct itimerspec spec;
  spec.it_value.tv_sec = due_ns / 1000000000LL;
  spec.it_value.tv_nsec = due_ns % 1000000000LL;
  spec.it_interval.tv_sec = repeat / 1000;
  spec.it_interval.tv_nsec = (repeat % 1000) * 1000000LL;
  timerfd_settime(t->tfd, TFD_TIMER_ABSTIME, &spec, NULL);
}

/* The loop_timer of a (handle) call's first argument. */
static loop_timer *timer_arg(napi_env env, napi_callback_info info, size_t argc, napi_value *argv) {
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  return (loop_timer *)external_ptr(env, argv[0]);
}

/*
 * timerOpen(callback, precise) -> handle; the timer does not run until timerStart. A precise
 * timer falls back to a libuv one when the system has no timerfd.
 */
static napi_value js_timer_open(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  loop_timer *t = calloc(1, sizeof *t);
  bool precise = false;
  if (argc > 1) napi_get_value_bool(env, argv[1], &precise);
  t->tfd = precise ? timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC) : -1;
  t->precise = t->tfd >= 0;
  t->env = env;
  napi_create_reference(env, argv[0], 1, &t->callback);
  napi_value resource_name;
  napi_create_string_utf8(env, "gossipper:ticker", NAPI_AUTO_LENGTH, &resource_name);
  napi_async_init(env, NULL, resource_name, &t->async_ctx);
  uv_loop_t *loop;
  napi_get_uv_event_loop(env, &loop);
  if (t->precise) {
    uv_poll_init(loop, &t->poll, t->tfd);
    t->poll.data = t;
    uv_poll_start(&t->poll, UV_READABLE, on_precise_timer);
  } else {
    uv_timer_init(loop, &t->timer);
    t->timer.data = t;
  }
  napi_add_async_cleanup_hook(env, timer_env_ending, t, &t->cleanup);
  napi_value handle;
  napi_create_external(env, t, NULL, NULL, &handle);
  return handle;
}

/* timerStart(handle, timeoutMs, repeatMs): (re)arms; repeatMs 0 fires once. */
static napi_value js_timer_start(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  loop_timer *t = timer_arg(env, info, 3, argv);
  int64_t timeout, repeat;
  napi_get_value_int64(env, argv[1], &timeout);
  napi_get_value_int64(env, argv[2], &repeat);
  if (t == NULL || t->closed) return NULL;
  if (t->precise) precise_arm(t, timeout, repeat);
  else uv_timer_start(&t->timer, on_loop_timer, (uint64_t)timeout, (uint64_t)repeat);
  return NULL;
}

static napi_value js_timer_stop(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  loop_timer *t = timer_arg(env, info, 1, argv);
  if (t != NULL && !t->closed) timer_halt(t);
  return NULL;
}

static void on_timer_closed(uv_handle_t *handle) {
  loop_timer *t = (loop_timer *)handle->data;
  if (t->tfd >= 0) close(t->tfd);
  if (t->ending != NULL) napi_remove_async_cleanup_hook(t->ending);
  free(t);
}

/* Stops and closes the timer's loop handle; on_timer_closed frees it. */
static void timer_shut(loop_timer *t) {
  if (t->precise) uv_poll_stop(&t->poll);
  else uv_timer_stop(&t->timer);
  uv_close(timer_handle(t), on_timer_closed);
}

/*
 * A worker thread ending (Worker.terminate(), or a shard that failed) tears its environment
 * down without JavaScript closing what it opened; an open libuv handle then aborts Node
 * ("uv_loop_close() while having open handles") or a timer fires into a dead environment.
 * Node waits for an async cleanup hook to remove itself, which happens once libuv has closed.
 */
static void timer_env_ending(napi_async_cleanup_hook_handle hook, void *arg) {
  loop_timer *t = (loop_timer *)arg;
  t->ending = hook;
  t->closed = 1;
  timer_shut(t);
}

static napi_value js_timer_close(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  loop_timer *t = timer_arg(env, info, 1, argv);
  if (t == NULL || t->closed) return NULL;
  t->closed = 1;
  napi_remove_async_cleanup_hook(t->cleanup);
  napi_delete_reference(env, t->callback);
  napi_async_destroy(env, t->async_ctx);
  timer_shut(t);
  return NULL;
}

/* The poll and the timer live inside the struct: free it once libuv let go of both. */
static void on_handle_closed(uv_handle_t *handle) {
  udp_socket *s = (udp_socket *)handle->data;
  if (--s->open_handles > 0) return;
  if (s->ending != NULL) napi_remove_async_cleanup_hook(s->ending);
  free(s);
}

static void close_handles(udp_socket *s) {
  s->closed = 1;
  uv_poll_stop(&s->poll);
  uv_timer_stop(&s->rearm);
  pacer_forget_fd(s->fd);
  close(s->fd);
  s->open_handles = 2;
  uv_close((uv_handle_t *)&s->rearm, on_handle_closed);
  uv_close((uv_handle_t *)&s->poll, on_handle_closed);
}

/* The socket's side of timer_env_ending: a worker ending with the socket still open. */
static void socket_env_ending(napi_async_cleanup_hook_handle hook, void *arg) {
  udp_socket *s = (udp_socket *)arg;
  s->ending = hook;
  close_handles(s);
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  udp_socket *s = unwrap(env, argv[0]);
  if (s == NULL || s->closed) return NULL;
  napi_remove_async_cleanup_hook(s->cleanup);
  napi_delete_reference(env, s->on_batch);
  napi_delete_reference(env, s->recv_slab_ref);
  napi_delete_reference(env, s->recv_meta_ref);
  napi_async_destroy(env, s->async_ctx);
  close_handles(s);
  return NULL;
}

/* monotonicMs(): CLOCK_MONOTONIC in ms, the clock of send()'s due times. */
static napi_value js_monotonic_ms(napi_env env, napi_callback_info info) {
  napi_value result;
  napi_create_double(env, (double)pacer_now_ns() / 1e6, &result);
  return result;
}

/* pacerStats(out Float64Array(5)): see pacer_stats in udp_pacer.h. */
static napi_value js_pacer_stats(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  size_t len;
  double *out = get_buffer(env, argv[0], &len);
  if (out != NULL && len >= 5 * sizeof(double)) pacer_stats(out);
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
    {"open", NULL, js_open, NULL, NULL, NULL, napi_default, NULL},
    {"localAddress", NULL, js_local_address, NULL, NULL, NULL, napi_default, NULL},
    {"bufferSizes", NULL, js_buffer_sizes, NULL, NULL, NULL, napi_default, NULL},
    {"setReadPacing", NULL, js_set_read_pacing, NULL, NULL, NULL, napi_default, NULL},
    {"send", NULL, js_send, NULL, NULL, NULL, napi_default, NULL},
    {"monotonicMs", NULL, js_monotonic_ms, NULL, NULL, NULL, napi_default, NULL},
    {"pacerStats", NULL, js_pacer_stats, NULL, NULL, NULL, napi_default, NULL},
    {"close", NULL, js_close, NULL, NULL, NULL, napi_default, NULL},
    {"timerOpen", NULL, js_timer_open, NULL, NULL, NULL, napi_default, NULL},
    {"timerStart", NULL, js_timer_start, NULL, NULL, NULL, napi_default, NULL},
    {"timerStop", NULL, js_timer_stop, NULL, NULL, NULL, napi_default, NULL},
    {"timerClose", NULL, js_timer_close, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}
