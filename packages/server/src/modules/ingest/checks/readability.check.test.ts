import { afterAll, describe, expect, it } from 'vitest';
import { readabilityCheck } from './readability.check.js';
import { ctxOf, fileOf, leftInPrivateTmp, patternJpeg, pkgOf, td, tempDir } from '../analyzers/test-support.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const Q = 'pdf/qpdf-broken/';
const J = 'archivematica/SampleTransfers/JHOVEModulesValidation/';

async function outcomes(paths: string[], settings = {}) {
  const files = paths.map((p) => fileOf(p.startsWith('/') ? p : td(p), undefined, p));
  const rows = await readabilityCheck.run(ctxOf(pkgOf(files), settings));
  const per = new Map<string, string[]>();
  for (const r of rows.slice(1)) per.set(r.subject!, [...(per.get(r.subject!) ?? []), `${r.outcome}:${String(r.evidence.code)}`]);
  return { summary: rows[0]!, per, rows };
}

describe('readability (GD-3-4)', () => {
  it('PDFs: good ones render page 1; qpdf’s broken, truncated and encrypted PDFs fail or warn as INDEX.md says', async () => {
    const { per, rows } = await outcomes([
      'pdf/chinese/ofdrw-converter/Test3.pdf',
      `${J}pdf-hul/pass.pdf`,
      `${Q}bad1.pdf`,
      `${Q}broken-lzw.pdf`,
      `${Q}encrypted-40-bit-R3.pdf`,
      `${Q}bad2.pdf`,
      `${J}pdf-hul/fail.pdf`,
    ]);
    expect(per.get('pdf/chinese/ofdrw-converter/Test3.pdf')).toBeUndefined(); // passing files are only counted
    expect(per.get(`${Q}bad1.pdf`)).toEqual(['fail:pdf.unreadable']);
    expect(per.get(`${Q}broken-lzw.pdf`)).toEqual(['fail:pdf.page-unrenderable']);
    expect(per.get(`${Q}encrypted-40-bit-R3.pdf`)).toEqual(['fail:pdf.encrypted']);
    expect(per.get(`${Q}bad2.pdf`)).toEqual(['warning:pdf.repaired']);
    expect(per.get(`${J}pdf-hul/fail.pdf`)).toEqual(['warning:pdf.repaired']);
    const lzw = rows.find((r) => r.subject === `${Q}broken-lzw.pdf`)!;
    expect(lzw.evidence).toMatchObject({ tool: 'pdf.js', version: expect.stringMatching(/^\d/), secondOpinion: { tool: 'pdftoppm' } });
  });

  it('large packages: every PDF opens (page tree), page 1 is interpreted for a sample and for every PDF that warned', async () => {
    const paths = ['pdf/chinese/ofdrw-converter/Test3.pdf', `${J}pdf-hul/pass.pdf`, `${Q}bad1.pdf`, `${Q}encrypted-40-bit-R3.pdf`, `${Q}bad2.pdf`];
    const none = await outcomes(paths, { pdfPage1: 'sample', sampleAllUpTo: 0, sample: 0 });
    expect(none.per.get(`${Q}bad1.pdf`)).toEqual(['fail:pdf.unreadable']);
    expect(none.per.get(`${Q}encrypted-40-bit-R3.pdf`)).toEqual(['fail:pdf.encrypted']);
    expect(none.per.get(`${Q}bad2.pdf`)).toEqual(['warning:pdf.repaired']); // opening warned: page 1 interpreted anyway
    expect(none.summary.evidence.pdfPage1).toMatchObject({ mode: 'sample', fraction: 0, salt: expect.stringMatching(/^[0-9a-f]{16}$/) });
    const all = await outcomes(paths, { pdfPage1: 'sample', sampleAllUpTo: 0, sample: 1, reportPassing: true });
    expect(all.summary.evidence.pdfPage1).toMatchObject({ mode: 'all' });
    expect(Number((all.summary.evidence.pdfPage1 as { interpreted: number }).interpreted)).toBeGreaterThan(
      Number((none.summary.evidence.pdfPage1 as { interpreted: number }).interpreted),
    );
    const byDefault = await outcomes(paths, { sampleAllUpTo: 0, sample: 0 }); // no mode: every page 1
    expect(byDefault.summary.evidence.pdfPage1).toMatchObject({ mode: 'all' });
    expect(readabilityCheck.defaults).toMatchObject({ pdfPage1: 'all' });
    const { analyzePdf } = await import('../analyzers/pdf.analyzer.js');
    const [opened] = await analyzePdf(td('pdf/chinese/ofdrw-converter/Test3.pdf'), { render: false });
    expect(opened).toMatchObject({ outcome: 'pass', code: 'pdf.opens', evidence: { page1: expect.stringMatching(/not interpreted/) } });
    const [rendered] = await analyzePdf(td('pdf/chinese/ofdrw-converter/Test3.pdf'));
    expect(rendered).toMatchObject({ outcome: 'pass', code: 'pdf.readable', evidence: { page1Operators: expect.any(Number) } });
  });

  it('a truncated copy of a good PDF is repaired at best, never passes silently', async () => {
    const good = (await import('node:fs')).readFileSync(td('pdf/chinese/ofdrw-converter/Test3.pdf'));
    const cut = tmp.put('cut.pdf', good.subarray(0, Math.floor(good.length * 0.6)));
    const { per } = await outcomes([cut]);
    expect(per.get(cut)?.[0]).toMatch(/^(fail|warning):pdf\./);
  });

  it('every pixel of a JPEG is decoded: a copy cut at 60% or missing its last bytes fails, the whole one passes', async () => {
    const good = await patternJpeg(600, 800);
    const whole = tmp.put('whole.jpg', good);
    const cut = tmp.put('cut.jpg', good.subarray(0, Math.floor(good.length * 0.6)));
    const tail = tmp.put('tail.jpg', good.subarray(0, good.length - 10));
    const { per, summary } = await outcomes([whole, cut, tail]);
    expect(per.get(whole)).toBeUndefined();
    expect(per.get(cut)).toEqual(['fail:image.undecodable']);
    expect(per.get(tail)).toEqual(['fail:image.undecodable']);
    expect(summary.evidence).toMatchObject({ pass: 1, fail: 2 });
  });

  it('large packages with imageDecode: sample: every JPEG has its structure walked, a sample and those with trailing data are decoded', async () => {
    const good = await patternJpeg(300, 400);
    const whole = tmp.put('s-whole.jpg', good);
    const cut = tmp.put('s-cut.jpg', good.subarray(0, Math.floor(good.length * 0.6)));
    // Data after EOI sends the file to the decoder: here the "trailer" is a second, broken image's start.
    const appended = tmp.put('s-appended.jpg', Buffer.concat([good, good.subarray(0, 300)]));
    const settings = { imageDecode: 'sample', sampleAllUpTo: 0, sample: 0 };
    const none = await outcomes([whole, cut, appended], settings);
    expect(none.per.get(whole)).toBeUndefined(); // passed (passing files are only counted)
    expect(none.per.get(cut)).toEqual(['fail:image.undecodable']);
    expect(none.rows.find((r) => r.subject === cut)!.evidence).toMatchObject({ decoded: false, problem: expect.stringMatching(/truncated/) });
    // walked: the whole one and the cut one; the one with data after EOI went to the decoder
    expect(none.summary.evidence.imageDecode).toMatchObject({ mode: 'sample', fraction: 0, structureOnly: 2 });
    const all = await outcomes([whole, cut, appended], { ...settings, sample: 1 });
    expect(all.per.get(cut)).toEqual(['fail:image.undecodable']);
    expect(all.rows.find((r) => r.subject === cut)!.evidence).toMatchObject({ tool: 'sharp (libvips)' });
    expect(all.summary.evidence.imageDecode).toMatchObject({ mode: 'all', structureOnly: 0 });
    // Small packages are decoded whole whatever the mode; and 'all' is the default.
    const small = await outcomes([whole, cut], { imageDecode: 'sample', sample: 0 });
    expect(small.summary.evidence.imageDecode).toMatchObject({ mode: 'all', structureOnly: 0 });
    expect(readabilityCheck.defaults).toMatchObject({ imageDecode: 'all', sample: 0.05, sampleAllUpTo: 100 });
  });

  it('images decode or fail (JHOVE pass/fail pairs: JPEG, TIFF, GIF); media probes (WAV, AIFF, MP3 skeletons)', async () => {
    const { per } = await outcomes([
      `${J}jpeg-hul/fail.jpg`,
      `${J}tiff-hul/pass.tif`,
      `${J}tiff-hul/fail.tif`,
      `${J}gif-hul/fail.gif`,
      `${J}wave-hul/pass.wav`,
      `${J}aiff-hul/fail.aiff`,
      'archivematica/TestTransfers/acceptance-tests/mp3_will_fail_validation_with_mediaconch/fmt-134-signature-id-279-skeleton.mp3',
    ]);
    expect(Object.fromEntries(per)).toEqual({
      [`${J}jpeg-hul/fail.jpg`]: ['fail:image.undecodable'],
      [`${J}tiff-hul/fail.tif`]: ['fail:image.undecodable'],
      [`${J}gif-hul/fail.gif`]: ['fail:image.undecodable'],
      [`${J}aiff-hul/fail.aiff`]: ['fail:media.unreadable'],
      'archivematica/TestTransfers/acceptance-tests/mp3_will_fail_validation_with_mediaconch/fmt-134-signature-id-279-skeleton.mp3': [
        'fail:media.unreadable',
      ],
    });
  });

  it('OFD: valid zips with OFD.xml whose pages parse pass; dangling resources warn; a broken zip fails', async () => {
    const broken = (await import('node:fs')).readFileSync(td('ofd/ofdrw/ofdrw-reader/helloworld.ofd'));
    const truncated = tmp.put('trunc.ofd', broken.subarray(0, broken.length - 30));
    const noOfdXml = tmp.put('nofd.ofd', broken.toString('latin1').replaceAll('OFD.xml', 'ABC.xml'));
    const { per, summary } = await outcomes([
      'ofd/ofdrw/ofdrw-reader/helloworld.ofd',
      'ofd/ofdrw/ofdrw-reader/chineseDir.ofd',
      'ofd/ofdrw/ofdrw-archive/test-ofda.ofd',
      'ofd/ofdrw/ofdrw-reader/path_unstd.ofd',
      'ofd/ofdrw/ofdrw-converter/V4RideRight.ofd',
      'ofd/ofdrw/ofdrw-converter/containsJPEG.ofd',
      truncated,
      noOfdXml,
    ]);
    expect(per.get('ofd/ofdrw/ofdrw-converter/V4RideRight.ofd')).toEqual(['warning:ofd.incomplete']);
    expect(per.get('ofd/ofdrw/ofdrw-converter/containsJPEG.ofd')).toEqual(['warning:ofd.incomplete']);
    expect(per.get(truncated)).toEqual(['fail:ofd.bad-zip']);
    expect(per.get(noOfdXml)?.[0]).toMatch(/^fail:/);
    expect([...per.keys()].filter((k) => k.startsWith('ofd/ofdrw/ofdrw-reader') || k.includes('test-ofda'))).toEqual([]);
    expect(summary.evidence).toMatchObject({ files: 8, pass: 4, warning: 2, fail: 2 });
  });

  it('empty files warn by default and fail when configured; hostile bytes never throw; no temp files are left', async () => {
    const empty = tmp.put('empty.pdf', '');
    const junk = tmp.put('junk.ofd', Buffer.concat([Buffer.from('PK\x05\x06'), Buffer.alloc(18, 0xff)]));
    let a!: Awaited<ReturnType<typeof outcomes>>;
    const left = await leftInPrivateTmp(async () => {
      a = await outcomes([empty, junk, `${Q}broken-lzw.pdf`, `${J}tiff-hul/fail.tif`, `${J}wave-hul/pass.wav`]);
    });
    expect(left).toEqual([]);
    expect(a.per.get(empty)).toEqual(['warning:readability.empty']);
    expect(a.per.get(junk)?.[0]).toMatch(/^fail:/);
    const b = await outcomes([empty], { emptyFile: 'fail' });
    expect(b.summary.outcome).toBe('fail');
  });
});
