import { describe, expect, it } from 'vitest';
import { DETAIL_ABOVE, LITE_BELOW, nextViewState, visibleRect, type ViewState } from './viewport-window';

const pane = { width: 1000, height: 800 };
const at = (x: number, y: number, zoom: number) => visibleRect([-x * zoom, -y * zoom, zoom], pane);

describe('viewport window', () => {
  it('keeps the same window (the same object) while panning inside it, and moves it once the view leaves it', () => {
    const first = nextViewState(null, at(0, 0, 1), 1);
    expect(first.window).toEqual({ x: -500, y: -400, width: 2000, height: 1600 });
    let state: ViewState = first;
    // 400 pan frames of 1 px: none of them changes anything.
    for (let dx = 1; dx <= 400; dx++) {
      const next = nextViewState(state, at(dx, 0, 1), 1);
      expect(next).toBe(first);
      state = next;
    }
    const moved = nextViewState(state, at(600, 0, 1), 1);
    expect(moved).not.toBe(first);
    expect(moved.window.x).toBe(100);
  });

  it('switches to lightweight detail below LITE_BELOW and back only above DETAIL_ABOVE (hysteresis)', () => {
    let state = nextViewState(null, at(0, 0, 1), 1);
    expect(state.lite).toBe(false);
    state = nextViewState(state, at(0, 0, (LITE_BELOW + DETAIL_ABOVE) / 2), (LITE_BELOW + DETAIL_ABOVE) / 2);
    expect(state.lite).toBe(false);
    state = nextViewState(state, at(0, 0, LITE_BELOW - 0.01), LITE_BELOW - 0.01);
    expect(state.lite).toBe(true);
    const between = (LITE_BELOW + DETAIL_ABOVE) / 2;
    state = nextViewState(state, at(0, 0, between), between);
    expect(state.lite).toBe(true);
    state = nextViewState(state, at(0, 0, DETAIL_ABOVE + 0.01), DETAIL_ABOVE + 0.01);
    expect(state.lite).toBe(false);
  });

  it('shrinks the window after zooming far in, so far-away steps unmount', () => {
    const out = nextViewState(null, at(0, 0, 0.1), 0.1);
    const zoomedIn = nextViewState(out, at(0, 0, 1), 1);
    expect(zoomedIn).not.toBe(out);
    expect(zoomedIn.window.width).toBe(2000);
  });
});
