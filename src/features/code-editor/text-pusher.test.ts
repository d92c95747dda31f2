import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTextPusher } from './text-pusher';

describe('createTextPusher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends once typing pauses, with the latest text', () => {
    const sent: string[] = [];
    const p = createTextPusher('a', (t) => sent.push(t), 300);
    p.push(() => 'ab');
    vi.advanceTimersByTime(200);
    p.push(() => 'abc');
    vi.advanceTimersByTime(200);
    expect(sent).toEqual([]);
    expect(p.pending).toBe(true);
    vi.advanceTimersByTime(100);
    expect(sent).toEqual(['abc']);
    expect(p.lastSent).toBe('abc');
    expect(p.pending).toBe(false);
  });

  it('flushes at once and never sends an unchanged text', () => {
    const sent: string[] = [];
    const p = createTextPusher('a', (t) => sent.push(t));
    p.push(() => 'a');
    p.flush();
    p.push(() => 'b');
    p.flush();
    p.flush();
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual(['b']);
  });

  it('drops pending text on cancel', () => {
    const sent: string[] = [];
    const p = createTextPusher('a', (t) => sent.push(t));
    p.push(() => 'b');
    p.cancel();
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([]);
  });
});
