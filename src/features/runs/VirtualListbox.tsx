/**
 * A virtualised, keyboard-operable list (listbox pattern with `aria-activedescendant`, so only visible rows
 * are in the DOM and focus never has to move onto a row that scrolling removes). Rows have one fixed height.
 * Used by the steps, logs and timeline tabs.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface VirtualListboxProps {
  count: number;
  rowHeight: number;
  label: string;
  /** Index of the active row, -1 for none. */
  active: number;
  onActiveChange(index: number): void;
  /** Enter, or a click on a row. */
  onActivate?(index: number): void;
  renderRow(index: number): ReactNode;
  /** Extra attributes of a row (test ids, data-*). */
  rowProps?(index: number): Record<string, string | undefined>;
  /** Stay scrolled to the end as rows arrive, while the user is at the end (logs). */
  follow?: boolean;
  className?: string;
  header?: ReactNode;
  'data-testid'?: string;
}

export function VirtualListbox(props: VirtualListboxProps) {
  const { count, rowHeight, active, onActiveChange, onActivate, follow } = props;
  const uid = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const atEnd = useRef(true);
  const keyboardMove = useRef(false);
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => rowHeight, overscan: 8 });

  useEffect(() => {
    if (follow && atEnd.current && count > 0) virtualizer.scrollToIndex(count - 1, { align: 'end' });
  }, [follow, count, virtualizer]);

  useEffect(() => {
    if (!keyboardMove.current || active < 0) return;
    keyboardMove.current = false;
    virtualizer.scrollToIndex(active, { align: 'auto' });
  }, [active, virtualizer]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (count === 0) return;
    const to = (i: number) => {
      keyboardMove.current = true;
      onActiveChange(Math.max(0, Math.min(count - 1, i)));
    };
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1);
    switch (e.key) {
      case 'ArrowDown':
        to(active + 1);
        break;
      case 'ArrowUp':
        to(active < 0 ? count - 1 : active - 1);
        break;
      case 'Home':
        to(0);
        break;
      case 'End':
        to(count - 1);
        break;
      case 'PageDown':
        to(active + page);
        break;
      case 'PageUp':
        to(active - page);
        break;
      case 'Enter':
        if (active < 0) return;
        onActivate?.(active);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const rowId = (i: number) => `${uid}-opt-${i}`;
  return (
    <div className={`fb-vlist ${props.className ?? ''}`}>
      {props.header}
      <div
        ref={scrollRef}
        className="fb-vlist-scroll"
        role="listbox"
        aria-label={props.label}
        aria-activedescendant={active >= 0 && active < count ? rowId(active) : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={(e) => {
          const el = e.currentTarget;
          atEnd.current = el.scrollTop + el.clientHeight >= el.scrollHeight - rowHeight;
        }}
        data-testid={props['data-testid']}
      >
        <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => (
            <div
              key={v.key}
              id={rowId(v.index)}
              role="option"
              aria-selected={v.index === active}
              className={`fb-vlist-row${v.index === active ? ' fb-vlist-active' : ''}`}
              style={{ top: v.start, height: rowHeight }}
              onClick={() => {
                onActiveChange(v.index);
                scrollRef.current?.focus({ preventScroll: true });
                onActivate?.(v.index);
              }}
              {...props.rowProps?.(v.index)}
            >
              {props.renderRow(v.index)}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
