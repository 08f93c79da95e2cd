import { createReadStream } from 'node:fs';
import { SaxesParser } from 'saxes';

// A streaming METS + PREMIS reader (PREMIS 2 and 3, any prefix): enough to check a METS document is
// well-formed, list its files and read the PREMIS objects, events and agents — ours and
// Archivematica's alike. Entities are not expanded (saxes does not fetch or expand external ones).

export interface PremisObject {
  identifier: string;
  originalName: string | null;
  size: number | null;
  fixity: { algorithm: string; digest: string }[];
  format: string | null;
}
export interface PremisEvent {
  identifier: string;
  type: string;
  dateTime: string;
  outcome: string | null;
  linkingObjects: string[];
}
export interface PremisAgent {
  identifier: string;
  name: string | null;
  type: string | null;
}
export interface MetsSummary {
  createDate: string | null;
  files: { id: string; href: string | null; checksum: string | null }[];
  objects: PremisObject[];
  events: PremisEvent[];
  agents: PremisAgent[];
  /** Semantic problems that make the document unacceptable (future CREATEDATE, FLocat hrefs that are not URLs). */
  problems: string[];
}

const isPremis = (uri: string) => /premis/i.test(uri);
const isMets = (uri: string) => uri === 'http://www.loc.gov/METS/';

/** Parses a METS document from text chunks; throws on XML that is not well-formed. */
export async function readMets(chunks: AsyncIterable<string | Buffer> | Iterable<string | Buffer>): Promise<MetsSummary> {
  const out: MetsSummary = { createDate: null, files: [], objects: [], events: [], agents: [], problems: [] };
  const p = new SaxesParser({ xmlns: true });
  let error: Error | null = null;
  p.on('error', (e) => {
    error ??= e;
  });
  const path: string[] = [];
  let text = '';
  let obj: PremisObject | null = null;
  let ev: PremisEvent | null = null;
  let ag: PremisAgent | null = null;
  let fixAlg = '';
  p.on('opentag', (t) => {
    text = '';
    const local = t.local ?? t.name;
    const uri = t.uri ?? '';
    path.push(isPremis(uri) ? `p:${local}` : isMets(uri) ? `m:${local}` : local);
    const attr = (n: string) => {
      const a = Object.values(t.attributes).find((x) => typeof x !== 'string' && (x.local === n || x.name === n));
      return a && typeof a !== 'string' ? a.value : null;
    };
    if (isMets(uri) && local === 'metsHdr') out.createDate = attr('CREATEDATE');
    if (isMets(uri) && local === 'file') out.files.push({ id: attr('ID') ?? '', href: null, checksum: attr('CHECKSUM') });
    if (isMets(uri) && local === 'FLocat' && out.files.length) out.files[out.files.length - 1]!.href = attr('href');
    if (isPremis(uri) && local === 'object') obj = { identifier: '', originalName: null, size: null, fixity: [], format: null };
    if (isPremis(uri) && local === 'event') ev = { identifier: '', type: '', dateTime: '', outcome: null, linkingObjects: [] };
    if (isPremis(uri) && local === 'agent') ag = { identifier: '', name: null, type: null };
  });
  p.on('text', (x) => (text += x));
  p.on('cdata', (x) => (text += x));
  p.on('closetag', () => {
    const name = path.pop()!;
    const v = text.trim();
    text = '';
    if (obj) {
      if (name === 'p:objectIdentifierValue' && !obj.identifier) obj.identifier = v;
      else if (name === 'p:originalName') obj.originalName = v;
      else if (name === 'p:size') obj.size = Number(v);
      else if (name === 'p:messageDigestAlgorithm') fixAlg = v;
      else if (name === 'p:messageDigest') obj.fixity.push({ algorithm: fixAlg, digest: v });
      else if (name === 'p:formatName' && !obj.format) obj.format = v;
      else if (name === 'p:object') {
        out.objects.push(obj);
        obj = null;
      }
    }
    if (ev) {
      if (name === 'p:eventIdentifierValue') ev.identifier = v;
      else if (name === 'p:eventType') ev.type = v;
      else if (name === 'p:eventDateTime') ev.dateTime = v;
      else if (name === 'p:eventOutcome') ev.outcome = v;
      else if (name === 'p:linkingObjectIdentifierValue') ev.linkingObjects.push(v);
      else if (name === 'p:event') {
        out.events.push(ev);
        ev = null;
      }
    }
    if (ag) {
      if (name === 'p:agentIdentifierValue') ag.identifier = v;
      else if (name === 'p:agentName') ag.name = v;
      else if (name === 'p:agentType') ag.type = v;
      else if (name === 'p:agent') {
        out.agents.push(ag);
        ag = null;
      }
    }
  });
  for await (const c of chunks) {
    p.write(typeof c === 'string' ? c : c.toString('utf8'));
    if (error) throw error;
  }
  p.close();
  if (error) throw error;
  if (out.createDate && Date.parse(out.createDate) > Date.now() + 86_400_000) out.problems.push(`metsHdr CREATEDATE ${out.createDate} is in the future`);
  for (const f of out.files) {
    if (f.href === null) continue;
    try {
      new URL(f.href, 'file:///package/');
    } catch {
      out.problems.push(`FLocat href ${JSON.stringify(f.href.slice(0, 100))} is not a valid URL`);
    }
  }
  return out;
}

export const readMetsFile = (file: string) => readMets(createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 }));
