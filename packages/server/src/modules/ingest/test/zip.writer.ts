import zlib from 'node:zlib';

export interface ZipEntry {
  name: string | Buffer;
  data?: Buffer | string;
  /** Set the UTF-8 flag (bit 11); default true for string names. */
  utf8?: boolean;
  /** Unix mode in the external attributes (0o120777 makes a symlink). */
  mode?: number;
  store?: boolean;
}

/** A minimal zip writer for tests: exact control over raw names, flags and modes (hostile packages). */
export function zipBuffer(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : e.name;
    const raw = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : (e.data ?? Buffer.alloc(0));
    const isDir = name.toString('latin1').endsWith('/');
    const comp = e.store || isDir ? raw : zlib.deflateRawSync(raw);
    const method = e.store || isDir ? 0 : 8;
    const flags = (e.utf8 ?? typeof e.name === 'string') ? 0x800 : 0;
    const crc = zlib.crc32(raw);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4); lh.writeUInt16LE(flags, 6); lh.writeUInt16LE(method, 8);
    lh.writeUInt32LE(crc, 14); lh.writeUInt32LE(comp.length, 18); lh.writeUInt32LE(raw.length, 22); lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(0x031e, 4); ch.writeUInt16LE(20, 6); ch.writeUInt16LE(flags, 8); ch.writeUInt16LE(method, 10);
    ch.writeUInt32LE(crc, 16); ch.writeUInt32LE(comp.length, 20); ch.writeUInt32LE(raw.length, 24); ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(((e.mode ?? (isDir ? 0o040755 : 0o100644)) << 16) >>> 0, 38); ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, comp);
    centrals.push(ch, name);
    offset += 30 + name.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A 2012 offline-transfer carrier (说明文件.TXT, 文件目录.XML in GB18030, 电子档案/…) as zip entries. */
export function transfer2012(rows: { code?: string; title: string; date: string; file: string; data: string | Buffer }[], opts: { declaredCount?: number; title?: string } = {}): ZipEntry[] {
  const iconv = (s: string) => Buffer.from(new TextEncoder().encode(s));
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<文件目录>${rows.map((r, i) => `<文件><顺序号>${i + 1}</顺序号><档号>${r.code ?? ''}</档号><责任者>办公室</责任者><题名>${r.title}</题名><日期>${r.date}</日期><密级>公开</密级><年度>${r.date.slice(0, 4)}</年度><保管期限>永久</保管期限><电子档案名称>${r.file}</电子档案名称><备注></备注></文件>`).join('')}</文件目录>`;
  return [
    { name: '说明文件.TXT', data: iconv(`载体编号：T-001\n制作单位：测试单位\n文件数：${opts.declaredCount ?? rows.length}\n`) },
    { name: '文件目录.XML', data: xml },
    ...rows.map((r) => ({ name: `电子档案/2021/${r.file}`, data: r.data })),
  ];
}

/** A real one-page PDF (pdfkit), so readability checks can render it. */
export async function onePagePdf(text: string): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A6', info: { CreationDate: new Date(0) } });
  const parts: Buffer[] = [];
  doc.on('data', (c: Buffer) => parts.push(c));
  const done = new Promise<void>((r) => doc.on('end', () => r()));
  doc.text(text);
  doc.end();
  await done;
  return Buffer.concat(parts);
}
