import type { AipEvent, AipFile, AipSource } from './aip.source.ts';
import { el, esc, type XmlSink } from './aip.xml.ts';

export const NS = {
  mets: 'http://www.loc.gov/METS/', premis: 'http://www.loc.gov/premis/v3', xlink: 'http://www.w3.org/1999/xlink', xsi: 'http://www.w3.org/2001/XMLSchema-instance',
};

/** A metadata file of the package that METS lists (DA/T 46 XML, the Lantai record JSON, the 四性 report). */
export interface MetaFile {
  path: string;
  mime: string;
  size: number;
  sha256: string;
  use: string;
}

const id = (type: string, value: string) => el('premis:objectIdentifier', el('premis:objectIdentifierType', type) + el('premis:objectIdentifierValue', value), {}, true);

function premisObject(f: AipFile): string {
  const fixity = el('premis:fixity', el('premis:messageDigestAlgorithm', 'SHA-256') + el('premis:messageDigest', f.sha256), {}, true)
    + el('premis:fixity', el('premis:messageDigestAlgorithm', 'SM3') + el('premis:messageDigest', f.sm3), {}, true);
  const chars = el('premis:objectCharacteristics', el('premis:compositionLevel', 0) + fixity + el('premis:size', f.size)
    + el('premis:format', el('premis:formatDesignation', el('premis:formatName', f.mime), {}, true), {}, true), {}, true);
  const rel = f.derivedFrom
    ? el('premis:relationship', el('premis:relationshipType', 'derivation') + el('premis:relationshipSubType', 'has source')
      + el('premis:relatedObjectIdentifier', el('premis:relatedObjectIdentifierType', 'UUID') + el('premis:relatedObjectIdentifierValue', f.derivedFrom.fileId), {}, true), {}, true)
    : '';
  return el('premis:object', id('UUID', f.id) + chars + el('premis:originalName', f.filename) + rel, { 'xsi:type': 'premis:file', version: '3.0' }, true);
}

function premisEvent(e: AipEvent, objects: string[]): string {
  const note = Object.keys(e.outcomeDetail).length ? el('premis:eventOutcomeDetail', el('premis:eventOutcomeDetailNote', JSON.stringify(e.outcomeDetail)), {}, true) : '';
  return el('premis:event', [
    el('premis:eventIdentifier', el('premis:eventIdentifierType', 'UUID') + el('premis:eventIdentifierValue', e.id), {}, true),
    el('premis:eventType', e.type), el('premis:eventDateTime', e.at),
    e.detail ? el('premis:eventDetailInformation', el('premis:eventDetail', e.detail), {}, true) : '',
    el('premis:eventOutcomeInformation', el('premis:eventOutcome', e.outcome) + note, {}, true),
    el('premis:linkingAgentIdentifier', el('premis:linkingAgentIdentifierType', 'name') + el('premis:linkingAgentIdentifierValue', agentKey(e.agent)), {}, true),
    ...objects.map((o) => el('premis:linkingObjectIdentifier', el('premis:linkingObjectIdentifierType', 'UUID') + el('premis:linkingObjectIdentifierValue', o), {}, true)),
  ].join(''), { version: '3.0' }, true);
}

const agentKey = (a: AipEvent['agent']) => (a.version ? `${a.name} ${a.version}` : a.name);
const wrap = (tag: string, id: string, mdtype: string, xml: string) =>
  `<mets:${tag} ID="${id}"><mets:mdWrap MDTYPE="${mdtype}"><mets:xmlData>${xml}</mets:xmlData></mets:mdWrap></mets:${tag}>`;

/**
 * Streams the METS document of a package into `out`: one amdSec per file (PREMIS object + the events
 * about its bytes), a package amdSec (record events and every agent), the fileSec and a structMap
 * 卷 → 件 → files. `paths` gives each file's location under data/.
 */
export async function writeMets(out: XmlSink, s: AipSource, paths: Map<string, string>, meta: MetaFile[], lantai: { name: string; version: string }) {
  const r = s.record;
  await out.write(`<?xml version="1.0" encoding="UTF-8"?>\n<mets:mets xmlns:mets="${NS.mets}" xmlns:premis="${NS.premis}" xmlns:xlink="${NS.xlink}" xmlns:xsi="${NS.xsi}" `
    + `OBJID="${esc(r.id)}" LABEL="${esc(`${r.archivalCode} ${r.title}`)}" TYPE="AIP" PROFILE="lantai-aip-1">\n`);
  await out.write(`<mets:metsHdr CREATEDATE="${new Date().toISOString()}"><mets:agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE"><mets:name>${esc(`${lantai.name} ${lantai.version}`)}</mets:name></mets:agent>`
    + `<mets:altRecordID TYPE="档号">${esc(r.archivalCode)}</mets:altRecordID></mets:metsHdr>\n`);
  const dat = meta.find((m) => m.use === 'DA/T 46');
  if (dat) await out.write(`<mets:dmdSec ID="dmd-1"><mets:mdRef LOCTYPE="OTHER" OTHERLOCTYPE="SYSTEM" xlink:href="${esc(dat.path)}" MDTYPE="OTHER" OTHERMDTYPE="DA/T 46-2009" MIMETYPE="application/xml" CHECKSUM="${dat.sha256}" CHECKSUMTYPE="SHA-256"/></mets:dmdSec>\n`);
  const bySha = new Map<string, AipEvent[]>();
  for (const e of s.events) if (e.objectSha256) (bySha.get(e.objectSha256) ?? bySha.set(e.objectSha256, []).get(e.objectSha256)!).push(e);
  let n = 0;
  const amd = new Map<string, string>();
  for (const f of s.files) {
    const a = `amd-${++n}`;
    amd.set(f.id, a);
    let x = `<mets:amdSec ID="${a}">${wrap('techMD', `tech-${n}`, 'PREMIS:OBJECT', premisObject(f))}`;
    let k = 0;
    for (const e of bySha.get(f.sha256) ?? []) x += wrap('digiprovMD', `digiprov-${n}-${++k}`, 'PREMIS:EVENT', premisEvent(e, [f.id]));
    await out.write(`${x}</mets:amdSec>\n`);
  }
  const agents = new Map<string, AipEvent['agent']>([[`${lantai.name} ${lantai.version}`, { type: 'software', name: lantai.name, version: lantai.version }]]);
  for (const e of s.events) agents.set(agentKey(e.agent), e.agent);
  let pkg = '<mets:amdSec ID="amd-package">';
  let k = 0;
  for (const e of s.events.filter((x) => !x.objectSha256)) pkg += wrap('digiprovMD', `digiprov-package-${++k}`, 'PREMIS:EVENT', premisEvent(e, [e.recordId ?? r.id]));
  for (const [key, a] of agents) {
    pkg += wrap('digiprovMD', `agent-${++k}`, 'PREMIS:AGENT', el('premis:agent', el('premis:agentIdentifier', el('premis:agentIdentifierType', 'name') + el('premis:agentIdentifierValue', key), {}, true)
      + el('premis:agentName', a.name) + el('premis:agentType', a.type) + (a.version ? el('premis:agentVersion', a.version) : ''), { version: '3.0' }, true));
  }
  await out.write(`${pkg}</mets:amdSec>\n<mets:fileSec>\n`);
  for (const use of ['original', 'preservation', 'access'] as const) {
    const group = s.files.filter((f) => f.role === use);
    if (!group.length) continue;
    await out.write(`<mets:fileGrp USE="${use}">\n`);
    for (const f of group) {
      await out.write(`<mets:file ID="file-${f.id}" MIMETYPE="${esc(f.mime)}" SIZE="${f.size}" CREATED="${f.createdAt}" CHECKSUM="${f.sha256}" CHECKSUMTYPE="SHA-256" ADMID="${amd.get(f.id)}"${
        f.derivedFrom ? ` GROUPID="${f.derivedFrom.fileId}"` : ` GROUPID="${f.id}"`}><mets:FLocat LOCTYPE="OTHER" OTHERLOCTYPE="SYSTEM" xlink:href="${esc(paths.get(f.id))}"/></mets:file>\n`);
    }
    await out.write('</mets:fileGrp>\n');
  }
  await out.write('<mets:fileGrp USE="metadata">\n');
  for (const m of meta) await out.write(`<mets:file ID="meta-${esc(m.path.replace(/[^A-Za-z0-9]/g, '-'))}" MIMETYPE="${m.mime}" SIZE="${m.size}" CHECKSUM="${m.sha256}" CHECKSUMTYPE="SHA-256"><mets:FLocat LOCTYPE="OTHER" OTHERLOCTYPE="SYSTEM" xlink:href="${esc(m.path)}"/></mets:file>\n`);
  await out.write('</mets:fileGrp>\n</mets:fileSec>\n<mets:structMap TYPE="physical" LABEL="Lantai">\n');
  const div = async (rec: AipSource['record'], type: string, close: boolean) => {
    await out.write(`<mets:div TYPE="${type}" LABEL="${esc(`${rec.archivalCode} ${rec.title}`)}"${rec.id === r.id && dat ? ' DMDID="dmd-1"' : ''}>\n`);
    for (const f of s.files) if (f.recordId === rec.id) await out.write(`<mets:fptr FILEID="file-${f.id}"/>\n`);
    if (close) await out.write('</mets:div>\n');
  };
  await div(r, r.kind === 'volume' ? '案卷' : '件', s.items.length === 0);
  for (const i of s.items) await div(i, '件', true);
  if (s.items.length) await out.write('</mets:div>\n');
  await out.write('</mets:structMap>\n</mets:mets>\n');
}
