/**
 * Renders the file behind an export's download link, in the requested export_type. The content is
 * rebuilt from the task id on every download (it is small and deterministic), so nothing is stored.
 */
import { createTextPdf } from '../../shared/sandbox/pdf.js';
import { createZip } from '../../shared/sandbox/zip.js';
import { type ExportTask, type ExportType, finishedAt } from './export.js';
import { type FakePatent, fakePatents } from './patents.js';

export interface FileFormat {
  /** Upper case, as in the vendor's file names (`20180607020732886.JSON`). */
  extension: string;
  contentType: string;
  render(patents: readonly FakePatent[], fields: readonly string[], modified: Date): Buffer;
}

const FORMATS: Record<ExportType, FileFormat> = {
  json: {
    extension: 'JSON',
    contentType: 'application/json; charset=utf-8',
    render: (patents) => Buffer.from(JSON.stringify(patents.map((p) => p.fields)), 'utf8'),
  },
  csv: { extension: 'CSV', contentType: 'text/csv; charset=utf-8', render: renderCsv },
  xml: { extension: 'XML', contentType: 'application/xml; charset=utf-8', render: renderXml },
  // SpreadsheetML 2003: an XML workbook Excel opens as .xls; no binary BIFF writer needed.
  xls: { extension: 'XLS', contentType: 'application/vnd.ms-excel', render: renderSpreadsheetMl },
  pdf: { extension: 'PDF', contentType: 'application/pdf', render: renderPdf },
  // "A full_text result is a ZIP of XML files named by PN."
  full_text: { extension: 'ZIP', contentType: 'application/zip', render: renderFullTextZip },
};

export function fileFormatOf(exportType: ExportType): FileFormat {
  return FORMATS[exportType];
}

export function renderExportFile(task: ExportTask): Buffer {
  const patents = fakePatents(task.seed, task.offset, task.count, task.fields);
  return FORMATS[task.exportType].render(patents, task.fields, new Date(finishedAt(task)));
}

function renderCsv(patents: readonly FakePatent[], fields: readonly string[]): Buffer {
  const lines = [fields, ...patents.map((p) => fields.map((f) => p.fields[f] ?? ''))];
  return Buffer.from(lines.map((cells) => `${cells.map(csvCell).join(',')}\r\n`).join(''), 'utf8');
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function renderXml(patents: readonly FakePatent[], fields: readonly string[]): Buffer {
  const body = patents.map((p) => `  <patent>\n${xmlFields(p, fields, '    ')}  </patent>\n`).join('');
  return Buffer.from(`${XML_DECLARATION}<patents count="${patents.length}">\n${body}</patents>\n`, 'utf8');
}

function renderSpreadsheetMl(patents: readonly FakePatent[], fields: readonly string[]): Buffer {
  const row = (cells: readonly string[]) =>
    `   <Row>${cells.map((c) => `<Cell><Data ss:Type="String">${escapeXml(c)}</Data></Cell>`).join('')}</Row>\n`;
  const rows = [row(fields), ...patents.map((p) => row(fields.map((f) => p.fields[f] ?? '')))].join('');
  return Buffer.from(
    `${XML_DECLARATION}<?mso-application progid="Excel.Sheet"?>\n` +
      '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" ' +
      'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n' +
      ` <Worksheet ss:Name="Patents">\n  <Table>\n${rows}  </Table>\n </Worksheet>\n</Workbook>\n`,
    'utf8',
  );
}

const PDF_LINE_CHARS = 100;

function renderPdf(patents: readonly FakePatent[]): Buffer {
  const lines = patents.map((p, i) => {
    const title = p.fields.TITLE === undefined ? '' : `  ${p.fields.TITLE}`;
    return `${i + 1}. ${p.pn}${title}`.slice(0, PDF_LINE_CHARS);
  });
  return createTextPdf([`PatSnap patent export - ${patents.length} patents`, '', ...lines]);
}

function renderFullTextZip(
  patents: readonly FakePatent[],
  fields: readonly string[],
  modified: Date,
): Buffer {
  const entries = patents.map((p) => ({
    name: `${p.pn}.xml`,
    data: `${XML_DECLARATION}<patent>\n  <PN>${escapeXml(p.pn)}</PN>\n${xmlFields(
      p,
      fields.filter((f) => f !== 'PN'),
      '  ',
    )}</patent>\n`,
  }));
  return createZip(entries, modified);
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Field codes are validated as [A-Z][A-Z0-9_]*, so they are safe element names. */
function xmlFields(patent: FakePatent, fields: readonly string[], indent: string): string {
  return fields.map((f) => `${indent}<${f}>${escapeXml(patent.fields[f] ?? '')}</${f}>\n`).join('');
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ENTITIES[c] ?? c);
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
