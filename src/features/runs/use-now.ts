import { useEffect, useState } from 'react';

/**
 * The current time, refreshed by one interval while `active` (a run is running): the panel ticks once for
 * every running step instead of each step keeping its own timer.
 */
export function useNow(active: boolean, intervalMs = 250): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [active, intervalMs]);
  return now;
}
