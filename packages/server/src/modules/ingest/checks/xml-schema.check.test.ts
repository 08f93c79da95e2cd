import fs from 'node:fs';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { xmlSchemaCheck, xmlWellFormedCheck } from './xml-schema.check.js';
import { ctxOf, fileOf, pkgOf, td, tempDir } from '../analyzers/test-support.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const XSD = td('eep/1998Zhao-check/a.xsd');
const run = (check: typeof xmlSchemaCheck, files: ReturnType<typeof fileOf>[], settings: Record<string, unknown> = { eepSchema: XSD }) =>
  check.run(ctxOf(pkgOf([], files), settings));

const lol = Array.from({ length: 8 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
const BILLION_LAUGHS = `<?xml version="1.0"?>\n<!DOCTYPE z [<!ENTITY l0 "lol">${lol}]>\n<z>&l8;</z>\n`;
const XXE = `<?xml version="1.0"?>\n<!DOCTYPE z [<!ENTITY f SYSTEM "file:///etc/passwd"><!ENTITY n SYSTEM "http://127.0.0.1:9/x">]>\n<z>&f;&n;</z>\n`;

describe('XML checks (xmllint, no network, no entities)', () => {
  it('validates a DA/T 48 EEP against the schema; the testdata skeleton without namespace fails (INDEX: REJECT)', async () => {
    const original = fs.readFileSync(td('eep/1998Zhao-check/a.xml'), 'utf8');
    const fixed = tmp.put(
      'a-ns.xml',
      original.replace('<电子文件封装包', '<电子文件封装包 xmlns="http://www.saac.gov.cn/standards/ERM/encapsulation"'),
    );
    const rows = await run(xmlSchemaCheck, [fileOf(td('eep/1998Zhao-check/a.xml')), fileOf(fixed)]);
    expect(rows[0]).toMatchObject({
      outcome: 'fail',
      evidence: { files: 2, pass: 1, fail: 1, tool: 'xmllint (libxml2)', version: expect.stringMatching(/^\d+$/) },
    });
    expect(rows.slice(1)).toHaveLength(1);
    expect(rows[1]).toMatchObject({ subject: 'a.xml', evidence: { code: 'xml.invalid', hint: expect.stringContaining('(none)') } });
    expect(rows[1]!.en).toMatch(/No matching global declaration/);
  });

  it('rejects the nh-deep vendor EEP sample with the schema’s reasons (INDEX: REJECT)', async () => {
    const rows = await run(xmlSchemaCheck, [fileOf(td('eep/whlishy-nh-deep/README-example.eep.xml'))]);
    expect(rows[1]!.evidence.code).toBe('xml.invalid');
    const errors = rows[1]!.evidence.errors as string[];
    expect(errors.join('\n')).toMatch(/'2023-02-24 16:42:17' is not a valid value of the atomic type 'xs:dateTime'/);
    expect(errors.join('\n')).toMatch(/机构人员实体块/);
  });

  it('refuses billion-laughs and XXE documents with a clear finding, quickly', async () => {
    const files = [fileOf(tmp.put('laughs.xml', BILLION_LAUGHS)), fileOf(tmp.put('xxe.xml', XXE))];
    for (const check of [xmlWellFormedCheck, xmlSchemaCheck]) {
      const rows = await run(check, files, { eepSchema: XSD, schemas: { '': XSD } });
      expect(rows[0]!.outcome).toBe('fail');
      expect(rows.slice(1).map((r) => r.evidence.code)).toEqual(['xml.entity-declaration', 'xml.entity-declaration']);
      expect(rows[1]!.en).toMatch(/XXE|entity expansion/);
    }
  });

  it('never fetches an external DTD (a listening server gets no connection); reports it as a warning', async () => {
    let connections = 0;
    const server = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const f = fileOf(tmp.put('dtd.xml', `<?xml version="1.0"?>\n<!DOCTYPE z SYSTEM "http://127.0.0.1:${port}/z.dtd">\n<z a="1"/>\n`));
    const rows = await run(xmlWellFormedCheck, [f]);
    server.close();
    expect(rows[1]!.evidence.code).toBe('xml.external-dtd');
    expect(connections).toBe(0);
  });

  it('fails a document that is not well-formed, with xmllint’s line', async () => {
    const rows = await run(xmlWellFormedCheck, [fileOf(tmp.put('bad.xml', '<?xml version="1.0"?>\n<a><b></a>\n'))]);
    expect(rows[1]).toMatchObject({ outcome: 'fail', evidence: { code: 'xml.not-well-formed' } });
    expect(rows[1]!.en).toMatch(/Opening and ending tag mismatch/);
  });

  it('warns when an EEP arrives but no DA/T 48 schema is configured; other XML without a schema is skipped', async () => {
    const rows = await run(
      xmlSchemaCheck,
      [fileOf(td('eep/1998Zhao-check/a.xml')), fileOf(td('archivematica/mets-reader-writer-fixtures/complete_mets.xml'))],
      {},
    );
    expect(rows.slice(1).map((r) => [r.subject, r.outcome, r.evidence.code])).toEqual([
      ['a.xml', 'warning', 'xml.schema-not-configured'],
      ['complete_mets.xml', 'skipped', 'xml.no-schema'],
    ]);
  });
});
