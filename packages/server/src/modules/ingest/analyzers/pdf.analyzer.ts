import { errorText, finding, type Finding } from './finding.js';
import { runTool, toolVersion } from './exec.js';
import { PoolTimeout, ThreadPool } from './thread.pool.js';
import { packageVersion } from './versions.js';

// PDF readability with pdf.js, in a pool of worker threads (pdf.worker.mjs; no process per file, which the
// small-file throughput goal needs, and every core works): the document opens, every page object of the first
// pages loads, and — when asked (`render`), and always when opening it raised a warning — page 1 is interpreted
// into its operator list (the drawing commands a renderer executes; fonts load and images decode, 20–90 ms of CPU
// for a small page against 2 ms for the rest, so the readability check can sample it in large packages).
// pdf.js repairs quietly and reports through console.warn, so each worker analyses one document at a time with
// those warnings captured. A document that runs past its time limit has its worker terminated. A page 1 with no
// drawing commands but content errors is re-rendered with poppler's pdftoppm (Debian poppler-utils) as a second
// opinion, since a blank page is legal.

const MAX_PAGES = 20;
const REPAIRED = /Indexing all PDF objects|indexObjects|readXRef|XRef|trailer|startxref/i;
const CONTENT = /Unknown command|Skipping command|Bad (LZW|FlateDecode|encoding)|Invalid (stream|image)|Unterminated|Empty "FlateDecode"/i;

export const pdfjsVersion = () => packageVersion('pdfjs-dist');

/** One pool per process; a hostile document that needs more than 1 GiB of heap loses its worker, not the server. */
let pool: ThreadPool | undefined;
export const pdfPool = () => (pool ??= new ThreadPool(new URL('./pdf.worker.mjs', import.meta.url), { limits: { maxOldGenerationSizeMb: 1024 } }));

interface PdfjsResult {
  pages?: number;
  page1Operators?: number;
  warnings: string[];
  error?: { name: string; message: string };
}

export async function analyzePdf(file: string, opts: { timeoutMs?: number; signal?: AbortSignal; render?: boolean } = {}): Promise<Finding[]> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const ev: Record<string, unknown> = { tool: 'pdf.js', version: pdfjsVersion() };
  let r: PdfjsResult;
  try {
    r = await pdfPool().run<PdfjsResult>({ file, maxPages: MAX_PAGES, render: opts.render ?? true }, { timeoutMs, signal: opts.signal });
  } catch (e) {
    if (opts.signal?.aborted) return [finding('skipped', 'pdf.cancelled', '检测已取消', 'The check was cancelled', ev)];
    if (e instanceof PoolTimeout)
      return [finding('fail', 'pdf.timeout', `PDF 解析超时（${timeoutMs} ms）`, `Opening the PDF took longer than ${timeoutMs} ms`, ev)];
    ev.error = errorText(e);
    return [finding('fail', 'pdf.unreadable', `PDF 无法打开：${(e as Error).message}`, `The PDF cannot be opened: ${(e as Error).message}`, ev)];
  }
  if (r.pages !== undefined) ev.pages = r.pages;
  if (r.page1Operators !== undefined) ev.page1Operators = r.page1Operators;
  else if (!r.error) ev.page1 = 'not interpreted (not in the sample)';
  const warnings = r.warnings;
  const outcome = r.error ? Object.assign(new Error(r.error.message), { name: r.error.name }) : 'ok';
  if (warnings.length) ev.warnings = warnings;
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
  if (!out.length && ev.page1Operators === undefined)
    out.push(finding('pass', 'pdf.opens', `PDF 可正常打开（${String(ev.pages)} 页）`, `The PDF opens (${String(ev.pages)} pages)`, ev));
  else if (!out.length)
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
