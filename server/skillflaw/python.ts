/**
 * Runs a code component's Python source for real: `python3` with a small shim of the Langflow modules a
 * component imports (`langflow.custom.Component`, `langflow.io` inputs, `Output`, `Data`, `Message`). The
 * shim instantiates the component class, sets its inputs and calls each output's method. No Python on the
 * machine: the component fails with a message that says so.
 */
import { spawn } from 'node:child_process';
import { textOf, type FlowValue } from './values';

const SHIM = String.raw`
import asyncio, inspect, json, sys, types, traceback

class _Input:
    def __init__(self, name=None, display_name=None, value=None, **kw):
        self.name = name; self.display_name = display_name; self.value = value; self.extra = kw

class Output:
    def __init__(self, name=None, display_name=None, method=None, **kw):
        self.name = name; self.display_name = display_name; self.method = method

class Data:
    def __init__(self, data=None, text_key="text", **kw):
        self.data = dict(data or {}); self.data.update(kw); self.text_key = text_key
    def get_text(self):
        return self.data.get(self.text_key, "")

class Message:
    def __init__(self, text="", **kw):
        self.text = text; self.extra = kw
    @classmethod
    async def create(cls, **kw):
        return cls(**kw)

class Component:
    inputs = []
    outputs = []
    def __init__(self):
        self.status = None
        self._logs = []
    def log(self, message, name=None):
        self._logs.append(str(message))
    async def send_message(self, message):
        return message

ChatComponent = Component
_names = ["StrInput", "MessageTextInput", "MultilineInput", "IntInput", "FloatInput", "BoolInput", "DropdownInput",
          "SecretStrInput", "DictInput", "HandleInput", "DataInput", "FileInput", "SliderInput", "PromptInput", "MessageInput"]
_io = types.ModuleType("langflow.io")
for _n in _names:
    setattr(_io, _n, type(_n, (_Input,), {}))
_io.Output = Output
_schema = types.ModuleType("langflow.schema"); _schema.Data = Data; _schema.Message = Message
_message = types.ModuleType("langflow.schema.message"); _message.Message = Message
_data = types.ModuleType("langflow.schema.data"); _data.Data = Data
_custom = types.ModuleType("langflow.custom"); _custom.Component = Component
_chat = types.ModuleType("langflow.base.io.chat"); _chat.ChatComponent = ChatComponent
_root = types.ModuleType("langflow")
for _m, _mod in {"langflow": _root, "langflow.io": _io, "langflow.inputs": _io, "langflow.template": _io, "langflow.schema": _schema,
                 "langflow.schema.message": _message, "langflow.schema.data": _data, "langflow.custom": _custom,
                 "langflow.base": types.ModuleType("langflow.base"), "langflow.base.io": types.ModuleType("langflow.base.io"),
                 "langflow.base.io.chat": _chat}.items():
    sys.modules[_m] = _mod
    sys.modules[_m.replace("langflow", "lfx", 1)] = _mod

def _plain(v):
    if isinstance(v, Data):
        return {"__type": "Data", "data": v.data, "text_key": v.text_key}
    if isinstance(v, Message):
        return {"__type": "Message", "text": str(v.text)}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    return str(v)

def main():
    req = json.load(sys.stdin)
    ns = {"__name__": "component"}
    exec(compile(req["code"], "<component>", "exec"), ns)
    classes = [c for c in ns.values() if inspect.isclass(c) and issubclass(c, Component) and c is not Component]
    if not classes:
        raise TypeError("The code defines no Component subclass.")
    comp = classes[-1]()
    for i in comp.inputs:
        setattr(comp, i.name, i.value)
    for k, v in req["inputs"].items():
        setattr(comp, k, v)
    out = {}
    for o in comp.outputs:
        r = getattr(comp, o.method)()
        if inspect.isawaitable(r):
            r = asyncio.run(r)
        out[o.name] = _plain(r)
    print(json.dumps({"outputs": out, "logs": comp._logs}))

try:
    main()
except Exception as e:
    tb = traceback.extract_tb(e.__traceback__)
    line = next((f.lineno for f in reversed(tb) if f.filename == "<component>"), None)
    sys.stderr.write(json.dumps({"error": f"{type(e).__name__}: {e}", "line": line}))
    sys.exit(1)
`;

export interface PythonResult {
  outputs: Record<string, FlowValue>;
  logs: string[];
}

export class PythonError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

function plainInputs(inputs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(inputs)) {
    if (k === 'code') continue;
    out[k] = typeof v === 'object' && v !== null && '__type' in v ? textOf(v) : v;
  }
  return out;
}

export function runPython(code: string, inputs: Record<string, unknown>, signal: AbortSignal, timeoutMs = 10_000): Promise<PythonResult> {
  const python = process.env.SKILLFLAW_PYTHON ?? 'python3';
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-c', SHIM], { stdio: ['pipe', 'pipe', 'pipe'], signal, timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') reject(new PythonError(`Python is not installed on the server (${python}); the code component cannot run.`));
      else reject(e);
    });
    child.on('close', (status) => {
      if (status === 0) {
        try {
          resolve(JSON.parse(stdout) as PythonResult);
        } catch {
          reject(new PythonError(`The component printed something that is not its result: ${stdout.slice(0, 200)}`));
        }
        return;
      }
      try {
        const e = JSON.parse(stderr) as { error: string; line?: number | null };
        reject(new PythonError(e.error, e.line ?? undefined));
      } catch {
        reject(new PythonError(stderr.trim() || `python3 exited with ${status ?? 'a signal'}`));
      }
    });
    child.stdin.end(JSON.stringify({ code, inputs: plainInputs(inputs) }));
  });
}
