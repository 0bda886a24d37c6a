// mcpc-trivial-responder: the floor for bench/load/mcpc-load. Not an MCP server: it answers every
// request with a canned result carrying the request's id (an initialize result for `initialize`,
// the result of add(2, 3) for anything else) and never parses JSON beyond finding "id".
//   mcpc-trivial-responder --transport stdio
//   mcpc-trivial-responder --transport http [--host 127.0.0.1] --port P   (single-threaded epoll,
//   HTTP/1.1 keep-alive, POST with Content-Length only; notifications get 202)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>

namespace {

constexpr std::string_view kInit =
    R"(,"result":{"protocolVersion":"2025-11-25","capabilities":{"tools":{}},"serverInfo":{"name":"trivial","version":"0"}}})";
constexpr std::string_view kAdd =
    R"(,"result":{"content":[{"type":"text","text":"5"}],"structuredContent":{"sum":5}}})";

// Appends the canned response to `msg` onto `out`; false if `msg` has no id (a notification).
bool respond(std::string_view msg, std::string& out) {
  auto p = msg.find("\"id\":");
  if (p == std::string_view::npos) return false;
  p += 5;
  auto e = p;
  if (e < msg.size() && msg[e] == '"')
    e = msg.find('"', e + 1) + 1;
  else
    while (e < msg.size() && msg[e] != ',' && msg[e] != '}') ++e;
  if (e == 0 || e > msg.size()) return false;
  out += R"({"jsonrpc":"2.0","id":)";
  out += msg.substr(p, e - p);
  out += msg.find(R"("method":"initialize")") != std::string_view::npos ? kInit : kAdd;
  return true;
}

bool write_all(int fd, const std::string& s) {
  for (size_t off = 0; off < s.size();) {
    ssize_t n = ::write(fd, s.data() + off, s.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

int run_stdio() {
  std::string in, out;
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(0, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;
    in.append(buf, static_cast<size_t>(n));
    size_t start = 0;
    for (size_t nl; (nl = in.find('\n', start)) != std::string::npos; start = nl + 1)
      if (respond(std::string_view(in).substr(start, nl - start), out)) out += '\n';
    in.erase(0, start);
    if (!out.empty() && !write_all(1, out)) return 1;
    out.clear();
  }
}

struct Conn {
  std::string in, out;
  bool want_out = false;
};

int run_http(const char* host, int port) {
  int ls = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int one = 1;
  ::setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, host, &sa.sin_addr) != 1 || ::bind(ls, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 ||
      ::listen(ls, 512) != 0) {
    std::perror("trivial-responder: bind/listen");
    return 1;
  }
  int ep = ::epoll_create1(0);
  epoll_event ev{EPOLLIN, {.fd = ls}};
  ::epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
  std::unordered_map<int, Conn> conns;
  epoll_event evs[256];
  char buf[1 << 16];
  for (;;) {
    int n = ::epoll_wait(ep, evs, 256, -1);
    for (int i = 0; i < n; ++i) {
      int fd = evs[i].data.fd;
      if (fd == ls) {
        for (int c; (c = ::accept4(ls, nullptr, nullptr, SOCK_NONBLOCK)) >= 0;) {
          ::setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          epoll_event cev{EPOLLIN, {.fd = c}};
          ::epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
          conns[c];
        }
        continue;
      }
      Conn& c = conns[fd];
      bool closed = false;
      for (;;) {
        ssize_t r = ::read(fd, buf, sizeof buf);
        if (r > 0) c.in.append(buf, static_cast<size_t>(r));
        if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) closed = true;
        if (r <= 0) break;
      }
      size_t start = 0;
      for (;;) {  // every complete request in the buffer
        auto he = c.in.find("\r\n\r\n", start);
        if (he == std::string::npos) break;
        size_t len = 0;
        for (auto p = c.in.find('\n', start); p < he; p = c.in.find('\n', p + 1))
          if (strncasecmp(c.in.data() + p + 1, "content-length:", 15) == 0)
            len = std::strtoul(c.in.data() + p + 16, nullptr, 10);
        if (c.in.size() < he + 4 + len) break;
        std::string body;
        if (respond(std::string_view(c.in).substr(he + 4, len), body))
          c.out +=
              "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
              "\r\n\r\n" + body;
        else
          c.out += "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n";
        start = he + 4 + len;
      }
      c.in.erase(0, start);
      while (!closed && !c.out.empty()) {
        ssize_t w = ::write(fd, c.out.data(), c.out.size());
        if (w > 0)
          c.out.erase(0, static_cast<size_t>(w));
        else if (w < 0 && errno == EAGAIN)
          break;
        else
          closed = true;
      }
      if (closed) {
        ::close(fd);
        conns.erase(fd);
      } else if (c.want_out != !c.out.empty()) {  // wait for POLLOUT only while output is pending
        c.want_out = !c.out.empty();
        epoll_event mev{static_cast<uint32_t>(EPOLLIN | (c.want_out ? uint32_t{EPOLLOUT} : 0u)), {.fd = fd}};
        ::epoll_ctl(ep, EPOLL_CTL_MOD, fd, &mev);
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string transport = "stdio", host = "127.0.0.1";
  int port = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string_view a = argv[i];
    if (a == "--transport")
      transport = argv[i + 1];
    else if (a == "--host")
      host = argv[i + 1];
    else if (a == "--port")
      port = std::atoi(argv[i + 1]);
  }
  if (transport == "stdio") return run_stdio();
  if (transport == "http" && port > 0) return run_http(host.c_str(), port);
  std::fputs("usage: mcpc-trivial-responder --transport stdio|http [--host H] --port P\n", stderr);
  return 2;
}
