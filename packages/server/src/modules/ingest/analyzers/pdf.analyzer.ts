import fs from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { errorText, finding, type Finding } from './finding.js';
import { runTool, toolVersion } from './exec.js';
import { packageVersion } from './versions.js';

// PDF readability with pdf.js (in-process: no process per file, which the small-file throughput goal needs): the
// document opens, every page object loads, and page 1 is interpreted into its operator list (the drawing commands
// a renderer executes). pdf.js repairs quietly and reports through console.warn, so documents are analysed
// one at a time with those warnings captured. A page 1 with no drawing commands but content errors is re-rendered
// with poppler's pdftoppm (Debian poppler-utils) as a second opinion, since a blank page is legal.

const require = createRequire(import.meta.url);
const STANDARD_FONTS = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + path.sep;

let queue: Promise<unknown> = Promise.resolve();
/** pdf.js work runs one document at a time (it is CPU-bound on this thread anyway), so its warnings can be attributed. */
function serial<T>(fn: () => Promise<T>): Promise<T> {
  const run = queue.then(fn, fn);
  queue = run.catch(() => undefined);
  return run;
}

const MAX_PAGES = 20;
const REPAIRED = /Indexing all PDF objects|indexObjects|readXRef|XRef|trailer|startxref/i;
const CONTENT = /Unknown command|Skipping command|Bad (LZW|FlateDecode|encoding)|Invalid (stream|image)|Unterminated|Empty "FlateDecode"/i;

export const pdfjsVersion = () => packageVersion('pdfjs-dist');

export async function analyzePdf(file: string, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Finding[]> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const ev: Record<string, unknown> = { tool: 'pdf.js', version: pdfjsVersion() };
  const data = new Uint8Array(await fs.readFile(file));
  const warnings: string[] = [];
  const outcome = await serial(async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const log = console.warn;
    console.warn = (...args: unknown[]) => {
      const s = args.map(String).join(' ');
      if (!s.startsWith('Warning:')) log(...args);
      else if (warnings.length < 50) warnings.push(s.slice(9).slice(0, 200));
    };
    const task = pdfjs.getDocument({
      data,
      isEvalSupported: false,
      verbosity: 1,
      useSystemFonts: false,
      disableFontFace: true,
      standardFontDataUrl: STANDARD_FONTS,
      stopAtErrors: false,
    });
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
    try {
      const work = (async () => {
        const doc = await task.promise;
        ev.pages = doc.numPages;
        // Page objects load for the first pages only (a damaged page tree shows there); page 1 is interpreted.
        for (let i = 1; i <= Math.min(doc.numPages, MAX_PAGES) && !opts.signal?.aborted; i++) await doc.getPage(i);
        const ops = await (await doc.getPage(1)).getOperatorList();
        ev.page1Operators = ops.fnArray.length;
        return 'ok' as const;
      })();
      return await Promise.race([work, limit]);
    } catch (e) {
      return e as Error;
    } finally {
      clearTimeout(timer);
      await task.destroy().catch(() => undefined);
      console.warn = log;
    }
  });
  if (warnings.length) ev.warnings = warnings;
  if (outcome === 'timeout')
    return [finding('fail', 'pdf.timeout', `PDF 解析超时（${timeoutMs} ms）`, `Opening the PDF took longer than ${timeoutMs} ms`, ev)];
  if (outcome instanceof Error) {
    ev.error = errorText(outcome);
    if (outcome.name === 'PasswordException')
      return [
        finding(
          'fail',
          'pdf.encrypted',
          'PDF 已加密（需要密码），归档文件应解密后移交',
          'The PDF is encrypted (needs a password); archival files must be delivered decrypted',
          ev,
        ),
      ];
    return [finding('fail', 'pdf.unreadable', `PDF 无法打开：${outcome.message}`, `The PDF cannot be opened: ${outcome.message}`, ev)];
  }
  const content = warnings.filter((w) => CONTENT.test(w));
  if (ev.page1Operators === 0 && content.length) {
    const poppler = await pdftoppmPage1(file, timeoutMs, opts.signal);
    Object.assign(ev, { secondOpinion: poppler });
    if (poppler.errors.length || !poppler.rendered)
      return [
        finding(
          'fail',
          'pdf.page-unrenderable',
          `PDF 第 1 页无法渲染：${content[0]}`,
          `Page 1 of the PDF cannot be rendered: ${content[0]}`,
          ev,
        ),
      ];
  }
  const out: Finding[] = [];
  if (content.length)
    out.push(
      finding('warning', 'pdf.content-damaged', `PDF 内容流有损坏：${content[0]}`, `Damaged content stream in the PDF: ${content[0]}`, ev),
    );
  if (warnings.some((w) => REPAIRED.test(w)))
    out.push(
      finding('warning', 'pdf.repaired', 'PDF 结构损坏，已按修复方式读取', 'The PDF structure is damaged; it was read by repairing it', ev),
    );
  if (!out.length)
    out.push(
      finding(
        'pass',
        'pdf.readable',
        `PDF 可正常打开（${String(ev.pages)} 页），第 1 页可渲染`,
        `The PDF opens (${String(ev.pages)} pages) and page 1 renders`,
        ev,
      ),
    );
  return out;
}

/** poppler renders page 1 at 10 dpi to stdout (no temp files); its "Syntax Error" lines are the verdict. */
async function pdftoppmPage1(file: string, timeoutMs: number, signal?: AbortSignal) {
  const r = await runTool('pdftoppm', ['-f', '1', '-l', '1', '-r', '10', '-png', '-singlefile', file], { timeoutMs, signal });
  const errors = r.stderr
    .split('\n')
    .filter((l) => /Error/.test(l))
    .slice(0, 10);
  return {
    tool: 'pdftoppm',
    version: await toolVersion('pdftoppm', ['-v']),
    rendered: r.code === 0 && r.stdout.length > 8,
    errors,
    missing: r.startError,
  };
}
