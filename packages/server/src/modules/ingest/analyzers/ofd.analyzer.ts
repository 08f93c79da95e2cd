import { errorText, finding, type Finding } from './finding.js';
import { OFD_NS, openOfd, resolveLoc, type OfdPackage } from './ofd.package.js';
import { all, one, parseXml, textOf, type XNode } from './xml-tree.js';

// OFD readability: a valid ZIP (every entry inflates with the right size and CRC), OFD.xml at the root, and for
// each document its Document.xml and every page's Content.xml parse. Resources that are declared but missing
// (PublicRes, images) are warnings: the pages still open, but may show less than the producer meant.

export interface OfdFacts {
  docType?: string;
  version?: string;
  namespace?: string;
  documents: { docRoot: string; pages: number; signatures?: string }[];
  entries: number;
}

export async function analyzeOfd(file: string): Promise<{ findings: Finding[]; facts?: OfdFacts }> {
  const ev: Record<string, unknown> = { tool: 'Lantai OFD reader (zip + saxes)' };
  let pkg: OfdPackage;
  try {
    pkg = await openOfd(file);
  } catch (e) {
    return {
      findings: [
        finding('fail', 'ofd.bad-zip', `OFD 不是有效的 ZIP 包：${errorText(e)}`, `The OFD is not a valid ZIP package: ${errorText(e)}`, {
          ...ev,
          error: errorText(e),
        }),
      ],
    };
  }
  const fails: string[] = [];
  const warns: string[] = [];
  const facts: OfdFacts = { documents: [], entries: pkg.names.length };
  try {
    for (const n of pkg.names) {
      let data: Buffer;
      try {
        data = await pkg.read(n);
      } catch (e) {
        fails.push(`${n}: ${errorText(e)}`);
        continue;
      }
      // Structural parts are parsed below (a failure there fails the file); others (tags, custom data) only warn.
      try {
        if (/\.xml$/i.test(n)) parseXml(data);
      } catch (e) {
        warns.push(`${n}: ${errorText(e)}`);
      }
    }
    if (!pkg.has('OFD.xml')) fails.push('OFD.xml is missing at the package root');
    else {
      const ofd = await pkg.xml('OFD.xml');
      Object.assign(facts, { docType: ofd.attrs.DocType, version: ofd.attrs.Version, namespace: ofd.ns });
      if (ofd.name !== 'OFD') fails.push(`OFD.xml root is <${ofd.name}>, not <OFD>`);
      if (ofd.ns !== OFD_NS) warns.push(`OFD.xml namespace is "${ofd.ns}", the standard one is ${OFD_NS}`);
      const bodies = all(ofd, 'DocBody');
      if (!bodies.length) fails.push('OFD.xml has no DocBody');
      for (const body of bodies) await checkDocument(pkg, body, facts, fails, warns);
    }
  } catch (e) {
    fails.push(errorText(e));
  } finally {
    await pkg.close();
  }
  Object.assign(ev, { docType: facts.docType, version: facts.version, documents: facts.documents, entries: facts.entries });
  if (fails.length)
    return {
      facts,
      findings: [
        finding('fail', 'ofd.unreadable', `OFD 无法正常打开：${fails[0]}`, `The OFD cannot be opened properly: ${fails[0]}`, {
          ...ev,
          errors: fails.slice(0, 20),
          warnings: warns.slice(0, 20),
        }),
      ],
    };
  if (warns.length)
    return {
      facts,
      findings: [
        finding(
          'warning',
          'ofd.incomplete',
          `OFD 可打开，但有缺失或不规范之处：${warns[0]}`,
          `The OFD opens, but has missing or non-standard parts: ${warns[0]}`,
          { ...ev, warnings: warns.slice(0, 20) },
        ),
      ],
    };
  const pages = facts.documents.reduce((n, d) => n + d.pages, 0);
  return { facts, findings: [finding('pass', 'ofd.readable', `OFD 可正常打开（${pages} 页）`, `The OFD opens (${pages} pages)`, ev)] };
}

async function checkDocument(pkg: OfdPackage, body: XNode, facts: OfdFacts, fails: string[], warns: string[]) {
  const rootLoc = textOf(body, 'DocRoot');
  if (!rootLoc) return void fails.push('DocBody without DocRoot');
  const docPath = resolveLoc('OFD.xml', rootLoc);
  if (!pkg.has(docPath)) return void fails.push(`DocRoot ${docPath} is missing`);
  const doc = await pkg.xml(docPath);
  const pages = all(doc, 'Pages/Page');
  facts.documents.push({ docRoot: docPath, pages: pages.length, signatures: textOf(body, 'Signatures') });
  if (!pages.length) fails.push(`${docPath} has no pages`);
  for (const p of pages) {
    const loc = p.attrs.BaseLoc;
    const content = loc && resolveLoc(docPath, loc);
    if (!content || !pkg.has(content)) fails.push(`page ${p.attrs.ID ?? '?'}: ${content ?? '(no BaseLoc)'} is missing`);
  }
  const common = one(doc, 'CommonData');
  for (const kind of ['PublicRes', 'DocumentRes']) {
    for (const r of all(common, kind)) {
      const resPath = resolveLoc(docPath, r.text.trim());
      if (!pkg.has(resPath)) {
        warns.push(`${kind} ${resPath} is declared but missing`);
        continue;
      }
      const res = await pkg.xml(resPath);
      const base = res.attrs.BaseLoc ? resolveLoc(resPath, `${res.attrs.BaseLoc.replace(/\/?$/, '/')}x`).replace(/x$/, '') : '';
      for (const m of all(res, 'MultiMedias/MultiMedia')) {
        const f = textOf(m, 'MediaFile');
        if (!f) continue;
        const target = f.startsWith('/') ? resolveLoc(resPath, f) : resolveLoc(`${base || resPath.replace(/[^/]*$/, '')}x`, f);
        if (!pkg.has(target)) warns.push(`resource ${m.attrs.ID ?? ''} ${target} is missing`);
      }
    }
  }
}
