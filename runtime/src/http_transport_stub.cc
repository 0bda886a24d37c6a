#include "mcpc/runtime/http_transport.h"
#include <iostream>
namespace mcpc::runtime {
int serve_http(Server&, const HttpOptions&) { std::cerr << "http: not yet\n"; return 1; }
}
