/** Small inline icons (the container fonts have no emoji, and icons must not depend on them). */

export function FolderIcon() {
  return (
    <svg className="fb-lib-icon" aria-hidden="true" width="14" height="14" viewBox="0 0 16 16" focusable="false">
      <path d="M1.5 3.5h4.2l1.5 1.6h7.3v7.9h-13z" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinejoin="round" />
    </svg>
  );
}

export function AllFlowsIcon() {
  return (
    <svg className="fb-lib-icon" aria-hidden="true" width="14" height="14" viewBox="0 0 16 16" focusable="false">
      <path d="M2 3.5h12M2 8h12M2 12.5h12" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" />
    </svg>
  );
}
