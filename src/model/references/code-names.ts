/**
 * Function code reads earlier steps by display name (`steps["Fetch customer"].body`, `steps.Log`), which
 * the local engine provides beside the ids. When names change (a rename, or a duplicate's number moving),
 * code is rewritten with them, as references in params are. It is a pattern over the text, not a parser:
 * `"steps.Log"` inside a string literal is rewritten too, which is the rarer mistake than leaving code behind.
 */
const IDENT = /^[A-Za-z_$][\w$]*$/;
const ACCESS = /\bsteps(\s*\?\.\s*|\s*\.\s*)([A-Za-z_$][\w$]*)|\bsteps(\s*(?:\?\.)?\s*\[\s*)(["'])((?:[^"'\\\n]|\\.)*)\4(\s*\])/g;

function unquote(body: string): string {
  return body.replace(/\\(.)/g, '$1');
}

function quote(name: string, q: string): string {
  return q + name.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`) + q;
}

/** Rewrites `steps.<old>` / `steps["<old>"]` for every renamed name, all at once (swaps work). */
export function renameStepsInCode(code: string, renames: ReadonlyMap<string, string>): string {
  if (renames.size === 0 || !code.includes('steps')) return code;
  return code.replace(ACCESS, (whole, dot?: string, ident?: string, open?: string, q?: string, body?: string, close?: string) => {
    if (ident !== undefined && dot !== undefined) {
      const next = renames.get(ident);
      if (next === undefined) return whole;
      if (IDENT.test(next)) return `steps${dot}${next}`;
      return `steps${dot.includes('?') ? '?.' : ''}[${JSON.stringify(next)}]`;
    }
    const name = unquote(body ?? '');
    const next = renames.get(name);
    if (next === undefined || q === undefined) return whole;
    return `steps${open}${quote(next, q)}${close}`;
  });
}
