/**
 * `GET /api/flows/{id}/export?format=python`: the flow as a standalone Python script with a `main()` (the
 * document: "# 生成的 Python 代码 / def main(): # 流程逻辑"). Nodes run in topological order; a node runs when
 * a fired edge reaches it, the same rule as the executor, so the script does what the server would.
 */
import { topologicalOrder, type FlowGraph } from './executor';
import { nodeTypeById } from './node-types';

/** A JSON value as a Python literal. */
export function pyLiteral(v: unknown, indent = ''): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'None';
  if (typeof v === 'string') return JSON.stringify(v);
  const inner = `${indent}    `;
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[\n${v.map((x) => `${inner}${pyLiteral(x, inner)}`).join(',\n')},\n${indent}]`;
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${pyLiteral(x, inner)}`).join(',\n')},\n${indent}}`;
}

const pyName = (id: string) => `node_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;

const RUNTIME = `import json
import re
import time
import urllib.request

_REF = re.compile(r"\\{\\{\\s*([^{}\\s]+)\\s*\\}\\}")


def _lookup(path, ctx):
    cur = ctx
    for part in path.split("."):
        if isinstance(cur, list) and part.isdigit():
            cur = cur[int(part)] if int(part) < len(cur) else None
        elif isinstance(cur, dict):
            cur = cur.get(part)
        else:
            return None
    return cur


def resolve(value, ctx):
    """{{input.x}} and {{node_id.field}} references, as the AutoMaticWorker executor resolves them."""
    if isinstance(value, str):
        whole = _REF.fullmatch(value.strip())
        if whole:
            return _lookup(whole.group(1), ctx)
        return _REF.sub(lambda m: "" if _lookup(m.group(1), ctx) is None else str(_lookup(m.group(1), ctx)), value)
    if isinstance(value, list):
        return [resolve(v, ctx) for v in value]
    if isinstance(value, dict):
        return {k: resolve(v, ctx) for k, v in value.items()}
    return value


def compare(left, op, right):
    if op == "==":
        return left == right or str(left) == str(right)
    if op == "!=":
        return not (left == right or str(left) == str(right))
    if op in (">", ">=", "<", "<="):
        a, b = float(left), float(right)
        return {">": a > b, ">=": a >= b, "<": a < b, "<=": a <= b}[op]
    if op == "contains":
        return str(right) in (left if isinstance(left, list) else str(left or ""))
    if op == "is_empty":
        return left in (None, "", [])
    raise ValueError("unknown operator: " + str(op))


def run_node(node_type, p, input_data):
    if node_type == "start":
        return dict(input_data)
    if node_type == "end":
        return {"output": p.get("output")}
    if node_type == "condition":
        return {"result": compare(p.get("left"), p.get("operator", "=="), p.get("right"))}
    if node_type == "csv_parse":
        lines = [l for l in str(p.get("csv", "")).splitlines() if l.strip()]
        rows = [[c.strip() for c in l.split(p.get("delimiter", ","))] for l in lines]
        if p.get("has_header", True) and rows:
            head, rows = rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]
        return {"rows": rows, "count": len(rows)}
    if node_type == "transform":
        return {"result": p.get("mapping")}
    if node_type == "math":
        a, b, op = float(p["a"]), float(p["b"]), p.get("operation", "add")
        if op == "divide" and b == 0:
            raise ZeroDivisionError("除数不能为 0")
        result = {"add": a + b, "subtract": a - b, "multiply": a * b, "divide": a / b if b else 0}[op]
        result = round(result, 9)  # the server rounds the same way
        return {"result": int(result) if result == int(result) else result}
    if node_type == "text_template":
        return {"text": str(p.get("template", ""))}
    if node_type == "delay":
        time.sleep(float(p.get("seconds", 1)))
        return {"waited": p.get("seconds", 1)}
    if node_type == "log":
        print("[%s] %s" % (p.get("level", "info"), p.get("message")))
        return {"message": p.get("message")}
    if node_type == "http_request":
        body = p.get("body")
        req = urllib.request.Request(p["url"], method=p.get("method", "GET"), headers=p.get("headers") or {},
                                     data=json.dumps(body).encode() if body is not None else None)
        with urllib.request.urlopen(req) as res:
            text = res.read().decode()
            try:
                parsed = json.loads(text)
            except ValueError:
                parsed = text
            return {"status_code": res.status, "headers": dict(res.headers), "body": parsed}
    if node_type == "send_email":
        raise RuntimeError("SMTP 服务器未配置，无法发送邮件")
    if node_type == "function":
        raise NotImplementedError("JavaScript 节点无法在 Python 中运行，请改写为 Python：\\n" + str(p.get("code", "")))
    raise ValueError("unknown node type: " + node_type)
`;

export function flowToPython(flow: FlowGraph & { id: number; name: string; description?: string }, portField: string): string {
  const order = topologicalOrder(flow) ?? flow.nodes.map((n) => String(n.id));
  const byId = new Map(flow.nodes.map((n) => [String(n.id), n]));
  const lines: string[] = [];
  lines.push(`# 生成的 Python 代码`);
  lines.push(`# AutoMaticWorker 流程 ${flow.id}: ${flow.name}`);
  if (flow.description) lines.push(`# ${flow.description.replace(/\n/g, ' ')}`);
  lines.push(RUNTIME);
  for (const id of order) {
    const node = byId.get(id)!;
    const type = String(node.type);
    const { label, ...config } = (node.data && typeof node.data === 'object' ? node.data : {}) as Record<string, unknown>;
    lines.push('');
    lines.push(`def ${pyName(id)}(ctx):`);
    lines.push(`    """${String(label ?? nodeTypeById(type)?.name ?? type).replace(/"""/g, "'''")} (${type})"""`);
    lines.push(`    params = resolve(${pyLiteral(config, '    ')}, ctx)`);
    lines.push(`    return run_node(${JSON.stringify(type)}, params, ctx["input"])`);
    lines.push('');
  }
  lines.push('');
  lines.push('def main(input_data=None):');
  lines.push('    # 流程逻辑');
  lines.push('    ctx = {"input": input_data or {}}');
  lines.push('    fired = {}  # node id -> fired port ("true"/"false" for conditions, None otherwise)');
  lines.push('    output, last, ended = None, None, False');
  for (const id of order) {
    const node = byId.get(id)!;
    const ins = flow.edges.filter((e) => String(e.target) === id);
    const cond =
      ins.length === 0
        ? 'True'
        : ins
            .map((e) => {
              const src = JSON.stringify(String(e.source));
              const port = e[portField];
              return port === undefined ? `${src} in fired` : `fired.get(${src}, "") == ${JSON.stringify(String(port))}`;
            })
            .join(' or ');
    lines.push(`    if ${cond}:`);
    lines.push(`        ctx[${JSON.stringify(id)}] = ${pyName(id)}(ctx)`);
    const portExpr = String(node.type) === 'condition' ? `"true" if ctx[${JSON.stringify(id)}]["result"] else "false"` : 'None';
    lines.push(`        fired[${JSON.stringify(id)}] = ${portExpr}`);
    lines.push(`        last = ctx[${JSON.stringify(id)}]`);
    if (String(node.type) === 'end') lines.push(`        output, ended = last["output"], True`);
  }
  lines.push('    return output if ended else last');
  lines.push('');
  lines.push('');
  lines.push('if __name__ == "__main__":');
  lines.push('    import sys');
  lines.push('    print(json.dumps(main(json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}), ensure_ascii=False, indent=2))');
  lines.push('');
  return lines.join('\n');
}
