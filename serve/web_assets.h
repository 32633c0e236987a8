// The web page's files (serve/web/*), embedded in the binary at build time
// by serve/embed_web.cmake: the server reads nothing from disk to serve them.
#ifndef MUWAZI_SERVE_WEB_ASSETS_H_
#define MUWAZI_SERVE_WEB_ASSETS_H_

#include <string_view>
#include <vector>

namespace muwazi::serve {

struct WebFile {
  std::string_view path;   // "/index.html", "/app.js", ...
  std::string_view bytes;  // the file's content
};

// Every embedded file (generated web_assets.cc).
const std::vector<WebFile>& web_files();

}  // namespace muwazi::serve

#endif  // MUWAZI_SERVE_WEB_ASSETS_H_
