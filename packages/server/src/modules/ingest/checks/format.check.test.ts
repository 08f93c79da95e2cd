import { afterAll, describe, expect, it } from 'vitest';
import { formatCheck, normalizeDeclaredFormat } from './format.check.js';
import { identifyFormat } from '../analyzers/format.analyzer.js';
import { ctxOf, fileOf, pkgOf, td, tempDir } from '../analyzers/test-support.js';
import type { PackageFile } from './check.types.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

const VERA = 'pdf/verapdf-corpus/';
const JHOVE = 'archivematica/SampleTransfers/JHOVEModulesValidation/';

async function runOn(files: PackageFile[], settings = {}) {
  const rows = await formatCheck.run(ctxOf(pkgOf(files), settings));
  return { summary: rows[0]!, rows: rows.slice(1) };
}
const codesFor = (rows: { subject?: string; evidence: Record<string, unknown> }[], subject: string) =>
  rows.filter((r) => r.subject === subject).map((r) => r.evidence.code);

describe('format identification by content', () => {
  it('tells PDF/A (XMP pdfaid with the right namespace) from plain PDF', async () => {
    const pass = await identifyFormat(
      td(`${VERA}PDF_A-2b/6.6 Metadata/6.6.4 Version and conformance level identification/veraPDF test suite 6-6-4-t01-pass-a.pdf`),
    );
    expect(pass).toMatchObject({ id: 'pdfa', pdfa: { part: '2', namespaceOk: true } });
    const wrongNs = await identifyFormat(
      td(`${VERA}PDF_A-2b/6.6 Metadata/6.6.4 Version and conformance level identification/veraPDF test suite 6-6-4-t01-fail-a.pdf`),
    );
    expect(wrongNs).toMatchObject({ id: 'pdf', pdfa: { namespaceOk: false } });
    const noPart = await identifyFormat(
      td(`${VERA}PDF_A-1b/6.7 Metadata/6.7.11 Version and conformance level identification/veraPDF test suite 6-7-11-t02-fail-a.pdf`),
    );
    expect(noPart.id).toBe('pdf');
  });

  it('knows OFD (a zip with OFD.xml), TIFF, JPEG, WAV, MP3 and XML by their bytes', async () => {
    expect((await identifyFormat(td('ofd/ofdrw/ofdrw-reader/helloworld.ofd'))).id).toBe('ofd');
    expect((await identifyFormat(td('ofd/ofdrw/ofdrw-archive/test-ofda.ofd'))).id).toBe('ofd');
    expect((await identifyFormat(td(`${JHOVE}tiff-hul/pass.tif`))).id).toBe('tiff');
    expect((await identifyFormat(td(`${JHOVE}jpeg-hul/pass.jpg`))).id).toBe('jpeg');
    expect((await identifyFormat(td(`${JHOVE}wave-hul/pass.wav`))).id).toBe('wav');
    expect(
      (
        await identifyFormat(
          td('archivematica/TestTransfers/acceptance-tests/mp3_will_fail_validation_with_mediaconch/fmt-134-signature-id-279-skeleton.mp3'),
        )
      ).id,
    ).toBe('mp3');
    expect((await identifyFormat(td('eep/1998Zhao-check/a.xml'))).id).toBe('xml');
    // A zip without OFD.xml is only a zip, whatever its name.
    const zip = tmp.put('fake.ofd', Buffer.from('504b0506000000000000000000000000000000000000', 'hex'));
    expect((await identifyFormat(zip)).id).not.toBe('ofd');
  });

  it('passes archival formats and warns about formats not on the GB/T 18894 list', async () => {
    const files = [
      fileOf(
        td(`${VERA}PDF_A-2b/6.6 Metadata/6.6.4 Version and conformance level identification/veraPDF test suite 6-6-4-t01-pass-a.pdf`),
        undefined,
        'a.pdf',
      ),
      fileOf(td('ofd/ofdrw/ofdrw-reader/helloworld.ofd')),
      fileOf(td(`${JHOVE}tiff-hul/pass.tif`)),
      fileOf(td(`${JHOVE}aiff-hul/pass.aiff`)),
    ];
    const { summary, rows } = await runOn(files);
    expect(summary).toMatchObject({ outcome: 'warning', evidence: { files: 4, pass: 3, warning: 1 } });
    expect(String(summary.evidence.tool)).toMatch(/^file-type \d+\.\d+\.\d+/);
    expect(codesFor(rows, 'pass.aiff')).toEqual(['format.not-archival']);
  });

  it('fails spoofed types: an executable named .pdf, an ELF named .jpg, a JPEG declared as PDF', async () => {
    const exe = tmp.put('report.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]));
    const elf = tmp.put('photo.jpg', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(100)]));
    const jpeg = fileOf(td(`${JHOVE}jpeg-hul/pass.jpg`), { format: 'PDF' });
    const { summary, rows } = await runOn([fileOf(exe), fileOf(elf), jpeg]);
    expect(summary.outcome).toBe('fail');
    expect(codesFor(rows, 'report.pdf')).toContain('format.spoofed');
    expect(codesFor(rows, 'photo.jpg')).toContain('format.spoofed');
    expect(codesFor(rows, 'pass.jpg')).toEqual(['format.declared-mismatch']);
    expect(rows.find((r) => r.subject === 'report.pdf')!.en).toMatch(/\.pdf .* EXE/);
  });

  it('only warns where the content has no magic number (archivematica extension-only and unknown-format files)', async () => {
    const dir = 'archivematica/TestTransfers/file_format_extensions_only/';
    const files = [
      fileOf(td(`${dir}text_files_with_extensions/text_file_six.pdf`)),
      fileOf(td(`${dir}empty_files_with_extensions/empty_file_eight.jpg`)),
      fileOf(td('archivematica/TestTransfers/synthetically_unknown_formats/baseball.format')),
    ];
    const { summary, rows } = await runOn(files);
    expect(summary.outcome).toBe('warning');
    expect(rows.map((r) => r.evidence.code)).toEqual(['format.unidentified', 'format.empty', 'format.unidentified']);
  });

  it('matches declared formats written as names, MIME types or PDF/A levels', async () => {
    expect(normalizeDeclaredFormat('application/pdf')).toBe('pdf');
    expect(normalizeDeclaredFormat('PDF/A-1b')).toBe('pdfa');
    expect(normalizeDeclaredFormat('image/jpeg')).toBe('jpeg');
    expect(normalizeDeclaredFormat('TIF')).toBe('tiff');
    expect(normalizeDeclaredFormat('audio/mpeg')).toBe('mp3');
    const pdfaDeclaredPlain = fileOf(
      td(`${VERA}PDF_A-1b/6.7 Metadata/6.7.11 Version and conformance level identification/veraPDF test suite 6-7-11-t02-fail-a.pdf`),
      { format: 'PDF/A-1b' },
      'x.pdf',
    );
    const { rows } = await runOn([pdfaDeclaredPlain, fileOf(td('ofd/ofdrw/ofdrw-reader/helloworld.ofd'), { format: 'OFD' })]);
    expect(rows.map((r) => [r.subject, r.evidence.code])).toEqual([['x.pdf', 'format.declared-mismatch']]);
  });

  it('uses the archive’s own format list from the settings', async () => {
    const { summary } = await runOn([fileOf(td(`${JHOVE}pdf-hul/pass.pdf`))], { archivalFormats: ['pdfa', 'ofd'] });
    expect(summary.outcome).toBe('warning');
  });

  it('a large package lists at most 500 per-file rows; the rest are counted, and the summary counts every file', async () => {
    const files = Array.from({ length: 620 }, (_, i) => fileOf(tmp.put(`many/t${i}.txt`, `plain text ${i}`), undefined, `many/t${i}.txt`));
    const { summary, rows } = await runOn(files);
    expect(summary.evidence).toMatchObject({ files: 620, warning: 620, findings: { 'format.unidentified': 620 } });
    expect(rows).toHaveLength(501);
    expect(rows.slice(0, 500).every((r) => r.evidence.code === 'format.unidentified')).toBe(true);
    expect(rows[500]).toMatchObject({ outcome: 'warning', evidence: { omitted: 120 } });
  });
});
