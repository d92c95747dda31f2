/**
 * Longest main-thread tasks from a Chromium trace (Playwright's `browser.startTracing` with the `toplevel`
 * category): top-level tasks of the page's renderer main thread (`CrRendererMain`), in a window between
 * two `performance.mark`s (blink.user_timing). A task that is running at the first mark counts.
 */
export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

export interface TaskSummary {
  /** Longest task after the mark, ms. */
  longestMs: number;
  /** Tasks over 16 ms / 50 ms after the mark. */
  over16: number;
  over50: number;
  /** The five longest, ms after the mark and duration. */
  top: Array<{ atMs: number; ms: number }>;
  tasks: number;
}

export function parseTrace(buffer: Buffer | string): TraceEvent[] {
  const json = JSON.parse(buffer.toString()) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return Array.isArray(json) ? json : (json.traceEvents ?? []);
}

/** Top-level tasks from the task running at `mark` until `endMark` (or the end of the trace). */
export function tasksAfterMark(events: TraceEvent[], mark: string, endMark?: string): TaskSummary | null {
  const userMark = (name: string) =>
    events.find((e) => e.name === name && (e.cat ?? '').includes('user_timing'));
  const markEvent = userMark(mark);
  if (!markEvent) return null;
  const end = endMark ? (userMark(endMark)?.ts ?? Infinity) : Infinity;
  const mains = new Set(
    events
      .filter(
        (e) =>
          e.ph === 'M' &&
          e.name === 'thread_name' &&
          e.args?.name === 'CrRendererMain' &&
          e.pid === markEvent.pid,
      )
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const tasks = events.filter(
    (e) =>
      e.ph === 'X' &&
      (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask') &&
      mains.has(`${e.pid}:${e.tid}`) &&
      e.ts + (e.dur ?? 0) >= markEvent.ts &&
      e.ts < end,
  );
  // RunTask and ThreadControllerImpl::RunTask nest the same task: keep the outermost per start.
  const byStart = new Map<number, number>();
  for (const t of tasks) byStart.set(t.ts, Math.max(byStart.get(t.ts) ?? 0, t.dur ?? 0));
  const list = [...byStart.entries()]
    .map(([ts, dur]) => ({ atMs: (ts - markEvent.ts) / 1000, ms: dur / 1000 }))
    .sort((a, b) => b.ms - a.ms);
  return {
    longestMs: list[0]?.ms ?? 0,
    over16: list.filter((t) => t.ms > 16).length,
    over50: list.filter((t) => t.ms > 50).length,
    top: list.slice(0, 5),
    tasks: list.length,
  };
}
