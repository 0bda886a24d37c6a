// Functions mcpc-extract cannot turn into tools, each with the diagnostic it gets
// (golden: unsupported.diagnostics.txt). The run goes on: `fine` is still a tool.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mcpc/annotations.h"

namespace bad {

union Number {
  int i;
  double d;
};

class Account {
 public:
  int id;

 private:
  double balance;
};

struct Node {
  int value;
  std::vector<Node> children;
};

int next_id();

MCPC_TOOL("Raw pointer") void pointer(int* out);
MCPC_TOOL("Non-const reference") void reference(std::string& out);
template <typename T>
MCPC_TOOL("Template")
T twice(T value);
MCPC_TOOL("Union") void take_union(Number n);
MCPC_TOOL("Private data") void take_account(const Account& a);
MCPC_TOOL("Recursive") void take_tree(const Node& root);
MCPC_TOOL("Character") void take_char(char c);
MCPC_TOOL("Integer keys") void take_map(std::map<int, std::string> m);
MCPC_TOOL("Fixed span") void take_span(std::span<const int, 4> s);
MCPC_TOOL("Unnamed") void unnamed(int);
MCPC_TOOL("Returns a pointer") const char* name();
MCPC_TOOL("Returns a view") std::string_view label();

struct Widget {
  MCPC_TOOL("Member") int member() const;
};

MCPC_TOOL("Non-constant default: the argument becomes required") int fine(int id = next_id());

}  // namespace bad
