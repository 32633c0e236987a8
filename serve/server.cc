// The network side of `muwazi serve` (see server.h): accept, read one
// request at a time per connection under the limits, hand it to the Router,
// write the answer, keep the connection or close it; stop cleanly.
#include "serve/server.h"

#include <unistd.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <csignal>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>

#include "text/error.h"

namespace muwazi::serve {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

bool is_loopback_host(const std::string& host) {
  if (host == "localhost") return true;
  beast::error_code ec;
  net::ip::address a = net::ip::make_address(host, ec);
  return !ec && a.is_loopback();
}

namespace {

// The thread's read connection (set by each thread before it runs the
// io_context).
thread_local Reader* tl_reader = nullptr;

std::string random_token() {
  std::random_device rd;
  static const char* kHex = "0123456789abcdef";
  std::string t;
  for (int i = 0; i < 32; ++i) t.push_back(kHex[rd() & 15]);
  return t;
}

bool is_http_parse_error(const beast::error_code& ec) {
  return &ec.category() == &http::make_error_code(http::error::bad_target).category();
}

class Session;

}  // namespace

struct Server::Impl {
  explicit Impl(const ServeOptions& o)
      : opt(o), acceptor(net::make_strand(ioc)), grace(acceptor.get_executor()), signals(ioc) {}

  void remember(Session* s, std::weak_ptr<Session> w) {
    std::lock_guard<std::mutex> lock(sessions_mu);
    sessions[s] = std::move(w);
  }
  void forget(Session* s) {
    std::lock_guard<std::mutex> lock(sessions_mu);
    sessions.erase(s);
  }
  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);
  void do_stop();
  void check_drained();

  ServeOptions opt;
  std::string token;
  std::unique_ptr<Writer> writer;
  std::unique_ptr<Router> router;
  net::io_context ioc;
  tcp::acceptor acceptor;
  net::steady_timer grace;
  net::signal_set signals;
  std::chrono::steady_clock::time_point stop_deadline;
  std::atomic<int> connections{0};
  std::atomic<bool> stopping{false};
  std::mutex sessions_mu;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
  unsigned short port = 0;
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Server::Impl& srv, bool reject)
      : stream_(std::move(socket)), srv_(srv), reject_(reject) {
    ++srv_.connections;
  }
  ~Session() {
    srv_.forget(this);
    --srv_.connections;
  }

  void start() {
    srv_.remember(this, weak_from_this());
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::begin, shared_from_this()));
  }

  // On the session's strand: a stop was asked. An idle connection (waiting
  // for a request) is closed; a busy one finishes its answer first.
  void stop() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) self->stream_.cancel();
    });
  }

 private:
  void begin() {
    if (reject_) {
      res_ = error_response(http::status::service_unavailable, "too many connections", 11, false);
      return write();
    }
    read();
  }

  void read() {
    if (srv_.stopping) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(srv_.opt.max_header));
    parser_->body_limit(srv_.opt.max_body);
    // One deadline for the whole request: a client that sends it too slowly
    // (or nothing at all on an idle keep-alive connection) is dropped.
    stream_.expires_after(std::chrono::milliseconds(srv_.opt.idle_timeout_ms));
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  // curl sends "Expect: 100-continue" before a body over 1 KiB and waits a
  // second for the interim answer: give it, once the headers passed the
  // limits (a body over --max-body fails at the header already).
  void on_header(beast::error_code ec, std::size_t n) {
    if (ec || parser_->is_done()) return on_read(ec, n);
    auto expect = parser_->get().find(http::field::expect);
    if (expect != parser_->get().end() && beast::iequals(expect->value(), "100-continue")) {
      static const char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
      return net::async_write(stream_, net::buffer(kContinue, sizeof kContinue - 1),
                              [self = shared_from_this()](beast::error_code e, std::size_t) {
                                if (e) return self->close();
                                self->read_body();
                              });
    }
    read_body();
  }

  void read_body() {
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream || ec == net::error::operation_aborted || ec == beast::error::timeout ||
        ec == http::error::partial_message) {
      return close();
    }
    if (ec) {
      if (!is_http_parse_error(ec)) return close();  // a socket error
      http::status st = http::status::bad_request;
      std::string msg = "malformed request: " + ec.message();
      if (ec == http::error::body_limit) {
        st = http::status::payload_too_large;
        msg = "request body larger than " + std::to_string(srv_.opt.max_body) + " bytes (--max-body)";
      } else if (ec == http::error::header_limit) {
        st = http::status::request_header_fields_too_large;
        msg = "request line and headers larger than " + std::to_string(srv_.opt.max_header) + " bytes";
      }
      res_ = error_response(st, msg, 11, false);
      drain_after_ = true;
      return write();
    }
    busy_ = true;
    res_ = srv_.router->handle(parser_->get(), *tl_reader);
    if (srv_.stopping) res_.keep_alive(false);
    write();
  }

  void write() {
    stream_.expires_after(std::chrono::milliseconds(srv_.opt.idle_timeout_ms));
    http::async_write(stream_, res_, beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    busy_ = false;
    if (ec) return close();
    if (drain_after_) return drain();
    if (!res_.keep_alive() || srv_.stopping) return close();
    read();
  }

  // After an error answer to a request whose body was not read: stop
  // sending, then read and drop what the client still sends (briefly), so
  // that closing does not reset the connection before it reads the answer.
  void drain() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(2));
    stream_.async_read_some(net::buffer(drain_buf_),
                            [self = shared_from_this()](beast::error_code e, std::size_t n) {
                              self->drained_ += n;
                              if (e || self->drained_ > (64u << 20)) return self->close();
                              self->drain_more();
                            });
  }
  void drain_more() {
    stream_.async_read_some(net::buffer(drain_buf_),
                            [self = shared_from_this()](beast::error_code e, std::size_t n) {
                              self->drained_ += n;
                              if (e || self->drained_ > (64u << 20)) return self->close();
                              self->drain_more();
                            });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Response res_;
  Server::Impl& srv_;
  bool reject_;
  bool busy_ = false;
  bool drain_after_ = false;
  std::size_t drained_ = 0;
  char drain_buf_[8192];
};

}  // namespace

void Server::Impl::do_accept() {
  acceptor.async_accept(net::make_strand(ioc), beast::bind_front_handler(&Impl::on_accept, this));
}

void Server::Impl::on_accept(beast::error_code ec, tcp::socket socket) {
  if (stopping || !acceptor.is_open()) return;
  if (!ec) {
    const bool reject = connections.load() >= opt.max_connections;
    std::make_shared<Session>(std::move(socket), *this, reject)->start();
  } else if (ec == net::error::no_descriptors || ec == net::error::no_buffer_space) {
    // Out of file descriptors: wait a little rather than spin.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  do_accept();
}

void Server::Impl::do_stop() {
  if (stopping.exchange(true)) return;
  beast::error_code ignored;
  acceptor.close(ignored);
  signals.cancel(ignored);
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard<std::mutex> lock(sessions_mu);
    for (auto& [p, w] : sessions) {
      if (auto s = w.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->stop();
  stop_deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(opt.stop_grace_ms);
  check_drained();
}

// Every 20 ms after a stop: done when no connection is left; past the grace
// period, the io_context is stopped with whatever is still open.
void Server::Impl::check_drained() {
  if (connections.load() == 0) return;
  if (std::chrono::steady_clock::now() >= stop_deadline) {
    ioc.stop();
    return;
  }
  grace.expires_after(std::chrono::milliseconds(20));
  grace.async_wait([this](beast::error_code ec) {
    if (!ec) check_drained();
  });
}

Server::Server(const ServeOptions& options) : impl_(std::make_unique<Impl>(options)) {
  Impl& d = *impl_;
  if (d.opt.threads <= 0) d.opt.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  d.token = d.opt.token.empty() ? random_token() : d.opt.token;
  if (!d.opt.read_only) d.writer = std::make_unique<Writer>(d.opt.db);
  // A first reader now: a file that cannot be read fails before we listen.
  { Reader probe(d.opt.db); }

  beast::error_code ec;
  std::string host = d.opt.host;
  net::ip::address addr;
  if (host == "localhost") {
    addr = net::ip::make_address("127.0.0.1");
  } else {
    addr = net::ip::make_address(host, ec);
    if (ec) {
      tcp::resolver resolver(d.ioc);
      auto results = resolver.resolve(host, "", ec);
      if (ec || results.empty()) throw Error::Usage("--host " + host + ": " + (ec ? ec.message() : "no address"));
      addr = results.begin()->endpoint().address();
    }
  }
  tcp::endpoint ep(addr, d.opt.port);
  auto fail = [&](const char* what) {
    throw Error::Io("cannot listen on " + host + ":" + std::to_string(d.opt.port) + ": " + what + ": " + ec.message());
  };
  d.acceptor.open(ep.protocol(), ec);
  if (ec) fail("open");
  d.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  d.acceptor.bind(ep, ec);
  if (ec) fail("bind");
  d.acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) fail("listen");
  d.port = d.acceptor.local_endpoint().port();

  RouterConfig rc;
  rc.read_only = d.opt.read_only;
  rc.token = d.token;
  rc.port = d.port;
  rc.limits = d.opt.limits;
  rc.default_user = d.opt.user;
  rc.host_names = {"localhost", "127.0.0.1", "[::1]"};
  std::string own = addr.is_v6() ? "[" + addr.to_string() + "]" : addr.to_string();
  rc.host_names.push_back(own);
  if (host != own) rc.host_names.push_back(host);
  if (addr.is_unspecified()) {
    char name[256] = {0};
    if (gethostname(name, sizeof name - 1) == 0 && name[0]) rc.host_names.emplace_back(name);
  }
  d.router = std::make_unique<Router>(std::move(rc), d.writer.get());
  if (d.opt.handle_signals) {
    d.signals.add(SIGINT);
    d.signals.add(SIGTERM);
  }
}

Server::~Server() = default;

unsigned short Server::port() const { return impl_->port; }
const std::string& Server::token() const { return impl_->token; }

std::string Server::url() const {
  std::string h = impl_->opt.host;
  if (h.find(':') != std::string::npos) h = "[" + h + "]";
  return "http://" + h + ":" + std::to_string(impl_->port) + "/";
}

void Server::stop() {
  Impl* d = impl_.get();
  net::post(d->acceptor.get_executor(), [d] { d->do_stop(); });
}

void Server::run() {
  Impl& d = *impl_;
  std::vector<std::unique_ptr<Reader>> readers;
  for (int i = 0; i < d.opt.threads; ++i) readers.push_back(std::make_unique<Reader>(d.opt.db));
  if (d.opt.handle_signals) {
    d.signals.async_wait([this](beast::error_code ec, int) {
      if (!ec) stop();
    });
  }
  net::post(d.acceptor.get_executor(), [&d] { d.do_accept(); });
  auto work = [&d](Reader* r) {
    tl_reader = r;
    for (;;) {
      try {
        d.ioc.run();
        break;
      } catch (const std::exception&) {
        // A handler threw (out of memory): that connection is gone; the
        // server goes on.
      }
    }
    tl_reader = nullptr;
  };
  std::vector<std::thread> threads;
  for (int i = 1; i < d.opt.threads; ++i) threads.emplace_back(work, readers[i].get());
  work(readers[0].get());
  for (std::thread& t : threads) t.join();
}

}  // namespace muwazi::serve
