import fs from 'node:fs/promises';
import { runTool, toolVersion } from './exec.js';
import { finding, type Finding } from './finding.js';

// XML checks with libxml2's xmllint (Debian libxml2-utils): well-formedness and XSD validation. Hostile input is
// refused before the parser sees it: a DOCTYPE that declares entities (XXE, billion laughs) fails outright, and
// xmllint runs with --nonet and without --noent/--loaddtd, so it never substitutes entities or fetches anything.

export const EEP_NAMESPACE = 'http://www.saac.gov.cn/standards/ERM/encapsulation';
const HEAD = 256 * 1024;

export interface XmlProlog {
  doctype?: string;
  entityDeclarations: boolean;
  externalDtd: boolean;
  root?: { name: string; namespace?: string };
}

/** Reads the prolog (up to the root start tag) without a parser: DOCTYPE, entity declarations, root name and namespace. */
export async function readProlog(file: string): Promise<XmlProlog> {
  const fh = await fs.open(file, 'r');
  const buf = Buffer.alloc(HEAD);
  const { bytesRead } = await fh.read(buf, 0, HEAD, 0).finally(() => fh.close());
  let s = buf.subarray(0, bytesRead).toString('utf8');
  if (buf[0] === 0xff && buf[1] === 0xfe) s = buf.subarray(2, bytesRead).toString('utf16le');
  s = s.replace(/^\uFEFF/, '');
  const dt = s.search(/<!DOCTYPE/i);
  const doctype = dt >= 0 ? (/<!DOCTYPE[^[>]*(\[[\s\S]*?\]\s*)?>/i.exec(s.slice(dt))?.[0] ?? s.slice(dt, dt + 300)) : undefined;
  const out: XmlProlog = {
    doctype: doctype?.slice(0, 300),
    // Any <!ENTITY after a DOCTYPE (searched past the first "]>", which an entity value could fake) is refused.
    entityDeclarations: dt >= 0 && /<!ENTITY/i.test(s.slice(dt)),
    externalDtd: !!doctype && /<!DOCTYPE\s+[^\s[>]+\s+(SYSTEM|PUBLIC)\b/i.test(doctype),
  };
  const body = s.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[\s\S]*?(\[[\s\S]*?\]\s*)?>/gi, '');
  const tag = /<([\p{L}_][\p{L}\p{N}_.:-]*)([^>]*)>/u.exec(body);
  if (tag) {
    const [prefix, local] = tag[1]!.includes(':') ? tag[1]!.split(':') : ['', tag[1]!];
    const ns = new RegExp(`xmlns${prefix ? `:${prefix}` : ''}\\s*=\\s*["']([^"']*)["']`).exec(tag[2]!)?.[1];
    out.root = { name: local!, namespace: ns };
  }
  return out;
}

export const xmllintVersion = () =>
  toolVersion('xmllint', ['--version'], (t) => /using libxml version (\d+)/.exec(t)?.[1] ?? t.split('\n')[0]!);

async function evidence() {
  return { tool: 'xmllint (libxml2)', version: await xmllintVersion() };
}

/** Problems lines of xmllint's stderr, at most `max`, without the file path prefix. */
function problems(stderr: string, file: string, max = 20): string[] {
  return stderr
    .split('\n')
    .filter((l) => /error|warning|fails to validate/i.test(l) && !l.includes('validates'))
    .map((l) => l.replaceAll(file, '').replace(/^:/, '').trim())
    .slice(0, max);
}

/** Well-formed XML (and no entity declarations). Never throws. */
export async function checkWellFormed(file: string, timeoutMs = 30_000, signal?: AbortSignal): Promise<Finding> {
  const prolog = await readProlog(file);
  const ev = { ...(await evidence()), root: prolog.root, doctype: prolog.doctype };
  if (prolog.entityDeclarations)
    return finding(
      'fail',
      'xml.entity-declaration',
      'XML 含实体声明（DOCTYPE 中的 <!ENTITY>），可能是 XXE 或实体膨胀攻击，拒绝解析',
      'The XML declares entities (<!ENTITY> in its DOCTYPE): possible XXE or entity expansion; refused unparsed',
      ev,
    );
  const r = await runTool('xmllint', ['--noout', '--nonet', '--nowarning', file], { timeoutMs, signal, maxStdout: 64 * 1024 });
  if (r.startError)
    return finding('skipped', 'xml.tool-missing', `xmllint 不可用：${r.startError}`, `xmllint is not available: ${r.startError}`, ev);
  if (r.timedOut)
    return finding('fail', 'xml.timeout', `XML 解析超时（${timeoutMs} ms）`, `Parsing the XML took longer than ${timeoutMs} ms`, ev);
  if (r.code !== 0) {
    const errs = problems(r.stderr, file);
    return finding(
      'fail',
      'xml.not-well-formed',
      `XML 格式不正确：${errs[0] ?? `xmllint 退出码 ${r.code}`}`,
      `The XML is not well-formed: ${errs[0] ?? `xmllint exit code ${r.code}`}`,
      { ...ev, errors: errs, exitCode: r.code },
    );
  }
  if (prolog.externalDtd)
    return finding('warning', 'xml.external-dtd', 'XML 引用外部 DTD（未加载）', 'The XML refers to an external DTD (not loaded)', ev);
  return finding('pass', 'xml.well-formed', 'XML 格式正确', 'The XML is well-formed', ev);
}

/** XSD validation with `xmllint --schema` (well-formedness and entity screening first). Never throws. */
export async function validateXsd(file: string, xsd: string, timeoutMs = 60_000, signal?: AbortSignal): Promise<Finding> {
  const wf = await checkWellFormed(file, timeoutMs, signal);
  if (wf.outcome === 'fail' || wf.outcome === 'skipped') return wf;
  const ev = { ...wf.evidence, schema: xsd };
  const r = await runTool('xmllint', ['--noout', '--nonet', '--schema', xsd, file], { timeoutMs, signal, maxStdout: 64 * 1024 });
  if (r.timedOut)
    return finding(
      'fail',
      'xml.timeout',
      `XML Schema 校验超时（${timeoutMs} ms）`,
      `Schema validation took longer than ${timeoutMs} ms`,
      ev,
    );
  if (r.code === 0) return finding('pass', 'xml.valid', '符合 XML Schema', 'Valid against the XML Schema', ev);
  const errs = problems(r.stderr, file);
  if (/failed to compile|Failed to parse the XML resource|WXS schema .* failed/i.test(r.stderr))
    return finding(
      'skipped',
      'xml.schema-unusable',
      `XML Schema 无法加载：${errs[0] ?? ''}`,
      `The XML Schema could not be loaded: ${errs[0] ?? ''}`,
      { ...ev, errors: errs },
    );
  return finding(
    'fail',
    'xml.invalid',
    `不符合 XML Schema：${errs[0] ?? `xmllint 退出码 ${r.code}`}`,
    `Not valid against the XML Schema: ${errs[0] ?? `xmllint exit code ${r.code}`}`,
    { ...ev, errors: errs, errorCount: errs.length, exitCode: r.code },
  );
}
