// `muwazi serve`: an HTTP/1.1 server on Boost.Beast/Asio in the shape of
// Beast's advanced_server: one io_context run by N threads, a strand per
// connection, each thread with its own SQLite read connection (Reader) and
// one Writer for the whole server (WAL: reads never wait for it).
//
//   serve::ServeOptions o; o.db = "tm.db"; o.port = 0;
//   serve::Server s(o);          // binds; s.port() is the real port
//   s.run();                     // until stop() or SIGINT/SIGTERM
#ifndef MUWAZI_SERVE_SERVER_H_
#define MUWAZI_SERVE_SERVER_H_

#include <cstddef>
#include <memory>
#include <string>

#include "serve/router.h"

namespace muwazi::serve {

struct ServeOptions {
  std::string db;
  // Address to listen on. Loopback by default: a browser on this machine
  // talks to it, nothing else can.
  std::string host = "127.0.0.1";
  // 0 = any free port (Server::port() says which).
  unsigned short port = 8080;
  // Threads answering requests (0 = one per core).
  int threads = 0;
  bool read_only = false;
  // Write token; "" = a random one (Server::token()).
  std::string token;
  // Limits: a request body (413 beyond), the request line + headers (431),
  // open connections (503 beyond), and the time a connection may take to
  // send one request or stay idle between two (then it is closed).
  std::size_t max_body = 4 << 20;
  std::size_t max_header = 16 << 10;
  int max_connections = 512;
  int idle_timeout_ms = 30000;
  // How long in-flight requests may take to finish after a stop.
  int stop_grace_ms = 10000;
  ApiLimits limits;
  std::string user;  // recorded on stored units when the request names none
  // SIGINT and SIGTERM stop the server. Their handlers are installed by the
  // constructor, so that a signal sent as soon as the server is listening
  // (or before run()) is not the default "terminate" but a clean stop; one
  // that arrives before run() is kept and acted on when run() starts.
  bool handle_signals = true;
};

class Server {
 public:
  // Opens the TM (the writer first, so that an old schema is upgraded, then
  // one reader per thread, lazily) and binds. Throws muwazi::Error (Io for
  // an address in use, Database for the TM).
  explicit Server(const ServeOptions& options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  unsigned short port() const;
  const std::string& token() const;
  // "http://127.0.0.1:PORT/"
  std::string url() const;
  // Serves until stop() or SIGINT/SIGTERM (when options.handle_signals):
  // stops accepting, lets in-flight requests finish (up to stop_grace_ms),
  // closes idle connections and returns. Further signals while it stops are
  // absorbed; once it has returned they are handled again by this Server
  // (queued, no effect) until it is destroyed, which restores the default
  // actions: a caller that exits next should block them first (cmd_serve).
  void run();
  // Thread-safe; may be called from a signal-handling thread or a test.
  void stop();

  struct Impl;  // serve/server.cc (public so that its sessions can name it)

 private:
  std::unique_ptr<Impl> impl_;
};

// true for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(const std::string& host);

}  // namespace muwazi::serve

#endif  // MUWAZI_SERVE_SERVER_H_
