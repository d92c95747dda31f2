/**
 * Between an uncontrolled editor (Monaco's model owns the text) and the document store: keystrokes are
 * collected and pushed once typing pauses, so the store, the inspector and the canvas node see one change
 * per pause instead of one per key, and the change lands in history as one undoable step.
 *
 * `lastSent` tells the editor which store value is its own echo (ignore) and which came from elsewhere
 * (undo, redo, another view: apply to the model).
 */
export interface TextPusher {
  /**
   * Schedules a send after the delay; a newer call replaces it. Takes a reader rather than the text, so a
   * keystroke in a 10 000-line file does not copy the file: the text is read once, when it is sent.
   */
  push(read: () => string): void;
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
  let pendingRead: (() => string) | undefined;
  const pusher: TextPusher = {
    lastSent: initial,
    get pending() {
      return pendingRead !== undefined;
    },
    push(read) {
      pendingRead = read;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => pusher.flush(), delayMs);
    },
    flush() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      const read = pendingRead;
      pendingRead = undefined;
      if (read === undefined) return;
      const text = read();
      if (text === pusher.lastSent) return;
      pusher.lastSent = text;
      send(text);
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      pendingRead = undefined;
    },
  };
  return pusher;
}
