import { describe, expect, it } from 'vitest';
import { DETAIL_ABOVE, LITE_BELOW, LOD_MIN_STEPS, nextViewState, OVERVIEW_BELOW, PLUS_MIN_ZOOM, visibleRect, WINDOW_MARGIN, type ViewState } from './viewport-window';

const pane = { width: 1000, height: 800 };
const at = (x: number, y: number, zoom: number) => visibleRect([-x * zoom, -y * zoom, zoom], pane);

describe('viewport window', () => {
  it('keeps the same window (the same object) while panning inside it, and moves it once the view leaves it', () => {
    const first = nextViewState(null, at(0, 0, 1), 1);
    const mx = 1000 * WINDOW_MARGIN;
    expect(first.window).toEqual({ x: -mx, y: -800 * WINDOW_MARGIN, width: 1000 + 2 * mx, height: 800 * (1 + 2 * WINDOW_MARGIN) });
    let state: ViewState = first;
    // Pan frames of 1 px up to the window's edge: none of them changes anything.
    for (let dx = 1; dx <= mx; dx++) {
      const next = nextViewState(state, at(dx, 0, 1), 1);
      expect(next).toBe(first);
      state = next;
    }
    const moved = nextViewState(state, at(mx + 1, 0, 1), 1);
    expect(moved).not.toBe(first);
    expect(moved.window.x).toBe(1);
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
    expect(zoomedIn.window.width).toBe(1000 * (1 + 2 * WINDOW_MARGIN));
  });

  it('keeps a small flow in full detail at any zoom, and says when the "+" buttons are too small', () => {
    const small = nextViewState(null, at(0, 0, OVERVIEW_BELOW / 2), OVERVIEW_BELOW / 2, LOD_MIN_STEPS - 1);
    expect(small).toMatchObject({ lite: false, overview: false, far: true });
    const big = nextViewState(null, at(0, 0, OVERVIEW_BELOW / 2), OVERVIEW_BELOW / 2, LOD_MIN_STEPS);
    expect(big).toMatchObject({ lite: true, overview: true, far: true });
    const near = nextViewState(small, at(0, 0, PLUS_MIN_ZOOM + 0.01), PLUS_MIN_ZOOM + 0.01, LOD_MIN_STEPS - 1);
    expect(near.far).toBe(false);
  });
});
