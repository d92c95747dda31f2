import { describe, expect, it } from 'vitest';
import { applyEvents, runStateFrom } from '../../backends/run-state';
import type { TraceEvent } from '../../backends/trace';
import { formatDuration, layoutTimeline, timeTicks, type TimelineCache } from './timeline-layout';
import { scriptedRun } from './testing/scripted-run';

describe('layoutTimeline', () => {
  it('one row per step in start order, one bar per loop iteration', () => {
    const { events } = scriptedRun();
    const run = runStateFrom(events);
    const t = layoutTimeline(run, 0);
    expect(t.rows.map((r) => r.stepId)).toEqual(['start', 'fetch', 'loop', 'each', 'check', 'notify', 'save']);
    expect(t.span).toBe(run.durationMs);
    const each = t.rows.find((r) => r.stepId === 'each')!;
    expect(each.bars.map((b) => [b.key, b.count, b.end - b.start])).toEqual([
      ['0', 1, 10],
      ['1', 1, 11],
      ['2', 1, 12],
    ]);
    const fetch = t.rows.find((r) => r.stepId === 'fetch')!.bars[0]!;
    expect(fetch).toMatchObject({ start: 1, end: 41, status: 'succeeded' });
    // The loop's bar spans its iterations.
    const loop = t.rows.find((r) => r.stepId === 'loop')!.bars[0]!;
    expect(loop.start).toBeLessThanOrEqual(each.bars[0]!.start);
    expect(loop.end).toBeGreaterThanOrEqual(each.bars[2]!.end);
  });

  it('a running step grows to now, and the axis with it', () => {
    const { events } = scriptedRun();
    const partial = runStateFrom(events.slice(0, 4)); // fetch started, not finished
    const now = partial.startedAt! + 500;
    const t = layoutTimeline(partial, now);
    expect(t.span).toBe(500);
    expect(t.rows.find((r) => r.stepId === 'fetch')!.bars[0]).toMatchObject({ status: 'running', end: 500 });
  });

  it('merges sub-pixel iterations of the same status, counting them', () => {
    const runId = 'big';
    const events: TraceEvent[] = [{ runId, seq: 0, at: 0, type: 'run-started', flowId: 'f', inputs: {}, trigger: 'manual' }];
    let seq = 1;
    for (let i = 0; i < 10_000; i++) {
      events.push({ runId, seq: seq++, at: i, type: 'step-started', stepId: 'each', iteration: [i], inputs: {} });
      events.push({ runId, seq: seq++, at: i + 1, type: 'step-finished', stepId: 'each', iteration: [i], status: i === 5000 ? 'failed' : 'succeeded', durationMs: 1 });
    }
    events.push({ runId, seq: seq++, at: 10_000, type: 'run-finished', status: 'failed', durationMs: 10_000 });
    const run = runStateFrom(events);
    const bars = layoutTimeline(run, 0, { minFraction: 1 / 1000 }).rows[0]!.bars;
    expect(bars.length).toBeLessThan(200);
    expect(bars.reduce((n, b) => n + b.count, 0)).toBe(10_000);
    expect(bars.find((b) => b.status === 'failed')).toMatchObject({ key: '5000', count: 1, index: 5000 });
    // With room enough, every record gets its own bar.
    expect(layoutTimeline(run, 0, { minFraction: 0 }).rows[0]!.bars).toHaveLength(10_000);
  });
});

describe('layout cache', () => {
  it('reuses rows of unchanged finished steps and redoes changed ones', () => {
    const { events } = scriptedRun();
    const cache: TimelineCache = new Map();
    const partial = runStateFrom(events.slice(0, 12));
    const now = partial.startedAt! + 1000;
    const a = layoutTimeline(partial, now, { cache });
    // More events for the loop only: the finished fetch keeps its row object, the grown loop body does not.
    const later = applyEvents(partial, events.slice(12, 15));
    const b = layoutTimeline(later, now, { cache });
    const row = (l: typeof a, id: string) => l.rows.find((r) => r.stepId === id);
    expect(row(b, 'fetch')).toBe(row(a, 'fetch'));
    expect(row(b, 'each')).not.toBe(row(a, 'each'));
    expect(b).toEqual(layoutTimeline(later, now));
  });
});

describe('timeTicks and formatDuration', () => {
  it('ticks are round', () => {
    expect(timeTicks(1000)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(timeTicks(93)).toEqual([0, 20, 40, 60, 80]);
  });
  it('durations read well', () => {
    expect(formatDuration(850.4)).toBe('850 ms');
    expect(formatDuration(1250)).toBe('1.25 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(null)).toBe('–');
  });
});
