/**
 * `npm run bench:profile -- --action drag`: where the time goes in one benchmark action, for finding the
 * cause of a failing budget. Builds the app unminified (dist-baseline/app-profile; --no-build to reuse it),
 * runs the action under the CPU profiler (CDP) and prints the top functions by self time and the source
 * modules they belong to (from the bundler's `//#region <module>` comments).
 *
 *   options: --action open|panzoom|drag|ingest|select --steps 1000 --shape chain|graph --target app|baseline --seconds 10 --top 30
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright';
import { newPage, WARMUP } from './lib/scenarios';
import { serveStatic } from './lib/server';
import './lib/page-types';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const value = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? (argv[i + 1] ?? fallback) : fallback;
};
const action = value('action', 'drag');
const steps = Number(value('steps', '1000'));
const target = value('target', 'app');
const seconds = Number(value('seconds', '10'));
const top = Number(value('top', '30'));
const APP = join(ROOT, 'dist-baseline/app-profile');
const BASELINE = join(
  ROOT,
  argv.includes('--baseline-profile') ? 'dist-baseline/base-profile' : 'dist-baseline',
);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

/** Line → module, from `//#region src/...` comments of the unminified chunks. */
function regions(dist: string): Map<string, Array<{ line: number; module: string }>> {
  const out = new Map<string, Array<{ line: number; module: string }>>();
  for (const f of readdirSync(join(dist, 'assets')).filter((x) => x.endsWith('.js'))) {
    const lines = readFileSync(join(dist, 'assets', f), 'utf8').split('\n');
    const list: Array<{ line: number; module: string }> = [];
    lines.forEach((l, i) => {
      const m = /^\/\/#region (.+)$/.exec(l);
      if (m) list.push({ line: i, module: m[1]! });
    });
    out.set(f, list);
  }
  return out;
}

async function run(page: Page) {
  const sel = target === 'app' ? '.fb-canvas .react-flow' : '#frame .react-flow';
  const m = target === 'app' ? 'window.__fb.measure' : 'window.__baseline.measure';
  switch (action) {
    case 'panzoom':
      return page.evaluate(
        `(async () => { const m = ${m}; const r = await m.playPanZoom(document.querySelector('${sel}'), m.panZoomScript(1)); return m.frameSummary(r); })()`,
      );
    case 'drag':
      return page.evaluate(`(async () => {
        const m = ${m}; const root = document.querySelector('${sel}'); const ids = m.visibleNodeIds(root);
        const el = root.querySelector('.react-flow__node[data-id="' + ids[Math.floor(ids.length / 2)] + '"]');
        const r = await m.playDrag(el, 120); return m.frameSummary(r); })()`);
    case 'open':
      if (target === 'app') {
        const id = await page.evaluate(() => window.__fb!.openFlowId()!);
        await page.evaluate(() => window.__fb!.close());
        await page.waitForFunction(() => !document.querySelector('.fb-editor'));
        return page.evaluate(async (flowId) => {
          const t0 = window.__fb!.open(flowId);
          const r = await window.__fb!.measure.whenCanvasRendered(() =>
            window.__fb!.openFlowId() === flowId ? document.querySelector('.fb-canvas') : null,
          );
          return { ms: r.paintedAt - t0, nodes: r.nodes };
        }, id);
      }
      await page.evaluate(() => window.__baseline!.close());
      return page.evaluate(async () => {
        const t0 = window.__baseline!.open(1280, 642);
        const r = await window.__baseline!.measure.whenCanvasRendered(() => document.querySelector('#frame'));
        return { ms: r.paintedAt - t0, nodes: r.nodes };
      });
    case 'autosave': {
      const t0 = await page.evaluate(() => window.__fb!.editTitle('s00010', 'Renamed by profile'));
      await page.waitForFunction(() => window.__fb!.saved(), null, { timeout: 30_000 });
      const t1 = await page.evaluate(() => performance.now());
      await new Promise((r) => setTimeout(r, 1500));
      return { saveMs: t1 - t0 };
    }
    case 'ingest':
      return page.evaluate((s) => window.__fb!.ingest({ rate: 10_000, seconds: s, idleSeconds: 1 }), seconds);
    default:
      throw new Error(`unknown action ${action}`);
  }
}

async function main() {
  if (!argv.includes('--no-build')) {
    const r = spawnSync(
      'npx',
      ['vite', 'build', '--config', 'bench/vite.app.config.ts', '--minify', 'false', '--outDir', APP],
      { cwd: ROOT, stdio: 'inherit' },
    );
    if (r.status !== 0) throw new Error('build failed');
  }
  const server = await serveStatic(target === 'app' ? APP : BASELINE);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  try {
    const { page } = await newPage(browser, (m) => console.log(m));
    const spec = { shape: value('shape', 'chain') as 'chain' | 'graph', steps };
    if (target === 'app') {
      await page.goto(`${server.url}/?bench#/`);
      await page.waitForFunction(() => window.__fb?.ready === true);
      const warm = await page.evaluate((s) => window.__fb!.seed(s), WARMUP);
      const seeded = await page.evaluate((s) => window.__fb!.seed(s), spec);
      void warm;
      await page.evaluate(async (id) => {
        window.__fb!.open(id);
        await window.__fb!.measure.whenCanvasRendered(() => document.querySelector('.fb-canvas'));
      }, seeded.id);
    } else {
      await page.goto(`${server.url}/`);
      await page.waitForFunction(() => window.__baseline?.ready === true);
      await page.evaluate((s) => window.__baseline!.prepare(s), spec);
      await page.evaluate(async () => {
        window.__baseline!.open(1280, 642);
        await window.__baseline!.measure.whenCanvasRendered(() => document.querySelector('#frame'));
      });
    }
    await new Promise((r) => setTimeout(r, 1500));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const summary = await run(page);
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    console.log('result:', JSON.stringify(summary));

    const total = (profile.endTime - profile.startTime) / 1000;
    const dt = new Map<number, number>();
    (profile.samples ?? []).forEach((id, i) =>
      dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000),
    );
    const reg = target === 'app' ? regions(APP) : new Map();
    const moduleOf = (url: string, line: number) => {
      const file = url.split('/').pop() ?? '';
      const list = reg.get(file);
      if (!list) return file || '(native)';
      let mod = file;
      for (const r of list) if (r.line <= line) mod = r.module;
      return mod;
    };
    const byFn = new Map<string, number>();
    const byModule = new Map<string, number>();
    for (const n of profile.nodes) {
      const self = dt.get(n.id) ?? 0;
      if (!self) continue;
      const cf = n.callFrame;
      const mod = cf.url ? moduleOf(cf.url, cf.lineNumber) : `(${cf.functionName || 'native'})`;
      const key = `${cf.functionName || '(anonymous)'}  ${mod}:${cf.lineNumber}`;
      byFn.set(key, (byFn.get(key) ?? 0) + self);
      byModule.set(mod, (byModule.get(mod) ?? 0) + self);
    }
    const print = (title: string, m: Map<string, number>) => {
      console.log(`\n${title} (of ${total.toFixed(0)} ms profiled)`);
      for (const [k, v] of [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top))
        console.log(`${v.toFixed(1).padStart(9)} ms  ${k}`);
    };
    // Inclusive (self + callees) per function, each function counted once per stack.
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const keyOf = (n: ProfileNode) =>
      `${n.callFrame.functionName || '(anonymous)'}  ${n.callFrame.url.split('/').pop() || '-'}:${n.callFrame.lineNumber}`;
    const inclusive = new Map<string, number>();
    for (const [id, t] of dt) {
      const seen = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const k = keyOf(byId.get(cur)!);
        if (seen.has(k)) continue;
        seen.add(k);
        inclusive.set(k, (inclusive.get(k) ?? 0) + t);
      }
    }
    // Busy stretches (consecutive non-idle samples) over 16 ms, with what ran in them.
    const GENERIC =
      /^(\(root\)|\(program\)|performWorkOnRoot|beginWork|renderWithHooks|performUnitOfWork|updateFunctionComponent|workLoop|renderRoot|flushSync|performSyncWorkOnRoot|processRootSchedule|performWorkUntilDeadline|performWorkOnRootViaSchedulerTask|commitRoot|completeRoot|recursivelyTraverse|flush|commitHook|commitPassive|exports\.useMemo|updateMemo|\(anonymous\))/;
    const stretches: Array<{ start: number; ms: number; fns: Map<string, number> }> = [];
    let cur: { start: number; ms: number; fns: Map<string, number> } | null = null;
    let clock = 0;
    (profile.samples ?? []).forEach((id, i) => {
      const d = (profile.timeDeltas?.[i] ?? 0) / 1000;
      clock += d;
      const node = byId.get(id)!;
      if (node.callFrame.functionName === '(idle)') {
        if (cur && cur.ms > 16) stretches.push(cur);
        cur = null;
        return;
      }
      cur ??= { start: clock, ms: 0, fns: new Map() };
      cur.ms += d;
      const seen = new Set<string>();
      for (let p: number | undefined = id; p !== undefined; p = parent.get(p)) {
        const k = keyOf(byId.get(p)!);
        if (seen.has(k) || GENERIC.test(k)) continue;
        seen.add(k);
        cur.fns.set(k, (cur.fns.get(k) ?? 0) + d);
      }
    });
    if (argv.includes('--stretches')) {
      console.log('\nbusy stretches over 16 ms');
      for (const st of stretches.slice(0, 40)) {
        const fns = [...st.fns.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 8)
          .map(([k, v]) => `${k.split('  ')[0]} ${v.toFixed(0)}`);
        console.log(
          `${st.start.toFixed(0).padStart(7)} ms +${st.ms.toFixed(0).padStart(4)} ms: ${fns.join(', ')}`,
        );
      }
    }
    const calleesOf = argv.indexOf('--callees') >= 0 ? argv[argv.indexOf('--callees') + 1] : undefined;
    if (calleesOf) {
      // Inclusive time of the direct callees of every frame named `calleesOf`.
      const incl = new Map<number, number>();
      const total = (id: number): number => {
        const cached = incl.get(id);
        if (cached !== undefined) return cached;
        const n = byId.get(id)!;
        const t = (dt.get(id) ?? 0) + (n.children ?? []).reduce((a, c) => a + total(c), 0);
        incl.set(id, t);
        return t;
      };
      const callees = new Map<string, number>();
      for (const n of profile.nodes) {
        if (n.callFrame.functionName !== calleesOf) continue;
        for (const c of n.children ?? [])
          callees.set(keyOf(byId.get(c)!), (callees.get(keyOf(byId.get(c)!)) ?? 0) + total(c));
      }
      print(`callees of ${calleesOf}`, callees);
    }
    print('self time by chunk', byModule);
    print('self time by function', byFn);
    print('inclusive time by function', inclusive);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
