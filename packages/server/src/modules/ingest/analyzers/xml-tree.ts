import { SaxesParser } from 'saxes';

// A small element tree over saxes (strict, namespace-aware, never expands DTD entities), for the XML parts of
// OFD files (OFD.xml, Document.xml, Signatures.xml …) that are read in memory.

export interface XNode {
  /** Local name (without prefix). */
  name: string;
  ns: string;
  attrs: Record<string, string>;
  children: XNode[];
  text: string;
}

export function parseXml(data: Buffer | string, maxNodes = 2_000_000): XNode {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XNode[] = [];
  let root: XNode | undefined;
  let nodes = 0;
  parser.on('doctype', () => {
    throw new Error('DOCTYPE is not allowed here');
  });
  parser.on('opentag', (t) => {
    if (++nodes > maxNodes) throw new Error(`more than ${maxNodes} elements`);
    const attrs: Record<string, string> = {};
    for (const a of Object.values(t.attributes))
      if (typeof a === 'object' && a.prefix !== 'xmlns' && a.name !== 'xmlns') attrs[a.local] = a.value;
    const node: XNode = { name: t.local ?? t.name, ns: t.uri ?? '', attrs, children: [], text: '' };
    if (stack.length) stack[stack.length - 1]!.children.push(node);
    else root = node;
    stack.push(node);
  });
  parser.on('text', (s) => {
    if (stack.length) stack[stack.length - 1]!.text += s;
  });
  parser.on('cdata', (s) => {
    if (stack.length) stack[stack.length - 1]!.text += s;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('error', (e) => {
    throw e;
  });
  let s = typeof data === 'string' ? data : data.toString('utf8');
  s = s.replace(/^\uFEFF/, '');
  parser.write(s).close();
  if (!root) throw new Error('no root element');
  return root;
}

/** Children with a local name; `path` like 'DocBody/DocRoot' walks down. */
export function all(node: XNode | undefined, path: string): XNode[] {
  let cur: XNode[] = node ? [node] : [];
  for (const part of path.split('/')) cur = cur.flatMap((n) => n.children.filter((c) => c.name === part));
  return cur;
}
export const one = (node: XNode | undefined, path: string): XNode | undefined => all(node, path)[0];
export const textOf = (node: XNode | undefined, path: string): string | undefined => one(node, path)?.text.trim();
