import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import iconv from 'iconv-lite';
import { SaxesParser, type SaxesTagNS } from 'saxes';

export class XmlRefused extends Error {
  constructor(readonly code: 'xml_doctype' | 'xml_malformed' | 'xml_too_large', readonly zh: string, en: string) {
    super(en);
  }
}

export interface XmlHandlers {
  open?(tag: SaxesTagNS, path: string[]): void;
  text?(text: string, path: string[]): void;
  close?(name: string, path: string[]): void;
}

/** The encoding an XML declaration names (GB18030/GB2312/GBK/UTF-8), from the first bytes. */
async function declaredEncoding(file: string): Promise<string> {
  const fh = await fs.open(file, 'r');
  const head = Buffer.alloc(200);
  await fh.read(head, 0, 200, 0);
  await fh.close();
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const m = /encoding\s*=\s*["']([\w-]+)["']/i.exec(head.toString('latin1'));
  const e = m?.[1]?.toLowerCase() ?? 'utf-8';
  return /^gb/.test(e) ? 'gb18030' : iconv.encodingExists(e) ? e : 'utf-8';
}

/**
 * Streams an XML file through saxes. saxes never resolves external entities and expands only the five
 * predefined ones; on top of that any DOCTYPE is refused outright, so XXE and billion-laughs documents
 * end with a clean XmlRefused instead of a network call or a memory blow-up. Element text reaches
 * `text` once per text node (a base64 node is held whole; text nodes are limited to `maxText` chars).
 */
export async function parseXmlFile(file: string, h: XmlHandlers, maxText = 768 * 1024 * 1024): Promise<void> {
  const p = new SaxesParser({ xmlns: true, position: false });
  const path: string[] = [];
  let err: Error | undefined;
  p.on('doctype', () => { throw new XmlRefused('xml_doctype', 'XML 含 DOCTYPE 声明（可能的 XXE/实体膨胀），已拒绝', 'The XML declares a DOCTYPE (possible XXE or entity expansion); refused'); });
  p.on('opentag', (t) => { path.push(t.local); h.open?.(t as SaxesTagNS, path); });
  p.on('text', (t) => {
    if (t.length > maxText) throw new XmlRefused('xml_too_large', '元素文本过大', 'An element text is too large');
    if (path.length) h.text?.(t, path);
  });
  p.on('cdata', (t) => { if (path.length) h.text?.(t, path); });
  p.on('closetag', (t) => { h.close?.(t.local ?? t.name, path); path.pop(); });
  p.on('error', (e) => { err ??= e; });
  const enc = await declaredEncoding(file);
  const src = createReadStream(file, { highWaterMark: 1 << 20 }).pipe(iconv.decodeStream(enc));
  try {
    for await (const chunk of src) {
      p.write(chunk as string);
      if (err) break;
    }
    if (!err) p.close();
  } catch (e) {
    (src as unknown as { destroy(): void }).destroy();
    if (e instanceof XmlRefused) throw e;
    err = e as Error;
  }
  if (err) throw new XmlRefused('xml_malformed', `XML 格式错误：${err.message.slice(0, 300)}`, `The XML is not well-formed: ${err.message.slice(0, 300)}`);
}
