#!/usr/bin/env python3
"""Writes tests/native/shapes.ir.json: the IR of shapes.yaml (from `mcpc ir`) with the native
bindings of shapes.h added, as the C++ header front end would write them.
  tests/native/make_ir.py build/bin/mcpc"""
import json, os, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
ir = json.loads(subprocess.run([os.path.abspath(sys.argv[1]), "ir", "shapes.yaml"], cwd=here, check=True,
                               capture_output=True, text=True).stdout)
def param(name, value_type, **extra):
    return dict(name=name, valueType=value_type, **extra)
native = {
    "polygon_area": ("::geo::polygon_area", [param("polygon", "::geo::Polygon")], "double"),
    "describe": ("::geo::describe", [param("label", "std::string", **{"pass": "c_str"}),
                                     param("sides", "std::uint8_t", hasDefault=True)], "std::string"),
    "midpoint": ("::geo::midpoint", [param("a", "::geo::Point"), param("b", "::geo::Point")], "::geo::Point"),
    "count_words": ("::geo::count_words", [param("text", "std::string")], "std::map<std::string, int>"),
    "touch": ("::geo::touch", [], ""),
    "touches": ("::geo::touches", [], "int"),
}
for tool in ir["tools"]:
    function, params, result = native[tool["name"]]
    entry = {"function": function, "params": params}
    if result:
        entry["resultType"] = result
    entry["loc"] = tool["loc"]
    loc = tool.pop("loc")
    tool["native"] = entry
    tool["loc"] = loc
ir["native"] = {
    "headers": ["shapes.h"],
    "types": [
        {"kind": "enum", "cppName": "::geo::Unit", "members": [{"name": "metre"}, {"name": "foot"}]},
        {"kind": "struct", "cppName": "::geo::Point", "members": [{"name": "x", "required": False},
                                                                 {"name": "y", "required": False}]},
        {"kind": "struct", "cppName": "::geo::Polygon",
         "members": [{"name": "name"}, {"name": "points"}, {"name": "unit", "required": False}]},
    ],
}
ir["files"] = [os.path.basename(f) for f in ir["files"]]
with open(os.path.join(here, "shapes.ir.json"), "w") as out:
    json.dump(ir, out, indent=2)
    out.write("\n")
