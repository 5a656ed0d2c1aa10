#!/usr/bin/env python3
"""OVSDB JSON-RPC (RFC 7047) helpers for the peer races; standard library only.

ovsdb-client takes a transaction as one command-line argument, and Linux caps one argument at
128 KiB: the OVN_Northbound transaction of any sizeable topology is larger. This helper sends
the same "transact" request over the server's unix socket instead.

  ovsdb-rpc.py transact SOCKET FILE
      runs the transaction in FILE (what `nv compile --format ovn-nb` writes) as one
      transaction; prints the number of operations; exits 1 if any operation failed.
  ovsdb-rpc.py lflows SOCKET
      prints "ROWS EXPANDED": OVN_Southbound Logical_Flow rows, and the flows they stand for
      once each datapath group is expanded to its datapaths (one per datapath, as nv counts).
  ovsdb-rpc.py bind SOCKET HOSTS BINDINGS LOCAL
      for every host in HOSTS ("id tunnel-ip" lines) except LOCAL: creates its Chassis with a
      Geneve Encap (what `ovn-sbctl chassis-add ID geneve IP` does), then sets the chassis of
      every port in BINDINGS ("port host" lines) whose host is not LOCAL (`ovn-sbctl
      lsp-bind`), all in one transaction; prints "CHASSIS PORTS".
"""
import json
import socket
import sys


def rpc(path, method, params):
    """Sends one request and returns its result; answers the server's echo probes."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.sendall(json.dumps({"method": method, "params": params, "id": 1}).encode())
    decoder = json.JSONDecoder()
    buf = b""
    while True:
        chunk = s.recv(1 << 20)
        if not chunk:
            sys.exit("ovsdb-rpc: %s closed the connection before answering" % path)
        buf += chunk
        while buf.strip():
            try:
                text = buf.decode("utf-8").lstrip()
                msg, end = decoder.raw_decode(text)
            except ValueError:  # an incomplete message (UnicodeDecodeError is one too)
                break
            buf = text[end:].encode("utf-8")
            if msg.get("method") == "echo":
                s.sendall(json.dumps({"result": msg["params"], "id": msg["id"]}).encode())
            elif msg.get("id") == 1:
                s.close()
                if msg.get("error") is not None:
                    sys.exit("ovsdb-rpc: %s failed: %s" % (method, json.dumps(msg["error"])))
                return msg["result"]


def check(result):
    """Exits with the first failed operation's error (an aborted transaction reports one)."""
    for i, r in enumerate(result):
        if isinstance(r, dict) and "error" in r:
            sys.exit("ovsdb-rpc: operation %d failed: %s" % (i, json.dumps(r)))
    return result


def select(path, db, table, columns):
    """The rows of TABLE; columns must include _uuid, or the server merges equal rows."""
    op = {"op": "select", "table": table, "where": [], "columns": columns}
    return check(rpc(path, "transact", [db, op]))[0]["rows"]


def transact(path, file):
    with open(file, encoding="utf-8") as f:
        params = json.load(f)
    print(len(check(rpc(path, "transact", params))))


def lflows(path):
    groups = {}
    for row in select(path, "OVN_Southbound", "Logical_DP_Group", ["_uuid", "datapaths"]):
        dps = row["datapaths"]
        groups[row["_uuid"][1]] = len(dps[1]) if dps[0] == "set" else 1
    rows = select(path, "OVN_Southbound", "Logical_Flow", ["_uuid", "logical_datapath", "logical_dp_group"])
    expanded = 0
    for row in rows:
        if row["logical_datapath"][0] == "uuid":
            expanded += 1
        if row["logical_dp_group"][0] == "uuid":
            expanded += groups.get(row["logical_dp_group"][1], 0)
    print(len(rows), expanded)


def lines(file):
    with open(file, encoding="utf-8") as f:
        return [line.split() for line in f if line.strip()]


def bind(path, hosts_file, bindings_file, local):
    ops = ["OVN_Southbound"]
    remote = [(h, ip) for h, ip in lines(hosts_file) if h != local]
    for h, ip in remote:
        ops.append({"op": "insert", "table": "Encap", "uuid-name": "e_" + h.replace("-", "_"),
                    "row": {"type": "geneve", "ip": ip, "chassis_name": h,
                            "options": ["map", [["csum", "true"]]]}})
        ops.append({"op": "insert", "table": "Chassis", "uuid-name": "c_" + h.replace("-", "_"),
                    "row": {"name": h, "hostname": h,
                            "encaps": ["named-uuid", "e_" + h.replace("-", "_")]}})
    ports = 0
    for port, h in lines(bindings_file):
        if h == local:
            continue
        ops.append({"op": "update", "table": "Port_Binding",
                    "where": [["logical_port", "==", port]],
                    "row": {"chassis": ["named-uuid", "c_" + h.replace("-", "_")]}})
        ports += 1
    result = check(rpc(path, "transact", ops))
    unbound = [ops[i + 1]["where"][0][2] for i, r in enumerate(result)
               if i + 1 < len(ops) and ops[i + 1]["op"] == "update" and r.get("count") != 1]
    if unbound:
        sys.exit("ovsdb-rpc: no Port_Binding for %d ports (first: %s): has northd synced?"
                 % (len(unbound), unbound[0]))
    print(len(remote), ports)


def main(argv):
    commands = {"transact": (transact, 2), "lflows": (lflows, 1), "bind": (bind, 4)}
    if len(argv) < 2 or argv[1] not in commands or len(argv) - 2 != commands[argv[1]][1]:
        sys.exit(__doc__)
    commands[argv[1]][0](*argv[2:])


if __name__ == "__main__":
    main(sys.argv)
