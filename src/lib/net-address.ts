/**
 * Is an address on this machine or its private network? Used to ask before an imported flow reaches one
 * (a flow from someone else must not reconfigure a local server without a prompt) and by the fetch proxy.
 * Hostnames are read through WHATWG `URL`, so odd spellings of loopback (`0x7f.1`, `2130706433`,
 * `[::ffff:127.0.0.1]`) are normalised before they are judged.
 */

/** `hostname` as `URL` gives it (IPv6 in brackets). True for loopback, private, link-local, unspecified, unique-local and `localhost`. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) return isPrivateV4(v4.slice(1).map(Number) as [number, number, number, number]);
  if (host.startsWith('[') && host.endsWith(']')) return isPrivateV6(host.slice(1, -1));
  return false;
}

function isPrivateV4([a, b]: [number, number, number, number]): boolean {
  return (
    a === 127 || // loopback 127/8
    a === 10 || // 10/8
    (a === 172 && b >= 16 && b <= 31) || // 172.16/12
    (a === 192 && b === 168) || // 192.168/16
    (a === 169 && b === 254) || // link-local 169.254/16
    a === 0 // "this network", 0.0.0.0 reaches the local host
  );
}

function isPrivateV6(addr: string): boolean {
  if (addr === '::1' || addr === '::') return true;
  // IPv4-mapped (URL writes ::ffff:127.0.0.1 as ::ffff:7f00:1).
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(addr);
  if (mapped) {
    const hi = parseInt(mapped[1]!, 16);
    const lo = parseInt(mapped[2]!, 16);
    return isPrivateV4([hi >> 8, hi & 255, lo >> 8, lo & 255]);
  }
  const first = parseInt(addr.split(':')[0] || '0', 16);
  return (first & 0xfe00) === 0xfc00 /* fc00::/7 unique local */ || (first & 0xffc0) === 0xfe80; /* fe80::/10 link-local */
}

/** The hostname of an http(s) / ws(s) URL, or null when the text is not one. */
export function hostOf(url: string): string | null {
  try {
    const u = new URL(url);
    return /^(https?|wss?):$/.test(u.protocol) ? u.hostname : null;
  } catch {
    return null;
  }
}

const URL_IN_TEXT = /\b(?:https?|wss?):\/\/[^\s"'<>`]+/gi;

/** Every URL written in a text whose host is private. */
export function privateUrlsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(URL_IN_TEXT)) {
    const host = hostOf(m[0].replace(/\{\{.*$/, ''));
    if (host !== null && isPrivateHost(host)) out.push(m[0]);
  }
  return out;
}

/**
 * URLs in a text whose host is only known at run time: a reference in the host part
 * (`http://{{steps.a.body.host}}/x`). An earlier step can answer "127.0.0.1", so these cannot be judged before
 * the run.
 */
export function runtimeHostUrlsIn(text: string): string[] {
  return [...text.matchAll(/\b(?:https?|wss?):\/\/\{\{[^\s"'<>`]*/gi)].map((m) => m[0]);
}
