// `muwazi serve`: the TM over HTTP (serve/server.h does the work).
#include <pthread.h>

#include <csignal>
#include <iostream>
#include <thread>

#include "cli/args.h"
#include "cli/command.h"
#include "serve/server.h"
#include "text/error.h"

namespace muwazi::cli {
namespace {

constexpr const char* kUsage =
    "usage: muwazi serve --db TM [options]\n"
    "\n"
    "Serves the TM over HTTP: a JSON API (lookup, concordance, stats, align,\n"
    "storing reviewed units), the tmserver/amaGama API for CAT tools, and a web\n"
    "page to search the TM and review an alignment (docs/API.md). Prints\n"
    "'muwazi serve: listening on URL token TOKEN' on standard error; writes need\n"
    "'Authorization: Bearer TOKEN'. SIGINT/SIGTERM stop it after the requests in\n"
    "flight are answered (exit 0).\n";

int run_serve(const std::vector<std::string>& argv) {
  static const Options opts = std::move(
      Options("serve", kUsage)
          .value("--db", "PATH", "the TM (default muwazi.db)")
          .value("--host", "ADDR", "address to listen on (default 127.0.0.1; anything but loopback is warned about)")
          .value("--port", "N", "port (default 8080; 0 = any free port, printed at start)")
          .value("--threads", "N", "threads answering requests, each with its own read connection (default: cores)")
          .flag("--read-only", "refuse every write (403)")
          .value("--token", "TOKEN", "the write token (default: a random one, printed at start)")
          .value("--max-body", "BYTES", "largest request body (default 4194304; larger: 413)")
          .value("--max-connections", "N", "open connections at most (default 512; more: 503)")
          .value("--idle-timeout", "SECONDS", "time to send a request or to stay idle between two (default 30)")
          .value("--user", "NAME", "recorded on stored units when a request names no user"));
  Args args = opts.parse(argv);
  if (args.help()) {
    opts.print_help(std::cout);
    return 0;
  }
  args.require_positional(0, 0, "no positional arguments");
  serve::ServeOptions o;
  o.db = args.get("--db", "muwazi.db");
  o.host = args.get("--host", "127.0.0.1");
  o.port = static_cast<unsigned short>(args.get_int("--port", 8080, 0, 65535));
  o.threads = static_cast<int>(args.get_int("--threads", 0, 0, 256));
  o.read_only = args.has("--read-only");
  o.token = args.get("--token", "");
  if (args.has("--token") && o.token.size() < 8) throw Error::Usage("--token must have at least 8 characters");
  for (char c : o.token) {
    if (c <= ' ' || c > '~') throw Error::Usage("--token: printable ASCII without spaces only");
  }
  o.max_body = static_cast<std::size_t>(args.get_int("--max-body", 4 << 20, 1024, 1L << 30));
  o.max_connections = static_cast<int>(args.get_int("--max-connections", 512, 1, 100000));
  o.idle_timeout_ms = static_cast<int>(args.get_double("--idle-timeout", 30, 0.1, 3600) * 1000);
  o.user = args.get("--user", "");
  if (!serve::is_loopback_host(o.host)) {
    std::cerr << "muwazi serve: warning: listening on " << o.host
              << ", not loopback: other machines can reach this server (writes still need the token)\n";
  }
  serve::Server server(o);
  std::cerr << "muwazi serve: listening on " << server.url() << " token " << server.token()
            << (o.read_only ? " (read-only)" : "") << std::endl;
  server.run();
  // Stopped, with only this thread left: a SIGINT/SIGTERM from here on (a
  // second Ctrl-C, a supervisor that signals twice) must not turn the clean
  // exit into a kill once ~Server gives the signals their default action
  // back; blocked, it stays pending and dies with the process.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::cerr << "muwazi serve: stopped" << std::endl;
  return 0;
}

}  // namespace

MUWAZI_COMMAND("serve", "serve the TM over HTTP (JSON API, tmserver API, web page)", run_serve);

}  // namespace muwazi::cli
