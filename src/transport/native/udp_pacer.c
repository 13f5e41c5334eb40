/*
 * The release stage of paced datagrams: one thread per process that sends each queued datagram
 * at its due time on CLOCK_MONOTONIC.
 *
 * Why a thread: RTP streams are planned on the JavaScript thread (src/media/stream-scheduler.ts),
 * which also parses SIP, collects garbage and shares two cores with everything else. A stall
 * there of a few milliseconds moved every stream's packets at once and set the media bench's
 * p99. The scheduler now plans each packet a little ahead (its lead) and hands it here with its
 * due time; a stall shorter than the lead no longer shows on the wire. SIPp's play_pcap_audio
 * gets its timing from a thread per call sleeping in nanosleep; this is one thread for all.
 *
 * The queue is a binary min-heap on (due time, arrival order) under one mutex. The thread sleeps
 * on a condition variable until the earliest due time, then sends every datagram due within
 * GRAIN_NS of now in sendmmsg batches (one per run of the same socket): a packet may leave up
 * to GRAIN_NS early, in exchange for one wake-up per grain instead of one per packet.
 */
#define _GNU_SOURCE
#include "udp_pacer.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

#define GRAIN_NS 200000LL
#define LATE_NS 1000000LL
#define MAX_SEND 64
/* A full socket buffer (EAGAIN) is retried this many times, RETRY_NS apart, then dropped. */
#define RETRIES 10
#define RETRY_NS 100000L

typedef struct {
  int64_t due_ns;
  uint64_t order;
  int fd;
  socklen_t to_len;
  struct sockaddr_storage to;
  uint32_t len;
  uint8_t data[];
} paced_datagram;

static struct {
  pthread_mutex_t lock;
  /* Held by the thread while a batch is in flight; pacer_forget_fd waits on it. */
  pthread_mutex_t send_lock;
  pthread_cond_t wake;
  pthread_once_t once;
  int started;
  paced_datagram **heap;
  size_t n, cap;
  uint64_t order;
  int64_t head_before;
  double sent, dropped, late, forgotten;
} P = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .send_lock = PTHREAD_MUTEX_INITIALIZER,
    .once = PTHREAD_ONCE_INIT,
};

int64_t pacer_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int earlier(const paced_datagram *a, const paced_datagram *b) {
  return a->due_ns < b->due_ns || (a->due_ns == b->due_ns && a->order < b->order);
}

static void heap_up(size_t i) {
  paced_datagram *d = P.heap[i];
  while (i > 0) {
    size_t p = (i - 1) / 2;
    if (!earlier(d, P.heap[p])) break;
    P.heap[i] = P.heap[p];
    i = p;
  }
  P.heap[i] = d;
}

static void heap_down(size_t i) {
  paced_datagram *d = P.heap[i];
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= P.n) break;
    if (c + 1 < P.n && earlier(P.heap[c + 1], P.heap[c])) c++;
    if (!earlier(P.heap[c], d)) break;
    P.heap[i] = P.heap[c];
    i = c;
  }
  P.heap[i] = d;
}

static paced_datagram *heap_pop(void) {
  paced_datagram *top = P.heap[0];
  if (--P.n > 0) {
    P.heap[0] = P.heap[P.n];
    heap_down(0);
  }
  return top;
}

/* Sends `n` datagrams (due order), one sendmmsg per run of the same descriptor. */
static void send_batch(paced_datagram **batch, int n) {
  struct mmsghdr msgs[MAX_SEND];
  struct iovec iov[MAX_SEND];
  int i = 0;
  while (i < n) {
    int fd = batch[i]->fd;
    int k = 0;
    while (i + k < n && batch[i + k]->fd == fd) {
      paced_datagram *d = batch[i + k];
      iov[k].iov_base = d->data;
      iov[k].iov_len = d->len;
      memset(&msgs[k].msg_hdr, 0, sizeof msgs[k].msg_hdr);
      msgs[k].msg_hdr.msg_iov = &iov[k];
      msgs[k].msg_hdr.msg_iovlen = 1;
      msgs[k].msg_hdr.msg_name = &d->to;
      msgs[k].msg_hdr.msg_namelen = d->to_len;
      k++;
    }
    int done = 0, tries = 0;
    double sent = 0, dropped = 0;
    while (done < k) {
      int r = sendmmsg(fd, msgs + done, (unsigned)(k - done), MSG_DONTWAIT);
      if (r > 0) {
        done += r;
        sent += r;
        continue;
      }
      if (r < 0 && errno == EINTR) continue;
      if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) && tries++ < RETRIES) {
        struct timespec pause = {0, RETRY_NS};
        nanosleep(&pause, NULL);
        continue;
      }
      /* Refused by the kernel (unreachable, closed) or still full: this one is lost. */
      done++;
      dropped++;
    }
    int64_t now = pacer_now_ns();
    double late = 0;
    for (int j = 0; j < k; j++) {
      if (now - batch[i + j]->due_ns > LATE_NS) late++;
      free(batch[i + j]);
    }
    pthread_mutex_lock(&P.lock);
    P.sent += sent;
    P.dropped += dropped;
    P.late += late;
    pthread_mutex_unlock(&P.lock);
    i += k;
  }
}

static void *pacer_main(void *arg) {
  (void)arg;
  /* The default 50 us slack would be added to every wake-up. */
  prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
  paced_datagram *batch[MAX_SEND];
  pthread_mutex_lock(&P.lock);
  for (;;) {
    if (P.n == 0) {
      pthread_cond_wait(&P.wake, &P.lock);
      continue;
    }
    int64_t head = P.heap[0]->due_ns;
    int64_t now = pacer_now_ns();
    if (head > now + GRAIN_NS) {
      struct timespec until = {(time_t)(head / 1000000000LL), (long)(head % 1000000000LL)};
      pthread_cond_timedwait(&P.wake, &P.lock, &until);
      continue;
    }
    int k = 0;
    while (P.n > 0 && k < MAX_SEND && P.heap[0]->due_ns <= now + GRAIN_NS) batch[k++] = heap_pop();
    /* Taken before the queue lock is let go: pacer_forget_fd cannot slip between the two. */
    pthread_mutex_lock(&P.send_lock);
    pthread_mutex_unlock(&P.lock);
    send_batch(batch, k);
    pthread_mutex_unlock(&P.send_lock);
    pthread_mutex_lock(&P.lock);
  }
  return NULL;
}

static void start_thread(void) {
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&P.wake, &attr);
  pthread_condattr_destroy(&attr);
  pthread_t thread;
  pthread_attr_t tattr;
  pthread_attr_init(&tattr);
  pthread_attr_setdetachstate(&tattr, PTHREAD_CREATE_DETACHED);
  P.started = pthread_create(&thread, &tattr, pacer_main, NULL) == 0;
  pthread_attr_destroy(&tattr);
}

void pacer_begin(void) {
  pthread_once(&P.once, start_thread);
  pthread_mutex_lock(&P.lock);
  P.head_before = P.n > 0 ? P.heap[0]->due_ns : INT64_MAX;
}

int pacer_add(int fd, int64_t due_ns, const struct sockaddr_storage *to, socklen_t to_len,
              const uint8_t *data, uint32_t len) {
  if (!P.started) return -1;
  if (P.n == P.cap) {
    size_t cap = P.cap == 0 ? 1024 : P.cap * 2;
    paced_datagram **heap = realloc(P.heap, cap * sizeof *heap);
    if (heap == NULL) return -1;
    P.heap = heap;
    P.cap = cap;
  }
  paced_datagram *d = malloc(sizeof *d + len);
  if (d == NULL) return -1;
  d->due_ns = due_ns;
  d->order = P.order++;
  d->fd = fd;
  d->to_len = to_len;
  memcpy(&d->to, to, to_len);
  d->len = len;
  memcpy(d->data, data, len);
  P.heap[P.n++] = d;
  heap_up(P.n - 1);
  return 0;
}

void pacer_end(void) {
  /* The thread sleeps until the old head: wake it only when something is due earlier. */
  if (P.n > 0 && P.heap[0]->due_ns < P.head_before) pthread_cond_signal(&P.wake);
  pthread_mutex_unlock(&P.lock);
}

void pacer_forget_fd(int fd) {
  pthread_mutex_lock(&P.lock);
  size_t kept = 0;
  for (size_t i = 0; i < P.n; i++) {
    if (P.heap[i]->fd == fd) {
      free(P.heap[i]);
      P.forgotten++;
    } else {
      P.heap[kept++] = P.heap[i];
    }
  }
  if (kept != P.n) {
    P.n = kept;
    for (size_t i = P.n / 2; i-- > 0;) heap_down(i);
  }
  pthread_mutex_unlock(&P.lock);
  /* A batch popped before the purge may still hold `fd`: wait for it to leave. */
  pthread_mutex_lock(&P.send_lock);
  pthread_mutex_unlock(&P.send_lock);
}

void pacer_stats(double out[5]) {
  pthread_mutex_lock(&P.lock);
  out[0] = P.sent;
  out[1] = P.dropped;
  out[2] = P.late;
  out[3] = (double)P.n;
  out[4] = P.forgotten;
  pthread_mutex_unlock(&P.lock);
}
