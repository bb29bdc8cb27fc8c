/**
 * A minimal but valid PDF 1.4 writer for sandbox downloads: plain lines of Helvetica text, paginated
 * on A4, with a correct cross-reference table so real readers open it. No PDF library is installed.
 */

const LINES_PER_PAGE = 60;
const FONT_SIZE = 10;
const LEADING = 12;
const A4 = { width: 595, height: 842 };
const MARGIN = 50;

export function createTextPdf(lines: readonly string[]): Buffer {
  const pages = paginate(lines);
  // Object numbers: 1 catalog, 2 page tree, 3 font, then a (page, content stream) pair per page.
  const pageRef = (i: number) => 4 + 2 * i;
  const objects: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pages.map((_, i) => `${pageRef(i)} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  pages.forEach((pageLines, i) => {
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4.width} ${A4.height}] ` +
        `/Resources << /Font << /F1 3 0 R >> >> /Contents ${pageRef(i) + 1} 0 R >>`,
    );
    const stream = contentStream(pageLines);
    objects.push(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
  });
  return serialize(objects);
}

function paginate(lines: readonly string[]): string[][] {
  const pages: string[][] = [];
  for (let i = 0; i < lines.length; i += LINES_PER_PAGE) pages.push(lines.slice(i, i + LINES_PER_PAGE));
  return pages.length > 0 ? pages : [[]];
}

function contentStream(lines: readonly string[]): string {
  const shown = lines.map((line, i) => `${i === 0 ? '' : 'T* '}(${escapePdfText(line)}) Tj`);
  const top = A4.height - MARGIN;
  return ['BT', `/F1 ${FONT_SIZE} Tf`, `${LEADING} TL`, `${MARGIN} ${top} Td`, ...shown, 'ET'].join('\n');
}

/** Literal strings must escape the delimiters; anything outside printable ASCII becomes '?'. */
function escapePdfText(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').replace(/[\\()]/g, (c) => `\\${c}`);
}

function serialize(objects: readonly string[]): Buffer {
  // The binary comment on line 2 tells transfer tools the file is not plain text.
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(out, 'latin1');
  // Each xref entry is exactly 20 bytes, including its two-character line end.
  const entries = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
