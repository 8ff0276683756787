#!/usr/bin/env python3
"""The Zabbix template (contrib/zabbix/tcpdoc_template.yaml) as Zabbix reads it.

  zabbix_template.py static TEMPLATE AGENT_CONF
      TAP lines: the YAML parses as a 6.0 export; uuids are unique UUIDv4;
      every key the agent is asked for is a UserParameter of AGENT_CONF; every
      master item, trigger and graph names an item of the template; the
      triggers the issue asks for are there.
  zabbix_template.py items TEMPLATE MASTER_KEY VALUE_FILE [MACRO=VALUE...]
      "KEY<TAB>VALUE" for every dependent item (or prototype, macros given)
      of MASTER_KEY, its preprocessing applied to the master's value.
  zabbix_template.py discover TEMPLATE RULE_KEY VALUE_FILE
      one line per discovered row: the rule's LLD macros as MACRO=VALUE.

JSONPath is evaluated as Zabbix does for the forms the template uses:
$.a.b, [*], [?(@.k == "v")] or numbers, .first() and .length(); a path
that matches nothing is an error, which an error handler may turn into a
custom value.
"""
import json
import re
import sys

import yaml


class NoData(Exception):
    pass


STEP = re.compile(r"""\.(?P<fn>first|length)\(\)
    | \.(?P<name>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<star>\[\*\])
    | \[\?\(@\.(?P<fk>\w+)\s*==\s*(?:"(?P<s>[^"]*)"|(?P<n>-?\d+))\)\]""", re.X)


def jsonpath(doc, path):
    if not path.startswith("$"):
        raise ValueError("JSONPath must start with $: " + path)
    nodes, multi, pos = [doc], False, 1
    while pos < len(path):
        m = STEP.match(path, pos)
        if not m:
            raise ValueError("JSONPath form not supported here: " + path)
        pos = m.end()
        if m["fn"]:
            if not nodes:
                raise NoData(path)
            if m["fn"] == "first":
                nodes, multi = nodes[:1], False
            else:
                nodes, multi = [len(nodes) if multi else len(nodes[0])], False
        elif m["name"]:
            nodes = [n[m["name"]] for n in nodes if isinstance(n, dict) and m["name"] in n]
        elif m["star"]:
            nodes = [x for n in nodes if isinstance(n, list) for x in n]
            multi = True
        else:
            want = m["s"] if m["s"] is not None else int(m["n"])
            nodes = [x for n in nodes if isinstance(n, list) for x in n
                     if isinstance(x, dict) and x.get(m["fk"]) == want]
            multi = True
    if not nodes:
        raise NoData(path)
    return nodes if multi else nodes[0]


def text(v):
    return v if isinstance(v, str) else json.dumps(v)


def preprocess(steps, value):
    for st in steps or []:
        if st["type"] != "JSONPATH":
            raise ValueError("preprocessing step not supported here: " + st["type"])
        try:
            value = text(jsonpath(json.loads(value), st["parameters"][0]))
        except NoData:
            if st.get("error_handler") != "CUSTOM_VALUE":
                raise
            value = st["error_handler_params"]
    return value


def template(path):
    with open(path) as f:
        return yaml.safe_load(f)["zabbix_export"]["templates"][0]


def all_items(t):
    """(item, kind) for items, discovery rules and item prototypes."""
    for it in t.get("items", []):
        yield it, "item"
    for rule in t.get("discovery_rules", []):
        yield rule, "rule"
        for it in rule.get("item_prototypes", []):
            yield it, "prototype"


def agent_keys(conf):
    keys = {}
    with open(conf) as f:
        for line in f:
            m = re.match(r"UserParameter=([^,\[]+)(\[\*\])?,", line)
            if m:
                keys[m[1]] = bool(m[2])
    return keys


def tap(ok, what):
    print(("ok - " if ok else "not ok - ") + what)
    return ok


def static(tpath, conf):
    with open(tpath) as f:
        exp = yaml.safe_load(f)["zabbix_export"]
    tap(exp.get("version") == "6.0", "zabbix: the template is a Zabbix 6.0 export")
    t = exp["templates"][0]
    uuids = re.findall(r"uuid: (\S+)", open(tpath).read())
    v4 = re.compile(r"^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$")
    tap(len(uuids) == len(set(uuids)) and all(v4.match(u) for u in uuids),
        f"zabbix: its {len(uuids)} uuids are unique UUIDv4")
    keys = agent_keys(conf)
    asked = [it["key"] for it, _ in all_items(t) if it.get("type", "ZABBIX_PASSIVE") != "DEPENDENT"]
    bad = []
    for key in asked:
        base, _, param = key.partition("[")
        if base not in keys or keys[base] != bool(param):
            bad.append(key)
    tap(asked and not bad, f"zabbix: the {len(asked)} keys the agent is asked for are UserParameters {bad or ''}")
    names = {it["key"] for it, _ in all_items(t)}
    masters = [it["master_item"]["key"] for it, _ in all_items(t) if "master_item" in it]
    tap(masters and all(m in names for m in masters), "zabbix: every master item is an item of the template")
    exprs = [tr["expression"] for it, _ in all_items(t) for tr in it.get("triggers", [])]
    exprs += [tr["expression"] for r in t.get("discovery_rules", []) for tr in r.get("trigger_prototypes", [])]
    refs = re.findall(r"/" + re.escape(t["template"]) + r"/((?:[^,()\[]|\[[^\]]*\])+)", " ".join(exprs))
    tap(refs and all(r in names for r in refs), f"zabbix: the {len(exprs)} triggers name items of the template")
    graphs = exp.get("graphs", []) + [g for r in t.get("discovery_rules", []) for g in r.get("graph_prototypes", [])]
    gkeys = [gi["item"]["key"] for g in graphs for gi in g["graph_items"]]
    tap(gkeys and all(k in names for k in gkeys), "zabbix: the graphs draw items of the template")
    joined = " ".join(exprs)
    for what, pat in [("a CLOSE_WAIT leak", "CLOSE_WAIT"), ("a SYN flood", "SYN_RECV"),
                      ("an accept-queue overflow", "accept-queue-overflow"),
                      ("any critical finding", "tcpdoc.findings.critical")]:
        tap(pat in joined, f"zabbix: a trigger for {what}")


def items(tpath, master, vfile, macros):
    t = template(tpath)
    value = open(vfile).read()
    for it, kind in all_items(t):
        if kind == "rule" or it.get("master_item", {}).get("key") != master:
            continue
        key, steps = it["key"], json.loads(json.dumps(it.get("preprocessing", [])))
        for k, v in macros.items():
            key = key.replace(k, v)
            for st in steps:
                st["parameters"] = [p.replace(k, v) for p in st["parameters"]]
        try:
            out = preprocess(steps, value)
        except NoData:
            out = "NO_DATA"
        print(f"{key}\t{out}")


def discover(tpath, rkey, vfile):
    t = template(tpath)
    rule = next(r for r in t["discovery_rules"] if r["key"] == rkey)
    rows = json.loads(preprocess(rule.get("preprocessing"), open(vfile).read()))
    for row in rows:
        print(" ".join(f"{m['lld_macro']}={text(jsonpath(row, m['path']))}" for m in rule["lld_macro_paths"]))


def main():
    cmd = sys.argv[1]
    if cmd == "static":
        static(sys.argv[2], sys.argv[3])
    elif cmd == "items":
        items(sys.argv[2], sys.argv[3], sys.argv[4], dict(a.split("=", 1) for a in sys.argv[5:]))
    elif cmd == "discover":
        discover(sys.argv[2], sys.argv[3], sys.argv[4])


if __name__ == "__main__":
    main()
