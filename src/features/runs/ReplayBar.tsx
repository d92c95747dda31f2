/**
 * Replay of the run on screen: a scrubber over its events in order (arrows, Home/End, PageUp/PageDown on the
 * range), step back/forward, play/pause. Each position puts the state after that many events in `store.run`,
 * so the canvas and the list show the run at that moment.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor, useEditorStore } from '../../editor/context';
import { describeEvent } from './event-label';
import { runViewOf, seekReplay, setReplayPlaying, stopReplay, useRunView } from './run-view';

const SPEEDS = [1, 10, 100];
const TICK_MS = 100;

export function ReplayBar() {
  const { t } = useTranslation('runs');
  const store = useEditorStore();
  const replay = useRunView((s) => s.replay);
  const steps = useEditor((s) => s.flow.steps);
  const [speed, setSpeed] = useState(1);
  const rangeId = useId();
  const speedId = useId();
  const playing = replay?.playing ?? false;

  useEffect(() => {
    if (!playing) return;
    const id = setInterval(() => {
      const r = runViewOf(store).getState().replay;
      if (r) seekReplay(store, r.position + speed);
    }, TICK_MS);
    return () => clearInterval(id);
  }, [playing, speed, store]);

  if (!replay) return null;
  const { position, cursor } = replay;
  const total = cursor.total;
  const label = describeEvent(cursor.event, (id) => steps[id]?.title ?? id, t);
  const seek = (k: number) => seekReplay(store, k, { playing: false });

  return (
    <div className="fb-replay" role="group" aria-label={t('replay.title')} data-testid="replay-bar">
      <strong className="fb-replay-title">{t('replay.title')}</strong>
      <button type="button" className="fb-button fb-small" onClick={() => seek(position - 1)} disabled={position === 0} aria-label={t('replay.back')} data-testid="replay-back">
        ‹
      </button>
      <button
        type="button"
        className="fb-button fb-small"
        onClick={() => setReplayPlaying(store, !playing)}
        aria-pressed={playing}
        data-testid="replay-play"
      >
        {playing ? t('replay.pause') : t('replay.play')}
      </button>
      <button type="button" className="fb-button fb-small" onClick={() => seek(position + 1)} disabled={position >= total} aria-label={t('replay.forward')} data-testid="replay-forward">
        ›
      </button>
      <label htmlFor={rangeId} className="fb-visually-hidden">
        {t('replay.position')}
      </label>
      <input
        id={rangeId}
        className="fb-replay-range"
        type="range"
        min={0}
        max={total}
        step={1}
        value={position}
        aria-valuetext={t('replay.valueText', { position, total, label })}
        onChange={(e) => seek(Number(e.target.value))}
        data-testid="replay-scrubber"
      />
      <span className="fb-replay-position" data-testid="replay-position">
        {t('replay.positionOf', { position, total })}
      </span>
      <span className="fb-replay-label" aria-live="polite" data-testid="replay-label">
        {label}
      </span>
      <label htmlFor={speedId} className="fb-visually-hidden">
        {t('replay.speed')}
      </label>
      <select id={speedId} className="fb-select fb-small" value={speed} onChange={(e) => setSpeed(Number(e.target.value))} data-testid="replay-speed">
        {SPEEDS.map((s) => (
          <option key={s} value={s}>
            {t('replay.speedValue', { count: s * (1000 / TICK_MS) })}
          </option>
        ))}
      </select>
      <button type="button" className="fb-button fb-small" onClick={() => stopReplay(store)} data-testid="replay-exit">
        {t('replay.exit')}
      </button>
    </div>
  );
}
