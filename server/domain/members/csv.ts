/**
 * A small RFC 4180 CSV reader: quoted fields with commas, doubled quotes and line breaks,
 * CRLF or LF, a leading byte-order mark. Yields each record with the line it started on.
 */
export function* readCsv(text: string): Generator<{ line: number; fields: string[] }> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let atFieldStart = true;
    for (; i < text.length; i++) {
      const char = text[i]!;
      if (quoted) {
        if (char === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else quoted = false;
        } else {
          if (char === '\n') line++;
          field += char;
        }
        continue;
      }
      if (char === '"' && atFieldStart) {
        quoted = true;
        atFieldStart = false;
      } else if (char === ',') {
        fields.push(field);
        field = '';
        atFieldStart = true;
      } else if (char === '\n' || char === '\r') {
        if (char === '\r' && text[i + 1] === '\n') i++;
        i++;
        line++;
        break;
      } else {
        field += char;
        atFieldStart = false;
      }
    }
    fields.push(field);
    if (fields.length === 1 && fields[0] === '') continue;
    yield { line: startLine, fields };
  }
}
