/**
 * Between an uncontrolled editor (Monaco's model owns the text) and the document store: keystrokes are
 * collected and pushed once typing pauses, so the store, the inspector and the canvas node see one change
 * per pause instead of one per key, and the change lands in history as one undoable step.
 *
 * `lastSent` tells the editor which store value is its own echo (ignore) and which came from elsewhere
 * (undo, redo, another view: apply to the model).
 */
export interface TextPusher {
  /** Schedules `text` to be sent after the delay; a newer call replaces it. */
  push(text: string): void;
  /** Sends what is pending now (before a test run, on blur, on unmount). */
  flush(): void;
  /** Drops what is pending (an external value replaced the text). */
  cancel(): void;
  readonly pending: boolean;
  /** The last text sent, or the initial value. */
  lastSent: string;
}

export function createTextPusher(initial: string, send: (text: string) => void, delayMs = 300): TextPusher {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pendingText: string | undefined;
  const pusher: TextPusher = {
    lastSent: initial,
    get pending() {
      return pendingText !== undefined;
    },
    push(text) {
      pendingText = text;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => pusher.flush(), delayMs);
    },
    flush() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      const text = pendingText;
      pendingText = undefined;
      if (text === undefined || text === pusher.lastSent) return;
      pusher.lastSent = text;
      send(text);
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      pendingText = undefined;
    },
  };
  return pusher;
}
