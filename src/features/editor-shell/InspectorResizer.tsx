/**
 * The inspector can be widened: drag the separator on its left edge, or focus it and use the arrow keys
 * (Home/End for the limits). The width is remembered across reloads.
 */
import { useCallback, useEffect, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';

const KEY = 'flowbench.inspectorWidth';
export const INSPECTOR_MIN = 280;
export const INSPECTOR_DEFAULT = 340;
const STEP = 24;

const maxWidth = () => Math.max(INSPECTOR_MIN, Math.round(window.innerWidth * 0.6));
const clamp = (w: number) => Math.min(maxWidth(), Math.max(INSPECTOR_MIN, Math.round(w)));

export function useInspectorWidth(): [number, (w: number) => void] {
  const [width, setWidth] = useState(() => {
    const saved = Number(localStorage.getItem(KEY));
    return Number.isFinite(saved) && saved > 0 ? clamp(saved) : INSPECTOR_DEFAULT;
  });
  const set = useCallback((w: number) => setWidth(clamp(w)), []);
  useEffect(() => localStorage.setItem(KEY, String(width)), [width]);
  return [width, set];
}

export function InspectorResizer({ width, onWidth }: { width: number; onWidth(w: number): void }) {
  const { t } = useTranslation('editor');
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    const startX = e.clientX;
    const startWidth = width;
    const target = e.currentTarget;
    target.setPointerCapture(e.pointerId);
    // The inspector is on the right: moving the pointer left widens it.
    const move = (ev: globalThis.PointerEvent) => onWidth(startWidth + (startX - ev.clientX));
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
      target.removeEventListener('pointercancel', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
    target.addEventListener('pointercancel', up);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const next =
      e.key === 'ArrowLeft'
        ? width + STEP
        : e.key === 'ArrowRight'
          ? width - STEP
          : e.key === 'Home'
            ? INSPECTOR_MIN
            : e.key === 'End'
              ? maxWidth()
              : null;
    if (next === null) return;
    e.preventDefault();
    e.stopPropagation();
    onWidth(next);
  };
  return (
    <div
      className="fb-inspector-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-controls="fb-inspector"
      aria-label={t('inspectorResize')}
      aria-valuenow={width}
      aria-valuemin={INSPECTOR_MIN}
      aria-valuemax={maxWidth()}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      data-testid="inspector-resizer"
    />
  );
}
