/*
 * berth-api-relay: the guest's end of the engine's API channel (vm/host/api-channel.ts is the host's).
 *
 * Under emulation every packet through QEMU's user network costs a trip through the guest's TCP stack,
 * virtio-net and slirp, and dockerd writes each log line on its own: the API over the emulated network
 * ran at ~1,000 lines a second. This relay carries the API over a virtio-serial port instead (a host
 * unix socket that only the host user can open, so no TLS is needed on it) and gathers dockerd's small
 * writes into large ones before they cross.
 *
 * One port carries many connections, framed: type (1 byte), stream id (4, big-endian), length (4), payload.
 *   host -> guest: OPEN id (connect to dockerd's unix socket), DATA, EOF (the client's sending side
 *                  ended), CLOSE, CREDIT n (n more bytes of this stream may be sent to the host)
 *   guest -> host: DATA, EOF, CLOSE, CREDIT
 * Each direction of each stream has a window (WINDOW bytes in flight, returned by CREDIT as the far side
 * writes them out), so one stream whose reader is slow never stalls the others or fills memory.
 * A host connection starts with HELLO (8 magic bytes and an 8-byte nonce); the relay drops every stream,
 * answers with the same 16 bytes and reads frames from there. Anything it cannot parse makes it wait for
 * the next HELLO.
 *
 *
 * One more operation answers without dockerd: READ (host -> guest; the id names the request, not a stream)
 * asks for a range of a container's json-file log, and FILE answers it. Under emulation dockerd spends
 * ~100-150 us of CPU on each log line it serves; the host can read the file's raw bytes in large ranges and
 * produce dockerd's answer itself (vm/host/json-file-logs.ts). Only a container's log and its rotations
 * can be read: DATA-ROOT/containers/<64 hex>/<the same 64 hex>-json.log and the same with .1, .2, ... (no
 * other path, no symbolic link anywhere on the way, regular files only).
 *   READ  payload: offset (8 bytes, big-endian), length (4), path (the rest, no NUL)
 *   FILE  payload: error (4: 0 or the errno, e.g. ENOENT), file size (8), inode (8), then the bytes read
 *         (at most the length asked for and READ_MAX; larger than other frames: fewer trips for a log)
 * Right after answering a HELLO the relay sends CAPS (id 0, payload: a 4-byte bit set; bit 0 = READ), so a
 * host knows it may send READ; a host that predates CAPS ignores it (no stream has id 0), and a host never
 * sends READ to a relay that did not announce it (an unknown frame type makes a relay drop every stream).
 *
 * Usage: berth-api-relay PORT-NAME DOCKER-SOCKET [DATA-ROOT] (the port is found by its name in
 * /sys/class/virtio-ports; "-" uses standard input, a socket, instead: test/unit/vm-api-channel.test.ts runs
 * it so). DATA-ROOT is dockerd's data root, /var/lib/docker by default.
 * Single-threaded, poll(2); no allocation per frame beyond each stream's two buffers.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/openat2.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

enum { T_OPEN = 1, T_DATA = 2, T_EOF = 3, T_CLOSE = 4, T_CREDIT = 5, T_READ = 6, T_FILE = 7, T_CAPS = 8 };
#define CAP_READ 1u
#define HEADER 9
#define WINDOW (256 * 1024)
#define MAX_STREAMS 512
#define OUT_CAP (2 * 1024 * 1024)
#define OUT_HIGH (512 * 1024)
#define IN_CAP (256 * 1024)
#define MAX_FRAME (64 * 1024)
/* Gathering: after a write to the port that carried data, the next waits this long unless FLUSH_AT bytes
 * are ready, so a burst of lines goes out in a few large writes while a lone keystroke's echo (the first
 * data after a pause) goes at once. Writes of control frames alone (CREDIT for a keystroke) start no wait. */
#define HOLD_NS 2000000L
#define FLUSH_AT (64 * 1024)

static const unsigned char MAGIC[8] = {0x7f, 'B', 'E', 'R', 'T', 'H', 'M', '1'};

struct stream {
  uint32_t id;
  int fd;              /* dockerd's side; -1 when the slot is free */
  unsigned char *pend; /* from the host, not yet written to dockerd */
  size_t pend_len;
  size_t credit;       /* bytes we may still send to the host */
  size_t written;      /* written to dockerd since the last CREDIT we sent */
  int host_eof;        /* the host's side ended: shut dockerd's writing side once pend is empty */
  int sock_eof;        /* dockerd's side ended; EOF sent */
};

static struct stream streams[MAX_STREAMS];
static unsigned char out[OUT_CAP];
static size_t out_len;
static unsigned char in[IN_CAP];
static size_t in_len;
static int synced;
static int out_has_data; /* out holds a DATA frame: writing it starts a hold */
static const char *docker_socket;
static const char *data_root = "/var/lib/docker";

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void put32(unsigned char *p, uint32_t v) {
  p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}
static uint32_t get32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Frames are only queued when there is room (callers check out_len against OUT_HIGH). */
static void frame(int type, uint32_t id, const void *data, uint32_t len) {
  if (out_len + HEADER + len > OUT_CAP) { fprintf(stderr, "berth-api-relay: output overflow\n"); exit(1); }
  out[out_len] = type;
  put32(out + out_len + 1, id);
  put32(out + out_len + 5, len);
  if (len) memcpy(out + out_len + HEADER, data, len);
  out_len += HEADER + len;
  if (type == T_DATA) out_has_data = 1;
}

static struct stream *find(uint32_t id) {
  for (int i = 0; i < MAX_STREAMS; i++)
    if (streams[i].fd >= 0 && streams[i].id == id) return &streams[i];
  return NULL;
}

static void drop(struct stream *s) {
  close(s->fd);
  free(s->pend);
  memset(s, 0, sizeof *s);
  s->fd = -1;
}

static void drop_all(void) {
  for (int i = 0; i < MAX_STREAMS; i++)
    if (streams[i].fd >= 0) drop(&streams[i]);
  out_len = 0;
}

static void close_stream(struct stream *s) {
  frame(T_CLOSE, s->id, NULL, 0);
  drop(s);
}

static void open_stream(uint32_t id) {
  struct stream *s = NULL;
  for (int i = 0; i < MAX_STREAMS && !s; i++)
    if (streams[i].fd < 0) s = &streams[i];
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  strncpy(addr.sun_path, docker_socket, sizeof addr.sun_path - 1);
  /* A unix socket connects at once or not at all (dockerd not up yet): the host sees CLOSE and retries. */
  if (!s || fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
    if (fd >= 0) close(fd);
    frame(T_CLOSE, id, NULL, 0);
    return;
  }
  memset(s, 0, sizeof *s);
  s->id = id;
  s->fd = fd;
  s->credit = WINDOW;
  s->pend = malloc(WINDOW);
  if (!s->pend) { close(fd); s->fd = -1; frame(T_CLOSE, id, NULL, 0); }
}

/* Writes what the host sent to dockerd, returns credit for it, and passes the host's EOF on. */
static void flush_pending(struct stream *s) {
  while (s->pend_len) {
    ssize_t n = write(s->fd, s->pend, s->pend_len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) break;
    if (n <= 0) { close_stream(s); return; }
    memmove(s->pend, s->pend + n, s->pend_len - n);
    s->pend_len -= n;
    s->written += n;
  }
  if (s->written >= WINDOW / 4 || (s->written && !s->pend_len)) {
    unsigned char n[4];
    put32(n, s->written);
    frame(T_CREDIT, s->id, n, 4);
    s->written = 0;
  }
  if (s->host_eof == 1 && !s->pend_len) {
    shutdown(s->fd, SHUT_WR);
    s->host_eof = 2;
  }
  if (s->host_eof == 2 && s->sock_eof) close_stream(s);
}

static void put64(unsigned char *p, uint64_t v) {
  put32(p, v >> 32);
  put32(p + 4, (uint32_t)v);
}
static uint64_t get64(const unsigned char *p) { return (uint64_t)get32(p) << 32 | get32(p + 4); }

static int is_hex64(const char *p) {
  for (int i = 0; i < 64; i++)
    if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f'))) return 0;
  return 1;
}

/* DATA-ROOT/containers/<id>/<id>-json.log, optionally followed by .N (N a number without leading zeros):
 * nothing else, so no "..", no other file of the container, no other container's file under another name. */
static int valid_log_path(const char *p) {
  size_t rl = strlen(data_root);
  if (strncmp(p, data_root, rl) || strncmp(p + rl, "/containers/", 12)) return 0;
  const char *id = p + rl + 12;
  if (strnlen(id, 64) < 64 || !is_hex64(id) || id[64] != '/') return 0;
  const char *file = id + 65;
  if (strnlen(file, 64) < 64 || strncmp(file, id, 64) || strncmp(file + 64, "-json.log", 9)) return 0;
  const char *rest = file + 73;
  if (!*rest) return 1;
  if (rest[0] != '.' || rest[1] < '1' || rest[1] > '9') return 0;
  for (rest += 2; *rest; rest++)
    if (*rest < '0' || *rest > '9') return 0;
  return strlen(file + 73) <= 6;
}

/* Opens without following a symbolic link anywhere on the path (openat2; older kernels: the last part only). */
static int open_no_symlinks(const char *path) {
  struct open_how how = {.flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY,
                         .resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS};
  int fd = syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof how);
  if (fd < 0 && errno == ENOSYS) fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
  return fd;
}

#define FILE_HEAD 20
/* Output has room for it: frames are parsed only while out_len <= OUT_HIGH, and OUT_HIGH + this < OUT_CAP. */
#define READ_MAX (256 * 1024)
static void read_file(uint32_t id, const unsigned char *data, uint32_t len) {
  static unsigned char reply[FILE_HEAD + READ_MAX];
  char path[4096];
  uint32_t err = 0;
  uint64_t size = 0, ino = 0;
  size_t got = 0;
  if (len < 12 || len - 12 >= sizeof path || memchr(data + 12, 0, len - 12)) {
    err = EINVAL;
  } else {
    uint64_t offset = get64(data);
    size_t want = get32(data + 8);
    if (want > READ_MAX) want = READ_MAX;
    memcpy(path, data + 12, len - 12);
    path[len - 12] = 0;
    int fd = valid_log_path(path) ? open_no_symlinks(path) : (errno = EACCES, -1);
    struct stat st;
    if (fd < 0) err = errno;
    else if (fstat(fd, &st) < 0) err = errno;
    else if (!S_ISREG(st.st_mode)) err = EINVAL;
    else {
      size = st.st_size;
      ino = st.st_ino;
      while (got < want) {
        ssize_t n = pread(fd, reply + FILE_HEAD + got, want - got, offset + got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) { err = errno; got = 0; break; }
        if (n == 0) break;
        got += n;
      }
    }
    if (fd >= 0) close(fd);
  }
  put32(reply, err);
  put64(reply + 4, size);
  put64(reply + 12, ino);
  frame(T_FILE, id, reply, FILE_HEAD + got);
}

static void on_frame(int type, uint32_t id, const unsigned char *data, uint32_t len) {
  struct stream *s = find(id);
  switch (type) {
  case T_OPEN:
    if (s) close_stream(s);
    open_stream(id);
    return;
  case T_DATA:
    if (!s) return; /* closed here already; the host learns it from our CLOSE */
    if (s->pend_len + len > WINDOW || s->host_eof) { close_stream(s); return; }
    memcpy(s->pend + s->pend_len, data, len);
    s->pend_len += len;
    flush_pending(s);
    return;
  case T_EOF:
    if (!s) return;
    if (!s->host_eof) s->host_eof = 1;
    flush_pending(s);
    return;
  case T_CLOSE:
    if (s) drop(s);
    return;
  case T_CREDIT:
    if (s && len == 4) s->credit += get32(data);
    return;
  case T_READ:
    read_file(id, data, len);
    return;
  default:
    /* Not a frame this relay knows: the stream of bytes is not what we think it is. */
    synced = 0;
    drop_all();
  }
}

/* Parses what came from the host: first a HELLO, then frames. Returns bytes consumed. */
static size_t parse(void) {
  size_t at = 0;
  while (at < in_len) {
    if (!synced) {
      unsigned char *m = memmem(in + at, in_len - at, MAGIC, sizeof MAGIC);
      if (!m) return in_len > sizeof MAGIC ? in_len - sizeof MAGIC : 0;
      at = m - in;
      if (in_len - at < 16) return at;
      drop_all();
      memcpy(out, in + at, 16); /* the answer: the same magic and nonce */
      out_len = 16;
      unsigned char caps[4];
      put32(caps, CAP_READ);
      frame(T_CAPS, 0, caps, 4);
      at += 16;
      synced = 1;
      continue;
    }
    if (in_len - at < HEADER) break;
    uint32_t len = get32(in + at + 5);
    if (len > MAX_FRAME) { synced = 0; drop_all(); continue; }
    if (in_len - at < HEADER + len) break;
    /* A DATA frame waits until it can be buffered whole; the window makes that always true. */
    on_frame(in[at], get32(in + at + 1), in + at + HEADER, len);
    at += HEADER + len;
    if (out_len > OUT_HIGH) break; /* answer first; the rest is parsed when the port has taken it */
  }
  return at;
}

static int find_port(const char *name, char *dev, size_t size) {
  DIR *d = opendir("/sys/class/virtio-ports");
  if (!d) return -1;
  struct dirent *e;
  int found = -1;
  while ((e = readdir(d)) && found < 0) {
    if (e->d_name[0] == '.') continue;
    char path[512], got[128] = "";
    snprintf(path, sizeof path, "/sys/class/virtio-ports/%s/name", e->d_name);
    FILE *f = fopen(path, "r");
    if (!f) continue;
    if (fgets(got, sizeof got, f)) got[strcspn(got, "\n")] = 0;
    fclose(f);
    if (!strcmp(got, name)) {
      snprintf(dev, size, "/dev/%s", e->d_name);
      found = 0;
    }
  }
  closedir(d);
  return found;
}

int main(int argc, char **argv) {
  if (argc != 3 && argc != 4) { fprintf(stderr, "usage: berth-api-relay PORT-NAME DOCKER-SOCKET [DATA-ROOT]\n"); return 2; }
  docker_socket = argv[2];
  if (argc == 4) data_root = argv[3];
  signal(SIGPIPE, SIG_IGN);
  char dev[300];
  int port = 0; /* "-": the channel is standard input, a socket (how the host's tests run the relay) */
  if (strcmp(argv[1], "-") != 0) {
    if (find_port(argv[1], dev, sizeof dev) < 0) { fprintf(stderr, "berth-api-relay: no virtio port named %s\n", argv[1]); return 1; }
    port = open(dev, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (port < 0) { perror(dev); return 1; }
  } else {
    fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
  }
  for (int i = 0; i < MAX_STREAMS; i++) streams[i].fd = -1;
  long long last_flush = 0; /* the last write to the port that carried data */
  static unsigned char buf[MAX_FRAME];
  struct pollfd fds[MAX_STREAMS + 1];
  int which[MAX_STREAMS + 1];
  for (;;) {
    long long now = now_ns();
    long long hold_until = last_flush + HOLD_NS;
    int holding = out_len && out_len < FLUSH_AT && now < hold_until;
    int nfds = 1;
    fds[0].fd = port;
    fds[0].events = (in_len < IN_CAP && out_len <= OUT_HIGH ? POLLIN : 0) | (out_len && !holding ? POLLOUT : 0);
    /* While holding, dockerd's writes pile up in its socket and are read in one go when the hold ends. */
    if (!holding && out_len <= OUT_HIGH) {
      for (int i = 0; i < MAX_STREAMS; i++) {
        struct stream *s = &streams[i];
        if (s->fd < 0) continue;
        short ev = (s->credit && !s->sock_eof ? POLLIN : 0) | (s->pend_len ? POLLOUT : 0);
        if (!ev) continue;
        fds[nfds].fd = s->fd;
        fds[nfds].events = ev;
        which[nfds++] = i;
      }
    }
    int timeout = holding ? (int)((hold_until - now) / 1000000) + 1 : -1;
    if (poll(fds, nfds, timeout) < 0) {
      if (errno == EINTR) continue;
      perror("poll");
      return 1;
    }
    if (fds[0].revents & POLLIN) {
      ssize_t n = read(port, in + in_len, IN_CAP - in_len);
      if (n > 0) {
        in_len += n;
        size_t used = parse();
        memmove(in, in + used, in_len - used);
        in_len -= used;
      } else if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        fds[0].revents |= POLLHUP;
      }
    } else if (out_len <= OUT_HIGH && in_len && synced) {
      size_t used = parse(); /* frames left unparsed while the output was full */
      memmove(in, in + used, in_len - used);
      in_len -= used;
    }
    if ((fds[0].revents & POLLHUP) && !(fds[0].revents & POLLIN)) {
      /* The host closed its end: every stream goes, and the next connection starts with a HELLO. */
      synced = 0;
      drop_all();
      in_len = 0;
      usleep(100000);
      continue;
    }
    for (int k = 1; k < nfds; k++) {
      struct stream *s = &streams[which[k]];
      if (s->fd < 0 || !fds[k].revents) continue;
      if (fds[k].revents & POLLOUT) flush_pending(s);
      if (s->fd < 0) continue;
      if (fds[k].revents & (POLLIN | POLLHUP | POLLERR)) {
        size_t want = s->credit < sizeof buf ? s->credit : sizeof buf;
        if (!want || s->sock_eof || out_len > OUT_HIGH) continue;
        ssize_t n = read(s->fd, buf, want);
        if (n > 0) {
          frame(T_DATA, s->id, buf, n);
          s->credit -= n;
        } else if (n == 0) {
          frame(T_EOF, s->id, NULL, 0);
          s->sock_eof = 1;
          if (s->host_eof == 2) close_stream(s);
        } else if (errno != EAGAIN && errno != EINTR) {
          close_stream(s);
        }
      }
    }
    now = now_ns();
    if (out_len && (out_len >= FLUSH_AT || now >= last_flush + HOLD_NS)) {
      ssize_t n = write(port, out, out_len);
      if (n > 0) {
        memmove(out, out + n, out_len - n);
        out_len -= n;
        if (out_has_data) last_flush = now;
        if (!out_len) out_has_data = 0;
      }
    }
  }
}
