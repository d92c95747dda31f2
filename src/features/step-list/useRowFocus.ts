/**
 * DOM focus for the list's rows (roving tabindex with a virtualised list).
 *
 * The list asks for focus on a row by key (`want`); the wish is granted after the next render, once the
 * row's element exists, and only while nobody else holds focus on purpose: focus must be on the list, or
 * lost (the focused row was deleted), never taken from the inspector or the canvas. A wish stays valid for
 * a moment while a dialog opened from the list (the step picker) is closing, so the step it added gets
 * focus when the dialog hands focus back.
 */
import { useLayoutEffect, useRef, type FocusEvent, type RefObject } from 'react';

/** How long a focus wish waits for a dialog to hand focus back. */
const WISH_MS = 1500;

export function useRowFocus(
  treeRef: RefObject<HTMLElement | null>,
  isRowKey: (key: string) => boolean,
  fallbackKey: string | null,
) {
  const rowEls = useRef(new Map<string, HTMLElement>());
  const wish = useRef<{ key: string; at: number } | null>(null);
  // The list had focus last: still true while a dialog opened from it is open, false once focus went to
  // another part of the page.
  const hadFocus = useRef(false);
  const latest = useRef({ isRowKey, fallbackKey });
  latest.current = { isRowKey, fallbackKey };

  const apply = () => {
    const w = wish.current;
    if (!w) return;
    if (performance.now() - w.at > WISH_MS) {
      wish.current = null;
      return;
    }
    const { isRowKey: exists, fallbackKey: fallback } = latest.current;
    // A row that is gone (deleted by a command) hands focus to the row now holding the tab stop.
    const el =
      rowEls.current.get(w.key) ?? (!exists(w.key) && fallback ? rowEls.current.get(fallback) : undefined);
    if (!el) return;
    const current = document.activeElement;
    if (current === el) {
      wish.current = null;
      return;
    }
    if (!current || current === document.body || treeRef.current?.contains(current)) {
      wish.current = null;
      el.focus({ preventScroll: true });
    }
  };

  useLayoutEffect(apply);

  return {
    register(key: string, el: HTMLElement | null) {
      if (el) rowEls.current.set(key, el);
      else rowEls.current.delete(key);
    },
    want(key: string | null) {
      wish.current = key === null ? null : { key, at: performance.now() };
      // A dialog may be handing focus back to the page right now, or a moment later.
      if (key !== null) setTimeout(apply, 120);
    },
    /** Whether a selection change should bring DOM focus to its row. */
    listHasFocus(): boolean {
      return !!treeRef.current?.contains(document.activeElement) || hadFocus.current;
    },
    treeProps: {
      onFocus() {
        hadFocus.current = true;
        apply();
      },
      onBlur(e: FocusEvent) {
        const next = e.relatedTarget;
        if (next instanceof Element && !treeRef.current?.contains(next) && !next.closest('[role="dialog"]'))
          hadFocus.current = false;
      },
      // A click decides focus by itself; an older wish must not move it afterwards.
      onMouseDown() {
        wish.current = null;
      },
    },
  };
}
