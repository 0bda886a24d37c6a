#include "mcpc/runtime/command_line.h"

#include <charconv>
#include <cstdlib>
#include <iostream>

#include "mcpc/runtime/stdio_transport.h"

namespace mcpc::runtime {

std::string command_line_usage(const CommandLine& cli) {
  std::string u;
  u += "Usage: " + cli.program + " [--transport stdio|http] [--host HOST] [--port PORT] [--path PATH]\n\n";
  u += "Options:\n";
  u += "  --transport stdio|http  How clients connect (default: " + cli.transport + ")\n";
  u += "  --host HOST             Address to listen on with http (default: " + cli.http.host + ")\n";
  u += "  --port PORT             Port to listen on with http, 0 for any free one (default: " +
       std::to_string(cli.http.port) + ")\n";
  u += "  --path PATH             Endpoint path with http (default: " + cli.http.path + ")\n";
  u += "  --help                  Show this help and exit\n";
  u += "  --version               Show the version and exit\n";
  if (!cli.env.empty()) {
    u += "\nEnvironment:\n";
    for (const EnvRequirement& e : cli.env) {
      u += "  " + e.name;
      if (e.name.size() < 22) u += std::string(22 - e.name.size(), ' ');
      u += " " + e.description;
      if (e.default_value) {
        u += " (default: " + *e.default_value + ")";
      } else if (e.required) {
        u += " (required)";
      }
      u += "\n";
    }
  }
  return u;
}

ParsedCommandLine parse_command_line(const CommandLine& cli, const std::vector<std::string>& args) {
  ParsedCommandLine p;
  p.transport = cli.transport;
  p.http = cli.http;
  auto fail = [&](std::string message) {
    p.action = ParsedCommandLine::Action::Error;
    p.error = std::move(message);
    return p;
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    std::string value;
    bool inline_value = false;
    if (auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg.resize(eq);
      inline_value = true;
    }
    auto take_value = [&]() {
      if (inline_value) return true;
      if (i + 1 >= args.size()) return false;
      value = args[++i];
      return true;
    };
    if (arg == "--help" || arg == "-h") {
      p.action = ParsedCommandLine::Action::Help;
      return p;
    }
    if (arg == "--version") {
      p.action = ParsedCommandLine::Action::Version;
      return p;
    }
    if (arg == "--transport") {
      if (!take_value()) return fail("--transport needs a value");
      if (value != "stdio" && value != "http") return fail("--transport must be stdio or http, not '" + value + "'");
      p.transport = value;
    } else if (arg == "--host") {
      if (!take_value() || value.empty()) return fail("--host needs a value");
      p.http.host = value;
    } else if (arg == "--port") {
      if (!take_value()) return fail("--port needs a value");
      unsigned port = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), port);
      if (value.empty() || ec != std::errc() || end != value.data() + value.size() || port > 65535) {
        return fail("--port must be a number from 0 to 65535, not '" + value + "'");
      }
      p.http.port = static_cast<std::uint16_t>(port);
    } else if (arg == "--path") {
      if (!take_value()) return fail("--path needs a value");
      if (value.empty() || value[0] != '/') return fail("--path must start with '/', not '" + value + "'");
      p.http.path = value;
    } else {
      return fail("unknown argument '" + arg + "'");
    }
  }
  return p;
}

std::string check_environment(const CommandLine& cli) {
  std::string missing;
  for (const EnvRequirement& e : cli.env) {
    if (e.default_value) ::setenv(e.name.c_str(), e.default_value->c_str(), 0);
    if (e.required && std::getenv(e.name.c_str()) == nullptr) {
      missing += "environment variable " + e.name + " is not set";
      if (!e.description.empty()) missing += " (" + e.description + ")";
      missing += "\n";
    }
  }
  return missing;
}

int run_command_line(const CommandLine& cli, const ServerOptions& options, int argc, char** argv,
                     const std::function<void(Server&)>& setup) {
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  ParsedCommandLine p = parse_command_line(cli, args);
  switch (p.action) {
    case ParsedCommandLine::Action::Help:
      std::cout << command_line_usage(cli);
      return 0;
    case ParsedCommandLine::Action::Version:
      std::cout << cli.program << " " << cli.version << "\n";
      return 0;
    case ParsedCommandLine::Action::Error:
      std::cerr << cli.program << ": " << p.error << "\nRun '" << cli.program << " --help' for usage.\n";
      return 2;
    case ParsedCommandLine::Action::Serve:
      break;
  }
  if (std::string missing = check_environment(cli); !missing.empty()) {
    std::cerr << cli.program << ": " << missing;
    return 2;
  }
  Server server(options);
  setup(server);
  if (p.transport == "http") {
    if (!cli.bearer_token_env.empty()) {
      if (const char* token = std::getenv(cli.bearer_token_env.c_str())) p.http.bearer_token = token;
    }
    if (!cli.api_key_env.empty() && !cli.api_key_header.empty()) {
      if (const char* key = std::getenv(cli.api_key_env.c_str())) {
        p.http.api_key_header = cli.api_key_header;
        p.http.api_key = key;
      }
    }
    return serve_http(server, p.http);
  }
  return serve_stdio(server);
}

}  // namespace mcpc::runtime
